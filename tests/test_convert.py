"""draftkit convert on small cases: levels, run-in items, cleanup, structure, numbering."""

from __future__ import annotations

import datetime as dt

import pytest

from draftkit import model as m
from draftkit.convert.cleanup import normalise_punct, remove_cjk_spaces
from draftkit.convert.markers import match_marker, parse_chinese_number
from tests.convert_helpers import convert_text, outline, paragraphs, sections

BODY = "这是正文内容，用来说明本项工作的具体情况。"


def doc_of(tmp_path, text, **kw):
    return convert_text(tmp_path, "测试标题\n" + text, **kw).document


# -- markers -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,family,number",
    [
        ("一、总体要求", "cn_dun", 1), ("一. 总体要求", "cn_dun", 1), ("一，总体要求", "cn_dun", 1),
        ("十二、其他", "cn_dun", 12), ("（一）完善体系", "cn_paren", 1), ("(一)完善体系", "cn_paren", 1),
        ("（一、完善体系", "cn_paren", 1), ("1.积极履职", "ar_dot", 1), ("1．积极履职", "ar_dot", 1),
        ("1．、积极履职", "ar_dot", 1), ("1、积极履职", "ar_dun", 1), ("1、2020年工作总结", "ar_dun", 1),
        ("（1）突出引领", "ar_paren", 1), ("(1)突出引领", "ar_paren", 1), ("1）突出引领", "ar_half", 1),
        ("③突出引领", "circled", 3), ("第一章 总则", "chapter", 1), ("第十二条 附则", "article", 12),
    ],
)
def test_marker_variants(text, family, number):
    mk = match_marker(text)
    assert mk is not None and (mk.family, mk.number) == (family, number)


@pytest.mark.parametrize("text", ["1.5亿元投入使用", "2020年全县", "一是加强领导", "（此件公开发布）",
                                  "1,000元", "（2019-2021年）", "2.6万人次参加"])
def test_not_markers(text):
    assert match_marker(text) is None


def test_chinese_numbers():
    assert [parse_chinese_number(s) for s in ["一", "十", "十一", "二十", "九十九", "一百零五", "二〇二五"]] == [
        1, 10, 11, 20, 99, 105, 2025]
    assert parse_chinese_number("总") is None


# -- levels ----------------------------------------------------------------------------
def test_standard_four_levels(tmp_path):
    d = doc_of(tmp_path, f"一、总体要求\n（一）工作目标\n1.提高质量\n（1）第一项\n{BODY}\n")
    assert outline(d) == [(1, "总体要求"), (2, "工作目标"), (3, "提高质量"), (4, "第一项")]


@pytest.mark.parametrize(
    "markers",
    [
        ("一. ", "(一)", "1．", "(1)"),
        ("一，", "（一、", "1．、", "1）"),
        ("一、", "（一）", "1、", "①"),
    ],
)
def test_marker_variants_keep_their_levels(tmp_path, markers):
    a, b, c, e = markers
    two = {"一. ": "二. ", "一，": "二，", "一、": "二、"}[a]
    text = f"{a}甲\n{b}乙\n{c}丙\n{e}丁\n{BODY}\n{two}戊\n{BODY}\n"
    d = doc_of(tmp_path, text)
    assert outline(d) == [(1, "甲"), (2, "乙"), (3, "丙"), (4, "丁"), (1, "戊")]


def _numbers(result) -> list[str]:
    return [e.number for e in result.report.outline]


def test_chapters_parts_and_articles_stay_as_they_are(tmp_path):
    # a 规章: 第X章, 第X节 and 第X条 are its own units, never renumbered as 一、（一）1.
    text = ("某某县学校安全管理办法\n第一章 总则\n第一节 一般规定\n第一条 为加强学校安全管理，制定本办法。\n"
            "（一）适用范围\n" + BODY + "\n第二条 本办法适用于全县中小学校。\n第二章 职责\n"
            "第三条 学校校长是安全工作第一责任人。\n")
    result = convert_text(tmp_path, text)
    sections = [(s.division, s.level, s.title) for _, s in result.document.walk() if isinstance(s, m.Section)]
    assert sections == [("chapter", 0, "总则"), ("part", 0, "一般规定"), ("article", 0, ""), (None, 2, "适用范围"),
                        ("article", 0, ""), ("chapter", 0, "职责"), ("article", 0, "")]
    assert _numbers(result) == ["第一章", "第一节", "第一条", "（一）", "第二条", "第二章", "第三条"]
    first = result.document.blocks[0].blocks[0].blocks[0]
    assert first.blocks[0].text == "为加强学校安全管理，制定本办法。"


