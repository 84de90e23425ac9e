"""Importers: turn question banks written for other systems into quiz files of this course.

Only Moodle's GIFT text format is supported so far (`course import gift FILE.gift --id QUIZ_ID`):
`course.importers.gift` parses it, `course.importers.to_quiz` turns the questions into a quiz file.
Nothing here imports the learner app: importing is plain text in, TOML out.
"""
