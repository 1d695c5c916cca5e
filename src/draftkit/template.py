"""Bureau templates: a folder with template.yaml, phrases/*.j2 and optionally a reference .docx.

A template extends another (`继承: default`) and sets only what differs.  Templates are
found, in order: a path given with --template, ./templates/, the user's config folder
(~/.config/draftkit/templates, %APPDATA%\\draftkit\\templates on Windows), and the
built-ins shipped inside the package.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from draftkit.errors import DraftkitError, InputError, Problem
from draftkit.profile import Banji, Fonts, Page, Profile, RedHead, Sizes, templates_root

SETTINGS_FILE = "template.yaml"

# 字号 names to points
CHINESE_SIZES = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5,
}


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


# -- where templates live ---------------------------------------------------------------
def user_templates_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "draftkit" / "templates"


def search_dirs(cwd: Path | None = None) -> list[tuple[str, Path]]:
    """(where, folder) in search order."""
    cwd = cwd or Path.cwd()
    return [
        ("当前文件夹", cwd / "templates"),
        ("用户配置", user_templates_dir()),
        ("内置", templates_root()),
    ]


def _is_template(folder: Path) -> bool:
    return (folder / SETTINGS_FILE).is_file() or (folder / "phrases").is_dir()


def find_template(name_or_path: str | Path, cwd: Path | None = None) -> tuple[Path, str]:
    """The folder of a template given by path or by name, and where it was found."""
    p = Path(name_or_path)
    if p.is_dir() and _is_template(p):
        return p.resolve(), "指定路径"
    if p.is_absolute() or len(p.parts) > 1 or str(name_or_path).startswith("."):
        if p.is_dir():
            raise DraftkitError(f"{p} 不是模板文件夹（里面没有 {SETTINGS_FILE}）")
        raise DraftkitError(f"找不到模板文件夹 {p}")
    name = str(name_or_path)
    for where, base in search_dirs(cwd):
        folder = base / name
        if folder.is_dir() and _is_template(folder):
            return folder.resolve(), where
    names = "、".join(sorted({t.name for t in list_templates(cwd)})) or "（无）"
    raise DraftkitError(f"找不到模板“{name}”。现有的模板：{names}。可用 draftkit template list 查看")


@dataclass
class TemplateInfo:
    name: str
    where: str
    path: Path
    description: str | None = None
    extends: str | None = None
    shadowed: bool = False  # an earlier folder in the search order has one of the same name


def list_templates(cwd: Path | None = None) -> list[TemplateInfo]:
    out: list[TemplateInfo] = []
    seen: set[str] = set()
    for where, base in search_dirs(cwd):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if not folder.is_dir() or not _is_template(folder):
                continue
            desc = ext = None
            try:
                raw = _read_settings(folder)
                if isinstance(raw, dict):
                    desc, ext = raw.get("说明"), raw.get("继承", raw.get("extends"))
            except DraftkitError:
                desc = "（template.yaml 有错误，请运行 draftkit template check）"
            out.append(TemplateInfo(folder.name, where, folder, desc, ext, folder.name in seen))
            seen.add(folder.name)
    return out


# -- reading and merging -------------------------------------------------------------------
def _read_settings(folder: Path) -> dict:
    """A template folder's template.yaml as a ruamel round-trip mapping ({} when it has none)."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return {}
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DraftkitError(f"{path}：不是 UTF-8 编码，请用记事本另存为 UTF-8") from None
    except OSError as exc:
        raise DraftkitError(f"无法读取 {path}：{exc.strerror}") from None
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行：" if mark is not None else ""
        from draftkit.loader import _explain_yaml

        raise DraftkitError(f"{path}：{line}{_explain_yaml(str(getattr(exc, 'problem', None) or exc))}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DraftkitError(f"{path}：内容应是“键: 值”的设置，而不是列表或文字")
    return data


@dataclass
class Layer:
    name: str
    folder: Path
    where: str
    data: dict  # raw settings (ruamel CommentedMap) of this layer only

    @property
    def file(self) -> Path:
        return self.folder / SETTINGS_FILE

    def line_of(self, loc: tuple) -> int | None:
        from draftkit.loader import position_of

        return position_of(self.data, loc)[0] if self.data else None


@dataclass
class Template:
    name: str
    layers: list[Layer]  # the template itself first, then its parents
    settings: TemplateIn
    origin: dict[tuple, Layer] = field(default_factory=dict)  # leaf key path -> layer that set it

    def profile(self) -> Profile:
        return to_profile(self)


def _flatten(data: dict, prefix: tuple = ()) -> dict[tuple, Any]:
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):
            out.update(_flatten(v, prefix + (k,)))
        else:
            out[prefix + (k,)] = v
    return out


