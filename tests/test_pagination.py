"""Pages as a whole (GB/T 9704 7.3.5): the 落款 page carries body text, the 附件说明 stays whole,
no heading is the last line of a page.

The same summary is written with an opening that grows one line at a time over a whole page
(22 lengths), so that every element in turn falls on a page boundary; with and without a
multi-item 附件说明 and a 附注, with the default and the 红头文件 template; each is rendered by
LibreOffice and read back.
"""

from __future__ import annotations

import textwrap

import docx
import pytest

from draftkit import model as m
from draftkit.loader import load
from draftkit.schema import build
from draftkit.template import load_template
from draftkit.writer import write_docx
from tests.conftest import require_render
from tests.test_render import footer_of, rows_of

pdfplumber = pytest.importorskip("pdfplumber")

FILL = "全县教育系统坚持立德树人根本任务，持续深化教育领域综合改革，努力办好人民满意的教育。"
ORG = "某某县教育局"
DATE = "2024年12月20日"
NOTE = "（此件公开发布）"
OPENINGS = range(10, 32)  # 22 consecutive lengths: a whole page of offsets


def summary_yaml(opening_lines: int, attachments: int) -> str:
    """A summary whose opening paragraph fills exactly `opening_lines` lines (26 + 28 + ...)."""
    n = 26 + 28 * (opening_lines - 1)
    opening = (FILL * 40)[: n - 1] + "。"
    text = f"""\
    标题: 某某县教育局2024年工作总结
    署名: {ORG}
    日期: 2024-12-20
    开头:
      - {opening}
    工作成绩:
      分节:
        - 标题: 党建引领更加有力
          子项:
            - 标题: 基层组织持续夯实
              正文: 完成12个基层党组织换届，新建党建品牌项目5个，党员教师先锋作用充分发挥。
        - 标题: 办学条件明显改善
          正文: 全年新建、改扩建校舍4.2万平方米，所有学校达到省定办学标准。
    存在问题:
      样式: 分条
      条目:
        - 城乡之间优质教育资源仍不均衡
        - 教师队伍结构性缺员问题依然存在
    工作思路:
      分节:
        - 标题: 推进优质均衡发展
          正文: 启动新一轮学校布局调整。
    """
    text = textwrap.dedent(text)
    if attachments:
        text += "附件:\n" + "".join(
            f"  - 标题: 附件名称第{i}项重点项目完成情况统计表\n    正文:\n      - 附件正文。\n"
            for i in range(1, attachments + 1))
    return text


VARIANTS = {
    "plain": ("default", 0, False),
    "attachments+note": ("default", 3, True),
    "redhead": ("红头文件", 3, False),
    "redhead-short": ("红头文件", 0, False),  # the body ends on page 2 or on page 3
}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    require_render()
    from draftkit.render import docx_to_pdf

    out = tmp_path_factory.mktemp("sweep")
    written = []
    for name, (template, attachments, note) in VARIANTS.items():
        profile = load_template(template).profile()
        for n in OPENINGS:
            src = out / f"{name}-{n}.yaml"
            src.write_text(summary_yaml(n, attachments), encoding="utf-8")
            doc = build(load(src), "summary", profile=profile)
            if note:
                doc = m.replace(doc, meta=m.replace(doc.meta, notes=[NOTE]))
            written.append(((name, n), write_docx(doc, profile, out / f"{name}-{n}.docx")))
    pdfs = docx_to_pdf([p for _, p in written], out)
    result = {}
    for (key, path), pdf in zip(written, pdfs):
        with pdfplumber.open(str(pdf)) as opened:
            pages = [[r["text"] for r in rows_of(p)] for p in opened.pages]
            numbers = ["".join(c["text"] for c in footer_of(p)).strip("— ") for p in opened.pages]
        heads = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
        result[key] = (pages, heads, numbers)
    return result


def _tail_kind(row: str) -> str | None:
    if row.startswith("附件：") or (row[:1].isdigit() and "附件名称" in row):
        return "note"  # 附件说明
    if row in (ORG, DATE, NOTE):
        return "signature"
    return None


def page_faults(pages: list[list[str]], heads: list[str]) -> list[str]:
    faults = []
    sig_page = next(i for i, rows in enumerate(pages) if ORG in rows)
    rows = pages[sig_page]
    first_tail = next(i for i, r in enumerate(rows) if _tail_kind(r))
    body_rows = [r for r in rows[:first_tail] if r not in ("某某县教育局文件",)]
    if not body_rows:
        faults.append(f"page {sig_page + 1}: the 落款 without body text: {rows}")
    for r in (ORG, DATE) + ((NOTE,) if any(NOTE in p for p in pages) else ()):
        if r not in rows:
            faults.append(f"{r} is not on the 落款 page {sig_page + 1}")
    note_pages = {i for i, p in enumerate(pages) for r in p if _tail_kind(r) == "note"}
    if note_pages and note_pages != {sig_page}:
        faults.append(f"附件说明 on pages {sorted(p + 1 for p in note_pages)}, 落款 on {sig_page + 1}")
    for i, p in enumerate(pages[:-1]):
        if p and len(p[-1]) >= 4 and any(p[-1] in h for h in heads):
            faults.append(f"page {i + 1} ends with the heading {p[-1]}")
    return faults


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_no_lone_signature_no_split_note_no_heading_last(sweep, variant):
    faults = {n: page_faults(*sweep[(variant, n)][:2]) for n in OPENINGS}
    assert not any(faults.values()), {n: f for n, f in faults.items() if f}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_sweep_puts_every_heading_and_the_signature_on_a_boundary(sweep, variant):
    """Guard for the test above: over the 22 openings each standalone heading starts a page at
    least once, alone or in the run of headings that opens it (it would have ended the page
    before without keep-with-next), and the body's end is carried to the 落款 page from several
    different places."""
    runs = [sweep[(variant, n)] for n in OPENINGS]
    heads = runs[0][1]
    page_tops = set()
    for pages, *_ in runs:
        for rows in pages[1:]:
            for row in rows:
                page_tops.add(row)
                if row not in heads:
                    break
    assert heads and all(h in page_tops for h in heads), [h for h in heads if h not in page_tops]
    carried = {next(rows[0] for rows in pages if ORG in rows) for pages, *_ in runs}
    assert len(carried) >= 5


