"""draftkit check: every rule on a hand-made bad document, our own documents clean, --fix,
JSON, exit codes, many files."""

from __future__ import annotations

import json

import docx
import pytest
from docx.shared import Mm

from draftkit import model as m
from draftkit.check import RULES, check_file
from draftkit.profile import default_profile
from draftkit.writer import write_docx
from tests.conftest import DEMO_SUMMARY, SEED_PLAN, SEED_SUMMARY, EXAMPLES, build_doc
from tests.test_cli import run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "坚持以人民为中心的发展思想，办好人民满意的教育，全面推进教育现代化。"


def good_document(path, attachments=True):
    meta = m.Meta(title=["某某县教育局2025年工作要点"], org="某某县教育局", date="2025-01-10")
    blocks = [
        m.Paragraph(text=BODY),
        m.Section(level=1, title="总体要求", blocks=[
            m.Section(level=2, title="工作目标", blocks=[
                m.Section(level=3, title="加强党的建设。", run_in=True, blocks=[m.Paragraph(text=BODY)]),
                m.Section(level=3, title="提升教育质量。", run_in=True, blocks=[m.Paragraph(text=BODY)]),
            ]),
        ]),
        m.Section(level=1, title="主要任务", blocks=[m.Paragraph(text=BODY)]),
    ]
    atts = [m.Attachment(title="重点任务清单", blocks=[m.Paragraph(text=BODY)]),
            m.Attachment(title="责任分工表", blocks=[m.Paragraph(text=BODY)])] if attachments else []
    doc = m.Document(meta=meta, blocks=blocks, attachments=atts)
    return write_docx(doc, default_profile(), path)


def rules_of(path) -> set[str]:
    return {f.rule for f in check_file(path).findings}


def test_good_document_is_clean(tmp_path):
    path = good_document(tmp_path / "好.docx")
    assert check_file(path).findings == []


@pytest.mark.parametrize("path,kind", [(SEED_SUMMARY, "summary"), (SEED_PLAN, "plan"), (DEMO_SUMMARY, "summary")])
def test_our_documents_are_clean(tmp_path, path, kind):
    out = write_docx(build_doc(path, kind), default_profile(), tmp_path / "out.docx")
    result = check_file(out)
    assert result.findings == [], [(f.rule, f.para, f.message) for f in result.findings]


def test_converted_documents_are_clean(tmp_path):
    out = tmp_path / "要点.docx"
    r = run("convert", EXAMPLES / "工作要点草稿.txt", "-o", out)
    assert r.returncode == 0, r.stderr
    result = check_file(out)
    assert result.findings == [], [(f.rule, f.para, f.message) for f in result.findings]


def test_bureau_template_documents_are_clean(tmp_path):
    from draftkit.loader import load
    from draftkit.schema import build
    from draftkit.template import load_template

    profile = load_template("示例县教育局").profile()
    out = write_docx(build(load(DEMO_SUMMARY), "summary", profile=profile), profile, tmp_path / "out.docx")
    result = check_file(out)
    assert result.findings == [], [(f.rule, f.para, f.message) for f in result.findings]


# -- format rules on a good document made bad in one place ------------------------------------
def _body_para(d):
    return next(p for p in d.paragraphs if p.text.startswith("坚持以人民"))


def _set_ea(run, name=None, theme=None):
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("eastAsia", "eastAsiaTheme"):
        if fonts.get(W + attr) is not None:
            del fonts.attrib[W + attr]
    if name:
        fonts.set(W + "eastAsia", name)
    if theme:
        fonts.set(W + "eastAsiaTheme", theme)


def _strip_ea_everywhere(d):
    for el in d.element.iter(W + "rFonts"):
        el.attrib.pop(W + "eastAsia", None)
    for el in d.styles.element.iter(W + "rFonts"):
        el.attrib.pop(W + "eastAsia", None)


def _footer_runs(d):
    return [t for t in d.sections[0].footer.paragraphs[0]._p.iter(W + "t")]


def _drop_footers(d):
    for f in (d.sections[0].footer, d.sections[0].even_page_footer):
        for p in f.paragraphs:
            for child in list(p._p):
                if child.tag != W + "pPr":
                    p._p.remove(child)


def _style_spacing(d, style, line):
    el = d.styles[style].element.find(f"{W}pPr/{W}spacing")
    el.set(W + "line", str(line))