def test_articles_numbered_through_the_chapters_keep_their_numbers(tmp_path):
    text = ("某某县人民政府工作规则\n第一章 总则\n一、为规范县政府工作，制定本规则。\n二、指导思想是依法行政。\n"
            "第二章 职责\n三、县政府依法履行职能。\n")
    result = convert_text(tmp_path, text)
    assert _numbers(result) == ["第一章", "一、", "二、", "第二章", "三、"]
    assert not result.document.restart_in_chapters


def test_headings_that_start_again_in_each_chapter_still_do(tmp_path):
    text = ("某某县教育发展规划\n第一章 发展基础\n一、主要成绩\n" + BODY + "\n二、存在问题\n" + BODY + "\n"
            "第二章 主要任务\n一、推进均衡发展\n" + BODY + "\n二、提高教育质量\n" + BODY + "\n")
    result = convert_text(tmp_path, text)
    assert _numbers(result) == ["第一章", "一、", "二、", "第二章", "一、", "二、"]


def test_levels_follow_the_documents_own_pattern(tmp_path):
    # "1、" used for the top level and "（1）" for the next: levels 1 and 2
    d = doc_of(tmp_path, f"1、工作成绩\n（1）党建\n{BODY}\n（2）教学\n{BODY}\n2、存在问题\n{BODY}\n")
    assert outline(d) == [(1, "工作成绩"), (2, "党建"), (2, "教学"), (1, "存在问题")]


def test_mixed_top_level_markers_are_siblings(tmp_path):
    # the seed's habit: "1、" for the first top heading, "二、" for the second
    d = doc_of(tmp_path, f"1、工作成绩\n（1）党建\n1.学校党建。{BODY}\n二、存在问题\n{BODY}\n")
    assert outline(d) == [(1, "工作成绩"), (2, "党建"), (3, "学校党建。"), (1, "存在问题")]


def test_level_jump_evened_out_where_other_sections_have_level_two(tmp_path):
    # "1." straight under "2、" while "1、" had "（1）": the skip is not the document's style
    text = f"1、甲\n（1）乙\n1.丙。{BODY}\n2、丁\n1.戊。{BODY}\n"
    result = convert_text(tmp_path, "测试标题\n" + text)
    assert outline(result.document) == [(1, "甲"), (2, "乙"), (3, "丙。"), (1, "丁"), (2, "戊。")]
    assert any(c.kind == "level" and "上移一级" in c.message for c in result.report.changes)


def test_skip_from_level_one_to_three_is_kept(tmp_path):
    d = doc_of(tmp_path, f"一、加强党建\n1.把政治建设摆在首位。{BODY}\n2.推动党建提质。{BODY}\n二、提升质量\n1.深化改革。{BODY}\n")
    assert [lv for lv, _ in outline(d)] == [1, 3, 3, 1, 3]


def test_level_four_under_level_two_when_used_so(tmp_path):
    d = doc_of(tmp_path, f"（1）甲\n{BODY}\n（2）乙\n{BODY}\n")
    assert outline(d) == [(4, "甲"), (4, "乙")]


def test_heading_with_missing_marker_between_siblings(tmp_path):
    text = f"一、总体要求\n（一）第一方面\n{BODY}\n第二方面\n{BODY}\n（三）第三方面\n{BODY}\n"
    result = convert_text(tmp_path, "测试标题\n" + text)
    assert outline(result.document) == [(1, "总体要求"), (2, "第一方面"), (2, "第二方面"), (2, "第三方面")]
    assert any(c.kind == "heading" for c in result.report.changes)


def test_missing_first_marker(tmp_path):
    text = f"一、总体要求\n{BODY}\n第一方面\n{BODY}\n（二）第二方面\n{BODY}\n"
    d = doc_of(tmp_path, text)
    assert outline(d) == [(1, "总体要求"), (2, "第一方面"), (2, "第二方面")]


def test_no_promotion_without_a_gap(tmp_path):
    text = f"一、总体要求\n（一）第一方面\n{BODY}\n一句短话\n{BODY}\n（二）第二方面\n{BODY}\n"
    d = doc_of(tmp_path, text)
    assert outline(d) == [(1, "总体要求"), (2, "第一方面"), (2, "第二方面")]


