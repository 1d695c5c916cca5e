"""Tables a person would make: widths from the content, a header row on every page, rows that
do not split, single-spaced cells, numbers aligned alike, a caption above in 黑体."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.profile import default_profile, mm_to_twips
from draftkit.writer import build_docx, write_docx
from draftkit.writer.tables import column_widths, is_number
from tests.conftest import require_render

HEADER = ["序号", "项目名称", "投资（万元）", "完成率", "责任单位"]
NAMES = ["城东小学新建教学综合楼及配套运动场工程", "城西幼儿园新建工程", "第二中学学生宿舍改造提升工程",
         "县职业技术学校实训基地建设", "乡镇中心学校食堂改造"]
ROWS = 35


def long_table() -> m.Table:
    rows = []
    for i in range(1, ROWS + 1):
        name = NAMES[i % len(NAMES)]
        rows.append([str(i), f"{name}（第{i}批）", f"{1000 + 37 * i:,}", f"{60 + i % 40}%", "县教育局"])
    return m.Table(caption="2024年教育重点项目完成情况", header=HEADER, rows=rows)


def _doc() -> m.Document:
    return m.Document(meta=m.Meta(title=["某某县教育局2024年工作总结"], org="某某县教育局"),
                      blocks=[m.Paragraph(text="全年重点项目进展如下。"), long_table(),
                              m.Paragraph(text="各项目均按计划推进。")])


@pytest.fixture(scope="module")
def table_docx():
    d = build_docx(_doc(), default_profile())
    return d, d.tables[0]


def test_header_row_repeats_and_no_row_splits(table_docx):
    _, t = table_docx
    trs = t._tbl.tr_lst
    assert len(trs) == ROWS + 1
    assert trs[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in trs[1:])
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)


def test_widths_follow_the_content_and_fill_the_text_block(table_docx):
    _, t = table_docx
    assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == mm_to_twips(156)
    seq, name, money, rate, unit = grid
    assert name == max(grid) and name > 2 * money  # the long text column is the wide one
    assert seq < money and rate < money  # a two-digit number needs little room
    # each cell says the width of its column (Word reads tcW, LibreOffice the grid)
    for tr in t._tbl.tr_lst:
        assert [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in tr.tc_lst] == grid


def test_cells_are_single_spaced_and_numbers_aligned_alike(table_docx):
    _, t = table_docx
    for r_i, row in enumerate(t.rows):
        for c_i, cell in enumerate(row.cells):
            ppr = cell.paragraphs[0]._p.pPr
            sp = ppr.find(qn("w:spacing"))
            # about single spacing (14 pt text on 20 pt lines), fixed so every renderer agrees
            assert sp.get(qn("w:lineRule")) == "exact" and sp.get(qn("w:line")) == "400"
            jc = ppr.find(qn("w:jc")).get(qn("w:val"))
            if r_i == 0:
                assert jc == "center"
            elif c_i in (0, 2, 3):
                assert jc == "right", (r_i, c_i)  # numbers: place values line up
            elif c_i == 1:
                assert jc in ("left", "both")  # wrapping text reads as a paragraph
            else:
                assert jc == "center"  # short labels


def test_caption_above_in_the_header_font_kept_with_the_table(table_docx):
    d, t = table_docx
    body = list(d.element.body)
    caption = body[body.index(t._tbl) - 1]
    from docx.text.paragraph import Paragraph

    para = Paragraph(caption, None)
    assert para.text == "2024年教育重点项目完成情况"
    assert para.paragraph_format.keep_with_next is True
    fonts = {r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in caption.iter(qn("w:r"))}
    assert fonts == {"黑体"}


def test_numbers_recognised():
    assert all(is_number(x) for x in ("12", "1,037", "3.5%", "-2", "+0.5", ".5"))
    assert not any(is_number(x) for x in ("12个", "第1批", "县教育局", "", "2024年"))


def test_widths_when_everything_fits_or_nothing_does():
    total = mm_to_twips(156)
    fit = column_widths([["甲"], ["一二三"]], ["名称", "说明"], total, 275)
    assert sum(fit) == total and fit[1] >= fit[0]
    crowded = column_widths([["长" * 80] for _ in range(12)], None, total, 275)
    assert sum(crowded) == total and max(crowded) - min(crowded) <= 1


def test_a_huge_table_is_written_in_linear_time():
    import time

    rows = [[str(i), "名称" * 5, str(i * 3)] for i in range(2000)]
    doc = m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Table(header=["序号", "名称", "数量"], rows=rows)])
    t = time.perf_counter()
    build_docx(doc, default_profile())
    assert time.perf_counter() - t < 20


# -- rendered ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory):
    require_render()
    pdfplumber = pytest.importorskip("pdfplumber")
    from draftkit.render import docx_to_pdf

    out = tmp_path_factory.mktemp("table")
    path = write_docx(_doc(), default_profile(), out / "table.docx")
    pdf = pdfplumber.open(str(docx_to_pdf([path], out)[0]))
    yield pdf
    pdf.close()


def _table_rows(page):
    """The rendered table's rows on a page, each a list of cell texts (line breaks removed)."""
    rows = []
    for table in page.extract_tables():
        rows += [[(c or "").replace("\n", "") for c in row] for row in table]
    return rows


def test_rendered_header_on_every_page_and_rows_whole(table_pdf):
    pages = [p for p in table_pdf.pages if p.extract_tables()]
    assert len(pages) >= 2, "the table should run over several pages"
    seen = []
    for page in pages:
        rows = _table_rows(page)
        assert rows[0][:2] == ["序号", "项目名称"] and rows[0][2] == "投资（万元）", f"page {page.page_number}"
        for row in rows[1:]:
            n = int(row[0])  # a row cut in two would leave a part without its number
            assert row[1].endswith(f"（第{n}批）") and row[4] == "县教育局", row
            seen.append(n)
    assert seen == list(range(1, ROWS + 1))  # every row once, in order, none on two pages


def test_rendered_columns_follow_the_content(table_pdf):
    """Short columns on one line (序号, 完成率, 县教育局), the long names on at most two."""
    for page in (p for p in table_pdf.pages if p.extract_tables()):
        for table in page.extract_tables():
            for row in table[1:]:
                assert "\n" not in row[0] and "\n" not in row[3] and "\n" not in row[4], row
                assert row[1].count("\n") <= 1, row