def _normal_char_spacing_off(d):
    for sp in d.styles["Normal"].element.iter(W + "spacing"):
        if sp.getparent().tag == W + "rPr":
            sp.getparent().remove(sp)
    for sp in d.styles.element.find(f"{W}docDefaults").iter(W + "spacing"):
        if sp.getparent().tag == W + "rPr":
            sp.getparent().remove(sp)


def _remove_attachment_break(d):
    label = next(p for p in d.paragraphs if p.text == "附件2")
    for el in label._p.iter(W + "pageBreakBefore"):
        el.getparent().remove(el)


def _first(d, text):
    return next(p for p in d.paragraphs if p.text == text)


MUTATIONS = {
    "page-size": lambda d: setattr(d.sections[0], "page_width", Mm(216)),
    "page-margins": lambda d: setattr(d.sections[0], "left_margin", Mm(20)),
    "page-lines": lambda d: _style_spacing(d, "Body Text", 500),
    "page-chars": _normal_char_spacing_off,
    "font-body": lambda d: _set_ea(_body_para(d).runs[0], "宋体"),
    "font-title": lambda d: [_set_ea(r, "黑体") for r in d.paragraphs[0].runs],
    "font-heading": lambda d: [_set_ea(r, "楷体_GB2312") for r in _first(d, "一、总体要求").runs],
    "font-page-number": lambda d: [r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "黑体")
                                   for r in d.sections[0].footer.paragraphs[0]._p.iter(W + "r")],
    "font-east-asian-missing": _strip_ea_everywhere,
    "font-theme": lambda d: _set_ea(_body_para(d).runs[0], theme="minorEastAsia"),
    "font-uncommon": lambda d: _set_ea(_body_para(d).runs[0], "华康少女文字"),
    "attach-page": _remove_attachment_break,
    "sign-position": lambda d: setattr(_first(d, "2025年1月10日"), "alignment", 1),
    "pagenum-missing": _drop_footers,
    "pagenum-form": lambda d: [setattr(t, "text", t.text.replace("—", "-")) for t in _footer_runs(d)],
    "pagenum-side": lambda d: d.settings.element.remove(d.settings.element.find(W + "evenAndOddHeaders")),
    "indent-spaces": lambda d: setattr(_body_para(d).runs[0], "text", "\u3000\u3000" + _body_para(d).runs[0].text),
}


def test_paragraph_spacing_breaks_the_line_count(tmp_path):
    path = good_document(tmp_path / "好.docx")
    d = docx.Document(str(path))
    d.styles["Body Text"].element.find(f"{W}pPr/{W}spacing").set(W + "after", "200")
    d.save(str(path))
    found = [f for f in check_file(path).findings if f.rule == "page-lines"]
    assert found and "段前段后" in found[0].message


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_format_rule_finds_its_mistake(tmp_path, rule):
    path = good_document(tmp_path / "好.docx")
    d = docx.Document(str(path))
    MUTATIONS[rule](d)
    bad = tmp_path / "坏.docx"
    d.save(str(bad))
    found = check_file(bad).findings
    assert rule in {f.rule for f in found}, [(f.rule, f.message) for f in found]
    f = next(f for f in found if f.rule == rule)
    assert f.message and f.hint and f.severity in ("错误", "警告", "提示")


def test_auto_numbering_is_reported(tmp_path):
    d = docx.Document()
    d.add_paragraph("工作计划")
    d.add_paragraph("推进课堂改革。" + BODY, style="List Number")
    d.add_paragraph("完善评价体系。" + BODY, style="List Number")
    path = tmp_path / "自动编号.docx"
    d.save(str(path))
    assert "num-auto" in rules_of(path)


def test_python_docx_defaults(tmp_path):
    d = docx.Document()
    d.add_paragraph("某校2024年工作总结")
    d.add_paragraph("一、工作成绩")
    d.add_paragraph(BODY)
    d.add_paragraph("某校")
    d.add_paragraph("2024年12月31日")
    path = tmp_path / "默认.docx"
    d.save(str(path))
    found = rules_of(path)
    assert {"page-size", "page-margins", "page-lines", "page-chars", "font-title", "font-body", "font-theme",
            "pagenum-missing", "sign-position"} <= found


