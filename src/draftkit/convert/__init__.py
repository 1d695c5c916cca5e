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
            recipient: str | None = None, numbering: str | None = None, simplified: bool = False,
            profile=None) -> Result:
    """numbering: restart, continuous or keep; None takes the profile's (restart by default).
    profile: the bureau template the document will be written with; its 署名 and 主送 fill in
    what the source leaves out."""
    from draftkit.convert.cleanup import drop_junk, looks_traditional, normalise_units
    from draftkit.convert.frame import strip_clutter
    from draftkit.convert.joiner import rejoin
    from draftkit.convert.outline import Options, build_document
    from draftkit.convert.readers import read
    from draftkit.profile import default_profile
    from draftkit.schema import apply_profile_defaults

    profile = profile or default_profile()
    numbering = numbering or profile.numbering or "restart"

    path = Path(path)
    report = Report(source=str(path))
    units = read(path, report)
    units = drop_junk(units, report)
    if not simplified and looks_traditional(units):
        report.warnings.append("原文是繁体字，已按原样保留；要改为简体请加 --simplified")
    units = normalise_units(units, report, simplified=simplified)
    units = strip_clutter(units, report)
    is_md = path.suffix.lower() in (".md", ".markdown")
    units = rejoin(units, report, markdown=is_md)
    opts = Options(title=title, org=org, date=date, recipient=recipient, numbering=numbering)
    document = build_document(units, report, opts)
    document.meta = apply_profile_defaults(document.meta, profile)
    meta = document.meta
    if meta.banner() and not profile.redhead.enabled:
        what = "；".join(f"{k} {v}" for k, v in meta.banner())
        report.warnings.append(f"原文有版头（{what}），当前模板不印红头，这些没有写入；"
                               "要保留版头请加 --template 红头文件（或本单位的红头模板）")
    if meta.banji_items() and not profile.banji.enabled:
        what = "；".join(f"{k}：{v}" for k, v in meta.banji_items())
        report.warnings.append(f"原文有版记（{what}），当前模板不印版记，这些没有写入；"
                               "要保留版记请加 --template 红头文件（或本单位启用了版记的模板）")
    return Result(document, report)


__all__ = ["convert", "Result", "Report"]
