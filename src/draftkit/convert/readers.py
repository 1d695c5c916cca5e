"""Readers: plain text, Markdown and .docx into a flat list of units (one per source line
or Word paragraph), each remembering where it came from."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from draftkit import model as m
from draftkit.textfile import decode, read_bytes
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
    block: m.Table | m.Picture | None = None  # a unit that is not a line of text
    floating: bool = False  # a picture that floated over the text in the source
    source: object | None = None  # the docxread.Para it was read from (a .docx), else None

    def with_text(self, text: str) -> "Unit":
        return replace(self, text=text)

    def with_block(self, block) -> "Unit":
        return replace(self, block=block)


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
            out.append(Unit(" ".join(header), no, blank_before=True, block=table))
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
def units_from_docx(doc, *, pictures: bool = False) -> list[Unit]:
    """The units of a .docx read by draftkit.docxread: one per paragraph, split at manual line
    breaks (a hard wrap, like a line break in text), a text box's lines before the paragraph
    that anchors it, a table as one unit. convert, check and template learning all see a
    Word file through this one function.

    pictures: also a unit for each picture convert can carry over (`picture_block`), after the
    text of the paragraph that holds it."""
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
        shown = False
        for obj in rec.objects if pictures else ():
            block = picture_block(obj)
            if block is not None:
                out.append(Unit("", rec.index, blank_before=True, centered=True, block=block, source=rec,
                                floating=not obj.inline))
                shown = True
        return bool(pieces) or shown

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
                                block=m.Table(header=b.rows[0], rows=b.rows[1:])))
            blank = True
            continue
        add_boxes(b)
        if not add(b, first_hints=True):
            blank = True
    return out


EMU_PER_MM = 36000


def picture_block(obj) -> m.Picture | None:
    """The picture block for a docxread.Obj that convert can carry over: a picture whose image
    data is in the file, in a format a Word writer can embed. None for anything else."""
    if obj.kind != "picture" or not obj.blob or obj.width_emu <= 0 or obj.height_emu <= 0:
        return None
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        Image.from_blob(obj.blob)
    except (UnrecognizedImageError, ValueError, KeyError, IndexError):
        return None  # EMF, WMF, SVG and damaged images
    return m.Picture(data=obj.blob, width_mm=obj.width_emu / EMU_PER_MM, height_mm=obj.height_emu / EMU_PER_MM,
                     description=obj.description)


@dataclass
class Unkept:
    """Something in a .docx that convert cannot carry into the new document."""

    line: int  # the paragraph (or table) number
    what: str  # 图形, 脚注, 合并单元格的表格 …
    near: str  # text of the paragraph it is in or next to
    kind: str = ""  # docxread object kind, when it is one

    def describe(self) -> str:
        near = f"「{snippet(self.near, 16)}」" if self.near else ""
        return f"第 {self.line} 段{near}：{self.what}"


def unkept_objects(doc, units: list[Unit]) -> list[Unkept]:
    """What of a .docx the `units` read from it leave behind: shapes, charts, SmartArt,
    embedded objects, the pictures that got no unit (EMF, linked, in a table), footnotes,
    endnotes and comments, merged table cells, and hyperlinks whose address is not in their
    text. A text box's text is carried over as lines of text and is not listed."""
    from draftkit.docxread import TableBlock

    # the pictures carried, by the record that holds them and their image data
    carried = {(id(u.source), id(u.block.data)) for u in units if isinstance(u.block, m.Picture)}
    out: list[Unkept] = []

    def para(rec, in_table: bool, near: str) -> None:
        for obj in rec.objects:
            if obj.kind == "textbox" or (id(rec), id(obj.blob)) in carried:
                continue
            what = obj.name
            if obj.kind == "picture":
                what = "表格里的图片" if in_table else "图片（格式无法嵌入新文档）"
            out.append(Unkept(rec.index, what, near, obj.kind))
        for note in rec.notes:
            out.append(Unkept(rec.index, note, near))
        for shown, address in rec.links:
            bare = re.sub(r"^(?:https?://|mailto:)", "", address).rstrip("/")
            if bare and bare not in shown:
                out.append(Unkept(rec.index, f"超链接地址 {snippet(address, 40)}", shown or near))
        for box in rec.boxes:
            for bp in box:
                para(bp, in_table, near)

    prev = ""
    for b in doc.blocks:
        if isinstance(b, TableBlock):
            if b.merged:
                out.append(Unkept(b.index, "有合并单元格的表格", " ".join(b.rows[0]) if b.rows else ""))
            for p in b.paras:
                para(p, True, p.text.strip() or prev)
            continue
        prev = b.text.strip() or prev
        para(b, False, prev)
    return out


def read_docx(path: Path, report: Report) -> list[Unit]:
    from draftkit.docxread import read_docx as read_records

    report.encoding = "docx"
    doc = read_records(path)
    out = units_from_docx(doc, pictures=True)
    report.unkept = unkept_objects(doc, out)
    for u in out:
        if u.floating:
            report.add("structure", u.line, "浮动的图片改为单独一行、居中", u.block.description or "图片")
    if not any(u.text.strip() for u in out):
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
