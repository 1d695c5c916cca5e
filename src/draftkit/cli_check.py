"""`draftkit check`: list the format mistakes of Word documents; --fix writes a corrected copy."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Optional

import typer

from draftkit.cli_out import console, error, findings, note, say


def check_cmd(
    files: list[Path] = typer.Argument(
        ..., help="要检查的 .docx（或 .txt）文件；可以给多个文件、文件夹或通配符（如 来文/*.docx）", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果（写到标准输出）"),
    fix: bool = typer.Option(False, "--fix", help="写出改正后的副本（原文件不动），并列出每一处改动"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output",
        help="--fix 的输出文件；不写时为“原文件名-已修正.docx”。处理多个文件时是输出文件夹"),
    template: Optional[str] = typer.Option(
        None, "--template", "-t",
        help="按哪个模板检查（页边距、行数字数、字体字号、页码、红头颜色），--fix 也按它排版；默认 GB/T 9704"),
    pattern: Optional[str] = typer.Option(None, "--glob", help="输入是文件夹时只检查名称符合这个通配符的文件"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="同时检查几个文件（默认用上全部 CPU 核）"),
) -> None:
    from draftkit import batch, tasks
    from draftkit.cli_batch import exit_code, run_with_progress
    from draftkit.errors import DraftkitError

    many = batch.is_batch(files)
    try:
        profile = tasks.profile_for(template)
        sources = batch.find_inputs(files, batch.INPUT_SUFFIXES["check"], pattern)
    except DraftkitError as exc:
        error(exc.message)
        raise typer.Exit(exc.exit_code)
    if fix and many:
        _fix_many(sources, output, template, jobs)
    if fix:
        try:
            code = _fix(files[0], output, profile, as_json)
        except DraftkitError as exc:
            error(exc.message)
            raise typer.Exit(exc.exit_code)
        raise typer.Exit(code)
    task = partial(tasks.check_one, template)
    outcomes = run_with_progress(task, sources, jobs, "检查") if many and not as_json else \
        list(batch.run(task, sources, workers=batch.workers_for(len(sources), jobs)))
    results = [o.payload for o in outcomes if o.ok]
    unreadable = [(o.source, o.message) for o in outcomes if not o.ok]
    if as_json:
        data = [r.to_dict() for r in results] + [{"file": str(f), "error": m} for f, m in unreadable]
        import json

        sys.stdout.write(json.dumps(data if many else data[0], ensure_ascii=False, indent=2) + "\n")
    else:
        out = console(stderr=False) if many else None  # rich only for the rules and the table
        for r in results:
            if many:
                out.rule(str(r.path))
            if r.clean:
                say(f"{r.path}：没有发现格式问题。", err=False)
            else:
                findings(r)
                c = r.counts()
                say(f"{r.path}：共 {len(r.findings)} 处（错误 {c['错误']}，警告 {c['警告']}，提示 {c['提示']}）。"
                    "用 --fix -o 新文件.docx 可写出改正后的副本。", err=False)
        for f, m in unreadable:
            error(m)
        if many:
            from rich.table import Table

            table = Table(title="检查结果汇总")
            table.add_column("文件")
            table.add_column("错误", justify="right")
            table.add_column("警告", justify="right")
            table.add_column("提示", justify="right")
            for r in results:
                c = r.counts()
                table.add_row(str(r.path), str(c["错误"]), str(c["警告"]), str(c["提示"]))
            for f, _ in unreadable:
                table.add_row(str(f), "无法读取", "", "")
            out.print(table)
    raise typer.Exit(exit_code(outcomes, findings=True))


def _fix_many(sources, output: Optional[Path], template: Optional[str], jobs: Optional[int]) -> None:
    """--fix over many files: corrected copies named 原名-已修正.docx in the -o folder (or
    beside each original), a table of what still needs a person."""
    from draftkit import batch, tasks
    from draftkit.cli_batch import exit_code, print_notes, run_with_progress
    from draftkit.errors import DraftkitError

    try:
        folder = batch.out_folder(output) if output else None
    except DraftkitError as exc:
        error(exc.message)
        raise typer.Exit(exc.exit_code)
    jobs_list = [(s, batch.output_for(s, folder, tail="-已修正") if folder
                  else s.path.with_name(f"{s.path.stem}-已修正.docx")) for s in sources]
    outcomes = run_with_progress(partial(tasks.fix_one, template), batch.unique_outputs(jobs_list), jobs, "修正")
    from rich.table import Table

    table = Table(title="修正结果")
    for name in ("文件", "副本", "仍需人工处理"):
        table.add_column(name, overflow="fold")
    for o in outcomes:
        if o.ok:
            left = sum(o.counts.values())
            table.add_row(str(o.source), str(o.output), f"{left} 处" if left else "[green]无[/green]")
        else:
            table.add_row(str(o.source), "[bold red]失败[/bold red]", o.message)
    console(stderr=False).print(table)
    print_notes(outcomes, err=False)
    raise typer.Exit(exit_code(outcomes, findings=True))


def _fix(src: Path, output: Optional[Path], profile, as_json: bool) -> int:
    """Write the corrected copy (check.fix); report what was fixed, every text edit, the
    inventory of what the document holds before and after, and what still needs a person."""
    from draftkit.check import RULES
    from draftkit.check.fix import ITEMS, fix_and_check

    out = output or src.with_name(f"{src.stem}-已修正.docx")
    report = fix_and_check(src, out, profile)
    result, after, fixed, kept = report.result, report.after, report.fixed, report.inventoried
    if as_json:
        import json

        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0 if after.clean else 1
    say(f"已写出改正后的副本：{result.output}（原文件未改动）", err=False)
    if fixed:
        say((f"改正的问题 {len(fixed)} 处：", "bold"), err=False)
        for f in fixed:
            where = f"第 {f.para} 段" if f.para else "全文"
            say(f"  {where}  {RULES[f.rule][1]}：{f.message}", err=False)
    if result.edits:
        say((f"文字上的改动 {len(result.edits)} 处：", "bold"), err=False)
        for e in result.edits:
            where = f"第 {e.para} 段  " if e.para else ""
            detail = f"“{e.before}” → “{e.after}”" if e.before else f"加上“{e.after}”"
            say(f"  {where}{e.what}：{detail}", err=False)
    for remark in result.notes:
        note(remark, err=False)
    if kept:
        shown = [k for k in ITEMS if result.before.get(k) or result.after.get(k)]
        say(("内容清点（原文 → 副本）：", "bold"), "，".join(
            f"{ITEMS[k]} {result.before.get(k, 0)} → {result.after.get(k, 0)}" for k in shown), err=False)
        say("图片、图形、文本框、表格（含合并单元格）、脚注、域和超链接都原样保留，没有丢失内容"
            + ("；字符数的变化就是上面列出的文字改动" if result.edits else ""), err=False)
    if after.findings:
        say((f"仍需人工处理 {len(after.findings)} 处：", "yellow"), err=False)
        findings(after)
        return 1
    say("副本检查通过，没有格式问题。", err=False)
    return 0
