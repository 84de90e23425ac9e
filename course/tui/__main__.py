import sys

from course.tui import main

sys.exit(main())
