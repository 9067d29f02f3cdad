"""Second chance: round 2 asks the weakest round-1 answers first, and says what to fix.

Each round-1 answer gets a weakness score: the sum of the weights of its content flags,
its delivery problems and its length. Answers are ordered worst first (ties keep the
order given), and each comes with one sentence naming its worst problem: "Last time this
answer had no result in numbers."
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from voice_coach.analysis.content.analysis import ContentAnalysis
from voice_coach.analysis.content.flag import (
    HEDGING,
    LONG_ANSWER,
    MOSTLY_WE,
    NEGATIVE_EMPLOYER,
    NO_EXAMPLE,
    NO_NEXT_STEPS,
    NO_NUMBERS,
    NO_RESULT,
    NO_TEAM_CREDIT,
    PREMATURE_QUESTION,
    STORY_CHANGED,
    TOO_FEW_QUESTIONS,
)
from voice_coach.analysis.content.length import LONG_ANSWER_S
from voice_coach.analysis.validation import AnalysisInputError

# How much each problem weighs, and what to say about it before the question is asked again.
_CONTENT_PROBLEMS: dict[str, tuple[float, str]] = {
    STORY_CHANGED: (3.0, "Last time your facts changed from one telling to the next. Keep the same numbers and names."),
    NO_EXAMPLE: (3.0, "Last time this answer had no concrete example. Tell one real story."),
    PREMATURE_QUESTION: (3.0, "Last time you asked about pay or benefits. Save that for after an offer."),
    NEGATIVE_EMPLOYER: (3.0, "Last time you spoke badly of a past employer. Keep it neutral."),
    NO_RESULT: (2.5, "Last time this answer had no result. Say how it ended."),
    TOO_FEW_QUESTIONS: (2.0, "Last time you had fewer than two questions for them. Have two or three ready."),
    NO_NUMBERS: (2.0, "Last time this answer had no result in numbers."),
    NO_NEXT_STEPS: (1.5, "Last time you did not ask about the next steps. Close the sale."),
    LONG_ANSWER: (1.5, "Last time this answer ran well past two minutes. Keep it to about two."),
    HEDGING: (1.0, "Last time this answer was full of hedges like maybe and I guess. Say it plainly."),
    MOSTLY_WE: (1.0, "Last time this answer was all we. Say what you did yourself."),
    NO_TEAM_CREDIT: (0.5, "Last time this answer left the team out. Give them some credit."),
}
# Delivery problems from the delivery analysis, by dimension name.
DELIVERY_WEIGHT = 1.0
_DELIVERY_FIXES = {
    "fillers": "Last time this answer had a lot of fillers. Pause silently instead.",
    "pace": "Last time the pace of this answer was off. Aim for a steady, moderate speed.",
    "energy": "Last time this answer sounded flat and quiet. Give it more energy.",
    "pitch": "Last time your voice stayed flat in this answer. Let it rise and fall.",
    "pauses": "Last time this answer had long pauses. Keep it moving.",
    "length": "Last time this answer was too long. Keep it to about two minutes.",
}
NOTHING_TO_FIX = "Last time this answer went well. Give it the same way."


@dataclass(frozen=True)
class PastAnswer:
    """A round-1 answer as the second chance sees it."""

    question_id: str
    content: ContentAnalysis
    delivery_problems: tuple[str, ...] = ()  # delivery dimensions judged poor: "fillers", "pace", "energy"...
    duration_s: float | None = None  # the answer's length, when known


@dataclass(frozen=True)
class SecondChance:
    """One question to ask again, how weak its last answer was, and what to fix."""

    question_id: str
    weakness: float  # 0 for an answer with no problems; higher is weaker
    fix: str  # one sentence to say before asking it again
    problems: tuple[str, ...]  # flag kinds and delivery dimensions, worst first

    def to_dict(self) -> dict:
        return {"question_id": self.question_id, "weakness": self.weakness, "fix": self.fix, "problems": list(self.problems)}


def plan_second_chance(answers: Sequence[PastAnswer], *, keep_last: Collection[str] = ()) -> tuple[SecondChance, ...]:
    """The round-1 questions, weakest answer first, each with one sentence on what to fix.

    Question ids in ``keep_last`` (the closing question) stay at the end, in the order given.
    """
    scored = [_score(answer) for answer in answers]
    ranked = sorted((s for s in scored if s.question_id not in keep_last), key=lambda s: -s.weakness)
    return (*ranked, *(s for s in scored if s.question_id in keep_last))


def _score(answer: PastAnswer) -> SecondChance:
    if not isinstance(answer, PastAnswer):
        raise AnalysisInputError(f"each answer must be a PastAnswer, got {type(answer).__name__}")
    problems: list[tuple[float, str, str]] = []  # (weight, name, fix)
    for kind in dict.fromkeys(flag.kind for flag in answer.content.flags):
        weight, fix = _CONTENT_PROBLEMS.get(kind, (1.0, f"Last time this answer had a problem: {kind.replace('_', ' ')}."))
        problems.append((weight, kind, fix))
    for dimension in dict.fromkeys(answer.delivery_problems):
        fix = _DELIVERY_FIXES.get(dimension, f"Last time the {dimension} of this answer needed work.")
        problems.append((DELIVERY_WEIGHT, dimension, fix))
    duration_s = answer.duration_s
    if duration_s is not None and math.isfinite(duration_s) and duration_s > LONG_ANSWER_S and LONG_ANSWER not in {p[1] for p in problems}:
        weight, fix = _CONTENT_PROBLEMS[LONG_ANSWER]
        problems.append((weight, LONG_ANSWER, fix))
    problems.sort(key=lambda p: -p[0])
    return SecondChance(
        question_id=answer.question_id,
        weakness=sum(p[0] for p in problems),
        fix=problems[0][2] if problems else NOTHING_TO_FIX,
        problems=tuple(p[1] for p in problems),
    )
