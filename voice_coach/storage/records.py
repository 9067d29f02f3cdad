"""What the session store hands back: frozen dataclasses with ``to_dict()`` for JSON.

Times are timezone-aware UTC ``datetime`` objects; ``to_dict()`` writes them as
ISO 8601 text. Audio paths are absolute here (the database keeps them relative
to the data folder, so the folder can be moved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Optional

from voice_coach.speech.transcript import Transcript

SessionStatus = Literal["in_progress", "complete", "interrupted"]
AnswerStatus = Literal["answered", "interrupted", "skipped"]

SESSION_STATUSES: tuple[str, ...] = ("in_progress", "complete", "interrupted")
FINISHED_STATUSES: tuple[str, ...] = ("complete", "interrupted")
# "answered": spoken to the end; "interrupted": cut short (Ctrl-C, time limit),
# kept with what was said; "skipped": the question was passed, usually no audio.
ANSWER_STATUSES: tuple[str, ...] = ("answered", "interrupted", "skipped")
ROUNDS: tuple[int, ...] = (1, 2)


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True)
class AnswerRecord:
    """One question asked in a session and what was answered to it."""

    id: int
    session_id: int
    turn: int  # 1 for the first question of the session
    question_id: str
    question_text: str
    asked_at: datetime
    audio_path: Optional[Path]  # absolute; None when no recording was kept (a skipped question)
    duration_s: float  # length of the recorded answer
    transcript: Optional[Transcript]
    analysis: Optional[dict]  # the delivery figures, as the analysis step gave them
    baseline_answer_id: Optional[int]  # the round-1 answer this one was compared with
    status: AnswerStatus

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "session_id": self.session_id,
            "turn": self.turn,
            "question_id": self.question_id,
            "question_text": self.question_text,
            "asked_at": _iso(self.asked_at),
            "audio_path": None if self.audio_path is None else str(self.audio_path),
            "duration_s": self.duration_s,
            "transcript": None if self.transcript is None else self.transcript.to_dict(),
            "analysis": self.analysis,
            "baseline_answer_id": self.baseline_answer_id,
            "status": self.status,
        }


@dataclass(frozen=True)
class SessionRecord:
    """A session row as stored: what ``start_session`` returns."""

    id: int
    started_at: datetime
    ended_at: Optional[datetime]  # None while the session is in progress
    round_number: int  # 1 or 2
    bank: str  # the question bank's name
    status: SessionStatus
    settings: dict = field(default_factory=dict)  # model, devices... as given to start_session
    calibration: Optional[dict] = None  # loudness/pitch reference, once set_calibration ran

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "round": self.round_number,
            "bank": self.bank,
            "status": self.status,
            "settings": self.settings,
            "calibration": self.calibration,
        }


@dataclass(frozen=True)
class SessionSummary:
    """One line of ``list_sessions``: the session and totals over its answers.

    ``answer_count`` and ``duration_s`` leave out skipped questions.
    """

    id: int
    started_at: datetime
    ended_at: Optional[datetime]
    round_number: int
    bank: str
    status: SessionStatus
    answer_count: int
    duration_s: float  # sum of the answers' durations

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "round": self.round_number,
            "bank": self.bank,
            "status": self.status,
            "answers": self.answer_count,
            "duration_s": self.duration_s,
        }


@dataclass(frozen=True)
class SessionDetail(SessionRecord):
    """A session with all its answers, in turn order (``get_session``)."""

    answers: tuple[AnswerRecord, ...] = ()

    @property
    def answer_count(self) -> int:
        return sum(1 for answer in self.answers if answer.status != "skipped")

    @property
    def duration_s(self) -> float:
        return sum(answer.duration_s for answer in self.answers if answer.status != "skipped")

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["answer_count"] = self.answer_count
        data["duration_s"] = self.duration_s
        data["answers"] = [answer.to_dict() for answer in self.answers]
        return data
