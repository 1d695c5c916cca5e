"""What the written .docx says, read back from its XML."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from draftkit import model as m
from draftkit.profile import Profile, default_profile, mm_to_twips
from draftkit.script import split_script, visual_width
from draftkit.writer import build_docx, format_date, split_title, write_docx
from tests.conftest import DEMO_SUMMARY, SEED_PLAN, SEED_SUMMARY, build_doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("xml") / "demo.docx"
    write_docx(build_doc(DEMO_SUMMARY, "summary"), default_profile(), path)
    return docx.Document(str(path)), path


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("xml") / "seed.docx"
    write_docx(build_doc(SEED_SUMMARY, "summary"), default_profile(), path)
    return docx.Document(str(path)), path


def _style_chain_value(d, style, getter):
    while style is not None:
        v = getter(style.element)
        if v is not None:
            return v
        style = style.base_style
    return None


def effective_run(d, paragraph, run_el):
    """(eastAsia font, ascii font, size in half-points) after run, paragraph style and doc defaults."""
    def rfonts_attr(el, attr):
        rpr = el.find(qn("w:rPr"))
        if rpr is None:
            return None
        rf = rpr.find(qn("w:rFonts"))
        return None if rf is None else rf.get(qn(attr))

    def size(el):
        rpr = el.find(qn("w:rPr"))
        if rpr is None:
            return None
        sz = rpr.find(qn("w:sz"))
        return None if sz is None else int(sz.get(qn("w:val")))

    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    out = []
    for attr in ("w:eastAsia", "w:ascii"):
        v = rfonts_attr(run_el, attr)
        if v is None:
            v = _style_chain_value(d, paragraph.style, lambda e: rfonts_attr(e, attr))
        if v is None:
            v = rfonts_attr(defaults, attr)
        out.append(v)
    s = size(run_el) or _style_chain_value(d, paragraph.style, size) or size(defaults)
    out.append(s)
    return tuple(out)


def all_paragraphs(d):
    yield from d.paragraphs
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_page_size_and_margins(demo_docx):
    d, _ = demo_docx
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert round(sec.top_margin.mm) == 37 and round(sec.bottom_margin.mm) == 35
    assert round(sec.left_margin.mm) == 28 and round(sec.right_margin.mm) == 26
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) is None and grid.get(qn("w:charSpace")) is None


def test_geometry_derived_from_the_profile():
    p = default_profile()
    assert p.line_pitch_twips == 579
    assert p.char_spacing_twips == -5
    assert 28 * (p.char_twips + p.char_spacing_twips) <= mm_to_twips(p.page.text_width_mm)
    assert 22 * p.line_pitch_twips <= mm_to_twips(p.page.text_height_mm)


def test_doc_defaults_zh_cn_no_theme_fonts_no_widow_control(demo_docx):
    d, path = demo_docx
    styles_xml = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert "Theme=" not in styles_xml.replace("themeFontLang", "")
    defaults = d.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    assert ppr.find(qn("w:widowControl")).get(qn("w:val")) == "0"
    sp = ppr.find(qn("w:spacing"))
    assert (sp.get(qn("w:line")), sp.get(qn("w:lineRule"))) == ("579", "exact")
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "evenAndOddHeaders" in settings


def test_every_run_has_east_asian_font_and_size(demo_docx, seed_docx):
    allowed = {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}
    for d, _ in (demo_docx, seed_docx):
        count = 0
        for para in all_paragraphs(d):
            for r in para._p.iter(qn("w:r")):
                if r.find(qn("w:t")) is None:
                    continue
                rf = r.find(qn("w:rPr")).find(qn("w:rFonts"))
                assert rf.get(qn("w:eastAsia")) in allowed, para.text
                ea, latin, size = effective_run(d, para, r)
                assert size in (28, 32, 44)
                text = r.find(qn("w:t")).text
                if all(ch.isascii() for ch in text):
                    assert latin == "Times New Roman"
                else:
                    assert latin == ea  # quotes and dashes stay in the CJK font
                count += 1
        assert count > 50


def test_quotes_and_dashes_are_in_cjk_runs():
    assert split_script("开展“两张皮”—整治2020年") == [(False, "开展“两张皮”—整治"), (True, "2020"), (False, "年")]
    assert visual_width("2024年5月24日") == 6.5


def _runs_by_text(d, startswith):
    for para in d.paragraphs:
        if para.text.startswith(startswith):
            return para, [r for r in para._p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    raise AssertionError(f"no paragraph starting with {startswith}")


def test_heading_fonts_by_level(seed_docx):
    d, _ = seed_docx
    para, runs = _runs_by_text(d, "一、")
    assert para.style.name == "Heading 1"
    assert {effective_run(d, para, r)[0] for r in runs} == {"黑体"}
    para, runs = _runs_by_text(d, "（一）突出引领")
    assert para.style.name == "Heading 2"
    assert {effective_run(d, para, r)[0] for r in runs} == {"楷体_GB2312"}
    para, runs = _runs_by_text(d, "1.学校党建基础进一步夯实。在全县")
    fonts = [effective_run(d, para, r)[0] for r in runs]
    assert set(fonts) == {"仿宋_GB2312"}
    for level in (1, 2, 3, 4):
        st = d.styles[f"Heading {level}"].element
        assert st.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        assert st.find(qn("w:rPr")).find(qn("w:color")) is None


def test_numbers_are_derived_from_structure(seed_docx):
    d, _ = seed_docx
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:2] == ["一、2020年工作总结", "（一）突出引领，党的建设得到全面加强"]
    assert "（六）夯实基础，教育现代化发展步伐更坚定" in heads and heads[-1] == "二、存在的主要问题"
    items = [p.text[:2] for p in d.paragraphs if p.text[:1].isdigit() and p.text[1:2] == "."]
    assert items == ["1.", "2.", "3.", "4.", "1.", "2.", "3.", "1.", "2.", "3.", "4."]


def test_continuous_numbering(tmp_path):
    doc = m.replace(build_doc(SEED_PLAN, "plan"), numbering="continuous")
    d = build_docx(doc, default_profile())
    items = [p.text.split(".")[0] for p in d.paragraphs if p.text[:1].isdigit() and "." in p.text[:3]]
    assert items == [str(i) for i in range(1, 16)]


def test_body_paragraphs_indented_two_chars_both_ways(seed_docx):
    d, _ = seed_docx
    body = d.styles["Body Text"].element.find(qn("w:pPr")).find(qn("w:ind"))
    assert body.get(qn("w:firstLine")) == "640" and body.get(qn("w:firstLineChars")) == "200"
    for level in (1, 2, 3, 4):
        ind = d.styles[f"Heading {level}"].element.find(qn("w:pPr")).find(qn("w:ind"))
        assert ind.get(qn("w:firstLine")) == "640"


def test_title_label_and_blank_lines(seed_docx):
    d, _ = seed_docx
    texts = [p.text for p in d.paragraphs[:5]]
    assert texts == ["附件2", "", "岱山县教育局2020年工作总结", "", texts[4]]
    assert d.paragraphs[2].style.name == "Title"
    ind = d.paragraphs[0]._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLine")) == "0" and ind.get(qn("w:firstLineChars")) == "0"


def test_footers_odd_right_even_left_with_page_field(demo_docx):
    d, path = demo_docx
    sec = d.sections[0]
    for footer, side, attr in ((sec.footer, "right", "w:right"), (sec.even_page_footer, "left", "w:left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
        assert p._p.pPr.find(qn("w:ind")).get(qn(attr)) == "280"
        assert p.text.startswith("— ") and p.text.endswith(" —")
        for r in p._p.iter(qn("w:r")):
            rf = r.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert {rf.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia")} == {"宋体"}
            assert r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "28"
    assert round(sec.footer_distance.mm) == 25


def test_attachment_note_signature_and_pages(demo_docx):
    d, _ = demo_docx
    paras = d.paragraphs
    texts = [p.text for p in paras]
    i = texts.index("附件：1.\t2024年教育重点项目完成情况表")
    assert texts[i - 1] == "" and texts[i + 1] == "2.\t2024年教育系统获奖情况"
    assert paras[i]._p.find(".//" + qn("w:tab")) is not None  # a real tab, aligned by the tab stop
    assert texts[i + 2] == "" and texts[i + 3] == "某某县教育局" and texts[i + 4] == "2024年12月20日"
    sig, date = paras[i + 3], paras[i + 4]
    assert sig._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    sig_right = int(sig._p.pPr.find(qn("w:ind")).get(qn("w:right")))
    date_left = int(date._p.pPr.find(qn("w:ind")).get(qn("w:left")))
    # the date's first character two characters right of the signature's first character
    sig_start = mm_to_twips(156) - sig_right - 6 * 315
    assert date_left - sig_start == 2 * 315
    # the date (7 characters) is longer than the signature (6): it ends 2 characters from the right
    assert mm_to_twips(156) - (date_left + 7 * 315) == pytest.approx(2 * 315, abs=20)
    labels = [p for p in paras if p.text in ("附件1", "附件2")]
    assert len(labels) == 2
    for p in labels:
        assert p._p.pPr.find(qn("w:pageBreakBefore")) is not None
        assert p.runs[0]._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    nxt = texts.index("附件1")
    assert texts[nxt + 1] == "" and texts[nxt + 2] == "2024年教育重点项目完成情况表"
    assert paras[nxt + 2].style.name == "Title"
    assert len(d.tables) == 1 and d.tables[0].cell(0, 0).text == "项目"


def test_single_attachment_has_no_number():
    doc = build_doc(DEMO_SUMMARY, "summary")
    doc = m.replace(doc, attachments=doc.attachments[:1])
    d = build_docx(doc, default_profile())
    texts = [p.text for p in d.paragraphs]
    assert "附件：2024年教育重点项目完成情况表" in texts and "附件" in texts


@pytest.mark.parametrize(
    "org,date,sig_right,date_right",
    [
        ("某某县人民政府办公室", dt.date(2024, 5, 4), 2, 4),  # signature longer: date 2 right of its start
        ("教育局", dt.date(2024, 12, 20), 8, 2),  # date longer: date right 2, signature moves left
    ],
)
def test_signature_date_positions(org, date, sig_right, date_right):
    meta = m.Meta(title=["测试"], org=org, date=date)
    d = build_docx(m.Document(meta=meta, blocks=[m.Paragraph(text="正文。")]), default_profile())
    sig, dat = d.paragraphs[-2], d.paragraphs[-1]
    assert sig.text == org and dat.text == format_date(date)
    line = mm_to_twips(156)
    got_sig = int(sig._p.pPr.find(qn("w:ind")).get(qn("w:right"))) / 315
    date_left = int(dat._p.pPr.find(qn("w:ind")).get(qn("w:left")))
    got_date = (line - date_left) / 315 - visual_width(dat.text)
    assert got_sig == sig_right
    assert got_date == pytest.approx(date_right, abs=0.1)


def test_date_format_has_no_zero_padding():
    assert format_date(dt.date(2024, 5, 4)) == "2024年5月4日"


@pytest.mark.parametrize(
    "title,expected",
    [
        ("岱山县教育局2020年工作总结", ["岱山县教育局2020年工作总结"]),
        ("某某县教育局关于印发2025年全县教育系统安全工作要点的通知",
         ["某某县教育局关于印发2025年", "全县教育系统安全工作要点的通知"]),
        ("中共某某县委教育工作领导小组办公室2024年度全县教育工作总结",
         ["中共某某县委教育工作领导小组办公室", "2024年度全县教育工作总结"]),
    ],
)
def test_title_split(title, expected):
    lines = split_title(title, 20)
    assert "".join(lines) == title
    assert all(visual_width(x) <= 20 for x in lines)
    assert lines == expected


def test_long_title_never_hourglass():
    title = "某某省某某市某某县教育局关于进一步加强全县中小学校园安全管理和学生心理健康教育工作的实施方案"
    lines = split_title(title, 20)
    assert "".join(lines) == title and len(lines) == 3
    w = [visual_width(x) for x in lines]
    assert not (w[1] < w[0] and w[1] < w[2])


def test_title_split_does_not_break_inside_book_title():
    lines = split_title("某某县教育局关于印发《2025年全县教育系统安全工作要点》的通知", 20)
    assert lines == ["某某县教育局关于印发", "《2025年全县教育系统安全工作要点》的通知"]


def test_book_title_longer_than_a_line_is_broken_but_not_at_its_brackets():
    title = "关于印发《某某县教育系统安全生产治本攻坚三年行动方案》的通知"
    lines = split_title(title, 20)
    assert "".join(lines) == title and all(visual_width(x) <= 20 for x in lines)
    assert not any(x.endswith("《") or x.startswith(("》", "的通知")) for x in lines)


def test_round_trip_through_python_docx(demo_docx, tmp_path):
    d, path = demo_docx
    again = docx.Document(str(path))
    again.save(tmp_path / "again.docx")
    assert [p.text for p in docx.Document(str(tmp_path / "again.docx")).paragraphs] == [p.text for p in d.paragraphs]


def test_profile_rejects_a_text_block_that_cannot_hold_the_grid():
    with pytest.raises(ValueError):
        Profile(page={"left_mm": 90, "right_mm": 90})
    with pytest.raises(ValueError):
        Profile(page={"chars": 50})


def _check_order(parent, order):
    """Children named in `order` must appear in that relative order (the OOXML schema sequence)."""
    names = [c.tag.split("}")[1] for c in parent]
    idx = [order.index(n) for n in names if n in order]
    assert idx == sorted(idx), names


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange"]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def test_xml_children_in_schema_order(demo_docx):
    """Word rejects out-of-order elements with a repair prompt; LibreOffice does not notice."""
    d, _ = demo_docx
    roots = [d.element, d.styles.element] + [
        f._element for s in d.sections for f in (s.footer, s.even_page_footer)
    ]
    for root in roots:
        for ppr in root.iter(qn("w:pPr")):
            _check_order(ppr, PPR_ORDER)
        for rpr in root.iter(qn("w:rPr")):
            _check_order(rpr, RPR_ORDER)
        for tblpr in root.iter(qn("w:tblPr")):
            _check_order(tblpr, TBLPR_ORDER)
    for style in d.styles.element.iter(qn("w:style")):
        assert all(not k.endswith("}semiHidden") for k in style.attrib)


def test_bold_lead_is_a_profile_switch():
    doc = build_doc(SEED_SUMMARY, "summary")
    for bold in (False, True):
        d = build_docx(doc, Profile(bold_lead=bold))
        para = next(p for p in d.paragraphs if p.text.startswith("1.学校党建基础进一步夯实。"))
        runs = [r for r in para._p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        lead = [r for r in runs if r.find(qn("w:t")).text in ("1.", "学校党建基础进一步夯实。")]
        body = [r for r in runs if r.find(qn("w:t")).text.startswith("在全县范围内")]
        assert lead and body
        assert all((r.find(qn("w:rPr")).find(qn("w:b")) is not None) == bold for r in lead)
        assert all(r.find(qn("w:rPr")).find(qn("w:b")) is None for r in body)


def test_overlong_title_is_wrapped_quickly():
    import time

    title = "很长的标题" * 40
    t = time.perf_counter()
    lines = split_title(title, 20)
    assert time.perf_counter() - t < 2
    assert "".join(lines) == title and all(visual_width(x) <= 20 for x in lines)


def test_font_table_declares_cjk_fonts_with_fallbacks(demo_docx):
    _, path = demo_docx
    xml = zipfile.ZipFile(path).read("word/fontTable.xml").decode()
    from lxml import etree

    root = etree.fromstring(xml.encode())
    fonts = {f.get(W + "name"): f for f in root.findall(W + "font")}
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert fonts[name].find(W + "altName").get(W + "val") == alt
        assert fonts[name].find(W + "charset").get(W + "val") == "86"
    assert "黑体" in fonts and "宋体" in fonts


def test_chapters_centred_and_articles_lead_their_paragraph():
    from draftkit import model as m
    from draftkit.profile import default_profile
    from draftkit.writer import build_docx

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    article = m.Section(level=0, division="article", title="", run_in=True,
                        blocks=[m.Paragraph(text="为加强管理，制定本办法。"), m.Paragraph(text="第二款。")])
    chapter = m.Section(level=0, division="chapter", title="总则", blocks=[article])
    doc = m.Document(meta=m.Meta(title=["某某办法"]), blocks=[chapter])
    d = build_docx(doc, default_profile())
    paras = [p for p in d.paragraphs if p.text.strip()]
    texts = [p.text for p in paras]
    at = texts.index("第一章\u3000总则")
    assert texts[at + 1:at + 3] == ["第一条\u3000为加强管理，制定本办法。", "第二款。"]
    assert paras[at]._p.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    runs = paras[at + 1].runs
    lead = runs[0]._r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia")
    rest = runs[-1]._r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia")
    assert lead == "黑体" and rest == "仿宋_GB2312"


def test_a_division_below_a_heading_is_refused():
    import pytest

    from draftkit import model as m

    with pytest.raises(ValueError, match="更深"):
        m.Section(level=1, title="一", blocks=[m.Section(level=0, division="chapter", title="章")])
    with pytest.raises(ValueError, match="只有章、节、条"):
        m.Section(level=0, title="没有种类")
    with pytest.raises(ValueError, match="0 到 4"):
        m.Section(level=5, title="太深")


@given(st.text(alphabet=st.sampled_from("abc 12一二，。·×÷§¨°±\u00a0\u2000\u1fff\u3000\U00020000\t"), max_size=40))
def test_script_runs_and_widths_follow_is_latin_character_by_character(text):
    from draftkit.script import is_latin

    expected: list[tuple[bool, str]] = []
    for ch in text:
        lat = is_latin(ch)
        if expected and expected[-1][0] == lat:
            expected[-1] = (lat, expected[-1][1] + ch)
        else:
            expected.append((lat, ch))
    assert split_script(text) == expected
    assert visual_width(text) == sum(0.5 if is_latin(ch) else 1.0 for ch in text)
