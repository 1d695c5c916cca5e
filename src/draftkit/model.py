"""The document model every reader produces and the writer consumes.

Headings carry their level and text, never their number: the writer derives
一、（一）1.（1） from the structure, so a moved or deleted section can never
leave the numbering wrong.

Plain dataclasses (checked in __post_init__), not pydantic models: every command builds
one, and pydantic's import and class building were a third of the start-up time of
`convert` and `check`.  Input from the clerk is validated by draftkit.schema; these
classes only refuse a structure the writer cannot number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union


def replace(obj, **changes):
    """A copy of a model object with some fields changed (and checked again)."""
    return dataclasses.replace(obj, **changes)


@dataclass
class Paragraph:
    text: str
    kind: Literal["paragraph"] = field(default="paragraph", init=False, repr=False)


@dataclass
class Table:
    caption: str | None = None
    header: list[str] | None = None
    rows: list[list[str]] = field(default_factory=list)
    kind: Literal["table"] = field(default="table", init=False, repr=False)

    @property
    def columns(self) -> int:
        widths = [len(r) for r in self.rows]
        if self.header:
            widths.append(len(self.header))
        return max(widths, default=0)


@dataclass
class Picture:
    """A picture carried over from a source document (a figure, a chart saved as an image, a
    seal): its image data as it was, and the size it was shown at."""

    data: bytes = field(repr=False)
    width_mm: float
    height_mm: float
    description: str = ""
    caption: str | None = None  # "图1 …", set centred under the picture
    kind: Literal["picture"] = field(default="picture", init=False, repr=False)

    def __post_init__(self) -> None:
        if not (self.width_mm > 0 and self.height_mm > 0):
            raise ValueError(f"图片的尺寸应大于 0（{self.width_mm} × {self.height_mm} 毫米）")


DIVISION_RANK = {"chapter": -3, "part": -2, "article": -1}


def rank_of(level: int, division: str | None) -> int:
    """Depth in the document: chapter < 节 < article < level 1 < … < level 4."""
    return DIVISION_RANK[division] if division else level


@dataclass
class Section:
    """A numbered heading and what it contains.

    run_in: the heading is a lead sentence that shares its paragraph with the
    first paragraph of body text ("1.学校党建基础进一步夯实。在全县……").
    """

    level: int
    title: str
    run_in: bool = False
    # a 规章's own units, numbered 第一章, 第一节, 第一条 (level 0) instead of a heading level:
    # chapters hold 节 and articles, 节 hold articles, articles hold headings of level 1 to 4
    division: Literal["chapter", "part", "article"] | None = None
    # the number the source document gave this heading; used only when the user
    # asks to keep source numbers (Document.numbering == "keep")
    source_number: int | None = None
    blocks: list[Block] = field(default_factory=list)
    kind: Literal["section"] = field(default="section", init=False, repr=False)

    @property
    def rank(self) -> int:
        return rank_of(self.level, self.division)

    def __post_init__(self) -> None:
        if not 0 <= self.level <= 4:
            raise ValueError(f"「{self.title}」：层级应在 0 到 4 之间，这里是 {self.level}")
        if (self.level == 0) != (self.division is not None):
            raise ValueError(f"「{self.title}」：只有章、节、条的层级为 0")
        for b in self.blocks:
            if isinstance(b, Section) and b.rank <= self.rank:
                raise ValueError(
                    f"「{b.title}」的层级（{b.level}）必须比上级「{self.title}」（{self.level}）更深"
                )


Block = Union[Paragraph, Table, Picture, Section]


@dataclass
class Attachment:
    title: str
    blocks: list[Block] = field(default_factory=list)
    # False: only named in the 附件说明; its pages are not part of this document
    included: bool = True


@dataclass
class Meta:
    title: list[str]  # title lines; one item = split automatically
    org: str | None = None  # 发文机关署名
    co_signers: list[str] = field(default_factory=list)  # 联合发文: the other 署名, in order, after org
    date: dt.date | None = None  # 成文日期
    recipient: str | None = None  # 主送机关
    label: str | None = None  # "附件2" when the document is itself an attachment
    year: int | None = None
    genre: Literal["summary", "plan", "generic"] = "generic"
    notes: list[str] = field(default_factory=list)  # 附注 such as （此件公开发布）
    # 版头 (GB/T 9704 7.2), printed by a template with 红头
    copy_number: str | None = None  # 份号, six digits
    secrecy: str | None = None  # 密级和保密期限 "秘密★1年"
    urgency: str | None = None  # 紧急程度 "特急"
    mark: str | None = None  # 发文机关标志 as the source has it; None: the template's
    doc_number: str | None = None  # 发文字号 "某教发〔2025〕3号"
    issuers: list[str] = field(default_factory=list)  # 签发人 (上行文)
    # 版记 (7.4), printed by a template with 版记; None: the template's
    cc: str | None = None  # 抄送机关
    printed_by: str | None = None  # 印发机关
    printed_on: dt.date | None = None  # 印发日期; None: the 成文日期

    def __post_init__(self) -> None:
        if not self.title:
            raise ValueError("文档没有标题")
        for name in ("date", "printed_on"):  # "2024-12-20" from a caller is taken as that day
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, dt.date.fromisoformat(value))

    @property
    def title_text(self) -> str:
        return "".join(self.title)

    def banner(self) -> list[tuple[str, str]]:
        """The 版头 elements the document has, (name, text), in their order on the page."""
        items = [("份号", self.copy_number), ("密级", self.secrecy), ("紧急程度", self.urgency),
                 ("发文机关标志", self.mark), ("发文字号", self.doc_number),
                 ("签发人", "、".join(self.issuers) or None)]
        return [(k, v) for k, v in items if v]

    def banji_items(self) -> list[tuple[str, str]]:
        """The 版记 elements the document has, (name, text)."""
        from draftkit.dates import format_date

        on = f"{format_date(self.printed_on)}印发" if self.printed_on else None
        printed = " ".join(x for x in (self.printed_by, on) if x)
        return [(k, v) for k, v in (("抄送", self.cc), ("印发", printed)) if v]


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    numbering: Literal["restart", "continuous", "keep"] = "restart"
    # headings of level 1 start again at 一、 in every chapter (and 节); by default they number
    # through, as articles do
    restart_in_chapters: bool = False

    def walk(self):
        """Yield (depth, block) for every block of the body, in document order."""
        return walk(self.blocks)


def walk(blocks, depth: int = 0):
    """Yield (depth, block) for `blocks` and everything nested in their sections, in order."""
    for b in blocks:
        yield depth, b
        if isinstance(b, Section):
            yield from walk(b.blocks, depth + 1)
