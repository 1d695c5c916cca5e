"""The one .docx reading layer: a Word file as a sequence of resolved records.

Every paragraph becomes a `Para` with the style chain resolved once (through
docxstyles.StyleSheet): its text, the effective East Asian font, size and colour of each
run, alignment, indents, heading level, automatic numbering, whether it starts a page, and
what it holds besides text (pictures and shapes, text boxes, fields). Tables become a
`TableBlock` with their cell texts and the records of their paragraphs; the text of a text
box is a record of its own (`in_box`), never glued into the paragraph that anchors it.

convert (readers.units_from_docx), check (docxinfo) and template learning all read a
.docx through `read_docx`; none of them walks the XML or resolves styles on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from draftkit.docxstyles import W, Font, StyleSheet, on, val

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_V = "{urn:schemas-microsoft-com:vml}"
# subtrees that are not the paragraph's own text: text boxes (read separately), the VML copy
# Word keeps of every DrawingML object (mc:Fallback), deleted and moved-away revisions
_NOT_TEXT = {W + "txbxContent", MC + "Fallback", W + "del", W + "moveFrom"}
_T, _TAB, _BR, _CR, _R, _TYPE = W + "t", W + "tab", W + "br", W + "cr", W + "r", W + "type"
_P, _BOX = W + "p", W + "txbxContent"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NOTE_REFS = {W + "footnoteReference": "脚注", W + "endnoteReference": "尾注", W + "commentReference": "批注"}
# what a DrawingML object is, by the end of its graphicData uri
_GRAPHIC_KINDS = (("/picture", "picture"), ("wordprocessingShape", "shape"), ("wordprocessingGroup", "group"),
                  ("wordprocessingCanvas", "group"), ("/chart", "chart"), ("/diagram", "diagram"))
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass
class Run:
    text: str
    font: Font  # East Asian font and size, resolved
    color: str | None = None  # RRGGBB as written, "auto" or None
    bold: bool = False


@dataclass
class Obj:
    """A picture, shape, chart, text box or embedded object anchored in a paragraph."""

    kind: str  # picture, shape, textbox, group, chart, diagram, object
    inline: bool  # set in the line of text (wp:inline), not floating (wp:anchor, VML)
    blob: bytes | None = None  # a picture's image data, when it is embedded
    content_type: str = ""
    width_emu: int = 0
    height_emu: int = 0
    description: str = ""
    color: str | None = None  # a shape's line colour (RRGGBB), when it has one

    @property
    def name(self) -> str:
        return OBJECT_NAMES.get(self.kind, "对象")


OBJECT_NAMES = {"picture": "图片", "shape": "图形", "textbox": "文本框", "group": "组合图形",
                "chart": "图表", "diagram": "SmartArt 图示", "object": "嵌入对象"}


@dataclass
class Para:
    index: int  # 1-based block number in the body (a table counts as one)
    text: str  # tabs as \t, manual line breaks as \n; page and column breaks are not text
    style_id: str | None = None
    style_name: str = ""
    align: str | None = None  # w:jc resolved: left/both/center/right/...
    ind_left: int = 0  # twips
    ind_first: int = 0  # twips, negative for a hanging indent
    heading: int | None = None  # 1-9 from a heading style or an outline level
    list_level: int | None = None  # Word automatic numbering (0-based ilvl), None when not numbered
    page_break_before: bool = False  # starts a new page, however the break was typed
    runs: list[Run] = field(default_factory=list)
    drawings: int = 0  # pictures and shapes anchored here (text boxes included)
    pictures: int = 0
    boxes: list[list["Para"]] = field(default_factory=list)  # text boxes anchored here, their paragraphs
    fields: list[str] = field(default_factory=list)  # field instructions: PAGE, HYPERLINK ...
    objects: list[Obj] = field(default_factory=list)  # what `drawings` counts, one record each
    notes: list[str] = field(default_factory=list)  # footnote, endnote, comment references here
    links: list[tuple[str, str]] = field(default_factory=list)  # hyperlinks: (text, address)
    border: str | None = None  # colour of a top or bottom paragraph border line ("auto" when unset)
    in_table: bool = False
    in_box: bool = False
    caption: bool = False  # a centred line right above a table or right under a picture

    def cjk_runs(self) -> list[Run]:
        return [r for r in self.runs if any("\u4e00" <= ch <= "\u9fff" for ch in r.text)]

    def cjk_fonts(self) -> list[Font]:
        return [r.font for r in self.cjk_runs()]

    @property
    def centered(self) -> bool:
        return self.align == "center"


@dataclass
class TableBlock:
    index: int
    rows: list[list[str]]  # cell texts row by row, empty rows left out
    paras: list[Para]
    merged: bool = False  # has horizontally or vertically merged cells


@dataclass
class Footer:
    text: str  # the text around the page field, the field result left out
    has_page_field: bool
    align: str | None
    fonts: list[Font]


@dataclass
class Page:
    width_mm: float = 0.0
    height_mm: float = 0.0
    top_mm: float = 0.0
    bottom_mm: float = 0.0
    left_mm: float = 0.0
    right_mm: float = 0.0
    footer_mm: float = 0.0
    grid: tuple[str | None, int | None, int | None] = (None, None, None)  # docGrid type, linePitch, charSpace
    present: bool = True  # False when the document has no page setup (no w:sectPr) at all


@dataclass
class DocxDoc:
    path: Path
    blocks: list[Para | TableBlock]
    page: Page
    sheet: StyleSheet
    odd_footer: Footer | None = None
    even_footer: Footer | None = None
    even_and_odd: bool = False

    def paragraphs(self):
        """Every body and table-cell paragraph record, in reading order (text boxes are in
        Para.boxes)."""
        for b in self.blocks:
            yield from (b.paras if isinstance(b, TableBlock) else [b])


def _int(v) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def own_elements(el, skip: frozenset | set = _NOT_TEXT):
    """The elements under el (itself first) in document order, without the subtrees whose tag
    is in `skip`: by default a paragraph's own content — not the text of its text boxes, not
    the VML copy of a drawing, not deleted text."""
    if next(el.iter(*skip), None) is None:
        yield from el.iter()  # the common case, walked by lxml itself
        return
    yield el
    stack = [iter(el)]
    while stack:
        for child in stack[-1]:
            if not isinstance(child.tag, str) or child.tag in skip:
                continue
            yield child
            stack.append(iter(child))
            break
        else:
            stack.pop()


class _Reader:
    def __init__(self, sheet: StyleSheet, part=None):
        self.sheet = sheet
        self.part = part  # the document part, whose relationships hold the pictures
        self._chains: dict[tuple, tuple] = {}
        self.style_lists: dict[str, int] = {}  # style id -> list level, for styles that number
        for sid, st in sheet.by_id.items():
            num = st.find(f"{W}pPr/{W}numPr")
            if num is not None:
                self.style_lists[sid] = _int(val(num.find(W + "ilvl"))) or 0

    def para(self, p, index: int, *, in_table=False, in_box=False) -> Para:
        sheet = self.sheet
        ppr = p.find(W + "pPr")
        pstyle = val(ppr.find(W + "pStyle")) if ppr is not None else None
        sid = pstyle or sheet.default_para
        pprs = sheet.pprs(ppr, pstyle)
        name = sheet.names.get(sid, sid or "")
        rec = Para(index=index, text="", style_id=sid, style_name=name,
                   align=sheet.ppr_attr(pprs, "jc", "val"), in_table=in_table, in_box=in_box,
                   page_break_before=sheet.ppr_toggle(pprs, "pageBreakBefore"))
        rec.ind_left = _int(sheet.ppr_attr(pprs, "ind", "left") or sheet.ppr_attr(pprs, "ind", "start")) or 0
        first = _int(sheet.ppr_attr(pprs, "ind", "firstLine")) or 0
        hanging = _int(sheet.ppr_attr(pprs, "ind", "hanging")) or 0
        rec.ind_first = first - hanging
        if name.lower() == "title" or name == "标题":
            rec.align = rec.align or "center"
        mt = _HEADING_STYLE.match(name.strip())
        if mt:
            rec.heading = int(mt.group(1))
        else:
            lvl = _int(sheet.ppr_attr(pprs, "outlineLvl", "val"))
            if lvl is not None and 0 <= lvl < 9:
                rec.heading = lvl + 1
        rec.list_level = self._list_level(ppr, pstyle)
        for pp in pprs:  # the nearest pBdr decides, as Word resolves it
            bdr = pp.find(W + "pBdr")
            if bdr is not None:
                line = next((b for b in (bdr.find(W + "top"), bdr.find(W + "bottom"))
                             if b is not None and b.get(W + "val") not in (None, "none", "nil")), None)
                rec.border = (line.get(W + "color") or "auto") if line is not None else None
                break
        text = []
        for node in own_elements(p):
            tag = node.tag
            if tag == _T:
                text.append(node.text or "")
            elif tag == _TAB:
                if node.getparent().tag == _R:
                    text.append("\t")
            elif tag == _BR or tag == _CR:
                if node.get(_TYPE) not in ("page", "column"):
                    text.append("\n")
            elif tag == _R:
                self._run(node, pstyle, rec)
            elif tag in (W + "drawing", W + "pict", W + "object"):
                rec.drawings += 1
                if any(True for _ in node.iter(_PIC, _V + "imagedata")):
                    rec.pictures += 1
                rec.objects.append(self._object(node))
                # this drawing's own boxes and their own paragraphs: a box inside a box is read
                # by the paragraph that holds it, once (walking all descendants at every level
                # read nested boxes again at each level, exponential in the nesting)
                outer = next(node.iterancestors(_BOX), None)
                box_ps = [bp for tx in node.iter(_BOX) if next(tx.iterancestors(_BOX), None) is outer
                          for bp in own_elements(tx) if bp.tag == _P]
                if box_ps:
                    rec.boxes.append([self.para(bp, index, in_box=True) for bp in box_ps])
            elif tag in _NOTE_REFS:
                rec.notes.append(_NOTE_REFS[tag])
            elif tag == W + "hyperlink":
                rid = node.get(_REL + "id")
                rel = self.part.rels.get(rid) if (rid and self.part is not None) else None
                if rel is not None and rel.is_external:
                    shown = "".join(t.text or "" for t in node.iter(_T))
                    rec.links.append((shown, rel.target_ref))
            elif tag == W + "instrText":
                rec.fields.append((node.text or "").strip())
            elif tag == W + "fldSimple":
                rec.fields.append((node.get(W + "instr") or "").strip())
        rec.fields = [f for f in rec.fields if f]
        rec.text = "".join(text)
        return rec

    def _blob(self, rid: str | None) -> tuple[bytes | None, str]:
        part = self.part.related_parts.get(rid) if (rid and self.part is not None) else None
        return (part.blob, part.content_type) if part is not None else (None, "")

    def _object(self, node) -> Obj:
        """What a w:drawing, w:pict (VML) or w:object is, and a picture's image data."""
        if node.tag == W + "object":
            return Obj("object", inline=True)
        if node.tag == W + "pict":
            shape = next((x for x in node.iter() if isinstance(x.tag, str) and x.tag.startswith(_V) and x.get("style") is not None), None)
            inline = shape is None or "position:absolute" not in shape.get("style", "").replace(" ", "")
            image = next(node.iter(_V + "imagedata"), None)
            if image is not None:
                return Obj("picture", inline, *self._blob(image.get(_REL + "id")))
            kind = "textbox" if next(node.iter(_V + "textbox"), None) is not None else "shape"
            stroke = shape.get("strokecolor") if shape is not None else None
            return Obj(kind, inline, color=stroke.lstrip("#").upper() if stroke else None)
        frame = next((x for x in node if x.tag in (_WP + "inline", _WP + "anchor")), None)
        inline = frame is None or frame.tag == _WP + "inline"
        data = next(node.iter(_A + "graphicData"), None)
        uri = data.get("uri", "") if data is not None else ""
        kind = next((k for end, k in _GRAPHIC_KINDS if uri.endswith(end)), "object")
        if kind == "shape" and next(node.iter(_BOX), None) is not None:
            kind = "textbox"
        obj = Obj(kind, inline)
        extent = frame.find(_WP + "extent") if frame is not None else None
        if extent is not None:
            obj.width_emu, obj.height_emu = _int(extent.get("cx")) or 0, _int(extent.get("cy")) or 0
        line = next(node.iter(_A + "ln"), None)
        fill = next(line.iter(_A + "srgbClr"), None) if line is not None else None
        if fill is not None:
            obj.color = (fill.get("val") or "").upper() or None
        pr = frame.find(_WP + "docPr") if frame is not None else None
        if pr is not None:
            obj.description = pr.get("descr") or pr.get("title") or ""
        if kind == "picture":
            blip = next(node.iter(_A + "blip"), None)
            if blip is not None:
                obj.blob, obj.content_type = self._blob(blip.get(_REL + "embed"))
        return obj

    def _list_level(self, ppr, pstyle) -> int | None:
        level = self.style_lists.get(pstyle) if pstyle else None
        num = ppr.find(W + "numPr") if ppr is not None else None
        if num is not None:
            if val(num.find(W + "numId")) == "0":
                return None  # numbering switched off for this paragraph
            ilvl = _int(val(num.find(W + "ilvl")))
            return ilvl if ilvl is not None else (level or 0)
        return level

    def _styled(self, rstyle, pstyle) -> tuple[list, str | None, bool | None]:
        """The rPr chain the styles give a run, with its colour and bold: the same for every
        run with the same styles, so resolved once."""
        key = (rstyle, pstyle)
        hit = self._chains.get(key)
        if hit is None:
            chain = self.sheet.rprs(None, rstyle, pstyle)
            color = next((val(c.find(W + "color")) for c in chain if val(c.find(W + "color"))), None)
            bold = next((b for b in (on(c.find(W + "b")) for c in chain) if b is not None), None)
            hit = self._chains[key] = (chain, color, bold)
        return hit

    def _run(self, r, pstyle, rec: Para) -> None:
        text = "".join(t.text or "" for t in r.findall(_T))
        if not text:
            return
        rpr = r.find(W + "rPr")
        rstyle = val(rpr.find(W + "rStyle")) if rpr is not None else None
        chain, color, bold = self._styled(rstyle, pstyle)
        if rpr is not None:
            color = val(rpr.find(W + "color")) or color
            own = on(rpr.find(W + "b"))
            bold = own if own is not None else bold
            chain = [rpr, *chain]
        rec.runs.append(Run(text, StyleSheet.font_in(chain), color, bool(bold)))

    def table(self, tbl, index: int) -> TableBlock:
        rows, paras, merged = [], [], False
        for tr in tbl.iter(W + "tr"):
            row = []
            for tc in tr.iter(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                if tcpr is not None and (tcpr.find(W + "vMerge") is not None or tcpr.find(W + "gridSpan") is not None
                                         or tcpr.find(W + "hMerge") is not None):
                    merged = True
                cell = [self.para(p, index, in_table=True) for p in tc.iter(W + "p")]
                paras += cell
                row.append("".join(p.text for p in cell).strip())
            if any(row):
                rows.append(row)
        return TableBlock(index, rows, paras, merged)


def _page_break_inside(p) -> bool:
    return any(br.get(W + "type") == "page" for br in p.iter(W + "br"))


def _footer(footer, sheet: StyleSheet) -> Footer | None:
    if footer is None:
        return None
    texts, fonts = [], []
    has_field = False
    align = None
    for p in footer.paragraphs:
        el = p._p
        instr = " ".join((x.text or "") for x in el.iter(W + "instrText"))
        simple = [x.get(W + "instr") or "" for x in el.iter(W + "fldSimple")]
        field_here = "PAGE" in instr.upper() or any("PAGE" in s.upper() for s in simple)
        in_result = False  # text outside the field result
        for node in el.iter():
            if node.tag == W + "fldChar":
                kind = node.get(W + "fldCharType")
                in_result = kind == "separate"
            elif node.tag == W + "t" and not in_result:
                parent = node.getparent().getparent()
                if parent is not None and parent.tag == W + "fldSimple":
                    continue
                texts.append(node.text or "")
        if field_here or p.text.strip():
            has_field = has_field or field_here
            ppr = el.find(W + "pPr")
            pstyle = val(ppr.find(W + "pStyle")) if ppr is not None else None
            align = sheet.ppr_attr(sheet.pprs(ppr, pstyle), "jc", "val") or align
            for r in el.iter(W + "r"):
                if r.find(W + "t") is not None or r.find(W + "fldChar") is not None:
                    fonts.append(sheet.font(r.find(W + "rPr"), None, pstyle))
    text = "".join(texts)
    if not has_field and not text.strip():
        return None
    return Footer(text, has_field, align, fonts)


def _page(d) -> Page:
    sections = d.sections
    if not len(sections):
        return Page(present=False)
    sec = sections[0]  # the main text's; later sections are usually attachments
    sect = sec._sectPr

    def mm(v):
        return round(v / 36000, 1) if v is not None else 0.0

    grid_el = sect.find(W + "docGrid")
    grid = ((val(grid_el, "type"), _int(val(grid_el, "linePitch")), _int(val(grid_el, "charSpace")))
            if grid_el is not None else (None, None, None))
    return Page(mm(sec.page_width), mm(sec.page_height), mm(sec.top_margin), mm(sec.bottom_margin),
                mm(sec.left_margin), mm(sec.right_margin), mm(sec.footer_distance), grid)


def read_docx(path: Path) -> DocxDoc:
    """Read a .docx into records.  Raises DraftkitError (from docxio) when it cannot be opened."""
    from draftkit.docxio import open_docx

    d = open_docx(path)
    sheet = StyleSheet(d)
    reader = _Reader(sheet, d.part)
    blocks: list[Para | TableBlock] = []
    no = 0
    prev = None  # the previous body paragraph element
    for child in d.element.body.iterchildren():
        if child.tag == W + "p":
            no += 1
            rec = reader.para(child, no)
            # a page break typed at the end of the previous paragraph, a section break there,
            # or a page break opening this one also starts a new page
            if prev is not None:
                ppr = prev.find(W + "pPr")
                if _page_break_inside(prev) or (ppr is not None and ppr.find(W + "sectPr") is not None):
                    rec.page_break_before = True
            if _page_break_inside(child) and not rec.text.split("\n")[0].strip():
                rec.page_break_before = True
            last = blocks[-1] if blocks else None
            if (isinstance(last, Para) and last.pictures and not last.text.strip() and rec.centered
                    and 0 < len(rec.text.strip()) <= 40):
                rec.caption = True  # a centred line under a picture: its 图题
            blocks.append(rec)
            prev = child
        elif child.tag == W + "tbl":
            no += 1
            last = blocks[-1] if blocks else None
            if isinstance(last, Para) and last.align == "center" and last.text.strip():
                last.caption = True
            blocks.append(reader.table(child, no))
            prev = None
    page = _page(d)
    doc = DocxDoc(Path(path), blocks, page, sheet)
    if page.present:
        sec = d.sections[0]
        doc.even_and_odd = on(d.settings.element.find(W + "evenAndOddHeaders")) or False
        doc.odd_footer = _footer(sec.footer, sheet)
        doc.even_footer = _footer(sec.even_page_footer, sheet) if doc.even_and_odd else None
    return doc
