"""Hostile and huge inputs, each run as a real process under a memory limit and a time bound.

Every case ends with exit 2 and a Chinese message (no traceback, no internal error, no
English from the libraries underneath), or with a correct document; nothing is left
half-written and no temporary file stays behind.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DEMO_SUMMARY

MEMORY_LIMIT = 2 << 30  # bytes of address space for each run
TIME_LIMIT = 60  # seconds; every case here takes a few seconds at most

MINIMAL = """标题: 测试总结
署名: 某局
日期: 2024-12-20
开头: 开头一段。
工作成绩:
  - 标题: 一项工作
    正文: 全年召开会议10次。
"""

# what a library says when its error reaches the user unexplained
LEAKS = ("Traceback", "内部错误", "Input should", "Field required", "constrained-", "function-after",
         "Exception ignored", "is undefined", "Errno", "No such file", "Permission denied", "Error:")


def run(*args, cwd: Path, timeout: float = TIME_LIMIT, extra_limits=None) -> subprocess.CompletedProcess:
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if extra_limits:
            extra_limits()

    return subprocess.run([sys.executable, "-m", "draftkit", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limits)


def assert_refused(r: subprocess.CompletedProcess, *needles: str) -> None:
    said = r.stdout + r.stderr
    assert r.returncode == 2, said
    for needle in needles:
        assert needle in said, said
    for leak in LEAKS:
        assert leak not in said, said


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".draftkit-")]


def _bomb() -> str:
    lines = ['a: &a ["笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n标题: 笑\n开头: *i\n"


YAML_CASES = {
    # name: (file name, content, needles in the message)
    "alias bomb": ("bomb.yaml", _bomb(), ["锚点"]),
    "deep brackets": ("deep.yaml", MINIMAL + "附件: " + "[" * 5000 + "]" * 5000 + "\n", ["层次太多"]),
    "deep JSON": ("deep.json", '{"标题": ' + "[" * 100_000 + "]" * 100_000 + "}", ["层次太多"]),
    "deep indentation": ("indent.yaml", "标题: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000)),
                         ["层次太多"]),
    "4,301-digit year": ("year.yaml", MINIMAL + "年度: " + "9" * 4301 + "\n", ["数字太长", "第 8 行"]),
    "5,000-digit figure": ("fig.json", json.dumps({"标题": "x", "数据": {"x": {"数值": 0}}}, ensure_ascii=False).replace(
        '"数值": 0', '"数值": ' + "7" * 5000), ["数字太长"]),
    "a YAML tag": ("tag.yaml", MINIMAL.replace("标题: 测试总结", "标题: !foo bar"), ["!foo", "引号"]),
    "binary in YAML": ("bin.yaml", MINIMAL + "附件标签: !!binary aGVsbG8=\n", ["二进制数据"]),
    "NaN figures": ("nan.yaml", MINIMAL.replace("全年召开会议10次。", "'{{ x.变化 }}'")
                    + "    数据:\n      x: {数值: .nan, 上年: .nan}\n", ["确定的数字", "数据.x.数值"]),
    "infinite figure": ("inf.yaml", MINIMAL + "数据:\n  x: {数值: .inf}\n", ["确定的数字"]),
    "no such day": ("day.yaml", MINIMAL.replace("2024-12-20", "2024-02-30"), ["不是一个存在的日期", "字段「日期」"]),
    "arithmetic in text": ("calc.yaml", MINIMAL.replace("开头一段。", "'{{ 7*7 }}'"), ["不是数据引用", "开头[1]"]),
    "a loop in text": ("loop.yaml", MINIMAL.replace("开头一段。", "'{% for i in range(3) %}x{% endfor %}'"),
                       ["模板语句"]),
    "lipsum in text": ("lipsum.yaml", MINIMAL.replace("开头一段。", "'{{ lipsum(10**6) }}'"), ["不是数据引用"]),
    "Python internals in text": ("mro.yaml", MINIMAL.replace("开头一段。", "\"{{ ''.__class__.__mro__ }}\""),
                                 ["不是数据引用"]),
    "figure attribute that is not one": ("attr.yaml", MINIMAL.replace("全年召开会议10次。", "'{{ x.__class__ }}'")
                                         + "    数据:\n      x: {数值: 1}\n", ["没有“__class__”"]),
    "wrong types": ("types.yaml", MINIMAL.replace("开头一段。", "[1, {a: 2}]"), ["开头[1]", "应当是文字"]),
    "10,000 sections": ("many.yaml", MINIMAL.split("工作成绩:")[0] + "工作成绩:\n"
                        + "".join(f"  - 标题: 工作{i}\n" for i in range(10_000)), ["9999", "工作成绩[10000]"]),
    "a Word file": ("word.yaml", b"PK\x03\x04" + bytes(2000), ["不是文本文件"]),
    "empty": ("empty.yaml", "", ["空的"]),
}


@pytest.mark.parametrize("name", list(YAML_CASES))
def test_hostile_yaml_is_refused_with_a_message(tmp_path, name):
    file_name, content, needles = YAML_CASES[name]
    src = tmp_path / file_name
    src.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    start = time.monotonic()
    r = run("summary", src, "-o", tmp_path / "out.docx", cwd=tmp_path)
    assert time.monotonic() - start < 20, name
    assert_refused(r, *needles)
    assert not (tmp_path / "out.docx").exists() and no_temp_files(tmp_path)


def test_a_file_over_the_size_limit(tmp_path):
    src = tmp_path / "big.yaml"
    src.write_bytes(b"# " + b"x" * (21 * 1024 * 1024))
    assert_refused(run("summary", src, cwd=tmp_path), "太大")


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "gb18030"])
def test_text_in_other_encodings_is_read(tmp_path, encoding):
    src = tmp_path / "in.yaml"
    src.write_bytes(MINIMAL.encode(encoding))
    r = run("summary", src, "-o", tmp_path / "out.docx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "全年召开会议10次。" in _docx_text(tmp_path / "out.docx")


def test_a_title_longer_than_a_document_property_or_a_file_name(tmp_path):
    title = "关于" + "某某" * 150 + "的报告"
    src = tmp_path / "in.yaml"
    src.write_text(MINIMAL.replace("测试总结", title), encoding="utf-8")
    r = run("summary", src, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    (out,) = tmp_path.glob("*.docx")
    assert len(out.stem) <= 60
    import docx

    d = docx.Document(str(out))
    assert len(d.core_properties.title) <= 255
    assert title in _docx_text(out).replace("\n", "")  # the body keeps all of it


# -- huge inputs: linear time ----------------------------------------------------------------
def _table_yaml(rows: int, cols: int) -> str:
    body = "\n".join("            - [" + ", ".join(f"格{r}-{c}" for c in range(cols)) + "]" for r in range(rows))
    return MINIMAL + "  - 标题: 表\n    正文:\n      - 表格:\n          行:\n" + body + "\n"


@pytest.mark.parametrize("rows,cols", [(2000, 3), (5, 500)])
def test_big_tables_are_written(tmp_path, rows, cols):
    src = tmp_path / "t.yaml"
    src.write_text(_table_yaml(rows, cols), encoding="utf-8")
    r = run("summary", src, "-o", tmp_path / "t.docx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    import docx

    (table,) = docx.Document(str(tmp_path / "t.docx")).tables
    assert len(table.rows) == rows and len(table.columns) == cols


def test_one_long_line_and_many_headings_are_converted(tmp_path):
    src = tmp_path / "long.txt"
    src.write_text("某局工作要点\n一、总体要求\n" + "字" * 2_000_000 + "。\n"
                   + "".join(f"{i}.第{i}项工作\n正文。\n" for i in range(1, 3001)), encoding="utf-8")
    r = run("convert", src, "-o", tmp_path / "long.docx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = _docx_text(tmp_path / "long.docx")
    assert "字" * 2_000_000 in text and "3000.第3000项工作" in text


def _seconds(fn) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(make, small: int) -> float:
    """Time for 4× the input over time for the input: about 4 when linear, 16 when quadratic."""
    from draftkit.profile import default_profile
    from draftkit.writer import build_docx

    pr = default_profile()
    a, b = make(small), make(4 * small)
    return _seconds(lambda: build_docx(b, pr)) / _seconds(lambda: build_docx(a, pr))


def test_the_writer_is_linear_in_paragraphs_and_in_line_length():
    from draftkit import model as m

    def headings(n):
        return m.Document(meta=m.Meta(title=["标题"]), blocks=[
            m.Section(level=1, title=f"第{i}项", blocks=[m.Paragraph(text="正文。")]) for i in range(n)])

    def long_line(n):
        return m.Document(meta=m.Meta(title=["标题"]), blocks=[m.Paragraph(text="字" * n + "2024年")])

    assert _ratio(headings, 1000) < 8
    assert _ratio(long_line, 200_000) < 8


# -- where outputs go ------------------------------------------------------------------------
def test_an_output_folder_that_cannot_be_written(tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text(MINIMAL, encoding="utf-8")
    assert_refused(run("summary", src, "-o", "/proc/draftkit-test.docx", cwd=tmp_path), "无法写入")
    assert_refused(run("summary", src, "-o", tmp_path / "no" / "x.docx", cwd=tmp_path), "不存在")


def test_output_onto_a_symlink_does_not_replace_its_target(tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text(MINIMAL, encoding="utf-8")
    precious = tmp_path / "precious.docx"
    precious.write_bytes(b"keep me")
    link = tmp_path / "link.docx"
    link.symlink_to(precious)
    assert_refused(run("summary", src, "-o", link, cwd=tmp_path), "链接")
    assert precious.read_bytes() == b"keep me" and link.is_symlink()


@pytest.mark.parametrize("where", ["a file", "an impossible place"])
def test_template_init_into_a_place_it_cannot_use(tmp_path, where):
    target = tmp_path / "afile" if where == "a file" else Path("/proc/draftkit-test")
    if where == "a file":
        target.write_text("x", encoding="utf-8")
    r = run("template", "init", "某局", "--dir", target, cwd=tmp_path)
    assert_refused(r, "文件夹" if where == "a file" else "无法")


def _sigxfsz_ignored_and_files_small():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_no_room_for_the_output(tmp_path):
    r = run("summary", DEMO_SUMMARY, "-o", tmp_path / "out.docx", cwd=tmp_path,
            extra_limits=_sigxfsz_ignored_and_files_small)
    assert_refused(r, "无法写入")
    assert not (tmp_path / "out.docx").exists() and no_temp_files(tmp_path)


@pytest.fixture
def small_disk(tmp_path):
    """A 40 KB file system (tmpfs, needs root): writes fail part-way with ENOSPC."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40k", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root (the FSIZE test covers the message)")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_gives_one_message_and_no_stray_traceback(small_disk, tmp_path):
    src = tmp_path / "t.yaml"
    src.write_text(_table_yaml(1000, 3), encoding="utf-8")
    r = run("summary", src, "-o", small_disk / "out.docx", cwd=tmp_path)
    assert_refused(r, "磁盘已满")
    assert list(small_disk.iterdir()) == []


