"""`check --fix` on documents that hold what real ones hold: pictures, a seal, a 红头 in a text
box, merged cells, a hyperlink, fields, Word's automatic numbering. The copy keeps all of
it, counted before and after, and checks clean."""

import json
import struct
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from draftkit.check import check_file
from draftkit.check.fix import fix_docx, inventory
from draftkit.profile import default_profile
from tests.conftest import invoke
from tests.corpus.word_files import shape_run, text_box_run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "全年新建、改扩建校舍4.2万平方米,新增学位3600个;改善了办学条件,群众满意度明显提高。"


def png(path, color=(200, 0, 0)):
    """A small PNG written by hand (a seal or a figure stands in for it)."""
    w = h = 8
    raw = b"".join(b"\x00" + bytes(color) * w for _ in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _font(run, name="宋体", size=14):
    run.font.size = Pt(size)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", name)


def _wrapped_run(tag, text, **attrs):
    """<tag attrs><w:r><w:t>text</w:t></w:r></tag>: a hyperlink or a simple field."""
    outer = OxmlElement(tag)
    for k, v in attrs.items():
        outer.set(qn(k), v)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    outer.append(run)
    return outer


def _hyperlink(paragraph, text, url):
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(_wrapped_run("w:hyperlink", text, **{"r:id": rid}))


def _field(paragraph, instr, result):
    paragraph._p.append(_wrapped_run("w:fldSimple", result, **{"w:instr": instr}))


def school_document(tmp_path):
    """A school's report as it arrives: 红头 in a text box, 宋体 小四 everywhere, "1、" headings,
    half-width punctuation, Word numbering, a figure, a merged table, a link, a field, a seal."""
    d = docx.Document()
    anchor = d.add_paragraph()
    anchor._p.append(text_box_run("某某县实验小学文件"))
    anchor._p.append(shape_run())  # the red rule under it, a drawn line
    title = d.add_paragraph()
    title.alignment = 1
    _font(title.add_run("某某县实验小学2024年工作总结"), "黑体", 18)
    _font(d.add_paragraph().add_run("县教育局:"))
    for heading, body in (("1、办学条件", BODY), ("2、教学质量", "毕业班质量稳中有升(见下表)。")):
        p = d.add_paragraph()
        _font(p.add_run(heading), "宋体", 14)
        _font(d.add_paragraph().add_run(body))
    d.add_paragraph().add_run().add_picture(str(png(tmp_path / "图.png", (0, 120, 200))), width=Mm(40))
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 2)).text = "2024年各年级合格率"
    for j, v in enumerate(("一年级", "二年级", "三年级")):
        table.cell(1, j).text = v
    table.cell(2, 0).merge(table.cell(2, 1)).text = "98%"
    p = d.add_paragraph()
    _font(p.add_run("详见学校网站"))
    _hyperlink(p, "www.example.edu.cn", "http://www.example.edu.cn")
    _font(p.add_run(",统计截至"))
    _field(p, " DATE \\@ \"yyyy年M月d日\" ", "2024年12月31日")
    _font(p.add_run("。"))
    for item in ("完善评价体系。", "加强家校共育。"):
        _font(d.add_paragraph(style="List Number").add_run(item))
    org = d.add_paragraph()
    _font(org.add_run("某某县实验小学"))
    org.add_run().add_picture(str(png(tmp_path / "章.png")), width=Mm(42))
    _font(d.add_paragraph().add_run("二〇二四年十二月三十一日"))
    path = tmp_path / "实验小学总结.docx"
    d.save(str(path))
    return path


def test_fix_keeps_everything_the_document_holds(tmp_path):
    src = school_document(tmp_path)
    before = src.read_bytes()
    result = fix_docx(src, tmp_path / "已修正.docx", default_profile())
    assert src.read_bytes() == before
    assert result.lost() == []
    after = inventory(docx.Document(str(result.output)))
    for key in ("paragraphs", "tables", "cells", "merged", "pictures", "drawings", "text_boxes", "images",
                "hyperlinks", "fields"):
        assert after[key] == result.before[key], key
    assert after["pictures"] == 2 and after["text_boxes"] == 1 and after["merged"] >= 2 and after["hyperlinks"] == 1
    # characters: only what the edits changed
    delta = sum(len(e.after) - len(e.before) for e in result.edits)
    assert after["chars"] == result.before["chars"] + delta


def test_fix_corrects_the_format_and_the_copy_checks_clean(tmp_path):
    src = school_document(tmp_path)
    assert len(check_file(src).findings) >= 8
    out = fix_docx(src, tmp_path / "已修正.docx", default_profile()).output
    found = check_file(out).findings
    assert found == [], [(f.rule, f.para, f.message) for f in found]
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "一、办学条件" in texts and "二、教学质量" in texts
    assert "县教育局：" in texts and "2024年12月31日" in texts
    assert any(t.startswith("（一）完善评价体系") or t.startswith("1.完善评价体系") for t in texts), texts
    assert any("新增学位3600个；" in t for t in texts)
    # the text box is still a text box, its text not glued into the title
    assert texts[1] == "某某县实验小学2024年工作总结" and "某某县实验小学文件" not in texts[1]
    # the merged cells are still merged, the link and the field still there
    table = d.tables[0]
    assert table.cell(0, 0).text == table.cell(0, 2).text == "2024年各年级合格率"
    assert d.element.body.find(f".//{W}hyperlink") is not None
    assert d.element.body.find(f".//{W}fldSimple") is not None


