"""Shared helpers for the convert tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from draftkit import model as m

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def convert_text(tmp_path: Path, text: str, name: str = "提纲.txt", encoding: str = "utf-8", **kw):
    from draftkit.convert import convert

    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return convert(p, **kw)


def outline(doc: m.Document) -> list[tuple[int, str]]:
    """(level, heading text) for every heading of the body, in order."""
    out = []

    def rec(blocks):
        for b in blocks:
            if isinstance(b, m.Section):
                out.append((b.level, b.title))
                rec(b.blocks)

    rec(doc.blocks)
    return out


def sections(doc: m.Document) -> list[m.Section]:
    return [b for _, b in doc.walk() if isinstance(b, m.Section)]


def paragraphs(blocks) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, m.Paragraph):
            out.append(b.text)
        elif isinstance(b, m.Section):
            out.extend(paragraphs(b.blocks))
    return out


def content(text: str) -> str:
    """The characters that carry content: letters and digits (punctuation and spaces aside)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def text_with_source_markers(doc: m.Document, typed_markers: list[str]) -> str:
    """The document's text in order, each heading preceded by the marker the source had."""
    markers = iter(typed_markers)
    parts = []
    meta = doc.meta
    for x in (meta.label, "".join(meta.title), meta.recipient):
        if x:
            parts.append(x)

    def rec(blocks):
        for b in blocks:
            if isinstance(b, m.Section):
                parts.append(next(markers) + b.title)
                rec(b.blocks)
            elif isinstance(b, m.Paragraph):
                parts.append(b.text)
            elif isinstance(b, m.Table):
                parts.extend((b.header or []) + [c for row in b.rows for c in row])

    rec(doc.blocks)
    for a in doc.attachments:
        parts.append(a.title)
    if meta.org:
        parts.append(meta.org)
    parts.extend(meta.notes)
    for a in doc.attachments:
        rec(a.blocks)
    return "\n".join(parts)
