"""Between database rows and records: JSON columns, UTC timestamps, relative audio paths."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, Mapping, Optional

from voice_coach.speech.transcript import Transcript
from voice_coach.storage.records import AnswerRecord, SessionRecord, SessionSummary

SESSION_COLUMNS = "id, started_at, ended_at, round, bank, status, settings_json, calibration_json"
ANSWER_COLUMNS = (
    "id, session_id, turn, question_id, question_text, asked_at, audio_path, duration_s, "
    "transcript_json, analysis_json, baseline_answer_id, status"
)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. ``2024-05-01T09:30:00.125+00:00``.

    One fixed width and zone, so text order is time order.
    """
    if moment.tzinfo is None:
        raise ValueError(f"time {moment!r} has no time zone; pass an aware datetime (UTC)")
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def parse_time(text: Optional[str]) -> Optional[datetime]:
    return None if text is None else datetime.fromisoformat(text)


def encode_json(value: Optional[Mapping[str, Any]], *, what: str) -> Optional[str]:
    """``value`` as JSON text; NumPy scalars and arrays, paths and dataclasses are converted.

    Raises ``ValueError`` naming ``what`` when something in it cannot be written as JSON.
    """
    if value is None:
        return None
    try:
        return json.dumps(value, default=_plain, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{what} cannot be stored as JSON: {e}; use numbers, text, lists and dicts") from e


def decode_json(text: Optional[str]) -> Optional[Any]:
    return None if text is None else json.loads(text)


def _plain(value: Any) -> Any:
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "tolist"):  # NumPy arrays and scalars, without importing NumPy
        return value.tolist()
    raise TypeError(f"{type(value).__name__} {value!r} is not JSON")


def session_record(row: sqlite3.Row) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        started_at=parse_time(row["started_at"]),
        ended_at=parse_time(row["ended_at"]),
        round_number=row["round"],
        bank=row["bank"],
        status=row["status"],
        settings=decode_json(row["settings_json"]) or {},
        calibration=decode_json(row["calibration_json"]),
    )


def session_summary(row: sqlite3.Row) -> SessionSummary:
    return SessionSummary(
        id=row["id"],
        started_at=parse_time(row["started_at"]),
        ended_at=parse_time(row["ended_at"]),
        round_number=row["round"],
        bank=row["bank"],
        status=row["status"],
        answer_count=row["answer_count"],
        duration_s=float(row["duration_s"]),
    )


def answer_record(row: sqlite3.Row, *, home: Path) -> AnswerRecord:
    transcript = decode_json(row["transcript_json"])
    return AnswerRecord(
        id=row["id"],
        session_id=row["session_id"],
        turn=row["turn"],
        question_id=row["question_id"],
        question_text=row["question_text"],
        asked_at=parse_time(row["asked_at"]),
        audio_path=None if row["audio_path"] is None else home / row["audio_path"],
        duration_s=float(row["duration_s"]),
        transcript=None if transcript is None else Transcript.from_dict(transcript),
        analysis=decode_json(row["analysis_json"]),
        baseline_answer_id=row["baseline_answer_id"],
        status=row["status"],
    )

