"""What a checker measures on a .docx read by draftkit.docxread: the records and units
themselves, and the body text's size, line spacing and character spacing that decide how
many lines and characters fit on a page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from draftkit.convert.readers import Unit, units_from_docx
from draftkit.docxread import DocxDoc, Footer, Para, read_docx
from draftkit.docxstyles import first_attr


@dataclass
class DocInfo:
    doc: DocxDoc
    paras: list[Para]  # body and table paragraphs (text boxes are in Para.boxes)
    units: list[Unit]  # the same paragraphs as convert sees them
    body_line: tuple[int | None, str | None]  # w:line, w:lineRule of the body text
    body_space: int  # twips of space before + after a body paragraph
    body_size: float | None
    char_spacing_pt: float

    @property
    def page_w_mm(self) -> float:
        return self.doc.page.width_mm

    @property
    def page_h_mm(self) -> float:
        return self.doc.page.height_mm

    @property
    def margins_mm(self) -> tuple[float, float, float, float]:  # top, bottom, left, right
        pg = self.doc.page
        return pg.top_mm, pg.bottom_mm, pg.left_mm, pg.right_mm

    @property
    def grid(self):
        return self.doc.page.grid

    @property
    def odd_footer(self) -> Footer | None:
        return self.doc.odd_footer

    @property
    def even_footer(self) -> Footer | None:
        return self.doc.even_footer

    @property
    def even_and_odd(self) -> bool:
        return self.doc.even_and_odd


def measure(doc: DocxDoc) -> DocInfo:
    sheet = doc.sheet
    paras = list(doc.paragraphs())
    sizes = [f.size for p in paras if not p.in_table for f in p.cjk_fonts() if f.size]
    body_size = max(set(sizes), key=sizes.count) if sizes else None
    # the paragraph style that most body text sits in decides the line spacing
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
    return DocInfo(doc=doc, paras=paras, units=units_from_docx(doc),
                   body_line=(int(line) if line and line.lstrip("-").isdigit() else None, rule),
                   body_space=space, body_size=body_size, char_spacing_pt=spacing)


def read_docx_info(path: Path) -> DocInfo:
    return measure(read_docx(path))
