"""Word files like the ones schools and departments send in, each with the findings a careful
reviewer marks on it, judged by hand before `check` was run on it.

Every builder reproduces what was seen in real documents of the genre: Word's default page
and 宋体 小四 body, "1、" headings, half-width punctuation and straight quotes typed in Chinese,
paragraphs pushed in with spaces, a 联合发文 whose first 署名 is left as an indented body line,
an attachment pasted into the middle of the text, a 红头 with its year in [ ] and no rule,
FangSong/KaiTi under their English names. JUDGED maps each file to its findings as
(rule, paragraph) pairs; paragraph None is a finding about the whole document.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Mm, Pt, RGBColor

from tests.corpus.word_files import shape_run, text_box_run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "全年新建、改扩建校舍4.2万平方米，新增学位3600个，改善了办学条件，群众满意度明显提高。"


def _run(p, text, font="仿宋_GB2312", size=16, color=None):
    r = p.add_run(text)
    r.font.size = Pt(size)
    r._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", font)
    if color:
        r.font.color.rgb = RGBColor.from_string(color)
    return r


def _para(d, text, font="仿宋_GB2312", size=16, align=None, indent=True):
    p = d.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _run(p, text, font, size)
    return p


def _signed(d, text, font="仿宋_GB2312"):
    """A 署名 or 成文日期 line: right-aligned, four characters in from the right."""
    p = _para(d, text, font, align=2)
    p.paragraph_format.right_indent = Pt(64)
    return p


def _gbt_page(d):
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)


def _gbt_lines(d):
    """22 lines of 28 characters: exact line spacing and character spacing on the styles."""
    for name in ("Normal",):
        st = d.styles[name]
        st.paragraph_format.line_spacing = Pt(28.95)
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.space_before = Pt(0)
        st.font.size = Pt(16)
        rpr = st.element.get_or_add_rPr()
        sp = rpr.find(W + "spacing")
        if sp is None:
            from docx.oxml import OxmlElement

            sp = OxmlElement("w:spacing")
            rpr.append(sp)
        sp.set(W + "val", "-5")


def school_report(path: Path) -> Path:
    """A school's year-end report as Word's defaults leave it: 宋体 小四, Word margins, "1、"
    headings, half-width punctuation with straight quotes, two paragraphs pushed in with
    spaces, a padded date, no page numbers."""
    d = docx.Document()
    _para(d, "某某县实验小学2024年工作总结", "黑体", 18, align=1)
    _para(d, "县教育局：", "宋体", 12, indent=False)
    _para(d, "1、办学条件", "宋体", 12)
    _para(d, '全年开展"双减"工作,作业总量明显下降;学生满意度提高。', "宋体", 12)
    _para(d, "\u3000\u3000" + BODY, "宋体", 12, indent=False)
    _para(d, "2、教学质量", "宋体", 12)
    _para(d, "    毕业班质量稳中有升，学生综合素质评价优良率达到百分之九十五。", "宋体", 12, indent=False)
    _para(d, "附件", "宋体", 12, indent=False)  # a table pasted in, its label and all, no 附件说明
    _para(d, "2024年各年级合格率统计表", "宋体", 12, align=1)
    _para(d, "各年级合格率均在百分之九十八以上。", "宋体", 12)
    _para(d, "某某县实验小学", "宋体", 12, align=2)
    _para(d, "2024年12月05日", "宋体", 12, align=2)
    d.save(str(path))
    return path


def joint_notice(path: Path) -> Path:
    """A 联合发文 set to GB/T 9704 by hand, except that the first 署名 was left as an indented
    body line. Fonts under their English names (FangSong, SimHei, KaiTi)."""
    d = docx.Document()
    _gbt_page(d)
    _gbt_lines(d)
    _para(d, "关于做好2025年学生资助工作的通知", "方正小标宋简体", 22, align=1)
    _para(d, "各中小学校：", "FangSong", indent=False)
    _para(d, "为做好学生资助工作，确保应助尽助，现就有关事项通知如下。", "FangSong")
    _para(d, "一、提高认识", "SimHei")
    _para(d, "各校要高度重视资助工作，把资助政策落实到每一名学生。", "FangSong")
    _para(d, "（一）精准认定", "KaiTi")
    _para(d, "各校要按照认定办法，逐人核实家庭经济困难情况。", "FangSong")
    _para(d, "某某县教育局", "FangSong")  # the first 署名, left as a body line
    _signed(d, "某某县财政局", "FangSong")
    _signed(d, "2025年1月10日", "FangSong")
    d.save(str(path))
    return path


def redhead_notice(path: Path) -> Path:
    """A 红头 notice typed in the body: the mark red and large, the year of the 发文字号 in
    square brackets with a padded serial, no rule under it; otherwise in order."""
    d = docx.Document()
    _gbt_page(d)
    _gbt_lines(d)
    p = _para(d, "", align=1)
    _run(p, "某某县教育局文件", "方正小标宋简体", 36, color="FF0000")
    _para(d, "某教发[2025]03号", align=1)
    _para(d, "关于做好寒假期间学生安全工作的通知", "方正小标宋简体", 22, align=1)
    _para(d, "各中小学校、幼儿园：", indent=False)
    _para(d, "寒假即将来临，为确保学生度过一个安全、健康的假期，现就有关事项通知如下。")
    _para(d, "一、加强安全教育", "黑体")
    _para(d, "各校要在放假前开展一次安全专题教育，重点讲清防溺水、防火、交通安全等内容。")
    _signed(d, "某某县教育局")
    _signed(d, "2025年1月10日")
    d.save(str(path))
    return path


def boxed_redhead(path: Path) -> Path:
    """A department's 红头 template filled in: the mark in a text box with the red rule drawn as
    a line, fonts right; only the 发文字号 uses （ ） and the page numbers are missing."""
    d = docx.Document()
    _gbt_page(d)
    _gbt_lines(d)
    anchor = d.add_paragraph()
    anchor._p.append(text_box_run("某某县卫生健康局文件", "FF0000", 72))
    anchor._p.append(shape_run())
    _para(d, "某卫健发（2025）7号", align=1)
    _para(d, "关于开展春季学校传染病防控工作的通知", "方正小标宋简体", 22, align=1)
    _para(d, "各乡镇卫生院，县直各医疗单位：", indent=False)
    _para(d, "春季是传染病高发季节，为切实做好学校传染病防控工作，现将有关事项通知如下。")
    _para(d, "一、落实晨午检制度", "黑体")
    _para(d, "各校要严格落实晨午检和因病缺课追踪登记制度，发现异常及时报告。")
    _signed(d, "某某县卫生健康局")
    _signed(d, "2025年3月1日")
    d.save(str(path))
    return path


BUILDERS = {
    "学校总结-默认格式.docx": school_report,
    "联合发文-署名.docx": joint_notice,
    "红头通知-正文中.docx": redhead_notice,
    "红头模板-文本框.docx": boxed_redhead,
}

# judged by hand: what a careful reviewer marks on each file
JUDGED = {
    "学校总结-默认格式.docx": {
        ("page-size", None),  # python-docx's default, like Word's US one: Letter
        ("page-margins", None), ("page-lines", None), ("page-chars", None), ("pagenum-missing", None),
        ("font-title", 1), ("font-body", 2), ("font-heading", 3),
        ("num-marker", 3), ("num-marker", 6),
        ("punct-half-width", 4),
        ("indent-spaces", 5),
        ("attach-misplaced", 8),
        ("sign-date-form", 12),
    },
    "联合发文-署名.docx": {
        ("pagenum-missing", None),
        ("sign-position", 8),
    },
    "红头通知-正文中.docx": {
        ("pagenum-missing", None),
        ("redhead-number", 2), ("redhead-rule", 1),
    },
    "红头模板-文本框.docx": {
        ("pagenum-missing", None),
        ("redhead-number", 2),
    },
}
# the Word files of the development corpus (word_files.py) and the school document of the --fix
# tests, judged the same way
JUDGED.update({
    "16-红头文本框.docx": {
        ("page-size", None), ("page-margins", None), ("page-lines", None), ("page-chars", None),
        ("pagenum-missing", None), ("redhead-rule", 1),
    },
    "17-WPS样式与自动编号.docx": {
        ("page-size", None), ("page-margins", None), ("page-lines", None), ("page-chars", None),
        ("pagenum-missing", None), ("font-title", 1), ("font-theme", 1), ("font-body", 2),
        ("font-heading", 3), ("font-heading", 4), ("num-auto", 7),
    },
    "18-PDF转Word逐行成段.docx": {
        ("page-size", None), ("page-margins", None), ("page-lines", None), ("page-chars", None),
        ("pagenum-missing", None), ("font-title", 1), ("font-heading", 6),
        ("sign-position", 16), ("sign-position", 17),
    },
    "实验小学总结.docx": {
        ("page-size", None), ("page-margins", None), ("page-lines", None), ("page-chars", None),
        ("pagenum-missing", None), ("font-title", 2), ("font-body", 3), ("punct-half-width", 3),
        ("font-heading", 4), ("num-marker", 4), ("punct-half-width", 5), ("num-marker", 6),
        ("punct-half-width", 7), ("font-theme", 10),  # the field's result carries no font of its own
        ("num-auto", 11), ("sign-position", 13), ("sign-date-form", 14), ("sign-position", 14),
    },
})
# what only a person can put right: where the 落款 or an attachment belongs, what a missing
# date or 署名 is; everything else --fix corrects
NEEDS_A_PERSON = {"sign-missing", "attach-misplaced", "attach-mismatch"}
# the faults the issue names as missed before; each must be found
MUST_FIND = {
    ("联合发文-署名.docx", "sign-position", 8),
    ("学校总结-默认格式.docx", "attach-misplaced", 8),
    ("学校总结-默认格式.docx", "indent-spaces", 5),
    ("红头通知-正文中.docx", "redhead-rule", 1),
    ("红头通知-正文中.docx", "redhead-number", 2),
    ("红头模板-文本框.docx", "redhead-number", 2),
}
