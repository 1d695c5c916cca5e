"""The XML draftkit writes is built from elements, never from formatted strings: any value a
template or an input holds is stored as it is ("&", "<", quotes), properties stand in the
order the schema requires, and what `template check` accepts always builds."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from draftkit.ooxml import PPR_ORDER, RPR_ORDER, SECT_ORDER, STYLE_ORDER
from draftkit.template import check_template
from tests.conftest import DEMO_SUMMARY, invoke
from tests.test_convert_objects import report_document
from tests.test_template import template_workdir

ODD = {"正文": "Song & Co <SC>", "一级标题": "Hei \"Bold\" 'X'", "标题": "A&B 小标宋"}
TEMPLATE = (
    "继承: 红头文件\n机关名称: 甲&乙县<教育>局\n署名: 甲&乙县<教育>局\n"
    "字体:\n" + "".join(f"  {k}: '{v}'\n".replace("'X'", "''X''") for k, v in ODD.items())
    + "红头:\n  发文机关标志: '甲&乙县<教育>局文件'\n  机关代字: '甲&教'\n"
    "版记:\n  抄送: '县委办 & 县政府办'\n  印发机关: '甲&乙县<教育>局办公室'\n"
)


@pytest.fixture
def odd_template(tmp_path, monkeypatch):
    return template_workdir(tmp_path, monkeypatch, "怪名", TEMPLATE)


def _children_in_order(parent, order) -> bool:
    names = [c.tag.rsplit("}", 1)[-1] for c in parent if isinstance(c.tag, str)]
    ranks = [order.index(n) for n in names if n in order]
    return ranks == sorted(ranks)


def assert_schema_order(path: Path):
    d = docx.Document(str(path))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    roots = [d.element, d.styles.element] + [f._element for s in d.sections for f in (s.footer, s.even_page_footer)]
    for root in roots:
        for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("style", STYLE_ORDER), ("sectPr", SECT_ORDER)):
            for el in root.iter(W + tag):
                assert _children_in_order(el, order), (path.name, tag, [c.tag.rsplit("}", 1)[-1] for c in el])


def test_values_with_markup_characters_are_written_as_they_are(odd_template):
    problems, _ = check_template("怪名")
    assert problems == []
    out = odd_template / "总结.docx"
    code, output = invoke("summary", DEMO_SUMMARY, "-t", "怪名", "-o", out)
    assert code == 0, output
    d = docx.Document(str(out))
    xml_fonts = {f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
                 for f in d.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")}
    xml_fonts |= {f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
                  for f in d.styles.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")}
    assert set(ODD.values()) <= xml_fonts
    text = "\n".join(p.text for p in d.paragraphs)
    assert "甲&乙县<教育>局" in text
    assert_schema_order(out)


@pytest.mark.parametrize("command", ["summary", "plan", "convert", "fix"])
def test_every_command_writes_properties_in_schema_order(odd_template, command):
    out = odd_template / f"{command}.docx"
    args = {
        "summary": ["summary", DEMO_SUMMARY],
        "plan": ["plan", DEMO_SUMMARY.parent / "岱山县教育局2024年工作要点.yaml"],
        "convert": ["convert", report_document(odd_template)],
        "fix": ["check", report_document(odd_template, name="来文.docx"), "--fix"],
    }[command]
    code, output = invoke(*args, "-t", "怪名", "-o", out)
    assert out.exists(), output
    assert_schema_order(out)


@pytest.mark.parametrize("field,value,says", [
    ("字体:\n  正文", '"仿宋\\x01"', "控制字符"),
    ("署名", '"某局\\x0b"', "控制字符"),
    ("红头:\n  发文机关标志", '"某局\\x1f文件"', "控制字符"),
    ("字体:\n  正文", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", "31"),
])
def test_template_check_refuses_what_the_writer_could_not_store(tmp_path, monkeypatch, field, value, says):
    template_workdir(tmp_path, monkeypatch, "坏", f"继承: default\n{field}: {value}\n")
    problems, _ = check_template("坏")
    assert problems and says in problems[0], problems
    code, output = invoke("summary", DEMO_SUMMARY, "-t", "坏", "-o", tmp_path / "x.docx")
    assert code == 2 and says in output and "Traceback" not in output and "内部错误" not in output, output
    assert not (tmp_path / "x.docx").exists()


def test_no_document_xml_is_assembled_from_strings():
    src = Path(__file__).resolve().parent.parent / "src" / "draftkit"
    for py in src.rglob("*.py"):
        text = py.read_text(encoding="utf-8")
        assert "parse_xml" not in text and "nsdecls" not in text, py
        assert not re.search(r"""f?["']<w:""", text), py
