"""Checking a signed certificate with nothing but the file: a `.jwt` (the compact JWS), the `.json` beside it
(its payload, which must match the `.jwt` beside it byte for byte once parsed) or the `.pdf` (which carries the
`.jwt` as an embedded file). The signature is checked with the public key in the JWS header, then the payload
against 1EdTech's JSON Schema for OpenBadgeCredential, the JWT claims against the credential (OB 3.0 §8.2),
the dates against the clock, and the issuer's key against the one kept on this computer, if any. No progress
folder is read."""

from __future__ import annotations

import json
import math
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from course.certificate.credential import ALGORITHM, VC_CONTEXT, registry
from course.certificate.pdf import CREDENTIAL_ATTACHMENT, FONTS, long_date

SCHEMA = Path(__file__).resolve().parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
JWT_ATTACHMENT = CREDENTIAL_ATTACHMENT  # the name of the signed credential inside a certificate PDF
SUFFIXES = (".jwt", ".json", ".pdf")
CLOCK_SKEW = timedelta(minutes=5)
MIN_KEY_BITS = 2048  # RFC 7518 §3.3
_MAX_FILE_BYTES = 20_000_000


class NotValid(Exception):
    """The certificate does not check out; the message says why."""


@dataclass(frozen=True)
class Checked:
    valid: bool
    message: str


def looks_like_file(given: str) -> bool:
    """Whether `course certificate --verify` was given a file rather than a code."""
    return given.lower().endswith(SUFFIXES) or Path(given).is_file()


@cache
def vc2_schema() -> dict[str, Any]:
    """1EdTech's JSON Schema for AchievementCredential as kept in schema/ (its VC 1.1 edition: `issuanceDate`
    required), with the change OB 3.0 made when it moved to VC data model 2.0: `validFrom`/`validUntil` in
    place of `issuanceDate`/`expirationDate` (see schema/README.md)."""
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    properties = schema["properties"]
    properties["validFrom"] = dict(properties.pop("issuanceDate"), description="When the credential becomes valid.")
    properties["validUntil"] = dict(properties.pop("expirationDate"),
                                    description="When the credential stops being valid.")
    schema["required"] = ["validFrom" if name == "issuanceDate" else name for name in schema["required"]]
    return schema


def schema_problems(credential: dict[str, Any]) -> list[str]:
    """Where `credential` breaks the OpenBadgeCredential schema, one line each (none when it fits)."""
    from jsonschema import Draft201909Validator  # type: ignore[import-untyped]

    validator = Draft201909Validator(vc2_schema(), format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
            for error in sorted(validator.iter_errors(credential), key=lambda e: list(map(str, e.absolute_path)))]


def read_token(path: Path) -> str:
    """The compact JWS a certificate file holds; NotValid when there is none."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise NotValid(f"{path} is too large to be a certificate")
        if suffix == ".pdf":
            return _token_in_pdf(path)
        if suffix == ".json":
            return _token_for_json(path)
        return _one_line(path.read_text(encoding="ascii"))
    except FileNotFoundError as error:
        raise NotValid(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise NotValid(f"{path} is not a signed credential (a .jwt holds only letters, digits, - _ and dots)") from error
    except OSError as error:
        raise NotValid(f"{path} cannot be read: {error.strerror or error}") from error


def _one_line(text: str) -> str:
    """The token of a .jwt file: its one line, without the line end (any other byte is part of the token)."""
    return text.removesuffix("\n").removesuffix("\r")


def _token_in_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(path).attachments
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NotValid(f"{path} cannot be read as a PDF ({error})") from error
    found = attachments.get(JWT_ATTACHMENT)
    if not found:
        raise NotValid(f"{path} carries no signed credential ({JWT_ATTACHMENT}): it was made without an issuer "
                       "key, or is not a certificate of this course")
    try:
        return _one_line(found[0].decode("ascii"))
    except UnicodeDecodeError as error:
        raise NotValid(f"the signed credential in {path} is damaged") from error


_ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/jwt,")


def _embedded_token(written: object) -> str | None:
    """The compact JWS a JSON credential carries itself: a VC 2.0 EnvelopedVerifiableCredential (`id` is a
    `data:application/vc+jwt,` URL), or a `proof` holding the whole JWT; None when there is neither."""
    if not isinstance(written, dict):
        return None
    ident = written.get("id")
    if isinstance(ident, str) and ident.startswith(_ENVELOPE_PREFIXES):
        return ident.split(",", 1)[1]
    proofs = written.get("proof")
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if isinstance(proof, dict) and isinstance(proof.get("jwt"), str):
            return str(proof["jwt"])
    return None


def _token_for_json(path: Path) -> str:
    """The .json's own proof, or else the .jwt beside it, which must say exactly what the .json says."""
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise NotValid(f"{path} is not JSON ({error})") from error
    embedded = _embedded_token(written)
    if embedded is not None:
        return embedded
    jwt_path = path.with_suffix(".jwt")
    if not jwt_path.is_file():
        kind = ""
        if isinstance(written, dict) and written.get("proof") is not None:
            kind = " (a Data Integrity proof, which this course does not check)"
        raise NotValid(f"{path} holds no proof this course can check{kind}, and the signed credential "
                       f"{jwt_path.name} is not beside it")
    token = _one_line(jwt_path.read_text(encoding="ascii"))
    signed = _unverified_payload(token)
    if written != signed:
        raise NotValid(f"{path} does not say what the signed credential {jwt_path.name} says: it was changed")
    return token


