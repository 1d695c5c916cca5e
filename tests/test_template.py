"""Bureau templates: units, inheritance, search order, show/init/check, sandbox, and what
a template changes in the .docx."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Mm, Pt

from draftkit.profile import Profile
from draftkit.template import (
    check_template,
    describe,
    learn_from_docx,
    list_templates,
    load_template,
    parse_length_mm,
    parse_size_pt,
)
from tests.conftest import DEMO_SUMMARY
from tests.test_cli import run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working folder with its own user config folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def template_workdir(tmp_path, monkeypatch, name, yaml_text, phrases=None):
    """Work in tmp_path, with its own user config, and a template `name` in its templates/."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    make_template(tmp_path / "templates", name, yaml_text, phrases)
    return tmp_path


def make_template(base, name, yaml_text, phrases=None):
    folder = base / name
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(yaml_text, encoding="utf-8")
    for fname, text in (phrases or {}).items():
        (folder / "phrases").mkdir(exist_ok=True)
        (folder / "phrases" / fname).write_text(text, encoding="utf-8")
    return folder


# -- units --------------------------------------------------------------------------------
@pytest.mark.parametrize("value,mm", [(37, 37), ("37mm", 37), ("37 毫米", 37), ("3.7cm", 37), ("3.7厘米", 37)])
def test_lengths(value, mm):
    assert parse_length_mm(value) == pytest.approx(mm)


@pytest.mark.parametrize("value,pt", [("三号", 16), ("小二", 18), ("二号", 22), ("初号", 42), (16, 16), ("16pt", 16),
                                      ("10.5磅", 10.5)])
def test_sizes(value, pt):
    assert parse_size_pt(value) == pt


@pytest.mark.parametrize("bad", ["三十号", "大号", "16号", "abc"])
def test_bad_sizes(bad):
    with pytest.raises(ValueError):
        parse_size_pt(bad)


# -- built-ins and inheritance ---------------------------------------------------------------
def test_default_template_is_the_gbt_profile(workdir):
    p = load_template("default").profile()
    from draftkit.profile import as_dict

    def settings(profile):
        return {k: v for k, v in as_dict(profile).items() if k not in ("name", "phrase_dirs", "numbering")}

    assert settings(p) == settings(Profile())


def test_builtin_chain(workdir):
    t = load_template("示例县教育局")
    assert [layer.name for layer in t.layers] == ["示例县教育局", "红头文件", "default"]
    p = t.profile()
    assert p.redhead.enabled and p.banji.enabled  # from 红头文件
    assert p.redhead.mark == "示例县教育局文件" and p.numbering == "continuous"  # its own
    assert p.fonts.body == "仿宋_GB2312"  # from default
    assert [d.parent.name for d in p.phrase_dirs] == ["示例县教育局", "default"]
    # each value knows the layer it came from
    assert t.origin[("红头", "启用")].name == "红头文件"
    assert t.origin[("编号",)].name == "示例县教育局"
    assert t.origin[("字体", "正文")].name == "default"


def test_child_overrides_only_what_it_sets(workdir):
    make_template(workdir / "templates", "甲局", "继承: 红头文件\n字体:\n  正文: 方正仿宋_GBK\n页面:\n  左边距: 3cm\n")
    p = load_template("甲局").profile()
    assert p.fonts.body == "方正仿宋_GBK" and p.fonts.level1 == "黑体"
    assert p.page.left_mm == 30 and p.page.right_mm == 26
    assert p.redhead.enabled


def test_template_without_extends_rests_on_default(workdir):
    make_template(workdir / "templates", "乙局", "署名: 乙局\n")
    t = load_template("乙局")
    assert [layer.name for layer in t.layers] == ["乙局", "default"]
    assert t.profile().signature == "乙局"


def test_inheritance_cycle(workdir):
    make_template(workdir / "templates", "甲", "继承: 乙\n")
    make_template(workdir / "templates", "乙", "继承: 甲\n")
    with pytest.raises(Exception) as exc:
        load_template("甲")
    assert "循环" in str(exc.value)


def test_local_default_may_extend_the_builtin_default(workdir):
    make_template(workdir / "templates", "default", "继承: default\n署名: 本地默认\n")
    t = load_template("default")
    assert [layer.where for layer in t.layers] == ["当前文件夹", "内置"]
    assert t.profile().signature == "本地默认"


