"""From cleaned, rejoined paragraphs to the document model.

The frame (convert.frame) is recognised first; what is left is the body, whose headings get
their levels from the document's own pattern of markers (see `assign_levels`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from draftkit import model as m
from draftkit.convert.frame import heading_like, split_parts
from draftkit.convert.markers import FAMILY_NAMES, STANDARD_RANK, ends_sentence, match_marker
from draftkit.convert.readers import Unit
from draftkit.convert.report import OutlineEntry, Report, snippet
from draftkit.numbering import Numberer, next_marker
from draftkit.script import visual_width

# -- body items ------------------------------------------------------------------------
# marker families of a 规章's own units -> the model's divisions
DIVISIONS = {"chapter": "chapter", "section": "part", "article": "article"}


@dataclass
class Item:
    unit: Unit
    kind: str  # "heading" | "para" | "block" (a table or picture)
    text: str  # heading text without its marker, or the paragraph
    family: str | None = None
    number: int | None = None
    marker: str = ""  # as typed
    level: int | None = None
    slot: int | None = None
    style: int | None = None  # the heading level of its Word style or Markdown '#', if any


_FIGURE_CAPTION = re.compile(r"^(?:图|附图)\s*[\d一二三四五六七八九十]+(?:[-－.．]\d+)?(?:\s|[:：、．.]|$)")


def _caption_of(nxt: Unit | None) -> bool:
    """The line under a picture is its caption: "图1 …", or a short centred line."""
    if nxt is None or nxt.block is not None or nxt.heading is not None:
        return False
    t = nxt.text.strip()
    short = visual_width(t) <= 40 and not ends_sentence(t)
    return short and (bool(_FIGURE_CAPTION.match(t)) or (nxt.centered and not match_marker(t)))


def classify(units: list[Unit]) -> list[Item]:
    items = []
    skip = None
    for i, u in enumerate(units):
        if u is skip:
            continue
        if u.block is not None:
            nxt = units[i + 1] if i + 1 < len(units) else None
            if isinstance(u.block, m.Picture) and _caption_of(nxt):
                u = u.with_block(m.replace(u.block, caption=nxt.text.strip()))
                skip = nxt
            items.append(Item(u, "block", ""))
            continue
        text = u.text.strip()
        mk = match_marker(text)
        if mk is not None and mk.rest.strip():
            # the typed number is what a reader sees: it decides over a heading style
            items.append(Item(u, "heading", mk.rest.strip(), mk.family, mk.number, mk.text.strip(), style=u.heading))
        elif u.heading is not None:
            items.append(Item(u, "heading", text, f"h{u.heading}", style=u.heading))
        elif u.list_level is not None:
            fam = f"list{u.list_level}"
            items.append(Item(u, "heading", text, fam, None, ""))
        else:
            items.append(Item(u, "para", text))
    return items


@dataclass
class _Slot:
    ident: int
    families: set
    level: int
    last: int | None = None
    styles: set = field(default_factory=set)  # heading-style levels of its headings

    def standard(self) -> bool:
        return all(STANDARD_RANK.get(f) == self.level or f.startswith(("h", "list")) for f in self.families)


def assign_levels(items: list[Item], report: Report, *, even_out: bool = True) -> None:
    """Give every heading a level from the document's own pattern of markers.

    A stack of slots, one per depth, each holding the marker families seen at that
    depth.  A heading whose family is in the stack is a sibling there; a new family
    numbered n > 1 joins a slot whose last number is n - 1 (a writer who mixed
    "1、" and "二、" at the top), the outermost such slot, and for a standard marker
    only a slot at its own level; any other new family opens a deeper slot.  A deeper
    slot is one level down, except where the document used that family at a deeper
    level before (then that level), and a standard skip such as 一、 straight to 1.
    is kept when the document writes its parent level in the standard marker.
    """
    stack: list[_Slot] = []
    ident = 0
    seen_level: dict[str, int] = {}  # the level a family had where the document used it before
    for it in items:
        if it.kind != "heading":
            continue
        fam, n = it.family, it.number
        if fam in DIVISIONS:
            # 第一章, 第一节, 第一条: outside the four levels; the headings in an article are its
            # own, those in a chapter may number on through the next (restarts_in_chapters)
            it.level = 0
            if fam == "article":
                stack.clear()
            continue
        pos = next((k for k in range(len(stack) - 1, -1, -1) if fam in stack[k].families), None)
        if pos is None and it.style is not None:
            # "## 主要任务" beside "## 一、总体要求": one heading style, one level
            pos = next((k for k in range(len(stack) - 1, -1, -1) if it.style in stack[k].styles), None)
        if pos is None and n is not None and n > 1:
            rank = STANDARD_RANK.get(fam)
            # a standard marker only continues a slot at its own level ("（二）" is never level 1)
            cands = [k for k in range(len(stack)) if stack[k].last == n - 1 and rank in (None, stack[k].level)]
            pos = cands[0] if cands else None
            if pos is not None:
                others = "、".join(FAMILY_NAMES.get(f, f) for f in sorted(stack[pos].families))
                report.add("level", it.unit.line, f"编号样式与同级不一致（同级用了 {others}），按同一级处理",
                           snippet(it.marker + it.text), None)
                stack[pos].families.add(fam)
        if pos is not None:
            del stack[pos + 1 :]
            slot = stack[pos]
        else:
            parent = stack[-1] if stack else None
            base = parent.level if parent else 0
            level = base + 1
            rank = STANDARD_RANK.get(fam)
            if seen_level.get(fam, 0) > base:
                level = seen_level[fam]  # "1." straight under "3、" where it was level 3 before
            elif rank is not None and rank > level and (parent is None or parent.standard()):
                level = rank
            ident += 1
            slot = _Slot(ident, {fam}, level)
            stack.append(slot)
        slot.last = n if n is not None else (slot.last or 0) + 1
        if it.style is not None:
            slot.styles.add(it.style)
        it.level = slot.level
        it.slot = slot.ident
        seen_level.setdefault(fam, slot.level)
    if even_out:
        _even_out_jumps(items, report)
    for it in items:
        if it.kind == "heading" and it.level is not None and it.level > 4:
            report.add("level", it.unit.line, "超过四级的编号不作标题，保留为正文（含原编号）",
                       snippet(it.marker + it.text), None)
            it.kind, it.text, it.level = "para", (it.marker + it.text), None


def _even_out_jumps(items: list[Item], report: Report) -> None:
    """一、 straight to 1. is a house style only when the whole document does it: where other
    level-1 sections have （一）, a section that skips it has its deeper headings moved up one."""
    heads = [it for it in items if it.kind == "heading" and it.level is not None]
    if not any(it.level == 2 for it in heads):
        return
    scopes: list[list[Item]] = [[]]
    for it in heads:
        if it.level <= 1:
            scopes.append([])
        else:
            scopes[-1].append(it)
    for scope in scopes:
        if scope and not any(it.level == 2 for it in scope) and min(it.level for it in scope) >= 3:
            for it in scope:
                it.level -= 1
            first = scope[0]
            report.add("level", first.unit.line, "这一部分一级标题下直接是第三级，而全文其他部分有第二级：统一上移一级",
                       snippet(first.marker + first.text, 24), None)


def promote_missing(items: list[Item], report: Report) -> None:
    """A heading typed without its marker between numbered siblings is still a heading.

    Between siblings numbered k and k + 2 (or before a first sibling numbered 2), exactly
    one short line without sentence punctuation is taken as heading k + 1.
    """
    last_in_slot: dict[int, int] = {}  # slot -> index of last heading in it
    parent_index: dict[int, int] = {}  # slot -> index of the heading that opened its parent scope
    promotions = []
    prev_heading = -1
    for i, it in enumerate(items):
        if it.kind != "heading":
            continue
        n = it.number
        if it.slot not in last_in_slot:
            parent_index[it.slot] = prev_heading
        prev = last_in_slot.get(it.slot)
        prev_n = items[prev].number if prev is not None else 0
        if n is not None and prev_n is not None and n == prev_n + 2:
            start = prev if prev is not None else parent_index[it.slot]
            cands = [k for k in range(start + 1, i) if items[k].kind == "para" and heading_like(items[k].text)]
            deeper_between = [k for k in range(start + 1, i) if items[k].kind == "heading"]
            if len(cands) == 1 and all(k > cands[0] for k in deeper_between):
                promotions.append((cands[0], it, prev_n + 1))
        last_in_slot[it.slot] = i
        prev_heading = i
    for k, sibling, number in promotions:
        item = items[k]
        item.kind, item.family, item.number, item.level, item.slot = "heading", sibling.family, number, sibling.level, sibling.slot
        report.add("heading", item.unit.line, f"缺少编号的标题按第 {number} 项补认", item.text, None)


def split_lead(text: str) -> tuple[str, str] | None:
    """"学校党建基础进一步夯实。在全县……" -> (lead, body); None when there is no lead."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "《“‘（(「『":
            depth += 1
        elif ch in "》”’）)」』":
            depth = max(0, depth - 1)
        elif ch in "。！？" and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in "”’」』":
                j += 1
            rest = text[j:].strip()
            if rest:
                return text[:j], rest
            return None
    return None


def run_in_split(it: Item, nxt: Item | None = None) -> tuple[str, str] | None:
    """How a numbered item shares its paragraph with text: (lead sentence, the rest), or
    ("", text) — the number, then plain text — for a long numbered paragraph at level 3 or 4
    with no lead, and for a numbered sentence with nothing under it ("一、同意设立某某学院。"
    followed by "二、…"); None for a heading on a line of its own. `nxt` is the item after
    it. The one definition convert writes by and check checks by."""
    if it.family is None or it.family.startswith("h"):
        return None
    split = split_lead(it.text)
    if split:
        return split
    if (it.level or 0) >= 3 and visual_width(it.text) > 40:
        return "", it.text
    if ends_sentence(it.text) and it.text.rstrip()[-1] != "：" and _nothing_under(it, nxt):
        return "", it.text
    return None


def _nothing_under(it: Item, nxt: Item | None) -> bool:
    return nxt is None or (nxt.kind == "heading" and nxt.level is not None and it.level is not None
                           and nxt.level <= it.level)


def build_body(items: list[Item], report: Report | None = None) -> list:
    root: list = []
    stack: list[tuple[int, m.Section]] = []
    for k, it in enumerate(items):
        if it.kind == "heading" and it.family in DIVISIONS:
            division = DIVISIONS[it.family]
            rank = m.DIVISION_RANK[division]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            if division == "article":  # the article's text is its first paragraph
                sec = m.Section(level=0, division=division, title="", run_in=True,
                                blocks=[m.Paragraph(text=it.text)], source_number=it.number)
            else:
                sec = m.Section(level=0, division=division, title=it.text, source_number=it.number)
            (stack[-1][1].blocks if stack else root).append(sec)
            stack.append((rank, sec))
        elif it.kind == "heading":
            level = it.level
            while stack and stack[-1][0] >= level:
                stack.pop()
            blocks: list = []
            title = it.text
            split = run_in_split(it, items[k + 1] if k + 1 < len(items) else None)
            if split:
                title, body = split
                blocks.append(m.Paragraph(text=body))
            elif level <= 2 and title.endswith("。"):
                # a heading on its own line with a stray full stop: GB/T 9704 sets none
                title = title.rstrip("。")
                if report is not None:
                    report.add("heading", it.unit.line, "独占一行的一二级标题末尾不加句号，已删去",
                               snippet(it.marker + it.text, 24), snippet(it.marker + title, 24))
            sec = m.Section(level=level, title=title, run_in=bool(split), blocks=blocks, source_number=it.number)
            (stack[-1][1].blocks if stack else root).append(sec)
            stack.append((level, sec))
        else:
            block = it.unit.block if it.kind == "block" else m.Paragraph(text=it.text)
            (stack[-1][1].blocks if stack else root).append(block)
    return root


# -- the whole document --------------------------------------------------------------
TITLE_PLACEHOLDER = "（请填写标题）"


@dataclass
class Options:
    title: str | None = None
    org: str | None = None
    date: dt.date | None = None
    recipient: str | None = None
    numbering: str = "restart"


def body_items(units: list[Unit], report: Report) -> list[Item]:
    """Paragraphs and headings of a body (or an attachment page), headings with their levels."""
    items = classify(units)
    assign_levels(items, report)
    promote_missing(items, report)
    return items


def build_document(units: list[Unit], report: Report, opts: Options) -> m.Document:
    parts = split_parts(units, report)
    items = body_items(parts.body, report)
    set_aside_duplicates(items, report)
    blocks = build_body(items, report)
    # outline with the markers as typed and as written
    heads = [it for it in items if it.kind == "heading"]
    restart = restarts_in_chapters(items)
    numberer = Numberer(opts.numbering, restart_in_chapters=restart)
    sections = [b for _, b in m.walk(blocks) if isinstance(b, m.Section)]
    for it, sec in zip(heads, sections):
        new = next_marker(numberer, sec)
        title = sec.title or (sec.blocks[0].text if sec.blocks and isinstance(sec.blocks[0], m.Paragraph) else "")
        report.outline.append(OutlineEntry(sec.level, it.marker, title, it.unit.line, sec.run_in, new,
                                           sec.division))
        if it.marker and it.marker != new:
            report.add("marker", it.unit.line, f"编号 {it.marker} 改为 {new}", snippet(it.marker + it.text, 24),
                       snippet(new + it.text, 24))
    title = parts.title
    if opts.title:
        if title and "".join(title) != opts.title:
            report.add("override", None, "标题按 --title 指定", "".join(title), opts.title)
        title = [opts.title]
    if not title:
        title = [TITLE_PLACEHOLDER]
        report.title_missing = True
        report.warnings.append(f"原文没有标题，先用「{TITLE_PLACEHOLDER}」占位，请补上（或用 --title 指定）")
    org = parts.org
    if opts.org:
        if org and org != opts.org:
            report.add("override", None, "署名按 --org 指定", org, opts.org)
        org = opts.org
    date = opts.date or parts.date
    recipient = parts.recipient
    if opts.recipient:
        recipient = opts.recipient.rstrip("：:") + "："
    attachments = []
    pages = list(parts.attachments)
    names = list(parts.attach_names)
    for k in range(max(len(names), len(pages))):
        page = pages[k] if k < len(pages) else None
        name = names[k][0] if k < len(names) else None
        att_title = name or (page[1] if page else "") or f"附件{k + 1}"
        if page is None:
            attachments.append(m.Attachment(title=att_title, included=False))
            report.add("structure", names[k][1], "附件说明列出的附件不在原文中，只保留在附件说明里", att_title, None)
            continue
        attachments.append(m.Attachment(title=att_title, blocks=build_body(body_items(page[2], report), report)))
    if pages and not names:
        report.add("structure", pages[0][3], "原文没有附件说明，按附件页补写", None,
                   "；".join(a.title for a in attachments))
    if date is None and not parts.label:
        report.warnings.append("原文没有成文日期（和署名）；公文需要署名和成文日期，可用 --org 和 --date 补上")
    co_signers = [] if opts.org else parts.co_signers
    meta = m.Meta(title=["".join(title)], org=org, co_signers=co_signers, date=date, recipient=recipient,
                  label=parts.label, notes=parts.notes, copy_number=parts.copy_number, secrecy=parts.secrecy,
                  urgency=parts.urgency, mark=parts.mark, doc_number=parts.doc_number, issuers=parts.issuers,
                  cc=parts.cc, printed_by=parts.printed_by, printed_on=parts.printed_on)
    return m.Document(meta=meta, blocks=blocks, attachments=attachments, numbering=opts.numbering,
                      restart_in_chapters=restart)


def restarts_in_chapters(items: list[Item]) -> bool:
    """Whether the source starts its level-1 headings again at 1 in each chapter (or 节);
    a 规则's articles numbered 一、二、… usually run on through the chapters."""
    seen_heading = False  # a level-1 heading under an earlier chapter
    new_chapter = False
    for it in items:
        if it.kind != "heading":
            continue
        if it.family in ("chapter", "section"):
            new_chapter = seen_heading
        elif it.level == 1:
            if new_chapter and it.number == 1:
                return True
            new_chapter = False
            seen_heading = True
    return False


def set_aside_duplicates(items: list[Item], report: Report) -> None:
    """Text repeated from earlier (a PDF page pasted twice), flagged, never removed. A repeated
    heading (the same heading again with the same text after it, or a fragment of an earlier
    heading that stops mid-sentence) would open a new numbered section: it is kept as an
    ordinary paragraph with the number it was typed with, outside the numbering."""
    seen: dict[str, tuple[int, str]] = {}
    # the headings seen so far, by what a repeat shares with them: level, number and the first
    # characters (a piece of a heading is at least six), so the search stays linear in the text
    heads: dict[tuple, list[int]] = {}
    key_len = 16
    for i, it in enumerate(items):
        if it.kind == "block":
            continue
        if it.kind == "heading" and it.family not in DIVISIONS:
            key = (it.level, it.number, it.text[:6])
            twin = next((k for k in heads.get(key, ()) if _repeats(items, k, i)), None)
            if twin is not None:
                report.add("duplicate", it.unit.line, f"与第 {items[twin].unit.line} 行的标题重复（可能粘贴了两遍），"
                           "不参与编号，作为普通段落保留，请核对后删除", snippet(it.marker + it.text), None)
                it.kind, it.text, it.level, it.family, it.number = "para", it.marker + it.text, None, None, None
                continue
            heads.setdefault(key, []).append(i)
        text = it.text
        if len(text) < key_len + 4:
            continue
        key = text[:key_len]
        if key in seen:
            line, earlier = seen[key]
            if earlier.startswith(text) or text.startswith(earlier):
                report.add("duplicate", it.unit.line, f"与第 {line} 行的内容重复（可能粘贴了两遍，请核对）",
                           snippet(text), None)
                continue
        seen[key] = (it.unit.line, text)


def _repeats(items: list[Item], k: int, i: int) -> bool:
    """Whether the text from heading i on repeats the text from heading k on: headings with
    the same number and text, one after the other, up to a paragraph that is the earlier
    one or a piece of it; or a heading cut off mid-way (a piece of the earlier one); or a
    long run-in item word for word."""
    j = 0
    while k + j < i and i + j < len(items):
        a, b = items[k + j], items[i + j]
        if a.kind != b.kind or a.kind == "block":
            return False
        if a.kind == "para":
            return j > 0 and len(b.text) >= 6 and a.text.startswith(b.text)
        # the same level and number: a PDF copy may have "一、" where the text had "1、"
        if a.level != b.level or a.number != b.number:
            return False
        if a.text != b.text:
            return len(b.text) >= 6 and a.text.startswith(b.text)
        if len(b.text) >= 20:
            return True
        j += 1
    return False
