"""Stock phrases and text with figures.

Phrase templates (<name>.j2) come from template folders that other people write: they
are jinja2, rendered in draftkit.sandbox (no Python internals, bounded time, memory and
output, undefined names as errors).  A clerk's own text is not a template at all: only
{{ 名称 }} and {{ 名称.属性 }} references to figures are replaced there.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from draftkit.errors import DraftkitError


class PhraseError(DraftkitError):
    pass


@lru_cache(maxsize=1)
def _env():
    from draftkit.sandbox import make_environment

    return make_environment()


def _explain(exc: Exception, variables: dict[str, Any]) -> str:
    """A jinja2 or Python error in a phrase file, in words its author can act on."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError) or (isinstance(exc, UndefinedError) and "unsafe" in (exc.message or "")):
        return "模板试图访问 Python 内部属性或不允许的内容，已被禁止"
    if isinstance(exc, UndefinedError):
        found = re.search(r"'([^']+)' is undefined", exc.message or "")
        name = f"“{found.group(1)}”" if found else ""
        return f"引用了未定义的名称{name}（可以引用的有：{'、'.join(variables) or '无'}）"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误（{exc.message}）"
    if isinstance(exc, ZeroDivisionError):
        return "计算时除数为 0"
    if isinstance(exc, ArithmeticError):
        return "计算出错（数字太大）"
    if isinstance(exc, TypeError):
        return "运算的对象类型不对（例如把文字和数字相加）"
    text = str(exc)
    return text if re.search(r"[\u4e00-\u9fff]", text) else "值不对，无法计算"


# In a clerk's own text only references are live: {{ 名称 }} or {{ 名称.属性 }}.  Loops,
# arithmetic, filters and functions belong to template authors (phrase files), not to text
# pasted from elsewhere, where "{{ 7*7 }}" or "{% for %}" is a mistake or an attack.
_LIVE = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_REFERENCE = re.compile(r"\s*([^\W\d][\w]*)(?:\.([^\W\d][\w]*))?\s*", re.UNICODE)
REFERENCE_HELP = "文字中只能写 {{ 名称 }} 或 {{ 名称.变化 }} 这样的数据引用"


def render_text(text: str, variables: dict[str, Any]) -> str:
    """Replace each {{ 名称 }} / {{ 名称.属性 }} in a clerk's text; anything else in {{ }} or
    {% %} is refused (PhraseError), text without them is returned untouched."""
    if "{{" not in text and "{%" not in text:
        return text
    out: list[str] = []
    pos = 0
    for found in _LIVE.finditer(text):
        out.append(text[pos:found.start()])
        pos = found.end()
        if found.group(2) is not None:
            raise PhraseError(f"“{_short(found.group())}”是模板语句，{REFERENCE_HELP}")
        ref = _REFERENCE.fullmatch(found.group(1))
        if ref is None:
            raise PhraseError(f"“{_short(found.group())}”不是数据引用，{REFERENCE_HELP}")
        out.append(_resolve(ref.group(1), ref.group(2), variables))
    out.append(text[pos:])
    return "".join(out)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _resolve(name: str, attr: str | None, variables: dict[str, Any]) -> str:
    if name not in variables:
        known = "、".join(variables) or "无"
        raise PhraseError(f"引用了未定义的名称“{name}”（可以引用的有：{known}）")
    value = variables[name]
    if attr is None:
        return str(value)
    if not isinstance(value, Figure):
        raise PhraseError(f"“{name}”不是数据，不能写“{name}.{attr}”")
    if attr not in Figure.ATTRIBUTES:
        raise PhraseError(f"数据没有“{attr}”这一项（可以写：{'、'.join(Figure.ATTRIBUTES)}）")
    try:
        return getattr(value, attr)
    except ValueError as exc:
        raise PhraseError(f"{name}.{attr}：{exc}") from None


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
    from draftkit.files import is_within

    dirs = [directories] if isinstance(directories, (str, Path)) else list(directories)
    for d in dirs:
        path = Path(d) / f"{name}.j2"
        if path.is_file():
            # a phrase folder is <template>/phrases: a link out of the template is not followed
            if not is_within(path, Path(d).parent):
                raise PhraseError(f"固定用语模板 {path} 指向模板文件夹以外的文件；模板只能使用自己文件夹里的文件")
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
    from draftkit.sandbox import LimitExceeded, render

    try:
        out = render(_env(), source, variables)
    except LimitExceeded as exc:
        line = _template_line(exc)
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        raise PhraseError(f"固定用语模板 {where}：超出限制：{exc}") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{path}" + (f" 第 {line} 行" if line else "")
        raise PhraseError(f"固定用语模板 {where}：{_explain(exc, variables)}") from exc
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

    ATTRIBUTES = ("数值", "单位", "上年", "增量", "增幅", "变化")

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
