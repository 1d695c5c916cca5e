"""The frame around the body (GB/T 9704 7.2-7.4): 版头, 附件说明, 署名 and 成文日期, 附注, 版记.

Functions of a DocxWriter `w`: they add paragraphs through its helpers.
"""

from __future__ import annotations

import math
import re

from docx.oxml.ns import qn

from draftkit import model as m
from draftkit.dates import format_date
from draftkit.layout import lay_out
from draftkit.ooxml import SECT_ORDER, clear_runs, el, put, set_ppr
from draftkit.script import visual_width
from draftkit.profile import mm_to_twips
from draftkit.writer.setup import footers


def attachment_note(w, d, titles: list[str]):
    """附件说明: 附件：1.名称 / 2.名称, wrapped names aligned with the name's first character."""
    c = w.char
    if len(titles) == 1:
        para = w.para(d)
        set_ppr(para, jc="left", left=5 * c, hanging=3 * c)
        w.text(para, "附件：" + titles[0], w.p.fonts.body)
        return
    for i, name in enumerate(titles, start=1):
        para = w.para(d)
        hanging = 4 * c if i == 1 else 1 * c
        set_ppr(para, jc="left", left=6 * c, hanging=hanging, tabs=[6 * c])
        prefix = ("附件：" if i == 1 else "") + f"{i}.\t"
        w.text(para, prefix + name, w.p.fonts.body)

def signature_layout(pr, signers: list[str], date_text: str | None) -> tuple[dict, dict]:
    """Paragraph properties (set_ppr arguments) of each 署名 line and of the 成文日期.

    The 署名 (all CJK) is right-aligned 2 characters from the edge, so its position is exact in
    every renderer; the date's first character stands 2 characters right of the 署名's. The
    date is placed by a left indent from there rather than by its own width: Word and
    LibreOffice space digits next to CJK differently, so a right-aligned date would land a
    little off in one of them. A date longer than the 署名 sits 2 characters from the right
    and moves the 署名 left instead.
    """
    adv = pr.body_advance_twips
    line = mm_to_twips(pr.page.text_width_mm)
    sig_w = max((visual_width(x) for x in signers), default=0)
    date_w = visual_width(date_text) if date_text else 0
    sig_right = 2.0
    if signers and date_text and date_w + 2 > sig_w:
        sig_right = 2 + (date_w + 2 - sig_w)
    sig = {"jc": "right", "right": round(sig_right * adv), "first_line": 0, "first_line_chars": 0}
    if signers:
        start = line - round((sig_right + sig_w) * adv) + 2 * adv
        date = {"jc": "left", "left": start, "first_line": 0, "first_line_chars": 0}
    else:
        date = {"jc": "right", "right": 2 * adv, "first_line": 0, "first_line_chars": 0}
    return sig, date


def signature(w, d, org: str | None, date, co_signers=()) -> None:
    """署名 lines (联合发文: one a line, right-aligned on one edge), then the 成文日期."""
    date_text = format_date(date) if date else None
    signers = [org, *co_signers] if org else []
    sig, date_ppr = signature_layout(w.p, signers, date_text)
    for name in signers:
        para = w.para(d)
        set_ppr(para, **sig)
        w.text(para, name, w.p.fonts.body)
    if date_text:
        para = w.para(d)
        set_ppr(para, **date_ppr)
        w.text(para, date_text, w.p.fonts.body)

# -- 版头 and 版记 (GB/T 9704 7.2 and 7.4) --------------------------------------
def redhead_rule(pr) -> dict:
    """The red rule under the 发文字号 as a paragraph border (set_ppr's `borders`): 2.25 pt in the
    template's colour, 4 mm below the number line (border space is in points, at most 31)."""
    return {"bottom": (18, pr.redhead.color, 4)}


