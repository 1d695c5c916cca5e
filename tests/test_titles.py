"""Long titles break between words (GB/T 9704 7.3.1: 分行时应当词意完整，排列对称).

Real titles of several kinds of 公文 (通知, 意见, 决定, 决议, 公报, 规划, 方案, 工作要点, 总结),
written with a space wherever a reader would accept a line break: between words, never inside
one, a number with its unit, a 《》 name kept whole where it fits. The segmentation was written
by hand from the titles, not from the tool's output.
"""

from __future__ import annotations

import pytest

from draftkit.script import visual_width
from draftkit.writer.titles import split_title

GOLD = [
    # 通知
    "牟定县 人民政府 办公室 关于 印发 牟定县 突发 环境 事件 应急 预案（试行） 的 通知",
    "湖南省 人民政府 办公厅 关于 加强 普通 高等 学校 毕业生 就业 工作 的 通知",
    "太湖县 人民政府 关于 印发 《太湖县 人民政府 工作 规则》 的 通知",
    "教育部 等 九部门 关于 印发 《中小学生 减负 措施》 的 通知",
    "教育部 关于 印发 《义务 教育 课程 方案 和 课程 标准（2022年版）》 的 通知",
    "国务院 关于 印发 国家 教育 事业 发展 “十三五” 规划 的 通知",
    "教育部 等 四部门 关于 印发 《高中 阶段 教育 普及 攻坚 计划（2017—2020年）》 的 通知",
    "国务院 关于 印发 统筹 推进 世界 一流 大学 和 一流 学科 建设 总体 方案 的 通知",
    # 意见
    "安徽省 人民政府 关于 实施 《国务院 关于 基础 教育 改革 与 发展 的 决定》 的 意见",
    "国家 教育 督导 检查组 对 河北省 30个 县（区） 义务 教育 均衡 发展 督导 检查 反馈 意见",
    "关于 坚持 和 完善 普通 高等 学校 党委 领导 下 的 校长 负责制 的 实施 意见",
    "国务院 办公厅 关于 强化 学校 体育 促进 学生 身心 健康 全面 发展 的 意见",
    "关于 进一步 减轻 义务 教育 阶段 学生 作业 负担 和 校外 培训 负担 的 意见",
    "国务院 关于 当前 发展 学前 教育 的 若干 意见",
    "教育部 关于 加强 和 改进 中小学 实验 教学 的 意见",
    "国务院 办公厅 关于 全面 加强 乡村 小规模 学校 和 乡镇 寄宿制 学校 建设 的 指导 意见",
    "国务院 关于 统筹 推进 县域 内 城乡 义务 教育 一体化 改革 发展 的 若干 意见",
    "国务院 办公厅 关于 加强 中小学 幼儿园 安全 风险 防控 体系 建设 的 意见",
    "国务院 关于 深入 推进 义务 教育 均衡 发展 的 意见",
    "国务院 办公厅 关于 进一步 调整 优化 结构 提高 教育 经费 使用 效益 的 意见",
    "教育部 关于 全面 深化 课程 改革 落实 立德 树人 根本 任务 的 意见",
    # 决定, 决议, 公报
    "上海市 人民政府 关于 表彰 刘翔、 姚明 等 31名 运动员、 教练员 的 决定",
    "中共中央 关于 全面 深化 改革 若干 重大 问题 的 决定",
    "中国共产党 第十八次 全国 代表 大会 关于 十七届 中央 委员会 报告 的 决议",
    "中国共产党 第十八届 中央 委员会 第三次 全体 会议 公报",
    # 工作要点, 总结 (the seeds), 工作意见
    "岱山县 教育局 2024年 工作 要点",
    "岱山县 教育局 2020年 工作 总结",
    "昆山市 2017年 教育 工作 意见",
    "甘肃省 “十一五” 教育 事业 发展 规划",
]


def _gold(annotated: str) -> tuple[str, set[int]]:
    text, boundaries = "", set()
    for word in annotated.split(" "):
        if text:
            boundaries.add(len(text))
        text += word
    return text, boundaries


@pytest.mark.parametrize("width", [20, 16])
@pytest.mark.parametrize("annotated", GOLD, ids=lambda a: a.replace(" ", "")[:14])
def test_every_break_falls_between_words(annotated, width):
    title, boundaries = _gold(annotated)
    lines = split_title(title, width)
    assert "".join(lines) == title
    assert all(visual_width(x) <= width for x in lines), lines
    breaks = [sum(len(x) for x in lines[:i]) for i in range(1, len(lines))]
    assert all(b in boundaries for b in breaks), lines
    w = [visual_width(x) for x in lines]
    assert not (len(w) == 3 and w[1] < w[0] and w[1] < w[2]), f"hourglass: {lines}"


def test_the_gold_list_really_needs_splitting():
    """At least 20 of the titles are longer than a line at the default width, so the test above
    is about breaking and not about titles that fit."""
    long = [a for a in GOLD if visual_width(_gold(a)[0]) > 20]
    assert len(long) >= 20


def test_breaks_prefer_units_of_meaning():
    lines = split_title("湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知", 20)
    assert lines[0] in ("湖南省人民政府办公厅", "湖南省人民政府办公厅关于"), lines


def test_a_number_keeps_its_unit_and_an_ordinal_its_numeral():
    from draftkit.writer.titles import word_boundaries

    text = "中国共产党第十八次全国代表大会关于2024年30个县的决议"
    b = word_boundaries(text)
    for word in ("第十八次", "2024年", "30个"):
        i = text.index(word)
        assert not any(i < k < i + len(word) for k in b), word


def test_a_title_of_more_than_three_lines_is_wrapped_between_words():
    title = "关于进一步加强全县中小学校幼儿园安全管理和学生心理健康教育以及课后服务工作的实施方案" * 2
    lines = split_title(title, 16)
    assert "".join(lines) == title and len(lines) > 3
    assert all(visual_width(x) <= 16 for x in lines)
    assert not any(x.startswith(("校", "园", "理")) for x in lines), lines
