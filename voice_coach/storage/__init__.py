"""Sessions on disk: one private SQLite file and a folder of WAV recordings.

- ``store``    -- ``SessionStore``: open, start/finish sessions, add answers, look them up
- ``records``  -- the frozen dataclasses it returns (``to_dict()`` for JSON)
- ``schema``   -- the migrations, applied in order; ``SCHEMA_VERSION``
- ``layout``   -- file names inside the data folder and private file modes
- ``codec``    -- rows to records: JSON columns, UTC times, relative paths
- ``failures`` -- sqlite3 / OS errors to one-line ``StorageError`` messages
"""

from voice_coach.storage.records import (
    ANSWER_STATUSES,
    SESSION_STATUSES,
    AnswerRecord,
    SessionDetail,
    SessionRecord,
    SessionSummary,
)
from voice_coach.storage.schema import SCHEMA_VERSION
from voice_coach.storage.store import SessionStore

__all__ = [
    "ANSWER_STATUSES",
    "SCHEMA_VERSION",
    "SESSION_STATUSES",
    "AnswerRecord",
    "SessionDetail",
    "SessionRecord",
    "SessionStore",
    "SessionSummary",
]
