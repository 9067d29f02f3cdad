"""How far each dimension moved from round 1, on one scale: the verdict's own limit.

The deltas of a comparison are in different units (words a minute, dB, semitones…).
Dividing each by the change that would earn a verdict (``Thresholds``) puts them on one
axis: ±1 is the limit, beyond it the answer was flagged. That is what the bar chart
draws and how the coaching points are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from voice_coach.analysis import DEFAULT_THRESHOLDS, AnswerAnalysis, Comparison, Thresholds

DIMENSION_TITLES = {"pace": "Pace", "fillers": "Fillers", "energy": "Energy", "pitch": "Pitch variation",
                    "length": "Length"}
MINUS = "\u2212"  # a real minus sign lines up with "+" in tables


@dataclass(frozen=True)
class Change:
    """One dimension of a round-2 answer against its round-1 answer."""

    dimension: str  # pace, fillers, energy, pitch or length
    title: str  # "Pace"
    delta: float  # answer minus baseline, in the dimension's unit
    delta_text: str  # "−59 wpm (−37%)"
    relative: Optional[float]  # the change over its verdict limit, signed; None if it cannot be scaled
    status: Optional[str]  # the verdict: better, same or worse; None when not judged
    message: Optional[str]  # the verdict's coaching sentence


def changes_against_round_one(
    analysis: AnswerAnalysis,
    comparison: Comparison,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[Change, ...]:
    """The changes of ``analysis`` (round 2) recorded in its ``comparison``, in the verdicts' order.

    Round-1 values are recovered as answer minus delta, so the baseline record is not needed.
    """
    d, t = comparison.deltas, thresholds
    candidates = (
        ("pace", d.wpm, analysis.pacing.wpm, t.pace_change_fraction, True, 0, " wpm"),
        ("fillers", d.fillers_per_100_words, None, t.fillers_per_100_words_change, False, 1, " per 100 words"),
        ("energy", d.loudness_db, None, t.loudness_change_db, False, 1, " dB"),
        ("pitch", d.pitch_var_st, analysis.energy.pitch_var_st, t.pitch_var_change_fraction, True, 1, " st"),
        ("length", d.duration_s, analysis.duration_s, t.length_change_fraction, True, 1, " s"),
    )
    changes = []
    for dimension, delta, now, limit, as_fraction, digits, unit in candidates:
        if delta is None:
            continue
        verdict = comparison.verdict(dimension)
        text = signed(delta, digits=digits, unit=unit)
        if as_fraction:
            then = None if now is None else now - delta
            fraction = delta / then if then else None
            relative = None if fraction is None else fraction / limit
            if fraction is not None:
                text += f" ({signed(100 * fraction, digits=0, unit='%')})"
        else:
            relative = delta / limit
        changes.append(
            Change(
                dimension=dimension,
                title=DIMENSION_TITLES[dimension],
                delta=delta,
                delta_text=text,
                relative=relative,
                status=None if verdict is None else verdict.status,
                message=None if verdict is None else verdict.message,
            )
        )
    return tuple(changes)


def signed(value: float, *, digits: int, unit: str = "") -> str:
    """``value`` with ``digits`` decimals, an explicit sign and ``unit``: "+2.0 dB", "−59 wpm", "0 s"."""
    rounded = round(value, digits)
    if rounded == 0:
        return f"{0:.{digits}f}{unit}"
    return f"{'+' if rounded > 0 else MINUS}{abs(rounded):.{digits}f}{unit}"
