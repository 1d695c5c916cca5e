"""Benchmark (not a test): `draftkit convert` cost against input size.

    python bench/bench_convert.py

Builds inputs of 1x..16x the seed summary (its clean half and its PDF-broken half,
repeated), converts each (reading, cleanup, rejoining, outline; no .docx written) and
prints the time per source line, which should stay flat (linear total cost).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SEEDS = ROOT.parent / "shared" / "seeds"


def sample() -> str:
    found = sorted(SEEDS.glob("000_*.txt"))
    if found:
        return found[0].read_text(encoding="utf-8")
    para = "坚持以人民为中心的发展思想，办好人民满意的教育，全面推进教育现代化建设。"
    return "标题\n" + "".join(f"{i}、标题{i}\n（1）小节\n1.引领句。{para}\n" for i in range(1, 10))


def run(scale: int) -> tuple[float, int]:
    from draftkit.convert import convert

    head, _, rest = sample().partition("\n")
    text = head + "\n" + "\n".join([rest] * scale)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "big.txt"
        p.write_text(text, encoding="gb18030")  # exercise encoding detection too
        t = time.perf_counter()
        convert(p)
        return time.perf_counter() - t, text.count("\n") + 1


def main() -> None:
    run(1)  # warm imports
    for scale in (1, 2, 4, 8, 16):
        secs, lines = run(scale)
        print(f"scale {scale:2d}: {lines:6d} lines  {secs * 1000:7.0f} ms  {secs / lines * 1e6:6.0f} µs/line")


if __name__ == "__main__":
    main()
