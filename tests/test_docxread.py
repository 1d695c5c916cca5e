"""The one .docx reading layer: records with styles resolved, text boxes kept apart, and
convert, check and template learning seeing a Word file the same way."""

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

from draftkit import model as m
from draftkit.check import check_file
from draftkit.convert import convert
from draftkit.convert.readers import units_from_docx
from draftkit.docxread import Para, TableBlock, read_docx
from draftkit.profile import default_profile
from draftkit.template import learn_from_docx, load_template
from draftkit.writer import write_docx
from tests.corpus.word_files import shape_run, text_box_run
from tests.test_check import BODY, good_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def redhead_in_a_text_box(path, *, anchor_text: str = "", color: str = "FF0000", rule: bool = True):
    """A bureau's 红头 template as Word and WPS make them: the 发文机关标志 in a text box
    anchored in the first paragraph, the red rule a line shape anchored there too, then the
    document."""
    good = good_document(path, attachments=False)
    d = docx.Document(str(good))
    first = d.paragraphs[0]
    anchor = first.insert_paragraph_before(anchor_text)
    anchor._p.append(text_box_run("某某县教育局文件", color, 84))
    if rule:
        anchor._p.append(shape_run())
    d.save(str(path))
    return path


# -- records --------------------------------------------------------------------------------------
def test_records_resolve_the_style_chain(tmp_path):
    d = docx.Document()
    red = d.styles.add_style("红字", 1)
    red.base_style = d.styles["Normal"]
    red.font.color.rgb = RGBColor(0xC0, 0, 0)
    red.font.size = Pt(26)
    red.element.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "方正小标宋简体")
    d.add_paragraph("某某县教育局文件", style="红字").alignment = 1
    outlined = d.add_paragraph("总体要求")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W[1:-1]}" w:val="0"/>'))
    d.add_paragraph("完善评价体系。", style="List Number")
    p = d.add_paragraph("页码：")
    p._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W[1:-1]}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    d.add_table(rows=1, cols=2).rows[0].cells[0].text = "项目"
    path = tmp_path / "样.docx"
    d.save(str(path))
    doc = read_docx(path)
    mark, heading, item, field, table = doc.blocks
    assert mark.runs[0].color == "C00000" and mark.runs[0].font.size == 26
    assert mark.runs[0].font.name == "方正小标宋简体" and mark.centered
    assert heading.heading == 1 and item.list_level == 0 and mark.list_level is None
    assert field.fields == ["PAGE"] and field.text == "页码：1"
    assert isinstance(table, TableBlock) and table.rows == [["项目", ""]] and table.index == 5


def test_a_text_box_is_read_once_and_apart_from_its_anchor(tmp_path):
    path = redhead_in_a_text_box(tmp_path / "红头.docx", anchor_text="")
    doc = read_docx(path)
    first = doc.blocks[0]
    assert isinstance(first, Para) and first.text == "" and first.drawings == 2  # the box and the rule
    assert [o.kind for o in first.objects] == ["textbox", "shape"] and first.objects[1].color == "FF0000"
    assert [[p.text for p in box] for box in first.boxes] == [["某某县教育局文件"]]
    units = units_from_docx(doc)
    texts = [u.text for u in units]
    assert texts.count("某某县教育局文件") == 1 and texts[1] == "某某县教育局2025年工作要点"
    assert units[0].source.in_box and units[0].line == 1


def test_a_text_box_glued_to_the_title_paragraph_stays_out_of_the_title(tmp_path):
    path = redhead_in_a_text_box(tmp_path / "红头.docx", anchor_text="某某县教育局2025年工作要点")
    d = docx.Document(str(path))
    d.paragraphs[1]._p.getparent().remove(d.paragraphs[1]._p)  # the title now anchors the box
    d.save(str(path))
    result = convert(path)
    assert result.document.meta.title == ["某某县教育局2025年工作要点"]
    assert result.document.meta.mark == "某某县教育局文件"


def test_convert_reads_the_mark_in_a_text_box_as_the_banner(tmp_path):
    path = redhead_in_a_text_box(tmp_path / "红头.docx")
    result = convert(path)
    meta = result.document.meta
    assert meta.mark == "某某县教育局文件" and meta.title == ["某某县教育局2025年工作要点"]
    assert [e.what for e in result.report.frame_in_order()][:2] == ["发文机关标志", "标题"]


# -- convert and check see the same paragraphs ---------------------------------------------------
def _signed_with_a_line_break(path):
    """署名 and date in one right-aligned paragraph, split by a manual line break."""
    good = good_document(path, attachments=False)
    d = docx.Document(str(good))
    org = next(p for p in d.paragraphs if p.text == "某某县教育局")
    date = next(p for p in d.paragraphs if p.text == "2025年1月10日")
    org.runs[-1].add_break()
    org.add_run("2025年1月10日")
    date._p.getparent().remove(date._p)
    d.save(str(path))
    return path


