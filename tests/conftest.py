from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_SUMMARY = EXAMPLES / "岱山县教育局2020年工作总结.yaml"
SEED_PLAN = EXAMPLES / "岱山县教育局2024年工作要点.yaml"
DEMO_SUMMARY = EXAMPLES / "年度工作总结.yaml"


def build_doc(path: Path, kind: str):
    from draftkit.loader import load
    from draftkit.schema import build

    return build(load(path), kind)


@pytest.fixture
def make_input(tmp_path):
    """Write text to an input file and return its path."""

    def _make(text: str, name: str = "input.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return _make


@pytest.fixture
def build_input(make_input):
    def _build(text: str, kind: str = "summary", name: str = "input.yaml"):
        return build_doc(make_input(text, name), kind)

    return _build


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def require(present: bool, env: str, what: str) -> None:
    """Skip when `what` is not installed, or fail when the environment variable `env` says it
    must be (CI sets it after installing it)."""
    if not present:
        if os.environ.get(env):
            pytest.fail(f"{env} is set but {what} is not installed")
        pytest.skip(f"{what} not installed; set {env}=1 to make this a failure")


def require_render():
    require(soffice_available(), "DRAFTKIT_REQUIRE_RENDER", "LibreOffice (soffice)")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """The three examples and two converted seeds written to .docx and rendered to PDF once."""
    require_render()
    from draftkit.profile import default_profile
    from draftkit.render import docx_to_pdf
    from draftkit.writer import write_docx

    out = tmp_path_factory.mktemp("render")
    docs = {}
    for key, path, kind in (
        ("seed_summary", SEED_SUMMARY, "summary"),
        ("seed_plan", SEED_PLAN, "plan"),
        ("demo", DEMO_SUMMARY, "summary"),
    ):
        doc = build_doc(path, kind)
        docs[key] = (doc, write_docx(doc, default_profile(), out / f"{key}.docx"))
    # real drafts through `draftkit convert`: the same writer, so the same rules must hold
    from draftkit.convert import convert

    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    for key, prefix in (("converted_000", "000"), ("converted_004", "004")):
        found = sorted(seeds.glob(f"{prefix}_*.txt"))
        if found:
            doc = convert(found[0]).document
            docs[key] = (doc, write_docx(doc, default_profile(), out / f"{key}.docx"))
    pdfs = docx_to_pdf([p for _, p in docs.values()], out)
    return {key: (doc, docx_path, pdf) for (key, (doc, docx_path)), pdf in zip(docs.items(), pdfs)}


def invoke(*args):
    """Run the CLI in-process (Typer's test runner): (exit code, everything it printed)."""
    from typer.testing import CliRunner

    from draftkit.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output
