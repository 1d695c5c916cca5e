"""Lay a Document out as a GB/T 9704 .docx for a profile.

The writer is split along the document's own parts: `setup` (styles, page, footers),
`titles`, `tables`, `frame` (版头, 附件说明, 落款, 附注, 版记); this module writes the body and
puts the parts in order.
"""

from __future__ import annotations

import math
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.dates import format_date
from draftkit.numbering import Numberer, next_marker, numberer_for
from draftkit.ooxml import add_break, add_run, el, set_ppr
from draftkit.script import split_script
from draftkit.profile import Profile, mm_to_twips
from draftkit.writer import frame
from draftkit.writer.frame import doc_number
from draftkit.writer.setup import BODY_STYLE, HEADING_STYLES, new_document
from draftkit.writer.tables import table
from draftkit.writer.titles import split_title


class DocxWriter:
    def __init__(self, profile: Profile):
        self.p = profile
        self.char = profile.char_twips
        self._shape_id: int | None = None  # the last drawing id given out in this document
        self._end = None  # the body's closing sectPr: new blocks go before it
        self._style_ids: dict[str, str | None] = {}

    # -- paragraphs --------------------------------------------------------------
    def insert(self, d, element) -> None:
        """Put a block at the end of the body.  python-docx's add_paragraph/add_table look
        for the closing sectPr among all the body's children on every call (quadratic in the
        length of the document); it is found once here."""
        if self._end is None or self._end.getparent() is not d.element.body:
            body = d.element.body
            self._end = body[-1] if len(body) and body[-1].tag == qn("w:sectPr") else None
            if self._end is None:
                self._end = OxmlElement("w:sectPr")
                body.append(self._end)
        self._end.addprevious(element)

    def style_id(self, d, name: str) -> str | None:
        """The id a paragraph names its style by (None for the default style, as python-docx
        writes it), looked up once per style rather than once per paragraph."""
        if name not in self._style_ids:
            from docx.enum.style import WD_STYLE_TYPE

            style = d.styles[name]
            default = d.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids[name] = None if default is not None and default.style_id == style.style_id \
                else style.style_id
        return self._style_ids[name]

    def para(self, d, style: str | None = None):
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        if style:
            sid = self.style_id(d, style)
            if sid is not None:  # a new paragraph's first property: no search for its place
                p.append(el("w:pPr", None, el("w:pStyle", {"w:val": sid})))
        self.insert(d, p)
        return Paragraph(p, d)

    def text(self, para, text: str, font: str, size: float | None = None, bold: bool = False, color=None):
        add_run(para, text, latin=self.p.fonts.latin, east_asia=font, size_pt=size or self.p.sizes.body,
                bold=bold, color=color)

    def blank(self, d):
        return self.para(d)

    def flush_left(self, d, text: str, font: str):
        para = self.para(d)
        set_ppr(para, jc="left", first_line=0, first_line_chars=0)
        self.text(para, text, font)
        return para

    def title(self, d, lines: list[str]):
        pr = self.p
        para = self.para(d, "Title")
        if len(lines) == 1:
            advance = pr.sizes.title * 20 + pr.char_spacing_twips
            max_width = math.floor(mm_to_twips(pr.page.text_width_mm) / advance)
            lines = split_title(lines[0], max_width)
        for i, line in enumerate(lines):
            if i:
                add_break(para)
            self.text(para, line, pr.fonts.title, pr.sizes.title)
        return para

    def paragraph(self, d, text: str):
        para = self.para(d, BODY_STYLE)
        self.text(para, text, self.p.fonts.body)
        return para

    def picture(self, d, pic: m.Picture):
        """A picture on a line of its own, centred, at the size the source showed it (scaled
        down to fit the text block), single-spaced so the line grows to hold it: under the
        body's exact line spacing it would be cut to one line's height."""
        from io import BytesIO

        from docx.oxml.shape import CT_Inline
        from docx.shared import Mm

        page = self.p.page
        scale = min(1.0, page.text_width_mm / pic.width_mm, page.text_height_mm * 0.9 / pic.height_mm)
        para = self.para(d, BODY_STYLE)
        set_ppr(para, jc="center", first_line=0, first_line_chars=0, line=240, line_rule="auto",
                keep_next=bool(pic.caption))
        rid, image = d.part.get_or_add_image(BytesIO(pic.data))
        inline = CT_Inline.new_pic_inline(self._next_shape_id(d), rid, image.filename,
                                          Mm(pic.width_mm * scale), Mm(pic.height_mm * scale))
        para.add_run()._r.add_drawing(inline)
        if pic.caption:  # 图题 under the picture, set as a 表题 is
            cap = self.para(d)
            set_ppr(cap, jc="center", first_line=0, first_line_chars=0)
            self.text(cap, pic.caption, self.p.fonts.table_header)
        return para

    def _next_shape_id(self, d) -> int:
        """A drawing id unused in the document. python-docx's run.add_picture searches the whole
        document for the largest id on every picture (quadratic in the pictures); the ids in
        the document are read once here and counted on."""
        if self._shape_id is None:
            ids = d.element.xpath("//@id")
            self._shape_id = max((int(v) for v in ids if v.isdigit()), default=0)
        self._shape_id += 1
        return self._shape_id

    def heading(self, d, sec: m.Section, number: str):
        pr = self.p
        blocks = list(sec.blocks)
        if sec.division:
            return self.division(d, sec, number, blocks)
        fonts = {1: pr.fonts.level1, 2: pr.fonts.level2, 3: pr.fonts.level3, 4: pr.fonts.level4}
        font = fonts[sec.level]
        if sec.run_in:
            para = self.para(d, BODY_STYLE)
            bold = pr.bold_lead if sec.level == 3 else (pr.bold_headings if sec.level <= 2 else False)
            self.text(para, number + sec.title, font, bold=bold)
            if blocks and isinstance(blocks[0], m.Paragraph):
                self.text(para, blocks.pop(0).text, pr.fonts.body)
        else:
            para = self.para(d, HEADING_STYLES[sec.level])
            bold = pr.bold_headings if sec.level <= 2 else False
            self.text(para, number + sec.title, font, bold=bold)
        return blocks

    def division(self, d, sec: m.Section, number: str, blocks: list):
        """第一章 and 第一节 centred in 黑体 on a line of their own; 第一条 in 黑体 at the start
        of its first paragraph, a full-width space after it, as 规章 are set."""
        pr = self.p
        if sec.division == "article":
            para = self.para(d, BODY_STYLE)
            self.text(para, number + "\u3000", pr.fonts.level1)
            text = sec.title or (blocks.pop(0).text if blocks and isinstance(blocks[0], m.Paragraph) else "")
            self.text(para, text, pr.fonts.body)
            return blocks
        para = self.para(d, HEADING_STYLES[1])
        set_ppr(para, jc="center", first_line=0, first_line_chars=0, keep_next=True)
        self.text(para, number + "\u3000" + sec.title, pr.fonts.level1, bold=pr.bold_headings)
        return blocks

    def blocks(self, d, blocks, numberer: Numberer):
        for b in blocks:
            if isinstance(b, m.Paragraph):
                self.paragraph(d, b.text)
            elif isinstance(b, m.Table):
                table(self, d, b)
            elif isinstance(b, m.Picture):
                self.picture(d, b)
            elif isinstance(b, m.Section):
                rest = self.heading(d, b, next_marker(numberer, b))
                self.blocks(d, rest, numberer)

    # -- whole document ---------------------------------------------------------
    def build(self, doc: m.Document):
        d = new_document(self.p, doc)
        self._end, self._style_ids, self._shape_id = None, {}, None
        meta = doc.meta
        pr = self.p
        if pr.redhead.enabled:
            frame.redhead(self, d, meta)
        if meta.label:
            self.flush_left(d, meta.label, pr.fonts.label)
            self.blank(d)
        self.title(d, meta.title)
        self.blank(d)
        if meta.recipient:
            self.flush_left(d, meta.recipient, pr.fonts.body)
        self.blocks(d, doc.blocks, numberer_for(doc))
        body = d.element.body
        tail_start = len(body) - 1  # the sentinel sectPr is last
        if doc.attachments:
            self.blank(d)
            frame.attachment_note(self, d, [a.title for a in doc.attachments])
        if meta.org or meta.date:
            self.blank(d)
            frame.signature(self, d, meta.org, meta.date, meta.co_signers)
        if meta.notes:
            if not (meta.org or meta.date):
                self.blank(d)
            for note in meta.notes:  # on the line below the date (GB/T 9704 7.3.6)
                frame.notes(self, d, note)
        keep_tail_together(list(body)[tail_start - 1:len(body) - 1])
        many = len(doc.attachments) > 1
        for i, att in enumerate(doc.attachments, start=1):
            if not att.included:
                continue
            label = self.flush_left(d, f"附件{i}" if many else "附件", pr.fonts.label)
            set_ppr(label, jc="left", first_line=0, first_line_chars=0, page_break_before=True)
            self.blank(d)
            self.title(d, [att.title])
            self.blank(d)
            self.blocks(d, att.blocks, numberer_for(doc))
        if pr.banji.enabled:
            frame.banji(self, d, meta)
        return d


