"""Load YAML or JSON input, keeping line numbers so every error can name its line."""

from __future__ import annotations

import json
import re
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from draftkit.errors import DraftkitError, InputError, Problem, Warnings

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
        return Problem(message=message, field=format_loc(loc), line=line, column=col, loc=tuple(loc))


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


def _drop_control_chars(path: Path, text: str, warnings: Warnings, refuse: bool) -> str:
    """Remove characters neither YAML nor a .docx can hold, warning with their line numbers
    (or, with `refuse`, stop at the first)."""
    if not BAD_CHARS.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cleaned, n = clean_text(line)
        if n and refuse:
            raise InputError(path, [Problem(f"含有 {n} 个不可见的控制字符，Word 文档里存不下，请删去", line=i + 1)])
        if n:
            lines[i] = cleaned
            warnings.add(f"{path} 第 {i + 1} 行含有 {n} 个不可见的控制字符（可能是从别处粘贴来的），已删除")
    return "\n".join(lines)


def _read_text(path: Path, warnings: Warnings) -> str:
    from draftkit.textfile import ENCODING_NAMES, binary_kind, decode, is_blank, read_bytes

    if not path.exists() and not path.is_symlink():
        raise InputError(path, [Problem("文件不存在")])
    try:
        raw = read_bytes(path)
    except DraftkitError as exc:
        raise InputError(None, [Problem(exc.message)]) from None
    if is_blank(raw):
        raise InputError(path, [Problem("文件是空的")])
    if binary_kind(raw):
        raise InputError(path, [Problem("这不是文本文件（可能是 Word 或其他二进制文件），请提供 YAML 或 JSON 文件")])
    try:
        text, encoding = decode(path, raw)
    except DraftkitError as exc:
        raise InputError(None, [Problem(exc.message)]) from None
    if encoding in ("gb18030", "big5"):
        warnings.add(f"{path}：文件不是 UTF-8 编码，已按 {ENCODING_NAMES[encoding]} 读取")
    return text


# A document has fewer nodes and characters than its text has characters; aliases (*名称)
# may repeat parts of it, but a few hundred bytes must not expand to a billion items.
EXPANSION_SLACK = 100_000
MAX_DEPTH = 40  # the deepest real input (子项 four levels down, tables, figures) is about 14


def _expansion_budget(text: str) -> int:
    return 4 * len(text) + EXPANSION_SLACK


def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

    class Constructor(RoundTripConstructor):
        """Round-trip construction with three refusals made readable.

        Dates stay text (schema parses them, so 2024-02-30 is reported on its field);
        integers too long for Python's int() and values with a tag (`!foo bar`) stop with
        the line they are on."""

        def construct_yaml_timestamp(self, node, values=None):
            return self.construct_scalar(node)

        def construct_yaml_int(self, node):
            try:
                return super().construct_yaml_int(node)
            except ValueError:
                raise ConstructorError(None, None, _TOO_LONG, node.start_mark) from None

        def construct_undefined(self, node):
            raise ConstructorError(None, None, _TAGGED.format(tag=getattr(node.tag, "value", node.tag)), node.start_mark)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    Constructor.add_constructor(None, Constructor.construct_undefined)
    y = YAML(typ="rt", pure=True)
    y.Constructor = Constructor
    y.allow_duplicate_keys = False
    return y


_TOO_LONG = "数字太长（超过 4300 位），请检查是否误粘贴了内容，或给它加上引号当作文字"
_TAGGED = "值以“{tag}”开头，YAML 会把“!”开头的词当作类型标记；如果这是文字，请给整个值加上引号"
_TOO_DEEP = f"括号或缩进的层次太多（超过 {MAX_DEPTH} 层），输入文件不会有这么深的结构"
_OWN_MESSAGES = (_TOO_LONG, _TAGGED.split("{tag}")[-1])


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


def _too_deep_brackets(text: str) -> int | None:
    """The line where [ and { nest deeper than any input needs, or None."""
    depth = 0
    for found in re.finditer(r"[\[{]|[\]}]", text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, found.start()) + 1
        elif depth:
            depth -= 1
    return None


