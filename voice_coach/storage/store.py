"""The session store: one SQLite file and a folder of WAV recordings, private to the user.

Usage::

    with SessionStore.open() as store:
        session = store.start_session(round_number=1, bank="behavioural")
        wav = store.new_recording_path(session.id, turn=1, question_id="conflict")
        ...  # the recorder writes the answer to ``wav`` as it is spoken
        store.add_answer(session.id, turn=1, question_id="conflict", question_text="…",
                         audio_path=wav, duration_s=41.5, transcript=t, analysis=figures)
        store.finish_session(session.id)

Nothing is half-stored: a recording is either referenced by an answer row or removed
(``discard_recording``, and ``finish_session`` clears any the session did not keep);
a session finished without answers is deleted with its folder.
"""

from __future__ import annotations

import contextlib
import logging
import math
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Optional

from voice_coach.errors import SessionNotFound, StorageError
from voice_coach.paths import data_home, ensure_private_dir
from voice_coach.speech.transcript import Transcript
from voice_coach.storage import codec
from voice_coach.storage.failures import translated
from voice_coach.storage.layout import (
    DATABASE_NAME,
    PRIVATE_FILE_MODE,
    RECORDINGS_DIR,
    create_private_file,
    recording_relpath,
    relative_to_home,
    session_recordings_relpath,
)
from voice_coach.storage.records import (
    ANSWER_STATUSES,
    FINISHED_STATUSES,
    ROUNDS,
    AnswerRecord,
    SessionDetail,
    SessionRecord,
    SessionSummary,
)
from voice_coach.storage.schema import migrate

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0  # how long to wait for another voice-coach holding the write lock


