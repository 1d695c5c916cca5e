"""Which font slot a character takes (Latin or East Asian) and how wide text is, in body
characters.  No python-docx here: reading and checking text need these without the writer."""

from __future__ import annotations

import re

# Characters below U+2000 that Word treats as ambiguous and that belong to the CJK font
# in Chinese text.
_CJK_AMBIGUOUS = set("·×÷§¨°±")


def is_latin(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return True
    return o < 0x2000 and ch not in _CJK_AMBIGUOUS


def _latin_class() -> str:
    """is_latin as a character class: U+0000–U+1FFF without the ambiguous ones, as explicit
    ranges (a negated class reaching U+10FFFF takes five times as long to compile)."""
    ranges, start = [], 0
    for cut in sorted(map(ord, _CJK_AMBIGUOUS)):
        if start < cut:
            ranges.append(f"\\u{start:04x}-\\u{cut - 1:04x}")
        start = cut + 1
    ranges.append(f"\\u{start:04x}-\\u1fff")
    return "".join(ranges)


# so that splitting and measuring are linear and in C
_LATIN = _latin_class()
_SCRIPT_RUN = re.compile(f"([{_LATIN}]+)|([^{_LATIN}]+)")
_LATIN_RUN = re.compile(f"[{_LATIN}]+")


def split_script(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_latin, segment) runs."""
    return [(m.group(1) is not None, m.group()) for m in _SCRIPT_RUN.finditer(text)]


def visual_width(text: str) -> float:
    """Width in body characters: CJK and full-width = 1, Latin letters and digits = 0.5."""
    return len(text) - 0.5 * sum(map(len, _LATIN_RUN.findall(text)))
