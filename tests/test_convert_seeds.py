"""The real documents in shared/seeds converted: outlines asserted, the PDF half rejoined."""

from __future__ import annotations

import pytest

from draftkit import model as m
from draftkit.convert import convert
from tests.convert_helpers import SEEDS, outline, paragraphs, sections


def seed(prefix: str):
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not present in {SEEDS}")
    return found[0]


FIRST_HALF_000 = [
    (1, "2020年工作总结"),
    (2, "突出引领，党的建设得到全面加强"),
    (3, "学校党建基础进一步夯实。"),
    (3, "党管人才力度进一步增大。"),
    (3, "干部选用培养进一步规范。"),
    (3, "党风廉政建设进一步强化。"),
    (2, "补短攻坚，优质均衡县创建强力推进"),
    (2, "围绕焦点，防疫工作取得关键性成效"),
    (2, "落实根本，五育并举促育人内涵再提升"),
    (2, "紧扣中心，教育综合改革全面深化"),
    (3, "机关人事改革开新局。"),
    (3, "县管校聘创新貌。"),
    (3, "教育教学改革亮新点。"),
    (2, "夯实基础，教育现代化发展步伐更坚定"),
    (3, "教育基建工程稳步推进。"),
    (3, "优质教育资源逐步引进。"),
    (3, "教育服务经济社会能力进一步增强。"),
    (3, "教育安全稳定得到切实维护。"),
    (1, "存在的主要问题"),
]


def test_seed_000_summary():
    result = convert(seed("000"))
    d = result.document
    assert d.meta.label == "附件2"
    assert d.meta.title == ["岱山县教育局2020年工作总结"]
    # the clean first half, with "1、" and "（1）" put at levels 1 and 2
    got = outline(d)
    assert got[: len(FIRST_HALF_000)] == FIRST_HALF_000
    # the PDF-extracted second half repeats the start, broken every few words: rejoined, kept
    # as text with the numbers it was typed with, flagged, and left out of the numbering
    assert got == FIRST_HALF_000
    texts = paragraphs(d.blocks)
    at = texts.index("一、2020年工作总结")
    assert texts[at + 1] == "（一）突出引领，党的建设得到全面加强"
    secs = sections(d)
    first_lead = secs[2]
    assert texts[at + 2] == "1." + first_lead.title + first_lead.blocks[0].text
    truncated = texts[at + 3]
    assert truncated.startswith("2.") and (secs[3].title + secs[3].blocks[0].text).startswith(truncated[2:])
    assert len(truncated) > 50
    fragment = "以办好人民满意教育为宗旨，深化改革促发展，力补短板提质量，积极创建全国义务教育优质均衡发展县，奋力谱写了岱山教育发展新篇章。"
    assert fragment in texts
    dups = [c for c in result.report.changes if c.kind == "duplicate"]
    assert [c.line for c in dups] == [40, 50, 58, 108]
    # "一是……二是……" stays in its paragraph, half-width ; and , corrected
    problems = next(s for s in secs if s.title == "存在的主要问题")
    text = problems.blocks[0].text
    assert "；二是学校办学品质不高" in text and ";" not in text and "," not in text


def test_seed_001_plan():
    result = convert(seed("001"))
    d = result.document
    junk = [c for c in result.report.changes if c.kind == "junk"]
    assert [c.line for c in junk] == [1]
    assert d.meta.title == ["教育局2020年工作要点"]
    got = outline(d)
    assert [t for lv, t in got if lv == 1] == ["切实完善教育治理三大体系", "着力提升教育治理四大能力"]
    assert [t for lv, t in got if lv == 2] == [
        "完善教育行政治理体系", "完善全面发展育人体系", "完善教师队伍治理体系",
        "提升党对教育的全面领导能力", "提升教育发展保障能力", "提升优质教育供给能力", "提升教育发展核心能力",
    ]
    assert [lv for lv, _ in got].count(3) == 22
    assert all(s.run_in for s in sections(d) if s.level == 3)
    assert got[2] == (3, "积极主动履职作为。")
    # the opening and closing paragraphs stay paragraphs
    assert isinstance(d.blocks[0], m.Paragraph) and d.blocks[0].text.startswith("2020年，X教育系统")
    assert paragraphs(d.blocks)[-1].startswith("此外，继续做好档案")


def test_seed_004_web_page():
    result = convert(seed("004"))
    d = result.document
    assert [c.line for c in result.report.changes if c.kind == "junk"] == [1, 2, 3, 5]
    assert d.meta.title == ["岱山县教育局2024年工作要点"]
    got = outline(d)
    assert [t for lv, t in got if lv == 1] == [
        "突出政治引领，加强党对教育工作的全面领导", "坚持五育并举，提升学校育人质量",
        "提升内涵特色，推进各类教育协调发展", "坚持改革深化，增强教育现代化治理水平",
    ]
    # 一、 straight to 1. throughout: kept as levels 1 and 3
    assert [lv for lv, _ in got] == [1, 3, 3, 3, 1, 3, 3, 3, 1, 3, 3, 3, 3, 3, 1, 3, 3, 3, 3]
    assert got[1] == (3, "把政治建设摆在首位。")
    # half-width punctuation of the web page is now full-width, numbers untouched
    opening = d.blocks[0].text
    assert opening.startswith("2024年是贯彻落实党的二十大精神的关键之年，是深入实施")
    allp = "".join(paragraphs(d.blocks))
    assert "," not in allp and ":" not in allp
    assert "“2+1”" in allp