class SessionStore:
    """Sessions, answers and recordings in the data folder. Create with ``SessionStore.open()``.

    Every failure of the database or the file system raises ``StorageError`` with one
    line (``SessionNotFound`` for an unknown session id); wrong arguments raise
    ``ValueError``. Use from one thread.
    """

    def __init__(self, connection: sqlite3.Connection, *, home: Path) -> None:
        self._connection: Optional[sqlite3.Connection] = connection
        self._home = home

    # -- opening and closing ---------------------------------------------------------

    @classmethod
    def open(cls, home: Optional[Path] = None) -> "SessionStore":
        """Open (creating and migrating as needed) the store in ``home``, default ``data_home()``.

        Raises ``StorageError`` when the folder cannot be made, the database is not
        voice-coach's, is damaged, or was written by a newer voice-coach.
        """
        home = Path(home).expanduser() if home is not None else data_home()
        with translated(action="open the session store", path=home):
            ensure_private_dir(home)
            home = home.resolve()
            database = home / DATABASE_NAME
            create_private_file(database)
        with translated(action="open the session store", path=database):
            connection = sqlite3.connect(database, isolation_level=None, timeout=BUSY_TIMEOUT_S)
            try:
                connection.row_factory = sqlite3.Row
                connection.execute("PRAGMA foreign_keys = ON")
                migrate(connection, path=database)
            except BaseException:
                connection.close()
                raise
        logger.debug("opened session store %s", database)
        return cls(connection, home=home)

    def close(self) -> None:
        """Close the database; calling it again does nothing."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> "SessionStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def home(self) -> Path:
        """The data folder (absolute)."""
        return self._home

    @property
    def database_path(self) -> Path:
        return self._home / DATABASE_NAME

    # -- sessions --------------------------------------------------------------------

    def start_session(
        self, *, round_number: int, bank: str, settings: Optional[Mapping[str, Any]] = None
    ) -> SessionRecord:
        """Record a new session, status ``in_progress``, started now."""
        if round_number not in ROUNDS or isinstance(round_number, bool):
            raise ValueError(f"round_number must be 1 or 2, got {round_number!r}")
        if not isinstance(bank, str) or not bank.strip():
            raise ValueError(f"bank must be the question bank's name, got {bank!r}")
        settings_json = codec.encode_json(dict(settings or {}), what="settings")
        with self._writing("start the session"):
            cursor = self._conn.execute(
                "INSERT INTO sessions (started_at, round, bank, status, settings_json) "
                "VALUES (?, ?, ?, 'in_progress', ?)",
                (codec.format_time(codec.utc_now()), round_number, bank, settings_json),
            )
            row = self._session_row(cursor.lastrowid)
        logger.debug("started session %d (round %d, bank %s)", row["id"], round_number, bank)
        return codec.session_record(row)

    def set_calibration(self, session_id: int, calibration: Mapping[str, Any]) -> None:
        """Store the loudness/pitch reference measured on the session's calibration sentence."""
        calibration_json = codec.encode_json(dict(calibration), what="calibration")
        with self._writing("save the calibration"):
            self._session_row(session_id)
            self._conn.execute(
                "UPDATE sessions SET calibration_json = ? WHERE id = ?", (calibration_json, session_id)
            )

    def finish_session(self, session_id: int, *, status: str = "complete") -> Optional[SessionSummary]:
        """Mark the session ``complete`` or ``interrupted`` and set ``ended_at``.

        A session without answers (skipped questions do not count) is deleted with its
        recordings folder instead, and None is returned. Otherwise recordings in the
        session's folder that no answer refers to are removed, and the summary returned.
        Call it once the recorder has stopped.
        """
        if status not in FINISHED_STATUSES:
            raise ValueError(f"status must be one of {', '.join(FINISHED_STATUSES)}; got {status!r}")
        with self._writing("save the session"):
            self._session_row(session_id)
            (answer_count,) = self._conn.execute(
                "SELECT COUNT(*) FROM answers WHERE session_id = ? AND status != 'skipped'", (session_id,)
            ).fetchone()
            if answer_count == 0:
                self._conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
                self._remove_session_folder(session_id)
                logger.info("session %d had no answers and was deleted", session_id)
                return None
            self._conn.execute(
                "UPDATE sessions SET status = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?",
                (status, codec.format_time(codec.utc_now()), session_id),
            )
            self._remove_unreferenced_recordings(session_id)
        return self._summary(session_id)

    def delete_session(self, session_id: int) -> None:
        """Delete the session, its answers and its recordings.

        Round-2 answers that were compared with its answers keep their own data and
        lose only the link (``baseline_answer_id`` becomes None).
        """
        with self._writing("delete the session"):
            self._session_row(session_id)
            self._conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            self._remove_session_folder(session_id)
        logger.info("deleted session %d", session_id)

    def list_sessions(self) -> list[SessionSummary]:
        """Every stored session, oldest first."""
        with self._reading():
            rows = self._conn.execute(_SUMMARY_QUERY + " GROUP BY s.id ORDER BY s.started_at, s.id").fetchall()
        return [codec.session_summary(row) for row in rows]

    def get_session(self, session_id: int) -> SessionDetail:
        """The session with its answers in turn order. Raises ``SessionNotFound``."""
        with self._reading():
            record = codec.session_record(self._session_row(session_id))
            rows = self._conn.execute(
                f"SELECT {codec.ANSWER_COLUMNS} FROM answers WHERE session_id = ? ORDER BY turn", (session_id,)
            ).fetchall()
        answers = tuple(codec.answer_record(row, home=self._home) for row in rows)
        return SessionDetail(
            id=record.id,
            started_at=record.started_at,
            ended_at=record.ended_at,
            round_number=record.round_number,
            bank=record.bank,
            status=record.status,
            settings=record.settings,
            calibration=record.calibration,
            answers=answers,
        )

    # -- recordings and answers ------------------------------------------------------

    def new_recording_path(self, session_id: int, *, turn: int, question_id: str) -> Path:
        """The absolute path where the recorder should write this answer's WAV.

        Creates the session's private recordings folder (0700); the file itself is the
        recorder's to create. Raises ``SessionNotFound`` for an unknown session.
        """
        _check_turn(turn)
        with self._reading():
            self._session_row(session_id)
        folder = self._home / session_recordings_relpath(session_id)
        with translated(action="prepare the recordings folder", path=folder):
            ensure_private_dir(self._home / RECORDINGS_DIR)
            ensure_private_dir(folder)
        return self._home / recording_relpath(session_id, turn=turn, question_id=question_id)

    def discard_recording(self, path: Path) -> None:
        """Remove a recording that will not be stored (a silent answer); a missing file is fine."""
        path = Path(path)
        if not self._is_recording_path(path):
            raise ValueError(f"{path} is not in {self._home / RECORDINGS_DIR}; only recordings can be discarded")
        with translated(action="discard the recording", path=path):
            path.unlink(missing_ok=True)
        logger.debug("discarded recording %s", path)

    def add_answer(
        self,
        session_id: int,
        *,
        turn: int,
        question_id: str,
        question_text: str,
        audio_path: Optional[Path],
        duration_s: float,
        transcript: Optional[Transcript],
        analysis: Optional[Mapping[str, Any]],
        baseline_answer_id: Optional[int] = None,
        status: str = "answered",
        asked_at: Optional[datetime] = None,
    ) -> AnswerRecord:
        """Store one answer: its recording (made 0600), transcript and delivery figures.

        ``audio_path`` must lie in the data folder (use ``new_recording_path``); it may be
        None only for a ``skipped`` question. ``asked_at`` (an aware datetime) defaults to
        now. ``baseline_answer_id`` is the round-1 answer this one was compared with.
        Raises ``SessionNotFound``, or ``StorageError`` when the recording is missing, the
        turn is already stored or the baseline answer does not exist.
        """
        _check_turn(turn)
        if status not in ANSWER_STATUSES:
            raise ValueError(f"status must be one of {', '.join(ANSWER_STATUSES)}; got {status!r}")
        if not isinstance(question_id, str) or not question_id:
            raise ValueError(f"question_id must be a non-empty string, got {question_id!r}")
        duration_s = _check_duration(duration_s)
        if transcript is not None and not isinstance(transcript, Transcript):
            raise ValueError(f"transcript must be a Transcript or None, got {type(transcript).__name__}")
        relative_audio = self._relative_audio(audio_path, status=status)
        transcript_json = codec.encode_json(None if transcript is None else transcript.to_dict(), what="transcript")
        analysis_json = codec.encode_json(None if analysis is None else dict(analysis), what="analysis")
        asked_at_text = codec.format_time(asked_at or codec.utc_now())

        if audio_path is not None:
            audio_path = Path(audio_path)
            if not audio_path.is_file():
                raise StorageError(
                    f"recording {audio_path} does not exist; the recorder must write it before add_answer"
                )
            with translated(action="save the recording", path=audio_path):
                audio_path.chmod(PRIVATE_FILE_MODE)

        with self._writing("save the session"):
            self._session_row(session_id)
            if self._conn.execute(
                "SELECT 1 FROM answers WHERE session_id = ? AND turn = ?", (session_id, turn)
            ).fetchone():
                raise StorageError(f"session {session_id} already has an answer for turn {turn}; use the next turn")
            if baseline_answer_id is not None and not self._conn.execute(
                "SELECT 1 FROM answers WHERE id = ?", (baseline_answer_id,)
            ).fetchone():
                raise StorageError(f"no answer {baseline_answer_id} to use as the baseline; it may have been deleted")
            cursor = self._conn.execute(
                "INSERT INTO answers (session_id, turn, question_id, question_text, asked_at, audio_path, "
                "duration_s, transcript_json, analysis_json, baseline_answer_id, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, turn, question_id, question_text, asked_at_text,
                    None if relative_audio is None else str(relative_audio),
                    duration_s, transcript_json, analysis_json, baseline_answer_id, status,
                ),
            )
            row = self._answer_row(cursor.lastrowid)
        return codec.answer_record(row, home=self._home)

    def get_answer(self, answer_id: int) -> AnswerRecord:
        """One answer by id (e.g. a round-2 answer's ``baseline_answer_id``)."""
        with self._reading():
            row = self._answer_row(answer_id)
        return codec.answer_record(row, home=self._home)

    def latest_answer(
        self,
        question_ids: Iterable[str],
        *,
        round_number: int = 1,
        exclude_session: Optional[int] = None,
        bank: Optional[str] = None,
    ) -> Optional[AnswerRecord]:
        """The newest transcribed ``answered`` answer to any of ``question_ids`` in a
        session of round ``round_number`` (not ``exclude_session``), or None.

        This finds the round-1 baseline of a round-2 answer. A single string counts as
        one question id. Ids are unique only within a bank, so pass ``bank`` to stay in it.
        """
        ids = [question_ids] if isinstance(question_ids, str) else list(dict.fromkeys(question_ids))
        if not ids:
            return None
        placeholders = ", ".join("?" for _ in ids)
        columns = ", ".join(f"a.{name.strip()}" for name in codec.ANSWER_COLUMNS.split(","))
        with self._reading():
            row = self._conn.execute(
                f"SELECT {columns} FROM answers a JOIN sessions s ON s.id = a.session_id "
                f"WHERE a.question_id IN ({placeholders}) AND s.round = ? "
                "AND a.status = 'answered' AND a.transcript_json IS NOT NULL "
                "AND (? IS NULL OR s.id != ?) AND (? IS NULL OR s.bank = ?) "
                "ORDER BY a.asked_at DESC, a.id DESC LIMIT 1",
                (*ids, round_number, exclude_session, exclude_session, bank, bank),
            ).fetchone()
        return None if row is None else codec.answer_record(row, home=self._home)

    # -- inside ----------------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StorageError("the session store is closed; open it again with SessionStore.open()")
        return self._connection

    @contextlib.contextmanager
    def _writing(self, action: str) -> Iterator[None]:
        """One write transaction; errors become ``StorageError`` saying what could not be done."""
        with translated(action=action, path=self.database_path), self._transaction("BEGIN IMMEDIATE"):
            yield

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        with translated(action="read the sessions", path=self.database_path), self._transaction("BEGIN"):
            yield

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        connection = self._conn
        connection.execute(begin)
        try:
            yield
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            raise

    def _session_row(self, session_id: int) -> sqlite3.Row:
        row = self._conn.execute(
            f"SELECT {codec.SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id}; `voice-coach sessions` lists them")
        return row

    def _answer_row(self, answer_id: int) -> sqlite3.Row:
        row = self._conn.execute(f"SELECT {codec.ANSWER_COLUMNS} FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            raise StorageError(f"no answer {answer_id}; `voice-coach sessions` lists the sessions and their answers")
        return row

    def _summary(self, session_id: int) -> SessionSummary:
        with self._reading():
            row = self._conn.execute(_SUMMARY_QUERY + " WHERE s.id = ? GROUP BY s.id", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id}; `voice-coach sessions` lists them")
        return codec.session_summary(row)

    def _relative_audio(self, audio_path: Optional[Path], *, status: str) -> Optional[PurePosixPath]:
        if audio_path is None:
            if status != "skipped":
                raise ValueError(f"audio_path is needed for an {status!r} answer; only a skipped one may have none")
            return None
        relative = relative_to_home(Path(audio_path), home=self._home)
        if relative is None:
            raise ValueError(
                f"audio_path {audio_path} is outside the data folder {self._home}; "
                "record to the path new_recording_path() gives"
            )
        return relative

    def _is_recording_path(self, path: Path) -> bool:
        relative = relative_to_home(path, home=self._home)
        return relative is not None and len(relative.parts) > 1 and relative.parts[0] == RECORDINGS_DIR

    def _remove_session_folder(self, session_id: int) -> None:
        folder = self._home / session_recordings_relpath(session_id)
        if folder.exists():
            shutil.rmtree(folder)

    def _remove_unreferenced_recordings(self, session_id: int) -> None:
        folder = self._home / session_recordings_relpath(session_id)
        if not folder.is_dir():
            return
        kept = {
            path
            for (path,) in self._conn.execute(
                "SELECT audio_path FROM answers WHERE session_id = ? AND audio_path IS NOT NULL", (session_id,)
            )
        }
        for entry in folder.iterdir():
            relative = relative_to_home(entry, home=self._home)
            if entry.is_file() and str(relative) not in kept:
                entry.unlink()
                logger.debug("removed recording %s that no answer kept", entry)


def _check_turn(turn: int) -> None:
    if not isinstance(turn, int) or isinstance(turn, bool) or turn < 1:
        raise ValueError(f"turn must be a whole number from 1 (the first question), got {turn!r}")


def _check_duration(duration_s: float) -> float:
    try:
        value = float(duration_s)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"duration_s must be a finite number of seconds, 0 or more; got {duration_s!r}")
    return value


_SUMMARY_QUERY = (
    "SELECT s.id, s.started_at, s.ended_at, s.round, s.bank, s.status, "
    "COUNT(a.id) AS answer_count, COALESCE(SUM(a.duration_s), 0.0) AS duration_s "
    "FROM sessions s LEFT JOIN answers a ON a.session_id = s.id AND a.status != 'skipped'"
)
