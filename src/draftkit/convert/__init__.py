"""`draftkit convert`: an outline as a clerk has it (text, Markdown, a messy .docx) to a
numbered official document.

    readers -> cleanup (junk, page numbers, punctuation) -> joiner (broken lines)
            -> outline (front matter, tail, levels, run-in items) -> Document

Every step writes what it removed or changed into the Report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from draftkit import model as m
from draftkit.convert.report import Report


@dataclass
class Result:
    document: m.Document
    report: Report


def convert(path: str | Path, *, title: str | None = None, org: str | None = None, date=None,
            recipient: str | None = None, numbering: str = "restart", simplified: bool = False) -> Result:
    from draftkit.convert.cleanup import drop_junk, normalise_units
    from draftkit.convert.joiner import rejoin
    from draftkit.convert.outline import Options, build_document
    from draftkit.convert.readers import read

    path = Path(path)
    report = Report(source=str(path))
    units = read(path, report)
    units = drop_junk(units, report)
    units = normalise_units(units, report, simplified=simplified)
    is_md = path.suffix.lower() in (".md", ".markdown")
    units = rejoin(units, report, markdown=is_md)
    opts = Options(title=title, org=org, date=date, recipient=recipient, numbering=numbering,
                   fallback_title=path.stem or "文档")
    document = build_document(units, report, opts)
    return Result(document, report)


__all__ = ["convert", "Result", "Report"]
