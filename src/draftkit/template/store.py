"""Where templates live, how a template and its parents are read and merged, and the
profile the writer uses made from them.

Templates are found, in order: a path given with --template, ./templates/, the user's
config folder (~/.config/draftkit/templates, %APPDATA%\\draftkit\\templates on Windows),
and the built-ins shipped inside the package.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from draftkit.errors import DraftkitError, InputError, Problem
from draftkit.files import is_within, os_reason
from draftkit.profile import Banji, Fonts, Page, Profile, RedHead, Sizes, as_dict, templates_root
from draftkit.template.learn import learn_from_docx
from draftkit.template.settings import (
    POSITIONS,
    SETTINGS_FILE,
    FontsIn,
    PageIn,
    SizesIn,
    TemplateIn,
)

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
                raw, _ = _read_settings(folder)
                if isinstance(raw, dict):
                    desc, ext = raw.get("说明"), raw.get("继承", raw.get("extends"))
                    # shown as written; a value that is not text is template check's to report
                    desc = None if desc is None else str(desc)
                    ext = None if ext is None else str(ext)
            except DraftkitError:
                desc = "（template.yaml 有错误，请运行 draftkit template check）"
            out.append(TemplateInfo(folder.name, where, folder, desc, ext, folder.name in seen))
            seen.add(folder.name)
    return out


def stamp(cwd: Path | None = None) -> tuple:
    """What the templates on the search path look like on disk (every file's path, size and
    modification time): a long-running process compares stamps to know a template was edited."""
    out = []
    for _, base in search_dirs(cwd):
        if base.is_dir():
            for f in sorted(base.rglob("*")):
                try:
                    st = f.stat()
                except OSError:
                    continue
                out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


# -- reading and merging -------------------------------------------------------------------
def _read_settings(folder: Path) -> tuple[dict, Any]:
    """A template folder's template.yaml: (plain settings, ruamel tree for line numbers).

    Read by the same bounded loader as every input (a shared template is a stranger's file):
    ({}, None) when the folder has none or it is empty."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return {}, None
    if not is_within(path, folder):
        raise DraftkitError(f"{path} 是一个指向模板文件夹以外的链接；模板只能使用自己文件夹里的文件")
    from draftkit.loader import load

    try:
        if not path.read_bytes().strip(b" \t\r\n\xef\xbb\xbf"):
            return {}, None
    except OSError as exc:
        raise DraftkitError(f"无法读取 {path}：{os_reason(exc)}") from None
    loaded = load(path, refuse_control=True)
    return loaded.data, loaded.raw


@dataclass
class Layer:
    name: str
    folder: Path
    where: str
    data: dict  # settings of this layer only, as plain values
    raw: Any = None  # the same as ruamel read them, for line numbers

    @property
    def file(self) -> Path:
        return self.folder / SETTINGS_FILE

    def line_of(self, loc: tuple) -> int | None:
        from draftkit.loader import position_of

        return position_of(self.raw, loc)[0] if self.raw is not None else None


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
        data, raw = _read_settings(folder)
        layers.append(Layer(folder.name, folder, where, data, raw))
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
    from draftkit.messages import describe_error

    return "不认识的设置项" if err.get("type") == "extra_forbidden" else describe_error(err)


# -- to a profile ----------------------------------------------------------------------------
def to_profile(t: Template) -> Profile:
    s = t.settings
    base = Profile()

    def merged(model, into):
        values = {k: v for k, v in model.model_dump().items() if v is not None}
        return dataclasses.replace(into, **values)

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
        fonts = dataclasses.replace(fonts, **{**learned.get("fonts", {}), **own("字体", FontsIn)})
        sizes = dataclasses.replace(sizes, **{**learned.get("sizes", {}), **own("字号", SizesIn)})
    try:
        page = Page(**{**as_dict(Page()), **page_values})
    except ValueError as exc:
        raise DraftkitError(f"模板“{t.name}”的页面设置有误：{exc}") from None
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
        return dataclasses.replace(base, **update)
    except ValueError as exc:
        raise DraftkitError(f"模板“{t.name}”的版式无法成立：{exc}") from None


def _reference_path(t: Template) -> Path:
    layer = _origin_of(t.origin, ("参考文档",)) or t.layers[0]
    folder = layer.folder.resolve()
    path = (folder / t.settings.reference).resolve()
    # a shared template is a stranger's file: it may only name a document in its own folder
    # (not /etc/…, ../../…, nor a link that leads out)
    if not is_within(path, folder):
        raise DraftkitError(f"{layer.file}：参考文档 {t.settings.reference} 不在模板文件夹 {layer.folder} 里；"
                            "模板只能使用放在自己文件夹里的参考文档")
    if not path.is_file():
        raise DraftkitError(f"{layer.file}：参考文档 {t.settings.reference} 不存在（应放在模板文件夹 {layer.folder} 里）")
    return path