def test_enumerations_inside_a_paragraph_stay(tmp_path):
    text = "二、存在问题\n一是资源不足，布局有待完善；二是品质不高；三是质量有待提高。\n"
    d = doc_of(tmp_path, text)
    assert outline(d) == [(1, "存在问题")]
    assert paragraphs(d.blocks) == ["一是资源不足，布局有待完善；二是品质不高；三是质量有待提高。"]


def test_deeper_than_four_levels_stays_text(tmp_path):
    result = convert_text(tmp_path, f"标题\n一、甲\n（一）乙\n1.丙\n（1）丁\n①戊\n{BODY}\n")
    assert [lv for lv, _ in outline(result.document)] == [1, 2, 3, 4]
    assert "①戊" in paragraphs(result.document.blocks)


def test_markdown_levels(tmp_path):
    text = f"# 2025年工作要点\n\n## 一、总体要求\n\n{BODY}\n\n## 主要任务\n\n### 加强党建\n\n- 落实第一项措施。\n\n**重点**是落实。\n"
    result = convert_text(tmp_path, text, name="提纲.md")
    d = result.document
    assert d.meta.title == ["2025年工作要点"]
    assert outline(d) == [(1, "总体要求"), (1, "主要任务"), (2, "加强党建")]
    assert "落实第一项措施。" in paragraphs(d.blocks)
    assert "重点是落实。" in paragraphs(d.blocks)


# -- run-in items ------------------------------------------------------------------------
def test_run_in_item_splits_lead_and_body(tmp_path):
    d = doc_of(tmp_path, "一、加强党建\n1.学校党建基础进一步夯实。在全县推进试点工作。\n")
    sec = sections(d)[1]
    assert sec.run_in and sec.title == "学校党建基础进一步夯实。"
    assert sec.blocks[0].text == "在全县推进试点工作。"


def test_numbered_paragraph_without_lead(tmp_path):
    long = "落实教育优先发展战略地位，以推动全国义务教育优质均衡县和全省教育现代化达标县创建为抓手，完善各项制度。"
    d = doc_of(tmp_path, f"一、加强党建\n1.{long}\n")
    sec = sections(d)[1]
    assert sec.run_in and sec.title == "" and sec.blocks[0].text == long


def test_lead_stops_outside_quotes_and_brackets(tmp_path):
    d = doc_of(tmp_path, "一、加强党建\n1.开展“不讲规矩。不守纪律”整治。全年完成整改。\n")
    assert sections(d)[1].title == "开展“不讲规矩。不守纪律”整治。"


# -- structure ---------------------------------------------------------------------------
def test_front_matter_and_tail(tmp_path):
    text = (
        "附件2\n岱山县教育局\n2025年工作要点\n各乡镇（街道）中心学校：\n"
        f"现将有关事项通知如下。\n一、总体要求\n{BODY}\n"
        "附件：1.重点任务清单\n2.责任分工表\n岱山县教育局\n2025年1月10日\n（此件公开发布）\n"
    )
    result = convert_text(tmp_path, text)
    d = result.document
    assert d.meta.label == "附件2"
    assert d.meta.title == ["岱山县教育局2025年工作要点"]
    assert d.meta.recipient == "各乡镇（街道）中心学校："
    assert d.meta.org == "岱山县教育局"
    assert d.meta.date == dt.date(2025, 1, 10)
    assert d.meta.notes == ["（此件公开发布）"]
    assert [(a.title, a.included) for a in d.attachments] == [("重点任务清单", False), ("责任分工表", False)]
    assert outline(d) == [(1, "总体要求")]
    # the 附件说明 items are not headings
    assert "重点任务清单" not in str(outline(d))


def test_attachment_pages_after_the_signature(tmp_path):
    text = (
        "某某县教育局2025年工作要点\n一、总体要求\n" + BODY + "\n附件：重点任务清单\n某某县教育局\n2025年1月10日\n"
        "附件\n重点任务清单\n一、党建任务\n" + BODY + "\n"
    )
    d = convert_text(tmp_path, text).document
    assert len(d.attachments) == 1
    att = d.attachments[0]
    assert att.title == "重点任务清单" and att.included
    assert outline(m.Document(meta=d.meta, blocks=att.blocks)) == [(1, "党建任务")]


def test_chinese_numeral_date(tmp_path):
    d = doc_of(tmp_path, f"一、总体\n{BODY}\n某某县教育局\n二〇二五年一月十日\n")
    assert d.meta.date == dt.date(2025, 1, 10) and d.meta.org == "某某县教育局"


