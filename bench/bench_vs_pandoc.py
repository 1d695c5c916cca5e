"""Benchmark (not a test): draftkit beside pandoc on the same outlines, whole processes.

    python bench/bench_vs_pandoc.py            # all cases (pandoc columns when pandoc is installed)
    python bench/bench_vs_pandoc.py --quick    # 3 runs each instead of 9

Cases (medians; peak memory from the operating system's accounting of the child):
- a seed-size 工作要点 convert (the real 岱山 2024 text, about 7 pages) and the same 40 times
  over (about 280 pages), draftkit .txt -> .docx against pandoc .md -> .docx of the same
  outline (headings marked with #);
- cost against size: the 280-page convert at 20x and 40x, in process (start-up excluded);
- 100 seed-size documents: one `draftkit convert 文件夹 -o 输出` (process pool) against 100
  pandoc runs (pandoc has no batch mode);
- start-up: `draftkit --help` against `python -c "import typer"`, a seed-size run against
  `python -c "import docx"`;
- `--pdf` for one document and for a batch of 10 (one LibreOffice run).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PY = sys.executable


def seed_text() -> str:
    found = sorted(SEEDS.glob("004_*.txt"))
    if found:
        return found[0].read_text(encoding="utf-8")
    return (ROOT / "examples" / "工作要点草稿.txt").read_text(encoding="utf-8")


def as_markdown(text: str) -> str:
    out = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", s):
            out.append("# " + s)
        elif re.match(r"^（[一二三四五六七八九十]+）", s):
            out.append("## " + s)
        elif re.match(r"^\d+[.．、]", s):
            out.append("### " + s)
        else:
            out.append(s)
    return "\n\n".join(out) + "\n"


def repeated(text: str, times: int) -> str:
    head, _, rest = text.partition("\n")
    return head + "\n" + "\n".join([rest] * times)


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def median(cmd: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    results = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def paired(a: list[str], b: list[str], cwd: Path, runs: int):
    """a and b run in turn, so that the machine's slow and quick moments fall on both alike
    (on a shared virtual machine two runs of one command can differ by a third)."""
    results = [(timed(a, cwd), timed(b, cwd)) for _ in range(runs)]
    return tuple((statistics.median(r[i][0] for r in results), max(r[i][1] for r in results)) for i in (0, 1))


def row(name: str, ours: tuple[float, int], theirs: tuple[float, int] | None) -> None:
    line = f"{name:34s} draftkit {ours[0]:6.2f} s {ours[1] / 1024:6.0f} MB"
    if theirs:
        line += f"   pandoc {theirs[0]:6.2f} s   ratio {ours[0] / theirs[0]:4.2f}"
    print(line, flush=True)


def main() -> None:
    runs = 3 if "--quick" in sys.argv else 9
    pandoc = shutil.which("pandoc")
    dk = [PY, "-m", "draftkit"]
    # pip writes the bytecode of a package when it installs it; an editable checkout (or a
    # shell with PYTHONDONTWRITEBYTECODE set) would otherwise compile every module from source
    # on every run and time the compiler, not draftkit.
    package = subprocess.run([PY, "-c", "import draftkit, os; print(os.path.dirname(draftkit.__file__))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([PY, "-m", "compileall", "-q", package], check=True)
    text = seed_text()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in (1, 20, 40):
            (tmp / f"seed{n}.txt").write_text(repeated(text, n), encoding="utf-8")
            (tmp / f"seed{n}.md").write_text(as_markdown(repeated(text, n)), encoding="utf-8")
        print(f"{subprocess.run([*dk, '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"{'pandoc ' + subprocess.run([pandoc, '--version'], capture_output=True, text=True).stdout.split()[1] if pandoc else 'pandoc not installed'}, "
              f"{os.cpu_count()} cores\n")
        for n, label in ((1, "seed-size convert (7 pages)"), (40, "same x 40 (about 280 pages)")):
            ours_cmd = [*dk, "convert", f"seed{n}.txt", "-o", f"dk{n}.docx"]
            if pandoc:
                ours, theirs = paired(ours_cmd, [pandoc, f"seed{n}.md", "-o", f"pd{n}.docx"], tmp, runs)
            else:
                ours, theirs = median(ours_cmd, tmp, runs), None
            row(label, ours, theirs)

        # cost against size, in process
        sys.path.insert(0, str(ROOT / "src"))
        from draftkit.convert import convert
        from draftkit.profile import default_profile
        from draftkit.writer import write_docx

        def in_process(n: int) -> float:
            best = float("inf")
            for _ in range(runs):
                start = time.perf_counter()
                write_docx(convert(tmp / f"seed{n}.txt").document, default_profile(), tmp / "ip.docx")
                best = min(best, time.perf_counter() - start)
            return best

        in_process(1)
        t20, t40 = in_process(20), in_process(40)
        print(f"{'cost against size (in process)':34s} 20x {t20:5.2f} s, 40x {t40:5.2f} s: 2x input = {t40 / t20:4.2f}x time")

        # 100 documents
        batch = tmp / "batch"
        batch.mkdir()
        for i in range(100):
            shutil.copy(tmp / "seed1.txt", batch / f"{i:03d}.txt")
            if pandoc:
                shutil.copy(tmp / "seed1.md", batch / f"{i:03d}.md")
        ours = median([*dk, "convert", "batch", "--glob", "*.txt", "-o", "out"], tmp, max(1, runs // 2))
        theirs = None
        if pandoc:
            script = f"for f in batch/*.md; do {pandoc} \"$f\" -o \"$f.docx\"; done"
            theirs = median(["bash", "-c", script], tmp, max(1, runs // 2))
        row("100 seed-size documents (batch)", ours, theirs)

        # start-up
        help_t, typer_t = paired([*dk, "--help"], [PY, "-c", "import typer"], tmp, runs)
        seed_t, docx_t = paired([*dk, "convert", "seed1.txt", "-o", "s.docx"], [PY, "-c", "import docx"], tmp, runs)
        print(f"{'start-up: --help / import typer':34s} {help_t[0]:.2f} s / {typer_t[0]:.2f} s = {help_t[0] / typer_t[0]:4.2f}")
        print(f"{'seed-size run / import docx':34s} {seed_t[0]:.2f} s / {docx_t[0]:.2f} s = {seed_t[0] / docx_t[0]:4.2f}")

        # PDF
        if shutil.which("soffice") or shutil.which("libreoffice"):
            one = median([*dk, "convert", "seed1.txt", "-o", "p.docx", "--pdf"], tmp, 1)
            ten = tmp / "ten"
            ten.mkdir()
            for i in range(10):
                shutil.copy(tmp / "seed1.txt", ten / f"{i}.txt")
            many = median([*dk, "convert", "ten", "-o", "tenout", "--pdf"], tmp, 1)
            print(f"{'--pdf: one document / batch of 10':34s} {one[0]:.2f} s / {many[0]:.2f} s "
                  f"(+{one[0] - seed_t[0]:.2f} s for the PDF)")
        else:
            print("--pdf: LibreOffice not installed")


if __name__ == "__main__":
    main()
