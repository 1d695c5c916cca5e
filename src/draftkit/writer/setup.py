"""A new .docx set up for a profile: styles, page, font table, page-number footers.

Everything here is decided once per document, before any text is written.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.ooxml import add_page_field, add_run, clear_runs, ppr, replace_child, rpr, set_ppr, strip_theme_fonts
from draftkit.profile import Profile, mm_to_twips

BODY_STYLE = "Body Text"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}

# Fonts a bureau PC may lack, and the face Word should use instead of silently falling back
# to the default East Asian font (w:altName in the font table).
ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
    "方正仿宋_GBK": "仿宋",
    "方正楷体_GBK": "楷体",
    "方正黑体_GBK": "黑体",
}


def new_document(pr: Profile, doc: m.Document):
    """A fresh document set up for the profile, or the profile's reference .docx.

    With a reference document (a bureau's own Word template), its page setup, styles,
    headers and footers are kept, as pandoc's reference-doc does; only the styles the
    writer needs and the reference lacks are added.
    """
    import docx

    reference = pr.reference_docx
    if reference is not None:
        from draftkit.docxio import open_docx

        d = open_docx(Path(reference))
        # its body goes (below); its page setup stays, so it needs a body-level sectPr
        if d.element.body.find(qn("w:sectPr")) is None:
            d.element.body.append(OxmlElement("w:sectPr"))
        set_styles(pr, d, only_missing=True)
        sec = d.sections[-1]
        if not any(p.text.strip() or p._p.xpath(".//w:fldChar | .//w:fldSimple")
                   for f in (sec.footer, sec.even_page_footer) for p in f.paragraphs):
            d.settings.odd_and_even_pages_header_footer = True
            footers(pr, sec)
    else:
        d = docx.Document()
        set_styles(pr, d, only_missing=False)
        d.settings.odd_and_even_pages_header_footer = True
        sec = d.sections[0]
        set_page(pr, sec)
        footers(pr, sec)
    settings = d.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    font_table(pr, d)

    cp = d.core_properties
    cp.title = _property_text(doc.meta.title_text)
    cp.author = _property_text(doc.meta.org or "")
    cp.language = "zh-CN"
    cp.comments = "draftkit"
    # the reference document's text, if any, is not ours to keep (python-docx's own
    # template body is empty)
    body_el = d.element.body
    for child in list(body_el):
        if child.tag != qn("w:sectPr"):
            body_el.remove(child)
    return d

CORE_PROPERTY_LIMIT = 255  # characters in a document property (the title Word shows in 文件信息)


def _property_text(text: str) -> str:
    """A document property holds at most 255 characters; the body keeps the full text."""
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def set_styles(pr: Profile, d, *, only_missing: bool) -> None:
    """Restyle the styles the writer uses; with only_missing, add just those absent."""
    from docx.enum.style import WD_STYLE_TYPE

    f = pr.fonts
    styles = d.styles
    names = [BODY_STYLE, *HEADING_STYLES.values(), "Title", "Footer"]
    if only_missing:
        todo = set()
        for name in names:
            try:
                styles[name]
            except KeyError:
                styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                todo.add(name)
        if "Table Grid" not in [s.name for s in styles]:
            styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    else:
        todo = set(names)
        strip_theme_fonts(styles.element)
        defaults = styles.element.find(qn("w:docDefaults"))
        replace_child(defaults.find(qn("w:rPrDefault")),
                      rpr(f.latin, f.body, pr.sizes.body, spacing=pr.char_spacing_twips))
    # Widow/orphan control is off on purpose: GB/T 9704 asks for full pages of 22 lines, and
    # Word's widow control would leave a line empty at the foot of many pages. What must not be
    # stranded is kept by keep-with-next instead: every standalone heading keeps with the
    # paragraph after it (so no heading is the last line of a page), and the body's last lines
    # keep with the 附件说明 and the 落款 (see DocxWriter.keep_tail_together).
    pitch = pr.line_pitch_twips
    indent = {"first_line": 2 * pr.char_twips, "first_line_chars": 200}
    if not only_missing:
        def base():
            return ppr(widow_control=False, auto_space=False, line=pitch, jc="both")

        replace_child(styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")), base())
        normal = styles["Normal"].element
        replace_child(normal, base())
        replace_child(normal, rpr(f.latin, f.body, pr.sizes.body, spacing=pr.char_spacing_twips))

    if BODY_STYLE in todo:
        body = styles[BODY_STYLE].element
        replace_child(body, ppr(line=pitch, jc="both", **indent))
        replace_child(body, rpr(f.latin, f.body, pr.sizes.body))
    heading_fonts = {1: f.level1, 2: f.level2, 3: f.level3, 4: f.level4}
    for level, name in HEADING_STYLES.items():
        if name not in todo:
            continue
        st = styles[name].element
        replace_child(st, ppr(keep_next=True, keep_lines=True, widow_control=False, line=pitch, jc="both",
                              outline_level=level - 1, **indent))
        bold = pr.bold_headings if level <= 2 else False
        replace_child(st, rpr(f.latin, heading_fonts[level], pr.sizes.body, bold=bold))
        for hidden in st.findall(qn("w:semiHidden")):
            st.remove(hidden)
    if "Title" in todo:
        title = styles["Title"].element
        replace_child(title, ppr(line=pitch, first_line=0, first_line_chars=0, jc="center"))
        replace_child(title, rpr(f.latin, f.title, pr.sizes.title))
    if "Footer" in todo:
        footer = styles["Footer"].element
        replace_child(footer, ppr(line=240, line_rule="auto"))
        replace_child(footer, rpr(f.page_number, f.page_number, pr.sizes.page_number))
    if not only_missing:
        for st in styles.element.iter(qn("w:style")):
            # The stock character styles linked to headings carry theme fonts and colours.
            if st.get(qn("w:type")) == "character":
                strip_theme_fonts(st)

def set_page(pr: Profile, sec) -> None:
    from docx.shared import Twips

    page = pr.page
    sec.page_width = Twips(mm_to_twips(page.width_mm))
    sec.page_height = Twips(mm_to_twips(page.height_mm))
    sec.top_margin = Twips(mm_to_twips(page.top_mm))
    sec.bottom_margin = Twips(mm_to_twips(page.bottom_mm))
    sec.left_margin = Twips(mm_to_twips(page.left_mm))
    sec.right_margin = Twips(mm_to_twips(page.right_mm))
    sec.footer_distance = Twips(mm_to_twips(page.footer_mm))
    sec.header_distance = Twips(mm_to_twips(15))
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # no character grid: it renders as 14 characters a line in LibreOffice
        grid.attrib.clear()
        grid.set(qn("w:linePitch"), str(pr.line_pitch_twips))


def font_table(pr: Profile, d) -> None:
    """Declare every CJK font the document uses as GB2312 (charset 86), with a fallback name."""
    from lxml import etree

    part = next((r.target_part for r in d.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    f = pr.fonts
    names = [f.title, f.body, f.level1, f.level2, f.level3, f.level4, f.label, f.page_number, f.table_header]
    for name in dict.fromkeys(names):
        if name in have or name.isascii():
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = ALT_NAMES.get(name)
        if alt:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
        # how Word itself declares Chinese system fonts (宋体, 仿宋, 黑体: modern, fixed pitch)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "fixed")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

def footers(pr: Profile, sec) -> None:
    """Page numbers: "— 1 —" by default, odd pages right and even pages left (outer corners)."""
    indent = round(pr.page_number_indent_chars * pr.sizes.page_number * 20)
    before, _, after = pr.page_number_style.partition("{}")
    sides = {"outer": ("right", "left"), "center": ("center", "center"), "right": ("right", "right")}
    odd_side, even_side = sides[pr.page_number_position]
    sec.footer.is_linked_to_previous = False
    sec.even_page_footer.is_linked_to_previous = False
    for footer, side in ((sec.footer, odd_side), (sec.even_page_footer, even_side)):
        para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        clear_runs(para)
        kwargs = {"right": indent} if side == "right" else ({"left": indent} if side == "left" else {})
        set_ppr(para, jc=side, first_line=0, first_line_chars=0, **kwargs)
        font = pr.fonts.page_number
        if before:
            add_run(para, before, latin=font, east_asia=font, size_pt=pr.sizes.page_number)
        add_page_field(para, font=font, size_pt=pr.sizes.page_number)
        if after:
            add_run(para, after, latin=font, east_asia=font, size_pt=pr.sizes.page_number)
