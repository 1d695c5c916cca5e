"""Batch mode: every command takes many files, folders and patterns; one bad file is reported
and the others go on; a closing table and the exit code say how it went."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from tests.conftest import DEMO_SUMMARY, EXAMPLES, SEED_PLAN, invoke

BAD = "标题: 坏文件\n工作成绩:\n  - 标题: 一\n    正文: 文字。\n数据:\n  x: {数值: .nan}\n"


@pytest.fixture
def schools(tmp_path):
    """收文/甲/学校1-2.yaml, 收文/乙/学校1.yaml (same name, other folder), 收文/乙/坏.yaml."""
    root = tmp_path / "收文"
    for sub, names in (("甲", ["学校1", "学校2"]), ("乙", ["学校1"])):
        (root / sub).mkdir(parents=True)
        for n in names:
            shutil.copy(DEMO_SUMMARY, root / sub / f"{n}.yaml")
    (root / "乙" / "坏.yaml").write_text(BAD, encoding="utf-8")
    (root / "乙" / "说明.txt").write_text("不是输入", encoding="utf-8")
    (root / "乙" / "~$学校1.yaml").write_text("Word 的锁文件", encoding="utf-8")
    return root


def _title(path: Path) -> str:
    return docx.Document(str(path)).paragraphs[0].text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_of_summaries_mirrors_its_subfolders_and_goes_on_past_a_bad_file(tmp_path, schools, jobs):
    out = tmp_path / "排好"
    code, output = invoke("summary", schools, "-o", out, "-j", jobs)
    assert code == 2, output  # one file refused
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert made == ["乙/学校1.docx", "甲/学校1.docx", "甲/学校2.docx"]
    assert all(_title(out / m).startswith("某某县教育局") for m in made)
    assert "坏.yaml" in output and "确定的数字" in output and "失败 1 个" in output
    assert "说明.txt" not in output and "~$" not in output


def test_all_good_files_exit_0_and_a_pattern_filters_a_folder(tmp_path, schools):
    code, output = invoke("summary", schools, "--glob", "学校*.yaml", "-o", tmp_path / "o")
    assert code == 0, output
    assert len(list((tmp_path / "o").rglob("*.docx"))) == 3


def test_globs_are_expanded_by_the_program_as_on_windows(tmp_path, schools):
    code, output = invoke("summary", str(schools / "甲" / "*.yaml"), str(schools / "乙" / "学校?.yaml"),
                          "-o", tmp_path / "o")
    assert code == 0, output
    # two inputs named 学校1 from different places: the second gets its own name
    assert sorted(p.name for p in (tmp_path / "o").glob("*.docx")) == ["学校1-2.docx", "学校1.docx", "学校2.docx"]
    code, output = invoke("summary", str(schools / "*.nothing"), "-o", tmp_path / "o2")
    assert code == 2 and "没有匹配到任何文件" in output


def test_a_missing_file_in_a_list_is_one_failed_row(tmp_path):
    code, output = invoke("plan", SEED_PLAN, tmp_path / "无此文件.yaml", "-o", tmp_path / "o")
    assert code == 2 and "文件不存在" in output
    assert (tmp_path / "o" / f"{SEED_PLAN.stem}.docx").exists()


def test_batch_output_must_be_a_folder(tmp_path, schools):
    code, output = invoke("summary", schools, "-o", tmp_path / "x.docx")
    assert code == 2 and "文件夹" in output
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, output = invoke("summary", schools, "-o", afile)
    assert code == 2 and "文件夹" in output


def test_convert_a_folder_and_refuse_options_that_fit_one_file(tmp_path):
    drafts = tmp_path / "草稿"
    drafts.mkdir()
    for i in range(3):
        shutil.copy(EXAMPLES / "工作要点草稿.txt", drafts / f"草稿{i}.txt")
    code, output = invoke("convert", drafts, "-o", tmp_path / "o", "--org", "某县教育局", "--date", "2025-01-10")
    assert code == 0, output
    made = sorted((tmp_path / "o").glob("*.docx"))
    assert [p.name for p in made] == ["草稿0.docx", "草稿1.docx", "草稿2.docx"]
    text = "\n".join(p.text for p in docx.Document(str(made[0])).paragraphs)
    assert "某县教育局" in text and "2025年1月10日" in text
    undated = tmp_path / "无落款"
    undated.mkdir()
    for i in range(2):
        (undated / f"稿{i}.txt").write_text("某局工作要点\n一、总体要求\n认真抓好落实。\n", encoding="utf-8")
    code, output = invoke("convert", undated, "-o", tmp_path / "o2")
    assert code == 0 and output.count("成文日期") >= 2, output  # each file's warnings are shown
    code, output = invoke("convert", drafts, "--title", "统一标题")
    assert code == 2 and "--title" in output


def test_convert_beside_its_inputs_never_overwrites_one(tmp_path):
    folder = tmp_path / "来文"
    folder.mkdir()
    code, _ = invoke("summary", DEMO_SUMMARY, "-o", folder / "通知.docx")
    assert code == 0
    before = (folder / "通知.docx").read_bytes()
    code, output = invoke("convert", folder, str(folder / "*.docx"), "-o", folder)
    assert code == 0, output
    assert (folder / "通知.docx").read_bytes() == before
    assert (folder / "通知-排版.docx").exists()


def test_check_a_folder_and_fix_it_into_another(tmp_path):
    docs = tmp_path / "来文"
    docs.mkdir()
    invoke("summary", DEMO_SUMMARY, "-o", docs / "好.docx")
    invoke("convert", EXAMPLES / "工作要点草稿.txt", "-o", docs / "草稿.docx")
    d = docx.Document(str(docs / "草稿.docx"))
    d.sections[0].left_margin = d.sections[0].left_margin // 2  # a margin a school got wrong
    d.save(str(docs / "草稿.docx"))
    (docs / "坏.docx").write_bytes(b"PK\x03\x04" + bytes(50))
    code, output = invoke("check", docs, "-j", "2")
    assert code == 2, output  # one unreadable
    assert "检查结果汇总" in output and "无法读取" in output and "page-margins" in output
    code, output = invoke("check", docs, "--glob", "[好草]*.docx", "--fix", "-o", tmp_path / "改")
    assert code in (0, 1), output
    assert sorted(p.name for p in (tmp_path / "改").glob("*.docx")) == ["好-已修正.docx", "草稿-已修正.docx"]
    code, output = invoke("check", tmp_path / "改")
    assert "page-margins" not in output


def test_pdf_for_a_batch_is_one_libreoffice_run_that_leaves_no_process(tmp_path, schools, monkeypatch):
    import subprocess

    import draftkit.render
    from tests.conftest import require_render

    require_render()
    calls = []
    real = draftkit.render.docx_to_pdf

    def counting(paths, outdir, **kwargs):
        calls.append(list(paths))
        return real(paths, outdir, **kwargs)

    monkeypatch.setattr(draftkit.render, "docx_to_pdf", counting)
    out = tmp_path / "o"
    code, output = invoke("summary", schools / "甲", "-o", out, "--pdf")
    assert code == 0, output
    assert len(calls) == 1 and len(calls[0]) == 2
    assert sorted(p.name for p in out.glob("*.pdf")) == ["学校1.pdf", "学校2.pdf"]
    assert "已生成 2 个 PDF" in output
    left = subprocess.run(["pgrep", "-f", "draftkit-lo-"], capture_output=True, text=True).stdout
    assert not left.strip(), f"LibreOffice processes left behind: {left}"


def test_pdf_without_libreoffice_says_so_before_any_work(tmp_path, schools, monkeypatch):
    import draftkit.render

    monkeypatch.setattr(draftkit.render, "find_soffice", lambda: None)
    for args in (["summary", schools / "甲", "-o", tmp_path / "o"], ["summary", DEMO_SUMMARY, "-o", tmp_path / "a.docx"]):
        code, output = invoke(*args, "--pdf")
        assert code == 2 and "LibreOffice" in output, output
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").rglob("*.docx"))
    assert not (tmp_path / "a.docx").exists()


def test_patterns_and_folders_given_relative_to_a_parent_folder(tmp_path, schools, monkeypatch):
    work = tmp_path / "工作"
    work.mkdir()
    monkeypatch.chdir(work)
    code, output = invoke("summary", "../收文/甲/*.yaml", "../收文/甲", "-o", "out")
    assert code == 0, output
    assert sorted(p.name for p in (work / "out").glob("*.docx")) == ["学校1.docx", "学校2.docx"]  # each file once
    hidden = schools / "甲" / ".草稿"
    hidden.mkdir()
    shutil.copy(DEMO_SUMMARY, hidden / "旧.yaml")
    code, output = invoke("summary", "../收文/甲", "-o", "out2")
    assert code == 0 and "旧.yaml" not in output
