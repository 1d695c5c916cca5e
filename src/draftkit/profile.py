"""Everything a bureau may change about the layout, with GB/T 9704-2012 as the default.

Geometry is given the way the standard gives it (margins in mm, lines a page,
characters a line) and the exact OOXML values are derived from it, so that a
bureau changing one margin still gets a full text block.

Plain dataclasses checked in __post_init__ (every command reads a profile at start-up;
pydantic's import was a large part of it).  What a bureau writes in template.yaml is
validated, with line numbers, by draftkit.template.settings.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TWIPS_PER_PT = 20
MM_PER_PT = 25.4 / 72


# 字号 names to points
CHINESE_SIZES = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5,
}
SIZE_NAMES = {v: k for k, v in CHINESE_SIZES.items()}


def size_label(pt: float) -> str:
    """16 -> "三号（16 磅）", 17 -> "17 磅": how a clerk names a size."""
    name = SIZE_NAMES.get(pt)
    return f"{name}（{pt:g} 磅）" if name else f"{pt:g} 磅"


def mm_to_twips(mm: float) -> int:
    return round(mm / MM_PER_PT * TWIPS_PER_PT)


def as_dict(obj) -> dict:
    """A profile (or one of its parts) as plain values, nested parts included."""
    return dataclasses.asdict(obj)


@dataclass
class Fonts:
    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    level1: str = "黑体"
    level2: str = "楷体_GB2312"
    level3: str = "仿宋_GB2312"
    level4: str = "仿宋_GB2312"
    label: str = "黑体"  # 附件 labels
    latin: str = "Times New Roman"  # Latin letters and digits everywhere but page numbers
    page_number: str = "宋体"
    table_header: str = "黑体"


@dataclass
class Sizes:
    """Point sizes (三号 16, 二号 22, 四号 14)."""

    title: float = 22
    body: float = 16
    page_number: float = 14
    table: float = 14


@dataclass
class Page:
    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    footer_mm: float = 25  # distance from the bottom edge to the page-number line
    lines: int = 22
    chars: int = 28

    def __post_init__(self) -> None:
        if not 10 <= self.lines <= 40:
            raise ValueError(f"每页行数应在 10 到 40 之间，这里是 {self.lines}")
        if not 10 <= self.chars <= 50:
            raise ValueError(f"每行字数应在 10 到 50 之间，这里是 {self.chars}")
        if self.text_width_mm <= 50 or self.text_height_mm <= 50:
            raise ValueError("页边距过大，版心不足 50 毫米")

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.top_mm - self.bottom_mm


@dataclass
class RedHead:
    """版头: 发文机关标志 in red, 发文字号, red separator rule (GB/T 9704 7.2)."""

    enabled: bool = False
    mark: str | None = None  # "某某县教育局文件"; None: the organisation name + "文件"
    mark_size: float = 42  # pt; GB/T leaves it to taste, bureaus commonly use 小初 to 初号
    color: str = "FF0000"
    code: str | None = None  # 机关代字 such as "某教发", for "某教发〔2025〕3号"


@dataclass
class Banji:
    """版记: 抄送, 印发机关 and 印发日期 between rules at the foot of the last even page (7.4)."""

    enabled: bool = False
    cc: str | None = None  # 抄送机关
    printer: str | None = None  # 印发机关
    size: float = 14  # 4号


_PARTS = {"fonts": Fonts, "sizes": Sizes, "page": Page, "redhead": RedHead, "banji": Banji}
PAGE_NUMBER_POSITIONS = ("outer", "center", "right")


@dataclass
class Profile:
    name: str = "default"
    fonts: Fonts = field(default_factory=Fonts)
    sizes: Sizes = field(default_factory=Sizes)
    page: Page = field(default_factory=Page)
    bold_lead: bool = False  # level-3 run-in lead sentence in bold (house style)
    bold_headings: bool = False  # level-1/2 headings in bold (house style)
    page_number_indent_chars: float = 1
    page_number_style: str = "— {} —"  # {} is replaced by the page number
    page_number_position: Literal["outer", "center", "right"] = "outer"
    # what a bureau template fills in when the input leaves it out
    org_name: str | None = None  # 发文机关全称
    signature: str | None = None  # 署名
    recipient: str | None = None  # 主送机关
    numbering: Literal["restart", "continuous"] | None = None
    redhead: RedHead = field(default_factory=RedHead)
    banji: Banji = field(default_factory=Banji)
    reference_docx: Path | None = None
    phrase_dirs: list[Path] = field(default_factory=list)  # searched in order, the template's own first

    @property
    def phrase_folders(self) -> list[Path]:
        """Where stock phrases are looked up, in order (the built-in default's when none is set)."""
        return self.phrase_dirs or [templates_root() / "default" / "phrases"]

    def __post_init__(self) -> None:
        for name, cls in _PARTS.items():  # Profile(page={"chars": 30}) from a caller
            value = getattr(self, name)
            if isinstance(value, dict):
                setattr(self, name, cls(**value))
        if self.page_number_position not in PAGE_NUMBER_POSITIONS:
            raise ValueError(f"页码位置只能是 {'、'.join(PAGE_NUMBER_POSITIONS)}，这里是 {self.page_number_position}")
        if self.numbering not in (None, "restart", "continuous"):
            raise ValueError(f"编号方式只能是 restart 或 continuous，这里是 {self.numbering}")
        if self.body_advance_twips < self.sizes.body * TWIPS_PER_PT * 0.75:
            raise ValueError(
                f"版心宽 {self.page.text_width_mm:.1f} 毫米放不下每行 {self.page.chars} 个"
                f" {self.sizes.body:g} 磅的字（需要约 {self.page.chars * self.sizes.body * 0.75 * MM_PER_PT:.0f} 毫米）"
            )
        if self.line_pitch_twips < self.sizes.body * TWIPS_PER_PT:
            raise ValueError(
                f"版心高 {self.page.text_height_mm:.1f} 毫米排 {self.page.lines} 行，行距小于字号 {self.sizes.body:g} 磅"
            )

    # ---- derived geometry (twips) -------------------------------------------------
    @property
    def line_pitch_twips(self) -> int:
        """The largest whole twip that still fits `lines` lines in the text block."""
        return math.floor(mm_to_twips(self.page.text_height_mm) / self.page.lines)

    @property
    def table_line_twips(self) -> int:
        """Line height in table cells: about single spacing (1.4 × the size, up to a half
        point), but fixed, so that a table is as tall in Word, WPS and LibreOffice, whose
        fonts' own single spacing differ by a tenth; the page the body ends on (and with it
        whether the 版记 page is numbered) must not depend on the font at hand."""
        return round(math.ceil(self.sizes.table * 1.4 * 2) / 2 * TWIPS_PER_PT)

    @property
    def body_advance_twips(self) -> int:
        """Advance of one body character so that `chars` of them fill a line."""
        return math.floor(mm_to_twips(self.page.text_width_mm) / self.page.chars)

    @property
    def char_spacing_twips(self) -> int:
        """Character spacing (w:spacing) added to every glyph, usually negative."""
        return self.body_advance_twips - round(self.sizes.body * TWIPS_PER_PT)

    @property
    def char_twips(self) -> int:
        """One body character, as used for indents (2 characters = firstLine 640 at 16 pt)."""
        return round(self.sizes.body * TWIPS_PER_PT)


def default_profile() -> Profile:
    return Profile()


def templates_root() -> Path:
    """Where the bundled templates live: inside the installed package, or the repo's templates/."""
    here = Path(__file__).resolve().parent
    packaged = here / "_templates"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "templates"


def apply_profile_defaults(meta, profile, notes: list[str] | None = None):
    """A bureau template's 署名 and 主送 where the document has none; with a 红头 template that
    names no 发文机关标志 and no 机关名称, the mark made from the 署名 ("X局文件"), said in
    `notes`."""
    update = {}
    if not meta.org and (profile.signature or profile.org_name):
        update["org"] = profile.signature or profile.org_name
    if not meta.recipient and profile.recipient:
        update["recipient"] = profile.recipient.rstrip("：:") + "："
    org = update.get("org", meta.org)
    rh = profile.redhead
    if rh.enabled and not (meta.mark or rh.mark or profile.org_name) and org:
        update["mark"] = f"{org}文件"
        if notes is not None:
            notes.append(f"模板“{profile.name}”没有写发文机关标志和机关名称，发文机关标志按署名印作“{org}文件”；"
                         "要用别的写法，在模板里写“机关名称”或“红头.发文机关标志”")
    import dataclasses

    return dataclasses.replace(meta, **update) if update else meta
