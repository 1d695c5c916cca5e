"""Mistakes in how a command is typed — an unknown option, a file name left out, a value out
of range — said in Chinese.  click words them in English; the app's group catches them here
and says what was wrong, how the command is written, and where its help is."""

from __future__ import annotations

import re
import sys
from difflib import get_close_matches

import click
from typer.core import TyperGroup


class ChineseGroup(TyperGroup):
    """The top-level group: runs as typer does, but shows usage errors in Chinese."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                              standalone_mode=False, **extra)
        except (click.ClickException, click.Abort) as exc:
            if not standalone_mode:
                raise
            sys.exit(_show(exc))
        if not standalone_mode:
            return rv
        # in non-standalone mode click returns an Exit's code (typer.Exit(1)) as the result
        sys.exit(rv if isinstance(rv, int) else 0)


def _show(exc: click.ClickException | click.Abort) -> int:
    """Print what went wrong; the exit code."""
    if isinstance(exc, click.Abort):
        sys.stderr.write("已取消\n")
        return 1
    if isinstance(exc, click.UsageError) and not isinstance(exc, click.exceptions.NoArgsIsHelpError):
        sys.stderr.write(describe(exc))
    else:  # bare `draftkit` (its help, as before), or another click error (FileError)
        exc.show()
    return exc.exit_code


def describe(exc: click.UsageError) -> str:
    """The error, the command's usage line and where its help is, in Chinese."""
    lines = [f"错误：{message(exc)}"]
    ctx = exc.ctx
    if ctx is not None:
        lines.append(f"用法：{usage(ctx)}")
        lines.append(f"查看说明：{ctx.command_path} --help")
    else:  # click's parser raises some without the command's context
        lines.append("查看说明：在命令后面加 --help")
    return "\n".join(lines) + "\n"


def usage(ctx: click.Context) -> str:
    pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
    pieces = pieces.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]…")
    return f"{ctx.command_path} {pieces}".strip()


def message(exc: click.UsageError) -> str:
    if isinstance(exc, click.exceptions.NoSuchOption):
        return f"没有 {exc.option_name} 这个选项" + _did_you_mean(exc.possibilities)
    name = getattr(exc, "command_name", None)  # NoSuchCommand (click 8.2 and later)
    if name is None:
        found = re.match(r"No such command '(.+)'", exc.message)
        name = found.group(1) if found else None
    if name is not None:
        known = exc.ctx.command.list_commands(exc.ctx) if exc.ctx and hasattr(exc.ctx.command, "list_commands") else []
        return f"没有 {name} 这个命令" + _did_you_mean(get_close_matches(name, known))
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        if isinstance(param, click.Argument):
            return f"缺少 {_hint(param, exc.ctx)}（写在命令后面）"
        return f"缺少选项 {_hint(param, exc.ctx)}" if param is not None else "缺少必须写的参数"
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return f"选项 {exc.option_name} 后面要写一个值"
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", exc.message)
    if extra:
        return f"多出了参数：{extra.group(1)}（文件名或文字里有空格时，请用引号括起来）"
    return f"命令写得不对（{exc.format_message()}）"


def _did_you_mean(possibilities) -> str:
    return f"；是不是要写 {' 或 '.join(possibilities)}？" if possibilities else ""


def _hint(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return "参数"
    if isinstance(param, click.Argument):
        return param.make_metavar(ctx) if ctx is not None else param.human_readable_name
    return max(param.opts, key=len)


def _bad_value(exc: click.BadParameter) -> str:
    param = exc.param
    where = f"选项 {_hint(param, exc.ctx)}" if isinstance(param, click.Option) else _hint(param, exc.ctx)
    given = re.match(r"'?(.*?)'? is not", exc.message)
    value = f"「{given.group(1)}」" if given else ""
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return f"{where} 的值{value}不对：只能写 {'、'.join(map(str, kind.choices))} 之一"
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        number = "整数" if isinstance(kind, click.IntRange) else "数"
        bounds = [f"不小于 {kind.min}" if kind.min is not None else "", f"不大于 {kind.max}" if kind.max is not None else ""]
        return f"{where} 的值{value}不对：要写{'、'.join(b for b in bounds if b)} 的{number}"
    if kind is click.INT:
        return f"{where} 的值{value}不对：要写整数"
    if kind is click.FLOAT:
        return f"{where} 的值{value}不对：要写数字"
    return f"{where} 的值不对（{exc.format_message()}）"