def test_a_signature_broken_by_a_line_break_is_one_frame_for_convert_and_check(tmp_path):
    path = _signed_with_a_line_break(tmp_path / "落款.docx")
    meta = convert(path).document.meta
    assert meta.org == "某某县教育局" and str(meta.date) == "2025-01-10"
    rules = {f.rule for f in check_file(path).findings}
    assert not rules & {"sign-missing", "sign-position", "font-body"}, rules


def test_the_mark_in_a_text_box_is_checked_as_a_redhead_not_as_a_title(tmp_path):
    path = redhead_in_a_text_box(tmp_path / "红头.docx")
    assert [f.rule for f in check_file(path).findings] == []
    black = redhead_in_a_text_box(tmp_path / "黑头.docx", color="000000")
    found = check_file(black).findings
    assert [(f.rule, f.para) for f in found] == [("redhead-color", 1)] and "#000000" in found[0].message
    bare = redhead_in_a_text_box(tmp_path / "无线.docx", rule=False)
    assert [f.rule for f in check_file(bare).findings] == ["redhead-rule"]


REDHEAD_MUTATIONS = {
    "redhead-color": lambda p: [setattr(r.font.color, "rgb", RGBColor(0, 0, 0)) for r in p.runs],
    "redhead-font": lambda p: [(r._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "黑体"),
                                setattr(r.font, "size", Pt(16))) for r in p.runs],
    "redhead-position": lambda p: setattr(p, "alignment", 0),
}


@pytest.mark.parametrize("rule", sorted(REDHEAD_MUTATIONS))
def test_the_redhead_rules_find_their_mistake(tmp_path, rule):
    src = tmp_path / "稿.txt"
    src.write_text(f"某某县教育局文件\n某教发〔2025〕3号\n某某县教育局2025年工作要点\n一、总体要求\n{BODY}\n"
                   "某某县教育局\n2025年1月10日\n", encoding="utf-8")
    profile = load_template("红头文件").profile()
    out = write_docx(convert(src, profile=profile).document, profile, tmp_path / "红头.docx")
    assert check_file(out).findings == []
    d = docx.Document(str(out))
    REDHEAD_MUTATIONS[rule](next(p for p in d.paragraphs if p.text == "某某县教育局文件"))
    bad = tmp_path / "坏.docx"
    d.save(str(bad))
    found = check_file(bad).findings
    assert [f.rule for f in found] == [rule], [(f.rule, f.message) for f in found]
    assert found[0].para == 1 and found[0].quote == "某某县教育局文件"


def _number_paragraph(d):
    return next(p for p in d.paragraphs if "2025" in p.text and "号" in p.text)


def _retype_number(d):
    p = _number_paragraph(d)
    for r in p.runs[1:]:
        r.text = ""
    p.runs[0].text = "某教发[2025]03号"


def _drop_rule(d):
    for bdr in d.element.body.iter(W + "pBdr"):
        bdr.getparent().remove(bdr)
        break


def _black_rule(d):
    next(d.element.body.iter(W + "pBdr"))[0].set(W + "color", "000000")


# the 发文字号 and the red rule under it, changed in a 红头 draftkit wrote
REDHEAD_LINE_MUTATIONS = {"redhead-number": _retype_number, "redhead-rule": _drop_rule}


@pytest.mark.parametrize("mutate,says", [(_retype_number, "六角括号"), (_drop_rule, "没有分隔线"),
                                         (_black_rule, "颜色是#000000")])
def test_the_redhead_number_and_rule_are_checked(tmp_path, mutate, says):
    src = tmp_path / "稿.txt"
    src.write_text(f"某某县教育局文件\n某教发〔2025〕3号\n某某县教育局2025年工作要点\n一、总体要求\n{BODY}\n"
                   "某某县教育局\n2025年1月10日\n", encoding="utf-8")
    profile = load_template("红头文件").profile()
    out = write_docx(convert(src, profile=profile).document, profile, tmp_path / "红头.docx")
    d = docx.Document(str(out))
    mutate(d)
    bad = tmp_path / "坏.docx"
    d.save(str(bad))
    found = check_file(bad).findings
    assert len(found) == 1 and found[0].rule in REDHEAD_LINE_MUTATIONS and says in found[0].message + found[0].hint, \
        [(f.rule, f.message) for f in found]
    if mutate is _retype_number:
        assert "虚位" in found[0].message and "某教发〔2025〕3号" in found[0].hint


