"""Dates as 公文 write them: 成文日期 read from text ("2024年12月20日", "2024-12-20",
"二〇一四年五月六日") and written back in Arabic numerals ("2024年12月20日")."""

from __future__ import annotations

import datetime as dt
import re

from draftkit.convert.markers import parse_chinese_number

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$"),
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})$"),
    re.compile(r"^([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$"),
]


def parse_date(text: str) -> dt.date | None:
    """The date a line consists of, or None."""
    s = text.strip()
    for p in _DATE_PATTERNS:
        mt = p.match(s)
        if not mt:
            continue
        parts = []
        for g in mt.groups():
            parts.append(int(g) if g.isdigit() else parse_chinese_number(g))
        if None in parts:
            return None
        try:
            return dt.date(*parts)
        except ValueError:
            return None
    return None


def format_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
