"""Ralph's LRS API server as most tests run it: what `ralph runserver -b fs` starts, without its file
watcher and reloader (one process to stop), and with the file-system backend appending statements to one
file. Ralph 5.1's file-system LRS backend writes with its data backend's default operation, `create`, so
every POST after the first fails ("already exists and overwrite is not allowed"); the same API on
Elasticsearch, MongoDB or ClickHouse stores each batch as it comes.

Users start Ralph as docs/lrs.md says instead (unpatched, each request in a file of its own), and so does
tests/test_lrs_sync.py's test of that recipe. That recipe gets slower with every request it has stored
(Ralph rewrites its whole read history for every file it reads), too slow for the tests that send hundreds
of requests, such as test_lrs_sync_kill.py; appending to one file keeps each request's cost flat.

Usage: python ralph_server.py HOST PORT (settings from the RALPH_* environment, as for `ralph runserver`).
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
