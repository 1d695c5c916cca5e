"""The input schema: what a clerk may write, and the messages when it is wrong."""

import datetime as dt
import json

import pytest

from draftkit import model as m
from draftkit.errors import InputError
from tests.conftest import DEMO_SUMMARY, SEED_PLAN, SEED_SUMMARY, build_doc

MINIMAL = """\
标题: 某县教育局2024年工作总结
署名: 某县教育局
日期: 2024-12-20
开头: 今年以来，工作有序推进。
工作成绩:
  - 标题: 党建工作
    正文: 全年召开会议10次。
"""


def problems_of(excinfo):
    return excinfo.value.problems


def test_minimal_summary(build_input):
    doc = build_input(MINIMAL)
    assert doc.meta.title == ["某县教育局2024年工作总结"]
    assert doc.meta.date == dt.date(2024, 12, 20)
    assert doc.meta.year == 2024
    sec = doc.blocks[1]
    assert isinstance(sec, m.Section) and sec.level == 1 and sec.title == "党建工作"


@pytest.mark.parametrize("value", ["2024年5月4日", "2024-05-04", "2024/5/4", "2024.5.4", "2024 年 5 月 4 日"])
def test_date_forms(build_input, value):
    doc = build_input(MINIMAL.replace("2024-12-20", value))
    assert doc.meta.date == dt.date(2024, 5, 4)


def test_seed_summary_is_rebuilt_in_full():
    doc = build_doc(SEED_SUMMARY, "summary")
    assert doc.meta.label == "附件2"
    top = [b for b in doc.blocks if isinstance(b, m.Section)]
    assert [s.title for s in top] == ["2020年工作总结", "存在的主要问题"]
    seconds = [b for b in top[0].blocks if isinstance(b, m.Section)]
    assert len(seconds) == 6
    assert seconds[0].title == "突出引领，党的建设得到全面加强"
    items = [[b for b in s.blocks if isinstance(b, m.Section)] for s in seconds]
    assert [len(x) for x in items] == [4, 0, 0, 0, 3, 4]
    assert all(i.run_in and i.level == 3 for x in items for i in x)
    problems = top[1].blocks[0].text
    assert problems.startswith("2020年，经过广大教育工作者的努力")
    assert "：一是全县优质教育资源供给仍然不足" in problems
    assert "；五是教育系统整体向心力不强" in problems and problems.endswith("需要提振。")
    assert ";" not in problems


def test_seed_plan_uses_two_levels():
    doc = build_doc(SEED_PLAN, "plan")
    top = [b for b in doc.blocks if isinstance(b, m.Section)]
    assert len(top) == 4 and all(s.level == 1 for s in top)
    assert [len([c for c in s.blocks if isinstance(c, m.Section)]) for s in top] == [3, 3, 5, 4]
    assert all(c.level == 3 for s in top for c in s.blocks if isinstance(c, m.Section))


def test_demo_uses_every_feature():
    doc = build_doc(DEMO_SUMMARY, "summary")
    assert doc.meta.recipient == "县人民政府："
    opening = doc.blocks[0].text
    assert "3.86亿元" in opening and "增长9.7%" in opening
    assert opening.endswith("现将2024年工作情况汇报如下：")
    kinds = {type(b).__name__ for _, b in doc.walk()}
    assert {"Paragraph", "Section"} <= kinds
    levels = {b.level for _, b in doc.walk() if isinstance(b, m.Section)}
    assert levels == {1, 2, 3, 4}
    assert len(doc.attachments) == 2
    assert isinstance(doc.attachments[0].blocks[0], m.Table)
    texts = " ".join(b.text for _, b in doc.walk() if isinstance(b, m.Paragraph))
    assert "新增学位2160个，比上年增加360个（增幅20.0%）" in texts


def test_problems_as_numbered_items(build_input):
    doc = build_input(MINIMAL + "存在问题:\n  样式: 分条\n  条目:\n    - 投入不足\n    - 队伍老化。\n")
    part = doc.blocks[-1]
    items = [b for b in part.blocks if isinstance(b, m.Section)]
    assert [(s.level, s.title, s.run_in) for s in items] == [(2, "投入不足。", True), (2, "队伍老化。", True)]


def test_problems_inline_default_lead_and_punctuation(build_input):
    doc = build_input(MINIMAL + "存在问题:\n  条目:\n    - 一是投入不足；\n    - 队伍老化。\n")
    text = doc.blocks[-1].blocks[0].text
    assert text.endswith("：一是投入不足；二是队伍老化。")
    assert text.startswith("2024年")


