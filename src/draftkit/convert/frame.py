"""The frame of a pasted document: what a reader sees first and last.

版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人), 附件 label, title, 主送; the
附件说明, 署名 (one or several), 成文日期, 附注 (a 规范性文件's registration number among them);
版记 (抄送, 印发机关和日期) and attachment pages; and the clutter web pages and document sites put
around them, recognised by its shape. What is left is the body (convert.outline).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from draftkit import model as m
from draftkit.convert.markers import LABEL, match_marker, parse_chinese_number
from draftkit.convert.readers import Unit
from draftkit.convert.report import Report, snippet
from draftkit.dates import format_date, parse_date
from draftkit.script import visual_width

_NOTE = re.compile(r"^[（(][^（）()]{2,60}[）)]$")
_ATTACH_NOTE = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
_ATTACH_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(\S.*)$")
STOP = "。！？；"


def _label_text(text: str) -> str | None:
    mt = LABEL.match(text.strip())
    if not mt:
        return None
    n = mt.group(1)
    if n and not n.isdigit():
        n = str(parse_chinese_number(n))
    return f"附件{n}" if n else "附件"


def _title_like(u: Unit, *, loose: bool = False) -> bool:
    t = u.text.strip()
    if u.block is not None or not t or u.list_level is not None:
        return False
    if match_marker(t) or parse_date(t) or _label_text(t) or _ATTACH_NOTE.match(t):
        return False
    limit = 60 if (loose or u.centered) else 45
    if visual_width(t) > limit:
        return False
    if any(ch in t for ch in STOP) or t[-1] in "，,：:、":
        return False
    return True


def heading_like(text: str) -> bool:
    t = text.strip()
    if not t or match_marker(t):
        return False
    w = visual_width(t)
    return 2 <= w <= 30 and not any(ch in t for ch in STOP) and t[-1] not in "，,：:、"


def _org_like(u: Unit) -> bool:
    t = u.text.strip()
    return (u.block is None and 2 <= visual_width(t) <= 30 and not match_marker(t)
            and not any(ch in t for ch in "。！？；：，,:;") and not parse_date(t))


@dataclass
class Parts:
    label: str | None = None
    title: list[str] = field(default_factory=list)
    recipient: str | None = None
    body: list[Unit] = field(default_factory=list)
    attach_names: list[tuple[str, int]] = field(default_factory=list)
    org: str | None = None
    co_signers: list[str] = field(default_factory=list)
    date: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    attachments: list[tuple[str | None, str, list[Unit], int]] = field(default_factory=list)
    # the role each recognised unit plays, by its line (paragraph number for .docx); a
    # paragraph split at line breaks, or a text box and its anchor, share one line: the
    # role of each unit is in role_of
    roles: dict[int, str] = field(default_factory=dict)
    unit_roles: dict[int, str] = field(default_factory=dict)  # id(unit) -> role
    # 版头 (GB/T 9704 7.2)
    copy_number: str | None = None  # 份号
    secrecy: str | None = None  # 密级和保密期限
    urgency: str | None = None  # 紧急程度
    mark: str | None = None  # 发文机关标志
    doc_number: str | None = None  # 发文字号
    issuers: list[str] = field(default_factory=list)  # 签发人
    # 版记 (7.4)
    cc: str | None = None  # 抄送机关
    printed_by: str | None = None  # 印发机关
    printed_on: dt.date | None = None  # 印发日期

    def set_role(self, u: Unit, role: str) -> None:
        self.roles[u.line] = role
        self.unit_roles[id(u)] = role

    def role_of(self, u: Unit) -> str | None:
        return self.unit_roles.get(id(u))


# -- clutter, recognised by its shape ---------------------------------------------------
# The kinds of document a title names; a title ends with one of them.
GENRE_END = re.compile(r"(?:通知|通报|通告|公告|意见|方案|总结|要点|计划|规划|报告|决定|决议|办法|规定|规则|细则|"
                       r"批复|请示|函|纪要|条例|章程|标准|制度|预案|讲话|汇报|安排|说明|措施|指引|指南|清单|目录)"
                       r"(?:[（(][^（）()]{1,12}[）)])?$")
# "key：value" metadata of web pages: a short key, a short value (or none)
_KEY_VALUE = re.compile(r"^[•·●◆■▪\-\*\s]*(?:【[^】]{1,8}】|[\u4e00-\u9fff][\u4e00-\u9fff\s\u3000]{0,7})\s*[：:]\s*(.{0,60})$")
_TIMESTAMP = re.compile(r"^(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(?::\d{2})?$")
_STAT = re.compile(r"^\d+(?:\.\d+)?\s*(?:KB|MB|GB|K|M|页|字|人看过|人看過|人浏览|次浏览|次阅读|次下载|阅读|浏览|下载)$",
                   re.I)
_HIDDEN = re.compile(r"-{2,}\s*此处隐藏\s*\d*\s*字.*?-{2,}|此处隐藏\s*\d*\s*字[^。]*")
_BREADCRUMB = re.compile(r"^\S{1,10}(?:\s*[>＞»]\s*\S{1,12}){1,6}$")
_BLURB = re.compile(r"小编|欢迎阅读|希望对(?:大家|你|您)有所帮助|供大家参考|仅供参考|下载后查看|免费下载")
_SYMBOLS = re.compile(r"^[|｜/\\_=*#~•·>＞<＜+\-]{1,6}$")  # decoration, not a stray 。 of a broken line
# where a title stops and the page's own furniture begins, when the two are glued together
_TITLE_CUT = re.compile(r"(?:更新时间|发布时间|发布日期|时间\s*[：:]|浏览量|浏览次数|阅读量|来源\s*[：:]|©|原创|"
                        r"\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}|\d{4}-\d{1,2}(?:-\d{1,2})?)")
_TITLE_LEAD = re.compile(r"^(?:返回顶部|返回首页|返回列表|首页)\s*")
# 发文字号: 机关代字〔年份〕序号号 (a PDF may put spaces around the number; offices type the year
# in [ ], 【 】 or （ ） as often as in 〔 〕)
_NUMBER = r"\S{1,12}?[〔\[【（(［]\d{4}[〕\]】）)］]\s*\d{1,4}\s*号"
_NUMBER_PARTS = re.compile(r"^(.*?)([〔\[【（(［])(\d{4})([〕\]】）)］])(\d+)号$")
_NUMBER_AND_BOOK = re.compile(rf"^({_NUMBER})\s*《(.+?)》")
_NUMBER_IN_PARENS = re.compile(rf"^[（(]({_NUMBER})[）)]$")
_RECIPIENT_ORG = re.compile(r"各|局|委|厅|部|政府|学校|单位|机构|中心|院|所|公司|办|室|处|科|街道|乡镇|党组|党委|支部|站|队|馆|园|校")


ORG_END = re.compile(r"(?:局|委员会|委|政府|厅|办公室|办|院|部|中心|学校|小学|中学|幼儿园|所|站|队|会|公司|党组|党委|支部)$")


def names_an_organisation(text: str) -> bool:
    """A line that is only an organisation's name (a 署名)."""
    t = text.strip()
    return 2 <= visual_width(t) <= 30 and bool(ORG_END.search(t)) and not re.search(r"[，。、；：,.;:！？\s]", t)


