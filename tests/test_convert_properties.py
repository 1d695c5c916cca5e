"""Property tests for convert: sloppy renderings of random outlines come back as the same
outline; any input converts without a crash and without losing a content character."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from draftkit.convert import convert
from draftkit.numbering import chinese_numeral
from tests.convert_helpers import content, outline, text_with_source_markers

HAN = "教育发展质量改革学校教师学生工作建设推进加强提升完善体系能力服务管理制度创新安全健康文化全面深化落实优化"
han_text = st.text(alphabet=HAN, min_size=2, max_size=12)

# marker variants a writer may use for each standard level
VARIANTS = {
    1: [lambda n: f"{chinese_numeral(n)}、", lambda n: f"{chinese_numeral(n)}. ", lambda n: f"{chinese_numeral(n)}，"],
    2: [lambda n: f"（{chinese_numeral(n)}）", lambda n: f"({chinese_numeral(n)})", lambda n: f"（{chinese_numeral(n)}、"],
    3: [lambda n: f"{n}.", lambda n: f"{n}．", lambda n: f"{n}、", lambda n: f"{n}．、"],
    4: [lambda n: f"（{n}）", lambda n: f"({n})", lambda n: f"{n}）"],
}
PAGE_NUMBERS = ["— {} —", "- {} -", "－{}－", "第{}页"]


@st.composite
def outlines(draw):
    """A random outline: (level, title, body, run_in) with levels that nest one step at a time."""
    items = []
    level = 1
    for i in range(draw(st.integers(1, 14))):
        level = 1 if i == 0 else draw(st.integers(1, min(4, level + 1)))
        title = draw(han_text)
        sentences = draw(st.lists(han_text, min_size=1, max_size=4))
        body = "，".join(sentences) + "。"
        run_in = level >= 3 and draw(st.booleans())
        items.append((level, title, body, run_in))
    return items


def sloppy(draw, items):
    variants = {lv: draw(st.sampled_from(range(len(VARIANTS[lv])))) for lv in VARIANTS}
    half_width = draw(st.booleans())
    width = draw(st.one_of(st.none(), st.integers(14, 30)))
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    kept = []
    # a hard-wrapped text shows its wrap width only over several full lines; the opening
    # paragraph gives at least three
    lines = ["测试文稿标题"] + wrap(OPENING, width)
    for level, title, body, run_in in items:
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        mk = VARIANTS[level][variants[level]](counters[level])
        if width is not None and not run_in:
            # a heading that fills a wrapped line exactly cannot be told from one that runs
            # on; real headings are shorter than the line, so the generator keeps them so
            # (measured as the converter sees it, after "(一)" became "（一）")
            from draftkit.convert.cleanup import normalise_punct
            from draftkit.script import visual_width

            while visual_width(normalise_punct(mk + title)) > width - 2:
                title = title[:-1]
        kept.append((level, title, body, run_in))
        if half_width:
            body = body.replace("，", ",")
        if run_in:
            text = mk + title + "。" + body
            lines.extend(wrap(text, width))
        else:
            lines.append(mk + title)
            lines.extend(wrap(body, width))
    out = []
    page = 1
    for line in lines:
        out.append(line)
        if draw(st.integers(0, 9)) == 0:
            page += 1
            out.append(draw(st.sampled_from(PAGE_NUMBERS)).format(page))
    return "\n".join(out) + "\n", kept


OPENING = "开头段落说明全年工作的总体情况，各项任务已经全面完成，" * 3 + "成绩来之不易。"


def wrap(text: str, width: int | None) -> list[str]:
    """Break by visual width as a PDF does (a digit or Latin letter is half a character)."""
    if width is None:
        return [text]
    from draftkit.script import visual_width

    lines, cur = [], ""
    for ch in text:
        if visual_width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _convert(text: str, name: str = "稿.txt"):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_text(text, encoding="utf-8")
        return convert(p)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sloppy_outline_converts_back(data):
    items = data.draw(outlines())
    text, items = sloppy(data.draw, items)
    result = _convert(text)
    expected = [(lv, title + ("。" if run_in else "")) for lv, title, _, run_in in items]
    assert outline(result.document) == expected, text
    # and every body comes back whole
    got_content = content(text_with_source_markers(result.document, [""] * len(result.report.outline)))
    want = content("测试文稿标题" + OPENING + "".join(title + body for _, title, body, _ in items))
    assert content(got_content) == want, text


# any text at all: letters, digits, punctuation, markers, spaces, line breaks
PIECES = st.sampled_from([
    "一、", "（一）", "(二)", "1.", "2、", "（3）", "①", "第一章", "。", "，", ",", ";", "：", ":", "(", ")", "?", "!",
    " ", "\u3000", "\n", "\n\n", "\t", "— 2 —", "索引号 1", "教育", "发展", "质量", "ABC", "x", "42", "1.5",
    "《条例》", "“双减”", "……", "——", "http://a.cn/?q=1", "（此件公开发布）", "一是", "二是", "打印本页",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=60))
def test_any_input_no_crash_and_nothing_lost(pieces):
    text = "".join(pieces)
    assume(text.strip())
    result = _convert(text)
    doc, report = result.document, result.report
    removed_lines = {c.line for c in report.removed()}
    kept = [line for no, line in enumerate(text.splitlines(), start=1) if no not in removed_lines]
    want = content("\n".join(kept))
    got = text_with_source_markers(doc, [e.marker for e in report.outline])
    if report.title_missing:
        got = got.replace(doc.meta.title[0], "", 1)
    assert content(got) == want, (text, got)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_arbitrary_unicode_never_crashes(text):
    from draftkit.errors import DraftkitError

    try:
        result = _convert(text)
    except DraftkitError as exc:  # refused with a message (e.g. binary-looking), never a crash
        assert exc.message
        return
    assert result.document.meta.title
