"""Turn a .docx into PDF with LibreOffice, with the Word font names mapped to installed fonts.

Used by the render tests, by `--pdf`, and to make the README picture.  Each call
gets its own LibreOffice profile directory: two concurrent soffice processes
sharing one exit 1 silently with no PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from draftkit.errors import DraftkitError

# Word font names -> free fonts of the same kind (Debian: fonts-noto-cjk, fonts-arphic-ukai,
# fonts-arphic-uming, fonts-liberation2).  Only used for rendering here; the .docx keeps the
# Word names.
FONT_MAP = {
    "Noto Serif CJK SC": ["仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "华文仿宋", "STFangsong"],
    "AR PL UKai CN": ["楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "华文楷体", "STKaiti"],
    "Noto Sans CJK SC": ["黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "方正黑体简体", "方正黑体_GBK"],
    "AR PL UMing CN": ["宋体", "SimSun", "新宋体", "NSimSun"],
    "Liberation Serif": ["Times New Roman"],
}
# 小标宋: a heavy Song face; Noto Serif CJK in bold weight is the closest free match.
BOLD_SONG = ["方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", "STZhongsong"]


def fontconfig_xml() -> str:
    rules = []
    for target, names in FONT_MAP.items():
        for name in names:
            rules.append(
                f'  <match target="pattern"><test name="family"><string>{name}</string></test>'
                f'<edit name="family" mode="assign" binding="strong"><string>{target}</string></edit></match>'
            )
    for name in BOLD_SONG:
        rules.append(
            f'  <match target="pattern"><test name="family"><string>{name}</string></test>'
            '<edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string></edit>'
            '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit></match>'
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


NO_LIBREOFFICE = "没有找到 LibreOffice（soffice），无法生成 PDF；请先安装 LibreOffice，或去掉 --pdf"


def require_soffice() -> str:
    """The LibreOffice program, or a DraftkitError saying it is missing (checked before any work)."""
    soffice = find_soffice()
    if soffice is None:
        raise DraftkitError(NO_LIBREOFFICE)
    return soffice


def _run_alone(cmd: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
    """Run LibreOffice in a process group of its own and end the whole group afterwards:
    soffice starts soffice.bin, which may outlive it (or be left by a timeout or Ctrl-C)."""
    import signal

    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=posix)
    try:
        out, err = proc.communicate(timeout=timeout)
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    finally:
        if posix:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def docx_to_pdf(docx_paths: list[Path] | Path, outdir: Path, timeout: float = 180) -> list[Path]:
    """Convert one or more .docx files to PDF in `outdir` with one LibreOffice run (much
    faster than one run each).  Returns the PDF paths."""
    if isinstance(docx_paths, (str, Path)):
        docx_paths = [Path(docx_paths)]
    soffice = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="draftkit-lo-") as tmp:
        tmp_path = Path(tmp)
        conf = tmp_path / "fonts.conf"
        conf.write_text(fontconfig_xml(), encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(tmp_path))
        profile = (tmp_path / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            # the blank page an even-page section break inserts before the 版记 is printed, so
            # it is exported too (LibreOffice leaves such pages out of a PDF by default)
            'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
            "--outdir",
            str(outdir),
            *[str(p) for p in docx_paths],
        ]
        try:
            proc = _run_alone(cmd, env, timeout)
        except subprocess.TimeoutExpired:
            raise DraftkitError(f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from None
    pdfs = [outdir / (Path(p).stem + ".pdf") for p in docx_paths]
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()
        raise DraftkitError(f"LibreOffice 没有生成 PDF：{', '.join(map(str, missing))}（{detail}）")
    return pdfs


NO_PREVIEW = ("预览需要 LibreOffice 和 poppler（pdftoppm），这台电脑上没有找到 {missing}；"
              "文档照常生成、下载，装好后即可看到预览")


def preview_missing() -> str | None:
    """Why page previews cannot be made here (a Chinese sentence), or None when they can."""
    missing = [name for name, found in (("LibreOffice", find_soffice()), ("pdftoppm", shutil.which("pdftoppm")))
               if not found]
    return NO_PREVIEW.format(missing="、".join(missing)) if missing else None


def pdf_pages_to_png(pdf: Path, outdir: Path, first: int = 1, last: int = 3, dpi: int = 72,
                     timeout: float = 60) -> list[Path]:
    """Pages first..last of a PDF as PNG images (fewer when the PDF is shorter), in page order."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise DraftkitError(preview_missing() or "没有找到 pdftoppm")
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [tool, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(outdir / "page")]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise DraftkitError(f"生成预览图超时（超过 {timeout:.0f} 秒）") from None
    pages = sorted(outdir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if proc.returncode != 0 or not pages:
        detail = proc.stderr.decode("utf-8", "replace").strip()
        raise DraftkitError(f"没有生成预览图（{detail or 'pdftoppm 出错'}）")
    return pages
