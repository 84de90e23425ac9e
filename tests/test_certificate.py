"""Course certificates: made for a learner who finished (the PDF read back), refused with what is left to do
for one who did not, recorded in the progress and checked with --verify (a changed attempt fails)."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from course.certificate import derive_code, long_date, normalise_code
from course.certificate import fallback as course_fallback
from course.cli import main
from course.content import Course, load_course
from course.progress import Attempt, LearnerProgress, ProgressStore, write_last_learner
from course.quizrun import QuizSession
from tests.answers import right, wrong
from tests.conftest import ROOT
from tests.content_support import loaded, shared_loads
from tests.tui_support import FIXTURE

PASSED_ON = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
CODE = re.compile(r"\b[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}\b")


@pytest.fixture(scope="module")
def course() -> Course:
    """The shipped course, loaded once a test process (content_support.loaded; none of these tests changes it)."""
    return loaded(ROOT)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Progress is written as if at PASSED_ON."""
    import course.progress.learner
    import course.progress.models

    monkeypatch.setattr(course.progress.learner, "utc_now", lambda: PASSED_ON)
    monkeypatch.setattr(course.progress.models, "utc_now", lambda: PASSED_ON)
    return PASSED_ON


def take_exam(course: Course, progress: LearnerProgress, earned: int, seed: int = 1) -> Attempt:
    """Take the final exam through the engine, as the app does: `earned` questions right (1 point each, of 25),
    the others wrong, then submit."""
    exam = course.final_exam
    assert exam is not None
    session = QuizSession.start(course, exam, progress, seed=seed)
    wrong_ones = len(session.questions) - earned
    for index, played in enumerate(session.questions):
        session.answer(index, wrong(played.question) if index < wrong_ones else right(played.question))
    return session.finish()