def _compact(number: str) -> str:
    """A 发文字号 without the spaces a PDF left in it."""
    return re.sub(r"\s+", "", number)


def standard_doc_number(number: str) -> str:
    """A 发文字号 as GB/T 9704 7.2.4 writes it: the year in 〔〕, the serial without leading
    zeros (no 虚位), no spaces: "某教发[2025] 03号" -> "某教发〔2025〕3号"."""
    t = _compact(number)
    mt = _NUMBER_PARTS.match(t)
    return f"{mt.group(1)}〔{mt.group(3)}〕{int(mt.group(5))}号" if mt else t


def doc_number_faults(number: str) -> list[str]:
    """What is wrong with how a 发文字号 is written, in words a clerk reads."""
    mt = _NUMBER_PARTS.match(_compact(number))
    if not mt:
        return []
    faults = []
    if (mt.group(2), mt.group(4)) != ("〔", "〕"):
        faults.append(f"年份用了“{mt.group(2)}{mt.group(4)}”，应为六角括号“〔〕”")
    if mt.group(5).startswith("0"):
        faults.append(f"序号“{mt.group(5)}”编了虚位，应为“{int(mt.group(5))}”")
    return faults


def find_doc_number(text: str) -> str | None:
    """The 发文字号 in a line of the 版头, as typed."""
    mt = re.search(_NUMBER, text.strip())
    return mt.group(0) if mt else None


