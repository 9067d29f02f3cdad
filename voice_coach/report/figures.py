"""The figures of an answer as labelled text, in one order for every renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from voice_coach.analysis import AnswerAnalysis
from voice_coach.report.changes import MINUS, signed

UNKNOWN = "\u2013"  # an en dash: the figure could not be measured


@dataclass(frozen=True)
class _Spec:
    label: str
    get: Callable[[AnswerAnalysis], Optional[float]]
    digits: int
    unit: str


_SPECS = (
    _Spec("Length", lambda a: a.duration_s, 1, " s"),
    _Spec("Pace", lambda a: a.pacing.wpm, 0, " wpm"),
    _Spec("Articulation rate", lambda a: a.pacing.articulation_wpm, 0, " wpm"),
    _Spec("Words", lambda a: a.pacing.words, 0, ""),
    _Spec("Pauses (0.5 s or more)", lambda a: a.pacing.pause_count, 0, ""),
    _Spec("Long pauses (2 s or more)", lambda a: a.pacing.long_pause_count, 0, ""),
    _Spec("Longest pause", lambda a: a.pacing.longest_pause_s, 1, " s"),
    _Spec("Time to first word", lambda a: a.pacing.response_latency_s, 1, " s"),
    _Spec("Fillers", lambda a: a.fillers.count, 0, ""),
    _Spec("Fillers per 100 words", lambda a: a.fillers.per_100_words, 1, ""),
    _Spec("Repetitions and restarts", lambda a: len(a.fillers.repetitions), 0, ""),
    _Spec("Loudness", lambda a: a.energy.loudness_dbfs, 1, " dBFS"),
    _Spec("Loudness against calibration", lambda a: a.energy.loudness_vs_calibration_db, 1, " dB"),
    _Spec("Loudness variation", lambda a: a.energy.loudness_var_db, 1, " dB"),
    _Spec("Median pitch", lambda a: a.energy.pitch_median_hz, 0, " Hz"),
    _Spec("Pitch variation", lambda a: a.energy.pitch_var_st, 1, " st"),
    _Spec("Monotone stretches", lambda a: len(a.energy.monotone_windows), 0, ""),
)


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: str


@dataclass(frozen=True)
class ComparedRow:
    label: str
    then: str  # round 1
    now: str  # round 2
    change: str  # now minus then, signed; empty when either is unknown


def answer_figures(analysis: AnswerAnalysis) -> tuple[FigureRow, ...]:
    """Every figure of one answer, formatted."""
    return tuple(FigureRow(s.label, _format(s.get(analysis), s)) for s in _SPECS)


def compared_figures(now: AnswerAnalysis, then: AnswerAnalysis) -> tuple[ComparedRow, ...]:
    """Every figure of a round-2 answer beside its round-1 answer's, with the change."""
    rows = []
    for s in _SPECS:
        a, b = s.get(now), s.get(then)
        change = "" if a is None or b is None else signed(a - b, digits=s.digits, unit=s.unit)
        rows.append(ComparedRow(s.label, _format(b, s), _format(a, s), change))
    return tuple(rows)


def filler_words_text(analysis: AnswerAnalysis) -> str:
    """The fillers by word, most used first: "um ×2, you know ×1"; empty without fillers."""
    items = sorted(analysis.fillers.by_word.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{word} \u00d7{count}" for word, count in items)


def duration_text(duration_s: float) -> str:
    """A length for people: "48 s", "3 min 05 s"."""
    if duration_s < 90:
        return f"{duration_s:.0f} s"
    minutes, seconds = divmod(round(duration_s), 60)
    return f"{minutes} min {seconds:02d} s"


def _format(value: Optional[float], spec: _Spec) -> str:
    if value is None:
        return UNKNOWN
    value = round(value, spec.digits) + 0.0  # -0.0 (a tiny negative rounded away) reads 0.0
    return f"{value:.{spec.digits}f}{spec.unit}".replace("-", MINUS, 1)


def time_text(moment: Optional[datetime]) -> str:
    """A stored UTC time in the computer's local time zone: "2026-11-22 05:38"."""
    return UNKNOWN if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")
