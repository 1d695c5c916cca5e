"""`draftkit check`: find the format mistakes of a .docx (or .txt), and fix them on request.

    reader (docxinfo: formatting with Word's inheritance resolved; the convert readers for
    .txt) -> structure (the convert outline detection) -> rules -> findings
    --fix: the convert pipeline and the writer produce a corrected copy
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from draftkit.check.rules import RULES, Finding


@dataclass
class CheckResult:
    path: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        """Findings by severity, every severity present (0 when none)."""
        out = {"错误": 0, "警告": 0, "提示": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_dict(self) -> dict:
        return {"file": str(self.path), "findings": [f.to_dict() for f in self.findings]}


def check_file(path: str | Path, profile=None) -> CheckResult:
    """All findings for one file, judged by `profile` (a bureau template's; GB/T 9704 when
    None) — the same values the writer lays documents out with. Raises DraftkitError when the
    file cannot be read."""
    from draftkit.check import rules as r
    from draftkit.profile import default_profile

    profile = profile or default_profile()

    path = Path(path)
    if path.suffix.lower() == ".docx":
        from draftkit.check.docxinfo import read_docx_info

        info = read_docx_info(path)
        units = info.units
    else:
        from draftkit.convert.cleanup import drop_junk
        from draftkit.convert.readers import read
        from draftkit.convert.report import Report

        info = None
        units = drop_junk(read(path, Report(source=str(path))), Report(source=str(path)))
        units = [u.with_text(u.text.strip()) for u in units if u.text.strip() or u.block is not None]
    from draftkit.convert.structure import analyse

    st = analyse(units)
    findings: list[Finding] = []
    if info is not None:
        findings += r.rule_page(info, profile)
        findings += r.rule_redhead(info, st, profile)
        findings += r.rule_fonts(info, st, profile)
        findings += r.rule_indent(info, st)
        findings += r.rule_page_numbers(info, profile)
    findings += r.rule_numbering(st)
    findings += r.rule_punctuation(st)
    findings += r.rule_attachments(st, info)
    findings += r.rule_attachment_in_body(st)
    findings += r.rule_signature(st, info)
    order = list(RULES)
    findings.sort(key=lambda f: (f.para is not None, f.para or 0, order.index(f.rule)))
    return CheckResult(path, findings)


__all__ = ["check_file", "CheckResult", "Finding", "RULES"]
