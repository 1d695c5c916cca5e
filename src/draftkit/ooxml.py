"""Low-level OOXML helpers: the only place that knows WordprocessingML details.

What this module guarantees for every run it writes (see DESIGN.md, measured in
LibreOffice 7.4 and by arithmetic in Word):
- w:eastAsia is set explicitly and no theme font attribute can override it;
- characters of Latin script get the Latin font; everything else (CJK, full-width
  punctuation, curly quotes, dashes, ellipses) is written in a run whose every
  slot names the CJK font, so quotes and dashes never fall into Times New Roman.
"""

from __future__ import annotations

import functools
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftkit.script import split_script

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def strip_theme_fonts(element) -> None:
    """Remove theme font attributes (they override explicit names) under `element`."""
    for rfonts in element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
    for color in list(element.iter(qn("w:color"))):
        if color.get(qn("w:themeColor")) is not None:
            color.getparent().remove(color)


# CT_RPr and CT_PPr children in the order the schema requires (ECMA-376 17.3.2.28, 17.3.1.26):
# Word refuses, or silently drops, properties out of sequence
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
# CT_Style (17.7.4.17) and CT_SectPr (17.6.17)
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
SECT_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
              "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
              "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


@functools.lru_cache(maxsize=None)
def _clark(name: str) -> str:
    """qn(), once per name: the writer sets the same few attributes on every run."""
    return qn(name)


def el(tag: str, attrs: dict | None = None, *children):
    """An element `tag` ("w:spacing") with attributes ({"w:line": 560}) and children. Values are
    set as attribute values, never spliced into XML text: a font called "A & B" stays that."""
    e = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        if v is not None:
            e.set(_clark(k), str(v))
    for c in children:
        e.append(c)
    return e


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def put(parent, child, order: tuple[str, ...]):
    """Put `child` into `parent` at its place in the schema sequence `order`, replacing a child
    with the same tag; the other children stay as they are."""
    old = parent.find(child.tag)
    if old is not None:
        parent.replace(old, child)
        return child
    rank = order.index(_local(child.tag))
    for existing in parent:
        name = _local(existing.tag)
        if name in order and order.index(name) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def rfonts(latin: str, east_asia: str, *, cs: str | None = None, hint_east_asia: bool = False):
    return el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": cs or latin,
                           "w:hint": "eastAsia" if hint_east_asia else None})


