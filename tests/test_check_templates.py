"""One truth for the rules: whatever draftkit writes with a template checks clean under that
template — every built-in template and a bureau's own with other margins, lines, fonts, sizes,
page numbers and 红头 colour, through every command that writes a document. And the same
document is judged against the template asked for, not against the default."""

from __future__ import annotations

import pytest

from draftkit.check import check_file
from draftkit.template import list_templates, load_template
from tests.conftest import DEMO_SUMMARY, invoke
from tests.test_template import template_workdir
from tests.test_convert_objects import report_document

EXAMPLES = DEMO_SUMMARY.parent
# a bureau that sets everything differently from GB/T 9704's defaults
OWN = (
    "继承: 红头文件\n机关名称: 辛县教育局\n署名: 辛县教育局\n主送: 各中小学校\n"
    "字体:\n  标题: 华文中宋\n  正文: 方正仿宋_GBK\n  一级标题: 方正黑体_GBK\n  二级标题: 方正楷体_GBK\n"
    "  页码: Times New Roman\n"
    "字号:\n  标题: 小一\n  页码: 五号\n"
    "页面:\n  上边距: 30mm\n  下边距: 30mm\n  左边距: 27mm\n  右边距: 25mm\n  每页行数: 24\n  每行字数: 29\n"
    "页码:\n  样式: \"- {页码} -\"\n  位置: 居中\n"
    "红头:\n  颜色: C00000\n  标志字号: 小初\n"
)


@pytest.fixture
def bureau(tmp_path, monkeypatch):
    return template_workdir(tmp_path, monkeypatch, "辛县教育局", OWN)


def _outline_text(folder):
    src = folder / "要点.txt"
    src.write_text((EXAMPLES / "工作要点草稿.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return src


def _commands(folder):
    """(name, arguments before -t) of every command that writes a document."""
    return {
        "summary": ["summary", EXAMPLES / "年度工作总结.yaml"],
        "plan": ["plan", EXAMPLES / "岱山县教育局2024年工作要点.yaml"],
        "convert-txt": ["convert", _outline_text(folder)],
        "convert-docx": ["convert", report_document(folder)],
        "fix": ["check", report_document(folder, name="送来的.docx"), "--fix"],
    }


def test_the_built_in_templates_are_all_covered():
    assert {t.name for t in list_templates()} >= {"default", "红头文件", "示例县教育局"}


@pytest.mark.parametrize("template", ["default", "红头文件", "示例县教育局", "辛县教育局"])
def test_every_command_writes_what_checks_clean_under_its_template(bureau, template):
    profile = load_template(template).profile()
    for name, args in _commands(bureau).items():
        out = bureau / f"{name}-{template}.docx"
        code, output = invoke(*args, "-t", template, "-o", out)
        assert out.exists(), (name, template, output)
        found = check_file(out, profile).findings
        assert found == [], (name, template, [(f.rule, f.para, f.message) for f in found])
        if name == "fix":
            assert code == 0 and "副本检查通过" in output, output
        code, output = invoke("check", out, "-t", template)
        assert code == 0 and "没有发现格式问题" in output, (name, template, output)


def test_check_judges_by_the_template_asked_for(bureau):
    out = bureau / "辛县.docx"
    code, output = invoke("summary", EXAMPLES / "年度工作总结.yaml", "-t", "辛县教育局", "-o", out)
    assert code == 0, output
    # under the default template the bureau's own layout is a list of departures from GB/T 9704
    rules = {f.rule for f in check_file(out).findings}
    assert {"page-margins", "page-lines", "page-chars", "font-title", "pagenum-form", "pagenum-side"} <= rules, rules
    code, output = invoke("check", out)
    assert code == 1 and "上 30 毫米" in output.replace("\n", ""), output
    # and the hints name the template's values
    plain = bureau / "默认.docx"
    invoke("summary", EXAMPLES / "年度工作总结.yaml", "-o", plain)
    found = {f.rule: f for f in check_file(plain, load_template("辛县教育局").profile()).findings}
    assert "上 30、下 30、左 27、右 25 毫米" in found["page-margins"].hint
    assert "每页 24 行" in found["page-lines"].hint and "每行 29 字" in found["page-chars"].hint
    assert "华文中宋" in found["font-title"].hint and "小一" in found["font-title"].hint
    assert "- 1 -" in found["pagenum-form"].hint


def test_an_unknown_template_is_refused_before_checking(bureau):
    code, output = invoke("check", EXAMPLES / "年度工作总结.yaml", "-t", "没有这个模板")
    assert code == 2 and "没有这个模板" in output and "Traceback" not in output