def keep_tail_together(elements) -> None:
    """Keep the body's last lines, the 附件说明 and the 落款 on one page (GB/T 9704 7.3.5).

    `elements` are the last body element followed by what was written after it (blank lines,
    附件说明, 署名, 成文日期, 附注). Each paragraph keeps with the next and none is split, so Word
    and WPS move the end of the body along when the 落款 would otherwise stand alone on a page,
    and go on doing so after the clerk edits the text. The last body paragraph itself may split:
    with widow control on just for it, at least its last two lines go with the 落款 (a page that
    starts with a lone half line and the signature reads as an afterthought) and at least two
    stay behind.
    """
    from docx.text.parfmt import ParagraphFormat

    if len(elements) < 2:
        return
    first, *tail = elements
    if first.tag == qn("w:tbl"):
        # a table ends the body: its last row goes with the 落款 (rows never split, see tables)
        rows = first.findall(qn("w:tr"))
        for p in rows[-1].iter(qn("w:p")) if rows else ():
            ParagraphFormat(p).keep_with_next = True
    elif first.tag == qn("w:p"):
        fmt = ParagraphFormat(first)
        fmt.keep_with_next = True
        fmt.widow_control = True
    for i, p in enumerate(tail):
        fmt = ParagraphFormat(p)
        fmt.keep_together = True
        if i < len(tail) - 1:
            fmt.keep_with_next = True


def build_docx(doc: m.Document, profile: Profile):
    return DocxWriter(profile).build(doc)


def write_docx(doc: m.Document, profile: Profile, out: str | Path, *, inputs: list[Path] = ()) -> Path:
    """Write atomically: a temp file beside the target, then rename.  Never overwrite an input."""
    from draftkit.files import atomic_write, save_docx

    d = build_docx(doc, profile)
    return atomic_write(out, lambda tmp: save_docx(d, tmp), inputs=inputs, what="输出文件", suffix=".docx")


__all__ = ["DocxWriter", "build_docx", "write_docx", "split_title", "format_date", "doc_number", "split_script"]
