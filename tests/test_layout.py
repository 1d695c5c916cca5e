"""The page estimate (draftkit.layout): lines, heights and page breaks as Word makes them.

The unit tests build documents with the writer and check the estimate against what the
layout rules say; test_layout_render checks it against LibreOffice's pages.
"""

from __future__ import annotations

import pytest

from draftkit import model as m
from draftkit.layout import LIBREOFFICE, WORD, lay_out
from draftkit.profile import default_profile
from draftkit.writer import build_docx

FILL = "全县教育系统坚持立德树人根本任务持续深化教育领域综合改革努力办好人民满意的教育"


def text(n: int, end: str = "") -> str:
    """n CJK characters (no punctuation, so no line-start rule applies), then `end`."""
    return (FILL * (n // len(FILL) + 1))[:n] + end


def body_lines(paragraph_text: str, profile=None) -> int:
    """How many lines the estimate gives the one body paragraph of a document."""
    from draftkit.layout import _geometry, _Paragraphs
    from draftkit.docxstyles import StyleSheet, W

    d = build_docx(m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Paragraph(text=paragraph_text)]),
                   profile or default_profile())
    p = next(p for p in d.paragraphs if p.text == paragraph_text)
    geo = _geometry(d.element.body.find(W + "sectPr"), 420)
    lines, _ = _Paragraphs(StyleSheet(d), geo, WORD).lines(p._p, geo.width)
    return len(lines)


@pytest.mark.parametrize("k", [0, 1, 4])
def test_a_full_body_line_holds_28_characters_and_the_first_26(k):
    n = 26 + 28 * k
    assert body_lines(text(n)) == k + 1
    assert body_lines(text(n + 1)) == k + 2


def test_a_full_stop_hangs_in_the_margin_rather_than_open_a_line():
    assert body_lines(text(26, "。")) == 1
    assert body_lines(text(26, "。本")) == 2


def test_a_closing_mark_takes_the_character_before_it_down():
    # 26 characters fill the first line; "）" may not open the second, and does not hang
    assert body_lines(text(26, "）")) == 2
    assert body_lines(text(25, "（")) == 1
    # an opening mark does not end a line: "（" goes down with what it opens
    assert body_lines(text(25, "（本")) == 2


def test_latin_text_is_measured_by_its_letters():
    # a digit is half an em in Times New Roman, a capital W nearly a whole one
    assert body_lines("1" * 52) == 1
    assert body_lines("1" * 54) == 2
    assert body_lines("W" * 27) == 1
    assert body_lines("W" * 29) == 2


def _pages(doc, renderer=WORD):
    d = build_docx(doc, default_profile())
    layout = lay_out(d, renderer)
    return d, layout


def _page_of(d, layout, startswith: str) -> int:
    p = next(p for p in d.paragraphs if p.text.startswith(startswith))
    return layout.last_page_of(p._p)


def test_22_lines_a_page_and_a_heading_never_last():
    # the title takes a line and a blank follows it: 20 one-line paragraphs fill page 1
    blocks = [m.Paragraph(text=f"第{i}段" + text(20)) for i in range(20)]
    blocks.append(m.Section(level=1, title="标题甲", blocks=[m.Paragraph(text="正文甲" + text(20))]))
    d, layout = _pages(m.Document(meta=m.Meta(title=["标题"]), blocks=blocks))
    assert _page_of(d, layout, "第19段") == 1
    assert _page_of(d, layout, "一、标题甲") == 2
    # one paragraph fewer: the heading fits on page 1, but must not be its last line
    d, layout = _pages(m.Document(meta=m.Meta(title=["标题"]), blocks=blocks[1:]))
    assert _page_of(d, layout, "第19段") == 1
    assert _page_of(d, layout, "一、标题甲") == 2
    blocks = blocks[2:]
    d, layout = _pages(m.Document(meta=m.Meta(title=["标题"]), blocks=blocks))
    assert _page_of(d, layout, "一、标题甲") == 1 and _page_of(d, layout, "正文甲") == 1


def test_the_signature_takes_the_last_lines_of_the_body_with_it():
    # page 1: title, blank, 19 lines of body; the 20th body line and the 落款 chain do not fit
    last = text(26 + 28 * 3)  # 4 lines
    blocks = [m.Paragraph(text=f"第{i}段" + text(20)) for i in range(16)] + [m.Paragraph(text=last)]
    doc = m.Document(meta=m.Meta(title=["标题"], org="某某县教育局", date="2024-12-20"), blocks=blocks)
    d = build_docx(doc, default_profile())
    word, lo = lay_out(d, WORD), lay_out(d, LIBREOFFICE)
    p = next(p for p in d.paragraphs if p.text == last)._p
    sig = next(p for p in d.paragraphs if p.text == "某某县教育局")._p
    # Word: the paragraph splits; its last two lines go with the blank, 署名 and date
    assert word.where[p] == (1, 2) and word.last_page_of(sig) == 2
    # LibreOffice moves the whole keep-with-next paragraph
    assert lo.where[p] == (2, 2) and lo.last_page_of(sig) == 2


def test_table_rows_repeat_their_header_on_each_page():
    rows = [[str(i), "项目" + str(i)] for i in range(60)]
    doc = m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Table(header=["序号", "名称"], rows=rows),
                                                        m.Paragraph(text="表后正文。")])
    d, layout = _pages(doc)
    tbl = d.tables[0]._tbl
    first, last = layout.where[tbl]
    assert first == 1 and last >= 2
    # each row: 20 pt lines plus the 0.5 pt rule; the header repeats: page 1 holds fewer
    # rows than a later page would without it, and the count matches the arithmetic
    row = 400 + 10
    height = round(225 / 25.4 * 1440)
    title = 2 * default_profile().line_pitch_twips
    on_page_1 = (height - title - 10) // row
    on_page_2 = (height - row) // row
    assert last == 1 + -(-(61 - on_page_1) // on_page_2)


def test_section_starts_count_blank_pages():
    from docx.enum.section import WD_SECTION

    d = build_docx(m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Paragraph(text="正文。")]),
                   default_profile())
    d.add_section(WD_SECTION.EVEN_PAGE)
    d.add_paragraph("第二节")
    d.add_section(WD_SECTION.ODD_PAGE)
    d.add_paragraph("第三节")
    layout = lay_out(d)
    assert _page_of(d, layout, "第二节") == 2
    assert _page_of(d, layout, "第三节") == 3


def test_a_page_break_inside_a_paragraph_starts_a_page_at_its_line():
    from docx.enum.text import WD_BREAK

    d = build_docx(m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Paragraph(text="前文。")]),
                   default_profile())
    p = d.add_paragraph(text(26 + 28))  # two lines, then a page break, then a third line
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("后文")
    d.add_paragraph("下一段")
    layout = lay_out(d)
    assert layout.where[p._p] == (1, 2)
    assert _page_of(d, layout, "下一段") == 2
