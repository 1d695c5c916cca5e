"""Bytes to text for every text input (YAML/JSON, .txt, .md): size limit, encoding detection
(UTF-8 with or without BOM, UTF-16/32 with or without BOM, GB18030/GBK, Big5), refusal of what
is not text, mojibake repair."""

from __future__ import annotations

import re
from pathlib import Path

from draftkit.errors import DraftkitError
from draftkit.files import os_reason

MAX_BYTES = 20 * 1024 * 1024  # an outline or a YAML input is a few hundred KB; 20 MB is far beyond any real one

_SIGNATURES = [
    (b"%PDF", "这是 PDF 文件。请在 PDF 阅读器中全选复制文字，粘贴成 .txt 后再转换"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）、WPS 或受密码保护的文件。请在 Word/WPS 中另存为 .docx（并取消密码）后再转换"),
    (b"PK\x03\x04", "这是一个压缩包（可能是 .docx 改了扩展名）。如果是 Word 文件，请把扩展名改为 .docx"),
    (b"\x89PNG", "这是图片文件，不是文稿"),
    (b"\xff\xd8\xff", "这是图片文件，不是文稿"),
    (b"GIF8", "这是图片文件，不是文稿"),
    (b"{\\rtf", "这是 RTF 文件。请在 Word/WPS 中另存为 .docx 后再转换"),
]

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8（带 BOM）",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "gb18030": "GB18030/GBK",
    "big5": "Big5（繁体）",
}


def check_size(path: Path, data_len: int) -> None:
    if data_len > MAX_BYTES:
        raise DraftkitError(
            f"{path}：文件太大（{data_len / 1024 / 1024:.1f} MB）。draftkit 读取的文稿和输入文件不超过 "
            f"{MAX_BYTES // 1024 // 1024} MB；如果是带大量图片的文件，请只复制其中的文字"
        )


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DraftkitError(f"找不到文件 {path}") from None
    except OSError as exc:
        raise DraftkitError(f"无法读取 {path}：{os_reason(exc)}") from None
    if path.is_dir():
        raise DraftkitError(f"{path} 是一个文件夹，请给出文件")
    check_size(path, size)
    try:
        return path.read_bytes()
    except PermissionError:
        raise DraftkitError(f"无法读取 {path}：没有权限") from None
    except OSError as exc:
        raise DraftkitError(f"无法读取 {path}：{os_reason(exc)}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for enc, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > half * 0.3:
            return enc
    return None


_BINARY_CHAR = re.compile("[\x00-\x08\x0e-\x1f\ue000-\uf8ff]")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for _ in _BINARY_CHAR.finditer(text))
    return bad > max(8, len(text) * 0.02)


def binary_kind(data: bytes) -> str | None:
    """What a file that is not text is (a message naming it), or None for text."""
    for sig, message in _SIGNATURES:
        if data.startswith(sig):
            return message
    if _bom_encoding(data) is None and b"\x00" in data[:4096] and _utf16_without_bom(data) is None:
        return "这不是文本文件（含有二进制内容）"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def is_blank(data: bytes) -> bool:
    return not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding name).  Raises DraftkitError for empty, binary or undecodable input."""
    if is_blank(data):
        raise DraftkitError(f"{path}：文件是空的，没有文字")
    kind = binary_kind(data)
    if kind:
        raise DraftkitError(f"{path}：{kind}")
    encoding = _bom_encoding(data)
    if encoding is None and b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data)
    if encoding is not None:  # a BOM or UTF-16's zero bytes said which
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise DraftkitError(f"{path}：按 {ENCODING_NAMES.get(encoding, encoding)} 读取失败，文件可能已损坏") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(path, data, ["gb18030", "big5"])
    if _looks_binary(text):
        raise DraftkitError(f"{path}：这不是文本文件（含有大量控制字符或二进制内容）")
    if not text.strip():
        raise DraftkitError(f"{path}：文件是空的，没有文字")
    return text, encoding


def _cjk_score(text: str) -> float:
    """Share of common simplified/traditional ideographs and CJK punctuation among non-ASCII chars."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return 1.0
    good = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               or ch in "“”‘’—…·")
    return good / len(non_ascii)


def _detect(path: Path, data: bytes, candidates: list[str]) -> tuple[str, str]:
    """GB18030 or Big5: both decode many byte strings; ask charset-normalizer, then check."""
    decoded: dict[str, str] = {}
    for enc in candidates:
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 1:
        enc, text = next(iter(decoded.items()))
        return text, enc
    if len(decoded) > 1:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None:
            enc = "big5" if "big5" in best.encoding else "gb18030"
            if enc in decoded:
                return decoded[enc], enc
        enc = max(decoded, key=lambda e: _cjk_score(decoded[e]))
        return decoded[enc], enc
    # neither decodes strictly: a few stray bytes in otherwise valid text?
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(2, len(text) // 1000) and _cjk_score(text) > 0.8:
            raise DraftkitError(
                f"{path}：文件大体是 {ENCODING_NAMES[enc]} 编码，但有 {bad} 处字节已损坏。"
                "请用记事本或 WPS 打开后另存为 UTF-8 再试"
            )
    raise DraftkitError(f"{path}：无法识别文件的编码（不是 UTF-8、GBK/GB18030 或 Big5），请另存为 UTF-8 后再试")


# -- mojibake --------------------------------------------------------------------
_CP1252_REVERSE = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_REVERSE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass

_HIGH_LATIN = re.compile(r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def _as_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 256:
            out.append(o)
        elif ch in _CP1252_REVERSE:
            out.append(_CP1252_REVERSE[ch])
        else:
            return None
    return bytes(out)


def _common_share(han: list[str]) -> float:
    """Share of characters in GB2312 (the 6,763 everyday ones): real text is nearly all of them."""
    ok = 0
    for ch in han:
        try:
            ch.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(han)


_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN1 = re.compile("[\u00a0-\u00ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def repair_mojibake(text: str) -> str | None:
    """Text whose bytes were shown in the wrong code page ("Ò»¡¢" for "一、").

    Returns the repaired text only when the repair is lossless: every character maps
    back to one byte and the bytes decode strictly as UTF-8 or GB18030 into Chinese.
    """
    if _HAN.search(text):  # text that already has Chinese in it is not mojibake
        return None
    high = len(_HIGH_LATIN.findall(text))
    latin1 = len(_LATIN1.findall(text))
    non_ascii = len(_NON_ASCII.findall(text))
    # GBK/UTF-8 bytes shown as Latin-1 are mostly accented letters, not just dashes and dots
    if high < 4 or latin1 < 4 or latin1 < 0.3 * non_ascii:
        return None
    raw = _as_bytes(text)
    if raw is None:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            fixed = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        han = [ch for ch in fixed if "\u4e00" <= ch <= "\u9fff"]
        if len(han) >= 2 and _cjk_score(fixed) >= 0.9 and _common_share(han) >= 0.9:
            return fixed
    return None
