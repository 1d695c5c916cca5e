"""Low-level OOXML helpers: the only place that knows WordprocessingML details.

What this module guarantees for every run it writes (see DESIGN.md, measured in
LibreOffice 7.4 and by arithmetic in Word):
- w:eastAsia is set explicitly and no theme font attribute can override it;
- characters of Latin script get the Latin font; everything else (CJK, full-width
  punctuation, curly quotes, dashes, ellipses) is written in a run whose every
  slot names the CJK font, so quotes and dashes never fall into Times New Roman.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Characters below U+2000 that Word treats as ambiguous and that belong to the CJK font
# in Chinese text.
_CJK_AMBIGUOUS = set("·×÷§¨°±")


def is_latin(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return True
    return o < 0x2000 and ch not in _CJK_AMBIGUOUS


def split_script(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_latin, segment) runs."""
    out: list[tuple[bool, str]] = []
    for ch in text:
        lat = is_latin(ch)
        if out and out[-1][0] == lat:
            out[-1] = (lat, out[-1][1] + ch)
        else:
            out.append((lat, ch))
    return out


def visual_width(text: str) -> float:
    """Width in body characters: CJK and full-width = 1, Latin letters and digits = 0.5."""
    return sum(0.5 if is_latin(ch) else 1.0 for ch in text)


def strip_theme_fonts(element) -> None:
    """Remove theme font attributes (they override explicit names) under `element`."""
    for rfonts in element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
    for color in list(element.iter(qn("w:color"))):
        if color.get(qn("w:themeColor")) is not None:
            color.getparent().remove(color)


def set_rfonts(rPr, latin: str, east_asia: str, hint_east_asia: bool = False) -> None:
    rfonts = rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rPr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    if hint_east_asia:
        rfonts.set(qn("w:hint"), "eastAsia")


def rpr_xml(latin: str, east_asia: str, size_pt: float, bold: bool = False, spacing: int | None = None,
            color: str | None = None) -> str:
    """A w:rPr body (children only) in schema order."""
    half = round(size_pt * 2)
    parts = [f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    else:
        parts.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    parts.append('<w:i w:val="0"/><w:iCs w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "".join(parts)


def replace_child(parent, tag: str, xml_body: str):
    """Replace parent's child `tag` (e.g. 'w:rPr') with one built from `xml_body`."""
    old = parent.find(qn(tag))
    new = parse_xml(f"<{tag} {nsdecls('w')}>{xml_body}</{tag}>")
    if old is not None:
        parent.replace(old, new)
    else:
        parent.append(new)
    return new


def add_run(p, text: str, *, latin: str, east_asia: str, size_pt: float, bold: bool = False,
            color: str | None = None) -> None:
    """Append `text` to paragraph `p` as script-split runs with explicit fonts and size."""
    half = str(round(size_pt * 2))
    for lat, seg in split_script(text):
        r = OxmlElement("w:r")
        rPr = OxmlElement("w:rPr")
        rfonts = OxmlElement("w:rFonts")
        font = latin if lat else east_asia
        rfonts.set(qn("w:ascii"), font)
        rfonts.set(qn("w:hAnsi"), font)
        rfonts.set(qn("w:eastAsia"), east_asia)
        rfonts.set(qn("w:cs"), font)
        if not lat:
            rfonts.set(qn("w:hint"), "eastAsia")
        rPr.append(rfonts)
        if bold:
            rPr.append(OxmlElement("w:b"))
            rPr.append(OxmlElement("w:bCs"))
        if color:
            c = OxmlElement("w:color")
            c.set(qn("w:val"), color)
            rPr.append(c)
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), half)
        szcs = OxmlElement("w:szCs")
        szcs.set(qn("w:val"), half)
        rPr.append(sz)
        rPr.append(szcs)
        r.append(rPr)
        # a tab inside w:t is not a tab to Word: write it as w:tab (line breaks as w:br)
        for piece in re.split(r"(\t|\n)", seg):
            if piece == "\t":
                r.append(OxmlElement("w:tab"))
            elif piece == "\n":
                r.append(OxmlElement("w:br"))
            elif piece:
                t = OxmlElement("w:t")
                t.text = piece
                if piece != piece.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.append(t)
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
    half = round(size_pt * 2)
    rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" '
           f'w:hint="eastAsia"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>')
    for body in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        p._p.append(parse_xml(f"<w:r {nsdecls('w')}>{rpr}{body}</w:r>"))


def set_ppr(p, *, jc: str | None = None, first_line: int | None = None, first_line_chars: int | None = None,
            left: int | None = None, right: int | None = None, hanging: int | None = None,
            page_break_before: bool = False, keep_next: bool | None = None, tabs: list[int] | None = None,
            line: int | None = None, outline_level: int | None = None, borders: dict | None = None,
            spacing_before: int | None = None, right_tabs: list[int] | None = None,
            line_rule: str = "exact") -> None:
    """Set direct paragraph properties in schema order.

    borders: {"top"|"bottom": (width in eighths of a point, colour hex, space in points)}.
    """
    pPr = p._p.get_or_add_pPr()
    # children must follow the CT_PPr sequence; build them fresh after pStyle.
    for tag in ("w:keepNext", "w:pageBreakBefore", "w:pBdr", "w:tabs", "w:spacing", "w:ind", "w:jc",
                "w:outlineLvl"):
        old = pPr.find(qn(tag))
        if old is not None:
            pPr.remove(old)
    parts = []
    if keep_next is not None:
        parts.append("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if borders:
        sides = "".join(
            f'<w:{side} w:val="single" w:sz="{sz}" w:space="{space}" w:color="{color}"/>'
            for side in ("top", "bottom") if side in borders for sz, color, space in [borders[side]]
        )
        parts.append(f"<w:pBdr>{sides}</w:pBdr>")
    if tabs or right_tabs:
        stops = [(t, "left") for t in tabs or []] + [(t, "right") for t in right_tabs or []]
        parts.append("<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:pos="{t}"/>' for t, kind in sorted(stops))
                     + "</w:tabs>")
    if line is not None or spacing_before is not None:
        rule = f' w:line="{line}" w:lineRule="{line_rule}"' if line is not None else ""
        parts.append(f'<w:spacing w:before="{spacing_before or 0}" w:after="0"{rule}/>')
    ind = []
    if left is not None:
        ind.append(f'w:left="{left}"')
    if right is not None:
        ind.append(f'w:right="{right}"')
    if hanging is not None:
        ind.append(f'w:hanging="{hanging}" w:hangingChars="0"')
    if first_line is not None:
        ind.append(f'w:firstLine="{first_line}"')
    if first_line_chars is not None:
        ind.append(f'w:firstLineChars="{first_line_chars}"')
    if ind:
        parts.append(f"<w:ind {' '.join(ind)}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline_level is not None:
        parts.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    if not parts:
        return
    frag = parse_xml(f"<w:pPr {nsdecls('w')}>{''.join(parts)}</w:pPr>")
    anchor = pPr.find(qn("w:pStyle"))
    idx = list(pPr).index(anchor) + 1 if anchor is not None else 0
    for child in list(frag):
        pPr.insert(idx, child)
        idx += 1