def clean_title(text: str) -> tuple[str, str | None, str | None]:
    """A title with the page furniture glued to it cut away: (title, 发文字号 if one was
    glued in front, the part cut away or None)."""
    t = text.strip()
    number = None
    cut = []
    lead = _TITLE_LEAD.match(t)
    if lead:
        cut.append(lead.group(0).strip())
        t = t[lead.end():]
    book = _NUMBER_AND_BOOK.match(t)
    if book:
        number = standard_doc_number(book.group(1))
        cut.append(t[book.end():].strip())
        t = book.group(2)
    mt = _TITLE_CUT.search(t)
    if mt and mt.start() >= 6:
        cut.append(t[mt.start():])
        t = t[:mt.start()]
    t = t.strip()
    return t, number, " ".join(c for c in cut if c) or None


def is_clutter_anywhere(text: str) -> str | None:
    """Why a line is page furniture wherever it stands, or None."""
    t = text.strip()
    if _TIMESTAMP.match(t):
        return "时间戳"
    if _STAT.match(t):
        return "文库统计"
    if _BREADCRUMB.match(t) and any(ch in t for ch in ">＞»"):
        return "网页导航"
    if len(t) <= 80 and _BLURB.search(t):
        return "文库说明"
    if _SYMBOLS.match(t):
        return "符号"
    return None


def recipient_like(text: str) -> bool:
    """A 主送: organisations separated by 、，, ending with a colon, right under the title."""
    t = text.strip()
    if t[-1:] not in "：:" or visual_width(t) > 80 or match_marker(t):
        return False
    names = [x for x in re.split(r"[，,、；;]", t[:-1]) if x.strip()]
    if not names or any(ch in t for ch in STOP + "【】[]•·") or any(visual_width(x) > 30 for x in names):
        return False
    if re.search(r"如下|现将|现就|特此|为了|根据|按照|经研究|简介|索引", t):
        return False
    return all(_RECIPIENT_ORG.search(x) for x in names)


def _title_candidate(u: Unit) -> bool:
    """A line that reads as a whole title once page furniture is cut from it."""
    if u.block is not None or u.list_level is not None or _KEY_VALUE.match(u.text.strip()):
        return False
    title = clean_title(u.text)[0]
    return bool(GENRE_END.search(title)) and _title_like(replace(u, text=title))