def test_fix_on_the_command_line_reports_the_inventory(tmp_path):
    src = school_document(tmp_path)
    out = tmp_path / "已修正.docx"
    code, output = invoke("check", src, "--fix", "-o", out)
    assert code == 0, output
    assert "内容清点（原文 → 副本）" in output and "图片 2 → 2" in output and "合并单元格" in output
    assert "没有丢失内容" in output
    code, output = invoke("check", src, "--fix", "--json", "-o", tmp_path / "二.docx")
    data = json.loads(output)
    inv = data["inventory"]
    assert inv["before"]["pictures"] == inv["after"]["pictures"] == 2
    assert data["remaining"] == [] and any(c["what"] == "标题编号" for c in data["changes"])


def test_fix_refuses_rather_than_lose_content(tmp_path, monkeypatch):
    from draftkit.check import fix

    src = school_document(tmp_path)
    real = fix.inventory
    calls = []

    def losing(d):
        counts = real(d)
        calls.append(1)
        if len(calls) == 2:  # the copy, as if a picture had gone missing
            counts["pictures"] -= 1
        return counts

    monkeypatch.setattr(fix, "inventory", losing)
    out = tmp_path / "已修正.docx"
    code, output = invoke("check", src, "--fix", "-o", out)
    assert code == 2 and "图片 2 → 1" in output and "没有写出" in output
    assert not out.exists() and not list(tmp_path.glob(".draftkit-*"))


def test_the_fixed_copy_rendered(tmp_path):
    """Pictures in the line keep their size under the body's exact line spacing, and the 落款
    does not stand alone on its page."""
    import pytest

    from tests.conftest import require_render

    require_render()
    pdfplumber = pytest.importorskip("pdfplumber")
    from draftkit.render import docx_to_pdf

    src = school_document(tmp_path)
    out = fix_docx(src, tmp_path / "已修正.docx", default_profile()).output
    [pdf] = docx_to_pdf([out], tmp_path)
    with pdfplumber.open(str(pdf)) as doc:
        images = [im for page in doc.pages for im in page.images]
        assert len(images) == 2
        for im in images:  # both pictures were set 40 and 42 mm wide, square
            assert (im["bottom"] - im["top"]) * 25.4 / 72 > 35, im
        sign_page = next(p for p in doc.pages if "2024年12月31日" in (p.extract_text() or "").replace(" ", ""))
        text = (sign_page.extract_text() or "").replace(" ", "")
        assert "加强家校共育" in text  # the body's last line went along with the 落款


def test_fix_gives_a_document_without_page_setup_one(tmp_path):
    src = school_document(tmp_path)
    d = docx.Document(str(src))
    d.element.body.remove(d.element.body.find(W + "sectPr"))
    d.save(str(src))
    assert "page-size" in {f.rule for f in check_file(src).findings}
    result = fix_docx(src, tmp_path / "已修正.docx", default_profile())
    assert check_file(result.output).findings == []
    assert result.after["sections"] == 1 and result.lost() == []


def test_fix_adds_the_styles_a_word_file_never_saved(tmp_path):
    """Word writes only the styles a document uses: no Body Text, no Heading 1, no Title."""
    src = school_document(tmp_path)
    d = docx.Document(str(src))
    styles = d.styles.element
    for st in list(styles.findall(W + "style")):
        if st.find(W + "name").get(W + "val") in ("Body Text", "heading 1", "heading 2", "Title"):
            styles.remove(st)
    d.save(str(src))
    result = fix_docx(src, tmp_path / "已修正.docx", default_profile())
    assert check_file(result.output).findings == []


def test_fix_writes_the_document_number_right_and_adds_the_missing_rule(tmp_path):
    d = docx.Document()
    for text, size in (("某某县教育局文件", 36), ("某教发[2025]03号", 16), ("关于做好寒假安全工作的通知", 22)):
        p = d.add_paragraph()
        p.alignment = 1
        _font(p.add_run(text), "方正小标宋简体" if size != 16 else "仿宋_GB2312", size)
    d.paragraphs[0].runs[0].font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
    for text in ("各中小学校：", "寒假即将来临，现就有关事项通知如下，请认真落实。", "某某县教育局", "2025年1月10日"):
        _font(d.add_paragraph().add_run(text), "仿宋_GB2312", 16)
    src = tmp_path / "通知.docx"
    d.save(str(src))
    before = {f.rule for f in check_file(src).findings}
    assert {"redhead-number", "redhead-rule"} <= before, before
    result = fix_docx(src, tmp_path / "改.docx", default_profile())
    texts = [p.text for p in docx.Document(str(result.output)).paragraphs]
    assert "某教发〔2025〕3号" in texts
    assert any(e.before == "某教发[2025]03号" and e.after == "某教发〔2025〕3号" for e in result.edits)
    after = check_file(result.output).findings
    assert not {f.rule for f in after} & {"redhead-number", "redhead-rule"}, [(f.rule, f.message) for f in after]