# -- search order ---------------------------------------------------------------------------
def test_search_order(workdir):
    user = workdir / "config" / "draftkit" / "templates"
    make_template(user, "红头文件", "继承: default\n署名: 用户配置里的\n")
    make_template(user, "只在用户配置", "署名: 用户\n")
    assert load_template("红头文件").profile().signature == "用户配置里的"
    assert load_template("只在用户配置").layers[0].where == "用户配置"
    make_template(workdir / "templates", "红头文件", "继承: default\n署名: 当前文件夹里的\n")
    assert load_template("红头文件").profile().signature == "当前文件夹里的"
    # an explicit path wins over every name lookup
    other = make_template(workdir / "别处", "红头文件", "继承: default\n署名: 指定路径的\n")
    assert load_template(str(other)).profile().signature == "指定路径的"
    listed = [(t.name, t.where, t.shadowed) for t in list_templates()]
    assert ("红头文件", "当前文件夹", False) in listed
    assert ("红头文件", "用户配置", True) in listed and ("红头文件", "内置", True) in listed


def test_unknown_template_lists_the_known_ones(workdir):
    with pytest.raises(Exception) as exc:
        load_template("不存在的模板")
    assert "找不到模板" in str(exc.value) and "红头文件" in str(exc.value)


def test_cli_list_and_show(workdir):
    make_template(workdir / "templates", "丙局", "继承: 红头文件\n署名: 丙局\n字号:\n  正文: 小三\n")
    r = run("template", "list", cwd=workdir)
    assert r.returncode == 0 and "丙局" in r.stdout and "当前文件夹" in r.stdout and "内置" in r.stdout
    r = run("template", "show", "丙局", cwd=workdir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "继承：丙局 → 红头文件 → default" in r.stdout
    sig = next(line for line in lines if line.strip().startswith("署名 ="))
    assert "丙局" in sig and "template.yaml 第 2 行" in sig
    body = next(line for line in lines if line.strip().startswith("字号.正文 ="))
    assert "15磅（小三）" in body and "丙局" in body
    red = next(line for line in lines if line.strip().startswith("红头.启用 ="))
    assert "是" in red and "红头文件" in red
    font = next(line for line in lines if line.strip().startswith("字体.正文 ="))
    assert "default" in font


# -- init ------------------------------------------------------------------------------------
def sample_docx(path):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(35), Mm(30), Mm(30), Mm(25)
    normal = d.styles["Normal"]
    normal.font.size = Pt(15)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "方正仿宋_GBK")
    t = d.add_paragraph()
    t.alignment = 1
    r = t.add_run("某某局关于某事的通知")
    r.font.size = Pt(22)
    r._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "方正小标宋_GBK")
    for _ in range(3):
        p = d.add_paragraph()
        r = p.add_run("正文内容正文内容正文内容。")
        r.font.size = Pt(15)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "方正仿宋_GBK")
    d.save(str(path))
    return path


def test_learn_from_sample(tmp_path):
    info = learn_from_docx(sample_docx(tmp_path / "样稿.docx"))
    assert info["page"]["top_mm"] == 35 and info["page"]["left_mm"] == 30 and info["page"]["right_mm"] == 25
    assert info["fonts"]["body"] == "方正仿宋_GBK" and info["fonts"]["title"] == "方正小标宋_GBK"
    assert info["sizes"] == {"body": 15, "title": 22}


def test_init_from_sample(workdir):
    sample = sample_docx(workdir / "样稿.docx")
    r = run("template", "init", "丁局", "--from", sample, cwd=workdir)
    assert r.returncode == 0, r.stderr
    folder = workdir / "templates" / "丁局"
    assert (folder / "template.yaml").is_file() and (folder / "phrases" / "summary_opening_close.j2").is_file()
    p = load_template("丁局").profile()
    assert (p.page.top_mm, p.page.bottom_mm, p.page.left_mm, p.page.right_mm) == (35, 30, 30, 25)
    assert p.fonts.body == "方正仿宋_GBK" and p.fonts.title == "方正小标宋_GBK"
    assert p.sizes.body == 15 and p.sizes.title == 22
    assert p.signature == "丁局"
    assert check_template("丁局")[0] == []
    # never overwrites
    r = run("template", "init", "丁局", cwd=workdir)
    assert r.returncode == 2 and "已经存在" in r.stderr


