"""Exporters: write this course's quizzes in formats other systems read.

Only Moodle's GIFT text format so far (`course export gift QUIZ_FILE_OR_COURSE_DIR`), in
`course.exporters.gift`. Nothing here imports the learner app.
"""