def _unflatten(flat: dict[tuple, Any]) -> dict:
    out: dict = {}
    for path, v in flat.items():
        node = out
        for k in path[:-1]:
            node = node.setdefault(k, {})
        node[path[-1]] = v
    return out


def load_template(name_or_path: str | Path, cwd: Path | None = None) -> Template:
    folder, where = find_template(name_or_path, cwd)
    layers: list[Layer] = []
    seen: list[Path] = []
    while True:
        if folder in seen:
            chain = " → ".join(p.name for p in seen + [folder])
            raise DraftkitError(f"模板继承形成了循环：{chain}")
        seen.append(folder)
        data = _read_settings(folder)
        layers.append(Layer(folder.name, folder, where, data))
        parent = data.get("继承", data.get("extends"))
        if parent is None:
            if folder.name != "default" or where != "内置":
                # every template rests on the built-in default (GB/T 9704)
                folder, where = templates_root() / "default", "内置"
                if folder in seen:
                    break
                continue
            break
        if not isinstance(parent, str) or not parent.strip():
            raise DraftkitError(f"{layers[-1].file}：“继承”应写模板名，如 default")
        if parent.strip() == folder.name:
            # a local template named like a built-in may extend the built-in of that name
            folder, where = _find_after(parent.strip(), folder, cwd)
        else:
            folder, where = find_template(parent.strip(), cwd)
    flat: dict[tuple, Any] = {}
    origin: dict[tuple, Layer] = {}
    for layer in reversed(layers):
        for path, v in _flatten({k: v for k, v in layer.data.items() if k not in ("继承", "extends")}).items():
            flat[path] = v
            origin[path] = layer
    merged = _unflatten(flat)
    problems = []
    try:
        settings = TemplateIn.model_validate(merged)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(str(x) for x in err["loc"])
            layer = _origin_of(origin, loc) or layers[0]
            msg = _translate(err)
            problems.append((layer, loc, msg))
        first = problems[0][0]
        raise InputError(first.file, [Problem(msg, field=".".join(loc), line=layer.line_of(loc))
                                      for layer, loc, msg in problems]) from None
    return Template(layers[0].name, layers, settings, origin)


def _find_after(name: str, current: Path, cwd: Path | None) -> tuple[Path, str]:
    dirs = search_dirs(cwd)
    passed = False
    for where, base in dirs:
        folder = (base / name).resolve() if (base / name).exists() else base / name
        if passed and folder.is_dir() and _is_template(folder):
            return folder, where
        if folder == current:
            passed = True
    raise DraftkitError(f"模板“{name}”继承了同名模板，但搜索路径后面没有同名模板")


def _origin_of(origin: dict[tuple, Layer], loc: tuple) -> Layer | None:
    for n in range(len(loc), 0, -1):
        if loc[:n] in origin:
            return origin[loc[:n]]
    for path, layer in origin.items():
        if path[: len(loc)] == loc:
            return layer
    return None


def _translate(err: dict) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "不认识的设置项"
    if kind in ("bool_type", "bool_parsing"):
        return "应写 true 或 false"
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return "应写数字"
    if kind == "greater_than_equal":
        return f"不能小于 {err.get('ctx', {}).get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {err.get('ctx', {}).get('le')}"
    if kind == "string_type":
        return "应写文字"
    msg = err.get("msg", "")
    return msg.removeprefix("Value error, ")