def rpr(latin: str, east_asia: str, size_pt: float, bold: bool = False, spacing: int | None = None,
        color: str | None = None):
    """A complete w:rPr for styles: explicit fonts, bold and italic switched, size, language."""
    half = round(size_pt * 2)
    off = {} if bold else {"w:val": 0}
    out = el("w:rPr", None, rfonts(latin, east_asia), el("w:b", off), el("w:bCs", off),
             el("w:i", {"w:val": 0}), el("w:iCs", {"w:val": 0}))
    if color:
        out.append(el("w:color", {"w:val": color}))
    if spacing is not None:
        out.append(el("w:spacing", {"w:val": spacing}))
    out.append(el("w:sz", {"w:val": half}))
    out.append(el("w:szCs", {"w:val": half}))
    out.append(el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
    return out


def ppr(*, jc: str | None = None, first_line: int | None = None, first_line_chars: int | None = None,
        left: int | None = None, right: int | None = None, hanging: int | None = None,
        page_break_before: bool = False, keep_next: bool | None = None, keep_lines: bool = False,
        widow_control: bool | None = None, auto_space: bool | None = None, tabs: list[int] | None = None,
        right_tabs: list[int] | None = None, line: int | None = None, line_rule: str = "exact",
        spacing_before: int | None = None, outline_level: int | None = None, borders: dict | None = None):
    """A w:pPr with the given properties, its children in schema order.

    borders: {"top"|"bottom": (width in eighths of a point, colour hex, space in points)}."""
    out = el("w:pPr")
    if keep_next is not None:
        out.append(el("w:keepNext", None if keep_next else {"w:val": 0}))
    if keep_lines:
        out.append(el("w:keepLines"))
    if page_break_before:
        out.append(el("w:pageBreakBefore"))
    if widow_control is not None:
        out.append(el("w:widowControl", {"w:val": int(widow_control)}))
    if borders:
        out.append(el("w:pBdr", None, *(
            el(f"w:{side}", {"w:val": "single", "w:sz": sz, "w:space": space, "w:color": color})
            for side in ("top", "bottom") if side in borders for sz, color, space in [borders[side]])))
    if tabs or right_tabs:
        stops = sorted([(t, "left") for t in tabs or []] + [(t, "right") for t in right_tabs or []])
        out.append(el("w:tabs", None, *(el("w:tab", {"w:val": kind, "w:pos": t}) for t, kind in stops)))
    if auto_space is not None:
        out.append(el("w:autoSpaceDE", {"w:val": int(auto_space)}))
        out.append(el("w:autoSpaceDN", {"w:val": int(auto_space)}))
    if line is not None or spacing_before is not None:
        out.append(el("w:spacing", {"w:before": spacing_before or 0, "w:after": 0, "w:line": line,
                                    "w:lineRule": line_rule if line is not None else None}))
    if any(v is not None for v in (left, right, hanging, first_line, first_line_chars)):
        out.append(el("w:ind", {"w:left": left, "w:right": right, "w:hanging": hanging,
                                "w:hangingChars": 0 if hanging is not None else None,
                                "w:firstLine": first_line, "w:firstLineChars": first_line_chars}))
    if jc:
        out.append(el("w:jc", {"w:val": jc}))
    if outline_level is not None:
        out.append(el("w:outlineLvl", {"w:val": outline_level}))
    return out


def run_rpr(font: str, east_asia: str, size_pt: float, *, bold: bool = False, color: str | None = None,
            hint_east_asia: bool = False):
    """The w:rPr of a run the writer adds: `font` in the Latin and complex slots, `east_asia`
    for Chinese, bold and colour when asked, the size."""
    half = round(size_pt * 2)
    out = el("w:rPr", None, rfonts(font, east_asia, hint_east_asia=hint_east_asia))
    if bold:
        out.append(el("w:b"))
        out.append(el("w:bCs"))
    if color:
        out.append(el("w:color", {"w:val": color}))
    out.append(el("w:sz", {"w:val": half}))
    out.append(el("w:szCs", {"w:val": half}))
    return out


def replace_child(parent, new, order: tuple[str, ...] = STYLE_ORDER):
    """Replace parent's child of new's tag (a style's w:pPr, a default's w:rPr) with `new`, in
    schema order."""
    return put(parent, new, order)


@functools.lru_cache(maxsize=256)
def _run_model(font: str, east_asia: str, size_pt: float, bold: bool, color: str | None, hint_east_asia: bool):
    """An empty w:r with its properties: what every run of this kind starts as."""
    return el("w:r", None, run_rpr(font, east_asia, size_pt, bold=bold, color=color, hint_east_asia=hint_east_asia))


_BREAKS = re.compile(r"(\t|\n)")


def add_run(p, text: str, *, latin: str, east_asia: str, size_pt: float, bold: bool = False,
            color: str | None = None) -> None:
    """Append `text` to paragraph `p` as script-split runs with explicit fonts and size.

    A document has a handful of distinct kinds of run: each is built once and copied (lxml
    copies an element with its subtree), not built again element by element for every run."""
    from lxml.etree import SubElement

    for lat, seg in split_script(text):
        font = latin if lat else east_asia
        r = _run_model(font, east_asia, size_pt, bold, color, not lat).__copy__()  # lxml: the whole subtree
        # a tab inside w:t is not a tab to Word: write it as w:tab (line breaks as w:br)
        for piece in _BREAKS.split(seg) if ("\t" in seg or "\n" in seg) else (seg,):
            if piece == "\t":
                SubElement(r, _clark("w:tab"))
            elif piece == "\n":
                SubElement(r, _clark("w:br"))
            elif piece:
                t = SubElement(r, _clark("w:t"))
                t.text = piece
                if piece != piece.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        p._p.append(r)


def clear_runs(para) -> None:
    """Remove every run of a paragraph, keeping its properties."""
    for r in list(para.runs):
        r._r.getparent().remove(r._r)


def add_break(p) -> None:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    p._p.append(r)


def add_page_field(p, *, font: str, size_pt: float) -> None:
    """Append a PAGE field whose runs are all in `font` (every slot)."""

    def run(child):
        return el("w:r", None, run_rpr(font, font, size_pt, hint_east_asia=True), child)

    instr = el("w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    number = el("w:t")
    number.text = "1"
    for child in (el("w:fldChar", {"w:fldCharType": "begin"}), instr, el("w:fldChar", {"w:fldCharType": "separate"}),
                  number, el("w:fldChar", {"w:fldCharType": "end"})):
        p._p.append(run(child))


def set_ppr(p, *, jc: str | None = None, first_line: int | None = None, first_line_chars: int | None = None,
            left: int | None = None, right: int | None = None, hanging: int | None = None,
            page_break_before: bool = False, keep_next: bool | None = None, tabs: list[int] | None = None,
            line: int | None = None, outline_level: int | None = None, borders: dict | None = None,
            spacing_before: int | None = None, right_tabs: list[int] | None = None,
            line_rule: str = "exact") -> None:
    """Set a paragraph's direct properties, each in its place in the schema sequence; the ones
    this sets (keep with next, page break, borders, tabs, spacing, indents, alignment, outline
    level) are replaced as a whole, the others (style, numbering, run properties) kept."""
    pPr = p._p.get_or_add_pPr()
    for tag in ("w:keepNext", "w:pageBreakBefore", "w:pBdr", "w:tabs", "w:spacing", "w:ind", "w:jc",
                "w:outlineLvl"):
        old = pPr.find(qn(tag))
        if old is not None:
            pPr.remove(old)
    built = ppr(jc=jc, first_line=first_line, first_line_chars=first_line_chars, left=left, right=right,
                hanging=hanging, page_break_before=page_break_before, keep_next=keep_next, tabs=tabs,
                right_tabs=right_tabs, line=line, line_rule=line_rule, spacing_before=spacing_before,
                outline_level=outline_level, borders=borders)
    for child in list(built):
        put(pPr, child, PPR_ORDER)