def test_options_override(tmp_path):
    d = convert_text(tmp_path, f"原标题\n一、总体\n{BODY}\n", title="新标题", org="某局",
                     date=dt.date(2025, 2, 1), recipient="各学校").document
    assert d.meta.title == ["新标题"] and d.meta.org == "某局" and d.meta.date == dt.date(2025, 2, 1)
    assert d.meta.recipient == "各学校："


def test_no_title_leaves_a_placeholder_never_the_file_name(tmp_path):
    from draftkit.convert.outline import TITLE_PLACEHOLDER

    result = convert_text(tmp_path, f"一、总体要求\n{BODY}\n", name="我的提纲.txt")
    assert result.document.meta.title == [TITLE_PLACEHOLDER]
    assert result.report.title_missing
    assert any("没有标题" in w and TITLE_PLACEHOLDER in w for w in result.report.warnings)


# -- numbering ----------------------------------------------------------------------------
def _markers(tmp_path, text, numbering):
    result = convert_text(tmp_path, text, numbering=numbering)
    return [e.number for e in result.report.outline]


def test_numbering_modes(tmp_path):
    text = f"标题\n一、甲\n1.子一。{BODY}\n3.子三。{BODY}\n三、乙\n2.子二。{BODY}\n"
    assert _markers(tmp_path, text, "restart") == ["一、", "1.", "2.", "二、", "1."]
    assert _markers(tmp_path, text, "keep") == ["一、", "1.", "3.", "三、", "2."]
    assert _markers(tmp_path, text, "continuous") == ["一、", "1.", "2.", "二、", "3."]


def test_renumbering_is_reported(tmp_path):
    result = convert_text(tmp_path, f"标题\n1、甲\n{BODY}\n2、乙\n{BODY}\n")
    changes = [c for c in result.report.changes if c.kind == "marker"]
    assert [c.message for c in changes] == ["编号 1、 改为 一、", "编号 2、 改为 二、"]


# -- cleanup -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "before,after",
    [
        ("教育,发展;质量:提高?", "教育，发展；质量：提高？"),
        ("出台办法(试行)并实施!", "出台办法（试行）并实施！"),
        ("人工智能(AI)课程", "人工智能（AI）课程"),
        ("共1,000元", "共1,000元"),
        ("时间15:30开始", "时间15:30开始"),
        ("网址http://www.example.gov.cn/a?b=1,c", "网址http://www.example.gov.cn/a?b=1,c"),
        ("Windows 10 (64 bit), version 2", "Windows 10 (64 bit), version 2"),
        ("2020—2025年规划", "2020—2025年规划"),
        ("（2019-2021年）", "（2019-2021年）"),
        ("完成3.5亿元", "完成3.5亿元"),
        ('开展"五星支部"创建和"双减"工作', "开展“五星支部”创建和“双减”工作"),
        ('he said "hello" twice', 'he said "hello" twice'),
        ('实施体艺"2+1"项目', "实施体艺“2+1”项目"),
        ('一个"孤立的引号', '一个"孤立的引号'),
        ("各街道(社区):", "各街道（社区）："),  # the colon after a converted bracket
        ("详见(附件1);", "详见（附件1）；"),
        ("GDP(2024):", "GDP(2024):"),
    ],
)
def test_punctuation(before, after):
    assert normalise_punct(before) == after


@pytest.mark.parametrize(
    "before,after",
    [("投入 230 万元", "投入230万元"), ("发展， 4所学校", "发展，4所学校"), ("Windows 10 系统", "Windows 10系统"),
     ("  缩进的段落", "缩进的段落"), ("全\u3000县", "全县")],
)
def test_spaces(before, after):
    assert remove_cjk_spaces(before) == after


def test_junk_and_page_numbers_removed_and_reported(tmp_path):
    text = (
        "索引号 113309/2024-94391 生成日期 2024-05-24\n发布机构 县教育局\n测试标题\n"
        "信息来源: 县教育局 发布日期: 2024-05-24\n一、总体要求\n" + BODY + "\n— 2 —\n- 3 -\n第4页 共5页\n"
        "二、工作任务\n" + BODY + "\n打印本页 关闭窗口\n"
    )
    result = convert_text(tmp_path, text)
    kinds = [(c.kind, c.line) for c in result.report.changes if c.kind in ("junk", "page_number")]
    assert kinds == [("junk", 1), ("junk", 2), ("junk", 4), ("page_number", 7), ("page_number", 8),
                     ("page_number", 9), ("junk", 12)]
    assert result.document.meta.title == ["测试标题"]
    assert outline(result.document) == [(1, "总体要求"), (1, "工作任务")]