# -- to a profile ----------------------------------------------------------------------------
def to_profile(t: Template) -> Profile:
    s = t.settings
    base = Profile()

    def merged(model, into):
        values = {k: v for k, v in model.model_dump().items() if v is not None}
        return into.model_copy(update=values)

    fonts = merged(s.fonts, Fonts())
    sizes = merged(s.sizes, Sizes())
    page_values = {k: v for k, v in s.page.model_dump().items() if v is not None}
    reference = None
    if s.reference:
        reference = _reference_path(t)
        learned = learn_from_docx(reference)
        # The reference's page setup and fonts win over what the parents of the template that
        # names it say; that template itself (and any child of it) may still set them.
        owner = _origin_of(t.origin, ("参考文档",))
        rank = {id(layer): i for i, layer in enumerate(t.layers)}
        limit = rank.get(id(owner), 0)

        def own(group: str, model) -> dict:
            out = {}
            for attr, info in model.model_fields.items():
                layer = t.origin.get((group, info.alias))
                if layer is not None and rank[id(layer)] <= limit:
                    out[attr] = getattr(getattr(s, {"页面": "page", "字体": "fonts", "字号": "sizes"}[group]), attr)
            return out

        page_values = {**page_values, **learned.get("page", {}), **own("页面", PageIn)}
        fonts = fonts.model_copy(update={**learned.get("fonts", {}), **own("字体", FontsIn)})
        sizes = sizes.model_copy(update={**learned.get("sizes", {}), **own("字号", SizesIn)})
    try:
        page = Page(**{**Page().model_dump(), **page_values})
    except ValidationError as exc:
        raise DraftkitError(f"模板“{t.name}”的页面设置有误：{_first_msg(exc)}") from None
    redhead = merged(s.redhead, RedHead())
    banji = merged(s.banji, Banji())
    phrase_dirs = [layer.folder / "phrases" for layer in t.layers if (layer.folder / "phrases").is_dir()]
    update = {
        "name": t.name,
        "fonts": fonts,
        "sizes": sizes,
        "page": page,
        "org_name": s.org_name,
        "signature": s.signature,
        "recipient": s.recipient,
        "numbering": {"分节重排": "restart", "连续": "continuous"}.get(s.numbering) if s.numbering else None,
        "redhead": redhead,
        "banji": banji,
        "reference_docx": reference,
        "phrase_dirs": phrase_dirs,
    }
    if s.bold_lead is not None:
        update["bold_lead"] = s.bold_lead
    if s.bold_headings is not None:
        update["bold_headings"] = s.bold_headings
    if s.page_number.style is not None:
        update["page_number_style"] = s.page_number.style.replace("{页码}", "{}")
    if s.page_number.position is not None:
        update["page_number_position"] = POSITIONS[s.page_number.position]
    if s.page_number.indent_chars is not None:
        update["page_number_indent_chars"] = s.page_number.indent_chars
    try:
        return Profile(**{**base.model_dump(), **{k: (v.model_dump() if isinstance(v, BaseModel) else v)
                                                   for k, v in update.items()}})
    except ValidationError as exc:
        raise DraftkitError(f"模板“{t.name}”的版式无法成立：{_first_msg(exc)}") from None


