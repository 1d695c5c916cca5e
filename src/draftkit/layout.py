"""Where Word will break the pages: an estimate made from the document's own XML.

GB/T 9704 7.5 numbers the 版记 page unless a blank page precedes it, and whether one does
depends on the page the body ends on. Word decides that only when it lays the document out;
the writer has to know it when it writes the footer. So the body is laid out here the way
Word does it, line by line:

- a paragraph's lines come from its text, indents and font sizes: a CJK character takes a
  full em, Latin letters and digits half, plus the run's character spacing; a closing mark
  never starts a line (，。 hang in the margin instead, as Word's overflowPunct lets them),
  an opening mark never ends one, and a Latin word is not cut;
- a line's height comes from the resolved line spacing (exact, at least, or a multiple of
  the font's natural height), paragraph spacing and borders; a table row is as tall as its
  fullest cell;
- keep-with-next, keep-lines-together, widow control, cantSplit rows, repeated header rows,
  page breaks and section starts (next / even / odd page) decide where pages break.

For the documents draftkit writes everything sits on exact line spacing, so the estimate
is exact up to line breaking; for others it is close. Styles are resolved by
draftkit.docxstyles, the one resolver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from draftkit.docxstyles import W, StyleSheet, first_attr, on, val
from draftkit.script import is_latin

# Characters that may not start a line, and those among them that hang in the margin instead
# of pulling the character before them down (Word: 允许标点溢出边界, on by default).
NO_LINE_START = set("，。、；：？！…—）》」』】〕〉”’%,.;:?!)]}·")
HANGING = set("，。、,.")
NO_LINE_END = set("（《「『【〔〈“‘([{")
# Advance widths of Times New Roman (and of Liberation Serif, made to match it), in thousandths
# of an em, for the Latin text of a run whose Latin font is a proportional one; a CJK font
# sets Latin text at half an em.
_TNR = {
    **dict.fromkeys("0123456789abdghknopquvxy#$*_", 500), **dict.fromkeys(" ,.:;!'|", 250),
    **dict.fromkeys("fIrt()[]-`/", 333), **dict.fromkeys("ijl", 278), **dict.fromkeys("acez?", 444),
    **dict.fromkeys("sJ\"", 389), **dict.fromkeys("FPS", 556), **dict.fromkeys("ELTZ", 611),
    **dict.fromkeys("BCR", 667), **dict.fromkeys("ADGHKNOQUVXY", 722), "w": 722, "m": 778, "M": 889,
    "W": 944, "%": 833, "@": 921, "&": 778, "+": 564, "=": 564, "<": 564, ">": 564, "~": 541,
    "{": 480, "}": 480, "^": 469,
}
# A run's natural single line height as a multiple of its size (CJK fonts in Word: ~1.3).
NATURAL_LINE = 1.3
TWIPS_PER_EMU = 1 / 635
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PICTURE = "\uFFFC"


@dataclass(frozen=True)
class Renderer:
    """How an application lays text out, where applications differ (measured)."""

    name: str
    # extra space between a CJK character and a Latin letter or digit, in ems: Word honours
    # autoSpaceDE/DN="0" (none); LibreOffice 7.4 adds about a fifth of an em regardless
    latin_gap: float = 0.0
    # a keep-with-next paragraph that must move: Word moves only its last lines (as widow
    # control allows), LibreOffice 7.4 moves the whole paragraph
    keep_moves_whole: bool = False


WORD = Renderer("Word")  # and WPS, which follows Word here
LIBREOFFICE = Renderer("LibreOffice", latin_gap=0.22, keep_moves_whole=True)


@dataclass
class Line:
    height: int  # twips, with the paragraph spacing and borders that go with it
    stick: bool = False  # must be on the same page as the line before
    start: str | None = None  # "nextPage" / "evenPage" / "oddPage": begins a new page
    owner: object = None  # the body element (w:p or w:tbl) it belongs to
    repeat: int = 0  # a table row: the height of the header rows repeated above it on a new page
    keep_next: bool = False  # a table row whose paragraphs keep with the next
    page_height: int = 0  # of the section it is in


@dataclass
class Geometry:
    width: int  # text block, twips
    height: int
    pitch: int  # the document grid's line pitch (a "line" for beforeLines, grid snapping)
    snap: bool  # the grid snaps auto-spaced lines to whole pitches
    default_tab: int


@dataclass
class Layout:
    pages: int = 0
    where: dict = field(default_factory=dict)  # body element (w:p, w:tbl) -> (first page, last page)

    def last_page_of(self, element) -> int:
        return self.where[element][1]


def _int(v, default=0) -> int:
    try:
        return int(float(v)) if v is not None else default
    except ValueError:
        return default


def _geometry(sect_pr, default_tab: int) -> Geometry:
    def attr(tag, name, default):
        el = sect_pr.find(W + tag) if sect_pr is not None else None
        return abs(_int(val(el, name), default)) if el is not None else default

    width = attr("pgSz", "w", 11906) - attr("pgMar", "left", 1800) - attr("pgMar", "right", 1800) \
        - attr("pgMar", "gutter", 0)
    height = attr("pgSz", "h", 16838) - attr("pgMar", "top", 1440) - attr("pgMar", "bottom", 1440)
    grid = sect_pr.find(W + "docGrid") if sect_pr is not None else None
    pitch = _int(val(grid, "linePitch"), 0) if grid is not None else 0
    snap = grid is not None and val(grid, "type") in ("lines", "linesAndChars", "snapToChars") and pitch > 0
    return Geometry(width, height, pitch or 312, snap, default_tab)


class _Paragraphs:
    """The lines of paragraphs and tables in one section's geometry."""

    def __init__(self, sheet: StyleSheet, geo: Geometry, renderer: Renderer):
        self.sheet = sheet
        self.geo = geo
        self.renderer = renderer

    # -- a paragraph -------------------------------------------------------------------

    def lines(self, p, width: int) -> tuple[list[Line], dict]:
        sheet = self.sheet
        ppr = p.find(W + "pPr")
        pstyle = val(ppr.find(W + "pStyle")) if ppr is not None else None
        pprs = sheet.pprs(ppr, pstyle)

        def num(tag, attr):
            return _int(sheet.ppr_attr(pprs, tag, attr))

        flags = {name: sheet.ppr_toggle(pprs, name)
                 for name in ("keepNext", "keepLines", "widowControl", "pageBreakBefore")}
        mark = sheet.font(ppr.find(W + "rPr") if ppr is not None else None, None, pstyle).size or 10.0
        pieces = self._pieces(p, pstyle)
        size = max([s for _, s, _ in pieces if s] or [mark])
        em = round(size * 20)

        def indent(name, chars_name):
            chars = sheet.ppr_attr(pprs, "ind", chars_name)
            if chars is not None and _int(chars):
                return round(_int(chars) / 100 * em)
            return num("ind", name)

        left = indent("left", "leftChars") or indent("start", "startChars")
        right = indent("right", "rightChars") or indent("end", "endChars")
        first = indent("firstLine", "firstLineChars") - indent("hanging", "hangingChars")
        tabs = sorted(_int(t.get(W + "pos")) for pp in pprs[:1] for t in pp.iter(W + "tab")
                      if t.getparent().tag == W + "tabs" and t.get(W + "val") != "clear")
        avail = max(width - left - right, em)
        counts, page_breaks = self._break(pieces, avail, first, tabs, left)

        line_attr = sheet.ppr_attr(pprs, "spacing", "line")
        rule = sheet.ppr_attr(pprs, "spacing", "lineRule") or "auto"
        natural = round(em * NATURAL_LINE)
        tall = max([round(e[1] * TWIPS_PER_EMU) for t, _, e in pieces if t == PICTURE] or [0])
        if line_attr is None:
            height = natural
        elif rule == "exact":
            height = _int(line_attr)
        elif rule == "atLeast":
            height = max(_int(line_attr), natural, tall)
        else:
            height = max(round(natural * _int(line_attr, 240) / 240), tall)
        snap = next((pp.find(W + "snapToGrid") for pp in pprs if pp.find(W + "snapToGrid") is not None), None)
        if self.geo.snap and rule == "auto" and on(snap) is not False:  # on unless turned off
            pitch = self.geo.pitch
            height = -(-height // pitch) * pitch

        def spacing(name, lines_name):
            lines_v = sheet.ppr_attr(pprs, "spacing", lines_name)
            if lines_v is not None and _int(lines_v):
                return round(_int(lines_v) / 100 * self.geo.pitch)
            return num("spacing", name)

        before, after = spacing("before", "beforeLines"), spacing("after", "afterLines")
        borders = {}
        for pp in pprs:
            bdr = pp.find(W + "pBdr")
            for side in ("top", "bottom"):
                el = bdr.find(W + side) if bdr is not None else None
                if el is not None and side not in borders:
                    borders[side] = 0 if val(el) in ("nil", "none") else \
                        round(_int(val(el, "sz")) / 8 * 20) + _int(val(el, "space")) * 20
        out = [Line(height) for _ in range(counts)]
        out[0].height += before + borders.get("top", 0)
        out[-1].height += after + borders.get("bottom", 0)
        for i in page_breaks:
            if i < len(out):
                out[i].start = "nextPage"
        n = len(out)
        if flags["keepLines"] or (flags["keepNext"] and self.renderer.keep_moves_whole):
            for line in out[1:]:
                line.stick = True
        elif flags["widowControl"] and n > 1:
            out[1].stick = out[-1].stick = True
        if flags["pageBreakBefore"]:
            out[0].start = "nextPage"
        return out, flags

    def _pieces(self, p, pstyle):
        """[(text, size pt, (character spacing twips, Latin font proportional))].

        Deleted text and hidden runs are left out; a tab is "\\t", a line break "\\n", a page
        break "\\f"; an inline picture is PICTURE with its (cx, cy) in EMU in place of the spacing.
        """
        sheet = self.sheet
        pieces = []
        for r in p.iter(W + "r"):
            parent = r.getparent()
            if parent is not None and parent.tag in (W + "del", W + "moveFrom"):
                continue
            rpr = r.find(W + "rPr")
            if rpr is not None and on(rpr.find(W + "vanish")):
                continue
            rstyle = val(rpr.find(W + "rStyle")) if rpr is not None else None
            chain = sheet.rprs(rpr, rstyle, pstyle)  # resolved once for size, fonts and spacing
            size = sheet.font_in(chain).size or 10.0
            latin = sheet.font_in(chain, "ascii").name or "Times New Roman"
            proportional = latin.isascii() and latin not in ("SimSun", "NSimSun", "SimHei", "FangSong",
                                                             "KaiTi", "FangSong_GB2312", "KaiTi_GB2312")
            spacing = _int(first_attr(chain, "spacing"))
            for child in r:
                tag = child.tag
                if tag == W + "t":
                    pieces.append((child.text or "", size, (spacing, proportional)))
                elif tag == W + "tab":
                    pieces.append(("\t", size, (spacing, proportional)))
                elif tag in (W + "br", W + "cr"):
                    page = child.get(W + "type") in ("page", "column")
                    pieces.append(("\f" if page else "\n", size, (spacing, proportional)))
                elif tag == W + "drawing":
                    # an inline picture is a character as wide and as tall as the picture;
                    # floating ones take no line room
                    ext = child.find(f"{WP}inline/{WP}extent")
                    if ext is not None:
                        pieces.append((PICTURE, size, (_int(ext.get("cx")), _int(ext.get("cy")))))
        return pieces

    def _break(self, pieces, avail: int, first: int, tabs: list[int], left: int) -> tuple[int, list[int]]:
        """How many lines the text takes at this width (first line shifted by `first`), and the
        lines that a page break puts on a new page."""
        lines = 1
        page_breaks = []
        width = avail - first
        x = 0
        line: list[tuple[str, int]] = []  # (char, advance) on the current line
        gap_em = self.renderer.latin_gap
        prev = ""
        for text, size, extra in pieces:
            if text == PICTURE:
                cx, _ = extra
                chars = [(PICTURE, round(cx * TWIPS_PER_EMU))]
            else:
                em = size * 20
                spacing, proportional = extra
                chars = []
                for ch in text:
                    adv = _advance(ch, em, proportional) + spacing
                    if gap_em and prev and (_ideograph(prev) and _alnum(ch) or _alnum(prev) and _ideograph(ch)):
                        adv += gap_em * em
                    chars.append((ch, round(adv)))
                    prev = ch
            for ch, adv in chars:
                if ch in "\n\f":
                    lines, x, line, width = lines + 1, 0, [], avail
                    if ch == "\f":
                        page_breaks.append(lines - 1)
                    continue
                if ch == "\t":
                    here = x + (left + first if lines == 1 else left)
                    stop = next((t for t in tabs if t > here), None)
                    if stop is None:
                        step = self.geo.default_tab or 420
                        stop = (here // step + 1) * step
                    adv = stop - here
                if x + adv <= width or not line:
                    line.append((ch, adv))
                    x += adv
                    continue
                if ch in HANGING:
                    line.append((ch, 0))
                    continue
                k = _break_point(line, ch)
                carried = line[k:]
                lines += 1
                width = avail
                line = carried + [(ch, adv)]
                x = sum(a for _, a in line)
                while x > width and len(line) > 1:  # a long Latin word on a line of its own
                    k = max(1, _fit(line, width))
                    line = line[k:]
                    lines += 1
                    x = sum(a for _, a in line)
        return lines, page_breaks

    # -- a table ---------------------------------------------------------------------------

    def table_lines(self, tbl) -> list[Line]:
        grid = [_int(c.get(W + "w")) for c in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]
        tblpr = tbl.find(W + "tblPr")
        mar = {"top": 0, "bottom": 0, "left": 108, "right": 108}
        cm = tblpr.find(W + "tblCellMar") if tblpr is not None else None
        for side, other in (("top", "top"), ("bottom", "bottom"), ("left", "start"), ("right", "end")):
            el = None if cm is None else (cm.find(W + side) if cm.find(W + side) is not None else cm.find(W + other))
            if el is not None:
                mar[side] = _int(el.get(W + "w"), mar[side])
        rules = self._table_rules(tblpr)
        rows, header = [], 0
        in_header = True
        for tr in tbl.iterfind(W + "tr"):
            trpr = tr.find(W + "trPr")
            is_header = trpr is not None and bool(on(trpr.find(W + "tblHeader")))
            height, col, keep = 0, 0, False
            for tc in tr.iterfind(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = _int(val(tcpr.find(W + "gridSpan")) if tcpr is not None else None, 1) or 1
                # the grid's columns; a table without a grid says its cells' widths instead
                cols = grid[col:col + span]
                width = sum(cols) if cols else _int(val(tcpr.find(W + "tcW"), "w") if tcpr is not None else None, 2000)
                col += span
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if vmerge is not None and val(vmerge) != "restart":
                    continue
                inner = max(width - mar["left"] - mar["right"], 200)
                cell = 0
                for p in tc.iterfind(W + "p"):
                    lines, flags = self.lines(p, inner)
                    cell += sum(line.height for line in lines)
                    keep = keep or flags["keepNext"]
                height = max(height, cell)
            # a rule above every row; Word adds its width to the row's height
            height += mar["top"] + mar["bottom"] + (rules["top"] if not rows else rules["insideH"])
            if trpr is not None and trpr.find(W + "trHeight") is not None:
                h = trpr.find(W + "trHeight")
                want = _int(val(h))
                height = want if val(h, "hRule") == "exact" else max(height, want)
            if in_header and is_header:
                header += height
            else:
                in_header = False
            # a row is placed whole: cantSplit rows must be, and a split row is rare enough
            # in the genre not to model
            rows.append(Line(height, owner=tbl, keep_next=keep))
        if rows:
            rows[-1].height += rules["bottom"]
        for i, row in enumerate(rows):
            row.repeat = header if i >= 1 else 0
            row.stick = i > 0 and rows[i - 1].keep_next
        return rows

    def _table_rules(self, tblpr) -> dict:
        """Widths (twips) of the table's top, inner horizontal and bottom rules: its own
        tblBorders, else its table style's."""
        out = {"top": 0, "insideH": 0, "bottom": 0}
        style = val(tblpr.find(W + "tblStyle")) if tblpr is not None else None
        sources = [tblpr] + [st.find(W + "tblPr") for st in self.sheet.chain(style)]
        for side in out:
            for src in sources:
                el = src.find(f"{W}tblBorders/{W}{side}") if src is not None else None
                if el is not None:
                    out[side] = 0 if val(el) in ("nil", "none") else round(_int(val(el, "sz")) / 8 * 20)
                    break
        return out


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isprintable() and not ch.isspace()


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _advance(ch: str, em: float, proportional: bool) -> float:
    if not is_latin(ch):
        return em
    if proportional:
        return _TNR.get(ch, 500) * em / 1000
    return em / 2


def _break_point(line: list[tuple[str, int]], nxt: str) -> int:
    """Where the line breaks when `nxt` does not fit: the index of the first character that
    goes down with it. A closing mark does not start a line, an opening mark does not end one,
    a Latin word is not cut; if nothing is allowed, the line breaks where it is full."""
    k = len(line)
    while k > 0:
        start = line[k][0] if k < len(line) else nxt
        end = line[k - 1][0]
        # a run of Latin letters, digits and their marks (3,400, 12.5%, e-mail) is one word
        latin_word = _word_char(end) and _word_char(start)
        if start not in NO_LINE_START and end not in NO_LINE_END and not latin_word:
            return k
        k -= 1
    return len(line)


def _fit(line: list[tuple[str, int]], width: int) -> int:
    x = 0
    for i, (_, a) in enumerate(line):
        x += a
        if x > width:
            return i
    return len(line)


def lay_out(d, renderer: Renderer = WORD) -> Layout:
    """Estimate the pages of the python-docx Document `d` as `renderer` lays it out: where
    each body element falls."""
    sheet = StyleSheet(d)
    settings = d.settings.element
    default_tab = _int(val(settings.find(W + "defaultTabStop")), 420)
    body = d.element.body
    # each section's properties sit at its end; a section's w:type says how it starts
    sect_prs = [p.find(f"{W}pPr/{W}sectPr") if p.tag == W + "p" else None for p in body]
    final = body.find(W + "sectPr")
    ends = [s for s in sect_prs if s is not None] + [final]
    section = 0
    geo = _geometry(ends[0], default_tab)
    lines: list[Line] = []
    keep_prev = False
    pending_start = None
    flow = _Paragraphs(sheet, geo, renderer)
    for child, sect_pr in zip(body, sect_prs):
        if child.tag == W + "p":
            own, flags = flow.lines(child, geo.width)
            keep = flags["keepNext"]
        elif child.tag == W + "tbl":
            own = flow.table_lines(child)
            keep = bool(own) and own[-1].keep_next
        else:
            continue
        if not own:
            continue
        for line in own:
            line.owner, line.page_height = child, geo.height
        own[0].stick = own[0].stick or keep_prev
        if pending_start:
            own[0].start, pending_start = pending_start, None
        lines.extend(own)
        keep_prev = keep
        if sect_pr is not None:
            section += 1
            nxt = ends[section]  # the next section's properties (the body's own, last)
            kind = val(nxt.find(W + "type")) if nxt is not None else None
            pending_start = None if kind == "continuous" else (kind or "nextPage")
            geo = _geometry(nxt, default_tab)
            flow = _Paragraphs(sheet, geo, renderer)
            keep_prev = False
    return _paginate(lines)


def _paginate(lines: list[Line]) -> Layout:
    layout = Layout()
    page, used = 1, 0
    i, n = 0, len(lines)
    while i < n:
        j = i + 1
        while j < n and lines[j].stick and not lines[j].start:
            j += 1
        unit = lines[i:j]
        first = unit[0]
        height_limit = first.page_height
        if first.start and i > 0:
            page += 1
            if first.start == "evenPage" and page % 2:
                page += 1
            elif first.start == "oddPage" and not page % 2:
                page += 1
            used = 0
        need = sum(line.height for line in unit)
        if used and used + need > height_limit and need <= height_limit:
            page, used = page + 1, first.repeat
        for line in unit:
            if used and used + line.height > height_limit:  # longer than a page: it breaks
                page, used = page + 1, line.repeat
            used += line.height
            lo, hi = layout.where.get(line.owner, (page, page))
            layout.where[line.owner] = (min(lo, page), max(hi, page))
        i = j
    layout.pages = page
    return layout
