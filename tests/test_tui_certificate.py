"""The certificate key on the course map: `g` makes the certificate into the documents folder (or the learner's
progress folder) and says where, or says what is left to do; the map says when it is ready."""

from __future__ import annotations

import os
from pathlib import Path

from pypdf import PdfReader

from course.tui.palette import CourseCommands
from course.tui.widgets import StatusLine
from course.tui.wording import path_lines
from tests.conftest import ROOT
from tests.content_support import loaded
from tests.test_certificate import learner
from tests.tui_support import SIZE, make_app, sync, text_of

FILE = "outsourcing-vs-offshoring-certificate-{}.pdf"


async def press_g(pilot, app) -> str:
    await pilot.pause()
    await pilot.press("g")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    return app.screen.query_one(StatusLine).said


@sync
async def test_g_makes_the_certificate_into_the_documents_folder(tmp_path: Path, notices) -> None:
    documents = Path(os.environ["XDG_DOCUMENTS_DIR"])
    documents.mkdir(parents=True)
    learner(loaded(ROOT), tmp_path / "progress", "Зоя")
    app = make_app(tmp_path / "progress", "Зоя", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "★ Certificate ready: press g" in text_of(app, "#next")
        said = await press_g(pilot, app)
    path = documents / FILE.format("Зоя")
    assert said.startswith(f"Certificate saved to {path} (code ")
    text = PdfReader(path).pages[0].extract_text()
    assert "Зоя" in text and "Outsourcing vs. Offshoring" in text and said[-13:-1] in text
    assert notices[-1] == ("information", f"Saved to\n{path_lines(str(path), 37)}\nVerification code: {said[-13:-1]}\n"
                                          "Not signed: there is no issuer key on this computer")


@sync
async def test_without_a_documents_folder_it_goes_into_the_learners_progress(tmp_path: Path) -> None:
    learner(loaded(ROOT), tmp_path / "progress", "Ana")
    app = make_app(tmp_path / "progress", "Ana", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        said = await press_g(pilot, app)
    path = tmp_path / "progress" / "Ana" / FILE.format("Ana")
    assert path.is_file() and said.startswith(f"Certificate saved to {path} (code ")


@sync
async def test_g_says_what_is_left_to_do(tmp_path: Path, notices) -> None:
    course = loaded(ROOT)
    learner(course, tmp_path / "progress", "Bo", lessons=len(course.lessons) - 1, exam=(15,))
    app = make_app(tmp_path / "progress", "Bo", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Certificate" not in text_of(app, "#next")
        said = await press_g(pilot, app)
    assert said == "No certificate yet: see what is left to do."
    assert notices[-1] == ("warning", f"Complete the lesson “{course.lessons[-1].title}”. "
                                      "Pass the final exam (best so far 60%, 75% needed).")
    assert not list((tmp_path / "progress" / "Bo").glob("*.pdf"))


@sync
async def test_the_palette_offers_it_on_the_map(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Ana", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in CourseCommands(app.screen).commands()]
        assert "Get my certificate" in titles


def test_the_start_up_snapshot_keeps_whether_the_certificate_is_ready(tmp_path: Path) -> None:
    from course.tui.map.view import MapView, build

    course = loaded(ROOT)
    done = build(course, learner(course, tmp_path / "progress", "Ana").summary, "Ana")
    not_yet = build(course, learner(course, tmp_path / "progress", "Bo", exam=(15,)).summary, "Bo")
    assert done.certificate_ready and not not_yet.certificate_ready
    assert MapView.from_json(done.to_json()) == done
    older = done.to_json()
    del older["certificate_ready"]  # a snapshot written before certificates: nothing is claimed
    assert not MapView.from_json(older).certificate_ready
