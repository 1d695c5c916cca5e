"""What a font name says: its family (仿宋, 黑体, 楷体, 小标宋, 宋体) in the names Windows, macOS,
WPS and 方正 give the same faces, whether a run's font is the one a profile asks for, and
whether a face is one the people who receive a document are likely to have."""

from __future__ import annotations

# 小标宋 before 宋体, whose keywords it would otherwise meet
FAMILIES = {
    "仿宋": ("仿宋", "fangsong", "fang song", "stfangsong"),
    "黑体": ("黑体", "simhei", "heiti", "stheiti"),
    "楷体": ("楷体", "kaiti", "kai ti", "stkaiti"),
    "小标宋": ("小标宋", "xiaobiaosong", "fzxbs"),
    "宋体": ("宋体", "simsun", "songti", "stsong"),
}
# faces Word and WPS users have besides the families above
COMMON = ("中宋", "方正", "华文", "微软雅黑", "microsoft yahei", "等线", "dengxian", "新宋体", "nsimsun",
          "times new roman", "arial", "calibri", "cambria")


def family_of(font: str | None) -> str | None:
    low = (font or "").lower()
    return next((fam for fam, keys in FAMILIES.items() if any(k in low for k in keys)), None)


def in_family(font: str | None, family: str) -> bool:
    return bool(font) and family_of(font) == family


def font_matches(font: str | None, expected: str) -> bool:
    """A run's font is the one asked for: the same family (仿宋 for 仿宋_GB2312, FangSong or
    方正仿宋_GBK), or the same name when the font asked for is of no known family."""
    if not font:
        return False
    fam = family_of(expected)
    return in_family(font, fam) if fam else font.strip().lower() == expected.strip().lower()


def is_common(font: str, also: tuple[str, ...] | list[str] = ()) -> bool:
    """A face most receivers have (or one of `also`, the fonts a bureau template names)."""
    low = font.lower()
    return (family_of(font) is not None or any(k in low for k in COMMON)
            or any(font_matches(font, f) for f in also))
