"""The frame of a pasted document: what a reader sees first and last.

版头 (发文机关标志, 发文字号), 附件 label, title, 主送; the 附件说明, 署名 (one or several),
成文日期, 附注; 版记 and attachment pages; and the clutter web pages and document sites put
around them, recognised by its shape. What is left is the body (convert.outline).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from draftkit.convert.markers import LABEL, match_marker, parse_chinese_number
from draftkit.convert.readers import Unit
from draftkit.convert.report import Report, snippet
from draftkit.ooxml import visual_width

_NOTE = re.compile(r"^[（(][^（）()]{2,60}[）)]$")
_ATTACH_NOTE = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
_ATTACH_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(\S.*)$")
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$"),
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})$"),
    re.compile(r"^([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$"),
]
STOP = "。！？；"


def parse_date(text: str) -> dt.date | None:
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


def _label_text(text: str) -> str | None:
    mt = LABEL.match(text.strip())
    if not mt:
        return None
    n = mt.group(1)
    if n and not n.isdigit():
        n = str(parse_chinese_number(n))
    return f"附件{n}" if n else "附件"


def _title_like(u: Unit, *, loose: bool = False) -> bool:
    t = u.text.strip()
    if u.table is not None or not t or u.list_level is not None:
        return False
    if match_marker(t) or parse_date(t) or _label_text(t) or _ATTACH_NOTE.match(t):
        return False
    limit = 60 if (loose or u.centered) else 45
    if visual_width(t) > limit:
        return False
    if any(ch in t for ch in STOP) or t[-1] in "，,：:、":
        return False
    return True


def heading_like(text: str) -> bool:
    t = text.strip()
    if not t or match_marker(t):
        return False
    w = visual_width(t)
    return 2 <= w <= 30 and not any(ch in t for ch in STOP) and t[-1] not in "，,：:、"


def _org_like(u: Unit) -> bool:
    t = u.text.strip()
    return (u.table is None and 2 <= visual_width(t) <= 30 and not match_marker(t)
            and not any(ch in t for ch in "。！？；：，,:;") and not parse_date(t))


@dataclass
class Parts:
    label: str | None = None
    title: list[str] = field(default_factory=list)
    recipient: str | None = None
    body: list[Unit] = field(default_factory=list)
    attach_names: list[tuple[str, int]] = field(default_factory=list)
    org: str | None = None
    date: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    attachments: list[tuple[str | None, str, list[Unit], int]] = field(default_factory=list)
    # the role each recognised unit plays, by its line (paragraph number for .docx)
    roles: dict[int, str] = field(default_factory=dict)
    doc_number: str | None = None  # 发文字号 of a 版头
    banji: list[str] = field(default_factory=list)  # 版记 lines (抄送, 印发)


_DOC_NUMBER = re.compile(r"^\S{1,12}〔\d{4}〕\d{1,4}号$")
_MARK = re.compile(r"^\S{2,30}(?:文件|公报|简报)$")
_BANJI = re.compile(r"^(?:抄\s*送\s*[：:].+|.{2,40}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)$")


def split_parts(units: list[Unit], report: Report) -> Parts:
    p = Parts()
    n = len(units)
    i = 0
    # 版头: 发文机关标志 ("某某县教育局文件") and 发文字号 ("某教发〔2025〕3号")
    head = [k for k in range(min(3, n)) if units[k].table is None and _DOC_NUMBER.match(units[k].text.strip())]
    if head and n > head[0] + 1:
        k = head[0]
        if k == 1 and _MARK.match(units[0].text.strip()):
            p.roles[units[0].line] = "redhead_mark"
            report.add("structure", units[0].line, "识别为发文机关标志（版头）", units[0].text.strip(), None)
        if k <= 1:
            p.doc_number = units[k].text.strip()
            p.roles[units[k].line] = "doc_number"
            report.add("structure", units[k].line, "识别为发文字号", p.doc_number, None)
            i = k + 1
    elif n > 2 and _MARK.match(units[0].text.strip()) and _title_like(units[1]):
        # a 版头 without 发文字号: the mark, then the title
        p.roles[units[0].line] = "redhead_mark"
        report.add("structure", units[0].line, "识别为发文机关标志（版头）", units[0].text.strip(), None)
        i = 1
    # 版记 at the very end: 抄送 and 印发 lines
    while n > i + 1 and units[n - 1].table is None and _BANJI.match(units[n - 1].text.strip()):
        p.banji.insert(0, units[n - 1].text.strip())
        p.roles[units[n - 1].line] = "banji"
        report.add("structure", units[n - 1].line, "识别为版记", units[n - 1].text.strip(), None)
        n -= 1
    if i < n and n > 1 and _label_text(units[i].text):
        p.label = _label_text(units[i].text)
        p.roles[units[i].line] = "label"
        report.add("structure", units[i].line, "识别为附件标签（本文是附件）", units[i].text.strip(), p.label)
        i += 1
    h1 = [u for u in units if u.heading == 1]
    if i < n and units[i].heading == 1 and len(h1) == 1:
        p.title.append(units[i].text.strip())
        p.roles[units[i].line] = "title"
        i += 1
    else:
        while i < n - 1 and len(p.title) < 3 and units[i].heading is None and _title_like(units[i]):
            p.title.append(units[i].text.strip())
            p.roles[units[i].line] = "title"
            i += 1
    if p.title:
        report.add("structure", units[i - 1].line, "识别为标题", " / ".join(p.title), "".join(p.title))
    if i < n and units[i].table is None:
        t = units[i].text.strip()
        if t[-1:] in "：:" and visual_width(t) <= 60 and not match_marker(t) and not any(ch in t for ch in STOP):
            p.recipient = t[:-1] + "："
            p.roles[units[i].line] = "recipient"
            report.add("structure", units[i].line, "识别为主送机关", t, p.recipient)
            i += 1
    # attachment pages: from the first standalone 附件N line after the front matter
    end = n
    for k in range(i, n):
        if units[k].table is None and _label_text(units[k].text) and k + 1 < n:
            end = k
            break
    if end < n:
        k = end
        while k < n:
            label = _label_text(units[k].text)
            start_line = units[k].line
            p.roles[start_line] = "attach_label"
            k += 1
            title = ""
            if k < n and _title_like(units[k], loose=True):
                title = units[k].text.strip()
                p.roles[units[k].line] = "attach_title"
                k += 1
            content = []
            while k < n and not (units[k].table is None and _label_text(units[k].text) and k + 1 < n):
                content.append(units[k])
                k += 1
            p.attachments.append((label, title, content, start_line))
            report.add("structure", start_line, "识别为附件页", label, title or None)
    # the tail: 附注, 成文日期, 署名 (from the end of the main part)
    j = end
    notes = []
    while j > i and units[j - 1].table is None and _NOTE.match(units[j - 1].text.strip()) and not match_marker(units[j - 1].text.strip()):
        notes.insert(0, units[j - 1])
        j -= 1
    if j > i and units[j - 1].table is None and parse_date(units[j - 1].text):
        p.date = parse_date(units[j - 1].text)
        p.roles[units[j - 1].line] = "date"
        report.add("structure", units[j - 1].line, "识别为成文日期", units[j - 1].text.strip(), p.date.isoformat())
        j -= 1
        if j > i and _org_like(units[j - 1]):
            p.org = units[j - 1].text.strip()
            p.roles[units[j - 1].line] = "org"
            report.add("structure", units[j - 1].line, "识别为发文机关署名", p.org, None)
            j -= 1
        for u in notes:
            p.notes.append(u.text.strip())
            p.roles[u.line] = "note"
            report.add("structure", u.line, "识别为附注", u.text.strip(), None)
    else:
        j = j + len(notes)  # notes without a date are ordinary paragraphs
    # 附件说明 just before the signature
    for k in range(j - 1, i - 1, -1):
        u = units[k]
        mt = _ATTACH_NOTE.match(u.text.strip()) if u.table is None else None
        if not mt:
            continue
        first = mt.group(1).strip()
        names: list[tuple[str, int]] = []
        following = units[k + 1 : j]
        item = _ATTACH_ITEM.match(first)
        if item:
            names.append((item.group(2), u.line))
            ok = all(x.table is None and _ATTACH_ITEM.match(x.text.strip()) for x in following)
            if ok:
                names += [(_ATTACH_ITEM.match(x.text.strip()).group(2), x.line) for x in following]
        else:
            ok = not following and bool(first)
            if ok:
                names.append((first, u.line))
        if ok and names:
            p.attach_names = [(nm.strip().rstrip("。；;，,"), ln) for nm, ln in names]
            p.roles[u.line] = "attach_note"
            for x in following:
                p.roles[x.line] = "attach_note"
            report.add("structure", u.line, "识别为附件说明", snippet(u.text.strip()),
                       "；".join(nm for nm, _ in p.attach_names))
            j = k
        break
    p.body = units[i:j]
    return p


