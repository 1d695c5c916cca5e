"""Plain lines of the command line: coloured only where a terminal shows colour, user text
printed as it is (nothing in it read as markup)."""

from __future__ import annotations

import io

import pytest

from draftkit import cli_out
from tests.conftest import invoke


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def plain_env(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "WT_SESSION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli_out.os, "name", "posix")
    return monkeypatch


def _said(monkeypatch, stream, *parts):
    monkeypatch.setattr(cli_out.sys, "stderr", stream)
    cli_out.say(*parts)
    return stream.getvalue()


def test_colour_on_a_terminal_only(plain_env):
    assert _said(plain_env, Tty(), ("错误：", "bold red"), "找不到") == "\x1b[1;31m错误：\x1b[0m找不到\n"
    assert _said(plain_env, io.StringIO(), ("错误：", "bold red"), "找不到") == "错误：找不到\n"


@pytest.mark.parametrize("env, coloured", [({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_no_color_and_dumb_terminals(plain_env, env, coloured):
    for k, v in env.items():
        plain_env.setenv(k, v)
    assert ("\x1b[" in _said(plain_env, Tty(), ("注意：", "yellow"), "x")) is coloured


def test_force_color_even_into_a_file(plain_env):
    plain_env.setenv("FORCE_COLOR", "1")
    assert "\x1b[33m" in _said(plain_env, io.StringIO(), ("注意：", "yellow"), "x")


def test_old_windows_console_gets_no_escape_codes(plain_env):
    plain_env.setattr(cli_out.os, "name", "nt")
    assert "\x1b[" not in _said(plain_env, Tty(), ("注意：", "yellow"), "x")
    plain_env.setenv("WT_SESSION", "1")  # Windows Terminal reads them
    assert "\x1b[" in _said(plain_env, Tty(), ("注意：", "yellow"), "x")


def test_brackets_in_user_text_are_printed_as_they_are(tmp_path):
    # rich would have read "[b]" as bold and dropped it
    src = tmp_path / "[b]稿.txt"
    src.write_text("关于[b]加强[/b]管理的通知\n一、总体要求\n全县各校认真落实。\n", encoding="utf-8")
    code, out = invoke("convert", src, "-o", tmp_path / "[b]成稿.docx")
    assert code == 0, out
    assert "标题：关于[b]加强[/b]管理的通知" in out
    assert f"已生成：{tmp_path / '[b]成稿.docx'}" in out