def test_a_long_mark_that_fills_the_line_may_be_smaller_than_the_title(tmp_path):
    name = "某某省某某市某某县人民政府教育督导委员会办公室文件"
    src = tmp_path / "稿.txt"
    src.write_text(f"{name}\n某某县教育局2025年工作要点\n一、总体要求\n{BODY}\n某某县教育局\n2025年1月10日\n",
                   encoding="utf-8")
    profile = load_template("红头文件").profile()
    out = write_docx(convert(src, profile=profile).document, profile, tmp_path / "红头.docx")
    sizes = [r.font.size.pt for r in docx.Document(str(out)).paragraphs[0].runs if r.text.strip()]
    assert sizes and sizes[0] < 22  # the writer shrank it to fit
    assert [f.rule for f in check_file(out).findings] == []


def test_a_document_without_page_setup_is_checked_not_crashed(tmp_path):
    path = good_document(tmp_path / "好.docx", attachments=False)
    d = docx.Document(str(path))
    body = d.element.body
    body.remove(body.find(W + "sectPr"))
    d.save(str(path))
    doc = read_docx(path)
    assert not doc.page.present and doc.odd_footer is None
    found = {f.rule: f for f in check_file(path).findings}
    assert "page-size" in found and "页面设置" in found["page-size"].message
    assert learn_from_docx(path)["page"] == {}


# -- template learning reads the frame -----------------------------------------------------------------
def test_learning_takes_the_title_font_from_the_title_not_the_red_mark(tmp_path):
    src = tmp_path / "稿.txt"
    src.write_text(f"某某县教育局文件\n某某县教育局2025年工作要点\n一、总体要求\n{BODY}\n（一）工作目标\n{BODY}\n"
                   "某某县教育局\n2025年1月10日\n", encoding="utf-8")
    import dataclasses

    profile = dataclasses.replace(load_template("红头文件").profile(), sizes=m_sizes())
    out = write_docx(convert(src, profile=profile).document, profile, tmp_path / "红头.docx")
    learned = learn_from_docx(out)
    assert learned["sizes"]["title"] == 22 and learned["sizes"]["body"] == 16
    fonts = learned["fonts"]
    assert fonts["title"] == profile.fonts.title and fonts["body"] == profile.fonts.body
    assert fonts["level1"] == profile.fonts.level1 and fonts["level2"] == profile.fonts.level2


def m_sizes():
    return default_profile().sizes


def test_every_reader_gets_the_same_units(tmp_path):
    """convert and check read one .docx into the same units (text, line, hints)."""
    from draftkit.check.docxinfo import read_docx_info
    from draftkit.convert.readers import read
    from draftkit.convert.report import Report

    path = _signed_with_a_line_break(tmp_path / "落款.docx")
    a = read(path, Report(source=str(path)))
    b = read_docx_info(path).units
    strip = [(u.text, u.line, u.heading, u.list_level, u.centered) for u in a]
    assert strip == [(u.text, u.line, u.heading, u.list_level, u.centered) for u in b]
    assert any(u.text == "2025年1月10日" for u in a)


def test_model_table_from_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("某某县教育局关于经费的报告")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "合并"
    t.cell(1, 0).text = "甲"
    path = tmp_path / "表.docx"
    d.save(str(path))
    table = read_docx(path).blocks[1]
    assert table.merged and table.rows[0] == ["合并"]
    unit = units_from_docx(read_docx(path))[1]
    assert isinstance(unit.block, m.Table)


def test_text_boxes_nested_in_text_boxes_are_read_once_each(tmp_path):
    """A box in a box in a box …: each box's paragraphs are read once (reading every
    descendant at every level made the work double with each level; 40 levels never ended)."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"'
    inner = "<w:p><w:r><w:t>某某县教育局文件</w:t></w:r></w:p>"
    for _ in range(12):
        inner = (f"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
                 "</v:textbox></v:shape></w:pict></w:r></w:p>")
    d = docx.Document()
    d.element.body.insert(0, parse_xml(inner.replace("<w:p>", f"<w:p {ns}>", 1)))
    d.add_paragraph("某某县教育局关于做好工作的通知")
    d.add_paragraph("正文内容。")
    path = tmp_path / "套娃.docx"
    d.save(str(path))
    doc = read_docx(path)

    def count(rec):
        return 1 + sum(count(bp) for box in rec.boxes for bp in box)

    assert count(doc.blocks[0]) == 13
    texts = [u.text for u in units_from_docx(doc)]
    assert texts.count("某某县教育局文件") == 1 and texts[-2:] == ["某某县教育局关于做好工作的通知", "正文内容。"]