def _first_msg(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return err.get("msg", "").removeprefix("Value error, ")


def _reference_path(t: Template) -> Path:
    layer = _origin_of(t.origin, ("参考文档",)) or t.layers[0]
    path = (layer.folder / t.settings.reference).resolve()
    if not path.is_file():
        raise DraftkitError(f"{layer.file}：参考文档 {t.settings.reference} 不存在（应放在模板文件夹 {layer.folder} 里）")
    return path


# -- learning from a sample .docx -------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rfonts(rpr) -> tuple[str | None, float | None]:
    if rpr is None:
        return None, None
    fonts = rpr.find(_W + "rFonts")
    ea = fonts.get(_W + "eastAsia") if fonts is not None else None
    sz = rpr.find(_W + "sz")
    size = int(sz.get(_W + "val")) / 2 if sz is not None and sz.get(_W + "val", "").isdigit() else None
    return ea, size


def learn_from_docx(path: Path) -> dict:
    """Page setup, fonts and sizes of a sample document: what `template init --from` writes."""
    from draftkit.docxio import open_docx

    d = open_docx(path)
    sec = d.sections[0]
    emu_per_mm = 36000

    def mm(v):
        return round(v / emu_per_mm, 1) if v is not None else None

    page = {"width_mm": mm(sec.page_width), "height_mm": mm(sec.page_height), "top_mm": mm(sec.top_margin),
            "bottom_mm": mm(sec.bottom_margin), "left_mm": mm(sec.left_margin), "right_mm": mm(sec.right_margin),
            "footer_mm": mm(sec.footer_distance)}
    page = {k: v for k, v in page.items() if v}
    fonts: dict[str, str] = {}
    sizes: dict[str, float] = {}
    styles = d.styles.element
    defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    ea, size = _rfonts(defaults)
    if ea:
        fonts["body"] = ea
    if size:
        sizes["body"] = size

    def style_font(*names):
        for st in d.styles:
            if st.name in names or st.style_id in names:
                return _rfonts(st.element.find(_W + "rPr"))
        return None, None

    for key, names in (("body", ("Normal", "Body Text")), ("title", ("Title", "标题")),
                       ("level1", ("Heading 1", "heading 1")), ("level2", ("Heading 2", "heading 2")),
                       ("level3", ("Heading 3", "heading 3")), ("level4", ("Heading 4", "heading 4"))):
        ea, size = style_font(*names)
        if ea:
            fonts[key] = ea
        if size and key in ("body", "title"):
            sizes[key] = size
    # what the text itself uses: the first centred paragraph is the title, the most common
    # run font of plain paragraphs the body
    from collections import Counter

    body_fonts: Counter = Counter()
    body_sizes: Counter = Counter()
    title_seen = False
    for p in d.paragraphs:
        if not p.text.strip():
            continue
        runs = [r for r in p.runs if r.text.strip()]
        if not runs:
            continue
        ea, size = _rfonts(runs[0]._r.find(_W + "rPr"))
        centered = p.alignment is not None and int(p.alignment) == 1
        if centered and not title_seen:
            title_seen = True
            if ea:
                fonts["title"] = ea
            if size:
                sizes["title"] = size
            continue
        if ea:
            body_fonts[ea] += len(p.text)
        if size:
            body_sizes[size] += len(p.text)
    if body_fonts:
        fonts["body"] = body_fonts.most_common(1)[0][0]
    if body_sizes:
        sizes["body"] = body_sizes.most_common(1)[0][0]
    return {"page": page, "fonts": fonts, "sizes": sizes}


# -- show, init, check ----------------------------------------------------------------------
_SIZE_NAMES = {v: k for k, v in CHINESE_SIZES.items()}


def _fmt(value: Any, kind: str = "") -> str:
    if value is None:
        return "（未设置）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "mm":
        return f"{value:g}mm"
    if kind == "pt":
        name = _SIZE_NAMES.get(value)
        return f"{value:g}磅" + (f"（{name}）" if name else "")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _effective(p: Profile) -> dict[tuple, tuple[Any, str]]:
    """Every setting a template can write -> (effective value, unit kind)."""
    out: dict[tuple, tuple[Any, str]] = {
        ("说明",): (None, ""),
        ("机关名称",): (p.org_name, ""),
        ("署名",): (p.signature, ""),
        ("主送",): (p.recipient, ""),
        ("编号",): ({"restart": "分节重排", "continuous": "连续"}.get(p.numbering or "restart"), ""),
        ("三级标题加粗",): (p.bold_lead, ""),
        ("一二级标题加粗",): (p.bold_headings, ""),
        ("页码", "样式"): (p.page_number_style.replace("{}", "{页码}"), ""),
        ("页码", "位置"): ({v: k for k, v in POSITIONS.items()}[p.page_number_position], ""),
        ("页码", "离边字数"): (p.page_number_indent_chars, ""),
        ("参考文档",): (p.reference_docx, ""),
    }
    groups = (("字体", FontsIn, p.fonts, ""), ("字号", SizesIn, p.sizes, "pt"), ("页面", PageIn, p.page, "mm"),
              ("红头", RedHeadIn, p.redhead, ""), ("版记", BanjiIn, p.banji, ""))
    for alias, model, values, kind in groups:
        for attr, info in model.model_fields.items():
            k = kind
            if alias == "页面" and attr in ("lines", "chars"):
                k = ""
            if alias == "红头" and attr == "mark_size":
                k = "pt"
            out[(alias, info.alias)] = (getattr(values, attr), k)
    return out


def describe(name_or_path: str | Path) -> list[str]:
    t = load_template(name_or_path)
    p = t.profile()
    first = t.layers[0]
    lines = [f"模板 {t.name}（{first.where}：{first.folder}）",
             "继承：" + " → ".join(layer.name for layer in t.layers), "",
             "设置（值 ← 来自哪一层）："]
    for path, (value, kind) in _effective(p).items():
        layer = t.origin.get(path)
        if path == ("说明",):
            value = t.settings.description
        if layer is not None:
            line_no = layer.line_of(path)
            src = f"{layer.name}（{layer.file}" + (f" 第 {line_no} 行" if line_no else "") + "）"
        else:
            src = "程序默认（GB/T 9704）"
        lines.append(f"  {'.'.join(path)} = {_fmt(value, kind)}    ← {src}")
    lines += ["", "推算出的版式：",
              f"  版心 {p.page.text_width_mm:g} × {p.page.text_height_mm:g} 毫米，"
              f"行距 {p.line_pitch_twips / 20:g} 磅（{p.page.lines} 行），"
              f"字距 {p.char_spacing_twips / 20:+g} 磅（{p.page.chars} 字）", "", "固定用语："]
    names = sorted({f.name for d in p.phrase_dirs for f in d.glob("*.j2")})
    for n in names:
        src = next(d for d in p.phrase_dirs if (d / n).is_file())
        owner = next((layer.name for layer in t.layers if layer.folder / "phrases" == src), src.parent.name)
        lines.append(f"  {n} ← {owner}（{src / n}）")
    return lines


_INIT_YAML = """# {name} 的模板。只写与“{extends}”不同的设置；全部可写的设置见 draftkit template show default。
# 写好后运行：draftkit template check {folder}
继承: {extends}
说明: {name}的公文模板

机关名称: {name}
署名: {name}
# 主送: 各乡镇（街道）中心学校，县直各学校
# 编号: 连续                    # 三级编号全文连续；默认“分节重排”
{learned}
# 红头:                          # 用“红头文件”模板或在这里启用
#   启用: true
#   发文机关标志: {name}文件
#   机关代字: 某教发
# 版记:
#   启用: true
#   抄送: 县委办公室，县人民政府办公室
#   印发机关: {name}办公室
"""


def init_template(name: str, directory: Path, *, extends: str = "default",
                  sample: Path | None = None) -> tuple[Path, list[str]]:
    if not name.strip() or re.search(r'[\\/:*?"<>|]', name) or name.strip(".") == "":
        raise DraftkitError(f"模板名“{name}”不能用作文件夹名（不能含 \\ / : * ? \" < > |）")
    folder = directory / name
    if folder.exists():
        raise DraftkitError(f"{folder} 已经存在；为免覆盖，请换一个名称或先删除它")
    parent, _ = find_template(extends)  # the parent must exist
    learned_lines: list[str] = []
    said: list[str] = []
    if sample is not None:
        info = learn_from_docx(Path(sample))
        page, fonts, sizes = info["page"], info["fonts"], info["sizes"]
        keys = {"top_mm": "上边距", "bottom_mm": "下边距", "left_mm": "左边距", "right_mm": "右边距",
                "width_mm": "纸宽", "height_mm": "纸高", "footer_mm": "页码距下边"}
        if page:
            learned_lines.append("页面:                            # 从样稿读取")
            for k, alias in keys.items():
                if k in page:
                    learned_lines.append(f"  {alias}: {page[k]:g}mm")
                    said.append(f"{alias} {page[k]:g}mm")
        font_keys = {"title": "标题", "body": "正文", "level1": "一级标题", "level2": "二级标题",
                     "level3": "三级标题", "level4": "四级标题"}
        if fonts:
            learned_lines.append("字体:                            # 从样稿读取")
            for k, alias in font_keys.items():
                if k in fonts:
                    learned_lines.append(f"  {alias}: {fonts[k]}")
                    said.append(f"{alias}字体 {fonts[k]}")
        if sizes:
            learned_lines.append("字号:                            # 从样稿读取")
            for k, alias in (("title", "标题"), ("body", "正文")):
                if k in sizes:
                    v = sizes[k]
                    learned_lines.append(f"  {alias}: {_SIZE_NAMES.get(v, f'{v:g}pt')}")
                    said.append(f"{alias}字号 {_fmt(v, 'pt')}")
    text = _INIT_YAML.format(name=name, extends=extends, folder=folder,
                             learned="\n".join(learned_lines) + ("\n" if learned_lines else ""))
    # validate what we are about to write before anything lands on disk
    import tempfile

    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".draftkit-", dir=directory))
    try:
        (staging / SETTINGS_FILE).write_text(text, encoding="utf-8")
        phrases = staging / "phrases"
        phrases.mkdir()
        src = templates_root() / "default" / "phrases"
        for f in sorted(src.glob("*.j2")):
            (phrases / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
        readme = src.parent / "README.md"
        if readme.is_file():
            (staging / "固定用语说明.md").write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
        load_template(staging).profile()
        staging.rename(folder)
    finally:
        if staging.exists():
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
    return folder, said


_COMMON_FONTS = {
    "方正小标宋简体", "方正小标宋_GBK", "仿宋_GB2312", "仿宋", "楷体_GB2312", "楷体", "黑体", "宋体", "华文中宋",
    "方正仿宋_GBK", "方正楷体_GBK", "方正黑体_GBK", "Times New Roman", "微软雅黑", "等线", "新宋体",
}


def _installed_fonts() -> set[str] | None:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = set()
    for line in out.splitlines():
        names.update(n.strip() for n in line.split(","))
    return names


def check_template(name_or_path: str | Path) -> tuple[list[str], list[str]]:
    """Every problem (and every warning) of a template: settings, layout, fonts, phrases, reference."""
    problems: list[str] = []
    warnings: list[str] = []
    try:
        t = load_template(name_or_path)
    except InputError as exc:
        return [p.render(exc.file) for p in exc.problems], warnings
    except DraftkitError as exc:
        return [exc.message], warnings
    try:
        p = t.profile()
    except DraftkitError as exc:
        return [exc.message], warnings
    # fonts: named, and ideally installed where the documents are opened
    installed = _installed_fonts()
    for attr, value in p.fonts.model_dump().items():
        if installed is not None and value not in installed and value not in _COMMON_FONTS:
            warnings.append(f"字体“{value}”不是公文常用字体，这台电脑上也没有安装；打开文档的电脑没有它时会被替换")
    if p.sizes.title < p.sizes.body:
        problems.append(f"{t.layers[0].file}：标题字号（{p.sizes.title:g} 磅）小于正文字号（{p.sizes.body:g} 磅）")
    if (p.page.lines, p.page.chars) != (22, 28):
        warnings.append(f"版心为每页 {p.page.lines} 行、每行 {p.page.chars} 字，不是 GB/T 9704 的 22 行 × 28 字")
    if p.redhead.enabled and not (p.redhead.mark or p.org_name):
        warnings.append("启用了红头但没有写“红头.发文机关标志”或“机关名称”：将用文稿的署名加“文件”作发文机关标志")
    if p.banji.enabled and not (p.banji.printer or p.org_name):
        warnings.append("启用了版记但没有写“版记.印发机关”或“机关名称”：将用文稿的署名作印发机关")
    # phrases: each must parse and render with the variables a document provides
    from draftkit.phrases import PhraseError, render_phrase

    sample = {"年度": 2025, "标题": "示例标题", "单位": p.signature or p.org_name or "某单位"}
    for d in p.phrase_dirs:
        for f in sorted(d.glob("*.j2")):
            try:
                render_phrase([d], f.stem, sample)
            except PhraseError as exc:
                problems.append(exc.message)
    return problems, warnings
