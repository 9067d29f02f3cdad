"""A round at a glance: which answers held their energy, which dropped, and the trend.

Fatigue shows as loudness and pitch variation falling over successive answers; it is read
from a straight-line fit across the round, so one quiet answer does not make a trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.answer import AnswerAnalysis
from voice_coach.analysis.compare import DIMENSIONS, Comparison
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds

_MIN_ANSWERS_FOR_TREND = 3  # two points always make a line; three make a trend


@dataclass(frozen=True)
class RoundSummary:
    """What a round's answers had in common, with ``lines`` ready to print."""

    answers: int
    held_energy: tuple[str, ...]  # labels of answers that kept their energy
    dropped_energy: tuple[str, ...]  # labels of answers that lost energy
    loudness_trend_db_per_answer: float | None  # fitted slope; negative = getting quieter
    pitch_var_trend_st_per_answer: float | None  # fitted slope; negative = getting flatter
    fatigue: bool  # loudness or pitch variation fell across the round past the thresholds
    lines: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "answers": self.answers,
            "held_energy": list(self.held_energy),
            "dropped_energy": list(self.dropped_energy),
            "loudness_trend_db_per_answer": self.loudness_trend_db_per_answer,
            "pitch_var_trend_st_per_answer": self.pitch_var_trend_st_per_answer,
            "fatigue": self.fatigue,
            "lines": list(self.lines),
        }


def summarize_round(
    items: Sequence[tuple[str, AnswerAnalysis, Comparison | None]],
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> RoundSummary:
    """Summarise a round from ``(label, analysis, comparison or None)`` in the order asked.

    An answer with a comparison held or dropped its energy by that comparison's energy
    verdict (against round 1); without one, by its loudness against the round's first
    answer, with the same ``loudness_change_db`` limit.
    """
    held, dropped = _energy_held_and_dropped(items, thresholds)
    loudness = [_loudness(a) for _, a, _ in items]
    pitch_var = [a.energy.pitch_var_st for _, a, _ in items]
    loudness_slope = _slope(loudness)
    pitch_slope = _slope(pitch_var)
    loudness_drop_db = _fitted_drop(loudness, loudness_slope)
    pitch_drop_fraction = _fitted_drop_fraction(pitch_var, pitch_slope)
    enough = sum(v is not None for v in loudness) >= _MIN_ANSWERS_FOR_TREND
    fatigue = enough and (
        (loudness_drop_db is not None and loudness_drop_db >= thresholds.fatigue_loudness_drop_db)
        or (pitch_drop_fraction is not None and pitch_drop_fraction >= thresholds.fatigue_pitch_var_drop_fraction)
    )
    lines = _lines(
        items,
        held=held,
        dropped=dropped,
        enough=enough,
        fatigue=fatigue,
        loudness_drop_db=loudness_drop_db,
        pitch_drop_fraction=pitch_drop_fraction,
        thresholds=thresholds,
    )
    return RoundSummary(
        answers=len(items),
        held_energy=held,
        dropped_energy=dropped,
        loudness_trend_db_per_answer=None if loudness_slope is None else round(loudness_slope, 2),
        pitch_var_trend_st_per_answer=None if pitch_slope is None else round(pitch_slope, 3),
        fatigue=bool(fatigue),
        lines=lines,
    )


def _loudness(analysis: AnswerAnalysis) -> float | None:
    energy = analysis.energy
    return energy.loudness_vs_calibration_db if energy.loudness_vs_calibration_db is not None else energy.loudness_dbfs


def _energy_held_and_dropped(
    items: Sequence[tuple[str, AnswerAnalysis, Comparison | None]], t: Thresholds
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    reference = next((_loudness(a) for _, a, _ in items if _loudness(a) is not None), None)
    held: list[str] = []
    dropped: list[str] = []
    for label, analysis, comparison in items:
        if comparison is not None:
            verdict = comparison.verdict("energy")
            if verdict is None:
                continue
            (dropped if verdict.status == "worse" else held).append(label)
            continue
        level = _loudness(analysis)
        if level is None or reference is None:
            continue
        (dropped if reference - level >= t.loudness_change_db else held).append(label)
    return tuple(held), tuple(dropped)


def _slope(values: list[float | None]) -> float | None:
    """Least-squares slope per answer over the answers that have a value."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return None
    x = np.array([p[0] for p in points], dtype=np.float64)
    y = np.array([p[1] for p in points], dtype=np.float64)
    return float(np.polyfit(x, y, 1)[0])


def _fitted_drop(values: list[float | None], slope: float | None) -> float | None:
    """How much the fitted line falls from the first answer with a value to the last."""
    indices = [i for i, v in enumerate(values) if v is not None]
    if slope is None or len(indices) < 2:
        return None
    return -slope * (indices[-1] - indices[0])


def _fitted_drop_fraction(values: list[float | None], slope: float | None) -> float | None:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if slope is None or len(points) < 2:
        return None
    x = np.array([p[0] for p in points], dtype=np.float64)
    y = np.array([p[1] for p in points], dtype=np.float64)
    start = float(np.polyval(np.polyfit(x, y, 1), x[0]))
    if start <= 0:
        return None
    return -slope * (x[-1] - x[0]) / start


def _lines(
    items: Sequence[tuple[str, AnswerAnalysis, Comparison | None]],
    *,
    held: tuple[str, ...],
    dropped: tuple[str, ...],
    enough: bool,
    fatigue: bool,
    loudness_drop_db: float | None,
    pitch_drop_fraction: float | None,
    thresholds: Thresholds,
) -> tuple[str, ...]:
    if not items:
        return ("No answers in this round.",)
    lines = []
    if held:
        lines.append(f"Held their energy: {', '.join(held)}.")
    if dropped:
        lines.append(f"Dropped energy: {', '.join(dropped)}.")
    lines.extend(_verdict_tally_lines(items))
    if not enough:
        lines.append("Too few answers to read a trend across the round.")
    elif fatigue:
        parts = []
        if loudness_drop_db is not None and loudness_drop_db >= thresholds.fatigue_loudness_drop_db:
            parts.append(f"about {loudness_drop_db:.0f} dB quieter")
        if pitch_drop_fraction is not None and pitch_drop_fraction >= thresholds.fatigue_pitch_var_drop_fraction:
            parts.append(f"about {pitch_drop_fraction * 100:.0f}% flatter")
        lines.append(
            f"Signs of fatigue: from the first answer to the last your voice got {' and '.join(parts)}. "
            "Take a breath and reset before each question."
        )
    else:
        lines.append("Your energy stayed steady across the round.")
    return tuple(lines)


def _verdict_tally_lines(items: Sequence[tuple[str, AnswerAnalysis, Comparison | None]]) -> list[str]:
    """One line per dimension that was judged: how many answers were better, same, worse."""
    comparisons = [c for _, _, c in items if c is not None]
    if not comparisons:
        return []
    lines = []
    for dimension in DIMENSIONS:
        statuses = [v.status for c in comparisons for v in c.verdicts if v.dimension == dimension]
        if statuses:
            counts = ", ".join(f"{statuses.count(s)} {s}" for s in ("better", "same", "worse") if statuses.count(s))
            lines.append(f"Against round 1, {dimension}: {counts}.")
    return lines
