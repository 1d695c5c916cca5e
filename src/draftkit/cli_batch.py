"""What a many-file run shows: a progress bar (文件 N/M), the closing table, the PDF step.
The work itself is draftkit.batch and draftkit.tasks."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable, Optional

import typer

from draftkit.cli_out import console as _console
from draftkit.cli_out import error, note, say


def run_with_progress(task: Callable, items: list, jobs: Optional[int], what: str):
    """Run task over items on a process pool with a progress bar; the outcomes in input order."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from draftkit import batch

    workers = batch.workers_for(len(items), jobs)
    by_source = {batch.source_of(item): i for i, item in enumerate(items)}
    outcomes: list = [None] * len(items)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_console(), transient=True) as progress:
        bar = progress.add_task(f"{what}（{workers} 个进程）", total=len(items))
        for outcome in batch.run(task, items, workers=workers):
            outcomes[by_source[outcome.source]] = outcome
            progress.update(bar, advance=1, description=f"{what} {outcome.source.name}")
    return outcomes


def report_table(outcomes, title: str) -> None:
    """Every file with its result; errors in full."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    table.add_column("文件")
    table.add_column("结果")
    table.add_column("输出 / 原因", overflow="fold")
    for o in outcomes:
        if o.ok:
            table.add_row(escape(str(o.source)), "[green]完成[/green]", escape(str(o.output)))
        else:
            table.add_row(escape(str(o.source)), "[bold red]失败[/bold red]", escape(o.message))
    _console().print(table)
    print_notes(outcomes)
    failed = sum(1 for o in outcomes if not o.ok)
    say(f"共 {len(outcomes)} 个文件：完成 {len(outcomes) - failed} 个" + (f"，失败 {failed} 个" if failed else ""))


def print_notes(outcomes, err: bool = True) -> None:
    """Each file's warnings, after the table, the file named in each."""
    for o in outcomes:
        for remark in o.notes:
            note(f"{o.source}：{remark}", err=err)


def make_pdfs(outputs: list[Path]) -> None:
    """All PDFs in one LibreOffice call per output folder, with its own progress line."""
    from draftkit.render import docx_to_pdf

    by_folder: dict[Path, list[Path]] = {}
    for path in outputs:
        by_folder.setdefault(path.parent, []).append(path)
    with _console().status(f"正在用 LibreOffice 生成 PDF（{len(outputs)} 个文件）…"):
        for folder, files in by_folder.items():
            docx_to_pdf(files, folder, timeout=60 + 20 * len(files))
    say(f"已生成 {len(outputs)} 个 PDF")


def build_many(kind: str, inputs: list[Path], output: Optional[Path], template: Optional[str], pdf: bool,
               pattern: Optional[str], jobs: Optional[int]) -> None:
    """summary / plan over many files."""
    from draftkit import batch, tasks
    from draftkit.errors import DraftkitError

    try:
        _ready(pdf)
        tasks.profile_for(template)  # a bad template stops the run before any work
        sources = batch.find_inputs(inputs, batch.INPUT_SUFFIXES[kind], pattern)
        folder = batch.out_folder(output)
    except DraftkitError as exc:
        _fail(exc)
    jobs_list = batch.unique_outputs([(s, batch.output_for(s, folder)) for s in sources])
    outcomes = run_with_progress(partial(tasks.build_one, kind, template), jobs_list, jobs, "排版")
    finish(outcomes, pdf, "排版结果")


def convert_many(inputs: list[Path], output: Optional[Path], options: dict, pdf: bool,
                 pattern: Optional[str], jobs: Optional[int]) -> None:
    from draftkit import batch, tasks
    from draftkit.errors import DraftkitError

    try:
        _ready(pdf)
        tasks.profile_for(options.get("template"))
        sources = batch.find_inputs(inputs, batch.INPUT_SUFFIXES["convert"], pattern)
        folder = batch.out_folder(output)
    except DraftkitError as exc:
        _fail(exc)
    jobs_list = batch.unique_outputs([(s, batch.output_for(s, folder)) for s in sources])
    outcomes = run_with_progress(partial(tasks.convert_one, options), jobs_list, jobs, "转换")
    finish(outcomes, pdf, "转换结果")


def finish(outcomes, pdf: bool, title: str) -> None:
    from draftkit.errors import DraftkitError

    report_table(outcomes, title)
    done = [o.output for o in outcomes if o.ok]
    if pdf and done:
        try:
            make_pdfs(done)
        except DraftkitError as exc:
            _fail(exc)
    raise typer.Exit(exit_code(outcomes))


def exit_code(outcomes, findings: bool = False) -> int:
    """3 if draftkit itself failed on a file, 2 if a file was refused, 1 if (check) problems
    were found, else 0."""
    if any(o.internal for o in outcomes):
        return 3
    if any(not o.ok for o in outcomes):
        return 2
    return 1 if findings and any(sum(o.counts.values()) for o in outcomes) else 0


def _ready(pdf: bool) -> None:
    if pdf:
        from draftkit.render import require_soffice

        require_soffice()


def _fail(exc) -> None:
    error(exc.message)
    raise typer.Exit(exc.exit_code)
