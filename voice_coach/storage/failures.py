"""Turning sqlite3 and file-system failures into one-line ``StorageError`` messages."""

from __future__ import annotations

import errno
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from voice_coach.errors import StorageError

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# Python before 3.11 gives no error code, only SQLite's standard message.
_CODE_BY_MESSAGE = {
    "database or disk is full": SQLITE_FULL,
    "file is not a database": SQLITE_NOTADB,
    "database disk image is malformed": SQLITE_CORRUPT,
    "attempt to write a readonly database": SQLITE_READONLY,
    "database is locked": SQLITE_BUSY,
    "unable to open database file": SQLITE_CANTOPEN,
}

_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def sqlite_code(error: sqlite3.Error) -> int | None:
    """The primary SQLite result code of ``error``, or None when it cannot be told."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF  # extended codes keep the primary code in the low byte
    return _CODE_BY_MESSAGE.get(str(error).strip().lower())


def storage_error(error: BaseException, *, action: str, path: Path) -> StorageError:
    """A one-line ``StorageError`` for ``error`` met while trying to ``action`` at ``path``.

    ``action`` completes "could not …", e.g. "save the session".
    """
    code = sqlite_code(error) if isinstance(error, sqlite3.Error) else None
    os_errno = error.errno if isinstance(error, OSError) else None
    if isinstance(error, OSError) and error.filename:
        path = Path(error.filename)  # the file the system call was about, which may be a parent
    detail = (error.strerror if isinstance(error, OSError) and error.strerror else str(error)) or type(error).__name__

    if code == SQLITE_FULL or os_errno in _DISK_FULL_ERRNOS:
        return StorageError(f"could not {action}: disk full ({path}); free some space and try again")
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return StorageError(
            f"could not {action}: {path} is not a voice-coach session database or is damaged ({detail}); "
            "move it aside and run again to start a new one"
        )
    if code in (SQLITE_READONLY, SQLITE_PERM) or os_errno in _PERMISSION_ERRNOS:
        return StorageError(f"could not {action}: permission denied ({path}); make the folder writable for you")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageError(
            f"could not {action}: the session database is busy ({path}); "
            "close the other voice-coach and try again"
        )
    if code == SQLITE_CANTOPEN or os_errno in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return StorageError(f"could not {action}: cannot open {path} ({detail}); check the voice-coach data folder")
    return StorageError(f"could not {action}: {detail} ({path})")


@contextmanager
def translated(*, action: str, path: Path) -> Iterator[None]:
    """Re-raise sqlite3 and OS errors inside the block as ``StorageError`` (chained)."""
    try:
        yield
    except (sqlite3.Error, OSError) as e:
        raise storage_error(e, action=action, path=path) from e
