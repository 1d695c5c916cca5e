"""The input a clerk writes (YAML or JSON, Chinese field names) and its conversion to the model.

A summary:                              A plan (工作要点 / 工作计划):
  标题, 署名, 日期, 主送, 附件标签, 年度     same meta
  开头 (+ 开头结语)                       开头 (+ 开头结语)
  工作成绩: sections                       分节: sections
  存在问题: 一是……二是…… or numbered       结尾 (+ 结尾结语), 附件
  工作思路: sections
  结尾 (+ 结尾结语), 附件
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from draftkit import model as m
from draftkit.dates import NoSuchDay, typed_date
from draftkit.errors import InputError, Problem
from draftkit.loader import Loaded, Loc, format_loc
from draftkit.messages import describe_error
from draftkit.numbering import MARKER_NAMES, MAX_NUMBER, chinese_numeral
from draftkit.phrases import Figure, PhraseError, render_phrase, render_text
from draftkit.profile import apply_profile_defaults

# ---------------------------------------------------------------------------------
# value types


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        try:
            return typed_date(value)
        except NoSuchDay:
            raise ValueError(f"“{value}”不是一个存在的日期") from None
        except ValueError:
            pass
    raise ValueError(f"“{value}”不是日期，应写作 2024-05-24 或 2024年5月24日")


DateValue = Annotated[dt.date, BeforeValidator(_parse_date)]


def _as_text_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


def _number_to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


Cell = Annotated[str, BeforeValidator(_number_to_str)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=True)


class FigureIn(_In):
    value: float = Field(alias="数值", allow_inf_nan=False)
    unit: str = Field("", alias="单位")
    previous: float | None = Field(None, alias="上年", allow_inf_nan=False)


class TableBody(_In):
    caption: str | None = Field(None, alias="标题")
    header: list[Cell] | None = Field(None, alias="表头")
    rows: list[list[Cell]] = Field(alias="行", min_length=1)


class TableIn(_In):
    table: TableBody = Field(alias="表格")


BodyItem = Union[str, TableIn]
Body = Annotated[list[BodyItem], BeforeValidator(_as_text_list)]


class SectionIn(_In):
    title: str = Field(alias="标题", min_length=1)
    body: Body = Field(default_factory=list, alias="正文")
    run_in: bool | None = Field(None, alias="接排")
    figures: dict[str, FigureIn] = Field(default_factory=dict, alias="数据")
    children: list["SectionIn"] = Field(default_factory=list, alias="子项")


SectionIn.model_rebuild()


class PartIn(_In):
    """A titled part of a summary (一、2024年工作总结) holding sections."""

    title: str | None = Field(None, alias="标题")
    intro: Body = Field(default_factory=list, alias="概述")
    sections: list[SectionIn] = Field(default_factory=list, alias="分节")


class ProblemsIn(_In):
    title: str | None = Field(None, alias="标题")
    lead: str | None = Field(None, alias="引语")
    style: Literal["一是", "分条"] = Field("一是", alias="样式")
    items: list[Union[str, SectionIn]] = Field(alias="条目", min_length=1)
    after: Body = Field(default_factory=list, alias="结语")


class AttachmentIn(_In):
    title: str = Field(alias="标题", min_length=1)
    body: Body = Field(default_factory=list, alias="正文")
    sections: list[SectionIn] = Field(default_factory=list, alias="分节")


def _marker_text(value: Any) -> Any:
    # YAML reads an unquoted 1. as the number 1.0
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) == 1:
        return "1."
    if isinstance(value, str):
        return value.strip().replace("(", "（").replace(")", "）").replace("．", ".")
    return value


MarkerName = Annotated[Literal["一、", "（一）", "1.", "（1）"], BeforeValidator(_marker_text)]


class CommonIn(_In):
    title: Annotated[list[str], BeforeValidator(_as_text_list)] = Field(alias="标题", min_length=1)
    org: str | None = Field(None, alias="署名")
    date: DateValue | None = Field(None, alias="日期")
    recipient: str | None = Field(None, alias="主送")
    label: str | None = Field(None, alias="附件标签")
    year: int | None = Field(None, alias="年度", ge=1949, le=2200)
    numbering: Literal["分节重排", "连续"] | None = Field(None, alias="编号")
    # "某教发〔2025〕3号", or just 3 when the template has a 机关代字
    doc_number: Annotated[str, BeforeValidator(lambda v: str(v) if type(v) is int else v)] | None = Field(
        None, alias="发文字号")
    markers: list[MarkerName] | None = Field(None, alias="层级标记", min_length=1, max_length=4)
    figures: dict[str, FigureIn] = Field(default_factory=dict, alias="数据")
    opening: Body = Field(default_factory=list, alias="开头")
    opening_close: bool | str = Field(False, alias="开头结语")
    closing_close: bool | str = Field(False, alias="结尾结语")
    closing: Body = Field(default_factory=list, alias="结尾")
    attachments: list[AttachmentIn] = Field(default_factory=list, alias="附件")

    @field_validator("markers")
    @classmethod
    def _markers_in_order(cls, v):
        if v is None:
            return v
        order = list(MARKER_NAMES.values())
        idx = [order.index(x) for x in v]
        if idx != sorted(set(idx)):
            raise ValueError("层级标记必须按“一、（一）1.（1）”的顺序排列，且不能重复")
        return v

    @field_validator("title")
    @classmethod
    def _title_lines(cls, v):
        lines = [part.strip() for item in v for part in str(item).splitlines() if part.strip()]
        if not lines:
            raise ValueError("标题不能为空")
        return lines


class SummaryIn(CommonIn):
    achievements: Union[list[SectionIn], PartIn] = Field(alias="工作成绩")
    problems: ProblemsIn | None = Field(None, alias="存在问题")
    plans: Union[list[SectionIn], PartIn, None] = Field(None, alias="工作思路")


class PlanIn(CommonIn):
    sections: list[SectionIn] = Field(alias="分节", min_length=1)


# ---------------------------------------------------------------------------------
# error messages


def _describe(err: dict[str, Any], allowed: dict[str, list[str]]) -> str:
    if err["type"] == "extra_forbidden":
        parent = tuple(err["loc"][:-1])
        names = allowed.get(format_loc(parent))
        hint = f"（这里可以写的字段：{'、'.join(names)}）" if names else ""
        return f"不认识的字段{hint}"
    return describe_error(err)


def _allowed_fields(model_cls) -> list[str]:
    return [f.alias or name for name, f in model_cls.model_fields.items()]


def _strip_union_noise(loc: tuple) -> tuple:
    """pydantic puts the union member tried into the loc ('list[...]', 'PartIn'); drop them."""
    out = []
    for key in loc:
        if isinstance(key, str) and (
            key.startswith(("list[", "dict[", "function-", "str", "union[", "tagged-union[", "constrained-",
                            "nullable[", "json-or-python["))
            or key in ("SectionIn", "PartIn", "TableIn", "ProblemsIn", "str", "bool", "none")
        ):
            continue
        out.append(key)
    return tuple(out)


def _validation_problems(exc: ValidationError, loaded: Loaded, root_cls) -> list[Problem]:
    allowed_by_loc: dict[str, list[str]] = {}
    problems: list[Problem] = []
    seen: set[tuple] = set()
    errors = exc.errors()
    # Unions report one error per member; keep the most specific per location.
    by_loc: dict[tuple, list[dict]] = {}
    for err in errors:
        loc = _strip_union_noise(tuple(err["loc"]))
        by_loc.setdefault(loc, []).append(err)
    for loc, errs in by_loc.items():
        # When one member failed deeper, the shallow "wrong type" errors of the others are noise.
        if any(other != loc and other[: len(loc)] == loc for other in by_loc):
            continue
        err = errs[0]
        if err["type"] == "extra_forbidden":
            allowed_by_loc[format_loc(loc[:-1])] = _allowed_at(root_cls, loc[:-1], loaded.data)
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        problems.append(loaded.problem(loc, _describe({**err, "loc": loc}, allowed_by_loc)))
    return problems


def _allowed_at(root_cls, loc: tuple, data: Any) -> list[str]:
    """Field names allowed at `loc`, found by walking the input models."""
    cls = root_cls
    node = data
    for key in loc:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, dict) and "表格" in node:
                cls = TableIn
            continue
        field = next((f for f in cls.model_fields.values() if f.alias == key), None)
        if field is None:
            return []
        node = node.get(key) if isinstance(node, dict) else None
        cls = _model_in(field.annotation, node)
        if cls is None:
            return []
    return _allowed_fields(cls)


def _model_in(annotation, node) -> Any:
    """The input model that `node` was validated against, given its field's annotation."""
    import types
    import typing

    def members(a):
        origin = typing.get_origin(a)
        if origin is Union or origin is types.UnionType:
            for x in typing.get_args(a):
                yield from members(x)
        elif origin is Annotated:
            yield from members(typing.get_args(a)[0])
        else:
            yield a

    lists, direct = [], []
    for a in members(annotation):
        if typing.get_origin(a) is list:
            lists.extend(members(typing.get_args(a)[0]))
        else:
            direct.append(a)
    pool = lists if isinstance(node, list) else direct
    models = [c for c in pool if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if models else None


# ---------------------------------------------------------------------------------
# conversion to the document model

_END_PUNCT = "。；;，,、：:"
_LEAD_END = "。？！…"


class _Builder:
    def __init__(self, loaded: Loaded, inp: CommonIn, genre: str, phrases_dir: Path):
        self.loaded = loaded
        self.inp = inp
        self.genre = genre
        self.phrases_dir = phrases_dir
        self.problems: list[Problem] = []
        self.year = inp.year or (inp.date.year if inp.date else dt.date.today().year)
        levels = [k for k, v in MARKER_NAMES.items() if v in (inp.markers or [])] or [1, 2, 3, 4]
        self.levels = levels
        self.base_vars: dict[str, Any] = {
            "年度": self.year,
            "标题": "".join(inp.title),
            "单位": inp.org or "",
        }
        self.base_vars.update(self._figures(inp.figures))

    def fail(self, loc: Loc, message: str) -> None:
        self.problems.append(self.loaded.problem(loc, message))

    @staticmethod
    def _figures(figs: dict[str, FigureIn]) -> dict[str, Figure]:
        return {k: Figure(v.value, v.unit, v.previous) for k, v in figs.items()}

    def text(self, value: str, loc: Loc, variables: dict[str, Any]) -> str:
        try:
            out = render_text(value, variables)
        except PhraseError as exc:
            self.fail(loc, f"文字中的数据引用有误：{exc.message}")
            return value
        from draftkit.convert.cleanup import normalise_punct, normalise_ranges

        fixed = normalise_ranges(normalise_punct(out))
        if fixed != out:
            # half-width punctuation pasted from a web page: corrected, and the clerk is told where
            line = self.loaded.line_of(loc)
            self.punct_fixed.append(line[0] if isinstance(line, tuple) else line)
        return fixed

    def phrase(self, name: str, loc: Loc) -> str:
        try:
            return render_phrase(self.phrases_dir, name, self.base_vars)
        except PhraseError as exc:
            self.fail(loc, exc.message)
            return ""

    def level_at(self, depth: int, loc: Loc) -> int | None:
        if depth >= len(self.levels):
            allowed = "".join(MARKER_NAMES[lv] for lv in self.levels)
            self.fail(loc, f"层级太深：最多 {len(self.levels)} 级（{allowed}），这里是第 {depth + 1} 级")
            return None
        return self.levels[depth]

    def body(self, items: list, loc: Loc, variables: dict[str, Any]) -> list[m.Paragraph | m.Table]:
        out: list[m.Paragraph | m.Table] = []
        for i, item in enumerate(items):
            if isinstance(item, TableIn):
                out.append(self.table(item.table, loc + (i, "表格"), variables))
                continue
            text = self.text(item, loc + (i,), variables)
            for line in text.splitlines():
                if line.strip():
                    out.append(m.Paragraph(text=line.strip()))
        return out

    def table(self, t: TableBody, loc: Loc, variables) -> m.Table:
        widths = {len(r) for r in t.rows} | ({len(t.header)} if t.header else set())
        if len(widths) > 1:
            self.fail(loc, f"表格各行的列数不一致（{sorted(widths)}），每行应有相同的格数")
        rows = [[self.text(c, loc + ("行", r, c_i), variables) for c_i, c in enumerate(row)] for r, row in enumerate(t.rows)]
        return m.Table(caption=t.caption, header=t.header, rows=rows)

    def sections(self, items: list[SectionIn], depth: int, loc: Loc, variables) -> list[m.Section]:
        if len(items) > MAX_NUMBER:
            self.fail(loc + (MAX_NUMBER,), f"同一级有 {len(items)} 项，编号最多排到 {MAX_NUMBER}（中文序号写不出更大的数），"
                                           "请把这一级分成几部分")
            return []
        out = []
        for i, s in enumerate(items):
            sec = self.section(s, depth, loc + (i,), variables)
            if sec is not None:
                out.append(sec)
        return out

    def section(self, s: SectionIn, depth: int, loc: Loc, variables) -> m.Section | None:
        level = self.level_at(depth, loc)
        if level is None:
            return None
        scope = {**variables, **self._figures(s.figures)}
        title = self.text(s.title, loc + ("标题",), scope)
        blocks: list = self.body(s.body, loc + ("正文",), scope)
        children = self.sections(s.children, depth + 1, loc + ("子项",), scope)
        if not blocks and not children and level <= 2 and not s.run_in:
            self.fail(loc, f"「{title}」下面没有内容：请写“正文”或“子项”")
        run_in = s.run_in
        if run_in is None:
            run_in = level >= 3
        if run_in:
            title = title.rstrip("，,；;、：: ")
            if not title.endswith(tuple(_LEAD_END)):
                title += "。"
        else:
            title = title.rstrip(_END_PUNCT + " ")
        if "\n" in title:
            self.fail(loc + ("标题",), "标题不能分成多行")
        return m.Section(level=level, title=title, run_in=run_in, blocks=blocks + children)

    def part(self, value, loc: Loc, default_title: str | None) -> list[m.Section]:
        """A summary part: a list of sections at the top, or one titled level-1 section."""
        if value is None:
            return []
        if isinstance(value, list):
            if not value:
                self.fail(loc, "不能为空")
            return self.sections(value, 0, loc, self.base_vars)
        title = value.title or (self.phrase(default_title, loc) if default_title else None)
        if not title:
            self.fail(loc + ("标题",), "缺少标题")
            return []
        level = self.level_at(0, loc)
        intro = self.body(value.intro, loc + ("概述",), self.base_vars)
        children = self.sections(value.sections, 1, loc + ("分节",), self.base_vars)
        if not intro and not children:
            self.fail(loc, f"「{title}」下面没有内容：请写“概述”或“分节”")
        if level is None:
            return []
        return [m.Section(level=level, title=title.rstrip(_END_PUNCT), blocks=intro + children)]

    def problems_part(self, p: ProblemsIn, loc: Loc) -> list[m.Section]:
        title = p.title or self.phrase("problems_title", loc)
        level = self.level_at(0, loc)
        lead = p.lead if p.lead is not None else self.phrase("problems_lead", loc)
        lead = self.text(lead, loc + ("引语",), self.base_vars)
        blocks: list = []
        if p.style == "一是":
            parts = []
            for i, item in enumerate(p.items):
                if isinstance(item, SectionIn):
                    text = self.text(item.title, loc + ("条目", i, "标题"), self.base_vars)
                    extra = [self.text(b, loc + ("条目", i, "正文"), self.base_vars) for b in item.body if isinstance(b, str)]
                    text = "，".join([text.rstrip(_END_PUNCT)] + [e.rstrip(_END_PUNCT) for e in extra])
                else:
                    text = self.text(item, loc + ("条目", i), self.base_vars)
                text = text.strip().rstrip(_END_PUNCT + " ")
                text = re.sub(r"^[一二三四五六七八九十]+是", "", text)
                parts.append(f"{chinese_numeral(i + 1)}是{text}")
            sentence = "；".join(parts) + "。"
            lead = lead.rstrip()
            if lead and not lead.endswith(("：", ":")):
                lead = lead.rstrip(_END_PUNCT) + "："
            blocks.append(m.Paragraph(text=lead.replace(":", "：") + sentence if lead else sentence))
        else:
            if lead:
                blocks.append(m.Paragraph(text=lead))
            for i, item in enumerate(p.items):
                if isinstance(item, SectionIn):
                    sec = self.section(item, 1, loc + ("条目", i), self.base_vars)
                    if sec:
                        blocks.append(sec)
                else:
                    sub_level = self.level_at(1, loc + ("条目", i))
                    if sub_level is None:
                        continue
                    text = self.text(item, loc + ("条目", i), self.base_vars).rstrip(_END_PUNCT) + "。"
                    blocks.append(m.Section(level=sub_level, title=text, run_in=True))
        blocks += self.body(p.after, loc + ("结语",), self.base_vars)
        if level is None:
            return []
        return [m.Section(level=level, title=title.rstrip(_END_PUNCT), blocks=blocks)]

    def opening(self) -> list[m.Paragraph | m.Table]:
        inp = self.inp
        blocks = self.body(inp.opening, ("开头",), self.base_vars)
        close = inp.opening_close
        if close:
            sentence = close if isinstance(close, str) else self.phrase(f"{self.genre}_opening_close", ("开头结语",))
            sentence = self.text(sentence, ("开头结语",), self.base_vars)
            if blocks and isinstance(blocks[-1], m.Paragraph):
                blocks[-1] = m.Paragraph(text=blocks[-1].text + sentence)
            else:
                blocks.append(m.Paragraph(text=sentence))
        return blocks

    def closing(self) -> list[m.Paragraph | m.Table]:
        """结尾, and with 结尾结语 the genre's stock closing sentence as its own last paragraph."""
        inp = self.inp
        blocks = self.body(inp.closing, ("结尾",), self.base_vars)
        close = inp.closing_close
        if close:
            sentence = close if isinstance(close, str) else self.phrase(f"{self.genre}_closing", ("结尾结语",))
            blocks.append(m.Paragraph(text=self.text(sentence, ("结尾结语",), self.base_vars)))
        return blocks

    def attachments(self) -> list[m.Attachment]:
        out = []
        for i, a in enumerate(self.inp.attachments):
            loc = ("附件", i)
            title = self.text(a.title, loc + ("标题",), self.base_vars).rstrip(_END_PUNCT)
            blocks = self.body(a.body, loc + ("正文",), self.base_vars)
            blocks += self.sections(a.sections, 0, loc + ("分节",), self.base_vars)
            if not blocks:
                self.fail(loc, f"附件「{title}」没有内容：请写“正文”或“分节”")
            out.append(m.Attachment(title=title, blocks=blocks))
        return out

    def meta(self) -> m.Meta:
        inp = self.inp
        recipient = inp.recipient
        if recipient:
            recipient = recipient.rstrip("：:，,。 ") + "："
        title = [t.rstrip("。") for t in inp.title]
        return m.Meta(
            title=title,
            org=inp.org,
            date=inp.date,
            recipient=recipient,
            label=inp.label,
            year=self.year,
            genre=self.genre,
            doc_number=inp.doc_number,
        )


def _validate(loaded: Loaded, cls):
    try:
        return cls.model_validate(loaded.data)
    except ValidationError as exc:
        raise InputError(loaded.path, _validation_problems(exc, loaded, cls)) from None


def build(loaded: Loaded, kind: Literal["summary", "plan"], *, profile=None) -> m.Document:
    """Validate the loaded input and turn it into a Document.  Raises InputError.

    profile: a bureau template's settings (the default layout when None): its phrase
    templates are used, and its 署名, 主送 and 编号 fill in what the input leaves out.
    """
    from draftkit.profile import default_profile

    phrases_dir = (profile or default_profile()).phrase_folders
    cls = SummaryIn if kind == "summary" else PlanIn
    if kind == "plan" and isinstance(loaded.data, dict) and "工作成绩" in loaded.data and "分节" not in loaded.data:
        raise InputError(
            loaded.path,
            [loaded.problem(("工作成绩",), "这是工作总结的输入，请用 draftkit summary；工作要点的输入用“分节”列出各部分")],
        )
    if kind == "summary" and isinstance(loaded.data, dict) and "分节" in loaded.data and "工作成绩" not in loaded.data:
        raise InputError(
            loaded.path,
            [loaded.problem(("分节",), "这是工作要点的输入，请用 draftkit plan；工作总结的输入用“工作成绩”")],
        )
    inp = _validate(loaded, cls)
    b = _Builder(loaded, inp, kind, phrases_dir)
    b.punct_fixed = []
    if profile is not None and not b.base_vars.get("单位"):
        b.base_vars["单位"] = profile.signature or profile.org_name or ""
    blocks: list = b.opening()
    if isinstance(inp, SummaryIn):
        blocks += b.part(inp.achievements, ("工作成绩",), "achievements_title")
        if inp.problems is not None:
            blocks += b.problems_part(inp.problems, ("存在问题",))
        blocks += b.part(inp.plans, ("工作思路",), "plans_title")
    else:
        blocks += b.sections(inp.sections, 0, ("分节",), b.base_vars)
    blocks += b.closing()
    attachments = b.attachments()
    meta = b.meta()
    if b.problems:
        raise InputError(loaded.path, b.problems)
    if b.punct_fixed:
        lines = sorted({ln for ln in b.punct_fixed if ln})
        where = "、".join(str(ln) for ln in lines[:8]) + (" 等" if len(lines) > 8 else "")
        loaded.warnings.add(f"{loaded.path}：第 {where} 行中文里的半角标点（, ; : ( ) 等）或数值范围的“-”已改为全角标点、一字线")
    if inp.org and not inp.date:
        loaded.warnings.add(f"{loaded.path}：写了“署名”但没有“日期”，成文日期将不会出现")
    if inp.numbering is not None:
        numbering = "continuous" if inp.numbering == "连续" else "restart"
    else:
        numbering = (profile.numbering if profile is not None else None) or "restart"
    if profile is not None:
        meta = apply_profile_defaults(meta, profile, notes=loaded.warnings.items)
    try:
        return m.Document(meta=meta, blocks=blocks, attachments=attachments, numbering=numbering)
    except ValidationError as exc:  # pragma: no cover - the builder guarantees a valid model
        raise InputError(loaded.path, [Problem(str(exc))]) from None
