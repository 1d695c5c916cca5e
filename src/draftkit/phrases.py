"""Stock phrases and text with figures, rendered by jinja2 in a sandbox.

Phrase templates come from template folders that other people write, and body
text may contain {{ 资金 }}-style references to figures, so everything runs in
a SandboxedEnvironment with undefined names as errors.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from draftkit.errors import DraftkitError


class PhraseError(DraftkitError):
    pass


@lru_cache(maxsize=1)
def _env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    return env


def _explain(exc: Exception) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, UndefinedError):
        if "unsafe" in (exc.message or ""):
            return f"模板试图访问 Python 内部属性，已被禁止（{exc.message}）"
        return f"引用了未定义的名称（{exc.message}）"
    if isinstance(exc, SecurityError):
        return f"模板试图访问不允许的内容（{exc}）"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误：{exc.message}"
    return f"{type(exc).__name__}: {exc}"


def render_text(text: str, variables: dict[str, Any]) -> str:
    """Render `text` if it contains template syntax; plain text is returned untouched."""
    if "{{" not in text and "{%" not in text:
        return text
    from jinja2 import TemplateError

    try:
        return _env().from_string(text).render(**variables)
    except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
        raise PhraseError(_explain(exc)) from exc


def _template_line(exc: BaseException) -> int | None:
    """The template line a runtime error came from (jinja2 rewrites the traceback to show it)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def find_phrase(directories, name: str) -> Path:
    """The first <dir>/<name>.j2 along a template's chain (its own folder, then its parents')."""
    dirs = [directories] if isinstance(directories, (str, Path)) else list(directories)
    for d in dirs:
        path = Path(d) / f"{name}.j2"
        if path.is_file():
            return path
    where = "、".join(str(d) for d in dirs) or "（没有固定用语文件夹）"
    raise PhraseError(f"找不到固定用语模板 {name}.j2（查找了 {where}）")


def render_phrase(directories, name: str, variables: dict[str, Any]) -> str:
    """Render <name>.j2 from the first phrase folder that has it."""
    from jinja2 import TemplateError

    path = find_phrase(directories, name)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PhraseError(f"无法读取固定用语模板 {path}（请保存为 UTF-8）") from exc
    try:
        out = _env().from_string(source).render(**variables)
    except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        raise PhraseError(f"固定用语模板 {where}：{_explain(exc)}") from exc
    return out.strip()


def _fmt_number(x: float) -> str:
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


class Figure:
    """A figure an item carries: value, unit and optionally last period's value.

    In text: {{ 资金 }} -> "1084万元"; {{ 资金.数值 }}, {{ 资金.单位 }}, {{ 资金.上年 }},
    {{ 资金.增量 }} -> "184万元", {{ 资金.增幅 }} -> "20.4%", {{ 资金.变化 }} -> "增长20.4%".
    """

    def __init__(self, value: float, unit: str = "", previous: float | None = None):
        self.value = value
        self.unit = unit
        self.previous = previous

    def __str__(self) -> str:
        return f"{_fmt_number(self.value)}{self.unit}"

    def _need_previous(self) -> float:
        if self.previous is None:
            raise ValueError("这项数据没有填写“上年”，不能计算增减")
        return self.previous

    @property
    def 数值(self) -> str:  # noqa: N802 - a name clerks type in templates
        return _fmt_number(self.value)

    @property
    def 单位(self) -> str:  # noqa: N802
        return self.unit

    @property
    def 上年(self) -> str:  # noqa: N802
        return f"{_fmt_number(self._need_previous())}{self.unit}"

    @property
    def 增量(self) -> str:  # noqa: N802
        return f"{_fmt_number(abs(self.value - self._need_previous()))}{self.unit}"

    @property
    def 增幅(self) -> str:  # noqa: N802
        prev = self._need_previous()
        if prev == 0:
            raise ValueError("上年数值为 0，不能计算增幅")
        rate = abs(self.value - prev) / abs(prev) * 100
        if not math.isfinite(rate):
            raise ValueError("数值与上年相差太大，不能计算增幅")
        return f"{rate:.1f}%"

    @property
    def 变化(self) -> str:  # noqa: N802
        prev = self._need_previous()
        if self.value == prev:
            return "持平"
        word = "增长" if self.value > prev else "下降"
        return word + self.增幅
