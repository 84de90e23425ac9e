"""Reading and writing progress records as TOML (tomllib in, tomli_w out)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel

from .atomic import atomic_write_text
from .errors import CorruptFileError


def model_to_toml(model: BaseModel, header: str = "") -> str:
    """TOML text for `model`, None values dropped, preceded by `header` comment lines."""
    data = model.model_dump(mode="python", exclude_none=True)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + tomli_w.dumps(data)


def write_model(path: Path, model: BaseModel, header: str = "") -> None:
    atomic_write_text(path, model_to_toml(model, header))


MAX_PROGRESS_BYTES = 2 * 1024 * 1024
"""The most a progress file may hold. A learner's summary or one attempt is a few kilobytes (a summary
for a thousand lessons is about 200 kB); past this bound a file is not progress this app wrote, and
parsing and rewriting it at every save would stall the app."""


def read_toml(path: Path) -> dict[str, Any]:
    """Parse `path`; raises FileNotFoundError / OSError as-is and CorruptFileError for bad content,
    including a file over MAX_PROGRESS_BYTES (read no further than the bound)."""
    with Path(path).open("rb") as handle:
        raw = handle.read(MAX_PROGRESS_BYTES + 1)
        if len(raw) > MAX_PROGRESS_BYTES:
            size = os.fstat(handle.fileno()).st_size
            raise CorruptFileError(
                f"it holds {size / 1_000_000:.1f} MB, more than the {MAX_PROGRESS_BYTES // (1024 * 1024)} MB "
                "a progress file may hold"
            )
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorruptFileError(f"it is not valid TOML ({error})") from error
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: a file nested hundreds of levels
        # deep (no progress record is more than a few levels deep) exhausts the stack.
        raise CorruptFileError("its values are nested too deeply to be progress") from None