def test_full_width_digits_and_simplified(tmp_path):
    result = convert_text(tmp_path, "標題\n一、總體要求\n２０２５年，學校發展。\n", simplified=True)
    d = result.document
    assert d.meta.title == ["标题"]
    assert outline(d) == [(1, "总体要求")]
    assert paragraphs(d.blocks) == ["2025年，学校发展。"]
    kinds = {c.kind for c in result.report.changes}
    assert {"t2s", "width"} <= kinds


def test_traditional_kept_without_simplified(tmp_path):
    d = convert_text(tmp_path, "標題\n一、總體要求\n學校發展。\n").document
    assert outline(d) == [(1, "總體要求")]


def test_mojibake_repaired(tmp_path):
    garbled = "一、总体要求\n坚持以人民为中心，办好人民满意的教育。".encode("gbk").decode("latin-1")
    result = convert_text(tmp_path, "标题\n" + garbled)
    assert outline(result.document) == [(1, "总体要求")]
    assert paragraphs(result.document.blocks) == ["坚持以人民为中心，办好人民满意的教育。"]
    assert any(c.kind == "mojibake" for c in result.report.changes)


def test_latin_text_not_taken_for_mojibake(tmp_path):
    d = convert_text(tmp_path, "标题\n一、总体\nCafé naïve façade über Straße résumé.\n").document
    assert paragraphs(d.blocks) == ["Café naïve façade über Straße résumé."]


# -- encodings ----------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"])
def test_encodings(tmp_path, encoding):
    text = "岱山縣教育局工作要點\n一、總體要求\n堅持以人民為中心，辦好人民滿意的教育。\n" if encoding == "big5" else \
        "岱山县教育局工作要点\n一、总体要求\n坚持以人民为中心，办好人民满意的教育，推进教育现代化。\n"
    result = convert_text(tmp_path, text, encoding=encoding)
    assert len(outline(result.document)) == 1
    assert result.document.meta.title[0].startswith("岱山")
    assert result.report.encoding.replace("_", "-").startswith(
        {"utf-8-sig": "utf-8-sig", "gbk": "gb18030"}.get(encoding, encoding))


# -- rejoining -----------------------------------------------------------------------------
def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_hard_wrapped_text_is_rejoined(tmp_path):
    p1 = "坚持以人民为中心的发展思想，办好人民满意的教育，全面推进教育现代化建设，努力提升教育质量和水平。"
    p2 = "加强教师队伍建设，提高教师专业素养，完善教师培训体系，促进教师专业发展和成长。"
    p3 = "深化教育评价改革，完善学校评价办法，推进学生综合素质评价，形成科学的评价体系。"
    lines = ["测试标题", "一、总体要求"] + wrap(p1, 20) + ["— 1 —"] + wrap(p2, 20) + ["二、主要任务"] + wrap(p3, 20)
    result = convert_text(tmp_path, "\n".join(lines) + "\n")
    d = result.document
    assert outline(d) == [(1, "总体要求"), (1, "主要任务")]
    assert paragraphs(d.blocks) == [p1, p2, p3]


def test_heading_never_joined_to_its_body(tmp_path):
    body = "坚持以人民为中心的发展思想，办好人民满意的教育，全面推进教育现代化建设，努力提升教育质量。"
    lines = ["测试标题", "一、总体要求"] + wrap(body, 18) + ["二、主要任务"] + wrap(body, 18) + ["（一）具体措施"] + wrap(body, 18)
    d = convert_text(tmp_path, "\n".join(lines)).document
    assert outline(d) == [(1, "总体要求"), (1, "主要任务"), (2, "具体措施")]
    assert paragraphs(d.blocks) == [body] * 3


@pytest.mark.parametrize("signers", [["某某县教育局"], ["某某县教育局", "某某县财政局", "某某县人力资源和社会保障局"]])
def test_a_full_last_line_never_takes_the_signature(tmp_path, signers):
    """The last body line fills the width and ends a sentence: the 署名 under it stays a 署名."""
    body = "坚持以人民为中心的发展思想，办好人民满意的教育，全面推进教育现代化建设各项工作。"
    lines = ["测试标题", "一、总体要求"] + wrap(body * 2, 20) + signers + ["2025年1月10日"]
    assert len(wrap(body * 2, 20)[-1]) == 20
    d = convert_text(tmp_path, "\n".join(lines)).document
    assert [d.meta.org, *d.meta.co_signers] == signers
    assert paragraphs(d.blocks) == [body * 2]


