"""Atomic file writes: temp file in the same folder, fsync, os.replace, fsync the folder."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import ProgressSaveError

TEMP_SUFFIX = ".tmp"

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "the folder is read-only (permission denied)",
    errno.EPERM: "the folder is read-only (operation not permitted)",
    errno.EISDIR: "a folder is in the way where the file should be",
    errno.ENOTDIR: "a file is in the way where a folder should be",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EEXIST: "a file is in the way where a folder should be",
}

# Reading is not writing: a file that cannot be read is not a read-only folder.
_READ_REASONS = {
    errno.EACCES: "the file cannot be read (permission denied)",
    errno.EPERM: "the file cannot be read (operation not permitted)",
    errno.EISDIR: "a folder is in the way where the file should be",
    errno.ENOTDIR: "a file is in the way where a folder should be",
    errno.EIO: "the disk could not read the file (input/output error)",
}


def write_reason(error: OSError) -> str:
    """Why a write failed, in words a learner can act on ("the disk is full")."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error) or "unknown error").lower()


def save_error(path: Path, error: OSError) -> ProgressSaveError:
    """A ProgressSaveError with a message a learner can act on."""
    return ProgressSaveError(f"Could not save your progress to {path}: {write_reason(error)}.", Path(path))


def read_error(path: Path, error: OSError) -> ProgressSaveError:
    """A ProgressSaveError for a progress file that could not be read (so it cannot be safely rewritten)."""
    reason = _READ_REASONS.get(error.errno or 0) or (error.strerror or str(error) or "unknown error").lower()
    return ProgressSaveError(f"Could not read your progress in {path}: {reason}.", Path(path))


def fsync_directory(directory: Path) -> None:
    """Make a rename inside `directory` durable (no-op where folders cannot be opened)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:  # Windows
        return
    fd = os.open(directory, os.O_RDONLY | flags)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never a mix.

    Raises ProgressSaveError (the previous file intact, no temp file left) on any OS error.
    """
    path = Path(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:
        raise save_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise save_error(path, error) from error
        raise
    try:
        fsync_directory(path.parent)
    except OSError as error:
        raise save_error(path, error) from error


def atomic_write_text(path: Path, text: str) -> None:
    """atomic_write_bytes for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))
