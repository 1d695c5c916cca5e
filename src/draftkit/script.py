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


# is_latin as character classes, so that splitting and measuring are linear and in C
_NOT_LATIN_CHARS = "\u2000-\U0010ffff" + "".join(sorted(_CJK_AMBIGUOUS))
_SCRIPT_RUN = re.compile(f"([^{_NOT_LATIN_CHARS}]+)|([{_NOT_LATIN_CHARS}]+)")
_LATIN_RUN = re.compile(f"[^{_NOT_LATIN_CHARS}]+")


def split_script(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_latin, segment) runs."""
    return [(m.group(1) is not None, m.group()) for m in _SCRIPT_RUN.finditer(text)]


def visual_width(text: str) -> float:
    """Width in body characters: CJK and full-width = 1, Latin letters and digits = 0.5."""
    return len(text) - 0.5 * sum(map(len, _LATIN_RUN.findall(text)))
