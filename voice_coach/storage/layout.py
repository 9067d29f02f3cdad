"""Where the store keeps things inside the data folder, and keeping them private.

    <data folder>/                          0700
        sessions.sqlite3                    0600
        recordings/                         0700
            <session_id>/                   0700
                <turn:02d>-<question_id>.wav  0600 (written by the recorder)
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path, PurePosixPath

DATABASE_NAME = "sessions.sqlite3"
RECORDINGS_DIR = "recordings"
PRIVATE_FILE_MODE = 0o600

# Question ids come from bank files: keep file names portable and inside their folder.
_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def session_recordings_relpath(session_id: int) -> PurePosixPath:
    """``recordings/<session_id>``, relative to the data folder."""
    return PurePosixPath(RECORDINGS_DIR, str(session_id))


def recording_relpath(session_id: int, *, turn: int, question_id: str) -> PurePosixPath:
    """``recordings/<session_id>/<turn:02d>-<question_id>.wav``, relative to the data folder."""
    safe_id = _UNSAFE_NAME_CHARS.sub("_", question_id).strip("._") or "question"
    return session_recordings_relpath(session_id) / f"{turn:02d}-{safe_id}.wav"


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is missing, then make sure it is 0600.

    Creating it ourselves first means no other user can ever read it, whatever the umask.
    Raises ``IsADirectoryError`` when something other than a file is there.
    """
    if path.exists() and not path.is_file():
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    os.chmod(path, PRIVATE_FILE_MODE)


def relative_to_home(path: Path, *, home: Path) -> PurePosixPath | None:
    """``path`` relative to ``home`` (both resolved), or None when it lies outside."""
    try:
        relative = Path(path).resolve().relative_to(home)
    except ValueError:
        return None
    return PurePosixPath(relative.as_posix())