def test_typed_paragraphs_are_never_joined(tmp_path):
    text = "测试标题\n第一段很短。\n第二段也短\n第三段结束。\n"
    d = convert_text(tmp_path, text).document
    assert paragraphs(d.blocks) == ["第一段很短。", "第二段也短", "第三段结束。"]


def test_pdf_marker_alone_on_its_line(tmp_path):
    body = ["在全县范围内推进中小学校党组", "织领导下的校长负责制试点工作，", "出台试点工作实施方案和工作规则", "，明确书记与校长的责权。"]
    lines = ["测试标题", "", "一、", "", "2020", "", "年工作总结", "", "（一）", "", "突出引领，党的建设得到全面加强", "",
             "1.", "", "学校党建基础进一步夯实。", ""] + [x for b in body for x in (b, "")] + ["2.", "", "党管人才力度增大", "", "。", "",
             "认真履行党委主体责任，专题研究", "", "教育系统人才工作。"]
    d = convert_text(tmp_path, "\n".join(lines)).document
    assert outline(d) == [(1, "2020年工作总结"), (2, "突出引领，党的建设得到全面加强"), (3, "学校党建基础进一步夯实。"),
                          (3, "党管人才力度增大。")]
    secs = sections(d)
    assert secs[2].blocks[0].text == "".join(body)
    assert secs[3].blocks[0].text == "认真履行党委主体责任，专题研究教育系统人才工作。"


def test_invisible_characters_removed_and_reported(tmp_path):
    result = convert_text(tmp_path, "标题\n一、总\u200b体\x07要求\n正文\ufeff内容。\n")
    assert outline(result.document) == [(1, "总体要求")]
    assert paragraphs(result.document.blocks) == ["正文内容。"]
    assert [c.line for c in result.report.changes if "控制字符" in c.message] == [2, 3]


def test_ranges_take_the_dash(tmp_path):
    d = convert_text(tmp_path, "标题\n一、总体\n培训3-5年教龄教师20~30人，编号2024-94391不变。\n").document
    assert paragraphs(d.blocks) == ["培训3—5年教龄教师20—30人，编号2024-94391不变。"]


def test_redhead_and_banji_lines_recognised(tmp_path):
    text = ("某某县教育局文件\n某教发〔2025〕3号\n某某县教育局2025年工作要点\n一、总体要求\n" + BODY + "\n"
            "某某县教育局\n2025年1月10日\n抄送：县委办公室。\n某某县教育局办公室 2025年1月10日印发\n")
    d = convert_text(tmp_path, text).document
    assert d.meta.title == ["某某县教育局2025年工作要点"] and d.meta.doc_number == "某教发〔2025〕3号"
    assert d.meta.org == "某某县教育局" and d.meta.date is not None
    assert d.meta.notes == [] and d.meta.mark == "某某县教育局文件"
    assert (d.meta.cc, d.meta.printed_by, d.meta.printed_on) == ("县委办公室", "某某县教育局办公室",
                                                                  dt.date(2025, 1, 10))


def test_every_banner_element_is_kept_in_the_model(tmp_path):
    text = ("000123\n秘密★1年\n特急\n某某县教育局文件\n某教发〔2024〕5号　签发人：张三　李四\n"
            "某某县教育局关于教育经费的报告\n县人民政府：\n一、总体情况\n" + BODY + "\n某某县教育局\n2024年12月20日\n")
    result = convert_text(tmp_path, text)
    meta = result.document.meta
    assert (meta.copy_number, meta.secrecy, meta.urgency) == ("000123", "秘密★1年", "特急")
    assert (meta.doc_number, meta.issuers) == ("某教发〔2024〕5号", ["张三", "李四"])
    assert meta.title == ["某某县教育局关于教育经费的报告"] and meta.recipient == "县人民政府："
    frame = [(e.part, e.what, e.line) for e in result.report.frame_in_order()]
    assert frame[:6] == [("版头", "份号", 1), ("版头", "密级", 2), ("版头", "紧急程度", 3), ("版头", "发文机关标志", 4),
                         ("版头", "发文字号", 5), ("版头", "签发人", 5)]
    assert ("落款", "成文日期", 11) in frame