@pytest.mark.parametrize("variant", ["redhead", "redhead-short"])
def test_the_banji_page_is_numbered_unless_a_blank_page_precedes_it(sweep, variant):
    """GB/T 9704 7.5: the 版记 page (always even, always last) carries its page number when it
    follows the body or an attachment directly; after a blank page neither is numbered."""
    faults = {}
    for n in OPENINGS:
        pages, _, numbers = sweep[(variant, n)]
        last = len(pages)
        assert last % 2 == 0 and any(r.endswith("印发") for r in pages[-1])
        blank_before = not pages[-2]
        expected = ["", ""] if blank_before else [str(last - 1), str(last)]
        if numbers[-2:] != expected:
            faults[n] = (numbers, [len(p) for p in pages])
        # every page of the body is numbered with its place
        body = len(pages) - (2 if blank_before else 1)
        if numbers[:body] != [str(i) for i in range(1, body + 1)]:
            faults[n] = (numbers, [len(p) for p in pages])
    assert not faults


def test_the_sweep_ends_the_body_on_odd_and_on_even_pages(sweep):
    """Guard for the test above: both cases occur."""
    blank = {not sweep[("redhead-short", n)][0][-2] for n in OPENINGS}
    assert blank == {True, False}


# -- where the keep flags are, in the XML (no rendering) ------------------------------------

def _fmt(p):
    f = p.paragraph_format
    return f.keep_with_next, f.keep_together, f.widow_control


def _built(tmp_path, template="default", attachments=3, note=True):
    from draftkit.writer import build_docx

    src = tmp_path / "s.yaml"
    src.write_text(summary_yaml(12, attachments), encoding="utf-8")
    profile = load_template(template).profile()
    doc = build(load(src), "summary", profile=profile)
    if note:
        doc = m.replace(doc, meta=m.replace(doc.meta, notes=[NOTE]))
    return build_docx(doc, profile)


def test_heading_styles_keep_with_next_and_never_split():
    from draftkit.profile import default_profile
    from draftkit.writer.setup import HEADING_STYLES, new_document

    d = new_document(default_profile(), m.Document(meta=m.Meta(title=["标题"])))
    for name in HEADING_STYLES.values():
        f = d.styles[name].paragraph_format
        assert f.keep_with_next is True and f.keep_together is True, name
    # the grid stays whole: widow control is off for body text and headings alike
    assert d.styles["Normal"].paragraph_format.widow_control is False


def test_the_tail_is_one_keep_chain_from_the_last_body_lines(tmp_path):
    d = _built(tmp_path)
    paras = d.paragraphs
    sig = next(i for i, p in enumerate(paras) if p.text == ORG)
    note = next(i for i, p in enumerate(paras) if p.text == NOTE)
    first_note = next(i for i, p in enumerate(paras) if p.text.startswith("附件："))
    last_body = first_note - 2
    assert paras[last_body].text == "启动新一轮学校布局调整。"
    assert _fmt(paras[last_body]) == (True, None, True)  # may split, its last 2 lines go along
    for p in paras[last_body + 1:note]:  # blank lines, 附件说明, 署名, 成文日期
        assert _fmt(p)[:2] == (True, True), p.text
    assert _fmt(paras[note])[:2] == (None, True)  # the chain ends with the 附注
    assert paras[sig + 1].text == DATE
    # nothing before the last body paragraph is chained by the tail: body pages stay full
    assert all(p.paragraph_format.keep_with_next is None for p in paras[:last_body]
               if not p.style.name.startswith("Heading"))


def test_a_table_that_ends_the_body_keeps_its_last_row_with_the_signature(tmp_path):
    from draftkit.profile import default_profile
    from draftkit.writer import build_docx

    doc = m.Document(meta=m.Meta(title=["标题"], org=ORG), blocks=[
        m.Paragraph(text="正文。"), m.Table(header=["项目", "数量"], rows=[["甲", "1"], ["乙", "2"]])])
    d = build_docx(doc, default_profile())
    last_row = d.tables[0].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    first_row = d.tables[0].rows[1]
    assert not any(p.paragraph_format.keep_with_next for c in first_row.cells for p in c.paragraphs)


def test_banji_section_break_rides_on_the_last_paragraph(tmp_path):
    """No empty paragraph for the section break: on a full last page it would spill over."""
    from docx.oxml.ns import qn

    d = _built(tmp_path, template="红头文件", attachments=0, note=False)
    body = d.element.body
    breaks = [p for p in body.iter(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None]
    assert len(breaks) == 1
    carrier = docx.text.paragraph.Paragraph(breaks[0], None)
    assert carrier.text == DATE
