"""The spoken answer to "how am I doing?": a few plain sentences about the answers so far."""

from __future__ import annotations

from statistics import mean
from typing import Sequence


def running_summary(answers: Sequence) -> str:
    """``answers``: the AnswerResults of this session so far."""
    if not answers:
        return "No answers yet. Take your time with this one."
    count = len(answers)
    paces = [a.analysis.pacing.wpm for a in answers if a.analysis.pacing.wpm is not None]
    fillers = sum(a.analysis.fillers.count for a in answers)
    sentences = [f"So far, {count} answer{'s' if count != 1 else ''}."]
    if paces:
        sentences.append(f"Your average pace is {mean(paces):.0f} words a minute.")
    sentences.append(f"{fillers} filler word{'s' if fillers != 1 else ''} in all.")
    compared = [a.comparison for a in answers if a.comparison is not None]
    if compared:
        dropped = sum(1 for c in compared if any(v.dimension == "energy" and v.status == "worse" for v in c.verdicts))
        sentences.append(
            "Your energy has held against your first round." if not dropped
            else f"Your energy dropped in {dropped} of {len(compared)} answers; lift it for the next one."
        )
    return " ".join(sentences)
