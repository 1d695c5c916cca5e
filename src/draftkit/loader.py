"""Load YAML or JSON input, keeping line numbers so every error can name its line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from draftkit.errors import InputError, Problem, Warnings

MAX_INPUT_BYTES = 20 * 1024 * 1024

# XML 1.0 cannot hold C0 controls except tab/newline/CR, nor U+FFFE/U+FFFF or lone
# surrogates; C1 controls are legal XML but always junk in pasted Chinese text.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(s: str) -> tuple[str, int]:
    """Remove characters a .docx cannot hold.  Returns the text and how many were removed."""
    out, n = BAD_CHARS.subn("", s)
    return out, n


Loc = tuple[str | int, ...]


@dataclass
class Loaded:
    path: Path
    data: Any  # plain dicts/lists/scalars
    raw: Any  # ruamel CommentedMap tree (for line numbers), or None
    warnings: Warnings

    def line_of(self, loc: Loc) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value at `loc`, or of its nearest existing parent."""
        return position_of(self.raw, loc)

    def problem(self, loc: Loc, message: str) -> Problem:
        line, col = self.line_of(loc)
        return Problem(message=message, field=format_loc(loc), line=line, column=col)


def position_of(raw: Any, loc: Loc) -> tuple[int | None, int | None]:
    """1-based (line, column) of `loc` in a ruamel round-trip tree, or of its nearest existing parent."""
    node = raw
    found: tuple[int | None, int | None] = (None, None)
    if node is None:
        return found
    lc = getattr(node, "lc", None)
    if lc is not None:
        found = (lc.line + 1, lc.col + 1)
    for key in loc:
        try:
            if isinstance(key, int) and isinstance(node, list):
                if not 0 <= key < len(node):
                    break
                line, col = node.lc.item(key)
                found = (line + 1, col + 1)
                node = node[key]
            elif isinstance(node, dict) and key in node:
                line, col = node.lc.key(key)
                found = (line + 1, col + 1)
                node = node[key]
            else:
                break
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    return found


def format_loc(loc: Loc) -> str:
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key + 1}]"
        else:
            out += ("." if out else "") + str(key)
    return out


def _drop_control_chars(path: Path, text: str, warnings: Warnings) -> str:
    """Remove characters neither YAML nor a .docx can hold, warning with their line numbers."""
    if not BAD_CHARS.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cleaned, n = clean_text(line)
        if n:
            lines[i] = cleaned
            warnings.add(f"{path} 第 {i + 1} 行含有 {n} 个不可见的控制字符（可能是从别处粘贴来的），已删除")
    return "\n".join(lines)


def _read_text(path: Path, warnings: Warnings) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, [Problem("文件不存在")]) from None
    except OSError as exc:
        raise InputError(path, [Problem(f"无法读取文件（{exc.strerror}）")]) from None
    if path.is_dir():
        raise InputError(path, [Problem("这是一个文件夹，不是输入文件")])
    if size > MAX_INPUT_BYTES:
        raise InputError(path, [Problem(f"文件过大（{size // 1024 // 1024} MB），输入文件不应超过 20 MB")])
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, [Problem("这不是文本文件（可能是 Word 或其他二进制文件），请提供 YAML 或 JSON 文件")])
    for enc in ("utf-8-sig", "utf-16"):
        if enc == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(path, [Problem("无法识别文件编码，请另存为 UTF-8 编码")]) from None
    warnings.add(f"{path}：文件不是 UTF-8 编码，已按 GB18030（GBK）读取")
    return text


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt", pure=True)
    y.allow_duplicate_keys = False
    return y


_YAML_HINTS = [
    ("mapping values are not allowed", "冒号用法有误：键和值之间用半角冒号加空格（“标题: 内容”），值里含半角冒号时请给值加引号"),
    ("could not find expected ':'", "缺少冒号，或者上一行的引号没有配对"),
    ("found character '\\t'", "YAML 不允许用制表符（Tab）缩进，请改用空格"),
    ("did not find expected key", "缩进不一致：同一层的字段必须对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的“- ”必须对齐"),
    ("found duplicate key", "同一层里有重复的字段名"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*名称）"),
]


def _explain_yaml(problem: str) -> str:
    for needle, hint in _YAML_HINTS:
        if needle in problem:
            return hint
    return "YAML 格式有误"


def _to_plain(node: Any, loc: Loc, loaded_warnings: list[tuple[Loc, int]]) -> Any:
    if isinstance(node, dict):
        return {str(k): _to_plain(v, loc + (str(k),), loaded_warnings) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v, loc + (i,), loaded_warnings) for i, v in enumerate(node)]
    if isinstance(node, str):
        text, removed = clean_text(str(node))
        if removed:
            loaded_warnings.append((loc, removed))
        return text
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node  # dates


def load(path: str | Path) -> Loaded:
    """Read a YAML or JSON file.  Raises InputError with file/line/column on a syntax error."""
    path = Path(path)
    warnings = Warnings()
    text = _read_text(path, warnings)
    if not text.strip():
        raise InputError(path, [Problem("文件是空的")])
    text = _drop_control_chars(path, text, warnings)
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                path, [Problem(f"JSON 格式有误（{exc.msg}）", line=exc.lineno, column=exc.colno)]
            ) from None
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        raw = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        detail = exc.problem or exc.context or ""
        hint = _explain_yaml(str(detail))
        source_lines = text.splitlines()
        for n in (line, line - 1) if line else ():
            if 0 < n <= len(source_lines) and re.search(r":\s*\{\{", source_lines[n - 1]):
                hint = "值以 {{ 开头时，请给整个值加上引号，例如 正文: \"{{ 资金 }}用于……\""
        raise InputError(path, [Problem(f"YAML 语法错误：{hint}（{detail}）", line=line, column=col)]) from None
    except YAMLError as exc:
        if path.suffix.lower() != ".json":
            raise InputError(path, [Problem(f"YAML 语法错误：{exc}")]) from None
        raw = json.loads(text)  # valid JSON the YAML reader refused: no line numbers, same cleaning
    removed: list[tuple[Loc, int]] = []
    data = _to_plain(raw, (), removed)
    loaded = Loaded(path, data, raw, warnings)
    for loc, n in removed:
        line, _ = loaded.line_of(loc)
        where = f"第 {line} 行" if line else ""
        warnings.add(f"{path} {where}字段「{format_loc(loc)}」含有 {n} 个不可见的控制字符，已删除")
    if not isinstance(data, dict):
        hint = ""
        if isinstance(data, str) and "：" in data:
            hint = "（看起来用了全角冒号“：”，字段名后面应是半角冒号加空格“: ”）"
        raise InputError(path, [Problem(f"文件最外层应当是“字段: 内容”的形式{hint}", line=1)])
    return loaded
