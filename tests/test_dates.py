"""One reading of dates: a 成文日期 line in a document (strict) and a date a clerk types
(YAML 成文日期, --date), which may leave off the 日; a day that does not exist is told apart
from text that is no date at all."""

from __future__ import annotations

import datetime as dt

import pytest

from draftkit.dates import NoSuchDay, NotADate, format_date, parse_date, typed_date
from tests.conftest import invoke


@pytest.mark.parametrize("text, want", [
    ("2024年12月20日", dt.date(2024, 12, 20)),
    (" 2024 年 5 月 6 日 ", dt.date(2024, 5, 6)),
    ("2024-05-06", dt.date(2024, 5, 6)),
    ("2024.5.6", dt.date(2024, 5, 6)),
    ("2024/5/6", dt.date(2024, 5, 6)),
    ("二〇二四年五月六日", dt.date(2024, 5, 6)),
    ("二〇一四年十二月三十一日", dt.date(2014, 12, 31)),
])
def test_both_read_the_forms_of_a_dated_line(text, want):
    assert parse_date(text) == want
    assert typed_date(text) == want


def test_a_line_needs_its_ri_but_a_typed_date_may_leave_it_off():
    assert parse_date("2024年5月24") is None
    assert typed_date("2024年5月24") == dt.date(2024, 5, 24)


@pytest.mark.parametrize("text", ["2024-02-30", "2023年2月29日", "2024年13月1日", "二〇二四年二月三十日"])
def test_a_day_that_does_not_exist(text):
    assert parse_date(text) is None
    with pytest.raises(NoSuchDay):
        typed_date(text)


@pytest.mark.parametrize("text", ["", "明天", "2024年5月", "20240524", "截至2024年5月24日", "2024-05-24 10:00"])
def test_text_that_is_no_date(text):
    assert parse_date(text) is None
    with pytest.raises(NotADate):
        typed_date(text)


def test_format_writes_arabic_numerals():
    assert format_date(typed_date("二〇二四年五月六日")) == "2024年5月6日"


@pytest.mark.parametrize("value, said", [
    ("2024-02-30", "--date 的值「2024-02-30」不是一个存在的日期"),
    ("下周一", "--date 的值「下周一」不是日期，请写成 2025-01-10 或 2025年1月10日"),
])
def test_date_option_says_which_mistake(tmp_path, value, said):
    src = tmp_path / "稿.txt"
    src.write_text("关于开展安全检查的通知\n一、检查范围\n全县各校。\n", encoding="utf-8")
    code, out = invoke("convert", src, "--date", value, "-o", tmp_path / "o.docx")
    assert code == 2 and said in out
    assert not (tmp_path / "o.docx").exists()


def test_date_option_without_ri_is_taken(tmp_path):
    src = tmp_path / "稿.txt"
    src.write_text("关于开展安全检查的通知\n一、检查范围\n全县各校。\n", encoding="utf-8")
    code, out = invoke("convert", src, "--org", "某县教育局", "--date", "2024年5月24", "-o", tmp_path / "o.docx")
    assert code == 0, out
    import docx

    assert "2024年5月24日" in [p.text for p in docx.Document(str(tmp_path / "o.docx")).paragraphs]
