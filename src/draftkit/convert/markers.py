"""Heading markers as people type them: 一、 （一） 1. （1） and their variants.

A marker belongs to a *family* (the way it is written, e.g. "1、" vs "1."); the
level of a family is decided later from how the document uses it, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN = "零〇一二三四五六七八九十百千两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Standard level of the four GB/T 9704 families; the others have none.
STANDARD_RANK = {"cn_dun": 1, "cn_paren": 2, "ar_dot": 3, "ar_paren": 4}

FAMILY_NAMES = {
    "cn_dun": "一、",
    "cn_paren": "（一）",
    "ar_dot": "1.",
    "ar_paren": "（1）",
    "ar_dun": "1、",
    "ar_half": "1）",
    "circled": "①",
    "chapter": "第一章",
    "section": "第一节",
    "article": "第一条",
}


def parse_chinese_number(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105; None when it is not a number."""
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if all(ch in _CN_DIGITS for ch in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        # "二〇二〇" digit by digit (years)
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    last_unit = 10**9
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (current or 1) * unit
            current = 0
            last_unit = unit
    return total + current


def _num(group: str) -> int | None:
    if group in CIRCLED:
        return CIRCLED.index(group) + 1
    if group.isascii() and group.isdigit():
        return int(group)
    return parse_chinese_number(group)


_NOT_DIGIT = r"(?![0-9０-９])"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"第\s*([{CN}]+|\d{{1,3}})\s*章[\s　]*")),
    ("section", re.compile(rf"第\s*([{CN}]+|\d{{1,3}})\s*节[\s　]*")),
    ("article", re.compile(rf"第\s*([{CN}]+|\d{{1,3}})\s*条[\s　]*")),
    ("cn_paren", re.compile(rf"[（(]\s*([{CN}]+)\s*(?:[）)]\s*[、，,.．]?|[、，,.．])[\s　]*")),
    ("ar_paren", re.compile(r"[（(]\s*(\d{1,3})\s*(?:[）)]\s*[、，,.．]?|[、，,.．])[\s　]*")),
    ("cn_dun", re.compile(rf"([{CN}]+)\s*[、.．，,][\s　]*")),
    ("ar_half", re.compile(r"(\d{1,3})\s*[）)][\s　]*")),
    ("ar_dun", re.compile(rf"(\d{{1,3}})\s*(?:、|[，,]{_NOT_DIGIT})[\s　]*")),
    ("ar_dot", re.compile(rf"(\d{{1,3}})\s*[.．]{_NOT_DIGIT}\s*、?[\s　]*")),
    ("circled", re.compile(rf"([{CIRCLED}])[\s　]*")),
    # "三 保障改善民生": the 、 left out, a space in its place (only before a short heading)
    ("cn_dun", re.compile(r"([一二三四五六七八九十]{1,3})[ \u3000]+(?=[^\s\u3000])")),
]
_SPACE_ONLY = _PATTERNS[-1][1]
# what every marker above starts with, besides a digit
_FIRST = frozenset("第（(" + CN + CIRCLED)


# a standalone 附件 label: "附件", "附件2", "附件二："
LABEL = re.compile(r"^附\s*件\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})?\s*[：:]?$")


@dataclass(frozen=True)
class Marker:
    family: str
    number: int
    text: str  # the marker exactly as typed, trailing spaces included
    rest: str  # what follows the marker on the line
    bare: bool = False  # typed without its punctuation, a space in its place ("三 保障改善民生")


def match_marker(text: str) -> Marker | None:
    """The heading marker at the start of `text`, if there is one."""
    if not text or (text[0] not in _FIRST and not text[0].isdecimal()):  # \d is any decimal digit
        return None
    for family, pattern in _PATTERNS:
        mt = pattern.match(text)
        if not mt:
            continue
        n = _num(mt.group(1))
        if n is None or n <= 0 or n > 999:
            continue
        rest = text[mt.end():]
        if rest[:1] and rest[0] in "，。、；：,.;:）)%％":
            continue
        if pattern is _SPACE_ONLY and (len(rest) > 20 or any(ch in rest for ch in "，。；：,.;:")):
            continue
        return Marker(family, n, mt.group(0), rest, bare=pattern is _SPACE_ONLY)
    return None


def is_marker_only(text: str) -> bool:
    mk = match_marker(text.strip())
    return mk is not None and not mk.rest.strip()


# -- sentence ends -----------------------------------------------------------------------------
SENTENCE_END = "。！？；…!?;"
CLOSERS = "”’」』）)》"


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (closing quotes and brackets after the stop allowed)."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in SENTENCE_END
