"""The page estimate against LibreOffice's pages.

Documents of varied make (paragraph lengths, numbers and Latin words, headings of two
levels, tables of different sizes, three templates) are generated from seeded random
choices, written, rendered, and read back. With LibreOffice's measured habits
(draftkit.layout.LIBREOFFICE) the estimate must name the page each document's body ends on
and the number of pages. The writer decides with Word's habits (WORD); the two differ only
in the CJK/Latin gap and in how a keep-with-next paragraph moves, which test_layout covers.
"""

from __future__ import annotations

import random

import docx
import pytest

from draftkit import model as m
from draftkit.docxstyles import W
from draftkit.layout import LIBREOFFICE, lay_out
from draftkit.template import load_template
from draftkit.writer import write_docx
from tests.conftest import require_render
from tests.test_render import rows_of

pdfplumber = pytest.importorskip("pdfplumber")

PHRASES = ["全县教育系统", "坚持立德树人", "深化综合改革", "办好人民满意的教育", "2024年", "投入3,400万元",
           "增长12.5%", "“双减”政策", "《义务教育法》", "（试行）", "义务教育优质均衡", "新建校舍4.2万平方米",
           "智慧校园WiFi全覆盖", "STEM课程", "第十八次", "，", "，", "，", "、", "；"]
TEMPLATES = ["default", "红头文件", "示例县教育局"]
DOCS = 24


def _sentence(rnd: random.Random, lo: int, hi: int) -> str:
    text = "".join(rnd.choice(PHRASES) for _ in range(rnd.randint(lo, hi)))
    return text.strip("，、；") + "。"


def make_document(seed: int) -> m.Document:
    rnd = random.Random(seed)
    blocks: list = [m.Paragraph(text=_sentence(rnd, 4, 40))]
    for i in range(rnd.randint(1, 4)):
        inner: list = []
        for _ in range(rnd.randint(1, 3)):
            inner.append(m.Section(level=2, title=_sentence(rnd, 1, 3).rstrip("。"),
                                   blocks=[m.Paragraph(text=_sentence(rnd, 3, 30))
                                           for _ in range(rnd.randint(1, 3))]))
        if rnd.random() < 0.3:
            rows = [[str(r), _sentence(rnd, 1, 4).rstrip("。"), f"{rnd.randint(10, 9999):,}", "县教育局"]
                    for r in range(1, rnd.randint(3, 30))]
            inner.append(m.Table(caption="重点项目情况", header=["序号", "项目", "投资（万元）", "责任单位"],
                                 rows=rows))
        blocks.append(m.Section(level=1, title=_sentence(rnd, 1, 2).rstrip("。"), blocks=inner))
    blocks.append(m.Paragraph(text=_sentence(rnd, 3, 30)))
    return m.Document(meta=m.Meta(title=["某某县教育局关于" + _sentence(rnd, 1, 5).rstrip("。") + "的报告"],
                                  org="某某县教育局", date="2024-12-20"), blocks=blocks)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    require_render()
    from draftkit.render import docx_to_pdf

    out = tmp_path_factory.mktemp("layout")
    paths = []
    for seed in range(DOCS):
        profile = load_template(TEMPLATES[seed % len(TEMPLATES)]).profile()
        paths.append(write_docx(make_document(seed), profile, out / f"doc{seed}.docx"))
    pdfs = docx_to_pdf(paths, out)
    result = []
    for path, pdf in zip(paths, pdfs):
        with pdfplumber.open(str(pdf)) as opened:
            counts = [len(rows_of(page)) for page in opened.pages]
        result.append((path, counts))
    return result


def _breaks(d):
    """Body paragraphs that end a section (the last one ends the body before the 版记)."""
    return [p for p in d.element.body if p.tag == W + "p" and p.find(f"{W}pPr/{W}sectPr") is not None]


def body_end(counts: list[int], has_banji: bool) -> int:
    """The page the body ends on: the last page, or the last page with text before the 版记."""
    if not has_banji:
        return len(counts)
    pages = counts[:-1]
    while pages and pages[-1] == 0:
        pages.pop()
    return len(pages)


def test_the_estimate_finds_the_page_the_body_ends_on(rendered):
    wrong = {}
    for path, counts in rendered:
        d = docx.Document(str(path))
        breaks = _breaks(d)
        layout = lay_out(d, LIBREOFFICE)
        estimate = layout.last_page_of(breaks[-1]) if breaks else layout.pages
        truth = body_end(counts, bool(breaks))
        if estimate != truth or (not breaks and layout.pages != len(counts)):
            wrong[path.name] = (estimate, truth, counts)
    assert not wrong


def test_the_documents_vary_enough_to_test_anything(rendered):
    """Guard: the set spans short and long bodies, both parities of the end page, and tables."""
    ends = {body_end(counts, bool(_breaks(docx.Document(str(p))))) % 2 for p, counts in rendered}
    lengths = {len(counts) for _, counts in rendered}
    tables = sum(bool(docx.Document(str(p)).tables) for p, _ in rendered)
    assert ends == {0, 1} and len(lengths) >= 4 and tables >= 4
