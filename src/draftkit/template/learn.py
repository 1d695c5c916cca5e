"""Page setup, fonts and sizes learnt from a sample .docx: what `template init --from` writes
and what a template's 参考文档 contributes.

The sample is read like any other Word file (draftkit.docxread) and its paragraphs are
recognised like any other document (convert.structure): the title's font is the font of
the paragraph recognised as the title — not of the first centred line, which in a 红头
document is the 发文机关标志 — each heading level's font is that of the headings at that
level, and the body font is the one most body text is set in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from draftkit.docxstyles import W

_FONT_STYLES = (("body", ("Normal", "Body Text")), ("title", ("Title", "标题")),
                ("level1", ("Heading 1", "heading 1")), ("level2", ("Heading 2", "heading 2")),
                ("level3", ("Heading 3", "heading 3")), ("level4", ("Heading 4", "heading 4")))


def _style_fonts(doc) -> tuple[dict[str, str], dict[str, float]]:
    """What the styles themselves set: document defaults, then the named styles."""
    sheet = doc.sheet
    fonts: dict[str, str] = {}
    sizes: dict[str, float] = {}
    default = sheet.font_in([sheet.default_rpr] if sheet.default_rpr is not None else [])
    if default.name:
        fonts["body"] = default.name
    for key, names in _FONT_STYLES:
        sid = next((sid for sid, name in sheet.names.items() if name in names or sid in names), None)
        rpr = sheet.by_id[sid].find(W + "rPr") if sid is not None else None
        if rpr is None:
            continue
        f = sheet.font_in([rpr])
        if f.name:
            fonts[key] = f.name
        if key in ("body", "title") and rpr.find(W + "sz") is not None:
            sizes[key] = f.size
    return fonts, sizes


def learn_from_docx(path: Path) -> dict:
    """{"page": {...mm}, "fonts": {title/body/level1..4: name}, "sizes": {title/body: pt}}."""
    from draftkit.convert.readers import units_from_docx
    from draftkit.convert.structure import analyse
    from draftkit.docxread import read_docx

    doc = read_docx(Path(path))
    pg = doc.page
    page = {"width_mm": pg.width_mm, "height_mm": pg.height_mm, "top_mm": pg.top_mm, "bottom_mm": pg.bottom_mm,
            "left_mm": pg.left_mm, "right_mm": pg.right_mm, "footer_mm": pg.footer_mm} if pg.present else {}
    page = {k: v for k, v in page.items() if v}
    fonts, sizes = _style_fonts(doc)
    units = units_from_docx(doc)
    if not units:
        return {"page": page, "fonts": fonts, "sizes": sizes}
    st = analyse(units)
    body_fonts: Counter = Counter()
    body_sizes: Counter = Counter()
    level_fonts: dict[int, Counter] = {}
    title_seen = False
    for u in units:
        p = u.source
        runs = p.cjk_runs() if p is not None and not p.in_table and not p.in_box else []
        if not runs:
            continue
        first = runs[0].font
        role = st.role_of(u)
        level = st.heading_levels.get(u.line)
        if role == "title":
            if not title_seen:
                title_seen = True
                if first.name:
                    fonts["title"] = first.name
                sizes["title"] = first.size
        elif role is None and level:
            if first.name:
                level_fonts.setdefault(level, Counter())[first.name] += 1
        elif role is None and u.line not in st.divisions:
            # body text: of a run-in item only the text after its lead
            for r in (runs[-1:] if u.line in st.run_in else runs):
                if r.font.name:
                    body_fonts[r.font.name] += len(r.text)
                body_sizes[r.font.size] += len(r.text)
    if body_fonts:
        fonts["body"] = body_fonts.most_common(1)[0][0]
    if body_sizes:
        sizes["body"] = body_sizes.most_common(1)[0][0]
    for level, counter in level_fonts.items():
        if 1 <= level <= 4:
            fonts[f"level{level}"] = counter.most_common(1)[0][0]
    return {"page": page, "fonts": fonts, "sizes": sizes}
