"""Rejoin lines that a PDF or a web page broke in the middle of a sentence.

The rules, in order, for a line A followed by a line B:

1. A is a heading marker alone ("1." / "一、") -> join: the marker's text is on B.
2. B starts with punctuation ("。" alone on a line) -> join: no paragraph starts so.
3. B starts with a heading marker, is a table, a Markdown/Word heading -> break;
   so does every line before the first full line or heading (title, 主送).
4. An empty line between A and B breaks, unless the text puts one between almost
   every line (PDF extraction does), where it tells nothing.
5. No hard wrapping found in the text (no common line width) -> break: every line
   is its own paragraph, as in text typed in Word or copied from a web page.
6. A or B is longer than the wrap width -> break: that line was never wrapped.
7. A is a heading so far (marker, no sentence end yet): a full A runs on; after a
   short A, a B that is a full line or has a sentence end is the body -> break.
8. A ends a sentence (。！？；…) -> break, unless A fills the line (the wrap fell
   after a full stop by chance) or the paragraph so far is only "marker + one lead
   sentence" (a run-in item whose body follows).
9. Otherwise join.
"""

from __future__ import annotations

import re
from collections import Counter

from draftkit.convert.markers import is_marker_only, match_marker
from draftkit.convert.readers import Unit
from draftkit.convert.report import Report, snippet
from draftkit.ooxml import visual_width

_LABEL = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*[：:]?$")
SENTENCE_END = "。！？；…!?;"
CLOSERS = "”’」』）)》"
PUNCT_START = "，。、；：？！…）》」』”’,.;:?!)"


def _ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in SENTENCE_END


def wrap_width(units: list[Unit]) -> float | None:
    """The line width a hard-wrapped text was broken at, when there is one.

    Wrapped lines cluster at one width (within a character); typed paragraphs do not.
    """
    # evidence comes from lines that do not start with a heading marker: a wrapped
    # paragraph leaves continuation lines of one width, headings prove nothing
    lines = [u.text.strip() for u in units if u.table is None and not match_marker(u.text.strip())]
    widths = [round(visual_width(t)) for t in lines]
    candidates = [w for w in widths if 12 <= w <= 80]
    if len(candidates) < 3:
        return None
    counts = Counter(candidates)
    best, best_n = None, 0
    for w in counts:
        n = counts[w] + counts.get(w - 1, 0)
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    if best is None or best_n < 3:
        return None
    # wrapped lines end anywhere; typed paragraphs of equal length end a sentence
    cluster = [t for t, w in zip(lines, widths) if w in (best, best - 1)]
    if sum(1 for t in cluster if not _ends_sentence(t)) < len(cluster) / 2:
        return None
    # lines a little longer than the cluster would contradict wrapping at that width
    longer = sum(1 for w in candidates if best + 2 <= w <= best + 12)
    if longer > best_n:
        return None
    return float(best)


def _blank_lines_tell(units: list[Unit]) -> bool:
    pairs = len(units) - 1
    if pairs < 1:
        return True
    blanks = sum(1 for u in units[1:] if u.blank_before)
    return blanks / pairs < 0.5


def rejoin(units: list[Unit], report: Report, *, markdown: bool = False) -> list[Unit]:
    if not units:
        return []
    width = wrap_width(units)
    blanks_tell = markdown or _blank_lines_tell(units)
    out: list[Unit] = []
    cur: Unit | None = None
    cur_lines: list[Unit] = []

    def flush():
        nonlocal cur, cur_lines
        if cur is not None:
            if len(cur_lines) > 1:
                cur.wrapped = True
                report.add("join", cur.line, f"{len(cur_lines)} 行合并为一段（第 {cur_lines[0].line}–{cur_lines[-1].line} 行）",
                           " / ".join(snippet(u.text.strip(), 12) for u in cur_lines[:4]) + (" / …" if len(cur_lines) > 4 else ""),
                           snippet(cur.text))
            out.append(cur)
        cur, cur_lines = None, []

    # Lines before the first full line or heading are the front matter (label, title
    # lines, 主送): short by nature, never joined here; the outline step reads them.
    in_front = True
    for u in units:
        if in_front and width is not None:
            if cur is not None:
                flush()  # the previous line was front matter: it stands alone
            t = u.text.strip()
            if visual_width(t) >= width - 1.5 or match_marker(t) or u.table is not None or u.heading is not None:
                in_front = False
        if cur is None:
            cur, cur_lines = Unit(u.text.strip(), u.line, u.blank_before, u.heading, u.list_level, u.centered,
                                  u.table, False, dict(u.extra)), [u]
            if u.table is not None or u.heading is not None:
                flush()
            continue
        if _should_join(cur, cur_lines[-1], u, width, blanks_tell):
            cur.text = cur.text + u.text.strip()
            cur_lines.append(u)
        else:
            flush()
            cur, cur_lines = Unit(u.text.strip(), u.line, u.blank_before, u.heading, u.list_level, u.centered,
                                  u.table, False, dict(u.extra)), [u]
            if u.table is not None or u.heading is not None:
                flush()
    flush()
    return out


def _should_join(cur: Unit, last: Unit, nxt: Unit, width: float | None, blanks_tell: bool) -> bool:
    a = last.text.strip()
    b = nxt.text.strip()
    if nxt.table is not None or nxt.heading is not None or cur.heading is not None or cur.table is not None:
        return False
    if nxt.list_level is not None:
        return False
    if _LABEL.match(a) or _LABEL.match(b):
        return False
    if is_marker_only(cur.text) and len(cur.text) < 8:
        return True
    if b[:1] and b[0] in PUNCT_START:
        return True
    if match_marker(b):
        return False
    if nxt.blank_before and blanks_tell:
        return False
    if width is None:
        return False
    wa, wb = visual_width(a), visual_width(b)
    if wa > width + 1.5 or wb > width + 1.5:
        return False
    full = wa >= width - 1.5
    mk = match_marker(cur.text)
    if mk is not None and not any(ch in SENTENCE_END for ch in mk.rest):
        # a heading so far: a full line runs on; after a short one a body line starts
        if full:
            return True
        if visual_width(b) >= width - 1.5 or any(ch in "。！？；" for ch in b):
            return False
        return True
    if _ends_sentence(a):
        if full:
            return True
        if mk is not None:
            rest = mk.rest.rstrip().rstrip(CLOSERS)
            inner = rest[:-1]
            if not any(ch in SENTENCE_END for ch in inner) and visual_width(rest) <= 40:
                return True  # "1.学校党建基础进一步夯实。" then its body
        return False
    return True
