"""template.yaml as the user writes it: the Chinese keys, their checks, and the 字号 names and
lengths they accept."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from draftkit.loader import BAD_CHARS
from draftkit.profile import CHINESE_SIZES  # the 字号 names, defined with the profile

MAX_FONT_NAME = 31  # characters of a face name Windows keeps (LF_FACESIZE 32, with the terminator)


SETTINGS_FILE = "template.yaml"


def parse_length_mm(value: Any) -> float:
    """37, "37mm", "37 毫米", "3.7cm", "3.7厘米" -> millimetres."""
    if isinstance(value, bool):
        raise ValueError("应为长度，如 37mm")
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip().lower().replace(" ", "")
    mt = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|毫米|cm|厘米|pt|磅)?", s)
    if not mt:
        raise ValueError(f"“{value}”不是长度，应写成 37mm 或 3.7cm")
    n = float(mt.group(1))
    unit = mt.group(2) or "mm"
    return {"mm": n, "毫米": n, "cm": n * 10, "厘米": n * 10, "pt": n * 25.4 / 72, "磅": n * 25.4 / 72}[unit]


def parse_size_pt(value: Any) -> float:
    """16, "16pt", "16磅", "三号", "小二" -> points."""
    if isinstance(value, bool):
        raise ValueError("应为字号，如 三号 或 16pt")
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip().replace(" ", "")
    if s in CHINESE_SIZES:
        return float(CHINESE_SIZES[s])
    mt = re.fullmatch(r"(\d+(?:\.\d+)?)(pt|磅|号)?", s, re.I)
    if not mt or mt.group(2) == "号":
        raise ValueError(f"“{value}”不是字号，应写成 三号、小二 或 16pt")
    return float(mt.group(1))


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("*")
    @classmethod
    def _storable(cls, v):
        """Every text a template sets ends up in a .docx: refuse what XML cannot hold."""
        if isinstance(v, str):
            bad = BAD_CHARS.search(v)
            if bad:
                raise ValueError(f"含有不可见的控制字符（U+{ord(bad.group()):04X}，多是从别处复制带来的），"
                                 "Word 文件里不能存放，请删去")
        return v


class FontsIn(_In):
    title: str | None = Field(None, alias="标题")
    body: str | None = Field(None, alias="正文")
    level1: str | None = Field(None, alias="一级标题")
    level2: str | None = Field(None, alias="二级标题")
    level3: str | None = Field(None, alias="三级标题")
    level4: str | None = Field(None, alias="四级标题")
    label: str | None = Field(None, alias="附件标识")
    latin: str | None = Field(None, alias="西文")
    page_number: str | None = Field(None, alias="页码")
    table_header: str | None = Field(None, alias="表头")

    @field_validator("*")
    @classmethod
    def _nonempty(cls, v):
        if v is not None and not str(v).strip():
            raise ValueError("字体名不能为空")
        if v is not None and len(str(v).strip()) > MAX_FONT_NAME:
            raise ValueError(f"字体名“{v}”超过 {MAX_FONT_NAME} 个字符，Word 和 WPS 只认前 {MAX_FONT_NAME} 个，"
                             "找不到这个字体")
        return v.strip() if isinstance(v, str) else v


class SizesIn(_In):
    title: float | None = Field(None, alias="标题")
    body: float | None = Field(None, alias="正文")
    page_number: float | None = Field(None, alias="页码")
    table: float | None = Field(None, alias="表格")

    @field_validator("*", mode="before")
    @classmethod
    def _size(cls, v):
        if v is None:
            return v
        pt = parse_size_pt(v)
        if not 5 <= pt <= 72:
            raise ValueError(f"字号 {pt:g} 磅不合理（应在 5 到 72 磅之间）")
        return pt


class PageIn(_In):
    width_mm: float | None = Field(None, alias="纸宽")
    height_mm: float | None = Field(None, alias="纸高")
    top_mm: float | None = Field(None, alias="上边距")
    bottom_mm: float | None = Field(None, alias="下边距")
    left_mm: float | None = Field(None, alias="左边距")
    right_mm: float | None = Field(None, alias="右边距")
    footer_mm: float | None = Field(None, alias="页码距下边")
    lines: int | None = Field(None, alias="每页行数", ge=10, le=40)
    chars: int | None = Field(None, alias="每行字数", ge=10, le=50)

    @field_validator("width_mm", "height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm", "footer_mm",
                     mode="before")
    @classmethod
    def _length(cls, v):
        if v is None:
            return v
        mm = parse_length_mm(v)
        if not 0 <= mm <= 500:
            raise ValueError(f"{mm:g} 毫米不合理")
        return mm


class PageNumberIn(_In):
    style: str | None = Field(None, alias="样式")
    position: str | None = Field(None, alias="位置")
    indent_chars: float | None = Field(None, alias="离边字数", ge=0, le=10)

    @field_validator("style")
    @classmethod
    def _style(cls, v):
        if v is not None and v.count("{页码}") != 1:
            raise ValueError("页码样式里要有一个 {页码}，如“— {页码} —”")
        return v

    @field_validator("position")
    @classmethod
    def _position(cls, v):
        if v is not None and v not in POSITIONS:
            raise ValueError(f"页码位置只能是 {'、'.join(POSITIONS)}")
        return v


POSITIONS = {"外侧": "outer", "居中": "center", "右侧": "right"}


class RedHeadIn(_In):
    enabled: bool | None = Field(None, alias="启用")
    mark: str | None = Field(None, alias="发文机关标志")
    mark_size: float | None = Field(None, alias="标志字号")
    color: str | None = Field(None, alias="颜色")
    code: str | None = Field(None, alias="机关代字")

    @field_validator("mark_size", mode="before")
    @classmethod
    def _size(cls, v):
        return None if v is None else parse_size_pt(v)

    @field_validator("color")
    @classmethod
    def _color(cls, v):
        if v is None:
            return v
        v = str(v).strip().lstrip("#").upper()
        if v in ("红", "红色"):
            return "FF0000"
        if not re.fullmatch(r"[0-9A-F]{6}", v):
            raise ValueError(f"颜色“{v}”应写成六位十六进制，如 FF0000（红色）")
        return v


class BanjiIn(_In):
    enabled: bool | None = Field(None, alias="启用")
    cc: str | None = Field(None, alias="抄送")
    printer: str | None = Field(None, alias="印发机关")


class TemplateIn(_In):
    """template.yaml: every key optional; a template sets only what differs from its parent."""

    extends: str | None = Field(None, alias="继承")
    description: str | None = Field(None, alias="说明")
    org_name: str | None = Field(None, alias="机关名称")
    signature: str | None = Field(None, alias="署名")
    recipient: str | None = Field(None, alias="主送")
    numbering: str | None = Field(None, alias="编号")
    fonts: FontsIn = Field(default_factory=FontsIn, alias="字体")
    sizes: SizesIn = Field(default_factory=SizesIn, alias="字号")
    page: PageIn = Field(default_factory=PageIn, alias="页面")
    bold_lead: bool | None = Field(None, alias="三级标题加粗")
    bold_headings: bool | None = Field(None, alias="一二级标题加粗")
    page_number: PageNumberIn = Field(default_factory=PageNumberIn, alias="页码")
    redhead: RedHeadIn = Field(default_factory=RedHeadIn, alias="红头")
    banji: BanjiIn = Field(default_factory=BanjiIn, alias="版记")
    reference: str | None = Field(None, alias="参考文档")

    @field_validator("numbering")
    @classmethod
    def _numbering(cls, v):
        if v is not None and v not in ("分节重排", "连续"):
            raise ValueError("编号只能是 分节重排 或 连续")
        return v


