"""Opening a .docx someone else made: every way it can be wrong becomes a clear Chinese message."""

from __future__ import annotations

import zipfile
from pathlib import Path

from draftkit.errors import DraftkitError

MAX_DOCX_BYTES = 20 * 1024 * 1024  # a text document; more is pictures, or not a document
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # guards against zip bombs


def open_docx(path: Path):
    """A python-docx Document, or DraftkitError naming the file and what is wrong with it."""
    path = Path(path)
    if not path.exists():
        raise DraftkitError(f"找不到文件 {path}")
    if path.is_dir():
        raise DraftkitError(f"{path} 是一个文件夹，请给出 .docx 文件")
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise DraftkitError(
            f"{path}：文件太大（{size / 1024 / 1024:.1f} MB），只处理 {MAX_DOCX_BYTES // 1024 // 1024} MB 以内的文档；"
            "如果是带大量图片的文件，请只复制其中的文字"
        )
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DraftkitError(
            f"{path}：这个文件受密码保护，或是旧版 Word（.doc）/WPS 格式。请在 Word/WPS 中取消密码、"
            "另存为 .docx 后再用"
        )
    if not zipfile.is_zipfile(path):
        raise DraftkitError(f"{path}：不是有效的 .docx 文件（文件已损坏，或只是改了扩展名）")
    try:
        with zipfile.ZipFile(path) as zf:
            if "word/document.xml" not in set(zf.namelist()):
                raise DraftkitError(f"{path}：压缩包里没有 Word 正文（word/document.xml），不是有效的 .docx 文件")
            if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED_BYTES:
                raise DraftkitError(f"{path}：解压后过大，无法处理")
    except zipfile.BadZipFile:
        raise DraftkitError(f"{path}：不是有效的 .docx 文件（压缩包已损坏）") from None
    import docx

    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(str(path))
    except XMLSyntaxError as exc:
        deep = "depth" in str(exc).lower() or "nest" in str(exc).lower()
        why = "内容嵌套过深（如表格套表格几百层）" if deep else "里面的 XML 有错误"
        raise DraftkitError(f"{path}：无法读取这个 .docx 文件：{why}。请在 Word/WPS 中打开后另存一次") from None
    except Exception:  # python-docx raises many kinds on malformed parts
        raise DraftkitError(
            f"{path}：无法读取这个 .docx 文件（文件内部结构有误），请在 Word/WPS 中打开后另存一次"
        ) from None
