"""`check --fix`: the document itself, corrected where it breaks the format, and nothing else.

A .docx is fixed in place: its page setup, its styles (restyled for the profile, as the
writer sets them up), the style and direct formatting of each recognised paragraph (title,
headings, body, 主送, 署名 and 日期, 附件 labels), its heading numbers, half-width
punctuation, the form of the 成文日期 and missing page numbers. Everything else it holds —
pictures, seals, shapes, text boxes, the 红头, tables with merged cells, footnotes, fields,
hyperlinks — stays exactly where and as it was. An inventory of the body is taken before
and after; when anything would be lost the copy is not written.

A text file has nothing to keep but its text: it is converted and written anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from draftkit.docxread import own_elements
from draftkit.errors import DraftkitError

if TYPE_CHECKING:
    from draftkit.check import CheckResult

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"

# what the inventory counts, and how a clerk calls it
ITEMS = {
    "chars": "字符", "paragraphs": "段落", "tables": "表格", "cells": "单元格", "merged": "合并单元格",
    "pictures": "图片", "drawings": "图形和文本框", "text_boxes": "文本框", "images": "图片文件",
    "footnotes": "脚注尾注", "hyperlinks": "超链接", "fields": "域", "sections": "分节",
    "header_drawings": "页眉页脚里的图形",
}
# direct paragraph formatting the styles decide instead
_PPR_DIRECT = ("spacing", "ind", "jc", "snapToGrid", "outlineLvl", "textAlignment", "adjustRightInd")
# direct run formatting the styles decide instead (bold, italic, underline, super/subscript stay)
_RPR_DIRECT = ("rFonts", "sz", "szCs", "spacing", "w", "kern", "position", "color")
_TEXT_ROLES = {None, "title", "recipient", "note", "attach_title", "attach_note", "org", "date"}


@dataclass
class Edit:
    para: int
    what: str
    before: str
    after: str


@dataclass
class FixResult:
    output: Path
    edits: list[Edit] = field(default_factory=list)  # every change to the text
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lost(self) -> list[str]:
        """What the output has less of than the input (characters: beyond the listed edits)."""
        out = []
        for key, name in ITEMS.items():
            want = self.before.get(key, 0)
            if key == "chars":
                want += sum(len(e.after) - len(e.before) for e in self.edits)
            if self.after.get(key, 0) < want:
                out.append(f"{name} {self.before.get(key, 0)} → {self.after.get(key, 0)}")
        return out


def _own(el):
    """el and its descendants, the VML copies in mc:Fallback left out (they repeat a drawing)."""
    return own_elements(el, skip={_MC_FALLBACK})


def inventory(d) -> dict[str, int]:
    """What a document holds, counted in its XML: text, paragraphs, tables and cells, pictures,
    drawings, text boxes, footnote references, hyperlinks, fields, sections."""
    counts = dict.fromkeys(ITEMS, 0)
    for el in _own(d.element.body):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == _W + "t":
            counts["chars"] += len(el.text or "")
        elif tag == _W + "p":
            counts["paragraphs"] += 1
        elif tag == _W + "tbl":
            counts["tables"] += 1
        elif tag == _W + "tc":
            counts["cells"] += 1
        elif tag in (_W + "vMerge", _W + "gridSpan", _W + "hMerge"):
            counts["merged"] += 1
        elif tag in (_PIC, _VML_IMAGE):
            counts["pictures"] += 1
        elif tag in (_W + "drawing", _W + "pict", _W + "object"):
            counts["drawings"] += 1
        elif tag == _W + "txbxContent":
            counts["text_boxes"] += 1
        elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
            counts["footnotes"] += 1
        elif tag == _W + "hyperlink":
            counts["hyperlinks"] += 1
        elif tag == _W + "fldSimple" or (tag == _W + "fldChar" and el.get(_W + "fldCharType") == "begin"):
            counts["fields"] += 1
        elif tag == _W + "sectPr":
            counts["sections"] += 1
    counts["images"] = sum(1 for p in d.part.package.iter_parts() if p.content_type.startswith("image/"))
    for sec in d.sections:
        for hf in (sec.header, sec.footer, sec.even_page_header, sec.even_page_footer,
                   sec.first_page_header, sec.first_page_footer):
            if not hf.is_linked_to_previous:
                counts["header_drawings"] += sum(1 for x in _own(hf._element)
                                                 if x.tag in (_W + "drawing", _W + "pict", _W + "object"))
    return counts


# -- editing a paragraph's own text ----------------------------------------------------------
def _text_nodes(p):
    """The w:t of the paragraph itself, in order (not those of its text boxes)."""
    return [el for el in own_elements(p) if el.tag == _W + "t"]


def _set_text(p, new: str) -> None:
    """Replace the paragraph's own text, keeping the runs: the first node takes it all."""
    nodes = _text_nodes(p)
    if not nodes:
        return
    nodes[0].text = new
    if new != new.strip():
        nodes[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for n in nodes[1:]:
        n.text = ""


def _replace_span(p, start: int, end: int, new: str) -> None:
    """Replace characters [start, end) of the paragraph's own text with `new`, across runs: the
    run holding the start takes `new`, the rest of the span is cut from the runs it was in."""
    k = 0
    for n in _text_nodes(p):
        t = n.text or ""
        a, b = k, k + len(t)
        k = b
        if b <= start or a >= end:
            continue
        n.text = t[:max(start, a) - a] + (new or "") + t[min(end, b) - a:]
        new = None


_WP_INLINE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"


def _inline_picture(p) -> bool:
    """The paragraph holds a picture or object set in the line of text (not floating)."""
    for el in _own(p):
        if el.tag == _WP_INLINE:
            return True
        if el.tag in (_W + "pict", _W + "object"):
            shape_styles = " ".join(x.get("style") or "" for x in el.iter() if isinstance(x.tag, str))
            if "position:absolute" not in shape_styles.replace(" ", ""):
                return True
    return False


def _own_text(p) -> str:
    return "".join(n.text or "" for n in _text_nodes(p)).strip()


def _strip_stop(p) -> None:
    """Remove the paragraph's final full stop (and the spaces after it)."""
    for n in reversed(_text_nodes(p)):
        t = (n.text or "").rstrip()
        if not t:
            n.text = ""
            continue
        if t.endswith("。"):
            n.text = t[:-1]
        return


def _map_text(p, change) -> None:
    """Apply a length-preserving change of the whole text back onto its nodes."""
    nodes = _text_nodes(p)
    whole = "".join(n.text or "" for n in nodes)
    fixed = change(whole)
    if fixed == whole or len(fixed) != len(whole):
        return
    k = 0
    for n in nodes:
        t = n.text or ""
        n.text = fixed[k:k + len(t)]
        k += len(t)


# -- formatting ------------------------------------------------------------------------------------
def _clear_direct(p, *, keep_bold: bool) -> None:
    ppr = p.find(_W + "pPr")
    if ppr is not None:
        for tag in _PPR_DIRECT:
            for el in ppr.findall(_W + tag):
                ppr.remove(el)
    for r in [el for el in own_elements(p) if el.tag == _W + "r"]:
        rpr = r.find(_W + "rPr")
        if rpr is None:
            continue
        tags = _RPR_DIRECT if keep_bold else (*_RPR_DIRECT, "b", "bCs")
        for tag in tags:
            for el in rpr.findall(_W + tag):
                rpr.remove(el)


def _set_style(p, style_id: str) -> None:
    p.get_or_add_pPr().style = style_id


def _drop_numbering(p) -> None:
    ppr = p.find(_W + "pPr")
    num = ppr.find(_W + "numPr") if ppr is not None else None
    if num is not None:
        ppr.remove(num)


def _style_ids(d) -> tuple[str, str, dict[int, str]]:
    """The style ids the fix gives paragraphs: body text, title, heading levels."""
    from draftkit.writer.setup import BODY_STYLE, HEADING_STYLES

    return (d.styles[BODY_STYLE].style_id, d.styles["Title"].style_id,
            {lv: d.styles[name].style_id for lv, name in HEADING_STYLES.items()})


def _ppr(p, **kwargs) -> None:
    """Direct paragraph properties, set the writer's way."""
    from docx.text.paragraph import Paragraph

    from draftkit.ooxml import set_ppr

    set_ppr(Paragraph(p, None), **kwargs)


def fix_docx(src: Path, out: Path, profile) -> FixResult:
    """Write a corrected copy of a .docx; raise DraftkitError and write nothing when the copy
    would lose anything the original holds."""
    from draftkit.convert import convert
    from draftkit.convert.cleanup import normalise_punct
    from draftkit.check.docxinfo import measure
    from draftkit.check.rules import closing_date, rule_page_numbers, rule_redhead
    from draftkit.convert.frame import find_doc_number, standard_doc_number
    from draftkit.convert.structure import analyse
    from draftkit.dates import format_date, parse_date
    from draftkit.docxio import open_docx
    from draftkit.docxread import TableBlock, read_docx
    from draftkit.files import atomic_write, save_docx
    from draftkit.writer import frame, keep_tail_together
    from draftkit.writer.setup import font_table, footers, set_page, set_styles

    src = Path(src)
    records = read_docx(src)
    info = measure(records)
    st = analyse(info.units)
    converted = convert(src, profile=profile, drop_objects=True)  # read for its outline only
    outline = {e.line: e for e in converted.report.outline if e.line is not None}
    meta = converted.document.meta

    d = open_docx(src)
    result = FixResult(Path(out), before=inventory(d))
    # the page, the styles, the fonts the document declares
    set_styles(profile, d, only_missing=True)  # Word saves only the styles a document uses
    set_styles(profile, d, only_missing=False)
    if not len(d.sections):  # no page setup at all: give the document one
        from docx.oxml import OxmlElement

        d.element.body.append(OxmlElement("w:sectPr"))
    for sec in d.sections:
        if sec.page_width is None or sec.page_height is None or sec.page_width <= sec.page_height:
            set_page(profile, sec)  # a landscape section (a wide table) keeps its orientation
    font_table(profile, d)
    body_id, title_id, heading_ids = _style_ids(d)

    elements = []
    for child in d.element.body.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            elements.append(child)
    signers = [u.text.strip() for u in st.units_in("org")]
    date_text = format_date(meta.date) if meta.date else None
    sig_ppr, date_ppr = frame.signature_layout(profile, signers, date_text)

    def edit(para: int, what: str, before: str, after: str) -> None:
        if before != after:
            result.edits.append(Edit(para, what, before, after))

    closing = closing_date(st)
    for rec in records.blocks:
        el = elements[rec.index - 1]
        if el.tag != _W + "p" or not rec.text.strip():
            continue
        role = st.role_of_para(rec)
        if closing is not None and closing.source is rec:
            role = "date"  # the 成文日期, also where the frame did not take it
        entry = outline.get(rec.index)
        if role not in _TEXT_ROLES and entry is None:
            continue  # 版头, 版记, 附件 labels keep their own look (labels get their page break below)
        text = rec.text
        heading = entry is not None and entry.division is None
        if role in ("title", "attach_title"):
            style, keep_bold = title_id, False
        elif heading and not entry.run_in:
            style, keep_bold = heading_ids[entry.level], False
        else:
            style, keep_bold = body_id, True  # body text, run-in items, 第X条, 主送, 落款
        _set_style(el, style)
        _clear_direct(el, keep_bold=keep_bold)
        if heading:
            text = _renumber(el, rec, entry, edit)
            if not entry.run_in and text.rstrip().endswith("。") and not entry.title.endswith("。"):
                _strip_stop(el)
                edit(rec.index, "独占一行的标题末尾的句号已删去", text.rstrip()[-8:], text.rstrip()[-8:-1])
                text = text.rstrip()[:-1]
        elif role == "org":
            _ppr(el, **sig_ppr)
        elif role == "date":
            _ppr(el, **date_ppr)
            parsed = parse_date(text)
            if parsed is not None and text.strip() != format_date(parsed):
                _set_text(el, format_date(parsed))
                edit(rec.index, "成文日期改为阿拉伯数字、不编虚位", text.strip(), format_date(parsed))
                text = format_date(parsed)
        elif role == "recipient":
            _ppr(el, jc="left", first_line=0, first_line_chars=0)
        lead = len(text) - len(text.lstrip(" \u3000\u00a0"))
        if lead and role in (None, "recipient") and "\n" not in text:
            _replace_span(el, 0, lead, "")
            edit(rec.index, "删去段首用来缩进的空格", text[:lead + 8], text[lead:lead + 8])
        before = "".join(n.text or "" for n in _text_nodes(el))
        _map_text(el, normalise_punct)
        after = "".join(n.text or "" for n in _text_nodes(el))
        if after != before:
            i = next(k for k, (a, b) in enumerate(zip(before, after)) if a != b)
            edit(rec.index, "中文里的半角标点改为全角", before[max(0, i - 6):i + 8], after[max(0, i - 6):i + 8])
    # a picture in the line (a figure, a seal set inline) needs the line to grow with it: under
    # the styles' exact line spacing it would be cut to one line's height
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.text.paragraph import Paragraph

    for p in d.element.body.iter(_W + "p"):
        if _inline_picture(p):
            fmt = Paragraph(p, None).paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if not _own_text(p):  # a figure on its own line: centred
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.first_line_indent = 0
    # the 落款 never alone on a page: the body's last lines keep with it, as the writer does
    tail = [u.line for u in st.units_in("org") + st.units_in("date") + st.units_in("attach_note")]
    if tail:
        start, end = min(tail), max(tail)
        body_before = max((r.index for r in records.blocks if r.index < start and
                           (isinstance(r, TableBlock) or r.text.strip())), default=None)
        if body_before is not None:
            keep_tail_together(elements[body_before - 1:end])
    for u in st.units_in("attach_label"):
        el = elements[u.line - 1]
        _ppr(el, jc="left", first_line=0, first_line_chars=0, page_break_before=True)
    # the 发文字号 as GB/T 9704 writes it: 〔〕 round the year, no 虚位
    for u in st.units_in("doc_number"):
        rec = u.source
        raw = find_doc_number(u.text) if rec is not None and not rec.in_box else None
        if raw and standard_doc_number(raw) != raw:
            el = elements[rec.index - 1]
            whole = "".join(n.text or "" for n in _text_nodes(el))
            at = whole.find(raw)
            if at >= 0:
                _replace_span(el, at, at + len(raw), standard_doc_number(raw))
                edit(rec.index, "发文字号改为六角括号、序号不编虚位", raw, standard_doc_number(raw))
    # the 红头's red rule, under a 发文字号 that stands in the body (one in a text box is left to
    # a person: where a drawn line would fall is not known)
    numbers = [u for u in st.units_in("doc_number") if u.source is not None and not u.source.in_box]
    if numbers and any(f.rule == "redhead-rule" for f in rule_redhead(info, st, profile)):
        from draftkit.ooxml import PPR_ORDER, ppr, put

        el = elements[numbers[0].source.index - 1]
        rule = ppr(borders=frame.redhead_rule(profile))[0]  # the rule the writer draws
        put(el.get_or_add_pPr(), rule, PPR_ORDER)
        result.notes.append(f"第 {numbers[0].source.index} 段（发文字号）下加了红色分隔线，请在打印预览里看一下位置")
    # page numbers, where they are missing or wrong and the footer holds nothing else
    if rule_page_numbers(info, profile):
        sec = d.sections[0] if len(d.sections) else None
        if sec is not None and any(x.tag in (_W + "drawing", _W + "pict") for f in (sec.footer, sec.even_page_footer)
                                   for x in f._element.iter()):
            result.notes.append("页脚里有图形，页码没有改动，请在 Word/WPS 中手工设置")
        elif sec is not None:
            d.settings.odd_and_even_pages_header_footer = True
            footers(profile, sec)
    result.after = inventory(d)
    lost = result.lost()
    if lost:
        raise DraftkitError(f"{src}：改正后的副本会丢失内容（{'；'.join(lost)}），没有写出；请在 Word/WPS 中手工改正")
    result.output = atomic_write(out, lambda tmp: save_docx(d, tmp), inputs=[src], suffix=".docx")
    return result


def _renumber(el, rec, entry, edit) -> str:
    """Give a heading paragraph its new number: the typed marker replaced, or Word's automatic
    number typed in (and the automatic numbering switched off)."""
    from draftkit.convert.markers import match_marker

    text = rec.text
    if not entry.number:
        return text
    stripped = text.lstrip(" \u3000\u00a0\t")
    lead = len(text) - len(stripped)
    mk = match_marker(stripped)
    if mk is not None and entry.marker:
        rest = stripped[len(mk.text):]
        gap = len(rest) - len(rest.lstrip(" \u3000\u00a0"))
        old = stripped[:len(mk.text) + gap]
        if old != entry.number:
            _replace_span(el, 0, lead + len(mk.text) + gap, entry.number)
            edit(rec.index, "标题编号", text[:lead] + old, entry.number)
        return entry.number + rest[gap:]
    if rec.list_level is not None:
        _drop_numbering(el)
        el.get_or_add_pPr()  # keep a pPr for the style
        nodes = _text_nodes(el)
        if nodes:
            nodes[0].text = entry.number + (nodes[0].text or "")
            edit(rec.index, "Word 自动编号改为文字编号", "", entry.number)
        return entry.number + text
    return text


def fix_text(src: Path, out: Path, profile) -> FixResult:
    """A text file: converted and written anew (it holds nothing but its text)."""
    from draftkit.convert import convert
    from draftkit.writer import write_docx

    converted = convert(src, profile=profile)
    written = write_docx(converted.document, profile, out, inputs=[src])
    result = FixResult(written)
    for c in converted.report.changes:
        if c.kind not in ("frame", "structure") and c.before is not None:
            result.edits.append(Edit(c.line or 0, c.message, c.before or "", c.after or ""))
    return result


def fix_file(src: str | Path, out: str | Path, profile) -> FixResult:
    src, out = Path(src), Path(out)
    if src.suffix.lower() == ".docx":
        return fix_docx(src, out, profile)
    return fix_text(src, out, profile)


@dataclass
class FixReport:
    """A corrected copy with the findings before and after: what was fixed, and what still
    needs a person (the CLI's `check --fix` and the web page report the same)."""

    source: Path
    result: FixResult
    before: CheckResult
    after: CheckResult

    @property
    def fixed(self) -> list:
        remaining = {(f.rule, f.message) for f in self.after.findings}
        return [f for f in self.before.findings if (f.rule, f.message) not in remaining]

    @property
    def inventoried(self) -> bool:
        """Whether pictures, shapes, tables … were counted (a .docx source; a .txt has none)."""
        return self.source.suffix.lower() == ".docx"

    def to_dict(self) -> dict:
        r = self.result
        return {
            "file": str(self.source), "output": str(r.output),
            "fixed": [f.to_dict() for f in self.fixed],
            "changes": [{"paragraph": e.para, "what": e.what, "before": e.before, "after": e.after} for e in r.edits],
            "inventory": {"before": r.before, "after": r.after} if self.inventoried else None,
            "notes": r.notes,
            "remaining": [f.to_dict() for f in self.after.findings],
        }


def fix_and_check(src: str | Path, out: str | Path, profile) -> FixReport:
    """check, fix_file, and check the copy."""
    from draftkit.check import check_file

    src = Path(src)
    before = check_file(src, profile)
    result = fix_file(src, out, profile)
    return FixReport(src, result, before, check_file(result.output, profile))


__all__ = ["fix_file", "fix_docx", "fix_and_check", "inventory", "FixReport", "FixResult", "Edit", "ITEMS"]
