"""Moving an unreadable progress file out of the way without overwriting or deleting anything."""

from __future__ import annotations

import errno
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from .atomic import fsync_directory, save_error

CORRUPT_MARK = ".corrupt-"
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV}


def set_aside_name(path: Path, when: datetime | None = None) -> Path:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}{CORRUPT_MARK}{stamp}{path.suffix}")


def set_aside(path: Path) -> Path:
    """Rename `path` to `<stem>.corrupt-<UTC stamp>[-n].toml` beside it and return the new path.

    Never replaces an existing file (a hard link claims the new name atomically; without
    hard-link support an existence check precedes the rename). Raises ProgressSaveError.
    """
    path = Path(path)
    base = set_aside_name(path)
    target = base
    try:
        for _ in range(100):
            try:
                os.link(path, target)
            except FileExistsError:
                target = base.with_name(f"{base.stem}-{secrets.token_hex(3)}{base.suffix}")
                continue
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS or target.exists():
                    raise
                os.rename(path, target)
            else:
                os.unlink(path)
            fsync_directory(path.parent)
            return target
        raise FileExistsError(errno.EEXIST, "no free name", str(base))
    except OSError as error:
        raise save_error(path, error) from error


def is_set_aside(name: str) -> bool:
    return CORRUPT_MARK in name
