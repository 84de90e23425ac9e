"""Every command of the app, defined once: each gives a key binding, a footer label, a help line and a
command-palette entry."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    action: str  # action name, run on the screen that offers the command (or "app.x")
    keys: str  # Textual key list, e.g. "n,pagedown"
    label: str  # short footer label
    title: str  # command palette title and help-screen name
    help: str  # one sentence for the palette and help screen
    show: bool = True  # shown in the footer
    key_display: str | None = None
    priority: bool = False

    def bindings(self) -> list[Binding]:
        """One binding per key. `key_display` names the first key only: when a focused text box takes that key
        (`a`, `?`), the footer shows the next key that still works (`^s`, `f1`) under its own name."""
        first, *others = self.keys.split(",")
        return [
            Binding(key, self.action, self.label, show=self.show, key_display=self.key_display if key == first else None,
                    priority=self.priority, tooltip=self.help)
            for key in [first, *others]
        ]

    @property
    def shown_keys(self) -> str:
        if self.key_display:
            return self.key_display
        names = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "pagedown": "PgDn", "pageup": "PgUp",
                 "greater_than_sign": ">", "less_than_sign": "<", "space": "Space"}
        return " / ".join(names.get(k, k) for k in self.keys.split(","))


def bindings(*commands: Command) -> list[BindingType]:
    return [binding for command in commands for binding in command.bindings()]


# Everywhere ---------------------------------------------------------------------------------------
HELP = Command("app.help", "question_mark,f1", "Help", "Help", "Show the keys and what the symbols mean.",
               key_display="?")
QUIT = Command("app.quit", "ctrl+q", "Quit", "Quit", "Leave the course; your progress is already saved.",
               priority=True)
THEME = Command("app.change_theme", "ctrl+t", "Theme", "Change theme",
                "Pick a colour theme (a high-contrast one is offered); it is remembered.", show=False)
GO_MAP = Command("app.go_map", "escape", "Map", "Go to the course map", "Back to the course map.")

# Course map ---------------------------------------------------------------------------------------
CONTINUE = Command("continue", "c", "Continue", "Continue where I left off",
                   "Open the lesson section or quiz question you were at last time.")
OPEN = Command("open", "enter", "Open", "Open the selected module", "Open the highlighted lesson or final quiz.",
               show=False)
TAKE_QUIZ = Command("take_quiz", "t", "Take quiz", "Take the quiz",
                    "Start (or resume) the quiz of this lesson.")
SWITCH_LEARNER = Command("app.switch_learner", "s", "Learner", "Switch learner",
                         "Pick another learner or add one (several learners can share a machine).")
REVIEW = Command("review", "r", "Review", "Review the questions due",
                 "Answer up to 20 quiz questions that are due again; each answer sets when you see it next.")
CERTIFICATE = Command("certificate", "g", "Certificate", "Get my certificate",
                      "Make your course certificate (a PDF) once every lesson is completed and the final quiz "
                      "passed; until then, see what is left to do.", show=False)
RELOAD = Command("app.reload_course", "R", "Reload", "Reload the course files",
                 "Read the lesson and quiz files again (after an instructor changed or added one).", show=False)

# Lesson reader ------------------------------------------------------------------------------------
NEXT_SECTION = Command("next_section", "n,right", "Next", "Next section", "Show the next section of the lesson.")
PREV_SECTION = Command("prev_section", "p,left", "Prev", "Previous section",
                       "Show the previous section of the lesson.")
NEXT_LESSON = Command("next_lesson", "N", "Next lesson", "Next lesson", "Open the next lesson.",
                      key_display="N", show=False)
PREV_LESSON = Command("prev_lesson", "P", "Prev lesson", "Previous lesson", "Open the previous lesson.",
                      key_display="P", show=False)
MARK_COMPLETE = Command("mark_complete", "m", "Done", "Mark lesson complete",
                        "Record this lesson as read.")
LESSON_QUIZ = Command("take_quiz", "t", "Quiz", "Take this lesson's quiz", "Start or resume the lesson's quiz.")

# Quiz ---------------------------------------------------------------------------------------------
ANSWER = Command("answer", "a,ctrl+s", "Answer", "Answer the question",
                 "Check and save your answer (in a text box, Enter answers). A matching answer with items left "
                 "without a match asks first.", key_display="a")
TYPE_ANSWER = Command("type_answer", "enter", "Type", "Type your answer",
                      "Text and number questions: the cursor is in the answer box when you arrive; after Esc, "
                      "Enter (or a click) goes back into it.")
NEXT_Q = Command("next_question", "n,ctrl+n", "Next", "Next question",
                 "Go to the next question (in a text box, where n is typed: Ctrl+N).")
PREV_Q = Command("prev_question", "p", "Prev", "Previous question", "Go to the previous question.")
PAGE_DOWN_Q = Command("page_question(1)", "pagedown", "Scroll down", "Scroll down",
                      "Scroll the question and its feedback down a page.", show=False, priority=True)
PAGE_UP_Q = Command("page_question(-1)", "pageup", "Scroll up", "Scroll up",
                    "Scroll the question and its feedback up a page.", show=False, priority=True)
CHOOSE = Command("choose_hint", "1", "Choose", "Choose an option by its number",
                 "Options are numbered: press a number to choose that option (all-that-apply: to tick or untick it).",
                 show=False, key_display="1–9")
SKIP = Command("skip", "s", "Skip", "Skip this question", "Leave this question unanswered for now and move on.")
FLAG = Command("flag", "f", "Flag", "Flag this question", "Mark the question to come back to it (press again to unflag).")
NEXT_OPEN = Command("next_open", "u", "Unanswered", "Next unanswered or flagged question",
                    "Jump to the next question that is unanswered or flagged.", show=False)
SUBMIT = Command("submit", "S", "Submit", "Submit the quiz", "Finish the attempt and see your results.",
                 key_display="S")
# The footer shows the two as one key, "⇧↑↓ Move": a narrow footer keeps room for the quiz's own keys.
MOVE_UP = Command("move_up", "shift+up,ctrl+up,K", "Move", "Move item up",
                  "Ordering questions: move the highlighted item up.", key_display="⇧↑↓")
MOVE_DOWN = Command("move_down", "shift+down,ctrl+down,J", "Move down", "Move item down",
                    "Ordering questions: move the highlighted item down.", key_display="⇧↓", show=False)

# Results ------------------------------------------------------------------------------------------
REREAD = Command("reread", "r", "Reread", "Reread the section",
                 "Open the lesson section that teaches the highlighted question.")
RETRY = Command("retry", "t", "Retry", "Try the quiz again", "Start a new attempt at this quiz.")
PRACTISE = Command("practise", "m", "Practise missed", "Practise the ones I missed",
                   "A practice round with only the questions you did not get fully right.")

GLOBAL = (HELP, QUIT, THEME, GO_MAP, SWITCH_LEARNER)

# Keys a narrow footer leaves out (once its keys are drawn compact), first listed first; they still work, and
# help lists them. Quit goes first: it is Ctrl+Q everywhere, and the course map, where a learner ends, still
# shows it at 60 columns. Skip does what Next does. The keys that move through a quiz and the way back go last.
SPARE_WHEN_NARROW = tuple(
    command.action
    for command in (QUIT, SWITCH_LEARNER, MARK_COMPLETE, TYPE_ANSWER, PREV_SECTION, SKIP, FLAG, PREV_Q, GO_MAP)
)
MAP = (CONTINUE, OPEN, TAKE_QUIZ, REVIEW, SWITCH_LEARNER, RELOAD, CERTIFICATE)
LESSON = (NEXT_SECTION, PREV_SECTION, MARK_COMPLETE, LESSON_QUIZ, NEXT_LESSON, PREV_LESSON)
QUIZ = (ANSWER, TYPE_ANSWER, CHOOSE, NEXT_Q, PREV_Q, SKIP, FLAG, NEXT_OPEN, SUBMIT, PAGE_DOWN_Q, PAGE_UP_Q, MOVE_UP,
        MOVE_DOWN)
RESULTS = (REREAD, RETRY, PRACTISE)
