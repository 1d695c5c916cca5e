"""The document XML of the examples, byte for byte.

Speed work on the writer must not change what it writes: these files were produced before
it and are compared after.  A deliberate change to the output regenerates them with
DRAFTKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_xml.py (and the diff is reviewed).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DEMO_SUMMARY, EXAMPLES, SEED_PLAN, SEED_SUMMARY

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "demo-summary": ("summary", DEMO_SUMMARY, None),
    "seed-summary": ("summary", SEED_SUMMARY, None),
    "seed-plan": ("plan", SEED_PLAN, None),
    "demo-redhead": ("summary", DEMO_SUMMARY, "红头文件"),
    "draft-convert": ("convert", EXAMPLES / "工作要点草稿.txt", None),
}


def _write(kind: str, src: Path, template: str | None, out: Path) -> None:
    from draftkit.profile import default_profile
    from draftkit.template import load_template
    from draftkit.writer import write_docx

    profile = load_template(template).profile() if template else default_profile()
    if kind == "convert":
        from draftkit.convert import convert

        doc = convert(src, profile=profile).document
    else:
        from draftkit.loader import load
        from draftkit.schema import build

        doc = build(load(src), kind, profile=profile)
    write_docx(doc, profile, out)


@pytest.mark.parametrize("name", list(CASES))
def test_document_xml_is_unchanged(tmp_path, name):
    kind, src, template = CASES[name]
    out = tmp_path / "out.docx"
    _write(kind, src, template, out)
    parts = {}
    with zipfile.ZipFile(out) as z:
        # styles and settings come from one place for all: compared once (they are large)
        wanted = ["word/document.xml", "word/footer1.xml"]
        if name == "demo-summary":
            wanted += ["word/styles.xml", "word/settings.xml"]
        for part in wanted:
            if part in z.namelist():
                parts[part] = z.read(part)
    for part, data in parts.items():
        golden = GOLDEN / f"{name}.{part.replace('/', '_')}"
        if os.environ.get("DRAFTKIT_UPDATE_GOLDEN"):
            golden.write_bytes(data)
        assert golden.exists(), f"no golden copy of {part}; run with DRAFTKIT_UPDATE_GOLDEN=1"
        assert data == golden.read_bytes(), f"{name}: {part} differs from {golden.name}"
