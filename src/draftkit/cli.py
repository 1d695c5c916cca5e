"""Command-line interface.  A thin layer: every decision lives in the library."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    help="draftkit：按 GB/T 9704-2012 起草公文格式的 Word 文档（工作总结、工作要点、工作计划）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Genre(str, Enum):
    summary = "summary"
    plan = "plan"


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 2) -> None:
    _console().print(f"[bold red]错误：[/bold red]{message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def default_output(title: str) -> Path:
    name = _UNSAFE.sub("", title).strip().strip(".") or "文档"
    return Path.cwd() / f"{name}.docx"


def _build(kind: str, input_path: Path, output: Optional[Path], pdf: bool) -> None:
    from draftkit.errors import DraftkitError
    from draftkit.loader import load
    from draftkit.profile import default_profile
    from draftkit.schema import build
    from draftkit.writer import write_docx

    console = _console()
    try:
        loaded = load(input_path)
        profile = default_profile()
        doc = build(loaded, kind, profile.phrases_dir)
        for w in loaded.warnings:
            console.print(f"[yellow]注意：[/yellow]{w}", soft_wrap=True)
        out = output or default_output(doc.meta.title_text)
        written = write_docx(doc, profile, out, inputs=[input_path])
        console.print(f"已生成：{written}", soft_wrap=True)
        if pdf:
            from draftkit.render import docx_to_pdf

            (pdf_path,) = docx_to_pdf(written, written.parent)
            console.print(f"已生成：{pdf_path}", soft_wrap=True)
    except DraftkitError as exc:
        _fail(exc.message, exc.exit_code)


INPUT_HELP = "输入文件（YAML 或 JSON）"
OUTPUT_HELP = "输出的 .docx 文件；不写时用标题作文件名，存在当前文件夹"
PDF_HELP = "同时用 LibreOffice 生成 PDF（需要已安装 LibreOffice）"


@app.command("summary", help="把工作总结的结构化数据（YAML/JSON）排成公文格式的 .docx。")
def summary_cmd(
    input: Path = typer.Argument(..., help=INPUT_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
) -> None:
    _build("summary", input, output, pdf)


@app.command("plan", help="把工作要点、工作计划的提纲数据（YAML/JSON）排成公文格式的 .docx。")
def plan_cmd(
    input: Path = typer.Argument(..., help=INPUT_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    pdf: bool = typer.Option(False, "--pdf", help=PDF_HELP),
) -> None:
    _build("plan", input, output, pdf)


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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _console().print("已取消")
        sys.exit(130)
    except Exception:  # an internal bug, not a user error
        if os.environ.get("DRAFTKIT_DEBUG"):
            raise
        import traceback

        _console().print(
            "[bold red]内部错误[/bold red]：draftkit 自身出了问题（不是您的输入有误）。"
            "请把下面的信息和输入文件发给维护人员；设置 DRAFTKIT_DEBUG=1 可看到完整信息。",
            soft_wrap=True,
        )
        _console().print(traceback.format_exc(limit=1).strip().splitlines()[-1], markup=False)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
