"""What can be typed at each prompt, said when the learner types `?`."""

from __future__ import annotations

EVERYWHERE = (
    "Everywhere: ? shows this help. Ctrl+D (the end of input) or Ctrl+C saves and leaves the course; "
    "everything is saved as you go, and the full app (course without --plain) continues where you left off."
)

MAP_HELP = [
    "On the course map:",
    "- a number opens that lesson, or that final exam;",
    "- t and a number takes that lesson's quiz (for example: t 2); t alone takes the quiz of the lesson you read "
    "last (or the quiz you were taking);",
    "- c continues where you left off: the lesson section or the quiz question you were at;",
    "- r starts a review round of the questions due again (spaced review), when some are;",
    "- g makes your certificate once every lesson is read and the final exam passed (or says what is left);",
    "- l (or m) lists every lesson and exam with its status, as when the course opens; back from a lesson, a "
    "quiz or a review round the map says only the progress and the next step, and the numbers still work;",
    "- Enter says the progress and the next step again;",
    "- s switches learner: a numbered list of the learners here (the current one said), or a new name adds one;",
    "- q quits.",
    EVERYWHERE,
]

LESSON_HELP = [
    "In a lesson:",
    "- Enter reads the next section; p the previous one;",
    "- a number jumps to that section; l lists the sections;",
    "- m marks the lesson complete (reading its last section does too);",
    "- t takes the lesson's quiz;",
    "- b goes back to the course map (q does too), or to the results when you came to reread a section from them.",
    EVERYWHERE,
]

QUIZ_HELP = [
    "At a question, type your answer and press Enter:",
    "- one answer: its number, such as 2;",
    "- all that apply: every number, separated by spaces, such as 1 3;",
    "- true or false: 1 for True, 2 for False;",
    "- put in order: all the item numbers in the right order, such as 2 4 1 3;",
    "- matching: each item's number, an equals sign and its match's letter, such as 1=b 2=a;",
    "- short answer: the words; a number: the number in digits, such as 8.5;",
    "- fill in the gaps: each gap when it is asked (Enter leaves it empty), then y to give the answer or a gap's "
    "number to change that gap; or every gap on one line, in order, separated by |, such as words | a | 6.",
    "Commands: s skips the question; n and p go to the next and previous question; g and a number goes to "
    "that question; f flags the question to come back to (again unflags it); r reads the question again; "
    "S or submit finishes the quiz; q leaves it for the course map (the attempt is kept and c continues it).",
    "A one-letter command wins over a short answer of that letter.",
    EVERYWHERE,
]

RESULTS_HELP = [
    "After the results:",
    "- t tries the quiz again (a new attempt);",
    "- m practises the questions you missed (a practice round does not count);",
    "- r and a question's number (for example: r 3) rereads the lesson section that teaches that missed question; "
    "b there brings you back to these results, and t there takes that lesson's quiz, after which you go on to "
    "the course map;",
    "- Enter or b goes back to the course map.",
    EVERYWHERE,
]

REVIEW_HELP = [
    "In a review round, type your answer as in a quiz (? there lists every kind); each one is saved and the "
    "question comes back later: sooner when it was wrong, later when it was right.",
    "- r reads the question again; q goes back to the course map (the answers given are kept).",
    EVERYWHERE,
]
