"""`draftkit convert` from the command line: Word drafts in and out, reports, and every kind of bad input."""

from __future__ import annotations

import json
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from draftkit.convert import convert
from tests.conftest import invoke
from tests.convert_helpers import SEEDS, outline, paragraphs, sections
from tests.test_cli import run

BODY = "坚持以人民为中心的发展思想，办好人民满意的教育。"


def _fonts(paragraph) -> set[str]:
    out = set()
    for r in paragraph.runs:
        rpr = r._r.rPr
        if rpr is not None and rpr.rFonts is not None:
            ea = rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
            if ea:
                out.add(ea)
    return out


def unstyled_draft(path):
    """A draft typed in Word with no styles: everything Normal, markers typed by hand, sloppy."""
    d = docx.Document()
    title = d.add_paragraph("某某县教育局2025年工作要点")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("各学校:")
    d.add_paragraph("2025年,全县教育系统将坚持立德树人,推进教育现代化。")
    d.add_paragraph("1、总体要求")
    d.add_paragraph("(1)工作目标")
    d.add_paragraph("1. 加强党的建设。" + BODY)
    d.add_paragraph("2. 提升教育质量。" + BODY)
    d.add_paragraph("(2)保障措施")
    d.add_paragraph(BODY)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "目标"
    t.cell(1, 0).text, t.cell(1, 1).text = "新建学校", "3所"
    d.add_paragraph("2、主要任务")
    d.add_paragraph(BODY)
    d.add_paragraph("")
    d.add_paragraph("某某县教育局")
    d.add_paragraph("2025年1月10日")
    d.save(str(path))
    return path


def test_docx_in_docx_out(tmp_path):
    src = unstyled_draft(tmp_path / "草稿.docx")
    out = tmp_path / "草稿-排版.docx"
    r = run("convert", src, "-o", out)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    by_text = {p.text: p for p in d.paragraphs}
    assert by_text["一、总体要求"].style.name == "Heading 1"
    assert "黑体" in _fonts(by_text["一、总体要求"])
    assert by_text["（一）工作目标"].style.name == "Heading 2"
    assert "楷体_GB2312" in _fonts(by_text["（一）工作目标"]) or "楷体" in "".join(_fonts(by_text["（一）工作目标"]))
    assert by_text["二、主要任务"].style.name == "Heading 1"
    runin = next(p for p in d.paragraphs if p.text.startswith("1.加强党的建设。"))
    assert runin.text == "1.加强党的建设。" + BODY
    assert any("仿宋" in f for f in _fonts(runin))
    assert by_text["各学校："]
    assert "2025年，全县教育系统将坚持立德树人，推进教育现代化。" in by_text
    assert "某某县教育局" in by_text and "2025年1月10日" in by_text
    assert len(d.tables) == 1 and d.tables[0].cell(1, 1).text == "3所"
    # the input is untouched
    assert docx.Document(str(src)).paragraphs[3].text == "1、总体要求"


def test_docx_heading_styles_and_auto_numbering(tmp_path):
    d = docx.Document()
    d.add_paragraph("工作计划", style="Title")
    d.add_paragraph("总体要求", style="Heading 1")
    d.add_paragraph(BODY)
    d.add_paragraph("主要任务", style="Heading 1")
    d.add_paragraph("教学改革", style="Heading 2")
    d.add_paragraph("推进课堂改革。" + BODY, style="List Number")
    d.add_paragraph("完善评价体系。" + BODY, style="List Number")
    p = d.add_paragraph("一句话\n被手动换行\n拆开了。")
    src = tmp_path / "计划.docx"
    d.save(str(src))
    result = convert(src)
    assert result.document.meta.title == ["工作计划"]
    got = outline(result.document)
    # heading styles give levels 1 and 2; Word's automatic list numbering is the level below
    assert got == [(1, "总体要求"), (1, "主要任务"), (2, "教学改革"), (3, "推进课堂改革。"), (3, "完善评价体系。")]
    assert all(s.run_in for s in sections(result.document) if s.level == 3)
    # a paragraph split by manual line breaks keeps every piece, in order
    texts = paragraphs(result.document.blocks)
    assert texts[-3:] == ["一句话", "被手动换行", "拆开了。"]
    assert p.text.count("\n") == 2


