"""Interview length: total time, time per answer, and answers that run far past two minutes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from voice_coach.analysis.content.flag import LONG_ANSWER, Flag
from voice_coach.analysis.validation import AnalysisInputError

TARGET_ANSWER_S = 120.0  # the usual advice: answer in about two minutes
LONG_ANSWER_S = 1.5 * TARGET_ANSWER_S  # 180 s: "far past two minutes", the one threshold for a long answer


@dataclass(frozen=True)
class AnswerTime:
    """How long one answer took."""

    question_id: str
    duration_s: float


@dataclass(frozen=True)
class AnswerLength:
    """One answer's time, judged."""

    question_id: str
    duration_s: float
    too_long: bool  # duration_s > LONG_ANSWER_S

    def to_dict(self) -> dict:
        return {"question_id": self.question_id, "duration_s": self.duration_s, "too_long": self.too_long}


@dataclass(frozen=True)
class InterviewLength:
    """A whole interview's timing, answer by answer."""

    total_s: float  # sum of the answers' durations
    mean_answer_s: float | None  # None without answers
    answers: tuple[AnswerLength, ...]  # in the order given
    flags: tuple[Flag, ...]  # one LONG_ANSWER flag per answer past LONG_ANSWER_S

    @property
    def long_answers(self) -> tuple[AnswerLength, ...]:
        return tuple(answer for answer in self.answers if answer.too_long)

    def to_dict(self) -> dict:
        return {
            "total_s": self.total_s,
            "mean_answer_s": self.mean_answer_s,
            "answers": [answer.to_dict() for answer in self.answers],
            "flags": [flag.to_dict() for flag in self.flags],
        }


def measure_length(answers: Iterable[AnswerTime | tuple[str, float]]) -> InterviewLength:
    """Total and per-answer time from (question_id, duration_s) pairs or ``AnswerTime``s.

    Raises ``AnalysisInputError`` for a duration that is negative, NaN or infinite.
    """
    times = [_answer_time(item) for item in answers]
    judged = tuple(
        AnswerLength(question_id=t.question_id, duration_s=t.duration_s, too_long=t.duration_s > LONG_ANSWER_S)
        for t in times
    )
    total_s = sum(t.duration_s for t in times)
    flags = tuple(
        Flag(
            LONG_ANSWER,
            f"Your answer to {a.question_id} ran {spoken_duration(a.duration_s)}. "
            "Aim for about two minutes, then stop and let them ask for more.",
            None,
        )
        for a in judged
        if a.too_long
    )
    return InterviewLength(
        total_s=total_s,
        mean_answer_s=total_s / len(times) if times else None,
        answers=judged,
        flags=flags,
    )


def spoken_duration(duration_s: float) -> str:
    """A duration as said aloud: 190 → "3 minutes 10 seconds", 45 → "45 seconds"."""
    seconds = int(round(duration_s))
    minutes, seconds = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if seconds or not minutes:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(parts)


def _answer_time(item: AnswerTime | tuple[str, float]) -> AnswerTime:
    if isinstance(item, AnswerTime):
        question_id, duration_s = item.question_id, item.duration_s
    else:
        try:
            question_id, duration_s = item
        except (TypeError, ValueError) as e:
            raise AnalysisInputError(
                f"each answer must be (question_id, duration_s) or AnswerTime, got {item!r}"
            ) from e
    if isinstance(duration_s, bool) or not isinstance(duration_s, (int, float)) or not math.isfinite(duration_s) or duration_s < 0:
        raise AnalysisInputError(
            f"duration_s for {question_id!r} must be a finite number of seconds >= 0, got {duration_s!r}"
        )
    return AnswerTime(question_id=str(question_id), duration_s=float(duration_s))