# -- text rules, from .txt (and so from any .docx) ---------------------------------------------------
TEXT_CASES = {
    "num-marker": f"标题\n1、总体要求\n{BODY}\n2、主要任务\n{BODY}\n",
    "num-sequence": f"标题\n一、总体要求\n{BODY}\n三、主要任务\n{BODY}\n",
    "num-level-jump": f"标题\n一、甲\n（一）乙\n{BODY}\n二、丙\n1.丁。{BODY}\n",
    "num-heading-stop": f"标题\n一、总体要求。\n{BODY}\n",
    "num-lead-stop": "标题\n一、总体\n1.加强党的建设 始终坚持党的全面领导，落实全面从严治党主体责任。\n",
    "punct-half-width": "标题\n一、总体\n坚持立德树人,全面发展。\n",
    "punct-quotes": '标题\n一、总体\n开展“双减”和“五育工作。\n',
    "punct-range": "标题\n一、总体\n培训3-5年教龄教师。\n",
    "punct-space": "标题\n一、总体\n坚持立德 树人，全面发展。\n",
    "attach-mismatch": f"标题\n一、总体\n{BODY}\n附件：1.名单\n2.清单\n某局\n2025年1月10日\n附件1\n名单\n{BODY}\n",
    "attach-punct": f"标题\n一、总体\n{BODY}\n附件：名单。\n某局\n2025年1月10日\n",
    "sign-missing": f"标题\n一、总体\n{BODY}\n",
    "sign-date-form": f"标题\n一、总体\n{BODY}\n某局\n2025年01月05日\n",
    "attach-misplaced": f"标题\n一、总体\n{BODY}\n附件1\n参会人员名单\n{BODY}\n某局\n2025年1月10日\n",
}


@pytest.mark.parametrize("rule", sorted(TEXT_CASES))
def test_text_rule_finds_its_mistake(tmp_path, rule):
    path = tmp_path / "稿.txt"
    path.write_text(TEXT_CASES[rule], encoding="utf-8")
    found = check_file(path).findings
    assert rule in {f.rule for f in found}, [(f.rule, f.message) for f in found]