def test_dry_run_writes_nothing_and_shows_everything(tmp_path):
    src = tmp_path / "要点.txt"
    src.write_text("索引号 123\n标题\n1、总体要求\n" + BODY + "\n— 2 —\n", encoding="utf-8")
    r = run("convert", src, "--dry-run", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "一、总体要求" in r.stdout and "原编号 1、" in r.stdout
    assert "删去的行，共 2 处" in r.stdout and "删除页码行：— 2 —" in r.stdout and "索引号 123" in r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["要点.txt"]


def test_dry_run_shows_the_frame_with_its_source_lines_and_every_dropped_line(tmp_path):
    src = tmp_path / "报告.txt"
    src.write_text("首页 > 政务公开 > 通知公告\n000123\n特急\n某某县教育局文件\n某教发〔2024〕5号\n"
                   "某某县教育局关于教育经费的报告\n县人民政府：\n一、总体情况\n" + BODY + "\n— 1 —\n"
                   "某某县教育局\n2024年12月20日\n（此件公开发布）\n抄送：县财政局。\n"
                   "某某县教育局办公室 2024年12月20日印发\n", encoding="utf-8")
    code, out = invoke("convert", src, "--dry-run")
    assert code == 0, out
    lines = out.splitlines()
    frame = lines[lines.index("识别出的文档框架（括号内为原文第几行）") + 1:lines.index("")]
    expected = [("版头", "份号：000123", 2), ("", "紧急程度：特急", 3), ("", "发文机关标志：某某县教育局文件", 4),
                ("", "发文字号：某教发〔2024〕5号", 5), ("标题", "标题：某某县教育局关于教育经费的报告", 6),
                ("主送", "主送机关：县人民政府：", 7), ("落款", "发文机关署名：某某县教育局", 11),
                ("", "成文日期：2024年12月20日", 12), ("附注", "附注：（此件公开发布）", 13),
                ("版记", "抄送：县财政局", 14), ("", "印发机关和印发日期：某某县教育局办公室 2024年12月20日印发", 15)]
    assert len(frame) == len(expected)
    for line, (part, what, no) in zip(frame, expected):
        assert line.startswith("  " + part.ljust(4, "　") + "  "), line
        assert what in line and f"（第 {no} 行）" in line
    assert "删去的行，共 2 处" in out
    assert "第 1 行  删除网页/文库杂项行：首页 > 政务公开 > 通知公告" in out
    assert "第 10 行  删除页码行：— 1 —" in out
    # what the template will not print is said, not dropped silently
    assert "当前模板不印红头" in out and "当前模板不印版记" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.txt"]


def test_report_json(tmp_path):
    src = tmp_path / "要点.txt"
    src.write_text("发布机构 县教育局\n标题\n1、总体要求\n教育,发展。\n", encoding="utf-8")
    rep = tmp_path / "report.json"
    r = run("convert", src, "-o", tmp_path / "out.docx", "--report", rep)
    assert r.returncode == 0, r.stderr
    data = json.loads(rep.read_text(encoding="utf-8"))
    kinds = [c["kind"] for c in data["changes"]]
    assert {"junk", "punct", "marker"} <= set(kinds)
    assert data["outline"][0]["number"] == "一、" and data["outline"][0]["marker"] == "1、"
    assert "删除网页杂项" in r.stderr  # the short summary of a normal run


def test_default_output_name_never_overwrites_input(tmp_path):
    src = unstyled_draft(tmp_path / "某某县教育局2025年工作要点.docx")
    before = src.read_bytes()
    r = run("convert", src, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert src.read_bytes() == before
    assert (tmp_path / "某某县教育局2025年工作要点-排版.docx").exists()


def test_output_same_as_input_refused(tmp_path):
    src = unstyled_draft(tmp_path / "草稿.docx")
    before = src.read_bytes()
    r = run("convert", src, "-o", src)
    assert r.returncode == 2 and "覆盖" in r.stderr
    assert src.read_bytes() == before


def test_seed_converts_from_the_command_line(tmp_path):
    seeds = sorted(SEEDS.glob("001_*.txt"))
    if not seeds:
        pytest.skip("seed missing")
    out = tmp_path / "out.docx"
    r = run("convert", seeds[0], "-o", out, "--title", "2020年工作要点", "--org", "某某区教育局", "--date", "2020年2月1日")
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "2020年工作要点" in texts and "某某区教育局" in texts and "2020年2月1日" in texts
    assert "（一）完善教育行政治理体系" in texts


# -- bad input -------------------------------------------------------------------------
def _bad(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("empty.txt", b"", "空"),
        ("blank.txt", b"  \n\n \r\n", "空"),
        ("binary.txt", bytes(range(256)) * 40, "不是文本"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("garbage.txt", bytes([0x81, 0x30, 0xFF, 0xFE, 0xFF, 0x80] * 50), "编码"),
        ("notzip.docx", "这不是一个压缩包".encode("utf-8"), "不是有效的 .docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "密码"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
        ("scan.pdf", b"%PDF-1.4\n", "PDF"),
    ],
)
def test_bad_input_clear_message_exit_2(tmp_path, name, data, words):
    p = _bad(tmp_path, name, data)
    r = run("convert", p, "-o", tmp_path / "out.docx")
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and words in r.stderr and str(p.name) in r.stderr
    assert not (tmp_path / "out.docx").exists()


def test_zip_without_document(tmp_path):
    p = tmp_path / "fake.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "hi")
    r = run("convert", p, "-o", tmp_path / "out.docx")
    assert r.returncode == 2 and "word/document.xml" in r.stderr and "Traceback" not in r.stderr


def test_huge_file_refused_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    r = run("convert", p, "-o", tmp_path / "out.docx")
    assert r.returncode == 2 and "太大" in r.stderr and "50.0 MB" in r.stderr


def test_missing_file_and_bad_date(tmp_path):
    r = run("convert", tmp_path / "无此文件.txt")
    assert r.returncode == 2 and "找不到文件" in r.stderr
    src = tmp_path / "a.txt"
    src.write_text("标题\n一、总体\n" + BODY, encoding="utf-8")
    r = run("convert", src, "--date", "2025-13-45")
    assert r.returncode == 2 and "--date" in r.stderr and "Traceback" not in r.stderr


def test_unstyled_draft_levels(tmp_path):
    """Hand-typed markers in an unstyled draft: 1、 and (1) are levels 1 and 2."""
    src = unstyled_draft(tmp_path / "草稿.docx")
    result = convert(src)
    secs = sections(result.document)
    assert [(s.level, s.title) for s in secs][:4] == [(1, "总体要求"), (2, "工作目标"), (3, "加强党的建设。"),
                                                      (3, "提升教育质量。")]


def test_bundled_example_draft(tmp_path):
    from tests.conftest import EXAMPLES

    out = tmp_path / "要点.docx"
    r = run("convert", EXAMPLES / "工作要点草稿.txt", "-o", out)
    assert r.returncode == 0, r.stderr
    paras = docx.Document(str(out)).paragraphs
    texts = [p.text for p in paras]
    for expected in ["一、突出政治引领，加强党的建设", "（一）强化理论武装", "（二）夯实基层基础",
                     "二、坚持五育并举，提升育人质量", "（二）提升体育美育水平", "（三）深化劳动教育",
                     "三、深化综合改革，增强发展活力"]:
        assert expected in texts
    # "1." straight under "3、" while the other parts have （一）: evened out to level 2
    assert any(t.startswith("（一）推进县管校聘改革。") for t in texts)
    assert "实施体艺“2+1”项目，中小学生体质健康测试优良率达到55%以上。" in texts
    assert not any("索引号" in t or "打印本页" in t or t == "— 1 —" for t in texts)
    # 附件说明 lists both attachments; their pages are not in the draft, so none is added
    assert "附件：1.\t2025年重点工作任务分解表" in texts and "2.\t2025年教育民生实事项目清单" in texts
    assert not any(t in ("附件1", "附件2") for t in texts)
    # signature, date, and the note on the line right below the date, indented two characters
    i = texts.index("2025年1月10日")
    assert texts[i - 1] == "某某县教育局" and texts[i + 1] == "（此件公开发布）"
    ind = paras[i + 1]._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ind")
    assert ind is not None and int(ind.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}firstLine")) == 640


def test_ten_thousand_headings_at_one_level_end_with_a_message_not_an_internal_error(tmp_path):
    src = tmp_path / "很多.txt"
    src.write_text("某某县教育局工作要点\n" + "".join(f"（一）第{k}项工作\n" for k in range(1, 10002)),
                   encoding="utf-8")
    code, out = invoke("convert", src, "--dry-run")
    assert code == 2 and "编号超过 9999" in out and "内部错误" not in out


def test_the_report_ends_with_the_text_that_is_in_the_output(tmp_path):
    """Every listed change shows what the document really holds: the 主送's colon, the date as
    written, in the dry run and in the JSON report."""
    src = tmp_path / "通知.txt"
    src.write_text("关于开展社区服务的通知\n各街道(社区):\n为做好服务工作,现通知如下。\n一、工作要求\n"
                   "各单位要高度重视,认真落实。\n某某县民政局\n2025-01-08\n", encoding="utf-8")
    out = tmp_path / "通知.docx"
    code, output = invoke("convert", src, "-o", out, "--report", tmp_path / "改动.json")
    assert code == 0, output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    data = json.loads((tmp_path / "改动.json").read_text(encoding="utf-8"))
    by_line = {}
    for c in data["changes"]:
        if c["after"]:
            by_line[c["line"]] = c["after"]  # the last change of a line is its final text
    assert by_line[2] == "各街道（社区）：" and "各街道（社区）：" in texts
    assert by_line[7] == "2025年1月8日" and "2025年1月8日" in texts
    code, output = invoke("convert", src, "--dry-run")
    assert "改为：各街道（社区）：" in output and "改为：2025年1月8日" in output, output
