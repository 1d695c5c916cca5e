"""One file's job for each command, as batch.run sends them to worker processes.

Module-level functions of (settings, item) so that functools.partial of them can be
pickled; the template is named, not passed, and each process loads it once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from draftkit.batch import Outcome, Source


@lru_cache(maxsize=8)
def profile_for(template: str | None):
    """The layout to use: a bureau template by name or path, or the built-in default."""
    if template:
        from draftkit.template import load_template

        return load_template(template).profile()
    from draftkit.profile import default_profile

    return default_profile()


def build_one(kind: str, template: str | None, job: tuple[Source, Path]) -> Outcome:
    """summary / plan: one YAML or JSON file to one .docx."""
    from draftkit.loader import load
    from draftkit.schema import build
    from draftkit.writer import write_docx

    src, out = job
    profile = profile_for(template)
    loaded = load(src.path)
    doc = build(loaded, kind, profile=profile)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_docx(doc, profile, out, inputs=[src.path])
    return Outcome(src.path, True, written, message=doc.meta.title_text, notes=list(loaded.warnings))


def convert_one(options: dict, job: tuple[Source, Path]) -> Outcome:
    """convert: one .txt/.md/.docx to one .docx.  `options` are convert()'s keyword arguments
    with the template's name under "template"; the convert Result (document, report) in `payload`."""
    from draftkit.convert import convert
    from draftkit.writer import write_docx

    src, out = job
    options = dict(options)
    profile = profile_for(options.pop("template", None))
    result = convert(src.path, profile=profile, **options)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_docx(result.document, profile, out, inputs=[src.path])
    return Outcome(src.path, True, written, message=result.document.meta.title_text,
                   notes=list(result.report.warnings), payload=result)


def check_one(template: str | None, src: Source) -> Outcome:
    """check: the findings of one file (CheckResult in `payload`)."""
    from draftkit.check import check_file

    result = check_file(src.path, profile_for(template))
    return Outcome(src.path, True, counts=result.counts(), payload=result)


def fix_one(template: str | None, job: tuple[Source, Path]) -> Outcome:
    """check --fix: a corrected copy of one file; counts are what still needs a person
    (the FixReport in `payload`)."""
    from draftkit.check.fix import fix_and_check

    src, out = job
    profile = profile_for(template)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = fix_and_check(src.path, out, profile)
    return Outcome(src.path, True, report.result.output, counts=report.after.counts(), notes=list(report.result.notes),
                   payload=report)
