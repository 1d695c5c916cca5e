"""`convert` of a .docx that holds more than text: pictures are carried over as they are;
what a new document cannot hold (shapes, charts, footnotes, comments' anchors, merged cells,
pictures in tables, a seal) stops the conversion with each named, or with --drop-objects is
left out and listed. Nothing goes silently."""

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from draftkit.check.fix import fix_docx, inventory
from draftkit.profile import default_profile
from tests.conftest import invoke
from tests.corpus.word_files import add_footnote, float_picture, shape_run
from tests.test_fix import png

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
BODY = ("全年新建、改扩建校舍4.2万平方米，新增学位3600个，改善了办学条件，群众满意度明显提高。"
        "各校结合实际完善了管理制度。")


def report_document(tmp_path, extras=(), name="报告.docx"):
    """A school's report with a figure in the body; `extras` are callables (d, body paragraph)
    that add what a case needs."""
    d = docx.Document()
    d.add_paragraph("某某县实验小学2024年工作总结").alignment = 1
    d.add_paragraph("县教育局：")
    d.add_paragraph("一、办学条件")
    body = d.add_paragraph(BODY)
    d.add_paragraph().add_run().add_picture(str(png(tmp_path / "图.png", (0, 120, 200))), width=Mm(60))
    d.add_paragraph("图1 新建的教学楼").alignment = 1
    d.add_paragraph("二、教学质量")
    d.add_paragraph("毕业班质量稳中有升，学生综合素质评价优良率达到百分之九十五。")
    for extra in extras:
        extra(d, body)
    d.add_paragraph("某某县实验小学")
    d.add_paragraph("2024年12月31日")
    path = tmp_path / name
    d.save(str(path))
    return path


def pictures_of(path):
    d = docx.Document(str(path))
    blobs = [d.part.related_parts[b.get(qn("r:embed"))].blob
             for b in d.element.body.iter(qn("a:blip"))]
    return d, blobs


def test_pictures_are_carried_over_as_they_are(tmp_path):
    src = report_document(tmp_path)
    out = tmp_path / "出.docx"
    code, output = invoke("convert", src, "-o", out)
    assert code == 0, output
    d, blobs = pictures_of(out)
    assert blobs == [(tmp_path / "图.png").read_bytes()]
    inline = d.element.body.find(f".//{WP}inline")
    extent = inline.find(f"{WP}extent")
    assert abs(int(extent.get("cx")) / 36000 - 60) < 0.5  # the size it was shown at
    para = next(p for p in d.paragraphs if p._p.find(f".//{WP}inline") is not None)
    fmt = para.paragraph_format
    assert para.alignment == 1 and fmt.line_spacing == 1.0  # centred, the line grows with it
    texts = [p.text for p in d.paragraphs]
    i = [p._p for p in d.paragraphs].index(para._p)
    assert "新增学位3600个" in texts[i - 1] and texts[i + 1].startswith("图1")
    caption = d.paragraphs[i + 1]
    assert caption.alignment == 1 and d.paragraphs[i].paragraph_format.keep_with_next


def test_a_floating_picture_is_set_in_a_line_and_said_so(tmp_path):
    def photo(d, body):
        run = body.add_run()
        run.add_picture(str(png(tmp_path / "照片.png", (20, 160, 20))), width=Mm(300))  # wider than the page
        float_picture(run)

    src = report_document(tmp_path, [photo])
    out = tmp_path / "出.docx"
    code, output = invoke("convert", src, "-o", out, "--dry-run")
    assert code == 0 and "浮动的图片改为单独一行、居中" in output, output
    code, output = invoke("convert", src, "-o", out)
    assert code == 0, output
    d, blobs = pictures_of(out)
    assert len(blobs) == 2 and (tmp_path / "照片.png").read_bytes() in blobs
    ids = [e.get("id") for e in d.element.body.iter(f"{WP}docPr")]
    assert len(ids) == 2 and len(set(ids)) == 2  # every drawing its own id
    widths = [int(e.get("cx")) / 36000 for e in d.element.body.iter(f"{WP}extent")]
    assert max(widths) <= default_profile().page.text_width_mm + 0.1  # scaled to the text block


