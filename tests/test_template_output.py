"""What a bureau template changes in the written document, measured in the .docx and in
LibreOffice's rendering: fonts, margins, signature, phrases, 红头, 版记, reference .docx."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Mm

from draftkit.profile import mm_to_twips
from draftkit.template import load_template
from tests.conftest import DEMO_SUMMARY, SEED_SUMMARY, invoke, require_render
from tests.test_cli import run
from tests.test_template import make_template, template_workdir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BUREAU = (
    "继承: default\n机关名称: 庚县教育局\n署名: 庚县教育局\n主送: 各中小学校\n"
    "字体:\n  正文: 方正仿宋_GBK\n  一级标题: 方正黑体_GBK\n"
    "页面:\n  左边距: 30mm\n  右边距: 24mm\n"
)


@pytest.fixture
def bureau(tmp_path, monkeypatch):
    return template_workdir(tmp_path, monkeypatch, "庚县教育局", BUREAU,
                            phrases={"summary_opening_close.j2": "现将{{ 年度 }}年工作简要报告如下："})


def _input_without_signature(folder):
    text = DEMO_SUMMARY.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("署名:", "主送:"))]
    src = folder / "总结.yaml"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_bureau_template_changes_the_docx(bureau):
    src = _input_without_signature(bureau)
    out = bureau / "out.docx"
    r = run("summary", src, "--template", "庚县教育局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "庚县教育局" in texts  # the template's signature, the input had none
    assert "各中小学校：" in texts  # and its 主送
    assert any(t.endswith("现将2024年工作简要报告如下：") for t in texts)  # its phrase
    sec = d.sections[0]
    assert sec.left_margin == Mm(30).emu // 1 or abs(sec.left_margin.mm - 30) < 0.1
    assert abs(sec.right_margin.mm - 24) < 0.1
    body_style = d.styles["Body Text"].element
    assert body_style.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "方正仿宋_GBK"
    h1 = d.styles["Heading 1"].element
    assert h1.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "方正黑体_GBK"
    # the character grid follows the new text width: 28 characters still fill a line
    p = load_template("庚县教育局").profile()
    assert p.body_advance_twips * 28 <= mm_to_twips(210 - 30 - 24) < (p.body_advance_twips + 1) * 28


def test_convert_uses_the_template(bureau):
    src = bureau / "要点.txt"
    src.write_text("2025年工作要点\n一、总体要求\n坚持立德树人。\n", encoding="utf-8")
    out = bureau / "要点.docx"
    r = run("convert", src, "-t", "庚县教育局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "庚县教育局" in texts and "各中小学校：" in texts


def test_redhead_and_banji_in_the_docx(bureau):
    src = bureau / "要点.yaml"
    src.write_text("标题: 示例县教育局2025年工作要点\n日期: 2025-01-10\n发文字号: 示教发〔2025〕3号\n"
                   "分节:\n  - 标题: 总体要求\n    正文: 坚持立德树人。\n", encoding="utf-8")
    out = bureau / "要点.docx"
    r = run("plan", src, "-t", "示例县教育局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "示例县教育局文件"
    colors = {c.get(W + "val") for c in d.paragraphs[0]._p.iter(W + "color")}
    assert colors == {"FF0000"}
    assert "示教发〔2025〕3号" in texts
    rule = d.paragraphs[texts.index("示教发〔2025〕3号")]._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert rule is not None and rule.get(W + "color") == "FF0000"
    assert "抄送：县委办公室，县人民政府办公室，市教育局。" in texts
    assert "示例县教育局办公室\t2025年1月10日印发" in texts
    # 版记 in its own section that starts on an even page, with no page number
    assert len(d.sections) == 2
    assert d.sections[1]._sectPr.find(f"{W}type").get(W + "val") == "evenPage"
    # bottom-aligned, with the children in the order Word's schema requires
    tags = [c.tag.split("}")[1] for c in d.sections[1]._sectPr]
    assert "vAlign" in tags and ("docGrid" not in tags or tags.index("vAlign") < tags.index("docGrid"))
    # the body ends on page 1, so the 版记 page follows it directly: it is numbered (7.5)
    assert d.sections[1].even_page_footer._element.xpath(".//w:instrText[contains(., 'PAGE')]")


BANNER_TEXT = ("000123\n秘密★1年\n特急\n某某县教育局文件\n某教发〔2024〕5号　签发人：张三　李四\n"
               "某某县教育局关于教育经费使用情况的报告\n县人民政府：\n一、总体情况\n全年投入经费12亿元。\n"
               "某某县教育局\n2024年12月20日\n抄送：县财政局，县审计局。\n某某县教育局办公室 2024年12月21日印发\n")


def test_the_source_banner_and_banji_are_written_by_a_redhead_template(tmp_path):
    src = tmp_path / "报告.txt"
    src.write_text(BANNER_TEXT, encoding="utf-8")
    out = tmp_path / "报告.docx"
    r = run("convert", src, "-t", "红头文件", "-o", out, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    # 份号, 密级, 紧急程度 flush left on the first three lines, in that order (GB/T 9704 7.2.1-7.2.3)
    assert texts[:4] == ["000123", "秘密★1年", "特急", "某某县教育局文件"]
    for para in d.paragraphs[:3]:
        ind = para._p.find(f"{W}pPr/{W}ind")
        assert ind is None or int(ind.get(W + "firstLine", "0")) == 0
    # 发文字号 and 签发人 on one line, the names in 楷体 (7.2.6)
    number = next(p for p in d.paragraphs if p.text.startswith("某教发"))
    assert number.text == "某教发〔2024〕5号\t签发人：张三　李四"
    fonts = {r.text: r._r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") for r in number.runs if r.text.strip()}
    assert any("楷体" in f for t, f in fonts.items() if "张三" in t)
    # the source's own 版记, not the template's
    assert "抄送：县财政局，县审计局。" in texts and "某某县教育局办公室\t2024年12月21日印发" in texts


def test_the_source_banner_rendered(tmp_path):
    require_render()
    pdfplumber = pytest.importorskip("pdfplumber")
    from draftkit.render import docx_to_pdf

    src = tmp_path / "报告.txt"
    src.write_text(BANNER_TEXT, encoding="utf-8")
    out = tmp_path / "报告.docx"
    assert run("convert", src, "-t", "红头文件", "-o", out, cwd=tmp_path).returncode == 0
    (pdf_path,) = docx_to_pdf(out, tmp_path)
    with pdfplumber.open(str(pdf_path)) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        first = min(chars, key=lambda c: c["top"])
        assert first["text"] == "0" and abs(first["x0"] * MM - 28) < 1  # 份号 at the top left
        red = [c for c in chars if _red(c.get("non_stroking_color"))]
        assert "".join(c["text"] for c in red) == "某某县教育局文件"
        top = min(c["top"] for c in red) * MM
        assert 37 + 35 - 4 <= top <= 37 + 35 + 4, f"mark top {top:.1f} mm from the page top"
        rule = max((o for o in page.rects + page.lines if _red(o.get("stroking_color"))
                    or _red(o.get("non_stroking_color"))), key=lambda o: o["x1"] - o["x0"])
        assert abs((rule["x1"] - rule["x0"]) * MM - 156) < 2  # still as wide as the text block
        line = sorted((c for c in chars if abs(c["bottom"] - rule["top"]) < 20), key=lambda c: c["x0"])
        assert abs(line[0]["x0"] * MM - (28 + 156 / 28)) < 1.5  # 发文字号 one character in
        assert abs((210 - 26) - line[-1]["x1"] * MM - 156 / 28) < 1.5  # 签发人 one character from the right


def test_reference_docx(bureau):
    ref = docx.Document()
    sec = ref.sections[0]
    sec.top_margin, sec.left_margin, sec.right_margin, sec.bottom_margin = Mm(30), Mm(32), Mm(22), Mm(30)
    sec.header.paragraphs[0].text = "庚县教育局内部资料"
    ref.add_paragraph("参考文档里的正文，不应出现在结果中")
    folder = bureau / "templates" / "参考局"
    folder.mkdir(parents=True)
    ref.save(str(folder / "参考.docx"))
    (folder / "template.yaml").write_text("参考文档: 参考.docx\n署名: 参考局\n", encoding="utf-8")
    p = load_template("参考局").profile()
    assert (p.page.top_mm, p.page.left_mm, p.page.right_mm) == (30, 32, 22)
    src = _input_without_signature(bureau)
    out = bureau / "out.docx"
    r = run("summary", src, "-t", "参考局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    assert d.sections[0].header.paragraphs[0].text == "庚县教育局内部资料"
    assert abs(d.sections[0].left_margin.mm - 32) < 0.1
    texts = [p.text for p in d.paragraphs]
    assert "参考文档里的正文，不应出现在结果中" not in texts and "参考局" in texts
    assert any(t.startswith("一、") for t in texts)
    # the reference had no page numbers: draftkit adds its own
    assert any(p._p.xpath(".//w:fldChar") for p in d.sections[0].footer.paragraphs)


def test_bad_reference_docx(bureau):
    folder = bureau / "templates" / "坏参考局"
    folder.mkdir(parents=True)
    (folder / "参考.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "template.yaml").write_text("参考文档: 参考.docx\n", encoding="utf-8")
    r = run("template", "check", "坏参考局", cwd=bureau)
    assert r.returncode == 1 and "不是有效的 .docx" in r.stdout
    (folder / "template.yaml").write_text("参考文档: 没有这个.docx\n", encoding="utf-8")
    r = run("template", "check", "坏参考局", cwd=bureau)
    assert r.returncode == 1 and "不存在" in r.stdout


# -- rendered ----------------------------------------------------------------------------------
MM = 25.4 / 72


def _red(color) -> bool:
    if not color:
        return False
    c = tuple(color) if isinstance(color, (list, tuple)) else (color,)
    return len(c) == 3 and c[0] > 0.8 and c[1] < 0.2 and c[2] < 0.2


@pytest.fixture(scope="module")
def rendered_templates(tmp_path_factory):
    require_render()
    pdfplumber = pytest.importorskip("pdfplumber")
    from draftkit.render import docx_to_pdf
    from draftkit.schema import build
    from draftkit.loader import load
    from draftkit.writer import write_docx

    out = tmp_path_factory.mktemp("tpl")
    src = out / "总结.yaml"
    src.write_text(DEMO_SUMMARY.read_text(encoding="utf-8").replace("日期:", "发文字号: 示教发〔2024〕9号\n日期:", 1),
                   encoding="utf-8")
    docs = {}
    for key, name, path in (("bureau", "示例县教育局", src), ("bureau_long", "示例县教育局", SEED_SUMMARY)):
        profile = load_template(name).profile()
        doc = build(load(path), "summary", profile=profile)
        docs[key] = write_docx(doc, profile, out / f"{key}.docx")
    pdfs = docx_to_pdf(list(docs.values()), out)
    opened = {k: pdfplumber.open(str(p)) for k, p in zip(docs, pdfs)}
    opened["docx"] = docs
    yield opened
    for k in docs:
        opened[k].close()


def test_redhead_rendered(rendered_templates):
    page = rendered_templates["bureau"].pages[0]
    red_chars = [c for c in page.chars if _red(c.get("non_stroking_color")) and c["text"].strip()]
    assert "".join(c["text"] for c in red_chars) == "示例县教育局文件"
    top = min(c["top"] for c in red_chars) * MM
    assert 37 + 35 - 4 <= top <= 37 + 35 + 4, f"mark top {top:.1f} mm from the page top"
    # the red rule: as wide as the text block, below 发文字号
    rules = [o for o in page.rects + page.lines
             if _red(o.get("stroking_color")) or _red(o.get("non_stroking_color"))]
    assert rules, "no red rule"
    rule = max(rules, key=lambda o: o["x1"] - o["x0"])
    assert abs((rule["x1"] - rule["x0"]) * MM - 156) < 2
    assert abs(rule["x0"] * MM - 28) < 1.5
    number = [c for c in page.chars if c["text"] == "〔"]
    assert number and number[0]["bottom"] < rule["top"] + 1
    assert 2 <= (rule["top"] - number[0]["bottom"]) * MM <= 7


def test_banji_rendered_on_an_even_page_at_the_bottom(rendered_templates):
    pdf = rendered_templates["bureau"]
    last = pdf.pages[-1]
    assert last.page_number % 2 == 0
    text = last.extract_text() or ""
    assert "抄送：县委办公室" in text and "示例县教育局办公室" in text and "印发" in text
    # the 版记's own characters: the page number below the text block is not part of it
    chars = [c for c in last.chars if c["text"].strip() and c["bottom"] * MM < 297 - 35 + 3]
    bottom = max(c["bottom"] for c in chars) * MM
    assert 297 - 35 - 12 <= bottom <= 297 - 35 + 1, f"版记 ends {bottom:.1f} mm from the top"
    rules = [o for o in last.rects + last.lines if (o["x1"] - o["x0"]) * MM > 150]
    assert len(rules) >= 3
    # no page number on the 版记 page
    assert not any((last.height - c["matrix"][5]) * MM > 297 - 35 + 1 for c in chars)


def test_bureau_pages_still_hold_a_full_text_block(rendered_templates):
    from tests.test_render import PITCH, _full_pages, rows_of

    pdf = rendered_templates["bureau_long"]
    full = [p for p in _full_pages(pdf, rendered_templates["docx"]["bureau_long"]) if p.page_number > 1]
    assert len(full) >= 2
    for page in full:  # after the page with the 版头
        rows = rows_of(page)
        baselines = [r["baseline"] for r in rows]
        assert len(rows) == 22, page.page_number
        gaps = [b - a for a, b in zip(baselines, baselines[1:])]
        assert all(abs(g - PITCH) < 0.3 for g in gaps)
        assert abs(min(r["x0"] for r in rows) - 28) < 1


def test_page_number_style_and_position(bureau):
    make_template(bureau / "templates", "页码局", "页码:\n  样式: \"第{页码}页\"\n  位置: 居中\n")
    src = _input_without_signature(bureau)
    out = bureau / "out.docx"
    r = run("summary", src, "-t", "页码局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    sec = docx.Document(str(out)).sections[0]
    for footer in (sec.footer, sec.even_page_footer):
        p = footer.paragraphs[0]
        assert p._p.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
        texts = "".join(t.text for t in p._p.iter(W + "t"))
        assert texts.startswith("第") and texts.endswith("页") and "—" not in texts and p._p.xpath(".//w:instrText")


def test_template_numbering_applies_to_convert(bureau):
    src = bureau / "要点.txt"
    body = "坚持立德树人。"
    src.write_text(f"2025年工作要点\n一、甲\n1.子一。{body}\n二、乙\n1.子二。{body}\n", encoding="utf-8")
    out = bureau / "要点.docx"
    r = run("convert", src, "-t", "示例县教育局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("2.子二。") for t in texts)  # 编号: 连续 from the template
    r = run("convert", src, "-t", "示例县教育局", "--numbering", "restart", "-o", out, cwd=bureau)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("1.子二。") for t in texts)  # the command line wins


def test_closing_phrase_default_and_bureau(bureau):
    from draftkit.loader import load
    from draftkit.schema import build
    from tests.convert_helpers import paragraphs

    src = bureau / "要点.yaml"
    src.write_text("标题: 2025年工作要点\n署名: 庚县教育局\n日期: 2025-01-10\n结尾结语: true\n"
                   "分节:\n  - 标题: 总体要求\n    正文: 坚持立德树人。\n", encoding="utf-8")
    doc = build(load(src), "plan")
    assert paragraphs(doc.blocks)[-1] == "各单位要结合实际，认真抓好2025年各项工作的落实，确保全年目标任务圆满完成。"
    make_template(bureau / "templates", "辛局", "署名: 辛局\n", phrases={
        "plan_closing.j2": "请{{ 单位 }}各科室抓好{{ 年度 }}年工作落实。"})
    text = src.read_text(encoding="utf-8").replace("署名: 庚县教育局\n", "")
    src.write_text(text, encoding="utf-8")
    doc = build(load(src), "plan", profile=load_template("辛局").profile())
    assert paragraphs(doc.blocks)[-1] == "请辛局各科室抓好2025年工作落实。"


def test_doc_number_from_the_bureau_code(bureau):
    src = bureau / "要点.yaml"
    src.write_text("标题: 2025年工作要点\n日期: 2025-01-10\n发文字号: 3\n"
                   "分节:\n  - 标题: 总体要求\n    正文: 坚持立德树人。\n", encoding="utf-8")
    out = bureau / "要点.docx"
    r = run("plan", src, "-t", "示例县教育局", "-o", out, cwd=bureau)
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "示教发〔2025〕3号" in texts


def test_a_redhead_template_without_an_organisation_takes_the_mark_from_the_signature(tmp_path):
    out = tmp_path / "总结.docx"
    code, output = invoke("summary", DEMO_SUMMARY, "-t", "红头文件", "-o", out)
    assert code == 0, output
    flat = output.replace("\n", "")
    assert "发文机关标志按署名印作“某某县教育局文件”" in flat, output
    assert docx.Document(str(out)).paragraphs[0].text == "某某县教育局文件"
    # convert says the same
    src = tmp_path / "通知.txt"
    src.write_text("关于做好寒假安全工作的通知\n各中小学校：\n寒假即将来临，请认真落实安全工作。\n"
                   "某某县教育局\n2025年1月10日\n", encoding="utf-8")
    code, output = invoke("convert", src, "-t", "红头文件", "-o", tmp_path / "通知.docx")
    assert code == 0 and "发文机关标志按署名印作“某某县教育局文件”" in output.replace("\n", ""), output
    # with no 署名 either there is nothing to print: said, not a crash
    src.write_text("关于做好寒假安全工作的通知\n各中小学校：\n寒假即将来临，请认真落实安全工作。\n", encoding="utf-8")
    code, output = invoke("convert", src, "-t", "红头文件", "-o", tmp_path / "无署名.docx")
    assert code == 2 and "文稿里也没有署名" in output.replace("\n", "") and "Traceback" not in output, output
    assert not (tmp_path / "无署名.docx").exists()


@pytest.mark.parametrize("how", ["up", "absolute", "link"])
def test_a_template_reaches_no_file_outside_its_folder(bureau, how):
    outside = bureau / "外面.docx"
    docx.Document().save(str(outside))
    folder = bureau / "templates" / "越界局"
    folder.mkdir(parents=True)
    target = {"up": "../../外面.docx", "absolute": str(outside), "link": "参考.docx"}[how]
    if how == "link":
        (folder / "参考.docx").symlink_to(outside)
    (folder / "template.yaml").write_text(f"参考文档: '{target}'\n", encoding="utf-8")
    code, output = invoke("template", "check", "越界局")
    assert code == 1 and "不在模板文件夹" in output.replace("\n", ""), output
    code, output = invoke("summary", DEMO_SUMMARY, "-t", "越界局", "-o", bureau / "x.docx")
    assert code == 2 and "不在模板文件夹" in output.replace("\n", "") and not (bureau / "x.docx").exists(), output