def strip_clutter(units: list[Unit], report: Report) -> list[Unit]:
    """Web-page and document-site furniture out, each removal reported with its line: lines that
    are clutter wherever they stand (timestamps, download statistics, navigation, blurbs), the
    "key：value" metadata before the title, short lines and metadata between the title and the
    text, a repeat of the title and its "description", and what follows the 落款."""
    out = []
    for u in units:
        if u.block is None and u.heading is None:
            hidden = _HIDDEN.search(u.text)
            if hidden:
                report.add("junk", u.line, "删除文库隐藏提示", hidden.group(0), None)
                u = replace(u, text=_HIDDEN.sub("", u.text))
            why = is_clutter_anywhere(u.text) if u.text.strip() else None
            if why:
                report.add("junk", u.line, f"删除{why}", snippet(u.text.strip(), 60), None)
                continue
        out.append(u)
    units = _split_merged_signature(out, report)
    # the title: the first line (among the first twelve) that reads as one
    head = None
    for k, u in enumerate(units[:12]):
        if u.block is not None or u.heading is not None or match_marker(u.text.strip()):
            break  # the body has begun: the title (if any) was above
        if _title_candidate(u):
            head = k
            break
    if head is None:
        return _strip_tail(units, report)
    # a title on two or three lines: the lines right above the last one belong to it
    first = head
    while first > 0 and head - first < 2 and units[first - 1].block is None and _title_like(units[first - 1]) \
            and not _KEY_VALUE.match(units[first - 1].text.strip()) and not GENRE_END.search(units[first - 1].text.strip()):
        first -= 1
    keep = []
    for u in units[:first]:
        t = u.text.strip()
        if u.block is None and _KEY_VALUE.match(t) and not recipient_like(t) and not banner_line(t):
            report.add("junk", u.line, "删除标题前的网页信息", snippet(t, 60), None)
        else:
            keep.append(u)
    keep += units[first:head + 1]
    title = clean_title(units[head].text)[0]
    rest = units[head + 1:]
    k = 0
    while k < len(rest):
        u = rest[k]
        t = u.text.strip()
        if u.block is not None or u.heading is not None or match_marker(t):
            break
        short = visual_width(t) <= 8 and not any(ch in t for ch in "，。、；：,.;:（）()")
        again = clean_title(t)[0] == title or (t.startswith(title) and len(t) > len(title) + 10)
        if again or (short and GENRE_END.search(title)) or _KEY_VALUE.match(t) and not recipient_like(t):
            report.add("junk", u.line, "删除重复的标题或标题下的网页信息" if again else "删除标题下的网页信息",
                       snippet(t, 60), None)
            rest.pop(k)
            continue
        if recipient_like(t) or visual_width(t) > 30:
            break
        k += 1
    return _strip_tail(keep + rest, report)


_MERGED_TAIL = re.compile(r"^(.*[。！？])\s*([^\s。！？，、；：]{2,30}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")


