"""The certificate issuer: an RSA key pair and a profile (name, web address), made once by the instructor with
`course issuer init` and kept in the instructor's own data folder (`$COURSE_ISSUER_DIR`, else the user data
folder's course/issuer, e.g. ~/.local/share/course/issuer on Linux) - never in a progress folder, the course
folder or beside a certificate. The private key file is written atomically with mode 0600; the public key
(a JWK, RFC 7517) is printed and travels inside every credential signed with it."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from joserfc.jwk import RSAKey

ENV = "COURSE_ISSUER_DIR"
KEY_FILE = "issuer-key.pem"
PROFILE_FILE = "issuer.json"
KEY_BITS = 3072  # RS256 needs at least 2048 bits (RFC 7518 §3.3)


class IssuerError(Exception):
    """The issuer's key or profile cannot be made or read; the message says where and why."""


@dataclass(frozen=True)
class Issuer:
    """Who signs certificates: the profile that goes into credentials and the key pair."""

    name: str
    url: str
    key: RSAKey  # private
    kid: str | None = None  # where the issuer also publishes the public key, if it said so

    @property
    def id(self) -> str:
        return self.url

    @property
    def public_jwk(self) -> dict[str, Any]:
        return dict(self.key.as_dict(private=False))

    @property
    def thumbprint(self) -> str:
        """The key's RFC 7638 thumbprint: a short fingerprint to compare with the one the issuer publishes."""
        return str(self.key.thumbprint())

    def profile(self) -> dict[str, Any]:
        """The Open Badges 3.0 Profile of the issuer, as it appears in a credential."""
        return {"id": self.id, "type": ["Profile"], "name": self.name, "url": self.url}


def issuer_dir() -> Path:
    given = os.environ.get(ENV)
    if given:
        return Path(given).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("course", appauthor=False)) / "issuer"


def check_url(url: str) -> str:
    """The issuer's web address, which is also its id in credentials; ValueError when it is not an http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{url!r} is not a web address (https://...): the issuer's id in a credential is its URL")
    return url.strip()


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, readable by its owner only (0600 from the first byte)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def init_issuer(name: str, url: str, *, force: bool = False, kid: str | None = None,
                folder: Path | None = None) -> tuple[Issuer, Path]:
    """Make a new key pair and profile. Refuses (IssuerError) to replace an existing key unless `force`."""
    from joserfc.jwk import RSAKey

    name = " ".join(name.split())
    if not name:
        raise ValueError("the issuer needs a name (--name)")
    url = check_url(url)
    if kid is not None:
        kid = check_url(kid)
    folder = folder or issuer_dir()
    key_path = folder / KEY_FILE
    if key_path.exists() and not force:
        raise IssuerError(f"{key_path} already holds an issuer key; certificates signed with it verify only with "
                          "it. Give --force to replace it anyway.")
    key = RSAKey.generate_key(KEY_BITS, private=True)
    issuer = Issuer(name, url, key, kid)
    profile = {"name": name, "url": url, "kid": kid, "publicKeyJwk": issuer.public_jwk,
               "thumbprint": issuer.thumbprint}
    try:
        _write_private(key_path, key.as_pem(private=True))
        _write_private(folder / PROFILE_FILE, (json.dumps(profile, indent=2, ensure_ascii=False) + "\n").encode())
    except OSError as error:
        raise IssuerError(f"Could not write the issuer key to {folder}: {error.strerror or error}.") from error
    return issuer, key_path


def load_issuer(folder: Path | None = None) -> Issuer | None:
    """The issuer kept in `folder` (default: issuer_dir()), or None when there is none. IssuerError when the
    files are there but cannot be read."""
    from joserfc.jwk import RSAKey

    folder = folder or issuer_dir()
    key_path, profile_path = folder / KEY_FILE, folder / PROFILE_FILE
    if not key_path.exists():
        return None
    try:
        profile = json.loads(profile_path.read_text(encoding="utf-8"))
        key = RSAKey.import_key(key_path.read_bytes())
        issuer = Issuer(str(profile["name"]), check_url(str(profile["url"])), key,
                        str(profile["kid"]) if profile.get("kid") else None)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IssuerError(f"The issuer key in {folder} cannot be read ({error}); make a new one with "
                          "`course issuer init --force`.") from error
    if not key.is_private:
        raise IssuerError(f"{key_path} holds no private key; make a new one with `course issuer init --force`.")
    return issuer
