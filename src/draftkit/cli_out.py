"""What the command line prints.

Plain lines — results, notes, errors, findings — go straight to the stream, coloured only on a
colour terminal, without loading rich (a fifth of a seed-size run's start-up).  Tables, trees,
progress bars and spinners come from rich's Console (`console()`).  User text is printed as
it is: nothing in it is read as markup.
"""

from __future__ import annotations

import os
import sys

_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36"}
SEVERITY_STYLE = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}


def _coloured(stream) -> bool:
    """Colour as rich decides it: NO_COLOR / FORCE_COLOR, a terminal, not TERM=dumb; on
    Windows only where the console reads ANSI codes (Windows Terminal, VS Code, Git Bash) —
    the old console would show them as text."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb" or not getattr(stream, "isatty", lambda: False)():
        return False
    return os.name != "nt" or "WT_SESSION" in os.environ or "TERM" in os.environ


def say(*parts, err: bool = True) -> None:
    """One line from parts: plain text, or (text, style) with style words from _CODES
    ("bold red")."""
    stream = sys.stderr if err else sys.stdout
    colour = _coloured(stream)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif colour:
            text, style = part
            out.append(f"\x1b[{';'.join(_CODES[w] for w in style.split())}m{text}\x1b[0m")
        else:
            out.append(part[0])
    stream.write("".join(out) + "\n")
    stream.flush()


def note(text: str, err: bool = True) -> None:
    say(("注意：", "yellow"), text, err=err)


def error(text: str) -> None:
    say(("错误：", "bold red"), text)


def console(stderr: bool = True):
    """rich's Console, for what plain lines cannot show (tables, trees, progress)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def findings(result, err: bool = False) -> None:
    """A check result's findings, two lines each: where, severity, rule, message, quote; the fix."""
    from draftkit.check import RULES

    for f in result.findings:
        where = f"第 {f.para} 段" if f.para else "全文"
        if result.path.suffix.lower() != ".docx" and f.para:
            where = f"第 {f.para} 行"
        quote = f"（“{f.quote}”）" if f.quote else ""
        say(f"{where}  ", (f.severity, SEVERITY_STYLE[f.severity]), "  ", (f.rule, "dim"),
            f"  {RULES[f.rule][1]}：{f.message}{quote}", err=err)
        say(f"    改法：{f.hint}", err=err)
