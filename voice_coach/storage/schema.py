"""The database schema, as the list of migrations applied in order since the first release.

Never edit a released migration: append a new one. ``schema_version`` holds one row
per applied migration, so the database says which version wrote it and when.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from voice_coach.errors import StorageError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One step of the schema: ``statements`` run in one transaction to reach ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1_STATEMENTS = (
    """
    CREATE TABLE schema_version (
        version     INTEGER PRIMARY KEY,
        applied_at  TEXT NOT NULL                   -- ISO 8601, UTC
    )
    """,
    """
    CREATE TABLE sessions (
        id                INTEGER PRIMARY KEY,
        started_at        TEXT NOT NULL,            -- ISO 8601, UTC
        ended_at          TEXT,                     -- NULL while in progress
        round             INTEGER NOT NULL CHECK (round IN (1, 2)),
        bank              TEXT NOT NULL,
        status            TEXT NOT NULL DEFAULT 'in_progress'
                          CHECK (status IN ('in_progress', 'complete', 'interrupted')),
        calibration_json  TEXT,                     -- loudness/pitch reference, NULL until measured
        settings_json     TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE answers (
        id                  INTEGER PRIMARY KEY,
        session_id          INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        turn                INTEGER NOT NULL CHECK (turn >= 1),
        question_id         TEXT NOT NULL,
        question_text       TEXT NOT NULL,
        asked_at            TEXT NOT NULL,          -- ISO 8601, UTC
        audio_path          TEXT,                   -- relative to the data folder; NULL if none kept
        duration_s          REAL NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
        transcript_json     TEXT,                   -- Transcript.to_dict(); NULL if not transcribed
        analysis_json       TEXT,                   -- delivery figures; NULL if not analysed
        baseline_answer_id  INTEGER REFERENCES answers (id) ON DELETE SET NULL,
        status              TEXT NOT NULL DEFAULT 'answered'
                            CHECK (status IN ('answered', 'interrupted', 'skipped')),
        UNIQUE (session_id, turn)
    )
    """,
    "CREATE INDEX answers_by_question ON answers (question_id, asked_at)",
    "CREATE INDEX answers_by_baseline ON answers (baseline_answer_id)",
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, description="sessions, answers and schema_version", statements=_V1_STATEMENTS),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(connection: sqlite3.Connection) -> int:
    """The schema version of the open database: 0 for a new, empty one."""
    has_table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    (version,) = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    return int(version)


def migrate(
    connection: sqlite3.Connection,
    *,
    path: Path,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the database up to the last of ``migrations``; return the version it is at.

    All pending migrations run in one transaction: a failure leaves the database as
    it was. Running it again on an up-to-date database changes nothing.
    ``connection`` must be in autocommit mode (``isolation_level=None``); ``path`` is
    only used in messages.

    Raises ``StorageError`` when the database was written by a newer voice-coach,
    or is an SQLite database that voice-coach did not create.
    """
    _check_sequence(migrations)
    latest = migrations[-1].version if migrations else 0
    connection.execute("BEGIN IMMEDIATE")  # take the write lock before reading the version
    try:
        version = current_version(connection)
        if version > latest:
            raise StorageError(
                f"{path} was written by a newer voice-coach (schema version {version}, "
                f"this one reads up to {latest}); upgrade voice-coach"
            )
        if version == 0 and _has_tables(connection):
            raise StorageError(
                f"{path} is an SQLite database but not a voice-coach one; "
                "move it aside or set VOICE_COACH_HOME to another folder"
            )
        for migration in migrations:
            if migration.version <= version:
                continue
            logger.info("migrating %s to schema version %d: %s", path, migration.version, migration.description)
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (migration.version, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            version = migration.version
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:  # SQLite may already have rolled back (a full disk)
            connection.execute("ROLLBACK")
        raise
    return version


def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
    ).fetchone() is not None


def _check_sequence(migrations: Sequence[Migration]) -> None:
    versions = [migration.version for migration in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3… in order; got {versions}")
