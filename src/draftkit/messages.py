"""Validation errors (pydantic) in the user's words: one translation for input files and
template settings alike."""

from __future__ import annotations

import re
from typing import Any

TYPE_NAMES = {
    "string_type": "文字",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "“字段: 内容”形式的一组字段",
    "model_type": "“字段: 内容”形式的一组字段",
    "model_attributes_type": "“字段: 内容”形式的一组字段",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "date_type": "日期",
}


def describe_error(err: dict[str, Any]) -> str:
    """One pydantic error as a sentence a clerk understands: what was expected, what was written.

    Never pydantic's English, never its internal type names.  Unknown fields
    (extra_forbidden) are for the caller, who knows which fields are allowed there."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        return "不认识的字段"
    if kind in TYPE_NAMES:
        return f"应当是{TYPE_NAMES[kind]}，实际写的是{shown(got)}"
    if kind == "literal_error":
        expected = re.sub(r"'([^']*)'", r"“\1”", str(ctx.get("expected", ""))).replace(" or ", "、")
        return f"只能是以下之一：{expected}"
    if kind == "too_short":
        return "不能为空" if ctx.get("min_length", 1) <= 1 else f"至少要有 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"最多只能有 {ctx.get('max_length')} 项"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "finite_number":
        return "应当是一个确定的数字（不能是 .nan 或 .inf，也不能大到无法计算）"
    if kind == "string_too_long":
        return f"太长了，最多 {ctx.get('max_length')} 个字"
    if kind == "value_error":
        e = ctx.get("error")
        return str(e) if e else "这个值不符合要求"
    return f"这个值不符合要求（实际写的是{shown(got)}）"


def shown(value: Any) -> str:
    """A value as the clerk wrote it, in words rather than Python's names."""
    if isinstance(value, dict):
        return "一组“字段: 内容”"
    if isinstance(value, list):
        return "一个列表"
    if value is None:
        return "空值（冒号后面什么也没写）"
    if isinstance(value, bool):
        return "“true”" if value else "“false”"
    text = str(value)
    return f"“{text if len(text) <= 20 else text[:19] + '…'}”"
