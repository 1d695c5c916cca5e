"""Heading numbers: Chinese numerals and the four GB/T 9704 levels.

Numbers are never stored in the document model; the writer asks a `Numberer`
for the marker of each heading as it walks the structure.
"""

from __future__ import annotations

from typing import Literal

DIGITS = "零一二三四五六七八九"

Style = Literal["restart", "continuous", "keep"]


MAX_NUMBER = 9999  # the largest number chinese_numeral writes


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 99 -> 九十九, 100 -> 一百, 105 -> 一百零五."""
    if n <= 0:
        raise ValueError(f"编号必须是正整数：{n}")
    if n > MAX_NUMBER:
        raise ValueError(f"编号过大：{n}")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    pending_zero = False
    for value, name in units:
        q, rest = divmod(rest, value)
        if q:
            if pending_zero:
                out += "零"
                pending_zero = False
            out += DIGITS[q] + name
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out += "零"
        out += DIGITS[rest]
    return out


def marker(level: int, n: int) -> str:
    """The standard marker for item `n` at heading `level` (1-4)."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"层级只能是 1 到 4，收到 {level}")


MARKER_NAMES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
DIVISION_WORDS = {"chapter": "章", "part": "节", "article": "条"}


def division_marker(division: str, n: int) -> str:
    """第一章, 第二节, 第十二条."""
    return f"第{chinese_numeral(n)}{DIVISION_WORDS[division]}"


class Numberer:
    """Hands out markers in document order.

    restart: a level's counter starts again at 1 under every new heading of a
    higher level (the usual rule).  continuous: level-3 items are numbered
    through the whole document (a habit of 工作要点); other levels restart.
    keep: the numbers the source document had (``draftkit convert --numbering
    keep``); a heading without one continues from its previous sibling.

    Chapters (第一章), 节 and articles (第一条) have counters of their own: chapters and articles
    number through the whole document, 节 start again in every chapter. Headings restart under
    an article, and under a chapter or 节 only with restart_in_chapters.
    """

    def __init__(self, style: Style = "restart", *, restart_in_chapters: bool = False):
        if style not in ("restart", "continuous", "keep"):
            raise ValueError(f"未知的编号方式：{style}")
        self.style = style
        self.restart_in_chapters = restart_in_chapters
        self.counters = {1: 0, 2: 0, 3: 0, 4: 0}
        self.divisions = {"chapter": 0, "part": 0, "article": 0}

    def _count(self, counters: dict, key, source: int | None) -> int:
        if self.style == "keep" and source is not None and source > 0:
            counters[key] = source
        else:
            counters[key] += 1
        if counters[key] > MAX_NUMBER:
            from draftkit.errors import DraftkitError

            what = f"“第X{DIVISION_WORDS[key]}”" if key in DIVISION_WORDS else f"第 {key} 级标题"
            raise DraftkitError(f"编号超过 {MAX_NUMBER}：{what}排到了第 {counters[key]} 项，中文序号写不出这么大的数；"
                                "请把这一级分成几部分（或检查原文是否把正文误写成了编号行）")
        return counters[key]

    def next_division(self, division: str, source: int | None = None) -> str:
        n = self._count(self.divisions, division, source)
        if division == "chapter":
            self.divisions["part"] = 0
        if division == "article" or self.restart_in_chapters:
            self.counters = {1: 0, 2: 0, 3: 0, 4: 0}
        return division_marker(division, n)

    def next(self, level: int, source: int | None = None) -> str:
        if level not in self.counters:
            raise ValueError(f"层级只能是 1 到 4，收到 {level}")
        self._count(self.counters, level, source)
        for deeper in range(level + 1, 5):
            if deeper == 3 and self.style == "continuous":
                continue
            self.counters[deeper] = 0
        return marker(level, self.counters[level])


def numberer_for(doc) -> Numberer:
    """A fresh Numberer for the body (or an attachment) of a model Document."""
    return Numberer(doc.numbering, restart_in_chapters=doc.restart_in_chapters)


def next_marker(numberer: Numberer, section) -> str:
    """The marker of a model Section: a division's 第X章/节/条, or a heading's 一、 （一） 1. （1）."""
    if section.division:
        return numberer.next_division(section.division, section.source_number)
    return numberer.next(section.level, section.source_number)
