"""`python -m course.cli`, as `course`."""

import sys

from course.cli import console

sys.exit(console())
