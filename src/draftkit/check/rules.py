"""The format rules of GB/T 9704-2012 and of the genre, each with a stable id.

Every rule is a function of the document's structure (the same detection `draftkit convert`
uses) and, for a .docx, its formatting; it returns findings with the paragraph, a short
quote and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from draftkit.check.docxinfo import DocInfo
from draftkit.convert.cleanup import RANGE, normalise_punct
from draftkit.convert.frame import doc_number_faults, find_doc_number, standard_doc_number
from draftkit.convert.markers import LABEL, match_marker
from draftkit.convert.structure import Structure
from draftkit.convert.report import snippet
from draftkit.docxstyles import Font
from draftkit.fonts import family_of, font_matches, is_common
from draftkit.profile import Profile, as_dict, size_label

ERROR, WARNING, INFO = "错误", "警告", "提示"

# id -> (severity, short name)
RULES = {
    "page-size": (ERROR, "纸张不是 A4"),
    "page-margins": (ERROR, "页边距"),
    "page-lines": (ERROR, "每页行数"),
    "page-chars": (ERROR, "每行字数"),
    "redhead-color": (ERROR, "发文机关标志不是红色"),
    "redhead-font": (ERROR, "发文机关标志字体字号"),
    "redhead-position": (WARNING, "发文机关标志没有居中"),
    "redhead-number": (ERROR, "发文字号写法"),
    "redhead-rule": (ERROR, "版头分隔线"),
    "font-body": (ERROR, "正文字体字号"),
    "font-title": (ERROR, "标题字体字号"),
    "font-heading": (ERROR, "各级标题字体"),
    "font-page-number": (WARNING, "页码字体字号"),
    "font-east-asian-missing": (WARNING, "未指定中文字体"),
    "font-theme": (WARNING, "主题字体覆盖"),
    "font-uncommon": (INFO, "不常见的字体"),
    "num-marker": (ERROR, "编号形式与层级不符"),
    "num-sequence": (ERROR, "编号跳号或重号"),
    "num-level-jump": (WARNING, "层级跳跃不一致"),
    "num-heading-stop": (WARNING, "标题末尾的句号"),
    "num-lead-stop": (WARNING, "引领句缺句号"),
    "num-auto": (INFO, "Word 自动编号"),
    "punct-half-width": (ERROR, "中文里的半角标点"),
    "punct-quotes": (WARNING, "引号不统一"),
    "punct-range": (WARNING, "数值范围的连接号"),
    "punct-space": (WARNING, "中文里的空格"),
    "indent-spaces": (WARNING, "用空格缩进"),
    "attach-mismatch": (ERROR, "附件说明与附件不符"),
    "attach-punct": (WARNING, "附件名称后的标点"),
    "attach-page": (ERROR, "附件不另起一页或缺标识"),
    "attach-misplaced": (ERROR, "附件夹在正文中间"),
    "sign-missing": (WARNING, "缺署名或成文日期"),
    "sign-date-form": (ERROR, "成文日期写法"),
    "sign-position": (WARNING, "署名、日期位置"),
    "pagenum-missing": (ERROR, "缺页码"),
    "pagenum-form": (ERROR, "页码形式"),
    "pagenum-side": (ERROR, "页码位置"),
}


@dataclass
class Finding:
    rule: str
    message: str
    hint: str
    para: int | None = None  # 1-based paragraph (or line, for .txt)
    quote: str = ""
    count: int = 1  # how many places, when several are reported together

    @property
    def severity(self) -> str:
        return RULES[self.rule][0]

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "name": RULES[self.rule][1], "paragraph": self.para,
                "quote": self.quote, "message": self.message, "hint": self.hint, "count": self.count}


# -- text rules (.docx and .txt) -----------------------------------------------------------------
STANDARD = {
    1: re.compile(r"^[一二三四五六七八九十百]+、$"),
    2: re.compile(r"^（[一二三四五六七八九十百]+）$"),
    3: re.compile(r"^\d+\.$"),
    4: re.compile(r"^（\d+）$"),
}
EXAMPLE = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


def rule_numbering(st: Structure) -> list[Finding]:
    out: list[Finding] = []
    heads = [it for it in st.items if it.kind == "heading" and it.level]
    auto = [it for it in heads if it.family and it.family.startswith("list")]
    if auto:
        out.append(Finding("num-auto", f"有 {len(auto)} 个标题用了 Word 的自动编号，编号不在文字里",
                           "自动编号在 WPS 和复制粘贴时容易变乱，建议改为手工输入的编号（draftkit check --fix 会改好）",
                           auto[0].unit.line, snippet(auto[0].text, 20), len(auto)))
    for it in heads:
        if not it.marker or it.family.startswith(("h", "list")):
            continue
        if not STANDARD[it.level].match(it.marker):
            out.append(Finding("num-marker", f"第 {it.level} 级标题的编号写成了“{it.marker}”",
                               f"第 {it.level} 级应写作“{EXAMPLE[it.level]}”这样的形式", it.unit.line,
                               snippet(it.marker + it.text, 24)))
    # level 3 numbered through the whole document (a 工作要点 habit) is a valid choice
    threes = [it.number for it in heads if it.level == 3 and it.number is not None and it.marker]
    continuous = len(threes) > 1 and threes == list(range(1, len(threes) + 1)) and any(
        it.level < 3 for it in heads)
    # sequence: within each slot, 1, 2, 3 ... under the same parent
    last: dict[int, int] = {}
    parent_of_slot: dict[int, int] = {}
    current_parent: dict[int, int] = {}  # level -> index of latest heading
    # headings start again after an article, and after a chapter or 节 where the document does so
    resets = [it.unit.line for it in st.items if it.family == "article"
              or (it.family in ("chapter", "section") and st.restart_in_chapters)]
    prev_line = 0
    for idx, it in enumerate(heads):
        if any(prev_line < line < it.unit.line for line in resets):
            last.clear()
            parent_of_slot.clear()
            current_parent.clear()
        prev_line = it.unit.line
        current_parent[it.level] = idx
        for deeper in [lv for lv in current_parent if lv > it.level]:
            del current_parent[deeper]
        parent = max((i for lv, i in current_parent.items() if lv < it.level), default=-1)
        if it.number is None or it.family.startswith(("h", "list")) or (continuous and it.level == 3):
            continue
        if parent_of_slot.get(it.slot) != parent:
            parent_of_slot[it.slot] = parent
            last[it.slot] = 0
        expected = last.get(it.slot, 0) + 1
        if it.number != expected:
            what = "重号" if it.number <= last.get(it.slot, 0) else "跳号"
            out.append(Finding("num-sequence", f"编号{what}：这里应是第 {expected} 项，写成了“{it.marker}”",
                               "按顺序重新编号（--fix 会自动重排）", it.unit.line, snippet(it.marker + it.text, 24)))
        last[it.slot] = it.number
    # 一、 straight to 1.: fine when the whole document does it, not when it is mixed
    jumps, proper = [], []
    level_of_prev = 0
    for it in heads:
        if it.level == 3 and level_of_prev == 1:
            jumps.append(it)
        if it.level == 2:
            proper.append(it)
        level_of_prev = it.level if it.level <= 2 or level_of_prev < it.level else level_of_prev
    if jumps and proper:
        out.append(Finding("num-level-jump", "有的一级标题下直接是“1.”，有的下面先有“（一）”，层级不一致",
                           "全文统一：要么都用一、（一）1.，要么都用一、1.", jumps[0].unit.line,
                           snippet(jumps[0].marker + jumps[0].text, 24), len(jumps)))
    for it in heads:
        line = it.unit.line
        if line in st.heading_levels and it.level <= 2 and it.text.rstrip().endswith("。"):
            out.append(Finding("num-heading-stop", f"第 {it.level} 级标题末尾有句号", "独占一行的一、二级标题末尾不加句号",
                               line, snippet(it.marker + it.text, 24)))
        if it.level >= 3 and it.family and not it.family.startswith(("h", "list")):
            mt = re.match(r"^(.{2,30}?)[ \t\u3000]+(\S.{10,})$", it.text)
            if mt and not any(ch in mt.group(1) for ch in "。，；：！？"):
                out.append(Finding("num-lead-stop", "引领句后用空格隔开了正文，缺少句号",
                                   f"写成“{it.marker}{mt.group(1)}。{snippet(mt.group(2), 8)}”", line,
                                   snippet(it.marker + it.text, 24)))
    return out


def rule_punctuation(st: Structure) -> list[Finding]:
    out: list[Finding] = []
    for u in st.units:
        if u.block is not None or st.roles.get(u.line) in ("banner", "doc_number"):
            continue  # 份号, 密级, and the 发文字号 with its 签发人 set off by a tab
        t = u.text
        fixed = normalise_punct(t)
        if fixed != t:
            i = next(k for k, (a, b) in enumerate(zip(t, fixed)) if a != b)
            n = sum(1 for a, b in zip(t, fixed) if a != b)
            out.append(Finding("punct-half-width", f"中文里有 {n} 处半角标点（如“{t[i]}”）",
                               f"改为全角“{fixed[i]}”", u.line, snippet(t[max(0, i - 8): i + 8], 20), n))
        # quotes as they stand once the half-width finding is fixed: straight quotes it turns
        # into “ ” are that finding's, not a second one
        q = fixed
        if re.search(r'"[^"]*[\u4e00-\u9fff]', q) or ("“" in q and '"' in q) or q.count("“") != q.count("”"):
            out.append(Finding("punct-quotes", "引号不统一（直引号与弯引号混用，或左右引号不成对）",
                               "中文里用“ ”，并且成对", u.line, snippet(t[:24], 24)))
        mt = RANGE.search(t)
        if mt:
            out.append(Finding("punct-range", f"数值范围“{mt.group(0)}”用了连字符", "数值范围用“—”或“～”，如 2020—2025年",
                               u.line, mt.group(0)))
        sp = re.search(r"[\u4e00-\u9fff，。；：、（）“”][ \u3000\u00a0]+[\u4e00-\u9fff，。；：、（）“”]", t.strip())
        if sp and not match_marker(t.strip()[: sp.start() + 1]):
            out.append(Finding("punct-space", "中文之间有空格", "删除空格", u.line,
                               snippet(t.strip()[max(0, sp.start() - 6): sp.end() + 6], 20)))
    return out


def rule_attachments(st: Structure, info: DocInfo | None) -> list[Finding]:
    out: list[Finding] = []
    names = st.attach_names
    pages = st.attachments
    raw = {u.line: u.text for u in st.units}
    for name, line in names:
        text = raw.get(line, "")
        if re.search(re.escape(name) + r"\s*[。；;，,.]\s*$", text):
            out.append(Finding("attach-punct", "附件说明里附件名称后面加了标点", "附件名称后不加标点", line,
                               snippet(text, 24)))
    included = [p for p in pages]
    if names and included and len(names) != len(included):
        out.append(Finding("attach-mismatch", f"附件说明列了 {len(names)} 个附件，正文后有 {len(included)} 个附件页",
                           "附件说明与附件页一一对应", names[0][1], snippet(names[0][0], 20)))
    elif names and included:
        for k, ((name, line), (label, title, _, start)) in enumerate(zip(names, included), start=1):
            if title and _norm(title) != _norm(name):
                out.append(Finding("attach-mismatch", f"附件说明第 {k} 项“{name}”与附件页标题“{title}”不一致",
                                   "附件说明中的名称应与附件标题完全一致", line, snippet(name, 20)))
    if len(included) > 1:
        for k, (label, _, _, start) in enumerate(included, start=1):
            if label != f"附件{k}":
                out.append(Finding("attach-page", f"第 {k} 个附件的标识写成了“{label}”", f"应为“附件{k}”", start, label or ""))
    if info is not None:
        paras = {p.index: p for p in info.paras if not p.in_table}
        shown_misplaced = _signature_after_attachment(st)  # attach-misplaced covers those pages
        for label, _, _, start in [] if shown_misplaced else included:
            p = paras.get(start)
            if p is not None and not p.page_break_before:
                out.append(Finding("attach-page", f"附件（{label}）没有另起一页", "在附件标识前插入分页（段前分页）",
                                   start, label or ""))
    return out


def rule_attachment_in_body(st: Structure) -> list[Finding]:
    """A 附件 label standing in the body, before the 落款: an attachment pasted into the middle of
    the text, with (or often without) a 附件说明 naming it."""
    tail = [u.line for u in st.units_in("org") + st.units_in("date")]
    end = min(tail) if tail else None
    out: list[Finding] = []
    if _signature_after_attachment(st):
        label, _, _, start = st.attachments[0]
        out.append(Finding("attach-misplaced", f"{label if label and label != '附件' else '附件'}排在了署名和成文日期前面",
                           "署名和成文日期紧接正文（或附件说明），附件排在落款之后、另起一页", start, label or ""))
        return out
    for u in st.units:
        if u.block is not None or st.role_of(u) is not None or not LABEL.match(u.text.strip()):
            continue
        if end is not None and u.line > end:
            continue
        what = "，正文后也没有附件说明" if not st.attach_names else ""
        out.append(Finding("attach-misplaced", f"正文中间有附件标识“{u.text.strip()}”{what}",
                           "附件排在落款之后、另起一页；正文之后、署名之前写附件说明（附件：1.……）",
                           u.line, u.text.strip()))
    return out


def _signature_after_attachment(st: Structure) -> bool:
    """The 落款 stands at the end of the last attachment: the attachment was put before it."""
    from draftkit.dates import parse_date

    if st.units_in("date") or not st.attachments:
        return False
    content = st.attachments[-1][2]
    return bool(content) and content[-1].block is None and parse_date(content[-1].text.strip()) is not None


def _norm(s: str) -> str:
    return re.sub(r"[\s《》“”\"]", "", s)


_CN_DATE = re.compile(r"^[〇零一二三四五六七八九十]{2,4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$")
_PADDED = re.compile(r"^\d{4}年0\d月|\d{4}年\d{1,2}月0\d日$")
_ANY_DATE = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$")


def closing_date(st: Structure):
    """The unit holding the 成文日期: the one the frame took, or a date-like line among the last
    (the frame takes only valid dates, and not one after a misplaced attachment)."""
    dates = st.units_in("date")
    if dates:
        return dates[0]
    tail = [u for u in st.units[-4:] if u.block is None and _ANY_DATE.match(u.text.strip().replace(" ", ""))]
    return tail[-1] if tail else None


def rule_signature(st: Structure, info: DocInfo | None) -> list[Finding]:
    out: list[Finding] = []
    orgs = st.units_in("org")
    date = closing_date(st)
    if date is None and "label" in st.roles.values():
        return out  # an attachment (附件2) carries no signature of its own
    misplaced = _signature_after_attachment(st)  # attach-misplaced says where the 落款 went
    if date is None:
        out.append(Finding("sign-missing", "文末没有找到成文日期", "在正文（或附件说明）之后写署名和成文日期，如“2025年1月10日”",
                           None, ""))
        return out
    text = date.text.strip().replace(" ", "")
    if _CN_DATE.match(text):
        out.append(Finding("sign-date-form", "成文日期用了汉字数字", "用阿拉伯数字写年月日，如“2025年1月10日”", date.line, text))
    elif _PADDED.search(text):
        out.append(Finding("sign-date-form", "成文日期的月、日前面补了 0", "不编虚位，写作“2025年1月5日”", date.line, text))
    elif re.match(r"^\d{4}[-./]", text):
        out.append(Finding("sign-date-form", "成文日期写成了数字加分隔符", "写作“2025年1月10日”", date.line, text))
    if misplaced:
        return out
    if not orgs:
        out.append(Finding("sign-missing", "成文日期上方没有发文机关署名", "在成文日期上一行写发文机关署名", date.line, text))
    if info is not None:
        for u, what in [(u, "署名") for u in orgs[:1]] + [(date, "成文日期")]:
            p = u.source
            if p is None or p.in_table:
                continue
            if "\n" in p.text.strip() and u is not date:
                continue  # 署名 and date in one paragraph, broken by a line break: judged by the date
            pushed = len(p.text) - len(p.text.lstrip(" \u3000\u00a0"))
            if pushed >= 4 and p.align in (None, "left", "both"):
                out.append(Finding("sign-position", f"{what}是用空格推到右边的", f"{what}改用右对齐、右空约四字，不用空格排位置",
                                   u.line, u.text.strip()))
            elif p.align == "center" or (p.align in (None, "left", "both") and p.ind_left < 1000):
                out.append(Finding("sign-position", f"{what}没有排在右侧", f"{what}应右空约四字（无印章时居右）",
                                   u.line, u.text.strip()))
    return out


# -- format rules (.docx only) ----------------------------------------------------------------------
def _page_hint(pr: Profile) -> str:
    pg = pr.page
    return (f"上 {pg.top_mm:g}、下 {pg.bottom_mm:g}、左 {pg.left_mm:g}、右 {pg.right_mm:g} 毫米"
            f"（版心 {pg.text_width_mm:g}×{pg.text_height_mm:g} 毫米）")


def rule_page(info: DocInfo, pr: Profile) -> list[Finding]:
    """Paper, margins, lines a page and characters a line, as the profile sets them."""
    out: list[Finding] = []
    pg = pr.page
    if not info.doc.page.present:
        return [Finding("page-size", "文档没有页面设置（纸张、页边距都未指定），各软件会按自己的默认值排版",
                        f"在“页面设置”里设为 {pg.width_mm:g}×{pg.height_mm:g} 毫米，{_page_hint(pr)}（--fix 会设好）")]
    if abs(info.page_w_mm - pg.width_mm) > 1 or abs(info.page_h_mm - pg.height_mm) > 1:
        paper = f"{pg.width_mm:g}×{pg.height_mm:g} 毫米"
        out.append(Finding("page-size", f"纸张为 {info.page_w_mm:g}×{info.page_h_mm:g} 毫米",
                           f"用 A4 纸（{paper}）" if (pg.width_mm, pg.height_mm) == (210, 297) else f"用 {paper} 的纸"))
    top, bottom, left, right = info.margins_mm
    wrong = [(n, v, e) for n, v, e in (("上", top, pg.top_mm), ("下", bottom, pg.bottom_mm),
                                        ("左", left, pg.left_mm), ("右", right, pg.right_mm))
             if abs(v - e) > 1]
    if wrong:
        out.append(Finding("page-margins", "页边距" + "，".join(f"{n} {v:g} 毫米" for n, v, _ in wrong), _page_hint(pr)))
    size = info.body_size or pr.sizes.body
    text_h_pt = (info.page_h_mm - top - bottom) / 25.4 * 72
    text_w_pt = (info.page_w_mm - left - right) / 25.4 * 72
    line, rule = info.body_line
    gtype, gpitch, _ = info.grid
    if rule == "exact" and line:
        pitch = line / 20
    elif rule == "atLeast" and line:
        pitch = max(line / 20, size * 1.3)
    elif gtype in ("lines", "linesAndChars") and gpitch:
        pitch = gpitch / 20 * max(1, (line or 240) / 240)
    else:
        pitch = size * 1.3 * ((line or 240) / 240)
    lines = int(text_h_pt // pitch) if pitch > 0 else 0
    pitch_hint = f"行距用固定值约 {pr.line_pitch_twips / 20:g} 磅"
    if info.body_space:
        out.append(Finding("page-lines", f"正文段落有段前段后间距（共 {info.body_space / 20:g} 磅），每页排不满 {pg.lines} 行",
                           f"正文段前、段后间距设为 0，{pitch_hint}"))
    elif lines != pg.lines:
        out.append(Finding("page-lines", f"按正文行距（{pitch:.1f} 磅）每页排 {lines} 行",
                           f"每页 {pg.lines} 行：版心高 {pg.text_height_mm:g} 毫米，{pitch_hint}"))
    gchar = info.grid[2]
    if gtype in ("linesAndChars", "snapToChars") and gchar is not None:
        # Word's and WPS's character grid: each character takes the font size plus charSpace
        # (in 4096ths of a point); this is how WPS documents usually get 28 a line
        advance = size + gchar / 4096
    else:
        advance = size + info.char_spacing_pt
    chars = int(text_w_pt / advance + 0.01) if advance > 0 else 0
    if chars != pg.chars:
        out.append(Finding("page-chars", f"按正文字号和字距每行排 {chars} 字",
                           f"每行 {pg.chars} 字：{pr.sizes.body:g} 磅的字加字距约 {pr.char_spacing_twips / 20:+g} 磅，"
                           f"版心宽 {pg.text_width_mm:g} 毫米"))
    return out


_LEAD_SPACES = re.compile(r"^(?: {2,}|[ ]*[\u3000\u00a0][ \u3000\u00a0]*)")


def rule_indent(info: DocInfo, st: Structure) -> list[Finding]:
    """Paragraphs pushed in with typed spaces instead of a first-line indent: they look right on
    one screen and shift on the next, and they break the 28 characters a line."""
    hits = []
    for p in info.paras:
        if p.in_table or p.in_box or not p.text.strip() or "\n" in p.text.strip():
            continue
        if st.role_of_para(p) not in (None, "recipient") or not _LEAD_SPACES.match(p.text):
            continue
        hits.append(p)
    if not hits:
        return []
    first = hits[0]
    return [Finding("indent-spaces", f"{len(hits)} 段用空格缩进", "删去段首空格，用“首行缩进 2 字符”（--fix 会改）",
                    first.index, snippet(first.text.strip(), 20), len(hits))]


def _describe(font: Font) -> str:
    name = font.name or (f"主题字体 {font.theme}" if font.theme else "未指定")
    return f"{name} {font.size:g} 磅"


def _group(findings_by_key: dict, rule: str, message, hint: str) -> list[Finding]:
    out = []
    for key, paras in findings_by_key.items():
        first = paras[0]
        out.append(Finding(rule, message(key, len(paras)), hint, first.index, snippet(first.text.strip(), 20), len(paras)))
    return out


def rule_fonts(info: DocInfo, st: Structure, pr: Profile) -> list[Finding]:
    """Title, headings and body in the profile's fonts and sizes; East Asian fonts named, not
    left to the theme; faces the receiver is likely to have."""
    out: list[Finding] = []
    fo, sz = pr.fonts, pr.sizes
    paras = [p for p in info.paras if p.text.strip() and not p.in_table]
    body_bad: dict = {}
    title_bad: dict = {}
    head_bad: dict = {}
    expected_head = {1: fo.level1, 2: fo.level2, 3: fo.level3, 4: fo.level4}

    def wrong(font: Font, name: str, size: float) -> bool:
        return not font_matches(font.name, name) or abs((font.size or 0) - size) > 0.5

    missing, themed, uncommon = [], [], {}
    own_faces = list(as_dict(fo).values())  # a bureau's own faces are common to it
    for p in paras:
        fonts = p.cjk_fonts()
        if not fonts:
            continue
        f = fonts[0]
        role = st.role_of_para(p)
        for font in fonts:
            if font.theme and not font.name:
                themed.append(p)
                break
            if not font.name:
                missing.append(p)
                break
        for font in fonts:
            if font.name and not is_common(font.name, own_faces):
                uncommon.setdefault(font.name, []).append(p)
                break
        if role == "title":
            if wrong(f, fo.title, sz.title):
                title_bad.setdefault(_describe(f), []).append(p)
            continue
        level = st.heading_levels.get(p.index)
        if level:
            if wrong(f, expected_head[level], sz.body):
                head_bad.setdefault((level, _describe(f)), []).append(p)
            continue
        if role in ("attach_label", "attach_title", "label", "redhead_mark", "banner", "doc_number", "banji"):
            continue  # 黑体 labels, the 版头 (red mark, 黑体 密级, 楷体 签发人) and the 4号 版记 have fonts of their own
        division = st.divisions.get(p.index)
        if division in ("chapter", "section"):
            if wrong(f, fo.level1, sz.body):
                head_bad.setdefault((1, _describe(f)), []).append(p)
            continue
        if p.caption:
            continue
        # body text: every CJK run; of a run-in item at level 1 or 2 (黑体/楷体 lead) the body part
        run_in = st.run_in.get(p.index)
        check = fonts[-1:] if run_in in (1, 2) or division == "article" else fonts
        for font in check:
            if wrong(font, fo.body, sz.body):
                body_bad.setdefault(_describe(font), []).append(p)
                break
    out += _group(body_bad, "font-body", lambda k, n: f"正文用了 {k}（{n} 段）", f"正文用 {size_label(sz.body)}{fo.body}")
    out += _group(title_bad, "font-title", lambda k, n: f"标题用了 {k}", f"标题用 {size_label(sz.title)}{fo.title}")
    out += _group(head_bad, "font-heading", lambda k, n: f"第 {k[0]} 级标题用了 {k[1]}（{n} 处）",
                  f"一级{fo.level1}、二级{fo.level2}、三级{fo.level3}、四级{fo.level4}，均为 {size_label(sz.body)}")
    if missing:
        out.append(Finding("font-east-asian-missing", f"{len(missing)} 段中文没有指定中文字体",
                           f"给这些文字指定中文字体（如{fo.body}），否则按各电脑的默认字体显示",
                           missing[0].index, snippet(missing[0].text, 20), len(missing)))
    if themed:
        out.append(Finding("font-theme", f"{len(themed)} 段中文用的是主题字体，随主题变化", "把字体从“+中文正文”等主题字体改为具体字体名",
                           themed[0].index, snippet(themed[0].text, 20), len(themed)))
    for name, ps in uncommon.items():
        out.append(Finding("font-uncommon", f"用了不常见的字体“{name}”（{len(ps)} 段）", "对方电脑没有这个字体时会被替换；公文用仿宋、黑体、楷体、小标宋",
                           ps[0].index, snippet(ps[0].text, 20), len(ps)))
    return out


def _reddish(color: str | None) -> bool:
    try:
        r, g, b = (int(color[k:k + 2], 16) for k in (0, 2, 4))
    except (TypeError, ValueError):
        return False
    return r >= 0x99 and g <= 0x60 and b <= 0x60


def _redhead_colour(color: str | None, want: str) -> bool:
    """The colour a template asks of the 版头 (mark and rule): that one, or any red when it asks red."""
    return (color or "").upper() == want or (_reddish(color) and _reddish(want))


def rule_redhead(info: DocInfo, st: Structure, pr: Profile) -> list[Finding]:
    """The 发文机关标志 checked as what it is (GB/T 9704 7.2.3): red, 小标宋, centred, and not
    smaller than the title unless the name fills the line; it is never checked as a title."""
    from draftkit.script import visual_width

    out: list[Finding] = []
    pg = info.doc.page
    line_pt = (pg.width_mm - pg.left_mm - pg.right_mm) / 25.4 * 72
    for u in st.units_in("redhead_mark"):
        p = u.source
        runs = p.cjk_runs() if p is not None else []
        if not runs:
            continue
        text = u.text.strip()
        want = pr.redhead.color.upper()
        if not all(_redhead_colour(r.color, want) for r in runs):
            color = next((r.color for r in runs if not _redhead_colour(r.color, want)), None)
            shown = "自动（黑色）" if color in (None, "auto") else f"#{color}"
            out.append(Finding("redhead-color", f"发文机关标志的颜色是{shown}", f"发文机关标志用红色（如 #{want}）",
                               u.line, snippet(text, 20)))
        f = runs[0].font
        size = min(r.font.size or 0 for r in runs)
        fills = line_pt > 0 and visual_width(text) * size >= 0.9 * line_pt
        least = min(pr.sizes.title, pr.redhead.mark_size)
        if not (font_matches(f.name, pr.fonts.title) or family_of(f.name) in ("小标宋", "宋体")) or (
                size < least - 0.5 and not fills):
            out.append(Finding("redhead-font", f"发文机关标志用了 {_describe(f)}",
                               f"发文机关标志用{pr.fonts.title}，字号不小于标题（{size_label(pr.sizes.title)}），"
                               "以醒目、庄重为原则", u.line, snippet(text, 20)))
        if p.align != "center":
            out.append(Finding("redhead-position", "发文机关标志没有居中", "发文机关标志居中排布，上边缘距版心上边缘 35 毫米",
                               u.line, snippet(text, 20)))
    marks = st.units_in("redhead_mark")
    for u in st.units_in("doc_number") if marks else []:
        number = find_doc_number(u.text)
        faults = doc_number_faults(number) if number else []
        if faults:
            out.append(Finding("redhead-number", f"发文字号{'；'.join(faults)}",
                               f"写作“{standard_doc_number(number)}”：年份用六角括号〔〕，序号不编虚位", u.line, number))
    if marks:
        out += _rule_line(info, st, marks[0], pr)
    return out


def _rule_line(info: DocInfo, st: Structure, mark, pr: Profile) -> list[Finding]:
    """The red rule under the 发文字号 (GB/T 9704 7.2.5): a paragraph border or a drawn line
    between the 发文机关标志 and the title."""
    titles = [u.line for u in st.units_in("title")]
    first, last = mark.line, (min(titles) if titles else mark.line + 6)
    from draftkit.docxread import TableBlock

    if any(isinstance(b, TableBlock) and first <= b.index <= last for b in info.doc.blocks):
        return []  # drawn as a table's border: not judged
    colours = []
    for p in info.paras:
        if p.in_table or not first <= p.index <= last:
            continue
        if p.border is not None:
            colours.append(p.border)
        colours += [o.color or "auto" for o in p.objects if o.kind == "shape"]
    want = pr.redhead.color.upper()
    if not colours:
        return [Finding("redhead-rule", "版头没有分隔线", "在发文字号之下 4 毫米处加一条与版心等宽的红色分隔线",
                        mark.line, snippet(mark.text.strip(), 20))]
    if not any(_redhead_colour(c, want) for c in colours):
        shown = "自动（黑色）" if colours[0] in ("auto", None) else f"#{colours[0]}"
        return [Finding("redhead-rule", f"版头分隔线的颜色是{shown}", f"分隔线用红色（如 #{want}）",
                        mark.line, snippet(mark.text.strip(), 20))]
    return []


_PAGE_FORMS = [(re.compile(r"^—\s*—$"), None), (re.compile(r"^[-－]\s*[-－]$"), "“- 1 -”用的是连字符"),
               (re.compile(r"^第\s*页.*$"), "“第 1 页”"), (re.compile(r"^/\s*\S*$"), "“1/5”")]


def rule_page_numbers(info: DocInfo, pr: Profile) -> list[Finding]:
    """Page numbers in the footer in the profile's form, font and position."""
    out: list[Finding] = []
    odd, even = info.odd_footer, info.even_footer
    form = pr.page_number_style.format(1)
    if odd is None or not odd.has_page_field:
        out.append(Finding("pagenum-missing", "页脚里没有页码", f"在页脚插入页码，形如“{form}”"))
        return out
    want = re.sub(r"\s+", "", pr.page_number_style.replace("{}", ""))
    for which, f in (("单页", odd), ("双页", even)):
        if f is None:
            continue
        shape = re.sub(r"\s+", "", f.text)
        if shape != want:
            why = next((why for pat, why in _PAGE_FORMS if pat.match(shape) and why), None)
            hint = ("页码形如“— 1 —”：数字左右各一条一字线（—）" if want == "——" else f"页码形如“{form}”")
            out.append(Finding("pagenum-form", f"{which}页码写成了{why or '“' + (f.text.strip() or '只有数字') + '”'}", hint))
        bad = [x for x in f.fonts if not font_matches(x.name, pr.fonts.page_number)
               or abs((x.size or 0) - pr.sizes.page_number) > 0.5]
        if bad:
            out.append(Finding("font-page-number", f"{which}页码用了 {_describe(bad[0])}",
                               f"页码用 {size_label(pr.sizes.page_number)}{pr.fonts.page_number}"))
    position = pr.page_number_position
    if position == "outer":
        if not info.even_and_odd:
            out.append(Finding("pagenum-side", "单双页页码在同一侧（没有设置“奇偶页不同”）",
                               "单页页码居右、双页居左：页面设置里勾选“奇偶页不同”，分别设置"))
        else:
            if odd.align != "right":
                out.append(Finding("pagenum-side", "单页页码没有居右", "单页页码居右空一字"))
            if even is None or even.align != "left":
                out.append(Finding("pagenum-side", "双页页码没有居左", "双页页码居左空一字"))
    else:
        side = {"center": "居中", "right": "居右"}[position]
        for which, f in (("单页", odd), ("双页", even)):
            if f is not None and f.align != position:
                out.append(Finding("pagenum-side", f"{which}页码没有{side}", f"按模板，页码{side}"))
    return out
