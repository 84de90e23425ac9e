"""Signed certificates: `course issuer init` makes the key (0600, never in any output) and prints the JWK; a
passing learner's certificate is an Open Badges 3.0 credential that a second JWS library (PyJWT) verifies from
the JWK in its header alone, that fits 1EdTech's JSON Schema, that the PDF carries, and that fails to verify
after any change; scores come from the answers (hand-written, out-of-range and non-finite attempts get none);
a retake with the clock set back keeps the code and the credential id."""

from __future__ import annotations

import json
import math
import shutil
import stat
import tomllib
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator
from pypdf import PdfReader

from course.certificate import Earned, standing
from course.certificate.credential import Award, build, sign
from course.certificate.issuer import init_issuer
from course.certificate.offline import NotValid, verify_token
from course.certificate.rescore import Refused, Rescored, rescore
from course.cli import main
from course.content import Course
from course.progress import ProgressStore
from tests.conftest import ROOT, made_once
from tests.content_support import loaded, shared_loads
from tests.test_certificate import learner, pdf_text, take_exam

PASSED_ON = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
ISSUER_URL = "https://northwind.example"
SCHEMA = ROOT / "course" / "certificate" / "schema" / "ob_v3p0_achievementcredential_schema.json"


@pytest.fixture(scope="module")
def course() -> Course:
    """The shipped course, loaded once a test process (content_support.loaded; none of these tests changes it)."""
    return loaded(ROOT)


