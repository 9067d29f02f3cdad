"""What will be asked, in which order, by whom, and what the coach says first.

A plain round asks the bank's questions in order. Round 2 can put the round-1 answers
that scored worst first ("second chance") and say before each what to fix. A panel
shares the questions among several interviewers, each with a name and voice, and has
one of them ask again, in other words, what a colleague already asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from voice_coach.questions import Question


@dataclass(frozen=True)
class Interviewer:
    name: str
    role: str
    voice: str  # a text-to-speech voice id; "+f3"-style espeak variants allowed
    introduction: str


# Second-interview advice: expect a future co-worker, the manager, and whoever approves the hire.
DEFAULT_PANEL: tuple[Interviewer, ...] = (
    Interviewer("Sam", "a future co-worker", "gmw/en-us+f3",
                "Hi, I'm Sam. I'd be working alongside you on the team."),
    Interviewer("Dana", "the hiring manager", "gmw/en-gb-x-rp",
                "Hello, I'm Dana, the hiring manager for this role."),
    Interviewer("Morgan", "the director who approves the hire", "gmw/en+f2",
                "Good to meet you. I'm Morgan; I sign off on this hire."),
)


@dataclass(frozen=True)
class PlannedQuestion:
    question: Question
    wording: str  # the text spoken: the question or one of its paraphrases
    interviewer: Interviewer | None = None
    preface: str | None = None  # said first: an interviewer's introduction, or what to fix this time
    repeat_of_earlier: bool = False  # asked already in this session, by someone else


def plain_plan(questions: Sequence[Question]) -> list[PlannedQuestion]:
    return [PlannedQuestion(question=q, wording=q.text) for q in questions]


def second_chance_plan(plan: Sequence[PlannedQuestion], chances: Sequence, *, reorder: bool) -> list[PlannedQuestion]:
    """Weakest round-1 answers first (when ``reorder``), each prefaced with what to fix.

    ``chances``: ``SecondChance`` items (question_id, weakness, fix), weakest first.
    """
    by_id = {c.question_id: c for c in chances if c.weakness > 0}
    with_fixes = [
        PlannedQuestion(question=p.question, wording=p.wording, interviewer=p.interviewer,
                        preface=_join(p.preface, by_id[p.question.id].fix) if p.question.id in by_id else p.preface,
                        repeat_of_earlier=p.repeat_of_earlier)
        for p in plan
    ]
    if not reorder:
        return with_fixes
    rank = {c.question_id: i for i, c in enumerate(chances)}
    closing = [p for p in with_fixes if p.question.closing]
    ranked = sorted((p for p in with_fixes if not p.question.closing),
                    key=lambda p: rank.get(p.question.id, len(rank)))
    return ranked + closing


def panel_plan(plan: Sequence[PlannedQuestion], panel: Sequence[Interviewer] = DEFAULT_PANEL) -> list[PlannedQuestion]:
    """Shares the questions among the panel in turn; before the closing question, the last
    interviewer asks again, in other words, something a colleague asked first."""
    if not panel:
        return list(plan)
    shared: list[PlannedQuestion] = []
    introduced: set[str] = set()
    body = [p for p in plan if not p.question.closing]
    closing = [p for p in plan if p.question.closing]
    for i, item in enumerate(body):
        interviewer = panel[i % len(panel)]
        shared.append(_asked_by(item, interviewer, introduced))
    repeat = _question_to_repeat(shared, panel[-1])
    if repeat is not None:
        shared.append(repeat)
    for item in closing:
        shared.append(_asked_by(item, panel[1 % len(panel)], introduced))  # the manager closes
    return shared


def _asked_by(item: PlannedQuestion, interviewer: Interviewer, introduced: set[str]) -> PlannedQuestion:
    preface = item.preface
    if interviewer.name not in introduced:
        introduced.add(interviewer.name)
        preface = _join(interviewer.introduction, preface)
    return PlannedQuestion(question=item.question, wording=item.wording, interviewer=interviewer,
                           preface=preface, repeat_of_earlier=item.repeat_of_earlier)


def _question_to_repeat(shared: Sequence[PlannedQuestion], asker: Interviewer) -> PlannedQuestion | None:
    """The first question another interviewer asked that has a paraphrase to ask it with."""
    for item in shared:
        if item.interviewer != asker and item.question.paraphrases:
            return PlannedQuestion(
                question=item.question, wording=item.question.paraphrases[0], interviewer=asker,
                preface=None if asker in {s.interviewer for s in shared} else asker.introduction,
                repeat_of_earlier=True,
            )
    return None


def _join(*parts: str | None) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None
