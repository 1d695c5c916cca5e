"""Line-level cleanup: web junk and page-number lines out, text normalised.

Every removal and every edit is written to the report with its source line.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice
from dataclasses import replace

from draftkit import model as m
from draftkit.textfile import repair_mojibake
from draftkit.convert.frame import names_an_organisation, signed_by
from draftkit.convert.readers import Unit
from draftkit.convert.markers import match_marker
from draftkit.convert.report import Report, diff_snippet, snippet

# Whole lines that web pages and document sites put around the text.
_JUNK_FIELDS = (
    "索引号", "发布机构", "组配分类", "主题分类", "信息来源", "发布日期", "生成日期", "成文日期：", "浏览次数",
    "点击数", "阅读数", "阅读次数", "访问量", "责任编辑", "来源：", "来源:", "作者：", "作者:", "编辑：", "编辑:",
    "发布时间", "发文机关：", "公开方式", "信息分类", "体裁分类", "所属机构", "有效性", "文\u3000\u3000号", "文 号",
)
_JUNK_PATTERNS = [
    re.compile(r"^(?:%s).*$" % "|".join(re.escape(f) for f in _JUNK_FIELDS)),
    re.compile(r"^.*(?:打印本页|关闭窗口|【打印】|【关闭】|【字体|\[打印\]|\[关闭\]|分享到[:：]?|扫一扫|用手机扫|"
               r"收藏本页|加入收藏|网站地图|版权所有|Copyright|ICP备|网站标识码|技术支持[:：]|"
               r"本文系作者原创|仅供学习参考|请勿照搬照抄|免责声明|上一篇[:：]|下一篇[:：]|相关阅读|相关链接|"
               r"字号[:：]?\s*[大中小]|【\s*大\s*中\s*小\s*】|当前位置[:：]|您现在的位置|首页\s*[>＞]).*$", re.I),
]
_PAGE_NUMBER = re.compile(
    # "1. — 1 —": a PDF list number glued to the page number
    r"^\s*(?:(?:\d{1,3}\s*[.．]\s*)?[-－—–─]+\s*\d{1,4}\s*[-－—–─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[·•]\s*\d{1,4}\s*[·•]|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.I,
)


def is_junk(text: str) -> bool:
    s = text.strip()
    if len(s) > 120:  # a real paragraph that mentions one of the words
        return False
    return any(p.match(s) for p in _JUNK_PATTERNS)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def drop_junk(units: list[Unit], report: Report) -> list[Unit]:
    out = []
    for u in units:
        if u.block is None and is_page_number(u.text):
            report.add("page_number", u.line, "删除页码行", u.text.strip(), None)
            continue
        if u.block is None and u.heading is None and is_junk(u.text):
            report.add("junk", u.line, "删除网页/文库杂项行", snippet(u.text.strip(), 60), None)
            continue
        out.append(u)
    return out


# -- characters ------------------------------------------------------------------------
def is_han(ch: str) -> bool:
    """A Chinese character."""
    o = ord(ch) if ch else 0
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


def is_cjk(ch: str) -> bool:
    """A Chinese character or Chinese (full-width) punctuation."""
    if not ch:
        return False
    o = ord(ch)
    return (is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20
            or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65 or ch in "“”‘’—…·《》")


# full-width 0-9, A-Z, a-z: the table that folds them and the test whether a line has any
_FULL_WIDTH_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
_FULL_WIDTH_ALNUM = {o: o - 0xFEE0 for lo, hi in _FULL_WIDTH_RANGES for o in range(lo, hi + 1)}
_HAS_FULL_WIDTH_ALNUM = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _FULL_WIDTH_RANGES) + "]")


def _width_fold(text: str) -> str:
    """Full-width digits and Latin letters to half-width (２０２４ -> 2024); punctuation untouched."""
    # translate looks every character up in the table; most lines have nothing to fold
    return text.translate(_FULL_WIDTH_ALNUM) if _HAS_FULL_WIDTH_ALNUM.search(text) else text


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_WIDTH_MARK = re.compile(r'[,;:?!()"]')
_HALF_MARK = re.compile(r"[,;:?!]")
_HALF_BRACKET = re.compile(r"[()]")
_BRACKET = re.compile(r"[(（)）]")
_QUOTE = re.compile('"')
_SPACES = " \t\u3000\u00a0"
_SPACE_RUNS = re.compile(f"[{_SPACES}]+")


def _neighbours(text: str, i: int) -> tuple[str, str]:
    j = i - 1
    while j >= 0 and text[j] in _SPACES:
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in _SPACES:
        k += 1
    return (text[j] if j >= 0 else ""), (text[k] if k < len(text) else "")


def _paren_pairs(text: str) -> dict[int, int]:
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for found in _BRACKET.finditer(text):
        i, ch = found.start(), found.group()
        if ch in "(（":
            stack.append(i)
        elif stack:
            j = stack.pop()
            pairs[j] = i
            pairs[i] = j
    return pairs


def _quotes(chars: list[str], text: str) -> None:
    """Straight double quotes around Chinese text become “ ”, paired in order."""
    marks = [found.start() for found in _QUOTE.finditer(text)]
    if not marks or len(marks) % 2:
        return
    for a, b in zip(marks[0::2], marks[1::2]):
        before = text[a - 1] if a else ""
        after = text[b + 1] if b + 1 < len(text) else ""
        if any(is_han(c) for c in text[a + 1 : b]) or is_han(before) or is_han(after):
            chars[a], chars[b] = "“", "”"


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]+|www\.[!-~]+|[!-~]+@[!-~]+\.[!-~]+")


def normalise_punct(text: str) -> str:
    """Half-width , ; : ? ! ( ) " to full-width where they sit in Chinese text.

    Numbers (1,000  3:30  1.5), URLs (http://), Latin text and ranges keep theirs.
    """
    if not _HALF_WIDTH_MARK.search(text):
        return text
    in_urls = bytearray(len(text))
    if ":" in text or "@" in text or "www." in text:
        for mt in _URL.finditer(text):
            in_urls[mt.start() : mt.end()] = b"\x01" * (mt.end() - mt.start())
    # brackets first, so that a mark after a converted bracket sees a Chinese neighbour:
    # "各街道(社区):" ends in "：" like "各街道（社区）：" does
    seen = _brackets(text, in_urls) if "(" in text or ")" in text or '"' in text else text

    def mark(found: re.Match) -> str:
        i, ch = found.start(), found.group()
        if in_urls[i]:
            return ch
        if i and ch in ",;:" and is_han(seen[i - 1]):  # the common case: "工作,"
            return _HALF_TO_FULL[ch]
        prev, nxt = _neighbours(seen, i)
        cjk_side = is_cjk(prev) or is_cjk(nxt)
        if ch in ",:":
            if prev.isdigit() and nxt.isdigit():
                return ch
            return _HALF_TO_FULL[ch] if cjk_side else ch
        if ch == ";":
            return "；" if cjk_side else ch
        if is_cjk(prev) or (prev in "?!？！" and is_cjk(nxt)) or (not prev and is_cjk(nxt)):
            return _HALF_TO_FULL[ch]
        return ch

    # one character for one, so positions in seen stay those in text
    return _HALF_MARK.sub(mark, seen)


def _brackets(text: str, in_urls: bytearray) -> str:
    """text with its straight quotes and its ( ) that belong to Chinese text made full-width."""
    chars = list(text)
    _quotes(chars, text)
    pairs = _paren_pairs(text)
    for found in _HALF_BRACKET.finditer(text):
        i, ch = found.start(), found.group()
        if in_urls[i]:
            continue
        j = pairs.get(i)
        if j is None:
            prev, nxt = _neighbours(text, i)
            if is_cjk(prev) or is_cjk(nxt):
                chars[i] = _HALF_TO_FULL[ch]
            continue
        a, b = (i, j) if ch == "(" else (j, i)
        inner = text[a + 1 : b]
        before = _neighbours(text, a)[0]
        after = _neighbours(text, b)[1]
        if any(is_cjk(c) for c in inner) or is_cjk(before) or is_cjk(after):
            chars[i] = _HALF_TO_FULL[ch]
    return "".join(chars)


# a numeric range written with a hyphen before a unit: "3-5年", "20-30人"
RANGE = re.compile(r"(?<![\d.\-/])(\d{1,4})\s*[-－~]\s*(\d{1,4})(?=\s*(?:年|月|日|岁|万|亿|元|人|个|名|所|%|％|小时|天|周|倍))")


def normalise_ranges(text: str) -> str:
    """"3-5年" -> "3—5年": a numeric range in Chinese text takes the 一字线 (GB/T 15834)."""
    if "-" not in text and "－" not in text and "~" not in text:
        return text
    return RANGE.sub(lambda mt: f"{mt.group(1)}—{mt.group(2)}", text)


def remove_cjk_spaces(text: str) -> str:
    """Spaces next to Chinese text carry no meaning in Chinese typesetting; Latin words keep theirs."""
    if not _SPACE_RUNS.search(text.strip()):
        return text.strip(_SPACES)

    def keep(found: re.Match) -> str:
        a, b = found.span()
        prev = text[a - 1] if a else ""
        nxt = text[b] if b < len(text) else ""
        return "" if not prev or not nxt or is_cjk(prev) or is_cjk(nxt) else " "

    return _SPACE_RUNS.sub(keep, text)


_CONVERTER = None


def to_simplified(text: str) -> str:
    global _CONVERTER
    if _CONVERTER is None:
        import opencc

        _CONVERTER = opencc.OpenCC("t2s")
    return _CONVERTER.convert(text)


def looks_traditional(units: list[Unit], sample: int = 3000) -> bool:
    """Whether the text is written in traditional characters: more than one in fifty of the
    first few thousand Han characters changes when converted to simplified."""
    text = "".join(islice((ch for u in units for ch in u.text if is_han(ch)), sample))
    if len(text) < 20:
        return False
    changed = sum(1 for a, b in zip(text, to_simplified(text)) if a != b)
    return changed * 50 > len(text)


def _strip_controls(text: str) -> str:
    if text.isprintable():  # no Cc/Cf (nor spaces other than " ", which take the slow path)
        return text
    return "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\u200d")


_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a pinyin syllable with its tone mark in brackets right after a Han character: 經(jīng)
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（]([a-zü]*[{_TONES}][a-zü]*)[)）]")
_TONE_MARK = re.compile(f"[{_TONES}]")  # no tone mark, no pinyin: the common line skips the scan


def strip_pinyin(text: str) -> str:
    """Text copied from a page with pinyin annotations keeps only the characters."""
    return _PINYIN.sub("", text) if _TONE_MARK.search(text) else text


def normalise_units(units: list[Unit], report: Report, *, simplified: bool = False) -> list[Unit]:
    # (report kind, message from before/after, transform), applied in this order
    steps = [("t2s", lambda a, b: "繁体字改为简体", to_simplified)] if simplified else []
    steps += [
        ("pinyin", lambda a, b: "删除夹在汉字后的拼音注音", strip_pinyin),
        ("width", lambda a, b: "全角数字、字母改为半角", _width_fold),
        ("punct", lambda a, b: f"半角标点改为全角 {sum(map(str.__ne__, a, b))} 处", normalise_punct),
        ("punct", lambda a, b: "数值范围的连字符改为一字线", normalise_ranges),
    ]
    out = []
    for u in units:
        text = u.text
        fixed = repair_mojibake(text)
        if fixed is not None:
            report.add("mojibake", u.line, "乱码已还原（GBK/UTF-8 字节被按西文显示）", snippet(text), snippet(fixed))
            text = fixed
        clean = _strip_controls(text)
        if len(clean) != len(text):
            report.add("space", u.line, f"删除不可见的控制字符或零宽字符 {len(text) - len(clean)} 个", None, None)
        clean = clean.replace("\t", " ")
        mk = match_marker(clean.strip(_SPACES)) if u.block is None else None
        if mk and mk.bare:
            # "三 保障改善民生": a heading typed without its 、 (it would lose its space below)
            fixed = mk.text.strip() + "、" + mk.rest.strip(_SPACES)
            report.add("marker", u.line, "标题编号后补上顿号", clean.strip(_SPACES), fixed)
            clean = fixed
        for kind, message, step in steps:
            new = step(clean)
            if new != clean:
                report.add(kind, u.line, message(clean, new), *diff_snippet(clean, new))
                clean = new
        names = re.split(r"[ \u3000\u00a0]{2,}", clean.strip(_SPACES)) if u.block is None else []
        if len(names) >= 2 and all(names_an_organisation(x) for x in names):
            # the 署名 of a 联合发文 typed on one line: each organisation is a 署名 of its own
            report.add("structure", u.line, "一行里的几个署名分成各自一行（联合发文）", clean.strip(_SPACES),
                       " / ".join(names))
            out += [replace(u, text=x, blank_before=u.blank_before and k == 0) for k, x in enumerate(names)]
            continue
        stripped = clean.strip(_SPACES)
        # the spaces between the names of a 版头's 签发人 are what tells one name from the next
        new = stripped if signed_by(stripped) else remove_cjk_spaces(clean)
        if new != stripped:
            mk = match_marker(stripped)
            # "（1） 突出引领" -> "（1）突出引领" is the marker's own spacing, not worth a line
            if not (mk and remove_cjk_spaces(mk.rest) == mk.rest.strip(_SPACES)
                    and new.endswith(mk.rest.strip(_SPACES))):
                report.add("space", u.line, "删除中文之间的空格", *diff_snippet(stripped, new))
        clean = new
        block = u.block
        if isinstance(block, m.Table):
            def fix(cell: str) -> str:
                c = _width_fold(_strip_controls(cell))
                if simplified:
                    c = to_simplified(c)
                return remove_cjk_spaces(normalise_punct(c))

            block = m.replace(block, header=[fix(c) for c in block.header] if block.header else None,
                              rows=[[fix(c) for c in row] for row in block.rows])
        if not clean and block is None:
            continue
        out.append(replace(u, text=clean, block=block))
    return out
