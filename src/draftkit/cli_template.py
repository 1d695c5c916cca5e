"""`draftkit template list|show|init|check`: set a bureau up once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from draftkit.cli_out import error, note, say

template_app = typer.Typer(
    help="管理单位模板：字体、页边距、署名、主送、红头、版记、固定用语。",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _fail(message: str, code: int = 2) -> None:
    error(message)
    raise typer.Exit(code)


@template_app.command("list", help="列出可用的模板（当前文件夹、用户配置、内置），并说明各自在哪里。")
def list_cmd() -> None:
    from draftkit.template import list_templates, search_dirs

    templates = list_templates()
    say(f"可用模板 {len(templates)} 个（同名时排在前面的优先）：", err=False)
    for t in templates:
        extends = "—" if t.name == "default" and t.where == "内置" else (t.extends or "default")
        flag = ("  ", ("（被前面的同名模板覆盖，不会用到）", "dim")) if t.shadowed else ()
        say((t.name, "bold"), f"  {t.where}  继承：{extends}", *flag, err=False)
        if t.description:
            say(f"    {t.description}", err=False)
        say("    ", (str(t.path), "dim"), err=False)
    say("查找顺序：--template 给出的路径，" + "，".join(f"{w}（{p}）" for w, p in search_dirs()), err=False)


@template_app.command("show", help="显示模板的实际设置，每一项注明来自哪一层模板。")
def show_cmd(name: str = typer.Argument(..., help="模板名或模板文件夹路径")) -> None:
    from draftkit.errors import DraftkitError

    try:
        from draftkit.template import describe

        lines = describe(name)
    except DraftkitError as exc:
        _fail(exc.message)
    for line in lines:
        say(line, err=False)


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
    say(f"已新建模板：{folder}")
    if learned:
        say("从样稿读到：" + "；".join(learned))
    say(f"请编辑 {folder / 'template.yaml'}，然后运行 draftkit template check {folder}")


@template_app.command("check", help="检查模板的每一项设置，列出全部问题；有问题时退出码为 1。")
def check_cmd(name: str = typer.Argument(..., help="模板名或模板文件夹路径")) -> None:
    from draftkit.template import check_template

    problems, warnings = check_template(name)
    for w in warnings:
        note(w, err=False)
    for p in problems:
        say(("问题：", "bold red"), p, err=False)
    if problems:
        say(f"共 {len(problems)} 个问题。", err=False)
        raise typer.Exit(1)
    say("模板没有问题。" + (f"（{len(warnings)} 条注意事项）" if warnings else ""), err=False)
