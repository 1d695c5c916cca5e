"""Readers: plain text, Markdown and .docx into a flat list of units (one per source line
or Word paragraph), each remembering where it came from."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from draftkit import model as m
from draftkit.convert.decode import decode, read_bytes
from draftkit.convert.report import Report, snippet
from draftkit.errors import DraftkitError


@dataclass
class Unit:
    text: str
    line: int  # 1-based line (text) or paragraph number (docx) where the unit starts
    blank_before: bool = False  # an empty line separates it from the previous unit
    heading: int | None = None  # explicit heading depth: Markdown '#' count or Word heading style
    list_level: int | None = None  # Word automatic numbering level (0-based ilvl)
    centered: bool = False  # Word paragraph centred (a title hint)
    table: m.Table | None = None
    source: object | None = None  # the docxread.Para it was read from (a .docx), else None

    def with_text(self, text: str) -> "Unit":
        return replace(self, text=text)


def units_from_lines(lines: list[str], first_line: int = 1) -> list[Unit]:
    out: list[Unit] = []
    blank = False
    for i, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            blank = True
            continue
        out.append(Unit(text=raw.rstrip("\r\n"), line=i, blank_before=blank and bool(out)))
        blank = False
    return out


def read_text(path: Path, report: Report) -> list[Unit]:
    data = read_bytes(path)
    text, encoding = decode(path, data)
    report.encoding = encoding
    return units_from_lines(text.splitlines())


# -- Markdown ----------------------------------------------------------------------
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?!\[)")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\*)")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def read_markdown(path: Path, report: Report) -> list[Unit]:
    data = read_bytes(path)
    text, encoding = decode(path, data)
    report.encoding = encoding
    lines = text.splitlines()
    out: list[Unit] = []
    blank = False
    in_code = False
    i = 0
    while i < len(lines):
        raw = lines[i]
        no = i + 1
        i += 1
        if raw.strip().startswith("```"):
            in_code = not in_code
            report.add("markdown", no, "去掉代码块标记", raw.strip(), "")
            continue
        if not raw.strip() or (not in_code and _MD_RULE.match(raw)):
            blank = True
            continue
        if in_code:
            out.append(Unit(raw, no, blank_before=blank and bool(out)))
            blank = False
            continue
        # a table: header row, separator row, body rows
        if "|" in raw and i < len(lines) and _MD_TABLE_SEP.match(lines[i]):
            header = _md_cells(raw)
            i += 1
            rows = []
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_md_cells(lines[i]))
                i += 1
            table = m.Table(header=header, rows=rows)
            out.append(Unit(" ".join(header), no, blank_before=True, table=table))
            blank = True
            continue
        text = raw
        heading = None
        mt = _MD_HEADING.match(text)
        if mt:
            heading = len(mt.group(1))
            text = mt.group(2)
            report.add("markdown", no, f"Markdown {heading} 级标题", raw.strip(), text)
        else:
            for pattern, what in ((_MD_QUOTE, "引用标记"), (_MD_BULLET, "列表符号")):
                if pattern.match(text):
                    new = pattern.sub("", text, count=1)
                    report.add("markdown", no, f"去掉{what}", snippet(text), snippet(new))
                    text = new
        plain = _MD_EMPH.sub(lambda mm: mm.group(2) or mm.group(3), text)
        plain = plain.replace("\\*", "*").replace("\\#", "#")
        if plain != text:
            report.add("markdown", no, "去掉加粗/斜体标记", snippet(text), snippet(plain))
        if plain.endswith("  "):  # Markdown hard line break
            plain = plain.rstrip()
        out.append(Unit(plain, no, blank_before=blank and bool(out), heading=heading))
        blank = False
    if not out:
        raise DraftkitError(f"{path}：文件是空的，没有可转换的文字")
    return out


# -- .docx ---------------------------------------------------------------------------
def units_from_docx(doc) -> list[Unit]:
    """The units of a .docx read by draftkit.docxread: one per paragraph, split at manual line
    breaks (a hard wrap, like a line break in text), a text box's lines before the paragraph
    that anchors it, a table as one unit. convert, check and template learning all see a
    Word file through this one function."""
    from draftkit.docxread import TableBlock

    out: list[Unit] = []
    blank = False

    def add(rec, first_hints: bool) -> bool:
        nonlocal blank
        pieces = [s for s in rec.text.split("\n") if s.strip()]
        for k, piece in enumerate(pieces):
            first = k == 0 and first_hints
            out.append(Unit(piece, rec.index, blank_before=(blank and bool(out)) if k == 0 else False,
                            heading=rec.heading if first else None,
                            list_level=rec.list_level if first else None, centered=rec.centered,
                            source=rec))
            blank = False
        return bool(pieces)

    def add_boxes(rec) -> None:
        nonlocal blank
        for box in rec.boxes:
            blank = True
            for bp in box:
                add_boxes(bp)  # a box inside the box: its text first, like the outer one's
                add(bp, first_hints=False)
            blank = True

    for b in doc.blocks:
        if isinstance(b, TableBlock):
            if b.rows:
                out.append(Unit(" ".join(b.rows[0]), b.index, blank_before=True,
                                table=m.Table(header=b.rows[0], rows=b.rows[1:])))
            blank = True
            continue
        add_boxes(b)
        if not add(b, first_hints=True):
            blank = True
    return out


def read_docx(path: Path, report: Report) -> list[Unit]:
    from draftkit.docxread import read_docx as read_records

    report.encoding = "docx"
    out = units_from_docx(read_records(path))
    if not out:
        raise DraftkitError(f"{path}：文档里没有文字")
    return out


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
}


def read(path: Path, report: Report) -> list[Unit]:
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise DraftkitError(f"{path}：旧版 Word/WPS 格式（{suffix}）无法直接读取，请另存为 .docx 后再转换")
    if suffix == ".pdf":
        raise DraftkitError(f"{path}：不能直接读取 PDF。请在 PDF 阅读器中全选复制文字，粘贴成 .txt 后再转换")
    reader = READERS.get(suffix)
    if reader is None:
        if path.exists() and zipfile.is_zipfile(path):
            reader = read_docx
        else:
            reader = read_text
    return reader(path, report)
