"""`draftkit template list|show|init|check`: set a bureau up once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

template_app = typer.Typer(
    help="管理单位模板：字体、页边距、署名、主送、红头、版记、固定用语。",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _fail(message: str, code: int = 2) -> None:
    _console(True).print(f"[bold red]错误：[/bold red]{message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


@template_app.command("list", help="列出可用的模板（当前文件夹、用户配置、内置），并说明各自在哪里。")
def list_cmd() -> None:
    from rich.markup import escape

    from draftkit.template import list_templates, search_dirs

    console = _console()
    templates = list_templates()
    console.print(f"可用模板 {len(templates)} 个（同名时排在前面的优先）：")
    for t in templates:
        extends = "—" if t.name == "default" and t.where == "内置" else (t.extends or "default")
        flag = "  [dim]（被前面的同名模板覆盖，不会用到）[/dim]" if t.shadowed else ""
        console.print(f"[bold]{escape(t.name)}[/bold]  {t.where}  继承：{escape(extends)}{flag}", soft_wrap=True)
        if t.description:
            console.print(f"    {escape(t.description)}", soft_wrap=True)
        console.print(f"    [dim]{escape(str(t.path))}[/dim]", soft_wrap=True)
    console.print("查找顺序：--template 给出的路径，" + "，".join(f"{w}（{p}）" for w, p in search_dirs()), soft_wrap=True)


@template_app.command("show", help="显示模板的实际设置，每一项注明来自哪一层模板。")
def show_cmd(name: str = typer.Argument(..., help="模板名或模板文件夹路径")) -> None:
    from draftkit.errors import DraftkitError

    try:
        from draftkit.template import describe

        lines = describe(name)
    except DraftkitError as exc:
        _fail(exc.message)
    console = _console()
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)


@template_app.command("init", help="在 ./templates/ 下新建一个模板文件夹，供编辑；--from 从样稿学习页面和字体。")
def init_cmd(
    name: str = typer.Argument(..., help="新模板的名称，通常用单位名称"),
    from_docx: Optional[Path] = typer.Option(None, "--from", help="一份本单位排好的 .docx 样稿，从中读取页边距、字体和字号"),
    extends: str = typer.Option("default", "--extends", help="在哪个模板的基础上改（如 红头文件）"),
    directory: Path = typer.Option(Path("templates"), "--dir", help="模板放在哪个文件夹（默认 ./templates）"),
) -> None:
    from draftkit.errors import DraftkitError

    try:
        from draftkit.template import init_template

        folder, learned = init_template(name, directory, extends=extends, sample=from_docx)
    except DraftkitError as exc:
        _fail(exc.message)
    console = _console(True)
    console.print(f"已新建模板：{folder}", soft_wrap=True)
    if learned:
        console.print("从样稿读到：" + "；".join(learned), soft_wrap=True)
    console.print(f"请编辑 {folder / 'template.yaml'}，然后运行 draftkit template check {folder}", soft_wrap=True)


@template_app.command("check", help="检查模板的每一项设置，列出全部问题；有问题时退出码为 1。")
def check_cmd(name: str = typer.Argument(..., help="模板名或模板文件夹路径")) -> None:
    from draftkit.template import check_template

    problems, warnings = check_template(name)
    out = _console()
    for w in warnings:
        out.print(f"[yellow]注意：[/yellow]{w}", soft_wrap=True)
    for p in problems:
        out.print(f"[bold red]问题：[/bold red]{p}", soft_wrap=True)
    if problems:
        out.print(f"共 {len(problems)} 个问题。", soft_wrap=True)
        raise typer.Exit(1)
    out.print("模板没有问题。" + (f"（{len(warnings)} 条注意事项）" if warnings else ""), soft_wrap=True)
