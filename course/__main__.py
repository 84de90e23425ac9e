import sys

from course.cli import console

sys.exit(console())
