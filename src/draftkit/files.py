"""Writing outputs safely: never over an input, never half-written (temp file, then rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from draftkit.errors import DraftkitError


def atomic_write(out: str | Path, write: Callable[[str], None], *, inputs: Iterable[Path] = (),
                 what: str = "输出文件", suffix: str | None = None) -> Path:
    """Call write(tmp_path) on a temp file beside `out`, then rename it over `out`."""
    out = Path(out)
    target = out.resolve()
    for inp in inputs:
        if Path(inp).resolve() == target:
            raise DraftkitError(f"{what} {out} 与输入文件相同，为避免覆盖输入，请用另一个文件名")
    if suffix and target.suffix.lower() != suffix:
        raise DraftkitError(f"{what} {out} 的扩展名应为 {suffix}")
    if not target.parent.is_dir():
        raise DraftkitError(f"{what}所在的文件夹 {target.parent} 不存在")
    if target.is_dir():
        raise DraftkitError(f"{out} 是一个文件夹")
    fd, tmp = tempfile.mkstemp(prefix=".draftkit-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)
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
        raise DraftkitError(f"无法写入 {out}：{exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
