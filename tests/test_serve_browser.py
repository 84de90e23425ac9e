"""`course serve` in a real browser: Debian's Chromium driven by Playwright, as a learner uses it.

The learner enters a name, opens a lesson, answers a quiz question, reloads the page (which starts a new copy
of the app, which asks who is learning: Enter continues as the last learner) and finds their place again. The page at that point, the course map, is kept as a PNG: in the
folder named by COURSE_TEST_ARTIFACTS, else in the test's tmp folder.

textual-serve's page draws the terminal with xterm.js on a canvas, so its text is not in the page's DOM. The
page keeps its xterm.js Terminal in a property named `terminal` of an object of its own; the script below
catches it there as it is stored, and the test reads the screen through xterm.js's buffer API. Every step
waits for text to appear (with a time limit), never for a fixed time.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.serve_support import course_serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Playwright is imported by the test that uses it, not by every test process that collects this file (0.4 s).

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
# Debian's `chromium` package, or Ubuntu's `chromium-browser` (README's test command installs either);
# Playwright never downloads a browser here.
CHROMIUM = next((Path(found) for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 30_000
ARTIFACTS_ENV = "COURSE_TEST_ARTIFACTS"

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.onData) { window.courseTerminal = value; }
  },
});
"""

SCREEN = """() => {
  const terminal = window.courseTerminal;
  if (!terminal) { return ""; }
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


def screen(page: Page) -> str:
    return str(page.evaluate(SCREEN))


def wait_for(page: Page, *texts: str) -> str:
    """Waits until the screen shows every one of `texts`; returns the screen. Fails with the screen as it is."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function(f"(texts) => {{ const s = ({SCREEN})(); return texts.every(t => s.includes(t)); }}",
                               arg=list(texts), timeout=WAIT_MS)
    except PlaywrightError:
        pytest.fail(f"the page never showed {texts!r}; it shows:\n{screen(page)}")
    return screen(page)


def keys(page: Page) -> None:
    """Typing goes to the terminal (xterm.js takes keys in a hidden text area)."""
    page.locator(".xterm-helper-textarea").focus()


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Page]:
    if CHROMIUM is None:
        pytest.fail("no `chromium` or `chromium-browser` command found: this test drives the system's Chromium; "
                    "README's test command installs it on Debian and Ubuntu (`apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.add_init_script(CATCH_TERMINAL)
            yield page
        finally:
            context.close()


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get(ARTIFACTS_ENV) or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def the_attempt(progress: Path) -> dict[str, object]:
    attempts = list((progress / "Pat" / "attempts" / "basics-quiz").glob("*.toml"))
    assert len(attempts) == 1, attempts
    return tomllib.loads(attempts[0].read_text(encoding="utf-8"))


def test_a_learner_takes_the_course_in_a_browser_and_finds_their_place_after_a_reload(
    tmp_path: Path, browser_page: Page
) -> None:
    page = browser_page
    progress = tmp_path / "progress"
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with course_serve(tmp_path / "server", "--content", str(FIXTURE), "--progress", str(progress)) as served:
        page.goto(served.url)
        assert page.title() == "Test course"
        wait_for(page, "What is your name")
        keys(page)
        page.keyboard.type("Pat")
        page.keyboard.press("Enter")
        wait_for(page, "Learner: Pat", "Basics of sending work out", "not started")

        page.keyboard.press("Enter")  # the highlighted lesson
        wait_for(page, "Section 1 of 3", "Outsourcing hands work to another company.")
        page.keyboard.press("t")  # its quiz
        wait_for(page, "Question 1 of 7", "Which one moves work to another company?")
        page.keyboard.press("Space")  # the first option, Outsourcing
        page.keyboard.press("a")
        wait_for(page, "Correct")
        page.keyboard.press("n")
        wait_for(page, "Question 2 of 7", "Which are motives besides cost?")

        attempt = the_attempt(progress)
        answers = {a["question"]: a for a in attempt["answers"]}  # type: ignore[attr-defined]
        assert answers["q-single"]["response"] == "a" and answers["q-single"]["correct"] is True

        page.reload()  # a new copy of the app, over the same progress folder: it asks who is learning
        shown = wait_for(page, "Who is learning?", "Enter continues as Pat", "Pat  ● last here")
        assert "What is your name" not in shown
        keys(page)
        page.keyboard.press("Enter")  # the last learner, offered first
        wait_for(page, "Learner: Pat", "quiz in progress", "Continue the quiz", "c Continue")
        shot = artifacts(tmp_path) / "course-map.png"
        page.screenshot(path=shot)
        print(f"screenshot of the course map in the browser: {shot}")
        keys(page)
        page.keyboard.press("c")
        wait_for(page, "Question 2 of 7", "Which are motives besides cost?", "1 answered")

        attempt = the_attempt(progress)
        assert attempt["position"] == 1  # the second question, where the learner was
        assert [a["question"] for a in attempt["answers"]] == ["q-single"]  # type: ignore[attr-defined]
        assert (progress / "Pat" / "learner.toml").is_file()

        # Ctrl+C with the page open: the server closes it, its copy of the app ends, nothing is left running
        assert served.interrupt() == 0
        assert served.output().endswith("Stopped.\n")
        with pytest.raises(ProcessLookupError):
            os.killpg(served.process.pid, 0)  # no process of the server's group is left
        page.wait_for_selector("body.-closed", timeout=WAIT_MS)  # the page says the session ended
    # everything the page needs comes from the course's server: it works without the internet
    elsewhere = [url for url in requested if not url.startswith((served.url, "data:"))]
    assert requested and not elsewhere
    assert shot.stat().st_size > 10_000  # a picture of the map, not an empty page
    assert shot.read_bytes().startswith(b"\x89PNG")
