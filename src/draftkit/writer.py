"""Lay a Document out as a GB/T 9704 .docx for a profile."""

from __future__ import annotations

import math
import re
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from draftkit import model as m
from draftkit.numbering import Numberer
from draftkit.ooxml import (
    add_break,
    add_page_field,
    add_run,
    replace_child,
    rpr_xml,
    set_ppr,
    split_script,
    strip_theme_fonts,
    visual_width,
)
from draftkit.profile import Profile, mm_to_twips

BODY_STYLE = "Body Text"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}


# ---------------------------------------------------------------------------------
# title splitting

_ORG_SUFFIX = re.compile(r"(局|委员会|委|政府|厅|办公室|院|部|中心|学校|小学|中学|所|站|队|会)$")
_BREAK_BEFORE = ("关于", "的通知", "的报告", "的意见", "的请示", "的函", "的实施方案", "工作总结", "工作要点",
                 "工作计划", "实施方案", "行动方案")
_OPENERS = "《“‘（(〔【「"
_CLOSERS = "》”’）)〕】」、，。：；！？"


def _allowed_break(text: str, i: int, keep_brackets: bool = True) -> bool:
    a, b = text[i - 1], text[i]
    if a in _OPENERS or b in _CLOSERS:
        return False
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return False
    if not keep_brackets:
        return True
    depth = 0
    for ch in text[:i]:
        if ch in "《“（(〔【「":
            depth += 1
        elif ch in "》”）)〕】」" and depth:
            depth -= 1
    return depth == 0 or b in _OPENERS


def _break_bonus(text: str, i: int) -> float:
    head, tail = text[:i], text[i:]
    bonus = 0.0
    if head.endswith("关于"):
        bonus += 6
    if tail.startswith(_BREAK_BEFORE):
        bonus += 5
    if _ORG_SUFFIX.search(head):
        bonus += 4
    if re.match(r"\d{4}", tail) or re.search(r"\d{4}年$", head):
        bonus += 3
    if head[-1] in "、，" :
        bonus += 4
    return bonus


def split_title(text: str, max_width: float) -> list[str]:
    """Split a title between units of meaning into as few lines as fit, never an hourglass."""
    if visual_width(text) <= max_width:
        return [text]
    n = len(text)
    k = max(2, math.ceil(visual_width(text) / max_width))
    best: tuple[float, list[str]] | None = None
    cuts: list[int] = []

    def score(lines: list[str], idxs: list[int]) -> float | None:
        widths = [visual_width(x) for x in lines]
        if any(w > max_width for w in widths):
            return None
        if len(widths) >= 3 and any(widths[j] < widths[j - 1] and widths[j] < widths[j + 1]
                                    for j in range(1, len(widths) - 1)):
            return None  # hourglass
        s = sum(_break_bonus(text, i) for i in idxs)
        s -= (max(widths) - min(widths)) * 0.6
        return s

    def rec(start: int, parts_left: int, idxs: list[int]):
        nonlocal best
        if parts_left == 1:
            all_idx = idxs
            bounds = [0] + all_idx + [n]
            lines = [text[bounds[j]:bounds[j + 1]] for j in range(len(bounds) - 1)]
            sc = score(lines, all_idx)
            if sc is not None and (best is None or sc > best[0]):
                best = (sc, lines)
            return
        for c in cuts:
            if c > start:
                rec(c, parts_left - 1, idxs + [c])

    # First keep 《》（）“” whole; a bracketed name longer than a line has to be broken.
    for keep in (True, False):
        cuts = [i for i in range(1, n) if _allowed_break(text, i, keep)]
        for lines_count in range(k, 4):
            rec(0, lines_count, [])
            if best is not None:
                return best[1]
    # Longer than three lines is not a title any more; wrap it greedily (cost stays linear).
    lines, cur = [], ""
    for ch in text:
        if cur and visual_width(cur + ch) > max_width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur]


# ---------------------------------------------------------------------------------
# date and widths