def set_clock(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    """Progress is written as if at `when`."""
    import course.progress.learner
    import course.progress.models

    monkeypatch.setattr(course.progress.learner, "utc_now", lambda: when)
    monkeypatch.setattr(course.progress.models, "utc_now", lambda: when)


@pytest.fixture
def issuer_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instructor" / "issuer"
    monkeypatch.setenv("COURSE_ISSUER_DIR", str(folder))
    return folder


def _northwind(folder: Path) -> None:
    init_issuer("Northwind School", ISSUER_URL, folder=folder)


@pytest.fixture(scope="session")
def made_issuer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an issuer made by init_issuer("Northwind School", ISSUER_URL), made once a run
    (conftest.made_once): a 3072-bit key takes a quarter of a second to make."""
    return made_once(tmp_path_factory, "issuer", _northwind)


@pytest.fixture
def issuer_key(made_issuer: Path, issuer_dir: Path) -> Path:
    """This test's issuer folder holding made_issuer's key and profile (the same files, the same 0600 modes),
    as if init_issuer("Northwind School", ISSUER_URL) had made them there."""
    issuer_dir.mkdir(parents=True, mode=0o700)  # as init_issuer makes it
    for made in made_issuer.iterdir():
        shutil.copy2(made, issuer_dir / made.name)
    return issuer_dir


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with shared_loads():  # a command's load of the shipped course is the test process's one
        status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _signed_for_ana(course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str], init: str) -> dict[str, Any]:
    set_clock(monkeypatch, PASSED_ON)
    learner(course, tmp_path / "progress", "Ana")
    out = tmp_path / "out" / "cert.pdf"
    status, made, err = cli(capsys, "certificate", "--learner", "Ana", "--progress", str(tmp_path / "progress"),
                            "--out", str(out))
    assert status == 0 and err == "", err
    return {"pdf": out, "jwt": out.with_suffix(".jwt"), "json": out.with_suffix(".json"), "init": init,
            "made": made, "token": out.with_suffix(".jwt").read_text(encoding="ascii").strip()}


@pytest.fixture
def signed(course: Course, tmp_path: Path, issuer_key: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """An issuer key (issuer_key's), a learner who passed with 84% at PASSED_ON, and her signed certificate in
    out/cert.pdf."""
    return _signed_for_ana(course, tmp_path, monkeypatch, capsys, init="")


@pytest.fixture
def signed_after_init(course: Course, tmp_path: Path, issuer_dir: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """As `signed`, with the key made by `course issuer init` in this test, whose output is under "init"."""
    status, said, err = cli(capsys, "issuer", "init", "--name", "Northwind School", "--url", ISSUER_URL)
    assert status == 0, err
    return _signed_for_ana(course, tmp_path, monkeypatch, capsys, init=said)


def vc2_schema() -> dict[str, Any]:
    """1EdTech's schema as kept, with the VC 2.0 names of its two dates (worked out here, not with the
    course's own helper): validFrom/validUntil for issuanceDate/expirationDate."""
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/ob_v3p0_achievementcredential_schema.json")
    properties = schema["properties"]
    properties["validFrom"] = properties.pop("issuanceDate")
    properties["validUntil"] = properties.pop("expirationDate")
    schema["required"] = [("validFrom" if name == "issuanceDate" else name) for name in schema["required"]]
    return schema


def test_issuer_init_prints_the_jwk_and_keeps_the_private_key_to_its_owner(
    issuer_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said, err = cli(capsys, "issuer", "init", "--name", "Northwind School", "--url", ISSUER_URL)
    assert status == 0 and err == ""
    key = issuer_dir / "issuer-key.pem"
    assert f"Private key: {key}" in said
    jwk = json.loads(said[said.index("{"):])
    assert jwk["kty"] == "RSA" and jwk["e"] == "AQAB" and len(jwk["n"]) >= 342  # 2048 bits or more
    assert "d" not in jwk and "p" not in jwk and "PRIVATE" not in said
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE((issuer_dir / "issuer.json").stat().st_mode) == 0o600
    assert not [p for p in issuer_dir.iterdir() if p.name.endswith(".tmp")]  # written through a temp file, renamed
    first = key.read_bytes()

    status, _, err = cli(capsys, "issuer", "init", "--name", "Other", "--url", "https://other.example")
    assert status == 1 and "already holds an issuer key" in err and "--force" in err
    assert key.read_bytes() == first
    status, said, _ = cli(capsys, "issuer", "init", "--name", "Other", "--url", "https://other.example", "--force")
    assert status == 0 and key.read_bytes() != first and json.loads(said[said.index("{"):]) != jwk

    status, _, err = cli(capsys, "issuer", "init", "--name", "X", "--url", "northwind", "--force")
    assert status == 2 and "is not a web address" in err


def test_a_signed_certificate_verifies_with_pyjwt_from_the_jwk_alone(signed: dict[str, Any]) -> None:
    token = signed["token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["typ"] == "JWT" and set(header) == {"alg", "typ", "jwk"}
    assert "d" not in header["jwk"]
    key = jwt.PyJWK(header["jwk"]).key
    payload = jwt.decode(token, key, algorithms=["RS256"], issuer=ISSUER_URL,
                         options={"require": ["iss", "jti", "nbf", "sub"]})
    assert payload == json.loads(signed["json"].read_text(encoding="utf-8"))  # the .json says what is signed

    # OB 3.0 §8.2 claims beside the credential (VC data model 2.0: the payload is the credential itself)
    assert payload["iss"] == payload["issuer"]["id"] == ISSUER_URL
    assert payload["jti"] == payload["id"] and payload["id"].startswith("urn:uuid:")
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["nbf"] == int(PASSED_ON.timestamp()) and payload["validFrom"] == "2026-03-12T09:30:00Z"
    assert payload["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                   "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["issuer"] == {"id": ISSUER_URL, "type": ["Profile"], "name": "Northwind School",
                                 "url": ISSUER_URL}
    subject = payload["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Ana"
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "Outsourcing vs. Offshoring"
    assert achievement["description"] and "75%" in achievement["criteria"]["narrative"]
    assert subject["result"][0]["value"] == "84"
    assert payload["name"] == "Outsourcing vs. Offshoring: certificate of completion"

    with pytest.raises(jwt.InvalidSignatureError):  # and PyJWT, too, refuses a changed payload
        head, body, signature = token.split(".")
        changed = jwt.utils.base64url_encode(
            json.dumps({**payload, "credentialSubject": {**subject, "result": [{"type": ["Result"],
                                                                                "value": "100"}]}}).encode())
        jwt.decode(f"{head}.{changed.decode()}.{signature}", key, algorithms=["RS256"])


def test_the_credential_fits_1edtechs_schema(signed: dict[str, Any]) -> None:
    payload = json.loads(signed["json"].read_text(encoding="utf-8"))
    validator = Draft201909Validator(vc2_schema(), format_checker=Draft201909Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(payload)] == []
    broken = {key: value for key, value in payload.items() if key != "validFrom"}
    broken["credentialSubject"] = {**payload["credentialSubject"], "achievement": {"id": "x", "type": ["Achievement"]}}
    messages = [error.message for error in validator.iter_errors(broken)]
    assert "'validFrom' is a required property" in messages and "'criteria' is a required property" in messages


def test_the_pdf_names_the_issuer_carries_the_credential_and_verifies(
    signed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = pdf_text(signed["pdf"])
    for words in ("Issued by Northwind School (https://northwind.example)", "84%", "Open Badges 3.0",
                  "course certificate --verify cert.pdf"):
        assert words in " ".join(text.split()), (words, text)
    assert "NOT SIGNED" not in text
    attached = PdfReader(signed["pdf"]).attachments["credential.jwt"]
    assert attached == [signed["jwt"].read_bytes().strip()]
    assert f"{signed['jwt']}: signed Open Badges 3.0 credential by Northwind School" in signed["made"]

    shutil.rmtree(tmp_path / "progress")  # no progress folder is needed to check it
    for kind in ("pdf", "jwt", "json"):
        status, said, err = cli(capsys, "certificate", "--verify", str(signed[kind]))
        assert status == 0, err
        assert said.startswith(f"{signed[kind]}: valid. Signed by the issuer key kept on this computer, for the "
                               "issuer “Northwind School” (https://northwind.example). Issued to Ana for completing "
                               "“Outsourcing vs. Offshoring” and passing its final exam with 84% on 12 March 2026.")


def test_a_changed_json_or_a_json_alone_is_not_valid(signed: dict[str, Any], capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    path = signed["json"]
    path.write_text(path.read_text(encoding="utf-8").replace('"value": "84"', '"value": "94"'), encoding="utf-8")
    status, said, err = cli(capsys, "certificate", "--verify", str(path))
    assert status == 1 and said == "" and "NOT VALID" in err and "it was changed" in err
    token = signed["jwt"].read_text(encoding="ascii").strip()
    signed["jwt"].unlink()
    status, _, err = cli(capsys, "certificate", "--verify", str(path))
    assert status == 1 and "holds no proof this course can check, and the signed credential cert.jwt is not" in err

    # A JSON that carries its own proof: VC 2.0's enveloped credential, or a proof holding the JWT.
    enveloped = path.with_name("enveloped.json")
    enveloped.write_text(json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"],
                                     "type": "EnvelopedVerifiableCredential",
                                     "id": f"data:application/vc+jwt,{token}"}), encoding="utf-8")
    status, said, _ = cli(capsys, "certificate", "--verify", str(enveloped))
    assert status == 0 and "valid. Signed by the issuer key kept on this computer" in said
    in_proof = path.with_name("proof.json")
    in_proof.write_text(json.dumps({"proof": {"type": "JwtProof2020", "jwt": _tamper(token, 40, "A" if token[40] != "A" else "B")}}), encoding="utf-8")
    status, _, err = cli(capsys, "certificate", "--verify", str(in_proof))
    assert status == 1 and "NOT VALID" in err


def _tamper(token: str, index: int, char: str) -> str:
    return token[:index] + char + token[index + 1:]


@pytest.fixture(scope="module")
def module_token(tmp_path_factory: pytest.TempPathFactory) -> str:
    issuer, _ = init_issuer("Northwind School", ISSUER_URL, folder=tmp_path_factory.mktemp("issuer"))
    award = Award("c", "Course", "Exam", "Ana", "20260312T093000Z-abcdef", 0.84, 0.75, PASSED_ON, "ABCD-EFGH-JK")
    return sign(build(award, issuer.profile()), issuer)


def test_the_module_token_verifies(module_token: str) -> None:
    assert "Issued to Ana" in verify_token(module_token, PASSED_ON + timedelta(days=1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_of_the_payload_is_not_valid(module_token: str, data: st.DataObject) -> None:
    head, body, signature = module_token.split(".")
    payload = bytearray(jwt.utils.base64url_decode(body))
    index = data.draw(st.integers(0, len(payload) - 1))
    payload[index] ^= data.draw(st.integers(1, 255))
    changed = f"{head}.{jwt.utils.base64url_encode(bytes(payload)).decode()}.{signature}"
    with pytest.raises(NotValid):
        verify_token(changed, PASSED_ON + timedelta(days=1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_character_of_the_signed_file_is_not_valid(module_token: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(module_token) - 1))
    char = data.draw(st.characters(min_codepoint=32, max_codepoint=126))
    assume(char != module_token[index])
    with pytest.raises(NotValid):
        verify_token(_tamper(module_token, index, char), PASSED_ON + timedelta(days=1))


def test_dates_and_another_key_are_checked(module_token: str, tmp_path: Path) -> None:
    with pytest.raises(NotValid, match="not valid before 2026-03-12 09:30 UTC"):
        verify_token(module_token, PASSED_ON - timedelta(days=1))
    said = verify_token(module_token, PASSED_ON, local_thumbprint="someone-else")
    assert "Signed by the key with thumbprint " in said and "kept on this computer" not in said


def write_attempt(path: Path, changes: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, (old, text)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def no_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> str:
    out = tmp_path / "out" / f"{name}.pdf"
    status, said, err = cli(capsys, "certificate", "--learner", name, "--progress", str(tmp_path / "progress"),
                            "--out", str(out))
    assert status == 1 and said == ""
    assert not out.exists() and not out.with_suffix(".jwt").exists() and not out.with_suffix(".json").exists()
    return err


def test_a_hand_written_attempt_gets_no_credential(course: Course, tmp_path: Path, issuer_key: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    progress = learner(course, tmp_path / "progress", "Eve", exam=())
    # Written by hand: an attempt that says it passed with full marks, with no answers at all.
    folder = progress.root / "attempts" / "final-exam"
    folder.mkdir(parents=True)
    (folder / "20260312T093000Z-abcdef.toml").write_text(
        'format = 1\nid = "20260312T093000Z-abcdef"\ncourse = "outsourcing-vs-offshoring"\nlearner = "Eve"\n'
        'quiz = "final-exam"\nseed = 1\nquestions = ["q"]\nstarted_at = 2026-03-12T09:00:00Z\n'
        "finished_at = 2026-03-12T09:30:00Z\nscore = 1.0\nearned = 1.0\ntotal = 1.0\npassed = true\n",
        encoding="utf-8")
    err = no_certificate(tmp_path, capsys, "Eve")
    assert "The final-exam attempt 20260312T093000Z-abcdef gives no certificate: it has no answers." in err

    # A real attempt (84%) whose stored score was raised by hand to full marks.
    attempt = take_exam(course, progress, 21, seed=3)
    write_attempt(folder / f"{attempt.id}.toml", {"score = 0.84": "score = 1.0", "earned = 21.0": "earned = 25.0"})
    err = no_certificate(tmp_path, capsys, "Eve")
    assert (f"The final-exam attempt {attempt.id} gives no certificate: it states a score of 100% (25 of 25 points) "
            "but its answers give 84% (21 of 25).") in err


@pytest.mark.parametrize("score", ["5.0", "nan", "inf", "-0.5"])
def test_scores_outside_0_to_1_or_not_finite_are_refused(course: Course, tmp_path: Path, issuer_key: Path,
                                                          capsys: pytest.CaptureFixture[str], score: str) -> None:
    progress = learner(course, tmp_path / "progress", "Eve")
    attempt = next(iter(progress.iter_attempts("final-exam")))
    write_attempt(progress.root / "attempts" / "final-exam" / f"{attempt.id}.toml", {"score = 0.84": f"score = {score}"})
    err = no_certificate(tmp_path, capsys, "Eve")
    assert "Pass the final exam" in err or "gives no certificate" in err
    assert "500%" not in err and "nan%" not in err


@pytest.mark.parametrize(("score", "reason"), [(5.0, "its score is 5.0, outside 0 to 1"),
                                               (math.nan, "its score is nan, not a number"),
                                               (math.inf, "its score is inf, not a number")])
def test_the_rescoring_itself_refuses_numbers_the_files_cannot_hold(course: Course, tmp_path: Path, score: float,
                                                                    reason: str) -> None:
    """Whatever the progress layer lets through, the certificate checks the numbers itself."""
    progress = learner(course, tmp_path / "progress", "Eve")
    attempt = next(iter(progress.iter_attempts("final-exam")))
    exam = course.final_exam
    assert exam is not None
    assert isinstance(rescore(course, exam, progress, attempt), Rescored)
    forged = attempt.model_construct(**{**dict(attempt), "score": score})
    assert rescore(course, exam, progress, forged) == Refused(attempt.id, reason)
    answerless = attempt.model_construct(**{**dict(attempt), "answers": []})
    assert rescore(course, exam, progress, answerless) == Refused(attempt.id, "it has no answers")


def test_a_retake_with_the_clock_set_back_keeps_the_code_and_the_id(
    course: Course, tmp_path: Path, issuer_key: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    set_clock(monkeypatch, PASSED_ON)
    progress = learner(course, tmp_path / "progress", "Ana")  # 84%
    args = ("certificate", "--learner", "Ana", "--progress", str(tmp_path / "progress"), "--out")
    assert cli(capsys, *args, str(tmp_path / "a.pdf"))[0] == 0
    first_pass = next(iter(progress.iter_attempts("final-exam")))
    set_clock(monkeypatch, PASSED_ON - timedelta(days=30))
    retake = take_exam(course, progress, 25, seed=2)  # full marks, "finished" a month before the first pass
    assert retake.passed and retake.id < first_pass.id and retake.finished_at < first_pass.finished_at
    assert cli(capsys, *args, str(tmp_path / "b.pdf"))[0] == 0
    first, second = (json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8")) for n in "ab")
    assert first["id"] == second["id"] and first["verificationCode"] == second["verificationCode"]
    assert (tmp_path / "a.jwt").read_bytes() == (tmp_path / "b.jwt").read_bytes()  # the same credential, byte for byte
    assert second["credentialSubject"]["result"][0]["value"] == "84" and "84%" in pdf_text(tmp_path / "b.pdf")
    earned = standing(course, progress)
    assert isinstance(earned, Earned) and earned.attempt != retake.id


def test_the_private_key_is_in_no_output_file(signed_after_init: dict[str, Any], issuer_dir: Path,
                                               tmp_path: Path) -> None:
    from joserfc.jwk import RSAKey

    signed = signed_after_init
    pem = (issuer_dir / "issuer-key.pem").read_bytes()
    private = RSAKey.import_key(pem).as_dict(private=True)
    secrets = [private[name].encode() for name in ("d", "p", "q", "dp", "dq", "qi")]
    secrets += [line for line in pem.splitlines() if line and not line.startswith(b"-----")]
    outputs = [signed["init"].encode(), signed["made"].encode()]
    outputs += [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file() and issuer_dir not in path.parents]
    assert len(outputs) > 5  # the PDF, .jwt, .json and the learner's progress files at least
    for output in outputs:
        for secret in secrets:
            assert secret not in output
    summary = tomllib.loads((tmp_path / "progress" / "Ana" / "learner.toml").read_text(encoding="utf-8"))
    assert summary["certificate"]["code"] == json.loads(signed["json"].read_text())["verificationCode"]


def test_without_a_key_the_certificate_says_it_is_not_signed(course: Course, tmp_path: Path, issuer_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    learner(course, tmp_path / "progress", "Ana")
    out = tmp_path / "cert.pdf"
    status, said, err = cli(capsys, "certificate", "--learner", "Ana", "--progress", str(tmp_path / "progress"),
                            "--out", str(out))
    assert status == 0 and "warning: not signed: no issuer key is set up" in err
    assert "NOT SIGNED: no issuer key was set up" in pdf_text(out)
    assert not out.with_suffix(".jwt").exists() and not PdfReader(out).attachments
    status, _, err = cli(capsys, "certificate", "--verify", str(out))
    assert status == 1 and "carries no signed credential" in err
    assert not ProgressStore(tmp_path / "progress", course.id).open("Ana").notices


def test_a_key_url_names_the_published_key_and_a_credential_without_its_key_is_refused(tmp_path: Path) -> None:
    from joserfc import jws

    from course.certificate.credential import payload_bytes, registry

    issuer, _ = init_issuer("Northwind School", ISSUER_URL, kid="https://northwind.example/keys/1",
                            folder=tmp_path / "issuer")
    award = Award("c", "Course", "Exam", "Ana", "20260312T093000Z-abcdef", 0.84, 0.75, PASSED_ON, "ABCD-EFGH-JK")
    payload = build(award, issuer.profile())
    token = sign(payload, issuer)
    header = jwt.get_unverified_header(token)
    assert header["kid"] == "https://northwind.example/keys/1" and "jwk" in header
    assert "Issued to Ana" in verify_token(token, PASSED_ON)
    only_kid = jws.serialize_compact({"alg": "RS256", "kid": header["kid"]}, payload_bytes(payload), issuer.key,
                                     registry=registry())
    with pytest.raises(NotValid, match=r"carries no public key to check it with offline \(it names https://north"):
        verify_token(str(only_kid), PASSED_ON)


def test_attempt_numbers_order_attempts_whatever_the_clock_said(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before any certificate was made, a retake whose clock was set back looks older than the first pass by its
    time; the number each attempt is given when it starts (under the learner's lock) keeps the order it was
    taken in, and the first pass is the one the certificate rests on."""
    set_clock(monkeypatch, PASSED_ON)
    progress = learner(course, tmp_path / "progress", "Ana")  # 84%
    first = next(iter(progress.iter_attempts("final-exam")))
    set_clock(monkeypatch, PASSED_ON - timedelta(days=30))
    retake = take_exam(course, progress, 25, seed=2)
    assert (first.number, retake.number) == (1, 2)
    assert retake.started_at < first.started_at  # by the clock, the retake came first
    assert [a.id for a in progress.attempts("final-exam")] == [first.id, retake.id]
    earned = standing(course, progress)
    assert isinstance(earned, Earned) and earned.attempt == first.id and earned.text.score == pytest.approx(0.84)


def test_attempts_from_before_numbering_come_first_in_the_order_they_started(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, PASSED_ON)
    progress = learner(course, tmp_path / "progress", "Ana")
    old = next(iter(progress.iter_attempts("final-exam")))
    path = progress.root / "attempts" / "final-exam" / f"{old.id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nnumber = 1\n", "\n", 1), encoding="utf-8")
    assert progress.attempt("final-exam", old.id).number is None  # as written before attempts were numbered
    set_clock(monkeypatch, PASSED_ON - timedelta(days=30))
    retake = take_exam(course, progress, 25, seed=2)
    assert retake.number == 2  # one past every attempt file, numbered or not
    assert [a.id for a in progress.attempts("final-exam")] == [old.id, retake.id]


def test_a_page_that_no_longer_says_what_its_credential_says_is_not_valid(signed: dict[str, Any]) -> None:
    """The attached credential is what is signed; --verify FILE.pdf also reads the page and wants the name,
    the course and the score the credential states (a forger re-printing the page with the same attachment)."""
    from dataclasses import replace

    from course.certificate import CertificateText, render_pdf
    from course.certificate.offline import verify_file

    genuine = CertificateText("Outsourcing vs. Offshoring", "Ana", "Final exam: outsourcing vs. offshoring", 0.84,
                              PASSED_ON, "ABCD-EFGH-JK", "Northwind School (https://northwind.example)",
                              signed["jwt"].read_bytes().strip(), "cert.pdf")
    for changed, what in ((replace(genuine, learner="Eve"), "the learner's name"),
                          (replace(genuine, score=0.96), "the score"),
                          (replace(genuine, course_title="Advanced Offshoring"), "the course")):
        path = signed["pdf"].with_name("forged.pdf")
        path.write_bytes(render_pdf(changed).pdf)
        checked = verify_file(path)
        assert not checked.valid and f"the page does not show {what} that the credential states" in checked.message
    path.write_bytes(render_pdf(genuine).pdf)
    assert verify_file(path).valid


@pytest.mark.parametrize("name", ["Зоя Ковалёва", "سارة عبد الله", "שרה כהן", "Ζωή Παπαδοπούλου", "王芳"])
def test_signed_certificates_in_other_scripts_verify(course: Course, tmp_path: Path, issuer_key: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], name: str) -> None:
    from course.certificate import fallback

    monkeypatch.setattr(fallback, "fonts_with", lambda character: [])  # no font of the computer: Han is blank
    learner(course, tmp_path / "progress", name)
    out = tmp_path / "cert.pdf"
    assert cli(capsys, "certificate", "--learner", name, "--progress", str(tmp_path / "progress"),
               "--out", str(out))[0] == 0
    status, said, err = cli(capsys, "certificate", "--verify", str(out))
    assert status == 0, err
    assert f"Issued to {name} for completing" in said


@pytest.mark.filterwarnings("ignore:Key size should be >= 2048 bits")
def test_a_key_too_small_for_rs256_is_refused(tmp_path: Path) -> None:
    from joserfc.jwk import RSAKey

    from course.certificate.issuer import Issuer

    weak = Issuer("Northwind School", ISSUER_URL, RSAKey.generate_key(1024, private=True))
    award = Award("c", "Course", "Exam", "Ana", "20260312T093000Z-abcdef", 0.84, 0.75, PASSED_ON, "ABCD-EFGH-JK")
    with pytest.raises(NotValid, match="1024-bit RSA key; RS256 needs at least 2048 bits"):
        verify_token(sign(build(award, weak.profile()), weak), PASSED_ON)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None)
@given(path=st.lists(st.sampled_from(["credentialSubject", "issuer", "achievement", "result", "identifier", "0",
                                      "validFrom", "nbf", "iss", "sub", "jti", "id", "type", "@context", "value",
                                      "name", "criteria"]), min_size=1, max_size=4),
       value=json_values)
def test_a_signed_credential_that_says_anything_is_checked_without_crashing(path: list[str], value: object) -> None:
    """A credential signed by someone else's key can hold anything: the check says NOT VALID or what it says,
    and never fails otherwise."""
    from course.certificate.issuer import Issuer

    payload = json.loads(jwt.utils.base64url_decode(_module_issuer()[0].split(".")[1]))
    node: Any = payload
    for step in path[:-1]:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
    if isinstance(node, dict):
        node[path[-1]] = value
    elif isinstance(node, list) and node:
        node[0] = value
    issuer: Issuer = _module_issuer()[1]
    token = sign(payload, issuer)
    try:
        said = verify_token(token, PASSED_ON + timedelta(days=1))
    except NotValid:
        return
    assert said.startswith("valid.")


@cache
def _module_issuer() -> tuple[str, Any]:
    """A signed credential and its issuer, made once (hypothesis runs the test above many times)."""
    from joserfc.jwk import RSAKey

    from course.certificate.issuer import Issuer

    issuer = Issuer("Northwind School", ISSUER_URL, RSAKey.generate_key(2048, private=True))
    award = Award("c", "Course", "Exam", "Ana", "20260312T093000Z-abcdef", 0.84, 0.75, PASSED_ON, "ABCD-EFGH-JK")
    return sign(build(award, issuer.profile()), issuer), issuer
