"""Tables in the body: caption, grid and cells."""

from __future__ import annotations

from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.ooxml import set_ppr
from draftkit.profile import mm_to_twips


def table(w, d, t: m.Table):
    pr = w.p
    if t.caption:
        para = w.para(d)
        set_ppr(para, jc="center", first_line=0, first_line_chars=0)
        w.text(para, t.caption, pr.fonts.table_header)
    cols = max(t.columns, 1)
    rows = ([t.header] if t.header else []) + t.rows
    tbl = d.add_table(rows=len(rows), cols=cols)
    tbl.style = d.styles["Table Grid"]
    from docx.enum.table import WD_TABLE_ALIGNMENT

    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    # full text-block width; python-docx already wrote a tblW in its schema position
    tbl_w = tbl._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(mm_to_twips(pr.page.text_width_mm)))
    tbl_w.set(qn("w:type"), "dxa")
    for r_i, row in enumerate(rows):
        is_header = bool(t.header) and r_i == 0
        for c_i in range(cols):
            cell = tbl.cell(r_i, c_i)
            para = cell.paragraphs[0]
            set_ppr(para, jc="center", first_line=0, first_line_chars=0)
            text = row[c_i] if c_i < len(row) else ""
            font = pr.fonts.table_header if is_header else pr.fonts.body
            w.text(para, text, font, size=pr.sizes.table)
    return tbl
