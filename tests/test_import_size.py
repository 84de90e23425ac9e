"""A question bank larger than the loader takes is refused before it is parsed, with the loader's own
message; a quiz that would come out larger than the loader takes is not written."""

from __future__ import annotations

from pathlib import Path

import pytest

import course.importers.size as size
from course.cli import main
from course.content.files import MAX_FILE_BYTES, ContentFileError, read_text
from course.importers.aiken import aiken_to_quiz, parse_aiken
from course.importers.gift import parse_gift, read_gift
from course.importers.size import ImportTooLarge, check_text, too_large
from course.importers.to_quiz import gift_to_quiz

GIFT_QUESTION = "::q:: Offshoring moves work to another country. {T}\n\n"
AIKEN_QUESTION = "Which one is nearshoring?\nA. Moving work to a nearby country\nB. Keeping it at home\nANSWER: A\n\n"


def _bank(tmp_path: Path, name: str, question: str, size_bytes: int) -> Path:
    path = tmp_path / name
    text = question * (size_bytes // len(question) + 1)
    path.write_text(text[:size_bytes], encoding="utf-8")
    assert path.stat().st_size == size_bytes
    return path


@pytest.mark.parametrize(("fmt", "question"), [("gift", GIFT_QUESTION), ("aiken", AIKEN_QUESTION)])
def test_a_file_over_the_loaders_limit_is_refused_before_parsing(tmp_path, capsys, monkeypatch, fmt, question):
    def never(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("course.importers.to_quiz.read_gift", never)
    monkeypatch.setattr("course.importers.aiken.parse_aiken", never)
    bank = _bank(tmp_path, f"bank.{fmt}", question, MAX_FILE_BYTES + 1)
    out = tmp_path / "quizzes" / "bank.toml"
    assert main(["import", fmt, str(bank), "--id", "bank", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"course import: {bank} is 1,048,577 bytes, over the limit of 1,048,576; split it into smaller files\n"
    assert not out.exists()


def test_the_message_is_the_loaders(tmp_path):
    big = _bank(tmp_path, "big.toml", "# a comment\n", MAX_FILE_BYTES + 100)
    with pytest.raises(ContentFileError) as refused:
        read_text(big, tmp_path)
    assert str(refused.value) == too_large(MAX_FILE_BYTES + 100)


def test_text_over_the_limit_is_refused_by_every_parser():
    text = GIFT_QUESTION * (MAX_FILE_BYTES // len(GIFT_QUESTION) + 1)
    for parse in (parse_gift, read_gift):
        with pytest.raises(ImportTooLarge, match="over the limit of 1,048,576"):
            parse(text)
    with pytest.raises(ImportTooLarge):
        gift_to_quiz(text, "bank")
    aiken = AIKEN_QUESTION * (MAX_FILE_BYTES // len(AIKEN_QUESTION) + 1)
    with pytest.raises(ImportTooLarge):
        parse_aiken(aiken)
    with pytest.raises(ImportTooLarge):
        aiken_to_quiz(aiken, "bank")


def test_the_limit_counts_utf8_bytes_not_characters():
    check_text("a" * MAX_FILE_BYTES)  # at the limit: taken
    check_text("é" * (MAX_FILE_BYTES // 2))
    with pytest.raises(ImportTooLarge, match="1,048,578 bytes"):
        check_text("é" * (MAX_FILE_BYTES // 2 + 1))


def test_a_quiz_that_would_be_over_the_limit_is_not_written(tmp_path, capsys, monkeypatch):
    """Aiken questions are short and their quiz entries are not (each gets an explanation to write): with
    the limit at 4,000 bytes, a 2,000-byte bank makes a quiz the course would refuse to load."""
    monkeypatch.setattr(size, "MAX_FILE_BYTES", 4000)
    bank = _bank(tmp_path, "bank.txt", AIKEN_QUESTION, 2000 - 2000 % len(AIKEN_QUESTION))
    out = tmp_path / "bank.toml"
    assert main(["import", "aiken", str(bank), "--id", "bank", "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith(f"course import: the quiz made from {bank} is ")
    assert err.endswith(" bytes, over the limit of 4,000; split it into smaller files")
    assert not out.exists()