def test_chinese_numeral_date(tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(f"标题\n一、总体\n{BODY}\n某局\n二〇二五年一月十日\n", encoding="utf-8")
    found = [f for f in check_file(path).findings if f.rule == "sign-date-form"]
    assert found and "汉字" in found[0].message


def test_every_rule_is_covered():
    from tests.test_docxread import REDHEAD_LINE_MUTATIONS, REDHEAD_MUTATIONS

    covered = set(MUTATIONS) | set(TEXT_CASES) | set(REDHEAD_MUTATIONS) | set(REDHEAD_LINE_MUTATIONS) | {"num-auto"}
    assert covered == set(RULES)


def test_continuous_level_three_numbering_is_accepted(tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(f"标题\n一、甲\n1.子一。{BODY}\n2.子二。{BODY}\n二、乙\n3.子三。{BODY}\n某局\n2025年1月10日\n",
                    encoding="utf-8")
    assert "num-sequence" not in rules_of(path)


# -- command line ---------------------------------------------------------------------------------------
def test_cli_exit_codes_and_json(tmp_path):
    good = good_document(tmp_path / "好.docx")
    r = run("check", good)
    assert r.returncode == 0 and "没有发现格式问题" in r.stdout
    bad = tmp_path / "坏.txt"
    bad.write_text(TEXT_CASES["num-marker"], encoding="utf-8")
    r = run("check", bad)
    assert r.returncode == 1 and "num-marker" in r.stdout and "改法" in r.stdout
    r = run("check", bad, "--json")
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["file"] == str(bad)
    one = next(f for f in data["findings"] if f["rule"] == "num-marker")
    assert one["severity"] == "错误" and one["paragraph"] == 2 and one["hint"]
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip")
    r = run("check", broken)
    assert r.returncode == 2 and "不是有效的 .docx" in r.stderr and "Traceback" not in r.stderr


def test_cli_many_files_summary_table(tmp_path):
    good = good_document(tmp_path / "好.docx")
    bad = tmp_path / "坏.txt"
    bad.write_text(TEXT_CASES["num-sequence"], encoding="utf-8")
    r = run("check", good, bad)
    assert r.returncode == 1
    assert "检查结果汇总" in r.stdout and "好.docx" in r.stdout and "坏.txt" in r.stdout


def test_fix_writes_a_clean_copy_and_lists_changes(tmp_path):
    d = docx.Document()
    d.add_paragraph("某校2024年工作总结")
    d.add_paragraph("1、 工作成绩")
    d.add_paragraph("(一)党建工作")
    d.add_paragraph("学校党建工作扎实推进,全年开展主题党日活动12次。")
    d.add_paragraph("3、 存在问题")
    d.add_paragraph("某校")
    d.add_paragraph("2024年12月31日")
    src = tmp_path / "某校总结.docx"
    d.save(str(src))
    before = src.read_bytes()
    out = tmp_path / "已修正.docx"
    r = run("check", src, "--fix", "-o", out)
    assert r.returncode == 0, r.stdout + r.stderr
    assert src.read_bytes() == before
    assert check_file(out).findings == []
    assert "改正的问题" in r.stdout and "标题编号：“3、 ” → “二、”" in r.stdout and "半角标点改为全角" in r.stdout
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "一、工作成绩" in texts and "（一）党建工作" in texts and "二、存在问题" in texts
    r = run("check", src, "--fix", "--json", "-o", tmp_path / "二.docx")
    data = json.loads(r.stdout)
    assert data["remaining"] == [] and data["fixed"] and data["changes"]
    # the default name, next to the input
    r = run("check", src, "--fix")
    assert (tmp_path / "某校总结-已修正.docx").exists()


def test_wps_style_character_grid_counts_28(tmp_path):
    """WPS and many Word templates reach 22 × 28 with the document grid, not with fixed spacing."""
    from docx.shared import Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.space_after = Pt(0)
    grid = sec._sectPr.find(W + "docGrid")
    grid.set(W + "type", "linesAndChars")
    grid.set(W + "linePitch", "579")
    grid.set(W + "charSpace", str(round((156 / 25.4 * 72 / 28 - 16) * 4096)))
    d.add_paragraph(BODY * 2)
    path = tmp_path / "wps.docx"
    d.save(str(path))
    found = rules_of(path)
    assert "page-lines" not in found and "page-chars" not in found
    grid.set(W + "charSpace", "0")
    d.save(str(path))
    assert "page-chars" in rules_of(path)


def test_redhead_document_round_trip(tmp_path):
    src = tmp_path / "红头稿.txt"
    src.write_text("某某县教育局文件\n某教发〔2025〕3号\n某某县教育局2025年工作要点\n一、总体要求\n"
                   f"{BODY}\n某某县教育局\n2025年1月10日\n", encoding="utf-8")
    plain = tmp_path / "无红头.docx"
    r = run("convert", src, "-o", plain)
    assert r.returncode == 0 and "当前模板不印红头" in r.stderr
    red = tmp_path / "红头.docx"
    r = run("convert", src, "-t", "红头文件", "-o", red)
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in docx.Document(str(red)).paragraphs]
    assert texts[0] == "某某县教育局文件" and "某教发〔2025〕3号" in texts
    assert check_file(red).findings == []
    # and the checker reads the 版头 back as a 版头, not as the title
    assert check_file(plain).findings == []


@pytest.mark.parametrize("body", [
    # a 规章: chapters, 节 and articles
    "第一章 总则\n第一节 一般规定\n第一条 为加强学校安全管理，制定本办法。\n第二条 本办法适用于全县中小学校。\n"
    "第二章 职责\n第三条 学校校长是安全工作第一责任人。\n",
    # headings that start again in each chapter
    "第一章 发展基础\n一、主要成绩\n这是正文内容。\n二、存在问题\n这是正文内容。\n"
    "第二章 主要任务\n一、推进均衡发展\n这是正文内容。\n二、提高教育质量\n这是正文内容。\n",
])
def test_chapters_and_articles_written_by_convert_check_clean(tmp_path, body):
    from draftkit.check import check_file
    from draftkit.convert import convert
    from draftkit.profile import default_profile
    from draftkit.writer import write_docx

    src = tmp_path / "办法.txt"
    src.write_text("某某县学校安全管理办法\n" + body + "某某县教育局\n2024年5月1日\n", encoding="utf-8")
    out = write_docx(convert(src).document, default_profile(), tmp_path / "办法.docx")
    assert [f.rule for f in check_file(out).findings] == []


def test_a_full_banner_written_by_convert_checks_clean(tmp_path):
    from draftkit.check import check_file
    from draftkit.convert import convert
    from draftkit.template import load_template
    from draftkit.writer import write_docx

    src = tmp_path / "报告.txt"
    src.write_text("000123\n秘密★1年\n特急\n某某县教育局文件\n某教发〔2024〕5号　签发人：张三\n"
                   "某某县教育局关于教育经费使用情况的报告\n县人民政府：\n现将有关情况报告如下。\n"
                   "某某县教育局\n2024年12月20日\n抄送：县财政局。\n某某县教育局办公室 2024年12月20日印发\n",
                   encoding="utf-8")
    profile = load_template("红头文件").profile()
    out = write_docx(convert(src, profile=profile).document, profile, tmp_path / "报告.docx")
    assert [f.rule for f in check_file(out).findings] == []
