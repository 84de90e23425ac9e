"""A certificate as an Open Badges 3.0 `OpenBadgeCredential` (1EdTech; W3C Verifiable Credentials data model
2.0), signed with the JSON Web Token proof format of OB 3.0 §8.2: a compact JWS whose JOSE header carries the
issuer's public key as `jwk` (so anyone can check it offline; `kid` when the issuer also publishes the key) and
whose payload is the credential itself with the registered claims `iss` (issuer.id), `jti` (id), `sub`
(credentialSubject.id) and `nbf` (validFrom). Signing is RS256 through joserfc; nothing here is hand-made
cryptography.

The credential depends only on the course, the learner, the passing attempt (its id, answers and finishing
time) and the issuer, never on the clock when it is made: making it again gives the same id and, with the same
key, the same bytes (RS256 signatures are deterministic)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.certificate.issuer import Issuer

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "RS256"
MAX_HEADER_BYTES = 4096  # the header carries an RSA public key: joserfc's default of 512 bytes is too small
# Names derived from this namespace (credential, subject and achievement ids) are stable UUIDs (RFC 9562 v5).
_NAMESPACE = uuid.UUID("0b4f3b5e-8a53-5c1e-9d4e-6f0c2d1a7e55")


@dataclass(frozen=True)
class Award:
    """What the credential states: who passed what, when, with which score (already re-worked from answers)."""

    course_id: str
    course_title: str
    exam_title: str
    learner: str
    attempt_id: str
    score: float  # 0..1
    pass_mark: float  # 0..1
    passed_on: datetime
    code: str


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(31).join(parts))}"


def credential_id(course_id: str, learner: str, attempt_id: str) -> str:
    """The credential's id: the same for the same learner and passing attempt, whenever it is made."""
    return _urn("credential", course_id, learner, attempt_id)


def timestamp(when: datetime) -> str:
    """`2026-03-12T09:30:00Z` (whole seconds: `nbf` is a whole number of seconds and must equal validFrom)."""
    return when.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(award: Award, issuer: dict[str, Any]) -> dict[str, Any]:
    """The OpenBadgeCredential with the JWT claims beside its own members (the JWT payload, unsigned)."""
    percent = f"{round(award.score * 100, 2):g}"
    achievement_id = _urn("achievement", issuer["id"], award.course_id)
    result_description = f"{achievement_id}#final-exam"
    subject_id = _urn("subject", award.course_id, award.learner)
    valid_from = timestamp(award.passed_on)
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id(award.course_id, award.learner, award.attempt_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{award.course_title}: certificate of completion",
        "description": f"{award.learner} completed every lesson of “{award.course_title}” and passed its final "
                       f"exam with {percent}%.",
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": award.learner}],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": award.course_title,
                "description": f"Completion of the course “{award.course_title}”.",
                "criteria": {"narrative": f"Complete every lesson of the course and pass its final exam, "
                                          f"“{award.exam_title}”, with at least {award.pass_mark:.0%}. The score "
                                          "is worked out from the answers given in the exam."},
                "resultDescription": [{
                    "id": result_description, "type": ["ResultDescription"], "name": award.exam_title,
                    "resultType": "Percent", "valueMin": "0", "valueMax": "100",
                    "requiredValue": f"{round(award.pass_mark * 100, 2):g}",
                }],
            },
            "result": [{"type": ["Result"], "resultDescription": result_description, "value": percent}],
        },
        "verificationCode": award.code,
    }
    claims = {"iss": issuer["id"], "jti": credential["id"], "sub": subject_id,
              "nbf": int(award.passed_on.astimezone(UTC).replace(microsecond=0).timestamp())}
    return {**credential, **claims}


def payload_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def registry() -> Any:
    """joserfc's JWS registry for credentials: RS256 only, room for a public key in the header."""
    from joserfc import jws

    class _Registry(jws.JWSRegistry):
        max_header_length = MAX_HEADER_BYTES

    return _Registry(algorithms=[ALGORITHM])


def sign(payload: dict[str, Any], issuer: Issuer) -> str:
    """The credential as a compact JWS (VC-JWT), signed with the issuer's private key."""
    from joserfc import jws

    header: dict[str, Any] = {"alg": ALGORITHM, "typ": "JWT", "jwk": issuer.public_jwk}
    if issuer.kid:
        header["kid"] = issuer.kid
    return str(jws.serialize_compact(header, payload_bytes(payload), issuer.key, registry=registry()))
