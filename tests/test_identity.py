"""One identity per learner, one rule everywhere: names are stored in NFC and matched by NFKC + case
folding in every lookup, report and sync; a folder in NFD form is found and renamed with nothing lost; a new
name that would look like another learner's, or that Windows reserves, is refused with the reason."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.cli import _certificate_learner
from course.content import load_course
from course.lrs import LrsClient, sync
from course.plain import run as run_plain
from course.progress import InvalidLearnerName, ProgressStore, validate_learner_name
from course.progress.reading import read_learners
from course.quizrun import QuizSession
from course.reports import class_report
from tests.answers import right
from tests.lrs_support import memory_lrs, scripted_lrs
from tests.test_quizrun import make_course
from tests.tui_support import FIXTURE

JOSE = "Jos\u00e9"  # NFC: é is one character
JOSE_NFD = unicodedata.normalize("NFD", JOSE)  # e + combining acute, as a copy from macOS names it


@pytest.fixture
def course(tmp_path: Path):
    return load_course(make_course(tmp_path / "c", lessons=1, questions=2))


def _pass_quiz(course, store: ProgressStore, name: str) -> None:
    learner = store.open(name)
    learner.lesson_completed("l0")
    session = QuizSession.start(course, course.quiz("l0-quiz"), learner, seed=1)
    for i, played in enumerate(session.questions):
        session.answer(i, right(played.question))
    session.finish()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _actors(course, progress: Path, learners: list[str] | None = None) -> set[str]:
    store = ProgressStore(progress, course.id)
    names = store.learners() if learners is None else learners
    problems: list[str] = []
    return {record.name for record in read_learners(store.root, course.id, names, problems)}


# -- NFD folders ------------------------------------------------------------------------------------------


def test_an_nfd_folder_is_found_everywhere_and_renamed_to_nfc_with_nothing_lost(course, tmp_path):
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    _pass_quiz(course, store, JOSE)
    os.rename(progress / JOSE, progress / JOSE_NFD)  # as copied from a Mac
    before = _snapshot(progress / JOSE_NFD)

    assert store.learners() == [JOSE]  # found, under the stored (NFC) name
    assert [row.learner for row in class_report(course, progress).learners] == [JOSE]
    assert _actors(course, progress) == {JOSE}
    assert _actors(course, progress, [JOSE]) == {JOSE}  # `course sync --learner José` finds it too
    with scripted_lrs(memory_lrs()) as stub:
        result = sync(course, progress, LrsClient(stub.url))
    assert result.complete and result.learners == 1 and result.sent > 0
    after_sync = _snapshot(progress / JOSE_NFD)  # sync noted what it sent in the folder where it is
    assert {k: v for k, v in after_sync.items() if k in before} == before and len(after_sync) > len(before)
    before = after_sync

    opened = store.open(JOSE)  # as typed, in NFC: the same learner, not a new empty one
    assert opened.name == JOSE and opened.root == progress / JOSE
    assert sorted(p.name for p in progress.iterdir() if p.is_dir()) == [JOSE]  # renamed, not copied
    assert _snapshot(progress / JOSE) == before  # nothing lost, nothing changed
    assert opened.summary.quizzes["l0-quiz"].passed
    assert any("renamed" in notice and "Nothing in it changed" in notice for notice in opened.notices)
    assert store.open(JOSE).notices == []  # once is enough


def test_folders_in_both_forms_are_both_kept_untouched_and_said(course, tmp_path):
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    _pass_quiz(course, store, JOSE)
    os.rename(progress / JOSE, progress / JOSE_NFD)
    store_nfc = progress / JOSE
    store_nfc.mkdir()
    ProgressStore(progress, course.id).open(JOSE).lesson_opened("l0")  # the NFC folder gets its own progress
    kept = _snapshot(progress / JOSE_NFD)

    opened = store.open(JOSE_NFD)
    assert opened.root == progress / JOSE and "l0-quiz" not in opened.summary.quizzes
    assert any("left untouched" in notice and JOSE_NFD in notice for notice in opened.notices), opened.notices
    assert _snapshot(progress / JOSE_NFD) == kept  # not merged, not moved
    report = class_report(course, progress)
    assert any("left untouched" in problem for problem in report.problems), report.problems


# -- one rule: NFKC + case folding ----------------------------------------------------------------------


@pytest.mark.parametrize(("stored", "typed"), [("Weiß", "Weiss"), ("Weiß", "WEISS"), ("Ana", "ＡＮＡ"), ("fiona", "ﬁona")])
def test_names_the_rule_makes_one_learner_open_one_progress_and_say_whose(course, tmp_path, stored, typed):
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    _pass_quiz(course, store, stored)
    opened = store.open(typed)
    assert opened.name == stored and opened.summary.quizzes["l0-quiz"].passed
    assert any(f"opened the progress of {stored!r}" in notice for notice in opened.notices), opened.notices
    assert store.learners() == [stored] and store.find(typed) == stored
    assert _certificate_learner(store, typed) == stored
    assert [row.learner for row in class_report(course, progress).learners] == [stored]
    assert _actors(course, progress, [typed]) == {stored}  # `course sync --learner <typed>`
    with scripted_lrs(memory_lrs()) as stub:
        result = sync(course, progress, LrsClient(stub.url), learners=[typed])
    assert result.complete and result.learners == 1 and result.sent > 0


def test_a_folder_made_with_a_ligature_is_the_same_learner_as_its_plain_spelling(course, tmp_path):
    # A folder from before names were matched this way: kept under its name, found by the plain spelling.
    progress = tmp_path / "progress"
    (progress / "ﬁona").mkdir(parents=True)
    store = ProgressStore(progress, course.id)
    _pass_quiz(course, store, "ﬁona")
    assert store.open("Fiona").name == "ﬁona"
    assert store.learners() == ["ﬁona"]
    assert [row.learner for row in class_report(course, progress).learners] == ["ﬁona"]
    assert _actors(course, progress, ["Fiona"]) == {"ﬁona"}


# -- look-alike and reserved names ----------------------------------------------------------------------


CYRILLIC_A = "\u0410"


@pytest.mark.parametrize(("typed", "reason"), [
    (CYRILLIC_A + "na", "mixes letters of different alphabets, Cyrillic ('А') and Latin ('n')"),
    ("P\u0430ul", "mixes letters of different alphabets"),  # a Cyrillic а inside
    ("Ｂｅｎ", "another form of 'B'"),  # fullwidth, no Ben here
    ("ﬁnn", "another form of 'fi'"),
    ("\u0421\u0430\u0440\u0430", "looks the same as the learner 'Capa'"),  # all Cyrillic: Сара
    ("\u0410\u043d\u0430", None),  # all Cyrillic Ана: looks like no one here
])
def test_a_new_name_that_would_look_like_another_learners_is_refused_with_the_reason(tmp_path, typed, reason):
    store = ProgressStore(tmp_path, "c")
    store.open("Ana")
    store.open("Capa")
    if reason is None:
        assert store.open(typed).name == typed
        return
    with pytest.raises(InvalidLearnerName) as refused:
        store.open(typed)
    assert reason in str(refused.value)
    assert sorted(store.learners()) == ["Ana", "Capa"]  # no folder made


@pytest.mark.parametrize("name", ["Анна", "Ηλίας", "山田たろう", "김민준", "Zoë", "O'Brien".replace("'", "-"), "José 2"])
def test_names_in_one_script_or_a_usual_mix_are_accepted(tmp_path, name):
    assert ProgressStore(tmp_path, "c").open(name).name == name


@pytest.mark.parametrize("name", ["COM¹", "LPT²", "com³.txt", "CON", "nul.toml", "AUX", "Prn", "COM1", "LPT9",
                                  "ＣＯＮ", "CON .txt"])
def test_windows_device_names_are_refused_even_with_superscript_digits(name):
    with pytest.raises(InvalidLearnerName) as refused:
        validate_learner_name(name)
    assert "Windows reserves" in str(refused.value)


def test_plain_mode_says_why_a_look_alike_name_is_refused_and_shows_the_stored_name(tmp_path):
    progress = tmp_path / "progress"
    for name in ("Weiß", "Bob"):
        ProgressStore(progress, load_course(FIXTURE).id).open(name)
    out = io.StringIO()
    typed = "\n".join([CYRILLIC_A + "na", "Weiss", "q"]) + "\n"
    assert run_plain(str(FIXTURE), None, str(progress), stdin=io.StringIO(typed), stdout=out) == 0
    shown = out.getvalue()
    assert "mixes letters of different alphabets" in shown
    assert "Hello, Weiß." in shown


def test_the_app_shows_whose_progress_opened(tmp_path):
    import asyncio

    from tests.tui_support import make_app

    progress = tmp_path / "progress"
    ProgressStore(progress, load_course(FIXTURE).id).open("Weiß").lesson_opened("basics")

    async def run() -> tuple[str, list[str]]:
        app = make_app(progress, "WEISS")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return app.learner.name, [n.message for n in app._notifications]

    name, notices = asyncio.run(run())
    assert name == "Weiß"
    assert any("'WEISS' opened the progress of 'Weiß'" in notice for notice in notices), notices


def test_progress_in_a_folder_whose_name_is_now_refused_is_said_not_hidden(course, tmp_path):
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    _pass_quiz(course, store, "Ana")
    (progress / "COM¹").mkdir()  # made by a version that took the name
    (progress / "COM¹" / "learner.toml").write_bytes((progress / "Ana" / "learner.toml").read_bytes())
    assert store.learners() == ["Ana"]
    report = class_report(course, progress)
    assert [row.learner for row in report.learners] == ["Ana"]
    assert any("COM¹" in problem and "Windows reserves" in problem and "rename the folder" in problem
               for problem in report.problems), report.problems


_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}


def _variants(name: str) -> list[str]:
    return [name.upper(), name.lower(), name.swapcase(), unicodedata.normalize("NFD", name),
            "".join(_FULLWIDTH.get(c, c) for c in name), f"  {name} "]



latin_names = st.text(st.sampled_from(list("AaBbEeIiOoSsßéÉüÜñÑ0123456789 -_")), min_size=1, max_size=20).filter(
    lambda n: n.strip() and not n.strip().startswith(".")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(latin_names)
def test_every_spelling_the_rule_makes_one_finds_the_one_learner(tmp_path_factory, name):
    try:
        stored = validate_learner_name(name)
    except InvalidLearnerName:
        return
    store = ProgressStore(tmp_path_factory.mktemp("p"), "c")
    assert store.open(name).name == stored
    for variant in _variants(stored):
        try:
            validate_learner_name(variant)
        except InvalidLearnerName:
            continue  # e.g. a name that becomes a device name when upper-cased
        opened = store.open(variant)
        assert opened.name == stored, (variant, opened.name)
        assert store.learners() == [stored]
        assert _actors_of(store, [variant]) == {stored}


def _actors_of(store: ProgressStore, names: list[str]) -> set[str]:
    return {record.name for record in read_learners(store.root, store.course_id, names, [])}