def _unverified_payload(token: str) -> Any:
    import base64

    parts = token.split(".")
    if len(parts) != 3:
        raise NotValid("this is not a signed credential (a compact JWS has three parts separated by dots)")
    try:
        return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError) as error:
        raise NotValid("the signed credential is damaged") from error


def _check_encoding(token: str) -> None:
    """Each part of the token in canonical base64url (RFC 7515 §2), so that no changed character, not even one
    in the unused bits of a last character, goes unnoticed."""
    import base64

    parts = token.split(".")
    if len(parts) != 3:
        raise NotValid("this is not a signed credential (a compact JWS has three parts separated by dots)")
    for part in parts:
        try:
            decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError as error:
            raise NotValid("the signed credential is damaged: it is not base64url") from error
        if base64.urlsafe_b64encode(decoded).rstrip(b"=").decode("ascii") != part:
            raise NotValid("the signed credential is damaged: it is not base64url as written by a signer")


def check_signature(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JOSE header and the payload, once the signature checks out with the header's public key."""
    from joserfc import jws
    from joserfc.errors import JoseError
    from joserfc.jwk import RSAKey

    _check_encoding(token)
    try:
        header = jws.extract_compact(token.encode("ascii"), registry=registry()).headers()
    except (JoseError, ValueError, UnicodeEncodeError) as error:
        raise NotValid(f"this is not a signed credential ({error})") from error
    if header.get("alg") != ALGORITHM:
        raise NotValid(f"it is signed with {header.get('alg')!r}; certificates are signed with {ALGORITHM}")
    jwk = header.get("jwk")
    if not isinstance(jwk, dict):
        where = f" (it names {header['kid']})" if header.get("kid") else ""
        raise NotValid(f"the signed credential carries no public key to check it with offline{where}")
    if "d" in jwk:
        raise NotValid("the key in the credential is a private key: it must never be published")
    try:
        with warnings.catch_warnings():  # a key too small is said below, as the reason it is not valid
            warnings.simplefilter("ignore")
            key = RSAKey.import_key(jwk)
    except (JoseError, ValueError, TypeError) as error:
        raise NotValid(f"the key in the credential is not an RSA public key ({error})") from error
    bits = getattr(key.raw_value, "key_size", 0)
    if bits < MIN_KEY_BITS:
        raise NotValid(f"it is signed with a {bits}-bit RSA key; RS256 needs at least {MIN_KEY_BITS} bits")
    try:
        checked = jws.deserialize_compact(token, key, registry=registry())
    except (JoseError, ValueError, TypeError) as error:
        raise NotValid("the signature does not match: the credential was changed after it was signed, or "
                       "damaged") from error
    try:
        payload = json.loads(checked.payload)
    except (ValueError, UnicodeDecodeError) as error:
        raise NotValid("the signed payload is not JSON") from error
    if not isinstance(payload, dict):
        raise NotValid("the signed payload is not a credential")
    return dict(header), payload


def _parse_time(text: object, what: str) -> datetime:
    if not isinstance(text, str):
        raise NotValid(f"its {what} is missing")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise NotValid(f"its {what} {text!r} is not a date and time") from error
    if when.tzinfo is None:
        raise NotValid(f"its {what} {text!r} has no time zone")
    return when.astimezone(UTC)


def check_claims(payload: dict[str, Any], now: datetime) -> None:
    """OB 3.0 §8.2: iss, jti, sub and nbf match the credential; the credential is valid now."""
    if VC_CONTEXT not in (payload.get("@context") or []):
        raise NotValid(f"it is not a VC data model 2.0 credential (no {VC_CONTEXT} context)")
    if "OpenBadgeCredential" not in (payload.get("type") or []) and "AchievementCredential" not in (
            payload.get("type") or []):
        raise NotValid("it is not an OpenBadgeCredential")
    issuer = payload.get("issuer")
    subject = payload.get("credentialSubject")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    for claim, expected, what in (("iss", issuer_id, "issuer.id"), ("jti", payload.get("id"), "id"),
                                  ("sub", subject_id, "credentialSubject.id")):
        if payload.get(claim) is None or payload.get(claim) != expected:
            raise NotValid(f"its {claim} claim ({payload.get(claim)!r}) is not its {what} ({expected!r})")
    valid_from = _parse_time(payload.get("validFrom"), "validFrom")
    nbf = payload.get("nbf")
    if not isinstance(nbf, int | float) or isinstance(nbf, bool) or not math.isfinite(nbf) \
            or int(nbf) != int(valid_from.timestamp()):
        raise NotValid(f"its nbf claim ({nbf!r}) is not its validFrom ({payload.get('validFrom')})")
    if valid_from > now + CLOCK_SKEW:
        raise NotValid(f"it is not valid before {valid_from:%Y-%m-%d %H:%M} UTC")
    if "validUntil" in payload and _parse_time(payload["validUntil"], "validUntil") < now:
        raise NotValid(f"it expired on {payload['validUntil']}")
    if "exp" in payload and (not isinstance(payload["exp"], int | float) or payload["exp"] < now.timestamp()):
        raise NotValid("its exp claim says it has expired")


def _score(payload: dict[str, Any]) -> float:
    try:
        value = float(payload["credentialSubject"]["result"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise NotValid("it states no score") from error
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise NotValid(f"its score {value!r} is not a percentage from 0 to 100")
    return value


def describe(payload: dict[str, Any], thumbprint: str, local: str | None) -> str:
    subject = payload["credentialSubject"]
    names = [entry.get("identityHash") for entry in subject.get("identifier", [])
             if isinstance(entry, dict) and entry.get("identityType") == "name" and not entry.get("hashed")]
    learner = names[0] if names else subject["id"]
    issuer = payload["issuer"]
    issuer_name = issuer.get("name", issuer.get("id")) if isinstance(issuer, dict) else issuer
    issuer_url = issuer.get("url", issuer.get("id")) if isinstance(issuer, dict) else issuer
    achievement = subject["achievement"]
    passed_on = _parse_time(payload["validFrom"], "validFrom")
    key = "the issuer key kept on this computer" if local == thumbprint else f"the key with thumbprint {thumbprint}"
    return (f"valid. Signed by {key}, for the issuer “{issuer_name}” ({issuer_url}). Issued to {learner} for "
            f"completing “{achievement['name']}” and passing its final exam with {_score(payload):g}% on "
            f"{long_date(passed_on)}. Credential {payload['id']}.")


def verify_token(token: str, now: datetime | None = None, local_thumbprint: str | None = None) -> str:
    """What a valid credential says; NotValid with the reason otherwise."""
    return _verified(token, now, local_thumbprint)[0]


def _verified(token: str, now: datetime | None, local_thumbprint: str | None) -> tuple[str, dict[str, Any]]:
    from joserfc.jwk import RSAKey

    header, payload = check_signature(token)
    problems = schema_problems(payload)
    if problems:
        raise NotValid("it does not fit the OpenBadgeCredential schema: " + "; ".join(problems[:5]))
    check_claims(payload, now or datetime.now(UTC))
    _score(payload)
    thumbprint = str(RSAKey.import_key(header["jwk"]).thumbprint())
    return describe(payload, thumbprint, local_thumbprint), payload


def _folded(text: str) -> str:
    """Text compared as a PDF reader extracts it: compatibility forms folded (Arabic presentation forms are
    the letters they show), no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _shipped_font_covers(text: str) -> bool:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    cmap = TTFont(FONTS / "DejaVuSans-Bold.ttf", lazy=True).getBestCmap()
    return all(ord(ch) in cmap for ch in text if not ch.isspace())


def page_problems(path: Path, payload: dict[str, Any]) -> list[str]:
    """What the certificate's printed page says differently from the signed credential it carries: the
    learner's name (when the shipped font prints every letter of it), the course and the score."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        page = _folded(PdfReader(path).pages[0].extract_text())
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError) as error:
        return [f"its page cannot be read ({error})"]
    subject = payload["credentialSubject"]
    names = [entry.get("identityHash", "") for entry in subject.get("identifier", []) if isinstance(entry, dict)]
    expected = {"the course": str(subject["achievement"]["name"]),
                "the score": f"with a score of {_score(payload) / 100:.0%}"}
    if names and _shipped_font_covers(str(names[0])):
        expected["the learner's name"] = str(names[0])
    return [what for what, words in expected.items() if _folded(words) not in page]


def verify_file(path: Path, now: datetime | None = None) -> Checked:
    """Check a certificate file (.jwt, .json or .pdf) on its own; a PDF's page must also say what the
    credential it carries says."""
    from course.certificate.issuer import IssuerError, load_issuer

    try:
        local = load_issuer()
    except IssuerError:
        local = None
    try:
        said, payload = _verified(read_token(path), now, local.thumbprint if local else None)
        if path.suffix.lower() == ".pdf" and (problems := page_problems(path, payload)):
            raise NotValid(f"its signed credential checks out, but the page does not show {' or '.join(problems)} "
                           "that the credential states: the page was changed")
    except NotValid as error:
        return Checked(False, f"{path}: NOT VALID: {error}.")
    return Checked(True, f"{path}: {said}")
