"""Learner names cannot reach outside the progress folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.progress import InvalidLearnerName, ProgressStore, validate_learner_name

REFUSED = [
    "", "   ", ".", "..", "../x", "..\\x", "a/b", "a\\b", "/etc", "/", "C:\\Users", "C:x", "ann\x00",
    "ann\nbob", "tab\there", "bell\x07", "\x7f", ".hidden", "trailing.", "x" * 65, "y" * 300,
    "a<b", "a>b", 'a"b', "a|b", "a?b", "a*b", "CON", "nul", "com1", "LPT9.txt", "emoji 🙂", "\u202eevil",
]
ACCEPTED = {
    "ann": "ann", "  Ann Smith ": "Ann Smith", "jean-luc_2": "jean-luc_2", "a.b": "a.b",
    "Zoë": "Zoë", "Zoe\u0308": "Zoë", "名前": "名前", "x" * 64: "x" * 64, "Console": "Console",
}


@pytest.mark.parametrize("name", REFUSED)
def test_refused(name):
    with pytest.raises(InvalidLearnerName) as caught:
        validate_learner_name(name)
    assert "letters, digits, spaces" in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("name", "stored"), sorted(ACCEPTED.items()))
def test_accepted(name, stored):
    assert validate_learner_name(name) == stored


def test_non_text_refused():
    with pytest.raises(InvalidLearnerName):
        validate_learner_name(None)  # type: ignore[arg-type]


def test_store_refuses_before_touching_disk(tmp_path):
    store = ProgressStore(tmp_path / "progress", "c")
    with pytest.raises(InvalidLearnerName):
        store.open("../outside")
    assert not (tmp_path / "outside").exists() and not (tmp_path / "progress").exists()


def test_learners_lists_valid_folders_only(tmp_path):
    store = ProgressStore(tmp_path, "c")
    store.open("bob")
    store.open("ann")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "stray-file").write_text("x")
    (tmp_path / "bad|name").mkdir()
    assert store.learners() == ["ann", "bob"]
    assert ProgressStore(tmp_path / "missing", "c").learners() == []


tricky = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(list("./\\:\x00 -_..~"))),
    max_size=70,
)


@settings(max_examples=300, deadline=None)
@given(tricky)
def test_any_accepted_name_is_a_direct_child_of_root(name):
    try:
        stored = validate_learner_name(name)
    except InvalidLearnerName:
        return
    assert 1 <= len(stored) <= 64 and stored == stored.strip()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        target = root / stored
        assert target.parent == root and target.resolve().parent == root
        assert target.name == stored
        target.mkdir()  # the file system accepts it
        assert [p.name for p in root.iterdir()] == [stored]


def test_names_that_differ_only_by_case_open_one_learner_and_say_so(tmp_path):
    store = ProgressStore(tmp_path, "c")
    first = store.open("Ana")
    first.lesson_opened("intro")
    assert first.notices == []
    for typed in ("ana", "ANA", " aNa "):
        again = store.open(typed)
        assert again.name == "Ana" and again.root == tmp_path / "Ana"
        assert "intro" in again.summary.lessons
        assert len(again.notices) == 1 and "ignore case" in again.notices[0]
        assert repr(typed.strip()) in again.notices[0] and "'Ana'" in again.notices[0]
    assert store.learners() == ["Ana"]
    assert store.open("Ana").notices == []  # the exact name: nothing to say


def test_folders_already_apart_by_case_are_kept_apart_and_the_exact_one_opens(tmp_path):
    # Made on a case-sensitive file system before names ignored case: both keep their work.
    (tmp_path / "ana").mkdir()
    (tmp_path / "Ana").mkdir()
    store = ProgressStore(tmp_path, "c")
    store.open("ana").lesson_opened("one")
    store.open("Ana").lesson_opened("two")
    opened = store.open("ana")
    assert opened.name == "ana" and list(opened.summary.lessons) == ["one"]
    assert len(opened.notices) == 1 and "'Ana'" in opened.notices[0] and "kept apart" in opened.notices[0]
