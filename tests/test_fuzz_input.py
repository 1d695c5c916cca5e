"""Fuzzing the YAML path with structures, not only strings.

hypothesis builds nested mappings and lists in the input's own field names, with leaves of
every kind YAML can hold (text with references, numbers huge and odd, dates, booleans,
nothing).  Most are close enough to valid to reach the writer.  Whatever comes in, the
result is a document that opens, or a DraftkitError whose message is Chinese and names
the file; never any other exception, never a library's English.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftkit.errors import DraftkitError

LEAKS = ("Input should", "Field required", "constrained-", "function-", "Traceback", "is undefined",
         "Value error", "validation error")

COMMON_KEYS = ["标题", "署名", "日期", "主送", "附件标签", "年度", "编号", "发文字号", "层级标记", "数据",
               "开头", "开头结语", "结尾", "结尾结语", "附件"]
NESTED_KEYS = ["标题", "正文", "接排", "数据", "子项", "分节", "概述", "引语", "样式", "条目", "结语", "表格",
               "行", "表头", "数值", "单位", "上年"]

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
WORDS = st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789，。、；：“”（）《》—… abcXYZ\t")),
                min_size=0, max_size=25)
REFERENCES = st.sampled_from(["{{ 资金 }}", "{{ 资金.变化 }}", "{{ 资金.增幅 }}", "{{ 年度 }}", "{{ 没有 }}",
                              "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{{ 资金.__class__ }}", "{{", "}}"])
TEXT = st.one_of(WORDS, st.builds(lambda a, r, b: a + r + b, WORDS, REFERENCES, WORDS))
LEAVES = st.one_of(
    TEXT,
    st.integers(min_value=-10**6, max_value=10**6),
    st.sampled_from([0, 1949, 2024, 2201, 10**30, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["2024-12-20", "2024年5月24日", "2024-02-30", "明年", "一、", "（一）", "1.", "（1）",
                     "一是", "分条", "连续", "分节重排"]),
)


def _value(depth: int):
    if depth == 0:
        return LEAVES
    inner = _value(depth - 1)
    return st.one_of(
        LEAVES,
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(NESTED_KEYS), inner, max_size=4),
    )


def mostly(good, odd=LEAVES):
    """Nearly always a good value, one time in twenty anything: deep enough to reach the writer,
    odd enough to hurt."""
    return st.integers(0, 19).flatmap(lambda n: odd if n == 0 else good)


GOOD_REFERENCES = st.sampled_from(["{{ 资金 }}", "{{ 资金.数值 }}", "{{ 年度 }}", "{{资金.单位}}"])
SOME_TEXT = st.one_of(WORDS, st.builds(lambda a, r, b: a + r + b, WORDS, GOOD_REFERENCES, WORDS)).filter(
    lambda t: t.strip())
FIGURE = st.fixed_dictionaries({"数值": mostly(st.floats(-1e6, 1e6), st.floats(allow_nan=True, allow_infinity=True))},
                               optional={"单位": WORDS, "上年": mostly(st.floats(-1e6, 1e6), st.none())})
FIGURES = st.fixed_dictionaries({"资金": FIGURE}, optional={"学位": FIGURE})
TABLE = st.fixed_dictionaries({"表格": st.fixed_dictionaries(
    {"行": st.lists(st.lists(mostly(st.one_of(SOME_TEXT, st.integers(), st.floats(-1e9, 1e9))), min_size=2,
                             max_size=2), min_size=1, max_size=5)},
    optional={"标题": mostly(SOME_TEXT), "表头": st.lists(SOME_TEXT, min_size=2, max_size=2)})})
BODY = mostly(st.lists(st.one_of(SOME_TEXT, SOME_TEXT, SOME_TEXT, TABLE), min_size=1, max_size=3), _value(2))


def sections(depth: int = 0, min_size: int = 0):
    children = {"子项": sections(depth + 1)} if depth < 2 else {}
    return st.lists(st.fixed_dictionaries(
        {"标题": mostly(SOME_TEXT), "正文": BODY},
        optional={"接排": mostly(st.booleans()), "数据": FIGURES, **children}), min_size=min_size, max_size=3)


SECTION_LISTS = sections(min_size=1)
COMMON = {
    "标题": mostly(SOME_TEXT, st.one_of(st.lists(TEXT, max_size=3), LEAVES)),
    "数据": FIGURES,
}
OPTIONAL_COMMON = {
    "署名": mostly(SOME_TEXT),
    "日期": mostly(st.sampled_from(["2024-12-20", "2024年5月24日"])),
    "主送": mostly(SOME_TEXT),
    "年度": mostly(st.integers(1949, 2200)),
    "层级标记": mostly(st.sampled_from([["一、", "（一）"], ["一、", "1."], ["（一）", "1.", "（1）"]]),
                   st.lists(st.sampled_from(["一、", "（一）", "1.", "（1）", 1.0, "二、"]), max_size=5)),
    "开头": mostly(st.lists(SOME_TEXT, min_size=1, max_size=3), _value(2)),
    "开头结语": mostly(st.booleans(), TEXT),
    "结尾": mostly(st.lists(SOME_TEXT, min_size=1, max_size=3)),
    "附件": st.lists(st.fixed_dictionaries({"标题": mostly(SOME_TEXT)},
                                           optional={"正文": mostly(SOME_TEXT), "分节": sections(1)}),
                     max_size=2),
    "发文字号": mostly(st.sampled_from(["某教发〔2025〕3号", "3"]), st.integers()),
    "编号": mostly(st.sampled_from(["连续", "分节重排"])),
}
SUMMARY = st.fixed_dictionaries(
    {**COMMON, "工作成绩": mostly(SECTION_LISTS,
                                st.one_of(st.fixed_dictionaries({"分节": sections()},
                                                                optional={"标题": TEXT, "概述": TEXT}), _value(2)))},
    optional={**OPTIONAL_COMMON,
              "存在问题": st.fixed_dictionaries({"条目": st.lists(SOME_TEXT, min_size=1, max_size=4)},
                                                optional={"样式": mostly(st.sampled_from(["一是", "分条"])),
                                                          "引语": TEXT, "标题": TEXT}),
              "工作思路": mostly(sections(), _value(2))})
PLAN = st.fixed_dictionaries({**COMMON, "分节": mostly(SECTION_LISTS, _value(2))},
                             optional=OPTIONAL_COMMON)
CHAOS = st.dictionaries(st.sampled_from(COMMON_KEYS + NESTED_KEYS + ["工作成绩", "分节", "x"]), _value(3),
                        max_size=8)


def _yaml_text(data) -> str:
    from ruamel.yaml import YAML

    y = YAML(typ="safe", pure=True)
    y.allow_unicode = True
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def _attempt(data, kind: str) -> None:
    from draftkit.loader import load
    from draftkit.profile import default_profile
    from draftkit.schema import build
    from draftkit.writer import write_docx

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "输入.yaml"
        src.write_text(_yaml_text(data), encoding="utf-8")
        out = Path(tmp) / "out.docx"
        try:
            doc = build(load(src), kind)
            write_docx(doc, default_profile(), out)
        except DraftkitError as exc:
            message = exc.message
            assert message.strip() and re.search(r"[\u4e00-\u9fff]", message), message
            assert "输入.yaml" in message or "文件" in message, message
            for leak in LEAKS:
                assert leak not in message, message
            assert not out.exists()
            return
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert doc.meta.title_text.replace("\n", "") in text.replace("\n", "")


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])


@FUZZ
@given(SUMMARY)
def test_summary_structures_end_in_a_document_or_a_chinese_message(data):
    _attempt(data, "summary")


@FUZZ
@given(PLAN)
def test_plan_structures_end_in_a_document_or_a_chinese_message(data):
    _attempt(data, "plan")


@FUZZ
@given(CHAOS, st.sampled_from(["summary", "plan"]))
def test_arbitrary_structures_in_the_inputs_field_names(data, kind):
    _attempt(data, kind)


def test_the_fuzzing_reaches_the_writer():
    """Most generated summaries are valid: the properties above test the writer, not only the loader."""
    from hypothesis import find

    from draftkit.loader import load
    from draftkit.schema import build

    def valid(data) -> bool:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.yaml"
            src.write_text(_yaml_text(data), encoding="utf-8")
            try:
                doc = build(load(src), "summary")
            except DraftkitError:
                return False
            return len(doc.blocks) >= 2

    find(SUMMARY, valid, settings=settings(max_examples=500, deadline=None,
                                            suppress_health_check=list(HealthCheck)))