def redhead(w, d, meta: m.Meta) -> None:
    """版头: 份号, 密级 and 紧急程度 flush left on the first lines, when the document has them;
    the 发文机关标志 in red, its top 35 mm below the text block's; 发文字号 two lines below
    (with the 签发人 on its line, right, for a 上行文); a red rule as wide as the text block
    under it; the title two lines below the rule."""
    pr = w.p
    rh = pr.redhead
    org = pr.org_name or meta.org or ""
    mark = meta.mark or rh.mark or (org + "文件" if org else "")
    if not mark:
        from draftkit.errors import DraftkitError

        raise DraftkitError("模板启用了红头，但没有设置“红头.发文机关标志”或“机关名称”，文稿里也没有署名，"
                            "印不出发文机关标志：请在模板里写“机关名称”，或在文稿里写署名")
    above = 0
    for text, font in ((meta.copy_number, pr.fonts.body), (meta.secrecy, pr.fonts.level1),
                       (meta.urgency, pr.fonts.level1)):
        if text:  # GB/T 9704 7.2.1-7.2.3: 份号, then 密级, then 紧急程度, one a line, 3号黑体
            w.flush_left(d, text, font)
            above += pr.line_pitch_twips
    width = mm_to_twips(pr.page.text_width_mm)
    size = min(rh.mark_size, math.floor(width / max(visual_width(mark), 1) / 20 * 2) / 2)
    line = round(size * 20 * 1.2)
    para = w.para(d)
    # the glyph top sits about a tenth of the line below the line's top in an exact line
    set_ppr(para, jc="center", first_line=0, first_line_chars=0, line=line,
            spacing_before=max(0, mm_to_twips(35) - above - round(line * 0.1)))
    w.text(para, mark, pr.fonts.title, size=size, color=rh.color)
    w.blank(d)
    w.blank(d)
    number = doc_number(meta, rh.code)
    para = w.para(d)
    rule = redhead_rule(pr)
    if meta.issuers:
        # 7.2.6: 发文字号 one character from the left, 签发人 one character from the right; the
        # first-line indent (not a left indent) keeps the rule as wide as the text block
        c = w.char
        set_ppr(para, jc="left", left=0, right=0, first_line=c, first_line_chars=0, borders=rule,
                right_tabs=[width - c])
        w.text(para, (number or "") + "\t签发人：", pr.fonts.body)
        w.text(para, "　".join(meta.issuers), pr.fonts.level2)
    else:
        set_ppr(para, jc="center", first_line=0, first_line_chars=0, borders=rule)
        if number:
            w.text(para, number, pr.fonts.body)
    w.blank(d)
    w.blank(d)

def banji(w, d, meta: m.Meta) -> None:
    """版记 at the foot of the last even page: 抄送, then 印发机关 and 印发日期, between rules
    (thick first and last, thin between).

    That page is numbered unless a blank page precedes it (GB/T 9704 7.5): numbered when the
    body ends on an odd page, so that the 版记 page follows it directly. Which page the body
    ends on is known only once the document is laid out, so it is estimated here the way Word
    lays it out (draftkit.layout); the even-page section break puts the 版记 on an even page
    whatever the estimate.
    """
    from docx.enum.section import WD_SECTION

    pr = w.p
    bj = pr.banji
    sec = section_after_last_paragraph(w, d)
    sec.start_type = WD_SECTION.EVEN_PAGE
    for footer in (sec.footer, sec.even_page_footer, sec.first_page_footer):
        footer.is_linked_to_previous = False
        for p in footer.paragraphs:
            clear_runs(p)
    last = d.element.body.sectPr.getprevious()
    if lay_out(d).last_page_of(last) % 2:
        footers(pr, sec)
    # The last element on the last line: the section is bottom-aligned (Word honours
    # w:vAlign; LibreOffice 7.4 does not), and empty lines fill the page above, one line
    # short, because Word adds the rules' thickness to the line heights and a full page
    # would push the last line over.
    cc = meta.cc or bj.cc
    rows = (1 if cc else 0) + 1
    for _ in range(pr.page.lines - rows - 1):
        w.blank(d)
    put(sec._sectPr, el("w:vAlign", {"w:val": "bottom"}), SECT_ORDER)
    c = round(bj.size * 20)
    width = mm_to_twips(pr.page.text_width_mm)
    thick, thin = 8, 6  # eighths of a point: 1 pt (0.35 mm) and 0.75 pt (0.26 mm)
    # no side indents: a paragraph border spans the paragraph, and the rules must span the
    # text block; the one-character margins come from the first-line indent and the tab
    if cc:
        para = w.para(d)
        set_ppr(para, jc="left", left=0, right=0, first_line=c, first_line_chars=0,
                borders={"top": (thick, "000000", 1), "bottom": (thin, "000000", 1)})
        w.text(para, "抄送：" + cc.rstrip("。") + "。", pr.fonts.body, size=bj.size)
    printer = meta.printed_by or bj.printer or (pr.org_name or meta.org or "")
    para = w.para(d)
    borders = {"bottom": (thick, "000000", 1)}
    if not cc:
        borders["top"] = (thick, "000000", 1)
    set_ppr(para, jc="left", left=0, right=0, first_line=c, first_line_chars=0, borders=borders,
            right_tabs=[width - c])
    text = printer
    printed = meta.printed_on or meta.date
    if printed:
        text += f"\t{format_date(printed)}印发"
    w.text(para, text, pr.fonts.body, size=bj.size)

def section_after_last_paragraph(w, d):
    """Start a new section after the body, its break carried by the body's last paragraph.

    python-docx's add_section puts the break in a new empty paragraph, which takes a line of
    its own: on a full last page that line spills onto a new page of its own.
    """
    from docx.section import Section

    body = d.element.body
    sentinel = body.sectPr
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
        last = w.para(d)._p  # a table cannot carry the break: Word needs a paragraph after it
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    return Section(sentinel, d.part)


def notes(w, d, text: str):
    """附注 (（此件公开发布） and the like): below the date, indented 2 characters."""
    para = w.para(d)
    set_ppr(para, jc="left", first_line=2 * w.char)
    w.text(para, text, w.p.fonts.body)
    return para

# -- whole document ---------------------------------------------------------


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
