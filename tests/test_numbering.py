import pytest

from draftkit.numbering import Numberer, chinese_numeral, marker

EXPECTED = {
    1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 15: "十五", 19: "十九", 20: "二十",
    21: "二十一", 30: "三十", 45: "四十五", 90: "九十", 99: "九十九",
    100: "一百", 101: "一百零一", 110: "一百一十", 1005: "一千零五",
}


@pytest.mark.parametrize("n,text", EXPECTED.items())
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text


def test_every_numeral_1_to_99_is_distinct_and_wellformed():
    seen = set()
    for n in range(1, 100):
        s = chinese_numeral(n)
        assert s not in seen
        seen.add(s)
        assert not s.startswith("一十")
        assert "零" not in s
        assert set(s) <= set("一二三四五六七八九十")


@pytest.mark.parametrize("bad", [0, -1])
def test_numeral_rejects_non_positive(bad):
    with pytest.raises(ValueError):
        chinese_numeral(bad)


def test_markers_for_four_levels():
    assert marker(1, 12) == "十二、"
    assert marker(2, 3) == "（三）"
    assert marker(3, 7) == "7."
    assert marker(4, 11) == "（11）"
    with pytest.raises(ValueError):
        marker(5, 1)


def _sequence(style, levels):
    n = Numberer(style)
    return [n.next(lv) for lv in levels]


def test_restart_numbering():
    levels = [1, 2, 3, 3, 4, 4, 3, 2, 3, 1, 2, 3]
    assert _sequence("restart", levels) == [
        "一、", "（一）", "1.", "2.", "（1）", "（2）", "3.", "（二）", "1.", "二、", "（一）", "1.",
    ]


def test_continuous_numbering_runs_level_three_through_the_document():
    levels = [1, 2, 3, 3, 4, 3, 2, 3, 1, 2, 3]
    assert _sequence("continuous", levels) == [
        "一、", "（一）", "1.", "2.", "（1）", "3.", "（二）", "4.", "二、", "（一）", "5.",
    ]


def test_level_four_restarts_under_each_level_three_even_when_continuous():
    assert _sequence("continuous", [3, 4, 4, 3, 4]) == ["1.", "（1）", "（2）", "2.", "（1）"]


def test_two_level_documents_go_from_one_straight_to_three():
    assert _sequence("restart", [1, 3, 3, 1, 3]) == ["一、", "1.", "2.", "二、", "1."]


def test_divisions_count_on_their_own():
    from draftkit.numbering import Numberer

    n = Numberer()
    got = [n.next_division("chapter"), n.next(1), n.next_division("part"), n.next_division("article"), n.next(2),
           n.next_division("article"), n.next(2), n.next_division("chapter"), n.next_division("part"),
           n.next_division("article"), n.next(1)]
    # 节 start again in each chapter, articles never; headings start again under each article
    assert got == ["第一章", "一、", "第一节", "第一条", "（一）", "第二条", "（一）", "第二章", "第一节", "第三条", "一、"]
    n = Numberer(restart_in_chapters=True)
    assert [n.next_division("chapter"), n.next(1), n.next(1), n.next_division("chapter"), n.next(1)] == [
        "第一章", "一、", "二、", "第二章", "一、"]
    n = Numberer()
    assert [n.next_division("chapter"), n.next(1), n.next(1), n.next_division("chapter"), n.next(1)] == [
        "第一章", "一、", "二、", "第二章", "三、"]


def test_numbers_past_what_chinese_numerals_write_are_a_clear_error():
    import pytest

    from draftkit.errors import DraftkitError
    from draftkit.numbering import MAX_NUMBER, Numberer

    n = Numberer()
    for _ in range(MAX_NUMBER):
        n.next(2)
    with pytest.raises(DraftkitError, match="第 2 级标题排到了第 10000 项"):
        n.next(2)
    n = Numberer("keep")
    with pytest.raises(DraftkitError, match="“第X条”排到了第 12000 项"):
        n.next_division("article", 12000)