def format_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class DocxWriter:
    def __init__(self, profile: Profile):
        self.p = profile
        self.pitch = profile.line_pitch_twips
        self.char = profile.char_twips

    # -- document set-up ---------------------------------------------------------
    def _setup(self, doc: m.Document):
        """A fresh document set up for the profile, or the profile's reference .docx.

        With a reference document (a bureau's own Word template), its page setup, styles,
        headers and footers are kept, as pandoc's reference-doc does; only the styles the
        writer needs and the reference lacks are added.
        """
        import docx

        pr = self.p
        reference = pr.reference_docx
        if reference is not None:
            from draftkit.docxio import open_docx

            d = open_docx(Path(reference))
            # its body goes (below); its page setup stays, so it needs a body-level sectPr
            if d.element.body.find(qn("w:sectPr")) is None:
                d.element.body.append(parse_xml(f"<w:sectPr {nsdecls('w')}/>"))
            self._styles(d, only_missing=True)
            sec = d.sections[-1]
            if not any(p.text.strip() or p._p.xpath(".//w:fldChar | .//w:fldSimple")
                       for f in (sec.footer, sec.even_page_footer) for p in f.paragraphs):
                d.settings.odd_and_even_pages_header_footer = True
                self._footers(sec)
        else:
            d = docx.Document()
            self._styles(d, only_missing=False)
            d.settings.odd_and_even_pages_header_footer = True
            sec = d.sections[0]
            self._page(sec)
            self._footers(sec)
        settings = d.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
        self._font_table(d)

        cp = d.core_properties
        cp.title = doc.meta.title_text
        cp.author = doc.meta.org or ""
        cp.language = "zh-CN"
        cp.comments = "draftkit"
        # the reference document's text, if any, is not ours to keep (python-docx's own
        # template body is empty)
        body_el = d.element.body
        for child in list(body_el):
            if child.tag != qn("w:sectPr"):
                body_el.remove(child)
        return d

    def _styles(self, d, *, only_missing: bool) -> None:
        """Restyle the styles the writer uses; with only_missing, add just those absent."""
        from docx.enum.style import WD_STYLE_TYPE

        pr = self.p
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
            replace_child(defaults.find(qn("w:rPrDefault")), "w:rPr",
                          rpr_xml(f.latin, f.body, pr.sizes.body, spacing=pr.char_spacing_twips))
        base_ppr = (
            '<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="{self.pitch}" w:lineRule="exact"/>'
            '<w:jc w:val="both"/>'
        )
        if not only_missing:
            replace_child(styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")), "w:pPr", base_ppr)
            normal = styles["Normal"].element
            replace_child(normal, "w:pPr", base_ppr)
            replace_child(normal, "w:rPr", rpr_xml(f.latin, f.body, pr.sizes.body, spacing=pr.char_spacing_twips))

        indent = f'<w:ind w:firstLine="{2 * self.char}" w:firstLineChars="200"/>'
        if BODY_STYLE in todo:
            body = styles[BODY_STYLE].element
            replace_child(body, "w:pPr", f'<w:spacing w:before="0" w:after="0" w:line="{self.pitch}" '
                          f'w:lineRule="exact"/>{indent}<w:jc w:val="both"/>')
            replace_child(body, "w:rPr", rpr_xml(f.latin, f.body, pr.sizes.body))
        keep = "<w:keepNext/>" if pr.keep_heading_with_next else '<w:keepNext w:val="0"/>'
        heading_fonts = {1: f.level1, 2: f.level2, 3: f.level3, 4: f.level4}
        for level, name in HEADING_STYLES.items():
            if name not in todo:
                continue
            st = styles[name].element
            replace_child(
                st,
                "w:pPr",
                f'{keep}<w:keepLines w:val="0"/><w:widowControl w:val="0"/>'
                f'<w:spacing w:before="0" w:after="0" w:line="{self.pitch}" w:lineRule="exact"/>'
                f'{indent}<w:jc w:val="both"/><w:outlineLvl w:val="{level - 1}"/>',
            )
            bold = pr.bold_headings if level <= 2 else False
            replace_child(st, "w:rPr", rpr_xml(f.latin, heading_fonts[level], pr.sizes.body, bold=bold))
            for hidden in st.findall(qn("w:semiHidden")):
                st.remove(hidden)
        if "Title" in todo:
            title = styles["Title"].element
            replace_child(
                title,
                "w:pPr",
                f'<w:spacing w:before="0" w:after="0" w:line="{self.pitch}" w:lineRule="exact"/>'
                '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>',
            )
            replace_child(title, "w:rPr", rpr_xml(f.latin, f.title, pr.sizes.title))
        if "Footer" in todo:
            footer = styles["Footer"].element
            replace_child(footer, "w:pPr", '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>')
            replace_child(footer, "w:rPr", rpr_xml(f.page_number, f.page_number, pr.sizes.page_number))
        if not only_missing:
            for st in styles.element.iter(qn("w:style")):
                # The stock character styles linked to headings carry theme fonts and colours.
                if st.get(qn("w:type")) == "character":
                    strip_theme_fonts(st)

    def _page(self, sec) -> None:
        from docx.shared import Twips

        page = self.p.page
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
            grid.set(qn("w:linePitch"), str(self.pitch))

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

    def _font_table(self, d) -> None:
        """Declare every CJK font the document uses as GB2312 (charset 86), with a fallback name."""
        from lxml import etree

        part = next((r.target_part for r in d.part.rels.values() if r.reltype.endswith("/fontTable")), None)
        if part is None:
            return
        root = etree.fromstring(part.blob)
        have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        f = self.p.fonts
        names = [f.title, f.body, f.level1, f.level2, f.level3, f.level4, f.label, f.page_number, f.table_header]
        for name in dict.fromkeys(names):
            if name in have or name.isascii():
                continue
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            alt = self.ALT_NAMES.get(name)
            if alt:
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
            # how Word itself declares Chinese system fonts (宋体, 仿宋, 黑体: modern, fixed pitch)
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern")
            etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "fixed")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _footers(self, sec) -> None:
        """Page numbers: "— 1 —" by default, odd pages right and even pages left (outer corners)."""
        pr = self.p
        indent = round(pr.page_number_indent_chars * pr.sizes.page_number * 20)
        before, _, after = pr.page_number_style.partition("{}")
        sides = {"outer": ("right", "left"), "center": ("center", "center"), "right": ("right", "right")}
        odd_side, even_side = sides[pr.page_number_position]
        sec.footer.is_linked_to_previous = False
        sec.even_page_footer.is_linked_to_previous = False
        for footer, side in ((sec.footer, odd_side), (sec.even_page_footer, even_side)):
            para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            _clear_runs(para)
            kwargs = {"right": indent} if side == "right" else ({"left": indent} if side == "left" else {})
            set_ppr(para, jc=side, first_line=0, first_line_chars=0, **kwargs)
            font = pr.fonts.page_number
            if before:
                add_run(para, before, latin=font, east_asia=font, size_pt=pr.sizes.page_number)
            add_page_field(para, font=font, size_pt=pr.sizes.page_number)
            if after:
                add_run(para, after, latin=font, east_asia=font, size_pt=pr.sizes.page_number)

    # -- paragraphs --------------------------------------------------------------
    def _para(self, d, style: str | None = None):
        para = d.add_paragraph()
        if style:
            para.style = d.styles[style]
        return para

    def _text(self, para, text: str, font: str, size: float | None = None, bold: bool = False, color=None):
        add_run(para, text, latin=self.p.fonts.latin, east_asia=font, size_pt=size or self.p.sizes.body,
                bold=bold, color=color)

    def blank(self, d):
        return self._para(d)

    def flush_left(self, d, text: str, font: str):
        para = self._para(d)
        set_ppr(para, jc="left", first_line=0, first_line_chars=0)
        self._text(para, text, font)
        return para

    def title(self, d, lines: list[str]):
        pr = self.p
        para = self._para(d, "Title")
        if len(lines) == 1:
            advance = pr.sizes.title * 20 + pr.char_spacing_twips
            max_width = math.floor(mm_to_twips(pr.page.text_width_mm) / advance)
            lines = split_title(lines[0], max_width)
        for i, line in enumerate(lines):
            if i:
                add_break(para)
            self._text(para, line, pr.fonts.title, pr.sizes.title)
        return para

    def paragraph(self, d, text: str):
        para = self._para(d, BODY_STYLE)
        self._text(para, text, self.p.fonts.body)
        return para

    def heading(self, d, sec: m.Section, number: str):
        pr = self.p
        fonts = {1: pr.fonts.level1, 2: pr.fonts.level2, 3: pr.fonts.level3, 4: pr.fonts.level4}
        font = fonts[sec.level]
        blocks = list(sec.blocks)
        if sec.run_in:
            para = self._para(d, BODY_STYLE)
            bold = pr.bold_lead if sec.level == 3 else (pr.bold_headings if sec.level <= 2 else False)
            self._text(para, number + sec.title, font, bold=bold)
            if blocks and isinstance(blocks[0], m.Paragraph):
                self._text(para, blocks.pop(0).text, pr.fonts.body)
        else:
            para = self._para(d, HEADING_STYLES[sec.level])
            bold = pr.bold_headings if sec.level <= 2 else False
            self._text(para, number + sec.title, font, bold=bold)
        return blocks

    def table(self, d, t: m.Table):
        pr = self.p
        if t.caption:
            para = self._para(d)
            set_ppr(para, jc="center", first_line=0, first_line_chars=0)
            self._text(para, t.caption, pr.fonts.table_header)
        cols = max(t.columns, 1)
        rows = ([t.header] if t.header else []) + t.rows
        table = d.add_table(rows=len(rows), cols=cols)
        table.style = d.styles["Table Grid"]
        from docx.enum.table import WD_TABLE_ALIGNMENT

        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # full text-block width; python-docx already wrote a tblW in its schema position
        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        tbl_w.set(qn("w:w"), str(mm_to_twips(pr.page.text_width_mm)))
        tbl_w.set(qn("w:type"), "dxa")
        for r_i, row in enumerate(rows):
            is_header = bool(t.header) and r_i == 0
            for c_i in range(cols):
                cell = table.cell(r_i, c_i)
                para = cell.paragraphs[0]
                set_ppr(para, jc="center", first_line=0, first_line_chars=0)
                text = row[c_i] if c_i < len(row) else ""
                font = pr.fonts.table_header if is_header else pr.fonts.body
                self._text(para, text, font, size=pr.sizes.table)
        return table

    def blocks(self, d, blocks, numberer: Numberer):
        for b in blocks:
            if isinstance(b, m.Paragraph):
                self.paragraph(d, b.text)
            elif isinstance(b, m.Table):
                self.table(d, b)
            elif isinstance(b, m.Section):
                rest = self.heading(d, b, numberer.next(b.level, b.source_number))
                self.blocks(d, rest, numberer)

    def attachment_note(self, d, titles: list[str]):
        """附件说明: 附件：1.名称 / 2.名称, wrapped names aligned with the name's first character."""
        c = self.char
        if len(titles) == 1:
            para = self._para(d)
            set_ppr(para, jc="left", left=5 * c, hanging=3 * c)
            self._text(para, "附件：" + titles[0], self.p.fonts.body)
            return
        for i, name in enumerate(titles, start=1):
            para = self._para(d)
            hanging = 4 * c if i == 1 else 1 * c
            set_ppr(para, jc="left", left=6 * c, hanging=hanging, tabs=[6 * c])
            prefix = ("附件：" if i == 1 else "") + f"{i}.\t"
            self._text(para, prefix + name, self.p.fonts.body)

    def signature(self, d, org: str | None, date) -> None:
        """Signature right-indented 2 characters; the date's first character 2 to the right of it.

        The signature (all CJK) is right-aligned, so its position is exact in every renderer.
        The date is placed by a left indent from the signature's first character rather than
        by its own width: Word and LibreOffice space digits next to CJK differently, so a
        right-aligned date would land a little off in one of them.
        """
        adv = self.p.body_advance_twips
        line = mm_to_twips(self.p.page.text_width_mm)
        date_text = format_date(date) if date else None
        sig_w = visual_width(org) if org else 0
        date_w = visual_width(date_text) if date_text else 0
        sig_right = 2.0
        if org and date_text and date_w + 2 > sig_w:
            # the date is longer: it sits 2 characters from the right, the signature moves left
            sig_right = 2 + (date_w + 2 - sig_w)
        if org:
            para = self._para(d)
            set_ppr(para, jc="right", right=round(sig_right * adv), first_line=0, first_line_chars=0)
            self._text(para, org, self.p.fonts.body)
        if date_text:
            para = self._para(d)
            if org:
                start = line - round((sig_right + sig_w) * adv) + 2 * adv
                set_ppr(para, jc="left", left=start, first_line=0, first_line_chars=0)
            else:
                set_ppr(para, jc="right", right=2 * adv, first_line=0, first_line_chars=0)
            self._text(para, date_text, self.p.fonts.body)

    # -- 版头 and 版记 (GB/T 9704 7.2 and 7.4) --------------------------------------
    def redhead(self, d, meta: m.Meta) -> None:
        """发文机关标志 in red, its top 35 mm below the text block's; 发文字号 two lines below;
        a red rule as wide as the text block under it; the title two lines below the rule."""
        pr = self.p
        rh = pr.redhead
        org = pr.org_name or meta.org or ""
        mark = rh.mark or (org + "文件" if org else "")
        if not mark:
            from draftkit.errors import DraftkitError

            raise DraftkitError("模板启用了红头，但没有设置“红头.发文机关标志”或“机关名称”")
        width = mm_to_twips(pr.page.text_width_mm)
        size = min(rh.mark_size, math.floor(width / max(visual_width(mark), 1) / 20 * 2) / 2)
        line = round(size * 20 * 1.2)
        para = self._para(d)
        # the glyph top sits about a tenth of the line below the line's top in an exact line
        set_ppr(para, jc="center", first_line=0, first_line_chars=0, line=line,
                spacing_before=max(0, mm_to_twips(35) - round(line * 0.1)))
        self._text(para, mark, pr.fonts.title, size=size, color=rh.color)
        self.blank(d)
        self.blank(d)
        number = doc_number(meta, rh.code)
        para = self._para(d)
        # the rule 4 mm below the number line (border space is in points, at most 31)
        set_ppr(para, jc="center", first_line=0, first_line_chars=0,
                borders={"bottom": (18, rh.color, 4)})
        if number:
            self._text(para, number, pr.fonts.body)
        self.blank(d)
        self.blank(d)

    def banji(self, d, meta: m.Meta) -> None:
        """版记 at the foot of the last even page: 抄送, then 印发机关 and 印发日期, between rules
        (thick first and last, thin between), with no page number on that page."""
        from docx.enum.section import WD_SECTION

        pr = self.p
        bj = pr.banji
        sec = d.add_section(WD_SECTION.EVEN_PAGE)
        for footer in (sec.footer, sec.even_page_footer, sec.first_page_footer):
            footer.is_linked_to_previous = False
            for p in footer.paragraphs:
                _clear_runs(p)
        # The last element on the last line: the section is bottom-aligned (Word honours
        # w:vAlign; LibreOffice 7.4 does not), and empty lines fill the page above, one line
        # short, because Word adds the rules' thickness to the line heights and a full page
        # would push the last line over.
        rows = (1 if bj.cc else 0) + 1
        for _ in range(pr.page.lines - rows - 1):
            self.blank(d)
        # CT_SectPr order: vAlign comes before noEndnote, titlePg, ... docGrid
        valign = parse_xml(f'<w:vAlign {nsdecls("w")} w:val="bottom"/>')
        later = next((c for c in sec._sectPr if c.tag in {qn(t) for t in (
            "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
            "w:printerSettings", "w:sectPrChange")}), None)
        if later is not None:
            later.addprevious(valign)
        else:
            sec._sectPr.append(valign)
        c = round(bj.size * 20)
        width = mm_to_twips(pr.page.text_width_mm)
        thick, thin = 8, 6  # eighths of a point: 1 pt (0.35 mm) and 0.75 pt (0.26 mm)
        # no side indents: a paragraph border spans the paragraph, and the rules must span the
        # text block; the one-character margins come from the first-line indent and the tab
        if bj.cc:
            para = self._para(d)
            set_ppr(para, jc="left", left=0, right=0, first_line=c, first_line_chars=0,
                    borders={"top": (thick, "000000", 1), "bottom": (thin, "000000", 1)})
            self._text(para, "抄送：" + bj.cc.rstrip("。") + "。", pr.fonts.body, size=bj.size)
        printer = bj.printer or (pr.org_name or meta.org or "")
        para = self._para(d)
        borders = {"bottom": (thick, "000000", 1)}
        if not bj.cc:
            borders["top"] = (thick, "000000", 1)
        set_ppr(para, jc="left", left=0, right=0, first_line=c, first_line_chars=0, borders=borders,
                right_tabs=[width - c])
        text = printer
        if meta.date:
            text += f"\t{format_date(meta.date)}印发"
        self._text(para, text, pr.fonts.body, size=bj.size)

    def notes(self, d, text: str):
        """附注 (（此件公开发布） and the like): below the date, indented 2 characters."""
        para = self._para(d)
        set_ppr(para, jc="left", first_line=2 * self.char)
        self._text(para, text, self.p.fonts.body)
        return para

    # -- whole document ---------------------------------------------------------
    def build(self, doc: m.Document):
        d = self._setup(doc)
        meta = doc.meta
        pr = self.p
        if pr.redhead.enabled:
            self.redhead(d, meta)
        if meta.label:
            self.flush_left(d, meta.label, pr.fonts.label)
            self.blank(d)
        self.title(d, meta.title)
        self.blank(d)
        if meta.recipient:
            self.flush_left(d, meta.recipient, pr.fonts.body)
        numberer = Numberer(doc.numbering)
        self.blocks(d, doc.blocks, numberer)
        if doc.attachments:
            self.blank(d)
            self.attachment_note(d, [a.title for a in doc.attachments])
        if meta.org or meta.date:
            self.blank(d)
            self.signature(d, meta.org, meta.date)
        if meta.notes:
            if not (meta.org or meta.date):
                self.blank(d)
            for note in meta.notes:  # on the line below the date (GB/T 9704 7.3.6)
                self.notes(d, note)
        many = len(doc.attachments) > 1
        for i, att in enumerate(doc.attachments, start=1):
            if not att.included:
                continue
            label = self.flush_left(d, f"附件{i}" if many else "附件", pr.fonts.label)
            set_ppr(label, jc="left", first_line=0, first_line_chars=0, page_break_before=True)
            self.blank(d)
            self.title(d, [att.title])
            self.blank(d)
            self.blocks(d, att.blocks, Numberer(doc.numbering))
        if pr.banji.enabled:
            self.banji(d, meta)
        return d


def _clear_runs(para) -> None:
    for r in list(para.runs):
        r._r.getparent().remove(r._r)


def doc_number(meta: m.Meta, code: str | None) -> str:
    """发文字号: as written, or "3" with the template's 机关代字 -> "某教发〔2025〕3号"."""
    raw = (meta.doc_number or "").strip()
    mt = re.fullmatch(r"第?(\d{1,4})号?", raw)
    if mt and code:
        year = meta.year or (meta.date.year if meta.date else None)
        if year is None:
            import datetime as dt

            year = dt.date.today().year
        return f"{code}〔{year}〕{int(mt.group(1))}号"
    return raw


def build_docx(doc: m.Document, profile: Profile):
    return DocxWriter(profile).build(doc)


def write_docx(doc: m.Document, profile: Profile, out: str | Path, *, inputs: list[Path] = ()) -> Path:
    """Write atomically: a temp file beside the target, then rename.  Never overwrite an input."""
    from draftkit.files import atomic_write

    d = build_docx(doc, profile)
    return atomic_write(out, d.save, inputs=inputs, what="输出文件", suffix=".docx")


__all__ = ["DocxWriter", "build_docx", "write_docx", "split_title", "format_date", "split_script"]
