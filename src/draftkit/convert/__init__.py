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
from draftkit.errors import DraftkitError


@dataclass
class Result:
    document: m.Document
    report: Report


class ObjectsNotKept(DraftkitError):
    """A .docx holds what the new document cannot carry, and the user has not agreed to leave
    it out; `listed` names them."""

    def __init__(self, source: str, listed: str):
        self.listed = listed
        super().__init__(
            f"{source}：原文中有新文档带不过去的内容：{listed}。没有写出文件。"
            "要保留它们，请用 draftkit check --fix 在原文上改正格式；确定不要它们，加 --drop-objects 再转换"
            "（报告中会逐项列出）")


def convert(path: str | Path, *, title: str | None = None, org: str | None = None, date=None,
            recipient: str | None = None, numbering: str | None = None, simplified: bool = False,
            profile=None, drop_objects: bool = False) -> Result:
    """numbering: restart, continuous or keep; None takes the profile's (restart by default).
    profile: the bureau template the document will be written with; its 署名 and 主送 fill in
    what the source leaves out.
    drop_objects: a .docx may hold what a new document cannot carry (shapes, charts, footnotes,
    comments, merged cells …); by default convert refuses (DraftkitError naming them), with
    this it leaves them out and lists each in the report's warnings."""
    from draftkit.convert.cleanup import drop_junk, looks_traditional, normalise_units
    from draftkit.convert.frame import signature_pictures, strip_clutter
    from draftkit.convert.joiner import rejoin
    from draftkit.convert.outline import Options, build_document
    from draftkit.convert.readers import Unkept, read
    from draftkit.profile import default_profile
    from draftkit.profile import apply_profile_defaults

    profile = profile or default_profile()
    numbering = numbering or profile.numbering or "restart"

    path = Path(path)
    report = Report(source=str(path))
    units = read(path, report)
    units, seals = signature_pictures(units)
    report.unkept += [Unkept(u.line, "落款处的图片（可能是印章，定稿后需重新加盖）", u.source.text.strip())
                      for u in seals]
    pictures = [u for u in units if isinstance(u.block, m.Picture)]
    units = drop_junk(units, report)
    if not simplified and looks_traditional(units):
        report.warnings.append("原文是繁体字，已按原样保留；要改为简体请加 --simplified")
    units = normalise_units(units, report, simplified=simplified)
    units = strip_clutter(units, report)
    is_md = path.suffix.lower() in (".md", ".markdown")
    units = rejoin(units, report, markdown=is_md)
    opts = Options(title=title, org=org, date=date, recipient=recipient, numbering=numbering)
    document = build_document(units, report, opts)
    document.meta = apply_profile_defaults(document.meta, profile, notes=report.warnings)
    meta = document.meta
    if meta.banner() and not profile.redhead.enabled:
        what = "；".join(f"{k} {v}" for k, v in meta.banner())
        report.warnings.append(f"原文有版头（{what}），当前模板不印红头，这些没有写入；"
                               "要保留版头请加 --template 红头文件（或本单位的红头模板）")
    if meta.banji_items() and not profile.banji.enabled:
        what = "；".join(f"{k}：{v}" for k, v in meta.banji_items())
        report.warnings.append(f"原文有版记（{what}），当前模板不印版记，这些没有写入；"
                               "要保留版记请加 --template 红头文件（或本单位启用了版记的模板）")
    _account_objects(document, report, profile, pictures, drop_objects)
    return Result(document, report)


def _account_objects(document: m.Document, report: Report, profile, pictures: list, drop: bool) -> None:
    """Measure what of a .docx's pictures, shapes and notes reached the document; refuse, or
    with `drop` report, what did not."""
    from draftkit.convert.readers import Unkept

    # a picture is the same picture when it holds the same image data object (a caption
    # attached on the way copies the block, not the data)
    blocks = [b for _, b in m.walk(document.blocks)] + [b for a in document.attachments for _, b in m.walk(a.blocks)]
    kept = {id(b.data) for b in blocks if isinstance(b, m.Picture)}
    unkept = list(report.unkept)
    unkept += [Unkept(u.line, "版头或落款处的图片", u.source.text.strip()) for u in pictures
               if id(u.block.data) not in kept]
    banner = [e.line for e in report.frame if e.part == "版头" and e.line is not None]
    if banner:
        # the lines and shapes drawn in a 版头 before the title: a 红头 template draws its own
        title = min((e.line for e in report.frame if e.part == "标题" and e.line is not None),
                    default=max(banner) + 1)
        drawn = [u for u in unkept if u.kind in ("shape", "group") and u.line <= title]
        for u in drawn:
            unkept.remove(u)
            if profile.redhead.enabled:
                report.add("structure", u.line, f"版头的{u.what}由模板重新绘制")
    report.unkept = unkept
    if not unkept:
        return
    listed = "；".join(u.describe() for u in unkept[:8]) + (f" 等 {len(unkept)} 处" if len(unkept) > 8 else "")
    if not drop:
        raise ObjectsNotKept(report.source, listed)
    for u in unkept:
        report.warnings.append(f"没有带到新文档：{u.describe()}")


__all__ = ["convert", "ObjectsNotKept", "Result", "Report"]
