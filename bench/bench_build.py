"""Benchmarks (not tests): CLI start-up time and build cost against document size.

    python bench/bench_build.py

Prints the median start-up time of `python -m draftkit --version` and the time to
build and save documents of 1x, 2x, 4x and 8x the size of the seed summary; the
per-section cost should stay flat (linear total cost).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def startup(runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "draftkit", "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build(scale: int) -> tuple[float, int]:
    from draftkit.profile import default_profile
    from draftkit.writer import write_docx
    from tests.conftest import SEED_SUMMARY, build_doc

    doc = build_doc(SEED_SUMMARY, "summary")
    part = doc.blocks[1]
    big = part.model_copy(update={"blocks": part.blocks * scale})
    doc = doc.model_copy(update={"blocks": [doc.blocks[0], big] + doc.blocks[2:]})
    n = sum(1 for _ in doc.walk())
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        write_docx(doc, default_profile(), Path(tmp) / "big.docx")
        return time.perf_counter() - t, n


def main() -> None:
    print(f"CLI start-up (python -m draftkit --version): {startup() * 1000:.0f} ms")
    build(1)  # warm imports
    for scale in (1, 2, 4, 8):
        secs, blocks = build(scale)
        print(f"scale {scale}: {blocks:5d} blocks  {secs * 1000:7.0f} ms  {secs / blocks * 1e6:6.0f} µs/block")


if __name__ == "__main__":
    main()
