"""Many files in one go: find them (files, folders, globs expanded here so they work on
Windows too), name their outputs, and run one job per file on all cores.

A job never stops the others: a file the program will not take becomes an Outcome with
its message.  The CLI shows progress and the closing table; the web page can use the
same calls.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from draftkit.errors import DraftkitError
from draftkit.files import os_reason

INPUT_SUFFIXES = {
    "summary": (".yaml", ".yml", ".json"),
    "plan": (".yaml", ".yml", ".json"),
    "convert": (".txt", ".md", ".docx"),
    "check": (".docx", ".txt"),
}


@dataclass
class Source:
    path: Path
    base: Path | None = None  # the folder it was found in, to mirror sub-folders in the output


@dataclass
class Outcome:
    source: Path
    ok: bool
    output: Path | None = None
    message: str = ""  # why it failed, or a one-line summary of what was done
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # check: findings by severity
    payload: object = None  # what the command prints in full (check: the CheckResult)
    internal: bool = False  # failed by a bug in draftkit, not by the file (exit code 3)


def _skipped(path: Path) -> bool:
    """Word's lock files (~$名称.docx), our temp files and hidden files or folders (`path` is
    relative to the folder searched) are never inputs."""
    return any(part.startswith(("~$", ".")) and part not in (".", "..") for part in path.parts)


def find_inputs(args: Iterable[str | Path], suffixes: tuple[str, ...], pattern: str | None = None) -> list[Source]:
    """The files named by `args`: files as given, folders searched through (only files with
    `suffixes`, matching `pattern` if given), globs expanded.  Raises DraftkitError for an
    argument that names nothing."""
    found: list[Source] = []
    seen: set[Path] = set()

    def add(path: Path, base: Path | None) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(Source(path, base))

    for arg in args:
        text = str(arg)
        if glob.has_magic(text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and not _skipped(Path(Path(m).name))]
            if not files:
                raise DraftkitError(f"“{text}”没有匹配到任何文件")
            for f in files:
                add(f, None)
            continue
        path = Path(text)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                           and not _skipped(p.relative_to(path))
                           and (pattern is None or fnmatch.fnmatch(p.name, pattern)))
            if not files:
                kinds = "、".join(suffixes)
                extra = f"、且名称符合“{pattern}”" if pattern else ""
                raise DraftkitError(f"文件夹 {path} 里没有 {kinds} 文件{extra}")
            for f in files:
                add(f, path)
        else:
            add(path, None)  # a missing file is reported by its own job, in the table
    return found


def is_batch(inputs: list[Path]) -> bool:
    """Many files, a folder or a pattern: the batch form of a command."""
    return len(inputs) > 1 or any(p.is_dir() or (glob.has_magic(str(p)) and not p.exists()) for p in inputs)


def out_folder(output: Path | None) -> Path:
    """-o in a batch names a folder (made if missing); without it, the current folder."""
    folder = output or Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise DraftkitError(f"处理多个文件时，-o 应当是一个文件夹，{folder} 是一个文件")
    if folder.suffix.lower() == ".docx" and not folder.exists():
        raise DraftkitError(f"处理多个文件时，-o 应当是一个文件夹（输出文件按输入文件命名），而不是 {folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DraftkitError(f"无法建立输出文件夹 {folder}：{os_reason(exc)}") from None
    return folder


def output_for(src: Source, out_dir: Path, *, suffix: str = ".docx", tail: str = "") -> Path:
    """<out_dir>/<sub-folders as found>/<input name><tail><suffix>."""
    rel = src.path.relative_to(src.base).parent if src.base else Path()
    return out_dir / rel / f"{src.path.stem}{tail}{suffix}"


def unique_outputs(pairs: list[tuple[Source, Path]]) -> list[tuple[Source, Path]]:
    """Two inputs with the same name from different places get 名称-2.docx, 名称-3.docx…; an
    output that would land on an input gets 名称-排版.docx."""
    inputs = {s.path.resolve() for s, _ in pairs}
    taken: set[Path] = set()
    out = []
    for src, path in pairs:
        candidate = path
        if candidate.resolve() in inputs:
            candidate = candidate.with_name(f"{path.stem}-排版{path.suffix}")
        n = 2
        while candidate.resolve() in taken:
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
            n += 1
        taken.add(candidate.resolve())
        out.append((src, candidate))
    return out


def workers_for(jobs: int, requested: int | None = None) -> int:
    cores = os.cpu_count() or 1
    return max(1, min(jobs, requested or cores))


def run(task: Callable, items: list, *, workers: int = 1) -> Iterator[Outcome]:
    """task(item) -> Outcome for every item, on `workers` processes; outcomes as they finish.

    task must be a module-level function (or a functools.partial of one) so that it can be
    sent to another process.  Anything it raises becomes a failed Outcome for its item."""
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield _guarded(task, item)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver (POSIX) / spawn (Windows): no fork of a process that already runs threads
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["draftkit.batch", "draftkit.tasks"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(_guarded, task, item): item for item in items}
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _guarded(task: Callable, item) -> Outcome:
    try:
        return task(item)
    except DraftkitError as exc:
        return Outcome(source_of(item), False, message=exc.message)
    except Exception as exc:  # a bug in one file's job must not end the others
        return Outcome(source_of(item), False, internal=True,
                       message=f"内部错误（{type(exc).__name__}），draftkit 自身出了问题，请把这个文件发给维护人员")


def source_of(item) -> Path:
    """The input file of a job: a Source, or the Source of a (Source, output) pair."""
    return item[0].path if isinstance(item, tuple) else getattr(item, "path", Path(str(item)))