# -- signals -----------------------------------------------------------------------------------
def _big_input(tmp_path: Path) -> Path:
    src = tmp_path / "big.yaml"
    src.write_text(_table_yaml(2000, 4), encoding="utf-8")
    return src


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)])
def test_a_signal_while_writing_leaves_nothing_behind(tmp_path, sig, code):
    src = _big_input(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "draftkit", "summary", str(src), "-o", str(out_dir / "o.docx")],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIME_LIMIT
    while time.monotonic() < deadline and proc.poll() is None and no_temp_files(out_dir):
        time.sleep(0.002)  # wait until the temp file exists: the signal lands mid-write
    assert proc.poll() is None, "the run ended before it started writing; make the input bigger"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=TIME_LIMIT)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert list(out_dir.iterdir()) == [], "a temp file or a half-written output was left behind"


def test_temp_files_of_a_killed_run_are_swept_by_the_next(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".draftkit-{dead.pid}-abc123.tmp"
    stale.write_bytes(b"half")
    alive = tmp_path / f".draftkit-{os.getpid()}-def456.tmp"  # another run, still going
    alive.write_bytes(b"busy")
    r = run("summary", DEMO_SUMMARY, "-o", tmp_path / "out.docx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and alive.exists()


# -- many files at once ----------------------------------------------------------------------
def _without_sect_pr(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:sectPr.*?</w:sectPr>", b"", data, flags=re.S)
            zout.writestr(item, data)
    return dst


def test_a_batch_check_reports_each_bad_file_and_goes_on(tmp_path):
    good = tmp_path / "good.docx"
    assert run("summary", DEMO_SUMMARY, "-o", good, cwd=tmp_path).returncode == 0
    bare = _without_sect_pr(good, tmp_path / "bare.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + bytes(100))
    r = run("check", bare, broken, tmp_path / "missing.docx", good, cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 2, said  # some files could not be read
    for name in ("bare.docx", "broken.docx", "missing.docx", "good.docx"):
        assert name in said
    assert "不是有效的 .docx" in said and "Traceback" not in said and "内部错误" not in said
    # the file without page settings works with every command
    assert run("check", "--fix", bare, "-o", tmp_path / "fixed.docx", cwd=tmp_path).returncode in (0, 1)
    assert (tmp_path / "fixed.docx").exists()
    r = run("template", "init", "样稿", "--dir", tmp_path / "t", "--from", bare, cwd=tmp_path)
    assert r.returncode == 0, r.stderr


# -- templates from strangers ----------------------------------------------------------------
PHRASE_ATTACKS = {
    "repeat": "{{ 'x' * 10**10 }}",
    "big literal": "{{ 'x' * 9999999999 }}",
    "nested loops": "{% for i in range(5000) %}{% for j in range(5000) %}{% for k in range(5000) %}"
                    "{% endfor %}{% endfor %}{% endfor %}",
    "huge range": "{% for i in range(10**8) %}{% endfor %}",
    "endless recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "doubling recursion": "{% macro f(n) %}{{ (f(n - 1) ~ f(n - 1)) if n else 'x' }}{% endmacro %}{{ f(60) }}",
    "wide centre": "{{ 'x'|center(9999999999) }}",
    "format width": "{{ '{:>9999999999}'.format(1) }}",
    "percent width": "{{ '%9999999999s' % 1 }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "namespace doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
                          "{% endfor %}{{ ns.s }}",
    "join blow-up": "{{ range(5000)|join('x' * 5000) }}",
    "replace blow-up": "{{ ('x' * 5000)|replace('', 'y' * 5000) }}",
    "Python internals": "{{ 年度.__class__.__mro__[1].__subclasses__() }}",
}


def _template(root: Path, name: str, phrase: str) -> Path:
    folder = root / name
    (folder / "phrases").mkdir(parents=True)
    (folder / "template.yaml").write_text("继承: default\n", encoding="utf-8")
    (folder / "phrases" / "plans_title.j2").write_text(phrase, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(PHRASE_ATTACKS))
def test_a_hostile_phrase_is_stopped_and_reported(tmp_path, name):
    folder = _template(tmp_path, "t", PHRASE_ATTACKS[name])
    start = time.monotonic()
    r = run("template", "check", folder, cwd=tmp_path)
    assert time.monotonic() - start < 20
    assert r.returncode == 1 and "plans_title.j2" in r.stdout and "没有问题" not in r.stdout, r.stdout + r.stderr
    src = tmp_path / "in.yaml"
    # 工作思路 without its own 标题 takes it from plans_title.j2
    src.write_text(MINIMAL + "工作思路:\n  分节:\n    - 标题: 明年\n      正文: 继续。\n", encoding="utf-8")
    r = run("summary", src, "-t", folder, "-o", tmp_path / "o.docx", cwd=tmp_path)
    assert_refused(r, "plans_title.j2")


def test_an_alias_bomb_in_a_template(tmp_path):
    folder = tmp_path / "bomb"
    folder.mkdir()
    (folder / "template.yaml").write_text("继承: default\n" + _bomb().replace("标题: 笑\n开头: *i\n", "说明: *i\n"),
                                          encoding="utf-8")
    r = run("summary", DEMO_SUMMARY, "-t", folder, "-o", tmp_path / "o.docx", cwd=tmp_path)
    assert_refused(r, "锚点")
    r = run("template", "check", folder, cwd=tmp_path)
    assert r.returncode == 1 and "锚点" in r.stdout


def test_tables_nested_hundreds_deep_are_refused_by_every_reader(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("某局关于某事的通知")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    for i in range(300):
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
        cell.paragraphs[0].text = f"第{i}层"
    src = tmp_path / "nested.docx"
    d.save(str(src))
    for args in (["check", src], ["check", "--fix", src, "-o", tmp_path / "f.docx"],
                 ["convert", src, "-o", tmp_path / "c.docx"],
                 ["template", "init", "套", "--dir", tmp_path / "t", "--from", src]):
        assert_refused(run(*args, cwd=tmp_path), "嵌套过深")


@pytest.mark.parametrize("what", ["a phrase file", "the phrase folder", "template.yaml"])
def test_a_template_cannot_reach_outside_its_folder_by_a_link(tmp_path, what):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "plans_title.j2").write_text("机密内容", encoding="utf-8")
    (secret / "template.yaml").write_text("继承: default\n说明: 机密内容\n", encoding="utf-8")
    folder = tmp_path / "t"
    folder.mkdir()
    if what == "template.yaml":
        (folder / "template.yaml").symlink_to(secret / "template.yaml")
    else:
        (folder / "template.yaml").write_text("继承: default\n", encoding="utf-8")
        if what == "the phrase folder":
            (folder / "phrases").symlink_to(secret)
        else:
            (folder / "phrases").mkdir()
            (folder / "phrases" / "plans_title.j2").symlink_to(secret / "plans_title.j2")
    src = tmp_path / "in.yaml"
    src.write_text(MINIMAL + "工作思路:\n  分节:\n    - 标题: 明年\n      正文: 继续。\n", encoding="utf-8")
    r = run("summary", src, "-t", folder, "-o", tmp_path / "o.docx", cwd=tmp_path)
    assert_refused(r, "模板文件夹以外")
    r = run("template", "check", folder, cwd=tmp_path)
    assert r.returncode == 1 and "模板文件夹以外" in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_batch_ends_it_cleanly(tmp_path, sig):
    import shutil

    from tests.conftest import SEED_PLAN

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        shutil.copy(SEED_PLAN, folder / f"要点{i}.yaml")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "draftkit", "plan", str(folder), "-o", str(out), "-j", "2"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + TIME_LIMIT
    while time.monotonic() < deadline and proc.poll() is None and not (out.exists() and any(out.iterdir())):
        time.sleep(0.01)  # until the first documents are written
    assert proc.poll() is None, "the batch ended before the signal; make it bigger"
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole foreground group
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=TIME_LIMIT)
    assert proc.returncode in (130, 128 + signal.SIGTERM), err
    assert "Traceback" not in err
    # the workers end after the parent and remove their temp files as they go: on a busy
    # machine that can take longer than a fixed pause
    settle = time.monotonic() + 10
    while not no_temp_files(out) and time.monotonic() < settle:
        time.sleep(0.1)
    assert no_temp_files(out)
    import docx

    for made in out.glob("*.docx"):  # whatever was written is whole
        docx.Document(str(made))
    left = subprocess.run(["pgrep", "-f", f"draftkit plan {folder}"], capture_output=True, text=True).stdout
    assert not left.strip(), left
