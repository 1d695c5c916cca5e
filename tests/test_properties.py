"""Property tests: for any outline a clerk can write, nothing is lost and numbering is right."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftkit import model as m
from draftkit.numbering import marker
from draftkit.profile import default_profile
from draftkit.writer import build_docx

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT_FREE = st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789ABCxyz“”《》（）—")), min_size=1, max_size=30)
TEXT = PUNCT_FREE.map(lambda s: s.strip() or "空").filter(lambda s: s[-1] not in "。；;，,、：: ")


def sections(depth: int):
    leaf = st.fixed_dictionaries({"标题": TEXT, "正文": TEXT.map(lambda s: s + "。")})
    if depth == 4:
        return st.lists(leaf, min_size=1, max_size=3)
    node = st.fixed_dictionaries(
        {"标题": TEXT, "正文": TEXT.map(lambda s: s + "。")},
        optional={"子项": st.deferred(lambda: sections(depth + 1))},
    )
    return st.lists(node, min_size=1, max_size=3)


def _build(data: dict, kind: str) -> m.Document:
    from draftkit.loader import load
    from draftkit.schema import build

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "in.json"
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return build(load(p), kind)


def _expected(secs, level, counters, continuous, out):
    for s in secs:
        counters[level] += 1
        for deeper in range(level + 1, 5):
            if not (continuous and deeper == 3):
                counters[deeper] = 0
        out.append((marker(level, counters[level]), s["标题"], s["正文"]))
        _expected(s.get("子项", []), level + 1, counters, continuous, out)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secs=sections(1), continuous=st.booleans())
def test_outline_round_trips_into_the_docx(secs, continuous):
    data = {"标题": "某局工作要点", "分节": secs, "编号": "连续" if continuous else "分节重排"}
    doc = _build(data, "plan")
    d = build_docx(doc, default_profile())
    text = "\n".join(p.text for p in d.paragraphs)
    expected = _expected(secs, 1, {1: 0, 2: 0, 3: 0, 4: 0}, continuous, [])
    pos = 0
    for mark, title, body in expected:
        lead = title + ("。" if mark[0].isdigit() or mark.startswith("（") and mark[1].isdigit() else "")
        i = text.find(mark + lead, pos)
        assert i >= 0, (mark, title, text[pos:pos + 200])
        pos = i + len(mark + lead)
        j = text.find(body, pos)
        assert j >= 0
        pos = j + len(body)


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_in_a_paragraph_never_crashes_and_keeps_every_printable_character(text):
    data = {"标题": "标题", "分节": [{"标题": "甲", "正文": [text if text.strip() else "空"]}]}
    try:
        doc = _build(data, "plan")
    except Exception as exc:  # only our own, explained errors are acceptable
        from draftkit.errors import DraftkitError

        assert isinstance(exc, DraftkitError), exc
        return
    d = build_docx(doc, default_profile())
    out = "".join(p.text for p in d.paragraphs)
    kept = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", "", text)
    from draftkit.convert.cleanup import normalise_punct, normalise_ranges

    # half-width punctuation in Chinese text is corrected (and the clerk warned), nothing else changes
    for line in normalise_ranges(normalise_punct(kept)).splitlines():
        assert line.strip() in out
