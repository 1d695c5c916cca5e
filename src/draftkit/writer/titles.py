"""Title splitting: a long title goes on two or three lines, broken between units of meaning
(GB/T 9704 7.3.1), in a trapezoid or diamond shape, never an hourglass."""

from __future__ import annotations

import math
import re

from draftkit.ooxml import visual_width

# title splitting
_ORG_SUFFIX = re.compile(r"(局|委员会|委|政府|厅|办公室|院|部|中心|学校|小学|中学|所|站|队|会)$")
_BREAK_BEFORE = ("关于", "的通知", "的报告", "的意见", "的请示", "的函", "的实施方案", "工作总结", "工作要点",
                 "工作计划", "实施方案", "行动方案")
_OPENERS = "《“‘（(〔【「"
_CLOSERS = "》”’）)〕】」、，。：；！？"


def _allowed_break(text: str, i: int, keep_brackets: bool = True) -> bool:
    a, b = text[i - 1], text[i]
    if a in _OPENERS or b in _CLOSERS:
        return False
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return False
    if not keep_brackets:
        return True
    depth = 0
    for ch in text[:i]:
        if ch in "《“（(〔【「":
            depth += 1
        elif ch in "》”）)〕】」" and depth:
            depth -= 1
    return depth == 0 or b in _OPENERS


def _break_bonus(text: str, i: int) -> float:
    head, tail = text[:i], text[i:]
    bonus = 0.0
    if head.endswith("关于"):
        bonus += 6
    if tail.startswith(_BREAK_BEFORE):
        bonus += 5
    if _ORG_SUFFIX.search(head):
        bonus += 4
    if re.match(r"\d{4}", tail) or re.search(r"\d{4}年$", head):
        bonus += 3
    if head[-1] in "、，" :
        bonus += 4
    return bonus


def split_title(text: str, max_width: float) -> list[str]:
    """Split a title between units of meaning into as few lines as fit, never an hourglass."""
    if visual_width(text) <= max_width:
        return [text]
    n = len(text)
    k = max(2, math.ceil(visual_width(text) / max_width))
    best: tuple[float, list[str]] | None = None
    cuts: list[int] = []

    def score(lines: list[str], idxs: list[int]) -> float | None:
        widths = [visual_width(x) for x in lines]
        if any(w > max_width for w in widths):
            return None
        if len(widths) >= 3 and any(widths[j] < widths[j - 1] and widths[j] < widths[j + 1]
                                    for j in range(1, len(widths) - 1)):
            return None  # hourglass
        s = sum(_break_bonus(text, i) for i in idxs)
        s -= (max(widths) - min(widths)) * 0.6
        return s

    def rec(start: int, parts_left: int, idxs: list[int]):
        nonlocal best
        if parts_left == 1:
            all_idx = idxs
            bounds = [0] + all_idx + [n]
            lines = [text[bounds[j]:bounds[j + 1]] for j in range(len(bounds) - 1)]
            sc = score(lines, all_idx)
            if sc is not None and (best is None or sc > best[0]):
                best = (sc, lines)
            return
        for c in cuts:
            if c > start:
                rec(c, parts_left - 1, idxs + [c])

    # First keep 《》（）“” whole; a bracketed name longer than a line has to be broken.
    for keep in (True, False):
        cuts = [i for i in range(1, n) if _allowed_break(text, i, keep)]
        for lines_count in range(k, 4):
            rec(0, lines_count, [])
            if best is not None:
                return best[1]
    # Longer than three lines is not a title any more; wrap it greedily (cost stays linear).
    lines, cur = [], ""
    for ch in text:
        if cur and visual_width(cur + ch) > max_width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur]