def test_init_plain_and_bad_sample(workdir):
    r = run("template", "init", "戊局", "--extends", "红头文件", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert load_template("戊局").profile().redhead.enabled
    bad = workdir / "坏样稿.docx"
    bad.write_bytes(b"not a zip")
    r = run("template", "init", "己局", "--from", bad, cwd=workdir)
    assert r.returncode == 2 and "不是有效的 .docx" in r.stderr and "Traceback" not in r.stderr
    assert not (workdir / "templates" / "己局").exists()


# -- check -----------------------------------------------------------------------------------
def test_check_builtins_are_clean(workdir):
    for name in ("default", "红头文件", "示例县教育局"):
        assert check_template(name)[0] == [], name
    r = run("template", "check", "示例县教育局", cwd=workdir)
    assert r.returncode == 0 and "没有问题" in r.stdout


def test_check_reports_every_problem_with_its_line(workdir):
    make_template(workdir / "templates", "错局", (
        "继承: default\n"
        "页面:\n  左边距: 3英寸\n  每行字数: 80\n"
        "字号:\n  正文: 大号\n"
        "红头:\n  启用: 也许\n"
        "颜色: 红\n"
    ))
    r = run("template", "check", "错局", cwd=workdir)
    assert r.returncode == 1
    out = r.stdout
    assert "第 3 行" in out and "左边距" in out and "3英寸" in out
    assert "第 4 行" in out and "每行字数" in out
    assert "第 6 行" in out and "大号" in out
    assert "第 8 行" in out and "true 或 false" in out
    assert "第 9 行" in out and "不认识的设置项" in out
    assert "共 5 个问题" in out


def test_check_layout_that_cannot_work(workdir):
    make_template(workdir / "templates", "窄局", "页面:\n  左边距: 80mm\n  右边距: 80mm\n")
    problems, _ = check_template("窄局")
    assert problems and "版心" in problems[0]
    make_template(workdir / "templates", "挤局", "字号:\n  正文: 二号\n")
    problems, _ = check_template("挤局")
    assert problems and "放不下每行 28 个" in problems[0]


def test_check_phrases_and_sandbox(workdir):
    make_template(workdir / "templates", "坏局", "继承: default\n", phrases={
        "summary_opening_close.j2": "{{ 年度.__class__.__mro__[1].__subclasses__() }}",
        "problems_lead.j2": "第一行\n{{ 没有这个变量 }}",
        "plans_title.j2": "{% if %}",
    })
    problems, _ = check_template("坏局")
    assert len(problems) == 3
    joined = "\n".join(problems)
    assert "summary_opening_close.j2 第 1 行" in joined and "不允许" in joined
    assert "problems_lead.j2 第 2 行" in joined and "没有这个变量" in joined
    assert "plans_title.j2 第 1 行" in joined and "语法错误" in joined


def test_sandbox_blocks_python_internals_when_writing(workdir):
    make_template(workdir / "templates", "越权局", "继承: default\n", phrases={
        "summary_opening_close.j2": "{{ 年度.__class__.__base__.__subclasses__() }}",
    })
    src = workdir / "总结.yaml"
    src.write_text(DEMO_SUMMARY.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("summary", src, "-t", "越权局", "-o", workdir / "out.docx", cwd=workdir)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "越权局" in r.stderr and "summary_opening_close.j2" in r.stderr and "不允许" in r.stderr
    assert not (workdir / "out.docx").exists()


def test_show_describe_lists_phrase_sources(workdir):
    lines = describe("示例县教育局")
    assert any("summary_opening_close.j2 ← 示例县教育局" in line for line in lines)
    assert any("problems_lead.j2 ← default" in line for line in lines)


def test_check_warns_about_uncommon_uninstalled_fonts(workdir):
    import shutil

    if not shutil.which("fc-list"):
        pytest.skip("fontconfig not available")
    make_template(workdir / "templates", "字体局", "字体:\n  正文: 完全虚构的字体XYZ\n")
    problems, warnings = check_template("字体局")
    assert problems == []
    assert any("完全虚构的字体XYZ" in w for w in warnings)
    r = run("template", "check", "字体局", cwd=workdir)
    assert r.returncode == 0 and "完全虚构的字体XYZ" in r.stdout


def test_a_template_with_a_number_for_its_parent_does_not_break_the_list(workdir):
    make_template(workdir / "templates", "五", "继承: 5\n说明: 7\n")
    r = run("template", "list", cwd=workdir)
    assert r.returncode == 0 and "五" in r.stdout and "继承：5" in r.stdout, r.stdout + r.stderr
    r = run("template", "check", "五", cwd=workdir)
    assert r.returncode == 1 and "“继承”应写模板名" in r.stdout