def _refusal_cases(tmp_path):
    def line(d, body):
        d.add_paragraph("三、安全工作")
        p = d.add_paragraph("全年未发生安全责任事故。")
        p._p.append(shape_run())

    def chart(d, body):
        d.add_paragraph()._p.append(shape_run(floating=False, uri_kind="chart"))

    def footnote(d, body):
        add_footnote(body, "数据来源：县统计局。")

    def merged(d, body):
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).merge(t.cell(0, 1)).text = "合格率"
        t.cell(1, 0).text, t.cell(1, 1).text = "一年级", "98%"

    def picture_in_table(d, body):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "校门"
        t.cell(0, 1).paragraphs[0].add_run().add_picture(str(png(tmp_path / "表图.png")), width=Mm(20))

    def emf(d, body):
        run = body.add_run()
        run.add_picture(str(png(tmp_path / "替.png", (9, 9, 9))), width=Mm(20))
        rid = run._r.find(".//" + qn("a:blip")).get(qn("r:embed"))
        # an EMF (a diagram pasted from Visio, a formula): its header, then records
        body.part.related_parts[rid]._blob = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 64

    def link(d, body):
        from tests.test_fix import _hyperlink

        _hyperlink(body, "学校网站", "http://www.example.edu.cn/report")  # the address is not in the text

    return {"图形": line, "图表": chart, "脚注": footnote, "有合并单元格的表格": merged,
            "表格里的图片": picture_in_table, "格式无法嵌入": emf, "超链接地址": link}


def test_what_cannot_be_carried_over_stops_the_conversion_named(tmp_path):
    for what, extra in _refusal_cases(tmp_path).items():
        src = report_document(tmp_path, [extra], name=f"{what}.docx")
        out = tmp_path / f"{what}-出.docx"
        code, output = invoke("convert", src, "-o", out)
        assert code == 2, (what, output)
        flat = output.replace("\n", "")
        assert what in flat and "没有写出文件" in flat and "--drop-objects" in flat, (what, output)
        assert "Traceback" not in output and not out.exists()
        # told to leave them out: written, and each one listed
        code, output = invoke("convert", src, "-o", out, "--drop-objects")
        assert code == 0, (what, output)
        assert "没有带到新文档" in output and what in output.replace("\n", ""), (what, output)
        assert out.exists()
        _, blobs = pictures_of(out)
        assert (tmp_path / "图.png").read_bytes() in blobs  # the figure that can be carried still is


def test_a_seal_over_the_signature_is_named_and_the_signature_still_read(tmp_path):
    def nothing(d, body):
        pass

    src = report_document(tmp_path, [nothing])
    d = docx.Document(str(src))
    org = d.paragraphs[-2]
    org.add_run().add_picture(str(png(tmp_path / "章.png")), width=Mm(42))
    float_picture(org.runs[-1], 10, -20)
    d.save(str(src))
    code, output = invoke("convert", src, "-o", tmp_path / "出.docx")
    assert code == 2 and "可能是印章" in output.replace("\n", ""), output
    code, output = invoke("convert", src, "-o", tmp_path / "出.docx", "--drop-objects", "--dry-run")
    assert code == 0, output
    assert "署名：某某县实验小学" in output.replace(" ", "") or "某某县实验小学" in output
    from draftkit.convert import convert

    result = convert(src, drop_objects=True)
    assert result.document.meta.org == "某某县实验小学" and result.document.meta.date is not None
    assert any("可能是印章" in w for w in result.report.warnings)


def test_the_rule_of_a_redhead_is_drawn_again_by_a_redhead_template(tmp_path):
    d = docx.Document()
    d.add_paragraph("某某县教育局文件").alignment = 1
    p = d.add_paragraph("某教发〔2025〕3号")
    p.alignment = 1
    rule = d.add_paragraph()
    rule._p.append(shape_run())
    d.add_paragraph("关于做好寒假安全工作的通知").alignment = 1
    d.add_paragraph("各中小学校：")
    d.add_paragraph("寒假即将来临，现就有关事项通知如下。请各校认真落实。")
    d.add_paragraph("某某县教育局")
    d.add_paragraph("2025年1月10日")
    src = tmp_path / "红头.docx"
    d.save(str(src))
    code, output = invoke("convert", src, "-t", "红头文件", "-o", tmp_path / "出.docx", "--dry-run")
    assert code == 0 and "由模板重新绘制" in output, output


def test_fix_keeps_footnotes(tmp_path):
    src = report_document(tmp_path, [lambda d, body: add_footnote(body, "数据来源：县统计局。")])
    result = fix_docx(src, tmp_path / "改.docx", default_profile())
    after = docx.Document(str(result.output))
    assert inventory(after)["footnotes"] == result.before["footnotes"] == 1
    notes = next(r.target_part for r in after.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert "数据来源：县统计局。" in notes.blob.decode("utf-8")
