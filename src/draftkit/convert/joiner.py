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
   sentence" (a run-in item whose body follows). A 署名 above the 成文日期 never runs on
   from a finished sentence, full or not.
9. Otherwise join.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from draftkit.convert.frame import GENRE_END, banner_line, names_an_organisation, recipient_like
from draftkit.convert.markers import LABEL, SENTENCE_END, ends_sentence, match_marker
from draftkit.convert.readers import Unit
from draftkit.convert.report import Report, snippet
from draftkit.dates import parse_date
from draftkit.script import visual_width

PUNCT_START = "，。、；：？！…）》」』”’,.;:?!)"


def wrap_width(units: list[Unit]) -> float | None:
    """The line width a hard-wrapped text was broken at, when there is one.

    Wrapped lines cluster at one width (within a character); typed paragraphs do not.
    """
    # evidence comes from lines that do not start with a heading marker: a wrapped
    # paragraph leaves continuation lines of one width, headings prove nothing
    lines = [u.text.strip() for u in units if u.block is None and not match_marker(u.text.strip())]
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
    if sum(1 for t in cluster if not ends_sentence(t)) < len(cluster) / 2:
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


def _sentence_ends(text: str) -> int:
    return sum(map(text.count, SENTENCE_END))


class _Para:
    """The paragraph being built, with what the join rules need kept up to date
    line by line (so a paragraph of thousands of lines costs linear time)."""

    def __init__(self, u: Unit):
        text = u.text.strip()
        self.first = u
        self.parts = [text]
        self.lines = [u]
        mk = match_marker(text)
        self.marker = mk is not None
        rest = mk.rest.strip() if mk else ""
        self.rest_width = visual_width(rest)
        self.rest_ends = _sentence_ends(rest)
        self.length = len(text)

    def add(self, u: Unit) -> None:
        text = u.text.strip()
        self.parts.append(text)
        self.lines.append(u)
        self.length += len(text)
        if self.marker:
            self.rest_width += visual_width(text)
            self.rest_ends += _sentence_ends(text)

    @property
    def standalone(self) -> bool:
        return self.first.block is not None or self.first.heading is not None

    def unit(self) -> Unit:
        return replace(self.first, text="".join(self.parts))


def rejoin(units: list[Unit], report: Report, *, markdown: bool = False) -> list[Unit]:
    if not units:
        return []
    width = wrap_width(units)
    blanks_tell = markdown or _blank_lines_tell(units)
    out: list[Unit] = []
    cur: _Para | None = None

    def flush():
        nonlocal cur
        if cur is not None:
            joined = cur.unit()
            lines = cur.lines
            if len(lines) > 1:
                report.add("join", joined.line, f"{len(lines)} 行合并为一段（第 {lines[0].line}–{lines[-1].line} 行）",
                           " / ".join(snippet(u.text.strip(), 12) for u in lines[:4]) + (" / …" if len(lines) > 4 else ""),
                           snippet(joined.text))
            out.append(joined)
        cur = None

    # Lines before the first full line or heading are the front matter (label, title
    # lines, 主送): short by nature, never joined here; the outline step reads them.
    in_front = True
    for k, u in enumerate(units):
        if in_front and width is not None:
            if cur is not None:
                flush()  # the previous line was front matter: it stands alone
            t = u.text.strip()
            if banner_line(t):
                pass  # 份号, 发文字号 and 签发人 …: front matter however wide
            elif visual_width(t) >= width - 1.5 or match_marker(t) or u.block is not None or u.heading is not None:
                in_front = False
        if cur is not None and _should_join(cur, u, width, blanks_tell, units[k + 1: k + 5]):
            cur.add(u)
            continue
        flush()
        cur = _Para(u)
        if cur.standalone:
            flush()
    flush()
    return out


def _signs(b: str, ahead: list[Unit]) -> bool:
    """b is the (first) 署名: it names an organisation, and the 成文日期 follows it, after at
    most three more 署名 of a 联合发文."""
    if not names_an_organisation(b):
        return False
    for u in ahead:
        if u.block is not None:
            return False
        if parse_date(u.text):
            return True
        if not names_an_organisation(u.text.strip()):
            return False
    return False


def _should_join(cur: _Para, nxt: Unit, width: float | None, blanks_tell: bool, ahead: list[Unit] = ()) -> bool:
    a = cur.lines[-1].text.strip()
    b = nxt.text.strip()
    if ends_sentence(a) and _signs(b, ahead):
        return False  # the 署名 above the 成文日期, however full the line before it
    if nxt.block is not None or nxt.heading is not None or cur.standalone:
        return False
    if nxt.list_level is not None:
        return False
    if LABEL.match(a) or LABEL.match(b):
        return False
    if cur.marker and cur.rest_width == 0 and cur.length < 8:
        return True  # a marker alone on its line
    if b[:1] and b[0] in PUNCT_START:
        return True
    if match_marker(b):
        return False
    if banner_line(a) or banner_line(b):
        return False  # the lines of a 版头 stand on their own
    if GENRE_END.search(a) or recipient_like(b) or parse_date(a) or parse_date(b):
        return False  # a title, a 主送, a 成文日期 stand on their own lines
    if names_an_organisation(a) and names_an_organisation(b):
        return False  # 署名 of a 联合发文, one a line
    if nxt.blank_before and blanks_tell:
        return False
    if width is None:
        return False
    wa, wb = visual_width(a), visual_width(b)
    if wa > width + 1.5 or wb > width + 1.5:
        return False
    full = wa >= width - 1.5
    if cur.marker and cur.rest_ends == 0:
        # a heading so far: a full line runs on; after a short one a body line starts
        if full:
            return True
        if wb >= width - 1.5 or any(ch in "。！？；" for ch in b):
            return False
        return True
    if ends_sentence(a):
        if full:
            return True
        if cur.marker and cur.rest_ends == 1 and cur.rest_width <= 40:
            return True  # "1.学校党建基础进一步夯实。" then its body
        return False
    return True
