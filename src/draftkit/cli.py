"""Command-line interface.  A thin layer: every decision lives in the library."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from draftkit.cli_out import console, error, note, say
from draftkit.cli_usage import ChineseGroup

app = typer.Typer(
    cls=ChineseGroup,
    help="draftkit：按 GB/T 9704-2012 起草、转换、检查公文格式的 Word 文档（工作总结、工作要点、工作计划）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Genre(str, Enum):
    summary = "summary"
    plan = "plan"


def _fail(message: str, code: int = 2) -> None:
    error(message)
    raise typer.Exit(code)


TEMPLATE_HELP = "所用模板：模板名（见 draftkit template list）或模板文件夹的路径；不写时按 GB/T 9704 默认版式"


def _build(kind: str, input_path: Path, output: Optional[Path], pdf: bool, template: Optional[str] = None) -> None:
    from draftkit.errors import DraftkitError
    from draftkit.files import default_output
    from draftkit.loader import load
    from draftkit.schema import build
    from draftkit.tasks import profile_for
    from draftkit.writer import write_docx

    try:
        if pdf:
            from draftkit.render import require_soffice

            require_soffice()
        loaded = load(input_path)
        profile = profile_for(template)
        doc = build(loaded, kind, profile=profile)
        for w in loaded.warnings:
            note(w)
        out = output or default_output(doc.meta.title_text)
        written = write_docx(doc, profile, out, inputs=[input_path])
        _finish(written, pdf)
    except DraftkitError as exc:
        _fail(exc.message, exc.exit_code)


PDF_HELP = "同时用 LibreOffice 生成 PDF（需要已安装 LibreOffice；多个文件时一次生成）"
GLOB_HELP = "输入是文件夹时只处理名称符合这个通配符的文件，如 \"*总结*.yaml\""
JOBS_HELP = "处理多个文件时同时处理几个（默认用上全部 CPU 核）"


INPUTS_HELP = "输入文件（YAML 或 JSON）；可以给多个文件、文件夹或通配符（如 各校/*.yaml），一次排好"
OUTPUT_HELP = ("输出的 .docx 文件；不写时用标题作文件名，存在当前文件夹。"
               "处理多个文件时是输出文件夹，每个输出与输入同名")


def _build_cmd(kind: str, inputs: list[Path], output, pdf, template, pattern, jobs) -> None:
    from draftkit.batch import is_batch
    from draftkit.cli_batch import build_many

    if is_batch(inputs):
        build_many(kind, inputs, output, template, pdf, pattern, jobs)
    _build(kind, inputs[0], output, pdf, template)


@app.command("summary", help="把工作总结的结构化数据（YAML/JSON）排成公文格式的 .docx；可一次处理多个文件或整个文件夹。")
def summary_cmd(
    inputs: list[Path] = typer.Argument(..., help=INPUTS_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    template: Optional[str] = typer.Option(None, "--template", "-t", help=TEMPLATE_HELP),
    pattern: Optional[str] = typer.Option(None, "--glob", help=GLOB_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
) -> None:
    _build_cmd("summary", inputs, output, pdf, template, pattern, jobs)


@app.command("plan", help="把工作要点、工作计划的提纲数据（YAML/JSON）排成公文格式的 .docx；可一次处理多个文件或整个文件夹。")
def plan_cmd(
    inputs: list[Path] = typer.Argument(..., help=INPUTS_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    template: Optional[str] = typer.Option(None, "--template", "-t", help=TEMPLATE_HELP),
    pattern: Optional[str] = typer.Option(None, "--glob", help=GLOB_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
) -> None:
    _build_cmd("plan", inputs, output, pdf, template, pattern, jobs)


class NumberingMode(str, Enum):
    restart = "restart"
    keep = "keep"
    continuous = "continuous"


def _parse_date_option(value: str | None):
    if value is None:
        return None
    from draftkit.dates import NoSuchDay, NotADate, typed_date

    try:
        return typed_date(value)
    except NoSuchDay:
        _fail(f"--date 的值「{value}」不是一个存在的日期")
    except NotADate:
        _fail(f"--date 的值「{value}」不是日期，请写成 2025-01-10 或 2025年1月10日")


def _write_text_atomic(path: Path, text: str, inputs: list[Path]) -> Path:
    from draftkit.files import atomic_write

    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), inputs=inputs,
                        what="报告文件")


def _finish(written: Path, pdf: bool) -> None:
    say(f"已生成：{written}")
    if pdf:
        from draftkit.render import docx_to_pdf

        with console().status("正在用 LibreOffice 生成 PDF…"):
            (pdf_path,) = docx_to_pdf(written, written.parent)
        say(f"已生成：{pdf_path}")


def _print_convert_report(result, full: bool) -> None:
    """What convert found and did: a summary on stderr, or with `full` (--dry-run) the frame,
    the outline as a tree and every change, on stdout."""
    from draftkit.convert.report import KINDS

    rep = result.report
    doc = result.document
    meta = doc.meta
    head = [f"标题：{meta.title_text}"]
    if meta.label:
        head.insert(0, f"附件标签：{meta.label}")
    if meta.recipient:
        head.append(f"主送：{meta.recipient}")
    if meta.org:
        head.append(f"署名：{meta.org}")
    if meta.date:
        from draftkit.dates import format_date

        head.append(f"日期：{format_date(meta.date)}")
    for remark in meta.notes:
        head.append(f"附注：{remark}")
    if doc.attachments:
        head.append("附件：" + "；".join(a.title + ("" if a.included else "（仅附件说明）") for a in doc.attachments))
    if full:
        from rich.markup import escape
        from rich.tree import Tree

        out = console(stderr=False)
        out.print("[bold]识别出的文档框架[/bold]（括号内为原文第几行）")
        part = None
        for e in rep.frame_in_order():
            label = e.part if e.part != part else ""
            part = e.part
            where = f"第 {e.line} 行" if e.line is not None else "命令行"
            out.print(f"  {label.ljust(4, '　')}  {escape(e.what)}：{escape(e.text)}  [dim]（{where}）[/dim]",
                          soft_wrap=True)
        if not rep.frame:
            out.print("  （没有识别出标题、主送、落款等要素）")
        tree = Tree("正文结构（编号为转换后的编号，括号内为原文第几行、原编号）")
        nodes = {-99: tree}
        for e in rep.outline:
            parent = nodes[max(k for k in nodes if k < e.rank)]
            source = f"第 {e.line} 行" + (f"，原编号 {e.marker}" if e.marker else "，原无编号")
            title = e.title if len(e.title) <= 30 else e.title[:29] + "…"
            gap = "\u3000" if e.division else ""
            nodes[e.rank] = parent.add(f"{escape(e.number + gap + title)}  [dim]（{source}）[/dim]")
            for deeper in [k for k in nodes if k > e.rank]:
                del nodes[deeper]
        out.print()
        out.print(tree)
        removed = rep.removed()
        out.print()
        out.print(f"[bold]删去的行，共 {len(removed)} 处[/bold]（按原文行号）" if removed
                      else "[bold]没有删去任何行[/bold]")
        for c in sorted(removed, key=lambda c: (c.line is None, c.line or 0)):
            where = "命令行" if c.line is None else f"第 {c.line} 行"
            out.print(f"{where}  [cyan]{escape(c.message)}[/cyan]：{escape(c.before or '')}", soft_wrap=True)
        others = rep.edits()
        if others:
            out.print()
            out.print(f"[bold]其他改动，共 {len(others)} 处[/bold]（按原文行号）")
            for c in sorted(others, key=lambda c: (c.line is None, c.line or 0)):
                where = "命令行" if c.line is None else f"第 {c.line} 行"
                out.print(f"{where}  [cyan]{KINDS.get(c.kind, c.kind)}[/cyan]  {escape(c.message)}", soft_wrap=True)
                if c.before is not None and c.after is not None and c.before != c.after:
                    out.print(f"    原文：{escape(c.before)}", soft_wrap=True)
                    out.print(f"    改为：{escape(c.after)}", soft_wrap=True)
                elif c.before:
                    out.print(f"    {escape(c.before)}", soft_wrap=True)
    else:
        say("；".join(head))
        counts = rep.counts()
        say("标题层级：" + ("，".join(f"{name} {n} 个" for name, n in rep.outline_counts()) or "无"))
        done = [f"{KINDS.get(k, k)} {v} 处" for k, v in counts.items() if k != "frame"]
        say("处理：" + ("，".join(done) if done else "没有需要清理或改动的地方"))
    for w in rep.warnings:
        note(w, err=not full)
    dups = [c for c in rep.changes if c.kind == "duplicate"]
    if dups and not full:
        note(f"有 {len(dups)} 段与前文重复（第 " + "、".join(str(c.line) for c in dups[:5])
             + (" 等" if len(dups) > 5 else "") + " 行），可能粘贴了两遍，请核对；用 --dry-run 查看全部")


@app.command(
    "convert",
    help="把现成的提纲或草稿（.txt、.md、.docx）转成编号规范、格式合规的公文 .docx："
    "识别标题和层级，重排编号，清除网页杂项和页码，合并断行，统一标点。",
)
def convert_cmd(
    inputs: list[Path] = typer.Argument(
        ..., help="输入文件：.txt（自动识别 UTF-8/GBK/Big5 编码）、.md 或 .docx；可以给多个文件、文件夹或通配符",
        show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    title: Optional[str] = typer.Option(None, "--title", help="标题（不写时从原文识别）"),
    org: Optional[str] = typer.Option(None, "--org", help="发文机关署名（不写时从原文末尾识别）"),
    date: Optional[str] = typer.Option(None, "--date", help="成文日期，如 2025-01-10（不写时从原文末尾识别）"),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="主送机关，如“各乡镇（街道）中心学校”"),
    numbering: Optional[NumberingMode] = typer.Option(
        None, "--numbering",
        help="restart：各级编号在上级下重新从 1 开始（默认）；keep：保留原文的编号数字；continuous：三级编号全文连续",
    ),
    template: Optional[str] = typer.Option(None, "--template", "-t", help=TEMPLATE_HELP),
    simplified: bool = typer.Option(False, "--simplified", help="繁体字转为简体字"),
    drop_objects: bool = typer.Option(
        False, "--drop-objects",
        help="原文 .docx 中新文档带不过去的内容（图形、图表、脚注、批注、合并单元格等）不要了：照常转换，"
        "并逐项列出没有带过去的内容。不加时遇到这些内容不写文件",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示识别出的结构和全部改动，不写文件"),
    report: Optional[Path] = typer.Option(None, "--report", help="把改动清单写成 JSON 文件"),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
    pattern: Optional[str] = typer.Option(None, "--glob", help=GLOB_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
) -> None:
    from draftkit.batch import is_batch
    from draftkit.cli_batch import convert_many
    from draftkit.errors import DraftkitError

    when = _parse_date_option(date)
    if is_batch(inputs):
        given = [name for name, value in (("--title", title), ("--dry-run", dry_run), ("--report", report)) if value]
        if given:
            _fail(f"一次转换多个文件时不能用 {'、'.join(given)}（它们只对一个文件有意义）")
        convert_many(inputs, output, {"template": template, "org": org, "date": when, "recipient": recipient,
                                      "numbering": numbering.value if numbering else None,
                                      "simplified": simplified, "drop_objects": drop_objects}, pdf, pattern, jobs)
    input = inputs[0]
    try:
        if pdf:
            from draftkit.render import require_soffice

            require_soffice()
        from draftkit.convert import convert
        from draftkit.tasks import profile_for

        profile = profile_for(template)
        result = convert(input, title=title, org=org, date=when, recipient=recipient,
                         numbering=numbering.value if numbering else None, simplified=simplified, profile=profile,
                         drop_objects=drop_objects)
        if dry_run:
            _print_convert_report(result, full=True)
            if report:
                written = _write_text_atomic(report, result.report.to_json(), [input])
                say(f"已写出改动清单：{written}")
            return
        from draftkit.files import default_output
        from draftkit.writer import write_docx

        out = output or default_output(result.document.meta.title_text)
        if output is None and out.resolve() == input.resolve():
            out = out.with_name(f"{out.stem}-排版.docx")
        _print_convert_report(result, full=False)
        written = write_docx(result.document, profile, out, inputs=[input])
        if report:
            rep_path = _write_text_atomic(report, result.report.to_json(), [input, written])
            say(f"已写出改动清单：{rep_path}")
        _finish(written, pdf)
    except DraftkitError as exc:
        _fail(exc.message, exc.exit_code)


@app.command("new", help="输出一个带注释的输入模板，填好后交给 summary 或 plan：draftkit new summary > 我的总结.yaml")
def new_cmd(kind: Genre = typer.Argument(..., help="summary（工作总结）或 plan（工作要点/计划）")) -> None:
    from importlib.resources import files

    text = files("draftkit").joinpath("skeletons", f"{kind.value}.yaml").read_text(encoding="utf-8")
    out = sys.stdout
    try:
        out.buffer.write(text.encode("utf-8"))
        out.flush()
    except AttributeError:  # pragma: no cover - stdout replaced by a text-only stream
        out.write(text)


from draftkit.cli_check import check_cmd  # noqa: E402 - registered after the app exists
from draftkit.cli_serve import serve_cmd  # noqa: E402
from draftkit.cli_template import template_app  # noqa: E402

app.add_typer(template_app, name="template")
app.command(
    "check",
    help="检查 Word 文档（或 .txt）是否符合 GB/T 9704 和公文写作习惯，列出每处问题及改法；"
    "--fix 写出改正后的副本。退出码：0 没有问题，1 有问题，2 文件无法读取。",
)(check_cmd)
app.command("serve", help="在本机打开 draftkit 网页：排版、总结/要点、检查、模板都可以在浏览器里完成，不用命令行。")(serve_cmd)


def _show_version(value: bool) -> None:
    if value:
        from draftkit import __version__

        typer.echo(f"draftkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="显示版本号", is_eager=True, callback=_show_version),
) -> None:
    """draftkit：按 GB/T 9704-2012 起草公文格式的 Word 文档（工作总结、工作要点、工作计划）。"""


INTERNAL_ERROR = 3  # 0 done, 1 check found problems, 2 input refused, 3 a bug in draftkit


class _Terminated(BaseException):
    """SIGTERM/SIGHUP as an exception, so every `finally` (temp files) runs before exit."""

    def __init__(self, signum: int):
        self.signum = signum


def _on_signal(signum, frame) -> None:
    raise _Terminated(signum)


def main() -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_signal)
    try:
        app()
    except KeyboardInterrupt:
        say("已取消")
        sys.exit(130)
    except _Terminated as stop:
        say("已中止（收到结束信号），没有留下写了一半的文件")
        sys.exit(128 + stop.signum)
    except Exception:  # an internal bug, not a user error
        if os.environ.get("DRAFTKIT_DEBUG"):
            raise
        import traceback

        say(("内部错误", "bold red"), "：draftkit 自身出了问题（不是您的输入有误）。"
            "请把下面的信息和输入文件发给维护人员；设置 DRAFTKIT_DEBUG=1 可看到完整信息。")
        say(traceback.format_exc(limit=1).strip().splitlines()[-1])
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
