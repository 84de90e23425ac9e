"""Ralph's LRS API server as most tests run it: what `ralph runserver -b fs` starts, without its file
watcher and reloader (one process to stop), and with the file-system backend appending statements to one
file. Ralph 5.1's file-system LRS backend writes with its data backend's default operation, `create`, so
every POST after the first fails ("already exists and overwrite is not allowed"); the same API on
Elasticsearch, MongoDB or ClickHouse stores each batch as it comes.

Users start Ralph as docs/lrs.md says instead (unpatched, each request in a file of its own), and so does
tests/test_lrs_sync.py's test of that recipe. That recipe gets slower with every request it has stored
(Ralph rewrites its whole read history for every file it reads), too slow for the tests that send hundreds
of requests, such as test_lrs_sync_kill.py; appending to one file keeps each request's cost flat.

The account the course sends with is written here, before the server starts, to the auth file Ralph reads
(its AUTH_FILE setting), with Ralph's own models, as `ralph auth -u USERNAME -p PASSWORD -s all -M MBOX -w`
writes it: that command is a process of its own that imports Ralph's API too (1.6 s of CPU), where this
process has imported it already. The one difference: bcrypt's salts are made at its lowest cost (4 rounds)
instead of its default 12, which cost 0.27 s of CPU for each hash made or checked: the account's hash, its
check on the first request, and the hash of a dummy password Ralph makes as it is imported (it checks a
password against it when no account has the username given). Ralph checks every password with bcrypt as
with any other cost.

Usage: python ralph_server.py HOST PORT USERNAME MBOX, the password in the TEST_LRS_PASSWORD environment
variable (settings from the RALPH_* environment, as for `ralph runserver`).
"""

import os
import sys
from pathlib import Path

import bcrypt
import uvicorn

_gensalt = bcrypt.gensalt


def _cheapest_salt(rounds: int = 4, prefix: bytes = b"2b") -> bytes:
    return _gensalt(4, prefix)


bcrypt.gensalt = _cheapest_salt  # for the dummy password's hash Ralph makes as ralph.api.auth.basic is imported
try:
    from ralph.api.auth.basic import ServerUsersCredentials, UserCredentials  # imports all of ralph.api
finally:
    bcrypt.gensalt = _gensalt
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402
from ralph.conf import settings  # noqa: E402
from ralph.models.xapi.base.agents import BaseXapiAgentWithMbox  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def write_account(username: str, password: str, mbox: str) -> None:
    """Make Ralph's auth file hold this one account (all scopes), as `ralph auth ... -w` would."""
    credentials = UserCredentials(
        username=username,
        hash=bcrypt.hashpw(password.encode(settings.LOCALE_ENCODING), _cheapest_salt()).decode("ascii"),
        scopes=["all"],
        agent=BaseXapiAgentWithMbox(mbox=mbox, objectType="Agent"),
    )
    auth_file = Path(settings.AUTH_FILE)
    auth_file.parent.mkdir(parents=True, exist_ok=True)
    auth_file.write_text(ServerUsersCredentials.model_validate([credentials]).model_dump_json(indent=2, exclude_none=True),
                         encoding=settings.LOCALE_ENCODING)


if __name__ == "__main__":
    host, port, username, mbox = sys.argv[1:]
    write_account(username, os.environ["TEST_LRS_PASSWORD"], mbox)
    uvicorn.run("ralph.api:app", host=host, port=int(port), log_level="warning")
