"""Title splitting: a long title goes on two or three lines, broken between units of meaning
(GB/T 9704 7.3.1), in a trapezoid or diamond shape, never an hourglass."""

from __future__ import annotations

import functools
import math
import re

from draftkit.script import visual_width

_ORG_SUFFIX = re.compile(r"(局|委员会|委|政府|厅|办公室|院|部|中心|学校|小学|中学|所|站|队|会)$")
_BREAK_BEFORE = ("关于", "的通知", "的报告", "的意见", "的请示", "的函", "的实施方案", "工作总结", "工作要点",
                 "工作计划", "实施方案", "行动方案")
_OPENERS = "《“‘（(〔【「"
_CLOSERS = "》”’）)〕】」、，。：；！？"
_DIGITS = "0123456789０１２３４５６７８９"
_CN_NUMERALS = "〇零一二三四五六七八九十百千万两"
# Terms of the genre the segmenter's general dictionary cuts in two or glues to a neighbour.
GENRE_WORDS = ("人民政府", "办公室", "办公厅", "教育局", "教育厅", "教育部", "中小学", "中小学校", "幼儿园",
               "义务教育", "优质均衡", "均衡发展", "实施方案", "行动方案", "工作要点", "工作总结", "工作计划",
               "指导意见", "实施意见", "若干意见", "应急预案", "领导小组", "中共中央", "国务院")


@functools.lru_cache(maxsize=1)
def _segmenter():
    """jieba, imported and loaded only when a title is too long for one line (about 1 s)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in GENRE_WORDS:
        tokenizer.add_word(word, freq=10 ** 6)
    return tokenizer


def word_boundaries(text: str) -> set[int]:
    """Indexes i (0 < i < len) where text[:i] and text[i:] are separate words.

    A number keeps its unit and an ordinal keeps its numeral (2024年, 30个, 第十八次): the
    segmenter sometimes cuts them, a reader never does.
    """
    out, pos = set(), 0
    for word in _segmenter().cut(text, HMM=True):
        pos += len(word)
        out.add(pos)
    out.discard(len(text))
    return {i for i in out
            if text[i - 1] not in _DIGITS + "第"
            and not (text[i - 1] in _CN_NUMERALS and text[i] in _CN_NUMERALS + "次届期批号条款章节")}


def _bracket_depths(text: str) -> list[int]:
    """depth[i]: how many brackets are open before text[i] (one pass, linear)."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        if ch in "《“（(〔【「":
            depth += 1
        elif ch in "》”）)〕】」" and depth:
            depth -= 1
    return depths


def _allowed_breaks(text: str, words: set[int], keep_brackets: bool) -> list[int]:
    """Where a line may break: between `words`, never inside a number or after an opening mark,
    and with keep_brackets not inside 《》“”."""
    depths = _bracket_depths(text) if keep_brackets else None
    out = []
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a in _OPENERS or b in _CLOSERS:
            continue
        if b in "（(":  # a parenthesis annotates the word before it: 县（区）, 预案（试行）
            continue
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            continue
        # punctuation is a boundary of its own; everything else must fall between words
        if i not in words and a not in _CLOSERS and b not in _OPENERS:
            continue
        if depths is not None and depths[i] and b not in _OPENERS:
            continue
        out.append(i)
    return out


def _break_bonus(text: str, i: int) -> float:
    head, tail = text[:i], text[i:]
    bonus = 0.0
    if head.endswith("关于"):
        bonus += 6
    if tail.startswith(_BREAK_BEFORE):
        bonus += 5
    if _ORG_SUFFIX.search(head) and "关于" not in head:  # the issuing body comes before 关于
        bonus += 4
    if re.match(r"\d{4}", tail) or re.search(r"\d{4}年$", head):
        bonus += 3
    if head[-1] in "、，":
        bonus += 4
    return bonus


def split_title(text: str, max_width: float) -> list[str]:
    """Split a title between words, preferring units of meaning, into as few lines as fit.

    Two or three lines in a trapezoid or diamond, never an hourglass (GB/T 9704 7.3.1).
    """
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
            bounds = [0] + idxs + [n]
            lines = [text[bounds[j]:bounds[j + 1]] for j in range(len(bounds) - 1)]
            sc = score(lines, idxs)
            if sc is not None and (best is None or sc > best[0]):
                best = (sc, lines)
            return
        for c in cuts:
            if c > start:
                rec(c, parts_left - 1, idxs + [c])

    words = word_boundaries(text) if n <= 2000 else set()  # the segmenter runs once per title
    if k <= 3:
        # Keep 《》“” whole where that gives no line of a few characters ("的意见" alone);
        # otherwise break inside them, between words, in as few lines as possible.
        found = []
        for keep in (True, False):
            cuts = _allowed_breaks(text, words, keep)
            best = None
            for lines_count in range(k, 4):
                rec(0, lines_count, [])
                if best is not None:
                    found.append(best[1])
                    break
        if found:
            whole = found[0]
            if len(found) == 1 or len(whole) == k or min(visual_width(x) for x in whole) >= 4:
                return whole
            return found[1]
    # Longer than three lines is not a title any more: wrap it greedily, still between words
    # where a word fits on a line (cost stays linear).
    breaks = set(_allowed_breaks(text, words, False)) if n <= 2000 else set()
    lines, start, last_ok, width = [], 0, None, 0.0
    for i, ch in enumerate(text):
        w = visual_width(ch)
        if i > start and width + w > max_width:
            cut = last_ok if last_ok is not None else i
            lines.append(text[start:cut])
            start, last_ok = cut, None
            width = visual_width(text[start:i])
        if i + 1 in breaks:
            last_ok = i + 1
        width += w
    return lines + [text[start:]]
