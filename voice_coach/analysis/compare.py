"""A second-round answer against the same person's first-round answer to the same question.

The baseline is the speaker, not a norm: each dimension is judged by how far it moved
from round 1, with the limits in ``thresholds.py``. Every verdict carries a sentence the
candidate can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from voice_coach.analysis.answer import AnswerAnalysis
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.validation import AnalysisInputError

DIMENSIONS = ("pace", "fillers", "energy", "pitch", "length")
STATUSES = ("better", "same", "worse")


@dataclass(frozen=True)
class Verdict:
    """How one dimension moved from the baseline, and what to do about it."""

    dimension: str  # one of DIMENSIONS
    status: str  # one of STATUSES
    message: str  # one or two sentences of coaching, printed under the answer
    severity: float = field(default=0.0, compare=False)
    """How far past its threshold the change went (1.0 = exactly at it); ranks verdicts for
    spoken feedback. Not stored: a verdict rebuilt from JSON has 0.0."""

    def to_dict(self) -> dict:
        return {"dimension": self.dimension, "status": self.status, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict) -> "Verdict":
        return cls(dimension=str(data["dimension"]), status=str(data["status"]), message=str(data["message"]))


@dataclass(frozen=True)
class Deltas:
    """Answer minus baseline, per figure; None where either side is unknown."""

    wpm: float | None = None
    fillers_per_100_words: float | None = None
    loudness_db: float | None = None  # calibrated loudness when both answers have a calibration
    pitch_var_st: float | None = None
    duration_s: float | None = None
    pause_count: int | None = None

    def to_dict(self) -> dict:
        return {
            "wpm": self.wpm,
            "fillers_per_100_words": self.fillers_per_100_words,
            "loudness_db": self.loudness_db,
            "pitch_var_st": self.pitch_var_st,
            "duration_s": self.duration_s,
            "pause_count": self.pause_count,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Deltas":
        def number(key: str) -> float | None:
            value = data.get(key)
            return None if value is None else float(value)

        pause_count = data.get("pause_count")
        return cls(
            wpm=number("wpm"),
            fillers_per_100_words=number("fillers_per_100_words"),
            loudness_db=number("loudness_db"),
            pitch_var_st=number("pitch_var_st"),
            duration_s=number("duration_s"),
            pause_count=None if pause_count is None else int(pause_count),
        )


@dataclass(frozen=True)
class Comparison:
    """Deltas and verdicts of an answer against its baseline; verdicts in DIMENSIONS order,
    one per dimension that could be judged (both sides known)."""

    deltas: Deltas
    verdicts: tuple[Verdict, ...]

    def verdict(self, dimension: str) -> Verdict | None:
        """The verdict for ``dimension``, or None if it could not be judged."""
        return next((v for v in self.verdicts if v.dimension == dimension), None)

    def to_dict(self) -> dict:
        return {"deltas": self.deltas.to_dict(), "verdicts": [v.to_dict() for v in self.verdicts]}

    @classmethod
    def from_dict(cls, data: dict) -> "Comparison":
        try:
            return cls(
                deltas=Deltas.from_dict(data["deltas"]),
                verdicts=tuple(Verdict.from_dict(v) for v in data.get("verdicts", [])),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise AnalysisInputError(
                f"stored comparison is malformed ({type(e).__name__}: {e}); expected "
                "Comparison.to_dict() output with deltas and verdicts (see CONTRACT.md)"
            ) from e


def compare_answers(
    answer: AnswerAnalysis,
    baseline: AnswerAnalysis,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Comparison:
    """Judge ``answer`` (round 2) against ``baseline`` (the same question in round 1)."""
    loudness_now, loudness_then = _comparable_loudness(answer, baseline)
    deltas = Deltas(
        wpm=_difference(answer.pacing.wpm, baseline.pacing.wpm, 1),
        fillers_per_100_words=_difference(answer.fillers.per_100_words, baseline.fillers.per_100_words, 2),
        loudness_db=_difference(loudness_now, loudness_then, 2),
        pitch_var_st=_difference(answer.energy.pitch_var_st, baseline.energy.pitch_var_st, 2),
        duration_s=_difference(answer.duration_s, baseline.duration_s, 3),
        pause_count=(
            answer.pacing.pause_count - baseline.pacing.pause_count
            if answer.pacing.pause_count is not None and baseline.pacing.pause_count is not None
            else None
        ),
    )
    judges: tuple[Callable[[AnswerAnalysis, AnswerAnalysis, Thresholds], Verdict | None], ...] = (
        _judge_pace,
        _judge_fillers,
        _judge_energy,
        _judge_pitch,
        _judge_length,
    )
    verdicts = tuple(v for v in (judge(answer, baseline, thresholds) for judge in judges) if v is not None)
    return Comparison(deltas=deltas, verdicts=verdicts)


# --- one judge per dimension ----------------------------------------------------------------


def _judge_pace(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> Verdict | None:
    now, then = answer.pacing.wpm, baseline.pacing.wpm
    if now is None or then is None or then <= 0:
        return None
    change = (now - then) / then
    severity = abs(change) / t.pace_change_fraction
    figures = f"({now:.0f} against {then:.0f} words a minute)"
    if change < -t.pace_change_fraction:
        return Verdict("pace", "worse", (
            f"You spoke about {_percent(change)} slower than in your first round {figures}. "
            "Keep the pace you had: trim the long pauses and move on once a point is made."
        ), severity)
    if change > t.pace_change_fraction:
        return Verdict("pace", "worse", (
            f"You spoke about {_percent(change)} faster than in your first round {figures}. "
            "Slow down and let the key points land; a familiar answer is easy to rush."
        ), severity)
    return Verdict("pace", "same", f"Your pace held steady {figures}.", severity)


def _judge_fillers(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> Verdict | None:
    now, then = answer.fillers.per_100_words, baseline.fillers.per_100_words
    if now is None or then is None:
        return None
    change = now - then
    severity = abs(change) / t.fillers_per_100_words_change
    figures = f"({now:.1f} against {then:.1f} per 100 words)"
    if change >= t.fillers_per_100_words_change:
        return Verdict("fillers", "worse", (
            f"You used more fillers than in your first round {figures}{_most_used(answer)}. "
            "When you need a moment, pause silently instead of filling the gap."
        ), severity)
    if change <= -t.fillers_per_100_words_change:
        return Verdict("fillers", "better", (
            f"You used fewer fillers than in your first round {figures}. Keep pausing silently."
        ), severity)
    return Verdict("fillers", "same", f"Your fillers were about the same as in your first round {figures}.", severity)


def _judge_energy(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> Verdict | None:
    now, then = _comparable_loudness(answer, baseline)
    if now is None or then is None:
        return None
    change = now - then
    severity = abs(change) / t.loudness_change_db
    if change <= -t.loudness_change_db:
        flatter = " and flatter" if _pitch_fell(answer, baseline, t) else ""
        return Verdict("energy", "worse", (
            f"You answered with less energy than in your first round: about {abs(change):.0f} dB quieter{flatter}. "
            "Repeat answers with the same enthusiasm; this interviewer is hearing them for the first time."
        ), severity)
    if change >= t.loudness_change_db:
        return Verdict("energy", "better", (
            f"You answered with more energy than in your first round: about {change:.0f} dB louder. Keep that up."
        ), severity)
    within = "at the level of" if abs(change) < 1 else f"within {abs(change):.0f} dB of"
    return Verdict("energy", "same", f"Your energy held: {within} your first round.", severity)


def _judge_pitch(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> Verdict | None:
    now, then = answer.energy.pitch_var_st, baseline.energy.pitch_var_st
    if now is None or then is None:
        return None
    if then <= 0:  # a perfectly flat baseline (a test tone): no fraction to take
        if now <= 0:
            return Verdict("pitch", "same", "Your intonation was unchanged from your first round.")
        return Verdict("pitch", "better", "Your voice was livelier than in your first round. Keep that expression.", 1.0)
    change = (now - then) / then
    severity = abs(change) / t.pitch_var_change_fraction
    figures = f"({now:.1f} against {then:.1f} semitones of variation)"
    if change <= -t.pitch_var_change_fraction:
        return Verdict("pitch", "worse", (
            f"Your voice was flatter than in your first round {figures}. "
            "Stress the words that matter, the result and the numbers, and let your voice rise and fall."
        ), severity)
    if change >= t.pitch_var_change_fraction:
        return Verdict("pitch", "better", (
            f"Your voice was livelier than in your first round {figures}. Keep that expression."
        ), severity)
    return Verdict("pitch", "same", f"Your intonation was as varied as in your first round {figures}.", severity)


def _judge_length(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> Verdict | None:
    now, then = answer.duration_s, baseline.duration_s
    if then <= 0 or now <= 0:
        return None
    change = (now - then) / then
    severity = abs(change) / t.length_change_fraction
    figures = f"({_seconds(now)} against {_seconds(then)})"
    if change < -t.length_change_fraction:
        return Verdict("length", "worse", (
            f"This answer was about {_percent(change)} shorter than your first {figures}. "
            "Check that the example and its result are still in it."
        ), severity)
    if change > t.length_change_fraction:
        return Verdict("length", "worse", (
            f"This answer was about {_percent(change)} longer than your first {figures}. "
            "Keep to the situation, what you did and the result."
        ), severity)
    return Verdict("length", "same", f"This answer was about as long as your first {figures}.", severity)


# --- helpers ------------------------------------------------------------------------------------


def _comparable_loudness(answer: AnswerAnalysis, baseline: AnswerAnalysis) -> tuple[float | None, float | None]:
    """Calibrated loudness when both answers have it (different sessions, different gains);
    raw dBFS otherwise."""
    now, then = answer.energy.loudness_vs_calibration_db, baseline.energy.loudness_vs_calibration_db
    if now is not None and then is not None:
        return now, then
    return answer.energy.loudness_dbfs, baseline.energy.loudness_dbfs


def _pitch_fell(answer: AnswerAnalysis, baseline: AnswerAnalysis, t: Thresholds) -> bool:
    now, then = answer.energy.pitch_var_st, baseline.energy.pitch_var_st
    return now is not None and then is not None and then > 0 and (now - then) / then <= -t.pitch_var_change_fraction


def _most_used(answer: AnswerAnalysis) -> str:
    if not answer.fillers.by_word:
        return ""
    word = max(answer.fillers.by_word.items(), key=lambda item: item[1])[0]
    return f", mostly \"{word}\""


def _difference(now: float | None, then: float | None, digits: int) -> float | None:
    return None if now is None or then is None else round(now - then, digits)


def _percent(fraction: float) -> str:
    return f"{abs(fraction) * 100:.0f}%"


def _seconds(duration_s: float) -> str:
    if duration_s < 90:
        return f"{duration_s:.0f} s"
    minutes, seconds = divmod(round(duration_s), 60)
    return f"{minutes} min {seconds:02d} s"
