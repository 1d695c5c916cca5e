"""`draftkit template show / init / check`: what a template sets and where from, a new
template (optionally learnt from a sample .docx), and every problem a template has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from draftkit.errors import DraftkitError, InputError
from draftkit.fonts import is_common
from draftkit.profile import SIZE_NAMES, Profile, as_dict, templates_root
from draftkit.template.learn import learn_from_docx
from draftkit.template.settings import (
    POSITIONS,
    SETTINGS_FILE,
    BanjiIn,
    FontsIn,
    PageIn,
    RedHeadIn,
    SizesIn,
)
from draftkit.template.store import find_template, load_template




def _fmt(value: Any, kind: str = "") -> str:
    if value is None:
        return "（未设置）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "mm":
        return f"{value:g}mm"
    if kind == "pt":
        name = SIZE_NAMES.get(value)
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
        # each learned value under the key template.yaml gives it (the settings models' aliases)
        sections = (("page", PageIn, "页面", lambda v: f"{v:g}mm", lambda a, v: f"{a} {v:g}mm"),
                    ("fonts", FontsIn, "字体", str, lambda a, v: f"{a}字体 {v}"),
                    ("sizes", SizesIn, "字号", lambda v: SIZE_NAMES.get(v, f"{v:g}pt"),
                     lambda a, v: f"{a}字号 {_fmt(v, 'pt')}"))
        for key, model, heading, written, told in sections:
            values = info[key]
            if not values:
                continue
            learned_lines.append(f"{heading}:                            # 从样稿读取")
            for k, spec in model.model_fields.items():
                if k in values:
                    learned_lines.append(f"  {spec.alias}: {written(values[k])}")
                    said.append(told(spec.alias, values[k]))
    text = _INIT_YAML.format(name=name, extends=extends, folder=folder,
                             learned="\n".join(learned_lines) + ("\n" if learned_lines else ""))
    # validate what we are about to write before anything lands on disk
    import tempfile

    from draftkit.files import os_reason, sweep_stale, temp_prefix

    if directory.exists() and not directory.is_dir():
        raise DraftkitError(f"{directory} 是一个文件，不是文件夹；请用 --dir 指定一个文件夹")
    staging = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        sweep_stale(directory)
        staging = Path(tempfile.mkdtemp(prefix=temp_prefix(), dir=directory))
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
    except OSError as exc:
        raise DraftkitError(f"无法在 {directory} 中建立模板文件夹：{os_reason(exc)}") from None
    finally:
        if staging is not None and staging.exists():
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
    return folder, said


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
    for attr, value in as_dict(p.fonts).items():
        if installed is not None and value not in installed and not is_common(value):
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
