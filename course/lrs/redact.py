"""An LRS's own text (a refusal's reason, a redirect's address, a network error), made fit to show or log:
one line, no control characters or terminal escape sequences, nothing that looks like a credential, and
short. Whatever an LRS (or whatever answers at its address) sends back is shown only through `shown`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SHOWN_CHARS = 300
HIDDEN = "[hidden]"

# Terminal escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), the other ESC + one
# character forms, and their 8-bit C1 twins (CSI 0x9b, OSC 0x9d).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# `Authorization: Basic xxx`, `"authorization": "Bearer xxx"`, `Proxy-Authorization=xxx`, ...
_AUTH_HEADER = re.compile(
    r"""(?i)\b((?:proxy-)?authori[sz]ation)["']?\s*[:=]\s*["']?"""
    r"""(?:(?:basic|bearer|digest|negotiate|token|hawk)\s+)?(?:\[hidden\]|[^\s"',;}\]\[]*)"""
)
# A credential given with its scheme, anywhere: `Basic dGVhY2hlcjpwdw==`, `Bearer eyJ...`.
_SCHEME_TOKEN = re.compile(r"(?i)\b(basic|bearer|digest|negotiate)\s+[A-Za-z0-9+/=._~-]{4,}")
# `user:password@` in an address.
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")


_WEB_PAGE_NOISE = re.compile(r"(?is)<(script|style|head)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")


def page_text(html: str) -> str:
    """The words of a web page (an error page of a proxy or a portal), without its markup."""
    return _WEB_PAGE_NOISE.sub(" ", html)


def _printable(text: str) -> str:
    text = _ESCAPES.sub(" ", text)
    # Every other control or format character (C0, DEL, C1, bidirectional overrides, ...) becomes a space.
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def shown(text: str, secrets: Iterable[str | None] = (), limit: int = SHOWN_CHARS) -> str:
    """`text` as one printable line of at most `limit` characters, with every one of `secrets` (the
    configured password, the Authorization value) and anything that looks like a credential hidden."""
    known = sorted((s for s in secrets if s), key=len, reverse=True)
    line = _hide(_printable(text), known)
    line = _AUTH_HEADER.sub(lambda m: f"{m.group(1).title()}: {HIDDEN}", line)
    line = _SCHEME_TOKEN.sub(lambda m: f"{m.group(1)} {HIDDEN}", line)
    line = _URL_USERINFO.sub(lambda m: m.group(1), line)
    line = _hide(" ".join(line.split()), known)  # again: what was taken out may have joined a secret's parts
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _hide(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text