def test_standalone_heading_loses_end_punctuation_and_run_in_lead_gains_it(build_input):
    text = MINIMAL.replace("党建工作", "党建工作。") + (
        "    子项:\n      - 标题: 支部建设有力；\n        子项:\n          - 标题: 换届按期完成\n            正文: 完成换届。\n"
    )
    doc = build_input(text)
    sec = doc.blocks[1]
    assert sec.title == "党建工作"
    second = sec.blocks[-1]
    assert second.level == 2 and not second.run_in and second.title == "支部建设有力"
    item = second.blocks[0]
    assert item.level == 3 and item.run_in and item.title == "换届按期完成。"


def test_json_input(build_input):
    data = {"标题": "某局2025年工作要点", "分节": [{"标题": "抓党建", "正文": "加强学习。"}], "编号": "连续"}
    doc = build_input(json.dumps(data, ensure_ascii=False), kind="plan", name="plan.json")
    assert doc.numbering == "continuous"
    assert doc.blocks[0].title == "抓党建"


def test_title_lines_given_by_user(build_input):
    doc = build_input(MINIMAL.replace("标题: 某县教育局2024年工作总结", "标题:\n  - 某县教育局\n  - 2024年工作总结"))
    assert doc.meta.title == ["某县教育局", "2024年工作总结"]


# ---------------------------------------------------------------------------- errors


def _error(build_input, text, kind="summary", name="input.yaml"):
    with pytest.raises(InputError) as excinfo:
        build_input(text, kind, name)
    return excinfo.value


def test_yaml_syntax_error_names_line_and_column(build_input):
    err = _error(build_input, "标题: 某局\n开头: [未闭合\n工作成绩:\n  - 标题: x\n")
    (p,) = err.problems
    assert p.line is not None and p.line >= 2
    assert p.column is not None
    assert "YAML 语法错误" in str(err)
    assert "input.yaml" in str(err)


def test_tab_indentation_is_explained(build_input):
    err = _error(build_input, "标题: 某局\n工作成绩:\n\t- 标题: x\n")
    assert "制表符" in str(err) and err.problems[0].line == 3


def test_json_syntax_error(build_input):
    err = _error(build_input, '{"标题": "x",\n "分节": [}', kind="plan", name="in.json")
    assert err.problems[0].line == 2 and "JSON" in str(err)


def test_missing_title_names_the_field(build_input):
    err = _error(build_input, MINIMAL.replace("标题: 某县教育局2024年工作总结\n", ""))
    p = next(p for p in err.problems if p.field == "标题")
    assert "缺少必填字段" in p.message
    assert p.line == 1


def test_wrong_type_names_field_path_and_line(build_input):
    text = MINIMAL + "    子项:\n      - 标题: [甲, 乙]\n"
    err = _error(build_input, text)
    p = err.problems[0]
    assert p.field == "工作成绩[1].子项[1].标题"
    assert p.line == 9
    assert "文字" in p.message


def test_unknown_field_lists_the_allowed_ones(build_input):
    err = _error(build_input, MINIMAL.replace("    正文:", "    正问:"))
    p = err.problems[0]
    assert p.field == "工作成绩[1].正问" and p.line == 7
    assert "不认识的字段" in p.message and "正文" in p.message and "子项" in p.message


def test_bad_date(build_input):
    err = _error(build_input, MINIMAL.replace("2024-12-20", "明年春天"))
    p = err.problems[0]
    assert p.field == "日期" and p.line == 3 and "不是日期" in p.message


def test_impossible_date(build_input):
    err = _error(build_input, MINIMAL.replace("2024-12-20", "2024年2月30日"))
    assert "不是一个存在的日期" in err.problems[0].message


def test_empty_section_is_reported(build_input):
    err = _error(build_input, MINIMAL + "  - 标题: 空的部分\n")
    p = err.problems[0]
    assert p.field == "工作成绩[2]" and p.line == 8 and "没有内容" in p.message


def test_empty_sections_list(build_input):
    err = _error(build_input, "标题: 某局2025年工作要点\n分节: []\n", kind="plan")
    assert err.problems[0].field == "分节" and "不能为空" in err.problems[0].message


