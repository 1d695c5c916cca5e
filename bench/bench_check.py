"""Benchmark (not a test): `draftkit check` cost against document size.

    python bench/bench_check.py

Writes the seed summary at 1x..8x its size, checks each, and prints the time per
paragraph, which should stay flat (linear total cost).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def run(scale: int) -> tuple[float, int]:
    from draftkit.check import check_file
    from draftkit.profile import default_profile
    from draftkit.writer import write_docx
    from tests.conftest import SEED_SUMMARY, build_doc

    doc = build_doc(SEED_SUMMARY, "summary")
    doc = doc.model_copy(update={"blocks": doc.blocks * scale})
    with tempfile.TemporaryDirectory() as tmp:
        path = write_docx(doc, default_profile(), Path(tmp) / "big.docx")
        import docx

        n = len(docx.Document(str(path)).paragraphs)
        t = time.perf_counter()
        check_file(path)
        return time.perf_counter() - t, n


def main() -> None:
    run(1)  # warm imports
    for scale in (1, 2, 4, 8):
        secs, paras = run(scale)
        print(f"scale {scale}: {paras:5d} paragraphs  {secs * 1000:7.0f} ms  {secs / paras * 1e6:6.0f} µs/paragraph")


if __name__ == "__main__":
    main()