def _first_long_number(text: str) -> int | None:
    found = re.search(r"\d{4300}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _explain_yaml(problem: str) -> str:
    if problem.endswith(_OWN_MESSAGES):
        return problem
    for needle, hint in _YAML_HINTS:
        if needle in problem:
            return hint
    return "YAML 格式有误"


class _Expansion:
    """Counts what the plain tree holds, so aliases and nesting stay within bounds."""

    def __init__(self, budget: int):
        self.left = budget
        self.problems: list[tuple[Loc, str]] = []
        self.control: list[tuple[Loc, int]] = []

    def spend(self, n: int, loc: Loc) -> None:
        self.left -= n
        if self.left < 0:
            raise _Overflow(loc)


class _Overflow(Exception):
    def __init__(self, loc: Loc):
        self.loc = loc


def _to_plain(node: Any, loc: Loc, ex: _Expansion) -> Any:
    ex.spend(1, loc)
    if len(loc) > MAX_DEPTH:
        raise _Overflow(loc)
    if isinstance(node, dict):
        return {str(k): _to_plain(v, loc + (str(k),), ex) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v, loc + (i,), ex) for i, v in enumerate(node)]
    if isinstance(node, str):
        ex.spend(len(node), loc)
        text, removed = clean_text(str(node))
        if removed:
            ex.control.append((loc, removed))
        return text
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    what = "二进制数据（!!binary）" if isinstance(node, bytes) else "集合（!!set）" if isinstance(node, Set) else "特殊类型的值"
    ex.problems.append((loc, f"这里是{what}，输入文件只能写文字、数字、列表和“字段: 内容”"))
    return None


def load(path: str | Path, *, refuse_control: bool = False) -> Loaded:
    """Read a YAML or JSON file.  Raises InputError with file/line/column on a syntax error.

    Invisible control characters are removed with a warning, or with `refuse_control` (a
    template's settings, which must be exactly what their author meant) refused."""
    path = Path(path)
    warnings = Warnings()
    text = _read_text(path, warnings)
    if not text.strip():
        raise InputError(path, [Problem("文件是空的")])
    text = _drop_control_chars(path, text, warnings, refuse_control)
    deep = _too_deep_brackets(text)
    if deep:  # the YAML scanner's cost grows with the square of the bracket depth
        raise InputError(path, [Problem(_TOO_DEEP, line=deep)])
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                path, [Problem(f"JSON 格式有误（{exc.msg}）", line=exc.lineno, column=exc.colno)]
            ) from None
        except RecursionError:
            raise InputError(path, [Problem(_TOO_DEEP)]) from None
        except ValueError:  # an integer beyond int()'s 4,300 digits
            raise InputError(path, [Problem(_TOO_LONG, line=_first_long_number(text))]) from None
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
        message = hint if hint == detail else f"YAML 语法错误：{hint}（{detail}）"
        raise InputError(path, [Problem(message, line=line, column=col)]) from None
    except RecursionError:
        raise InputError(path, [Problem(_TOO_DEEP)]) from None
    except YAMLError as exc:
        if path.suffix.lower() != ".json":
            raise InputError(path, [Problem(f"YAML 语法错误：{exc}")]) from None
        raw = json.loads(text)  # valid JSON the YAML reader refused: no line numbers, same cleaning
    ex = _Expansion(_expansion_budget(text))
    try:
        data = _to_plain(raw, (), ex)
    except _Overflow as over:
        line, col = position_of(raw, over.loc)
        if len(over.loc) > MAX_DEPTH:
            message = _TOO_DEEP
        else:
            message = ("用锚点和别名（&名称、*名称）重复引用后，内容展开得比文件本身大得多"
                       "（可能是恶意构造的文件），请直接写出内容")
        raise InputError(path, [Problem(message, line=line, column=col)]) from None
    loaded = Loaded(path, data, raw, warnings)
    if refuse_control:
        ex.problems += [(loc, f"含有 {n} 个不可见的控制字符，Word 文档里存不下，请删去") for loc, n in ex.control]
        ex.control = []
    if ex.problems:
        raise InputError(path, [loaded.problem(loc, msg) for loc, msg in ex.problems])
    for loc, n in ex.control:
        line, _ = loaded.line_of(loc)
        where = f"第 {line} 行" if line else ""
        warnings.add(f"{path} {where}字段「{format_loc(loc)}」含有 {n} 个不可见的控制字符，已删除")
    if not isinstance(data, dict):
        hint = ""
        if isinstance(data, str) and "：" in data:
            hint = "（看起来用了全角冒号“：”，字段名后面应是半角冒号加空格“: ”）"
        raise InputError(path, [Problem(f"文件最外层应当是“字段: 内容”的形式{hint}", line=1)])
    return loaded


def to_yaml(data: dict, header: str = "") -> str:
    """Plain data (as load() returns it, or as a form edits it) written back as YAML that load()
    reads to the same data: block style, Chinese unescaped, field order kept; `header` becomes
    comment lines at the top."""
    import io

    from ruamel.yaml import YAML

    y = YAML(typ="rt", pure=True)
    y.allow_unicode = True
    y.default_flow_style = False
    y.width = 4096  # one paragraph to a line, as a clerk types it
    y.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    y.dump(data, out)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comments + out.getvalue()