def test_nesting_deeper_than_four_levels(build_input):
    text = """\
标题: 某局2025年工作要点
分节:
  - 标题: 一级
    子项:
      - 标题: 二级
        子项:
          - 标题: 三级
            子项:
              - 标题: 四级
                子项:
                  - 标题: 五级
                    正文: 太深了。
"""
    err = _error(build_input, text, kind="plan")
    p = err.problems[0]
    assert "层级太深" in p.message and p.line == 11
    assert p.field == "分节[1].子项[1].子项[1].子项[1].子项[1]"


def test_two_level_markers_limit_depth(build_input):
    text = "标题: 某局要点\n层级标记: [一、, 1.]\n分节:\n  - 标题: 甲\n    子项:\n      - 标题: 乙\n        子项:\n          - 标题: 丙\n"
    err = _error(build_input, text, kind="plan")
    assert "最多 2 级" in err.problems[0].message and err.problems[0].line == 8


def test_markers_must_be_in_order(build_input):
    err = _error(build_input, "标题: 某局要点\n层级标记: [1., 一、]\n分节:\n  - 标题: 甲\n    正文: 乙\n", kind="plan")
    assert "顺序" in err.problems[0].message


def test_undefined_figure_in_text(build_input):
    err = _error(build_input, MINIMAL.replace("全年召开会议10次。", "投入{{ 资金 }}。"))
    p = err.problems[0]
    assert p.field == "工作成绩[1].正文[1]" and p.line == 7 and "资金" in p.message


def test_growth_without_previous_value(build_input):
    text = MINIMAL.replace("全年召开会议10次。", "投入{{ 资金.增幅 }}。") + "    数据:\n      资金: {数值: 5, 单位: 万元}\n"
    err = _error(build_input, text)
    assert "上年" in err.problems[0].message


def test_template_in_text_cannot_reach_python_internals(build_input):
    err = _error(build_input, MINIMAL.replace("全年召开会议10次。", "\"{{ ''.__class__.__mro__ }}\""))
    assert "不是数据引用" in err.problems[0].message


def test_several_problems_reported_together(build_input):
    err = _error(build_input, MINIMAL.replace("2024-12-20", "不详").replace("    正文:", "    正问:"))
    assert len(err.problems) == 2


def test_summary_input_given_to_plan_command(build_input):
    err = _error(build_input, MINIMAL, kind="plan")
    assert "draftkit summary" in str(err)


def test_control_characters_are_removed_with_a_warning(make_input):
    from draftkit.loader import load
    from draftkit.schema import build

    path = make_input(MINIMAL.replace("全年召开会议10次。", "全年召开\x07会议\x0b10次。"))
    loaded = load(path)
    doc = build(loaded, "summary")
    assert doc.blocks[1].blocks[0].text == "全年召开会议10次。"
    (warning,) = list(loaded.warnings)
    assert "第 7 行" in warning and "控制字符" in warning


def test_gbk_encoded_input_is_read_with_a_warning(tmp_path):
    from draftkit.loader import load

    p = tmp_path / "gbk.yaml"
    p.write_bytes(MINIMAL.encode("gbk"))
    loaded = load(p)
    assert loaded.data["标题"] == "某县教育局2024年工作总结"
    assert any("GB18030" in w for w in loaded.warnings)


@pytest.mark.parametrize("content,needle", [(b"", "空的"), (b"PK\x03\x04\x00\x00binary", "不是文本文件")])
def test_empty_and_binary_files(tmp_path, content, needle):
    from draftkit.loader import load

    p = tmp_path / "x.yaml"
    p.write_bytes(content)
    with pytest.raises(InputError) as excinfo:
        load(p)
    assert needle in str(excinfo.value)


def test_fullwidth_colon_at_top_level_is_explained(build_input):
    err = _error(build_input, "标题：某局总结\n")
    assert "全角冒号" in str(err)


def test_unquoted_template_at_value_start_is_explained(build_input):
    err = _error(build_input, MINIMAL.replace("全年召开会议10次。", "{{ 资金 }}用于建设。"))
    assert "引号" in str(err) and err.problems[0].line == 7


def test_choice_error_lists_the_choices_in_chinese(build_input):
    err = _error(build_input, MINIMAL + "存在问题:\n  样式: 二是\n  条目: [甲]\n")
    p = err.problems[0]
    assert p.field == "存在问题.样式" and p.line == 9
    assert "“一是”、“分条”" in p.message and " or " not in p.message