def signature_pictures(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Pictures among the document's last short lines when those hold a 成文日期: a seal or a
    signature over the 落款, which a new document cannot carry (a seal is set again on the
    final copy). Returns the units without them, and them."""
    k = len(units)
    while k > 0 and len(units) - k < 10:
        u = units[k - 1]
        t = u.text.strip()
        if not (isinstance(u.block, m.Picture) or (u.block is None and (_BANJI.match(t) or (
                visual_width(t) <= 30 and not any(ch in t for ch in STOP))))):
            break
        k -= 1
    tail = units[k:]
    pictures = [u for u in tail if isinstance(u.block, m.Picture)]
    if not pictures or not any(u.block is None and parse_date(u.text) for u in tail):
        return units, []
    gone = {id(u) for u in pictures}
    return [u for u in units if id(u) not in gone], pictures


def _split_merged_signature(units: list[Unit], report: Report) -> list[Unit]:
    """A 署名 and date run into the last body paragraph (text from a PDF whose lines are all
    one width): split off again, when no date stands on its own line after it."""
    for k in range(len(units) - 1, -1, -1):
        u = units[k]
        if u.block is not None:
            continue
        if parse_date(u.text):
            return units  # the document has its own date line
        mt = _MERGED_TAIL.match(u.text.strip())
        if mt and _org_like(replace(u, text=mt.group(2))):
            report.add("structure", u.line, "署名和成文日期与正文连在一起，已分开", snippet(u.text.strip(), 30),
                       f"{mt.group(2)} / {mt.group(3)}")
            parts = [replace(u, text=mt.group(1)), replace(u, text=mt.group(2), blank_before=False),
                     replace(u, text=mt.group(3), blank_before=False)]
            return units[:k] + parts + units[k + 1:]
        if not (_note_like(u.text) or _BANJI.match(u.text.strip())):
            return units
    return units


def _strip_tail(units: list[Unit], report: Report) -> list[Unit]:
    """After the 落款 (a 署名 line, then the date) nothing but 附注, 版记 and attachments: the
    source, author and editor lines of a web page go."""
    for k in range(len(units) - 1, 0, -1):
        u = units[k]
        if u.block is None and parse_date(u.text) and _org_like(units[k - 1]):
            end = k
            break
    else:
        return units
    keep = units[:end + 1]
    for j, u in enumerate(units[end + 1:], start=end + 1):
        t = u.text.strip()
        if u.block is not None or LABEL.match(t) or _title_candidate(u):
            keep.extend(units[j:])
            break
        if _note_like(t) or _BANJI.match(t):
            keep.append(u)
            continue
        if _KEY_VALUE.match(t) or visual_width(t) <= 6:
            report.add("junk", u.line, "删除落款后的网页信息", snippet(t, 60), None)
            continue
        keep.append(u)
    return keep


# -- 版头 and 版记 ----------------------------------------------------------------------
_MARK = re.compile(r"^\S{2,30}(?:文件|公报|简报)$")
_COPY_NUMBER = re.compile(r"^(?:份号\s*[：:]\s*)?(\d{6})$")  # six digits (GB/T 9704 7.2.1)
_SECRECY = re.compile(r"^(?:绝密|机密|秘密)(?:\s*[★☆*]\s*\S{1,10})?$")
_URGENCY = re.compile(r"^(?:特急|加急|特提|平急)$")
_ISSUERS = r"签\s*发\s*人\s*[：:]\s*(\S(?:.{0,30}\S)?)"
_SIGNED = re.compile(rf"^{_ISSUERS}$")
_DOC_NUMBER = re.compile(rf"^({_NUMBER})(?:\s*{_ISSUERS})?$")
_CC = re.compile(r"^抄\s*送\s*[：:]\s*(.+?)[。.]?$")
_PRINTED = re.compile(r"^(.{2,40}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$")
_BANJI = re.compile(f"{_CC.pattern}|{_PRINTED.pattern}")
# a 规范性文件's registration number, printed under the 附注 (ZJSP01-2024-0001, 登记号：…)
_REGISTRATION = re.compile(r"^[（(]?(?:(?:规范性文件)?(?:统一)?(?:登记|编)号\s*[：:]\s*)?"
                           r"([A-Z]{2,8}\d{0,4}(?:\s*[-－—]\s*\d{2,6}){2,3})[）)]?$")


def banner_line(text: str) -> dict[str, str] | None:
    """The 版头 elements a line holds other than the 发文机关标志, by name: {"份号": "000123"},
    {"发文字号": "某教发〔2024〕5号", "签发人": "张三　李四"}; None for any other line."""
    t = text.strip()
    for what, pattern in (("份号", _COPY_NUMBER), ("密级", _SECRECY), ("紧急程度", _URGENCY)):
        mt = pattern.match(t)
        if mt:
            return {what: _compact(mt.group(mt.lastindex or 0))}
    mt = _DOC_NUMBER.match(t)
    if mt:
        return {"发文字号": standard_doc_number(mt.group(1)), **({"签发人": mt.group(2)} if mt.group(2) else {})}
    mt = _SIGNED.match(t)
    return {"签发人": mt.group(1)} if mt else None


def signed_by(text: str) -> bool:
    """A 版头 line that names the 签发人 (alone or after the 发文字号)."""
    return "签发人" in (banner_line(text) or {})


# where each 版头 element goes in Parts
_BANNER_FIELDS = {"份号": "copy_number", "密级": "secrecy", "紧急程度": "urgency", "发文机关标志": "mark",
                  "发文字号": "doc_number"}


def _read_banner(units: list[Unit], report: Report, p: Parts) -> int:
    """The 版头 at the top: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, in any order a
    paste leaves them. Returns how many units it takes (0 when the text has none).

    A 发文机关标志 alone counts only when the title follows it; the other lines have shapes that
    nothing else at the top of a document has."""
    found: list[tuple[Unit, dict[str, str]]] = []
    k = 0
    while k < min(len(units) - 1, 8) and units[k].block is None:
        t = units[k].text.strip()
        fields = banner_line(t)
        if fields is None and _MARK.match(t) and not any("发文机关标志" in f for _, f in found):
            fields = {"发文机关标志": t}
        if fields is None:
            break
        found.append((units[k], fields))
        k += 1
    only_mark = [set(f) for _, f in found] == [{"发文机关标志"}]
    if not found or (only_mark and not _title_like(units[k])):
        return 0
    for u, fields in found:
        p.set_role(u, "redhead_mark" if "发文机关标志" in fields else
                   "doc_number" if "发文字号" in fields else "banner")
        for what, value in fields.items():
            if what == "签发人":
                p.issuers = [x for x in re.split(r"[\s\u3000、，,]+", value) if x]
                value = "、".join(p.issuers)
            else:
                setattr(p, _BANNER_FIELDS[what], value)
            report.recognise("版头", what, u.line, u.text.strip(), value)
    return k


def _read_banji(units: list[Unit], start: int, report: Report, p: Parts) -> int:
    """版记 lines (抄送, 印发机关和日期) at the very end; returns where they begin."""
    n = len(units)
    while n > start + 1 and units[n - 1].block is None and _BANJI.match(units[n - 1].text.strip()):
        u = units[n - 1]
        t = u.text.strip()
        cc = _CC.match(t)
        if cc:
            p.cc = cc.group(1).strip()
            report.recognise("版记", "抄送", u.line, t, p.cc)
        else:
            printed = _PRINTED.match(t)
            p.printed_by = printed.group(1).strip()
            p.printed_on = parse_date(printed.group(2))
            report.recognise("版记", "印发机关和印发日期", u.line, t,
                             f"{p.printed_by} {format_date(p.printed_on)}印发" if p.printed_on else None)
        p.set_role(u, "banji")
        n -= 1
    return n


def _note_like(text: str) -> bool:
    """A 附注 line: （此件公开发布） and the like, or a 规范性文件 registration number."""
    t = text.strip()
    return bool(_NOTE.match(t) and not match_marker(t) or _REGISTRATION.match(t))


def split_parts(units: list[Unit], report: Report) -> Parts:
    p = Parts()
    i = _read_banner(units, report, p)
    n = _read_banji(units, i, report, p)
    if i < n and n > 1 and _label_text(units[i].text):
        p.label = _label_text(units[i].text)
        p.set_role(units[i], "label")
        report.recognise("附件标签", "附件标签（本文是附件）", units[i].line, units[i].text.strip(), p.label)
        i += 1
    h1 = [u for u in units if u.heading == 1]
    if i < n and units[i].heading == 1 and len(h1) == 1:
        p.title.append(units[i].text.strip())
        p.set_role(units[i], "title")
        i += 1
    else:
        # up to three lines; a line that ends with the kind of document ends the title
        while i < n - 1 and len(p.title) < 3 and units[i].heading is None:
            text, number, cut = clean_title(units[i].text)
            if not text or not _title_like(replace(units[i], text=text)):
                break
            if cut:
                report.add("junk", units[i].line, "从标题中删去网页信息", cut, text)
            p.title.append(text)
            p.doc_number = p.doc_number or number
            p.set_role(units[i], "title")
            i += 1
            if GENRE_END.search(text):
                break
    if p.title:
        report.recognise("标题", "标题", units[i - 1].line, " / ".join(p.title), "".join(p.title))
        # a 发文字号 in brackets under the title, as web pages print it
        mt = _NUMBER_IN_PARENS.match(units[i].text.strip()) if i < n and units[i].block is None else None
        if mt:
            p.doc_number = p.doc_number or standard_doc_number(mt.group(1))
            p.set_role(units[i], "doc_number")
            report.recognise("版头", "发文字号", units[i].line, units[i].text.strip(), p.doc_number)
            i += 1
    if i < n and units[i].block is None and recipient_like(units[i].text):
        t = units[i].text.strip()
        p.recipient = t[:-1] + "："
        p.set_role(units[i], "recipient")
        report.recognise("主送", "主送机关", units[i].line, t, p.recipient)
        i += 1
    # attachment pages: from the first standalone 附件N line after the front matter
    end = n
    for k in range(i, n):
        if units[k].block is None and _label_text(units[k].text) and k + 1 < n:
            end = k
            break
    else:
        # a covering 通知 and the document it issues: a 落款 in the middle, then a new title
        for k in range(i + 1, n - 2):
            if (units[k].block is None and parse_date(units[k].text) and _org_like(units[k - 1])
                    and _title_candidate(units[k + 1])):
                title = units[k + 1].text.strip()
                p.set_role(units[k + 1], "attach_title")
                p.attachments.append((None, title, units[k + 2:n], units[k + 1].line))
                report.recognise("附件", "随通知印发的文件（作为附件排在落款之后）", units[k + 1].line, title)
                end = k + 1
                break
    if end < n and not p.attachments:
        k = end
        while k < n:
            label = _label_text(units[k].text)
            start_line = units[k].line
            p.set_role(units[k], "attach_label")
            k += 1
            title = ""
            if k < n and _title_like(units[k], loose=True):
                title = units[k].text.strip()
                p.set_role(units[k], "attach_title")
                k += 1
            content = []
            while k < n and not (units[k].block is None and _label_text(units[k].text) and k + 1 < n):
                content.append(units[k])
                k += 1
            p.attachments.append((label, title, content, start_line))
            report.recognise("附件", "附件页", start_line, label, f"{label} {title}" if title else label)
    # the tail: 附注, 成文日期, 署名 (from the end of the main part)
    j = end
    notes = []
    while j > i and units[j - 1].block is None and _note_like(units[j - 1].text):
        notes.insert(0, units[j - 1])
        j -= 1
    if j > i and units[j - 1].block is None and parse_date(units[j - 1].text):
        p.date = parse_date(units[j - 1].text)
        p.set_role(units[j - 1], "date")
        report.recognise("落款", "成文日期", units[j - 1].line, units[j - 1].text.strip(), format_date(p.date))
        if not re.match(r"^\d", units[j - 1].text.strip()):
            report.add("structure", units[j - 1].line, "成文日期改用阿拉伯数字", units[j - 1].text.strip(),
                       format_date(p.date))
        j -= 1
        # one 署名, or several (联合发文, up to four), one a line, above the date
        signers = []
        while j > i and len(signers) < 4 and _org_like(units[j - 1]) and (
                not signers or names_an_organisation(units[j - 1].text)):
            signers.insert(0, units[j - 1])
            j -= 1
        for u in signers:
            p.set_role(u, "org")
            report.recognise("落款", "发文机关署名", u.line, u.text.strip())
        if signers:
            p.org = signers[0].text.strip()
            p.co_signers = [u.text.strip() for u in signers[1:]]
        for u in notes:
            p.notes.append(u.text.strip())
            p.set_role(u, "note")
            what = "规范性文件登记号" if _REGISTRATION.match(u.text.strip()) else "附注"
            report.recognise("附注", what, u.line, u.text.strip())
    else:
        j = j + len(notes)  # notes without a date are ordinary paragraphs
    # 附件说明 just before the signature
    for k in range(j - 1, i - 1, -1):
        u = units[k]
        mt = _ATTACH_NOTE.match(u.text.strip()) if u.block is None else None
        if not mt:
            continue
        first = mt.group(1).strip()
        names: list[tuple[str, int]] = []
        following = units[k + 1 : j]
        item = _ATTACH_ITEM.match(first)
        if item:
            names.append((item.group(2), u.line))
            ok = all(x.block is None and _ATTACH_ITEM.match(x.text.strip()) for x in following)
            if ok:
                names += [(_ATTACH_ITEM.match(x.text.strip()).group(2), x.line) for x in following]
        else:
            ok = not following and bool(first)
            if ok:
                names.append((first, u.line))
        if ok and names:
            p.attach_names = [(nm.strip().rstrip("。；;，,"), ln) for nm, ln in names]
            p.set_role(u, "attach_note")
            for x in following:
                p.set_role(x, "attach_note")
            report.recognise("附件说明", "附件说明", u.line, snippet(u.text.strip()),
                             "；".join(nm for nm, _ in p.attach_names))
            j = k
        break
    p.body = units[i:j]
    return p


