"""A jinja2 sandbox with limits, for phrase files from other people's templates.

jinja2's sandbox stops a template from reaching Python's internals but not from using
all the memory or time there is ('x' * 10**10, nested range loops, a macro calling
itself).  Here every template also runs within:

- SIZE_LIMIT: no argument to a call or filter, and no result of *, + or ** on strings,
  lists or numbers, larger than this (characters, items, or value);
- OUTPUT_LIMIT characters of output;
- SECONDS of running time (checked on each line the compiled template runs, by a trace
  function for the rendering thread only);
- Python's recursion limit (a macro calling itself forever).

No mutable helpers (namespace), no lipsum, no string formatting with widths; `range`
stops at SIZE_LIMIT items.  Exceeding a limit raises LimitExceeded.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Sized
from typing import Any

SIZE_LIMIT = 5_000
OUTPUT_LIMIT = 20_000
SECONDS = 2.0
SOURCE_LIMIT = 64 * 1024  # characters of template source


class LimitExceeded(Exception):
    """A template tried to do more than a phrase ever needs.  The message is Chinese."""


def _too_big(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > SIZE_LIMIT
    if isinstance(value, float):
        return not abs(value) <= SIZE_LIMIT  # also NaN
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value) > SIZE_LIMIT
    return False


def _check_arguments(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if _too_big(value):
            raise LimitExceeded(f"给函数或过滤器的参数太大（超过 {SIZE_LIMIT}），固定用语用不到这么大的值")


def _check_result(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > OUTPUT_LIMIT:
        raise LimitExceeded(f"生成的文字或列表太长（超过 {OUTPUT_LIMIT}）")
    return value


def _guard_filter(f):
    @functools.wraps(f)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args, **kwargs):
        # the first argument after a passed context/environment is the filtered value,
        # which may be the (long) document title: only the filter's own arguments are bounded
        skip = 2 if getattr(f, "jinja_pass_arg", None) else 1
        _check_arguments(args[skip:], kwargs)
        return _check_result(f(*args, **kwargs))

    return guarded


def _bounded_range(*args):
    _check_arguments(args, {})
    r = range(*args)
    if len(r) > SIZE_LIMIT:
        raise LimitExceeded(f"range 的项数太多（超过 {SIZE_LIMIT}）")
    return r


def _int_bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


_NO_FILTERS = ("format", "xmlattr", "urlize", "pprint")


def make_environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Limited(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "+", "%"])

        def call_binop(self, context, operator, left, right):
            if operator == "%" and isinstance(left, str):
                raise LimitExceeded("固定用语里不能用 % 格式化文字")
            if operator == "**":
                if isinstance(right, (int, float)) and not isinstance(right, bool) and (
                        abs(right) > 64 or _int_bits(left) * abs(right) > 64 * 64):
                    raise LimitExceeded("乘方太大，固定用语用不到这么大的数")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, Sized) and not isinstance(seq, dict) and isinstance(n, int) \
                            and len(seq) * n > SIZE_LIMIT:
                        raise LimitExceeded(f"重复后的文字或列表太长（超过 {SIZE_LIMIT}）")
                if _int_bits(left) + _int_bits(right) > 64 * 64:
                    raise LimitExceeded("乘积太大，固定用语用不到这么大的数")
            if operator == "+" and isinstance(left, Sized) and isinstance(right, Sized) \
                    and len(left) + len(right) > OUTPUT_LIMIT:
                raise LimitExceeded(f"连接后的文字或列表太长（超过 {OUTPUT_LIMIT}）")
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj, attribute):
            if isinstance(obj, str) and attribute in ("format", "format_map"):
                raise LimitExceeded("固定用语里不能用 format 格式化文字")
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            if isinstance(obj, str) and argument in ("format", "format_map"):
                raise LimitExceeded("固定用语里不能用 format 格式化文字")
            return super().getitem(obj, argument)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja's signature
            _check_arguments(args, kwargs)
            return _check_result(super().call(__context, __obj, *args, **kwargs))

    env = Limited(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.globals = {"range": _bounded_range}
    env.filters = {name: _guard_filter(f) for name, f in env.filters.items() if name not in _NO_FILTERS}
    return env


def render(env, source: str, variables: dict[str, Any]) -> str:
    """Compile and render `source` within the limits above."""
    if len(source) > SOURCE_LIMIT:
        raise LimitExceeded(f"模板文件太长（超过 {SOURCE_LIMIT // 1024} KB），固定用语用不到这么长")
    deadline = time.monotonic() + SECONDS
    ticks = 0

    def tracer(frame, event, arg):
        nonlocal ticks
        ticks += 1
        if ticks & 255 == 0 and time.monotonic() > deadline:
            raise LimitExceeded(f"运行超过 {SECONDS:g} 秒，可能有过多的循环或递归")
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        out: list[str] = []
        size = 0
        for chunk in env.from_string(source).generate(**variables):
            size += len(chunk)
            if size > OUTPUT_LIMIT:
                raise LimitExceeded(f"输出超过 {OUTPUT_LIMIT} 个字，固定用语不会这么长")
            out.append(chunk)
        return "".join(out)
    except RecursionError:
        raise LimitExceeded("宏或循环递归得太深") from None
    except MemoryError:
        raise LimitExceeded("占用的内存太多") from None
    finally:
        sys.settrace(previous)