def learner(course: Course, root: Path, name: str, *, lessons: int | None = None,
            exam: tuple[int, ...] = (21,)) -> LearnerProgress:
    """A learner who completed the first `lessons` lessons (all by default) and took the final exam once per
    score in `exam` (points out of 25; 75% passes)."""
    progress = ProgressStore(root, course.id).open(name)
    for lesson in course.lessons[: len(course.lessons) if lessons is None else lessons]:
        progress.lesson_opened(lesson.id)
        progress.lesson_completed(lesson.id)
    for earned in exam:
        take_exam(course, progress, earned)
    return progress


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    return reader.pages[0].extract_text()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with shared_loads():  # the command's load of the shipped course is the test process's one
        status = main(["certificate", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", ["Ana", "Зоя Ковалёва", "Ζωή Παπαδοπούλου", "سارة عبد الله", "שרה כהן"])
def test_a_learner_who_finished_gets_a_pdf_with_every_field(
    course: Course, tmp_path: Path, fixed_clock: datetime, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    progress = learner(course, tmp_path / "progress", name, exam=(15, 21))  # failed once, then 84%
    out = tmp_path / "out" / "cert.pdf"
    status, said, err = run(capsys, "--learner", name, "--progress", str(tmp_path / "progress"), "--out", str(out))
    assert status == 0, err
    assert err.startswith("warning: not signed: no issuer key is set up")  # none in this test's data folder
    code = CODE.search(said)
    assert code is not None and said.startswith(f"{out}: certificate of {name}")
    text = pdf_text(out)
    for words in ("Certificate of completion", name, "Outsourcing vs. Offshoring", "12 March 2026", "84%",
                  f"Verification code: {code.group()}", f"course certificate --verify {code.group()}",
                  "NOT SIGNED: no issuer key was set up"):
        assert words in text, (words, text)
    passed = [a for a in progress.attempts("final-exam") if a.passed]
    assert code.group() == derive_code(course.id, name, passed[0].id, 0.84)


def test_a_learner_who_did_not_finish_is_told_what_is_left(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner(course, tmp_path / "progress", "Bo", lessons=len(course.lessons) - 2, exam=(15,))
    out = tmp_path / "cert.pdf"
    status, said, err = run(capsys, "--learner", "Bo", "--progress", str(tmp_path / "progress"), "--out", str(out))
    assert status == 1 and said == ""
    last_two = ", ".join(f"“{lesson.title}”" for lesson in course.lessons[-2:])
    assert f"no certificate yet for Bo. Complete 2 lessons: {last_two}." in err
    assert "Pass the final exam (best so far 60%, 75% needed)." in err
    assert not out.exists()
    summary = tomllib.loads((tmp_path / "progress" / "Bo" / "learner.toml").read_text(encoding="utf-8"))
    assert "certificate" not in summary


def test_what_is_left_names_one_lesson_and_an_exam_never_taken(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner(course, tmp_path / "progress", "Cy", lessons=len(course.lessons) - 1, exam=())
    status, _, err = run(capsys, "--learner", "Cy", "--progress", str(tmp_path / "progress"))
    assert status == 1
    assert f"Complete the lesson “{course.lessons[-1].title}”. Pass the final exam (75% needed)." in err


def test_making_it_again_gives_the_same_code_and_it_is_recorded(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "progress"
    progress = learner(course, root, "Ana", exam=(20,))
    first = run(capsys, "--learner", "Ana", "--progress", str(root), "--out", str(tmp_path / "a.pdf"))
    take_exam(course, progress, 25, seed=2)  # a better score later keeps the certificate
    second = run(capsys, "--learner", "Ana", "--progress", str(root), "--out", str(tmp_path / "b.pdf"))
    code = CODE.search(first[1])
    assert first[0] == second[0] == 0 and code is not None and code.group() in second[1]
    recorded = tomllib.loads((root / "Ana" / "learner.toml").read_text(encoding="utf-8"))["certificate"]
    assert recorded["code"] == code.group() and recorded["quiz"] == "final-exam" and recorded["score"] == 0.8
    assert "80%" in pdf_text(tmp_path / "b.pdf")


def test_without_learner_the_last_one_is_used(course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "progress"
    learner(course, root, "Ana")
    learner(course, root, "Bo", lessons=0, exam=())
    write_last_learner(root, "Ana")
    monkeypatch.chdir(tmp_path)
    status, said, _ = run(capsys, "--progress", str(root))
    assert status == 0
    assert (tmp_path / "outsourcing-vs-offshoring-certificate-Ana.pdf").is_file()
    assert said.startswith("outsourcing-vs-offshoring-certificate-Ana.pdf: certificate of Ana")
    status, _, err = run(capsys, "--progress", str(root), "--learner", "nobody")
    assert status == 2 and "no learner 'nobody'" in err and "Ana, Bo" in err
    assert not (root / "nobody").exists()


def test_a_code_is_verified_against_the_progress_folder(
    course: Course, tmp_path: Path, fixed_clock: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "progress"
    learner(course, root, "Зоя")
    learner(course, root, "Bo", lessons=1, exam=())
    _, said, _ = run(capsys, "--learner", "Зоя", "--progress", str(root), "--out", str(tmp_path / "c.pdf"))
    code = CODE.search(said)
    assert code is not None
    typed = code.group().lower().replace("-", " ").replace("o", "0").replace("i", "1")  # as typed from paper
    status, said, err = run(capsys, "--verify", typed, "--progress", str(root))
    assert status == 0, err
    assert said.strip() == (f"{code.group()}: valid. Зоя completed “Outsourcing vs. Offshoring” and passed the final "
                            "exam “Final exam: outsourcing vs. offshoring” with 84% on 12 March 2026 (certificate "
                            "first made on 12 March 2026).")


def test_a_code_is_verified_when_the_learner_folder_was_copied_in_nfd_form(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import unicodedata

    root = tmp_path / "progress"
    learner(course, root, "José")
    _, said, _ = run(capsys, "--learner", "José", "--progress", str(root), "--out", str(tmp_path / "c.pdf"))
    code = CODE.search(said)
    assert code is not None
    os.rename(root / "José", root / unicodedata.normalize("NFD", "José"))  # as a copy from a Mac names it
    status, said, err = run(capsys, "--verify", code.group(), "--progress", str(root))
    assert status == 0, err
    assert said.startswith(f"{code.group()}: valid. José completed")


def test_a_changed_attempt_or_an_unknown_code_fails(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "progress"
    progress = learner(course, root, "Ana")
    _, said, _ = run(capsys, "--learner", "Ana", "--progress", str(root), "--out", str(tmp_path / "c.pdf"))
    code = CODE.search(said)
    assert code is not None
    other = ("B" if code.group()[0] != "B" else "C") + code.group()[1:]
    status, said, err = run(capsys, "--verify", other, "--progress", str(root))
    assert status == 1 and said == "" and f"{other}: no certificate with this code" in err

    attempt = next(a for a in progress.attempts("final-exam") if a.passed)
    path = root / "Ana" / "attempts" / "final-exam" / f"{attempt.id}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("score = 0.84", "score = 0.96"), encoding="utf-8")
    status, said, err = run(capsys, "--verify", code.group(), "--progress", str(root))
    assert status == 1 and said == ""
    assert (f"{code.group()}: NOT VALID. It was given to Ana, but their final-exam attempt {attempt.id} gives no "
            "certificate: it states a score of 96% (21 of 25 points) but its answers give 84% (21 of 25).") in err

    path.unlink()
    status, _, err = run(capsys, "--verify", code.group(), "--progress", str(root))
    assert status == 1 and "is missing or did not pass" in err

    status, _, err = run(capsys, "--verify", "not-a-code", "--progress", str(root))
    assert status == 2 and "'not-a-code' is not a certificate code" in err
    status, _, err = run(capsys, "--verify", code.group(), "--learner", "Ana", "--progress", str(root))
    assert status == 2 and "--verify checks a code; --learner and --out go with making a certificate" in err


def test_codes_are_read_as_people_type_them() -> None:
    assert normalise_code(" abcd efgh jk ") == "ABCD-EFGH-JK"
    assert normalise_code("0B1D-EFGH-J8") == "OBID-EFGH-JB"
    assert normalise_code("ABCD-EFGH-J") is None and normalise_code("ABCD-EFGH-J9") is None
    assert derive_code("c", "Ana", "a1", 0.84) != derive_code("c", "Ana", "a2", 0.84)
    assert derive_code("c", "Ana", "a1", 0.84) != derive_code("c", "Ana", "a1", 0.96)


def test_a_name_no_font_can_show_is_said(course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(course_fallback, "fonts_with", lambda character: [])  # a computer with no Han font
    learner(course, tmp_path / "progress", "王芳")
    status, _, err = run(capsys, "--learner", "王芳", "--progress", str(tmp_path / "progress"),
                         "--out", str(tmp_path / "c.pdf"))
    assert status == 0
    assert "warning: the certificate's font has no glyph for 王 芳; they are left blank" in err


def test_a_file_that_cannot_be_written_is_said(course: Course, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    learner(course, tmp_path / "progress", "Ana")
    (tmp_path / "taken").write_text("a file where a folder should be")
    status, _, err = run(capsys, "--learner", "Ana", "--progress", str(tmp_path / "progress"),
                         "--out", str(tmp_path / "taken" / "c.pdf"))
    assert status == 1
    assert err.startswith(f"course certificate: Could not write the certificate to {tmp_path / 'taken' / 'c.pdf'}: ")


def _course_with_exams(root: Path, final_quiz: str | None) -> Path:
    """The TUI test course with two quizzes of no lesson, and `final_quiz` as given (TOML) in course.toml."""
    shutil.copytree(FIXTURE, root)
    (root / "course.toml").write_text('id = "c"\ntitle = "C"\n' + (f"final_quiz = {final_quiz}\n" if final_quiz else ""),
                                      encoding="utf-8")
    for exam in ("mid-exam", "final-exam"):
        (root / "quizzes" / f"{exam}.toml").write_text(
            f'id = "{exam}"\ntitle = "{exam}"\n\n[[questions]]\nid = "q"\ntype = "true_false"\nprompt = "Yes?"\n'
            'answer = true\nexplanation = "Yes."\n', encoding="utf-8")
    return root


def test_final_quiz_in_course_toml_names_the_exam(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert load_course(_course_with_exams(tmp_path / "none", None)).final_exam is None
    named = load_course(_course_with_exams(tmp_path / "named", '"final-exam"'))
    assert named.final_exam is not None and named.final_exam.id == "final-exam"
    assert not named.errors

    wrong = _course_with_exams(tmp_path / "wrong", '"last-exam"')
    assert main(["check", str(wrong)]) == 1
    said = capsys.readouterr().out
    assert ("course.toml:3: error: final_quiz: no quiz 'last-exam' in quizzes/ (quizzes: basics-quiz, final-exam, mid-exam, more-quiz); "
            "certificates need the final exam's id here") in said
    assert main(["check", str(_course_with_exams(tmp_path / "number", "3"))]) == 1
    assert "course.toml:3: error: final_quiz: the id of a quiz (a slug such as 'final-exam'), got the number 3" \
        in capsys.readouterr().out


def test_a_course_with_several_exams_and_no_final_quiz_says_so(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = _course_with_exams(tmp_path / "c", None)
    ProgressStore(tmp_path / "progress", "c").open("Ana")
    status, _, err = run(capsys, "--content", str(root), "--learner", "Ana", "--progress", str(tmp_path / "progress"))
    assert status == 1
    assert "several final exams (final-exam, mid-exam)" in err and "`final_quiz` in course.toml" in err


def test_a_scripted_learner_who_reads_everything_and_passes_the_exam_gets_it(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the same engine calls as the app: every lesson read, the final exam answered question by question
    (three answers wrong), submitted; the certificate shows the score the exam gave."""
    from course.quizrun import QuizSession
    from tests.answers import right, wrong

    root = tmp_path / "progress"
    progress = ProgressStore(root, course.id).open("Ana")
    for lesson in course.lessons:
        progress.lesson_opened(lesson.id)
        progress.lesson_completed(lesson.id)
    exam = course.final_exam
    assert exam is not None and exam.id == "final-exam"
    session = QuizSession.start(course, exam, progress)
    for index, played in enumerate(session.questions):
        session.answer(index, wrong(played.question) if index < 3 else right(played.question))
    attempt = session.finish()
    assert attempt.passed and attempt.score is not None and attempt.finished_at is not None
    status, said, err = run(capsys, "--learner", "Ana", "--progress", str(root), "--out", str(tmp_path / "a.pdf"))
    assert status == 0, err
    code = derive_code(course.id, "Ana", attempt.id, attempt.score)
    assert said.endswith(f"final exam {attempt.score:.0%}, verification code {code}\n")
    text = pdf_text(tmp_path / "a.pdf")
    assert f"{attempt.score:.0%}" in text and code in text and long_date(attempt.finished_at) in text


def han_font(path: Path, characters: str) -> Path:
    """A TrueType font with a square glyph for each of `characters` and nothing else."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def square():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((900, 700))
        pen.lineTo((900, 0))
        pen.closePath()
        return pen.glyph()

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in characters]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in characters})
    builder.setupGlyf({name: square() for name in names})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test Han", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_characters_the_shipped_font_lacks_come_from_a_font_of_the_computer(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    font = han_font(tmp_path / "han.ttf", "王芳")
    asked: list[str] = []

    def fonts_with(character: str) -> list[tuple[str, int]]:
        asked.append(character)
        return [(str(tmp_path / "broken.ttf"), 0), (str(font), 0)] if character in "王芳" else []

    (tmp_path / "broken.ttf").write_bytes(b"not a font")  # skipped for the next one
    monkeypatch.setattr(course_fallback, "fonts_with", fonts_with)
    learner(course, tmp_path / "progress", "王芳 Ana")
    status, _, err = run(capsys, "--learner", "王芳 Ana", "--progress", str(tmp_path / "progress"),
                         "--out", str(tmp_path / "c.pdf"))
    assert status == 0 and "no glyph" not in err
    assert "王芳 Ana" in pdf_text(tmp_path / "c.pdf")
    assert asked == ["王"]  # one font found for the first character covers the second


def test_without_fontconfig_no_font_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert course_fallback.fonts_with("王") == []


def test_fallbacks_are_chosen_until_every_character_is_covered() -> None:
    fonts = {"a": [("ab.ttf", 0)], "c": [("bad.ttf", 0), ("c.ttc", 2)], "d": []}
    covers = {("ab.ttf", 0): {"a", "b"}, ("c.ttc", 2): {"c"}}
    added: list[tuple[str, int]] = []

    def add(font: tuple[str, int]) -> set[str] | None:
        added.append(font)
        return covers.get(font)

    left = course_fallback.choose_fallbacks(["a", "b", "c", "d"], add, lambda ch: fonts.get(ch, []))
    assert left == ["d"]
    assert added == [("ab.ttf", 0), ("bad.ttf", 0), ("c.ttc", 2)]
