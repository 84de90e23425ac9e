"""Ralph's LRS API server as the tests run it: what `ralph runserver -b fs` starts, without its file
watcher and reloader (one process to stop), and with the file-system backend appending statements to its
file. Ralph 5.1's file-system LRS backend writes with its data backend's default operation, `create`, so
every POST after the first fails ("already exists and overwrite is not allowed"); the same API on
Elasticsearch, MongoDB or ClickHouse stores each batch as it comes.

Usage: python ralph_server.py HOST PORT (settings from the RALPH_* environment, as for `ralph runserver`).
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
