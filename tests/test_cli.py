"""End to end through the command line, as a clerk runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import docx
import pytest

from tests.conftest import DEMO_SUMMARY, SEED_PLAN, SEED_SUMMARY, invoke


def run(*args, cwd=None, input_text=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("DRAFTKIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "draftkit", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, input=input_text, timeout=120,
    )


def test_summary_end_to_end(tmp_path):
    out = tmp_path / "2020年工作总结.docx"
    r = run("summary", SEED_SUMMARY, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "已生成" in r.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "附件2" and "一、2020年工作总结" in texts and "二、存在的主要问题" in texts


def test_plan_end_to_end_default_output_name(tmp_path):
    r = run("plan", SEED_PLAN, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "岱山县教育局2024年工作要点.docx"
    assert out.exists()
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "四、坚持改革深化，增强教育现代化治理水平" in texts
    assert texts[-2:] == ["岱山县教育局", "2024年5月24日"]


def test_demo_summary(tmp_path):
    r = run("summary", DEMO_SUMMARY, "-o", tmp_path / "demo.docx")
    assert r.returncode == 0, r.stderr


def test_new_skeletons_build(tmp_path):
    for kind in ("summary", "plan"):
        r = run("new", kind)
        assert r.returncode == 0 and "标题:" in r.stdout
        path = tmp_path / f"{kind}.yaml"
        path.write_text(r.stdout, encoding="utf-8")
        built = run(kind, path, "-o", tmp_path / f"{kind}.docx")
        assert built.returncode == 0, built.stderr


def test_bad_input_exit_2_chinese_message_no_traceback(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("标题: 某局总结\n日期: 明天\n工作成绩:\n  - 标题: 甲\n    正文: 乙\n", encoding="utf-8")
    r = run("summary", bad, "-o", tmp_path / "x.docx")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert "坏.yaml" in r.stderr and "第 2 行" in r.stderr and "日期" in r.stderr and "不是日期" in r.stderr
    assert not (tmp_path / "x.docx").exists()


def test_missing_input_file(tmp_path):
    r = run("summary", tmp_path / "没有.yaml")
    assert r.returncode == 2 and "文件不存在" in r.stderr and "Traceback" not in r.stderr


def test_existing_output_is_untouched_when_input_is_bad(tmp_path):
    out = tmp_path / "old.docx"
    out.write_bytes(b"previous contents")
    bad = tmp_path / "bad.yaml"
    bad.write_text("标题: [\n", encoding="utf-8")
    r = run("summary", bad, "-o", out)
    assert r.returncode == 2
    assert out.read_bytes() == b"previous contents"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["old.docx", "bad.yaml"]) or set(
        p.name for p in tmp_path.iterdir()) == {"old.docx", "bad.yaml"}


def test_existing_output_is_replaced_whole_and_no_temp_left(tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    r = run("summary", DEMO_SUMMARY, "-o", out)
    assert r.returncode == 0, r.stderr
    docx.Document(str(out))
    assert {p.name for p in tmp_path.iterdir()} == {"out.docx"}


def test_input_is_never_overwritten(tmp_path):
    src = tmp_path / "in.docx"  # a YAML file unluckily named .docx
    src.write_text(SEED_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    before = src.read_bytes()
    r = run("plan", src, "-o", src)
    assert r.returncode == 2 and "覆盖" in r.stderr
    assert src.read_bytes() == before


def test_output_folder_missing(tmp_path):
    r = run("summary", DEMO_SUMMARY, "-o", tmp_path / "无此文件夹" / "a.docx")
    assert r.returncode == 2 and "不存在" in r.stderr


def test_version_and_help():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("draftkit ")
    r = run("--help")
    assert r.returncode == 0 and "summary" in r.stdout and "工作总结" in r.stdout


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("draftkit")
    if exe is None:
        pytest.skip("draftkit console script not on PATH (package not installed)")
    r = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert r.returncode == 0


def test_cli_import_is_light():
    """Starting the CLI must not import python-docx, pydantic or lxml (they load lazily)."""
    code = "import sys, draftkit.cli; print(sorted(m for m in ('docx','pydantic','lxml','jinja2','ruamel') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]"


def test_pdf_option(tmp_path):
    from tests.conftest import require_render

    require_render()
    r = run("summary", DEMO_SUMMARY, "-o", tmp_path / "demo.docx", "--pdf")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "demo.pdf").stat().st_size > 1000


def test_output_file_gets_normal_permissions(tmp_path):
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    out = tmp_path / "perm.docx"
    r = run("summary", DEMO_SUMMARY, "-o", out)
    assert r.returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_an_internal_error_exits_3_not_checks_1(monkeypatch, capsys):
    """1 means "check found problems"; a bug in draftkit itself must not look like that."""
    import draftkit.loader
    from draftkit.cli import INTERNAL_ERROR, main

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(draftkit.loader, "load", broken)
    monkeypatch.setattr(sys, "argv", ["draftkit", "summary", str(DEMO_SUMMARY)])
    monkeypatch.delenv("DRAFTKIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == INTERNAL_ERROR == 3
    assert "内部错误" in capsys.readouterr().err


# -- mistakes in the command line itself: Chinese, with the usage and where the help is ---------
@pytest.mark.parametrize("args, said", [
    (["convert", "a.txt", "--jobs", "0"], "选项 --jobs 的值「0」不对：要写不小于 1 的整数"),
    (["convert", "a.txt", "-j", "许多"], "选项 --jobs 的值「许多」不对：要写不小于 1 的整数"),
    (["convert", "a.txt", "--numbering", "xx"], "选项 --numbering 的值「xx」不对：只能写 restart、keep、continuous 之一"),
    (["convert"], "缺少 INPUTS...（写在命令后面）"),
    (["convert", "a.txt", "--orgg", "某局"], "没有 --orgg 这个选项；是不是要写 --org？"),
    (["convet", "a.txt"], "没有 convet 这个命令；是不是要写 convert？"),
    (["frobnicate"], "没有 frobnicate 这个命令"),
    (["template", "shw"], "没有 shw 这个命令；是不是要写 show？"),
    (["new", "summary", "多余"], "多出了参数：多余（文件名或文字里有空格时，请用引号括起来）"),
    (["new", "memo"], "「memo」不对：只能写 summary、plan 之一"),
    (["convert", "a.txt", "--org"], "选项 --org 后面要写一个值"),
])
def test_usage_errors_are_chinese(args, said):
    code, out = invoke(*args)
    assert code == 2, out
    assert said in out
    for english in ("Usage:", "Error:", "Invalid value", "No such", "Missing", "Try '"):
        assert english not in out, out
    assert "查看说明：" in out and "--help" in out
    if args[0] in ("convert", "template") and "后面要写" not in said:
        assert "用法：" in out


def test_usage_error_through_the_installed_command_has_no_traceback():
    r = run("convert", "--jobs", "-3", "a.txt")
    assert r.returncode == 2
    assert r.stderr.startswith("错误：选项 --jobs 的值「-3」不对") and "Traceback" not in r.stderr


def test_bare_command_still_shows_help_and_help_still_exits_zero():
    code, out = invoke()
    assert code in (0, 2) and "convert" in out and "summary" in out  # click < 8.2 exits 0 here, later 2
    code, out = invoke("convert", "--help")
    assert code == 0 and "--numbering" in out
    code, out = invoke("--version")
    assert code == 0 and out.startswith("draftkit ")
