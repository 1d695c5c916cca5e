"""Tables in the body, laid out the way a person would: caption above, columns as wide as their
content needs and together as wide as the text block, a header row repeated on every page,
rows that never split across pages, single-spaced cells, numbers aligned alike."""

from __future__ import annotations

import math
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.ooxml import set_ppr
from draftkit.script import is_latin, visual_width
from draftkit.profile import mm_to_twips

# a figure, possibly signed, with thousands separators, decimals or a percent sign
NUMBER = re.compile(r"[+\-−]?\d[\d,，.]*%?|[+\-−]?\.\d+%?")
CELL_PADDING = 2 * 108  # twips: Word's default left and right cell margins (Table Grid)
SLACK = 0.5  # characters of air in a column sized to its text; exact fits wrap (borders take room)
HEADER_MAX_LINES = 2


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text.strip()))


def _longest_unbreakable(text: str) -> float:
    """Width (in characters) of the longest run a line cannot break inside: a Latin word or a
    number (CJK text may break after any character)."""
    longest, run = 1.0, 0.0
    for ch in text:
        if is_latin(ch) and not ch.isspace():
            run += 0.5
            longest = max(longest, run)
        else:
            run = 0.0
    return longest


def _span(chars: float, advance: int) -> float:
    """Twips a column needs to hold `chars` characters on one line, with air and cell margins."""
    return (chars + SLACK) * advance + CELL_PADDING


def _header_need(head: str) -> float:
    """Width (in characters) a header needs: short ones on one line, longer ones on two lines,
    a bracketed unit such as （万元） never broken."""
    width = visual_width(head)
    if width <= 4:
        return width
    brackets = [visual_width(x) for x in re.findall(r"[（(][^）)]*[）)]", head)]
    return max([math.ceil(width / HEADER_MAX_LINES), _longest_unbreakable(head)] + brackets)


def column_widths(columns: list[list[str]], header: list[str] | None, total: int, advance: int) -> list[int]:
    """Widths in twips for columns of cell texts, summing to `total`.

    As a person sizes a table: every column is first given what its content asks for on one
    line (its longest cell; its header on one line when short, on two when long), the narrowest
    first, as long as the columns still to come keep their minimum; the columns that do not
    fit so (long text) share the rest in proportion to what they ask for. When everything fits,
    the spare width is shared the same way. Linear in the number of cells.
    """
    pref, low = [], []
    for i, cells in enumerate(columns):
        head = header[i] if header and i < len(header) else ""
        need = max([visual_width(c) for c in cells] + [_header_need(head), 1.0])
        least = max([_longest_unbreakable(c) for c in cells] + [_longest_unbreakable(head), 2.0])
        pref.append(_span(need, advance))
        low.append(min(least, need) * advance + CELL_PADDING)
    if sum(pref) <= total:  # everything fits: share the spare width by what each asks for
        widths = [p * total / sum(pref) for p in pref]
    else:
        widths = [0.0] * len(columns)
        rest = sorted(range(len(columns)), key=lambda i: pref[i])
        room = float(total)
        while len(rest) > 1 and pref[rest[0]] + sum(low[i] for i in rest[1:]) <= room:
            i = rest.pop(0)
            widths[i] = pref[i]
            room -= pref[i]
        floor = sum(low[i] for i in rest)
        want = sum(pref[i] - low[i] for i in rest)
        for i in rest:
            if floor >= room or not want:
                widths[i] = low[i] * room / floor
            else:
                widths[i] = low[i] + (room - floor) * (pref[i] - low[i]) / want
    out = [int(w) for w in widths]
    out[out.index(max(out))] += total - sum(out)
    return out


def _fits(text: str, width: int, advance: int) -> bool:
    return _span(visual_width(text), advance) <= width + 1  # widths are rounded down


def _header_text(head: str, width: int, advance: int) -> str:
    """A header too long for one line breaks before its unit: 投资 / （万元）, as a clerk types it."""
    unit = re.search(r"[（(][^）)]*[）)]$", head)
    if unit and unit.start() > 0 and not _fits(head, width, advance):
        return head[:unit.start()] + "\n" + head[unit.start():]
    return head


def _alignments(columns: list[list[str]], widths: list[int], advance: int) -> list[str]:
    """Numbers right-aligned (place values line up); text centred when every cell of the column
    fits on one line, otherwise left-aligned so wrapped lines read as a paragraph."""
    out = []
    for cells, width in zip(columns, widths):
        filled = [c for c in cells if c.strip()]
        if filled and all(is_number(c) for c in filled):
            out.append("right")
        elif all(_fits(c, width, advance) for c in cells):
            out.append("center")
        else:
            out.append("left")
    return out


def table(w, d, t: m.Table):
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.shared import Twips
    from docx.oxml.table import CT_Tbl
    from docx.table import Table, _Cell
    from docx.text.parfmt import ParagraphFormat

    pr = w.p
    if t.caption:
        para = w.para(d)
        set_ppr(para, jc="center", first_line=0, first_line_chars=0)
        w.text(para, t.caption, pr.fonts.table_header)
        para.paragraph_format.keep_with_next = True  # 表题 stays with its table
    cols = max(t.columns, 1)
    body_rows = [list(r) + [""] * (cols - len(r)) for r in t.rows]
    header = list(t.header) + [""] * (cols - len(t.header)) if t.header else None
    rows = ([header] if header else []) + body_rows
    total = mm_to_twips(pr.page.text_width_mm)
    advance = round(pr.sizes.table * 20) + pr.char_spacing_twips
    columns = [[r[c] for r in body_rows] for c in range(cols)]
    widths = column_widths(columns, header, total, advance)
    aligns = _alignments(columns, widths, advance)

    tbl_el = CT_Tbl.new_tbl(len(rows), cols, Twips(total))
    w.insert(d, tbl_el)
    tbl = Table(tbl_el, d)
    tbl.style = d.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False  # fixed layout: Word and WPS keep the widths below
    # full text-block width; python-docx already wrote a tblW in its schema position
    tbl_w = tbl._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(total))
    tbl_w.set(qn("w:type"), "dxa")
    for col, width in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    # rows and cells walked once: python-docx's table.cell() rescans the whole table each call
    for r_i, (tr, row) in enumerate(zip(tbl._tbl.tr_lst, rows)):
        is_header = header is not None and r_i == 0
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))  # CT_TrPr order: cantSplit before tblHeader
        if is_header:
            trpr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
        for c_i, tc in enumerate(tr.tc_lst):
            cell = _Cell(tc, tbl)
            cell.width = Twips(widths[c_i])
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            para = cell.paragraphs[0]
            set_ppr(para, jc="center" if is_header else aligns[c_i], first_line=0, first_line_chars=0,
                    line=pr.table_line_twips, line_rule="exact")  # ~single, not the body's pitch
            ParagraphFormat(para._p).keep_together = True
            font = pr.fonts.table_header if is_header else pr.fonts.body
            text = _header_text(row[c_i], widths[c_i], advance) if is_header else row[c_i]
            w.text(para, text, font, size=pr.sizes.table)
    return tbl
