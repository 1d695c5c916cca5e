"""Writing outputs safely: never over an input, never through a link, never half-written
(temp file, flushed to disk, then renamed), and no temp file left behind by this or an
earlier, killed run."""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from draftkit.errors import DraftkitError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
NAME_LIMIT = 60  # characters of a title kept in a file name (file systems allow 255 bytes)
TEMP_PREFIX = ".draftkit-"

_REASONS = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "这个位置是只读的（如光盘、写保护的 U 盘）",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已经存在",
    errno.EIO: "读写设备出错（U 盘或网络盘可能已断开）",
    errno.EBUSY: "文件正被占用",
    errno.EFBIG: "文件超过了系统允许的大小（或磁盘空间不足）",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words a clerk can act on."""
    return _REASONS.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


def is_within(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is inside `folder`: what a shared template may reach."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def default_output(title: str, folder: Path | None = None) -> Path:
    """<title>.docx in the current folder, the title cut to a length every file system takes."""
    name = _UNSAFE.sub("", title).strip().strip(".") or "文档"
    if len(name) > NAME_LIMIT:
        name = name[:NAME_LIMIT].rstrip(" .")
    return (folder or Path.cwd()) / f"{name}.docx"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


_swept: set[Path] = set()


def sweep_stale(folder: Path) -> None:
    """Remove temp files and folders an earlier run left here when it was killed outright.

    Only on POSIX, where a process can be asked whether it is alive without harm (on Windows
    os.kill would end it); only ours (named with the pid of the run that made them); once per
    folder in a run (a batch writes many files into one folder)."""
    if os.name != "posix" or folder in _swept:
        return
    _swept.add(folder)
    try:
        entries = list(folder.glob(f"{TEMP_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        found = re.fullmatch(re.escape(TEMP_PREFIX) + r"(\d+)-[^/]*", entry.name)
        if not found or int(found.group(1)) == os.getpid() or _alive(int(found.group(1))):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                import shutil

                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:
            pass


def temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def _check_target(out: Path, inputs: Iterable[Path], what: str, suffix: str | None) -> Path:
    if out.name in ("", ".", ".."):
        raise DraftkitError(f"{what} {out} 不是一个文件名")
    try:
        folder = out.parent.resolve()
    except OSError as exc:
        raise DraftkitError(f"无法写入 {out}：{os_reason(exc)}") from None
    target = folder / out.name  # the link itself if `out` is one, not where it points
    for inp in inputs:
        if Path(inp).resolve() in (target, target.resolve()):
            raise DraftkitError(f"{what} {out} 与输入文件相同，为避免覆盖输入，请用另一个文件名")
    if suffix and target.suffix.lower() != suffix:
        raise DraftkitError(f"{what} {out} 的扩展名应为 {suffix}")
    if not folder.is_dir():
        raise DraftkitError(f"{what}所在的文件夹 {folder} 不存在")
    if target.is_symlink():
        raise DraftkitError(f"{what} {out} 是一个链接（指向 {os.readlink(target)}）；为免改写它指向的文件，"
                            "请换一个文件名，或先删除这个链接")
    if target.is_dir():
        raise DraftkitError(f"{out} 是一个文件夹")
    return target


def atomic_write(out: str | Path, write: Callable[[str], None], *, inputs: Iterable[Path] = (),
                 what: str = "输出文件", suffix: str | None = None) -> Path:
    """Call write(tmp_path) on a temp file beside `out`, flush it to disk, then rename it over `out`.

    Whatever happens — an error, a full disk, Ctrl-C, SIGTERM (the CLI turns it into an
    exception) — `out` is either its old self or the complete new file, and the temp file
    is gone."""
    target = _check_target(Path(out), inputs, what, suffix)
    sweep_stale(target.parent)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(), suffix=".tmp", dir=target.parent)
        os.close(fd)
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the mode a normal save would have,
        # or keep the mode of the file it replaces.
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except PermissionError:
        raise DraftkitError(f"无法写入 {out}：没有权限，或文件正被 Word/WPS 打开（请先关闭它）") from None
    except OSError as exc:
        raise DraftkitError(f"无法写入 {out}：{os_reason(exc)}") from None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)
    return target


def save_docx(document, path: str) -> None:
    """Save a python-docx Document to `path` whole or not at all.

    The zip is built in memory first: a ZipFile left open on a full disk would try to
    finish itself when collected and print a stray traceback after our message."""
    buf = io.BytesIO()
    document.save(buf)
    with open(path, "wb") as f:
        f.write(buf.getbuffer())