def test_a_lone_organisation_mark_needs_a_title_under_it(tmp_path):
    # "…文件" followed by body text is not a 版头
    d = convert_text(tmp_path, "关于某某的文件\n一、总体情况\n" + BODY + "\n").document
    assert d.meta.mark is None


def test_a_registration_number_under_the_notes_keeps_the_date(tmp_path):
    text = ("某某县人民政府关于加强学校安全管理的通知\n一、总体要求\n" + BODY + "\n"
            "某某县人民政府\n2024年5月6日\n（此件公开发布）\nZJSP01-2024-0003\n")
    result = convert_text(tmp_path, text)
    meta = result.document.meta
    assert meta.date == dt.date(2024, 5, 6) and meta.org == "某某县人民政府"
    assert meta.notes == ["（此件公开发布）", "ZJSP01-2024-0003"]
    assert ("附注", "规范性文件登记号") in [(e.part, e.what) for e in result.report.frame]


def test_a_page_marker_glued_to_a_list_number_is_dropped(tmp_path):
    result = convert_text(tmp_path, "标题的通知\n一、总体\n第一段。\n1. — 1 —\n二、其他\n第二段。\n")
    assert [s.title for _, s in result.document.walk() if isinstance(s, m.Section)] == ["总体", "其他"]
    assert [c.line for c in result.report.removed()] == [4]


def test_a_heading_pasted_twice_is_kept_but_not_numbered(tmp_path):
    # a PDF page pasted twice: the same heading again, its text cut off where the page ended
    text = ("某某县教育局2024年工作要点\n一、加强党建工作\n坚持党建引领，推动各项工作落实。\n二、提高教学质量\n"
            "深化课堂教学改革，推进教学评一体化，全面提升教学质量。\n二、提高教学质量\n深化课堂教学改革，推进教学\n"
            "三、加强队伍建设\n实施名师工程。\n")
    result = convert_text(tmp_path, text)
    assert outline(result.document) == [(1, "加强党建工作"), (1, "提高教学质量"), (1, "加强队伍建设")]
    assert [e.number for e in result.report.outline] == ["一、", "二、", "三、"]
    # nothing is lost: the repeat stays as text, typed number and all, and is reported
    second = result.document.blocks[1]
    assert [b.text for b in second.blocks][-2:] == ["二、提高教学质量", "深化课堂教学改革，推进教学"]
    dups = [c for c in result.report.changes if c.kind == "duplicate"]
    assert dups[0].line == 6 and "不参与编号" in dups[0].message


def test_a_heading_fragment_cut_mid_sentence_is_not_a_new_section(tmp_path):
    text = ("某某县教育局2024年工作要点\n一、加强党建工作\n坚持党建引领。\n二、深入推进义务教育优质均衡发展\n"
            "扩大优质资源。\n二、深入推进义务教育\n三、加强队伍建设\n实施名师工程。\n")
    result = convert_text(tmp_path, text)
    assert [e.number for e in result.report.outline] == ["一、", "二、", "三、"]


def test_the_same_heading_with_different_text_is_not_a_duplicate(tmp_path):
    # 工作要点 often repeat a short heading in two parts of the year; only a repeat with the same
    # text after it is set aside
    text = ("某某县教育局2024年工作要点\n一、上半年\n（一）抓好党建\n开展主题教育。\n二、下半年\n（一）抓好党建\n"
            "落实整改任务。\n")
    result = convert_text(tmp_path, text)
    assert [e.number for e in result.report.outline] == ["一、", "（一）", "二、", "（一）"]


def test_traditional_text_keeps_its_characters_and_says_how_to_simplify(tmp_path):
    text = "某某縣教育局2023年工作總結\n一、強化黨建引領\n全面加強學校黨的建設(shè)，落實黨組織領(lǐng)導的校長負責制。\n"
    result = convert_text(tmp_path, text)
    assert any("--simplified" in w for w in result.report.warnings)
    assert paragraphs(result.document.blocks) == ["全面加強學校黨的建設，落實黨組織領導的校長負責制。"]
    simple = convert_text(tmp_path, "某某县教育局2023年工作总结\n一、强化党建引领\n全面加强学校党的建设，落实党组织领导的校长负责制。\n")
    assert not any("--simplified" in w for w in simple.report.warnings)
