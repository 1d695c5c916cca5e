"""Dates as 公文 write them: 成文日期 read from text ("2024年12月20日", "2024-12-20",
"二〇一四年五月六日") and written back in Arabic numerals ("2024年12月20日")."""

from __future__ import annotations

import datetime as dt
import re

from draftkit.convert.markers import parse_chinese_number

# how a 成文日期 stands on a line of a document
_LINE_PATTERNS = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$"),
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})$"),
    re.compile(r"^([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$"),
]
# what a clerk may type for one (a YAML 成文日期, --date): the same, or with the 日 left off
_TYPED_PATTERNS = _LINE_PATTERNS + [re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})$")]


class NotADate(ValueError):
    """The text is not written as a date."""


class NoSuchDay(ValueError):
    """The text is written as a date, but the day does not exist (2024-02-30)."""


def _read(text: str, patterns: list[re.Pattern]) -> dt.date:
    s = text.strip()
    for p in patterns:
        mt = p.match(s)
        if not mt:
            continue
        parts = [int(g) if g.isdigit() else parse_chinese_number(g) for g in mt.groups()]
        try:
            return dt.date(*parts)
        except (TypeError, ValueError):  # a numeral that reads as nothing, a day past the month's end
            raise NoSuchDay(text) from None
    raise NotADate(text)


def parse_date(text: str) -> dt.date | None:
    """The date a line of a document consists of, or None."""
    try:
        return _read(text, _LINE_PATTERNS)
    except ValueError:
        return None


def typed_date(text: str) -> dt.date:
    """The date a clerk typed ("2024-05-24", "2024年5月24日", "2024年5月24", "二〇二四年五月二十四日");
    raises NotADate or NoSuchDay."""
    return _read(text, _TYPED_PATTERNS)


def format_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
