"""What a checker needs to know about a .docx, with Word's inheritance resolved:
run -> character style -> paragraph style (basedOn chain) -> document defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from draftkit.convert.readers import Unit, para_text, table_rows
from draftkit.docxstyles import W, Font, StyleSheet, first_attr, on, val


@dataclass
class ParaInfo:
    index: int  # 1-based paragraph number (tables count as one)
    text: str
    style_id: str | None
    style_name: str
    align: str | None
    ind_left: int = 0  # twips
    page_break_before: bool = False
    fonts: list[tuple[str, Font]] = field(default_factory=list)  # (run text, resolved font) for runs with text
    numbered: bool = False  # Word automatic numbering
    in_table: bool = False
    caption: bool = False  # a centred line right above a table

    def cjk_fonts(self) -> list[Font]:
        return [f for t, f in self.fonts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]


@dataclass
class FooterInfo:
    text: str  # the text around the page field, the field result left out
    has_page_field: bool
    align: str | None
    fonts: list[Font]


@dataclass
class DocInfo:
    paras: list[ParaInfo]
    units: list[Unit]  # the same paragraphs as the convert readers see them
    page_w_mm: float
    page_h_mm: float
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    body_line: tuple[int | None, str | None]  # w:line, w:lineRule of the body text
    body_space: int  # twips of space before + after a body paragraph
    body_size: float | None
    char_spacing_pt: float
    grid: tuple[str | None, int | None, int | None]  # docGrid type, linePitch, charSpace
    odd_footer: FooterInfo | None
    even_footer: FooterInfo | None
    even_and_odd: bool


def _runs(p):
    """Runs with their text, including those inside hyperlinks and insertions, not deletions."""
    for r in p.iter(W + "r"):
        parent = r.getparent()
        if parent is not None and parent.tag == W + "del":
            continue
        text = "".join(t.text or "" for t in r.findall(W + "t"))
        if text:
            yield r, text


def _para_info(p, index, sheet: StyleSheet, in_table=False) -> ParaInfo:
    ppr = p.find(W + "pPr")
    pstyle = val(ppr.find(W + "pStyle")) if ppr is not None else None
    pprs = sheet.pprs(ppr, pstyle)

    def num(tag, attr):
        v = sheet.ppr_attr(pprs, tag, attr)
        try:
            return int(v) if v is not None else 0
        except ValueError:
            return 0

    align = sheet.ppr_attr(pprs, "jc", "val")
    pbb = sheet.ppr_toggle(pprs, "pageBreakBefore")
    info = ParaInfo(index=index, text=para_text(p, page_breaks=False), style_id=pstyle or sheet.default_para,
                    style_name=sheet.names.get(pstyle or sheet.default_para, ""), align=align,
                    ind_left=num("ind", "left") or num("ind", "start"), page_break_before=pbb, in_table=in_table)
    info.numbered = any(pp.find(W + "numPr") is not None for pp in pprs[:2])
    for r, text in _runs(p):
        rpr = r.find(W + "rPr")
        rstyle = val(rpr.find(W + "rStyle")) if rpr is not None else None
        info.fonts.append((text, sheet.font(rpr, rstyle, pstyle)))
    return info


def _page_break_inside(p) -> bool:
    return any(br.get(W + "type") == "page" for br in p.iter(W + "br"))


def _footer(footer, sheet_of_part) -> FooterInfo | None:
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
        # text outside the field result
        in_result = False
        for node in el.iter():
            if node.tag == W + "fldChar":
                kind = node.get(W + "fldCharType")
                in_result = kind == "separate"
                if kind == "end":
                    in_result = False
            elif node.tag == W + "t" and not in_result:
                parent = node.getparent().getparent()
                if parent is not None and parent.tag == W + "fldSimple":
                    continue
                texts.append(node.text or "")
        if field_here or p.text.strip():
            has_field = has_field or field_here
            ppr = el.find(W + "pPr")
            pstyle = val(ppr.find(W + "pStyle")) if ppr is not None else None
            pprs = sheet_of_part.pprs(ppr, pstyle)
            align = sheet_of_part.ppr_attr(pprs, "jc", "val") or align
            for r in el.iter(W + "r"):
                if r.find(W + "t") is not None or r.find(W + "fldChar") is not None:
                    rpr = r.find(W + "rPr")
                    fonts.append(sheet_of_part.font(rpr, None, pstyle))
    text = "".join(texts)
    if not has_field and not text.strip():
        return None
    return FooterInfo(text, has_field, align, fonts)


def read_docx_info(path: Path) -> DocInfo:
    from draftkit.docxio import open_docx

    d = open_docx(path)
    sheet = StyleSheet(d)
    paras: list[ParaInfo] = []
    units: list[Unit] = []
    no = 0
    blank = False
    body = d.element.body
    prev = None  # the previous body paragraph element
    for child in body.iterchildren():
        if child.tag == W + "p":
            no += 1
            info = _para_info(child, no, sheet)
            # a page break typed at the end of the previous paragraph, a section break there,
            # or a page break opening this one also starts a new page
            if prev is not None:
                ppr = prev.find(W + "pPr")
                if _page_break_inside(prev) or (ppr is not None and ppr.find(W + "sectPr") is not None):
                    info.page_break_before = True
            if _page_break_inside(child) and not info.text.split("\n")[0].strip():
                info.page_break_before = True
            paras.append(info)
            if info.text.strip():
                units.append(Unit(info.text.replace("\t", " ").replace("\n", ""), no,
                                  blank_before=blank and bool(units), list_level=0 if info.numbered else None,
                                  centered=info.align == "center"))
                blank = False
            else:
                blank = True
            prev = child
        elif child.tag == W + "tbl":
            no += 1
            if paras and not paras[-1].in_table and paras[-1].align == "center" and paras[-1].text.strip():
                paras[-1].caption = True
            from draftkit import model as m

            rows = table_rows(child, page_breaks=False)
            for p in child.iter(W + "p"):
                paras.append(_para_info(p, no, sheet, in_table=True))
            if rows:
                units.append(Unit(" ".join(rows[0]), no, True, table=m.Table(header=rows[0], rows=rows[1:])))
            blank = True
            prev = None
    sec = d.sections[0]

    def mm(v):
        return round(v / 36000, 1) if v is not None else 0.0

    sizes = [f.size for p in paras if not p.in_table for f in p.cjk_fonts() if f.size]
    body_size = max(set(sizes), key=sizes.count) if sizes else None
    # the paragraph that most body text sits in decides the line spacing
    from collections import Counter

    styles = Counter(p.style_id for p in paras if len(p.text) > 40 and not p.in_table)
    body_style = styles.most_common(1)[0][0] if styles else sheet.default_para
    pprs = sheet.pprs(None, body_style)
    line = sheet.ppr_attr(pprs, "spacing", "line")
    rule = sheet.ppr_attr(pprs, "spacing", "lineRule")
    space = 0
    for attr in ("before", "after"):
        v = sheet.ppr_attr(pprs, "spacing", attr)
        space += int(v) if v and v.isdigit() else 0
    try:
        spacing = int(first_attr(sheet.rprs(None, None, body_style), "spacing") or 0) / 20
    except ValueError:
        spacing = 0.0
    grid_el = sec._sectPr.find(W + "docGrid")
    def _int(v):
        try:
            return int(v) if v is not None else None
        except ValueError:
            return None

    grid = ((val(grid_el, "type"), _int(val(grid_el, "linePitch")), _int(val(grid_el, "charSpace")))
            if grid_el is not None else (None, None, None))
    settings = d.settings.element
    even_odd = on(settings.find(W + "evenAndOddHeaders")) or False
    odd = _footer(sec.footer, sheet)
    even = _footer(sec.even_page_footer, sheet) if even_odd else None
    return DocInfo(
        paras=paras, units=units, page_w_mm=mm(sec.page_width), page_h_mm=mm(sec.page_height),
        margins_mm=(mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)),
        body_line=(int(line) if line and line.lstrip("-").isdigit() else None, rule), body_size=body_size,
        body_space=space,
        char_spacing_pt=spacing, grid=grid, odd_footer=odd, even_footer=even, even_and_odd=even_odd,
    )
