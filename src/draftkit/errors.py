"""Errors a user can act on.  Every message is Chinese and names where the problem is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class DraftkitError(Exception):
    """A problem with the user's input or environment.  The CLI prints it and exits 2."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


@dataclass
class Problem:
    """One located problem in an input file."""

    message: str
    field: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    loc: tuple | None = None  # the field as keys and list indexes ("分节", 0, "标题"), for a form to point at

    def render(self, file: str | Path | None = None) -> str:
        where = []
        if file is not None:
            where.append(f"文件 {file}")
        if self.line is not None:
            where.append(f"第 {self.line} 行" + (f"第 {self.column} 列" if self.column else ""))
        if self.field:
            where.append(f"字段「{self.field}」")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class InputError(DraftkitError):
    """One or more problems found in an input file."""

    def __init__(self, file: str | Path | None, problems: list[Problem]):
        self.file = file
        self.problems = problems
        lines = [p.render(file) for p in problems]
        super().__init__("\n".join(lines))


@dataclass
class Warnings:
    """Non-fatal notes collected while reading input (shown to the user, never fatal)."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.items.append(message)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
