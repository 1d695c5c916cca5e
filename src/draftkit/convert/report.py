"""What `draftkit convert` found and changed: every removal and every edit, with its line."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

# kind -> what a clerk reads in the summary table
KINDS = {
    "encoding": "识别编码",
    "mojibake": "修复乱码",
    "junk": "删除网页杂项",
    "page_number": "删除页码行",
    "join": "合并断行",
    "punct": "半角标点改为全角",
    "space": "删除中文间多余空格",
    "width": "全角数字字母改为半角",
    "t2s": "繁体改为简体",
    "markdown": "去掉 Markdown 标记",
    "marker": "编号改为规范形式",
    "level": "层级调整",
    "heading": "补认缺编号的标题",
    "frame": "识别文档要素",
    "structure": "结构调整",
    "duplicate": "疑似重复内容（未删除）",
    "pinyin": "删除拼音注音",
    "override": "命令行指定",
}


def snippet(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _common_length(a: str, b: str, limit: int) -> int:
    """How many leading characters a and b share, at most limit (slices compared in halves)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def diff_snippet(before: str, after: str, context: int = 10) -> tuple[str, str]:
    """The stretch around the first difference, so a change deep in a long line is visible."""
    n = min(len(before), len(after))
    i = _common_length(before, after, n)
    j = _common_length(before[::-1], after[::-1], n - i)
    a = max(0, i - context)
    pre = "…" if a else ""
    b_end = min(len(before) - j + context, a + 60)
    a_end = min(len(after) - j + context, a + 60)
    return (pre + before[a:b_end] + ("…" if b_end < len(before) else ""),
            pre + after[a:a_end] + ("…" if a_end < len(after) else ""))


@dataclass
class Change:
    kind: str
    line: int | None
    message: str
    before: str | None = None
    after: str | None = None


@dataclass
class OutlineEntry:
    level: int
    marker: str  # as typed in the source ("" when there was none)
    title: str
    line: int | None
    run_in: bool = False
    number: str = ""  # the marker in the output
    division: str | None = None  # chapter, part, article (level 0)

    @property
    def rank(self) -> int:
        from draftkit.model import rank_of

        return rank_of(self.level, self.division)


# the parts of the frame, in the order they stand on the page
PARTS = ("版头", "附件标签", "标题", "主送", "附件说明", "落款", "附注", "版记", "附件")


@dataclass
class FrameEntry:
    """One recognised element of the frame: its part (版头, 标题, 落款 …), what it is within the
    part (发文字号, 署名 …), its text as it will be written, and the source line it came from."""

    part: str
    what: str
    text: str
    line: int | None


@dataclass
class Report:
    source: str
    encoding: str | None = None
    changes: list[Change] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title_missing: bool = False  # the source has no title; the document carries a placeholder
    frame: list[FrameEntry] = field(default_factory=list)
    # what a .docx holds that the new document cannot (readers.Unkept); convert refuses to
    # write while this is not empty, unless told to leave them out
    unkept: list = field(default_factory=list)

    def add(self, kind: str, line: int | None, message: str, before: str | None = None,
            after: str | None = None) -> None:
        self.changes.append(Change(kind, line, message, before, after))

    def recognise(self, part: str, what: str, line: int | None, source: str, text: str | None = None) -> None:
        """Record a frame element: in the frame, and as a change ("识别为…") with its line."""
        text = source if text is None else text
        self.frame.append(FrameEntry(part, what, text, line))
        self.add("frame", line, f"识别为{what}", source, text if text != source else None)

    def frame_in_order(self) -> list[FrameEntry]:
        return sorted(self.frame, key=lambda e: (PARTS.index(e.part), e.line if e.line is not None else 0))

    def outline_counts(self) -> list[tuple[str, int]]:
        """How many headings of each kind, outermost first: ("章", 3), ("一级", 5) …"""
        from draftkit.model import DIVISION_RANK
        from draftkit.numbering import DIVISION_WORDS

        names = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
        names.update((DIVISION_RANK[d], word) for d, word in DIVISION_WORDS.items())
        counts: dict[int, int] = {}
        for e in self.outline:
            counts[e.rank] = counts.get(e.rank, 0) + 1
        return [(names[k], n) for k, n in sorted(counts.items())]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            out[c.kind] = out.get(c.kind, 0) + 1
        return out

    def removed(self) -> list[Change]:
        return [c for c in self.changes if c.kind in ("junk", "page_number")]

    def edits(self) -> list[Change]:
        """Every change to the text besides removed lines: cleanup and numbering, and the frame
        elements whose text was rewritten on recognition (a date to 2025年1月8日, a 主送's colon),
        so the list ends with the text that is in the output."""
        def rewritten(c: Change) -> bool:
            return c.after is not None and c.after.replace(" / ", "") != (c.before or "").replace(" / ", "")

        removed = self.removed()
        return [c for c in self.changes if c not in removed and (c.kind != "frame" or rewritten(c))]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "frame": [asdict(e) for e in self.frame_in_order()],
            "outline": [asdict(e) for e in self.outline],
            "changes": [dict(asdict(c), kind_name=KINDS.get(c.kind, c.kind)) for c in self.changes],
            "counts": {KINDS.get(k, k): v for k, v in self.counts().items()},
            "warnings": list(self.warnings),
            "unkept": [u.describe() for u in self.unkept],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
