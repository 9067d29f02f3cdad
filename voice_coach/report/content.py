"""What each answer said, ready to show: the content coaching stored beside the delivery figures.

The practice loop stores ``analyze_content(...).to_dict()`` under ``analysis["content"]``
(voice_coach/analysis/content/CONTRACT.md). ``answer_content(record, ...)`` reads it back
together with what every renderer needs around it: where a changed story was told first
("round 1", or an earlier question of the same session when a panel asked it again) and
whether the answer was the closing question's. Answers stored before content coaching
have no block and get ``None``.

The short texts the HTML page, the Markdown export and the terminal share (flag titles,
what a question's verdict means, the I/we balance in words) live here too, so the three
say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from voice_coach.analysis.content import Conflict, ContentAnalysis, Flag
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
from voice_coach.analysis.content.questions_asked import COVER_MORE, NEXT_STEPS, AskedQuestion, pay_topic
from voice_coach.storage import AnswerRecord

STAR_PARTS = ("situation", "task", "action", "result")
MISSING = "missing"  # a STAR part that was not found
# Flags only the closing question's answer can raise.
CLOSING_FLAG_KINDS = frozenset({PREMATURE_QUESTION, TOO_FEW_QUESTIONS, NO_NEXT_STEPS})
# Flags about what could cost the job outright, shown in red; the rest are shown as hints.
SERIOUS_FLAG_KINDS = frozenset({STORY_CHANGED, PREMATURE_QUESTION, NO_EXAMPLE, NEGATIVE_EMPLOYER})
FLAG_TITLES = {
    STORY_CHANGED: "Story changed",
    PREMATURE_QUESTION: "Premature question",
    NO_EXAMPLE: "No concrete example",
    NEGATIVE_EMPLOYER: "Negative about an employer",
    NO_RESULT: "No result",
    TOO_FEW_QUESTIONS: "Too few questions",
    NO_NUMBERS: "No result in numbers",
    NO_NEXT_STEPS: "No next steps",
    HEDGING: "Hedging",
    MOSTLY_WE: "Mostly \u201cwe\u201d",
    NO_TEAM_CREDIT: "No credit to the team",
    LONG_ANSWER: "Long answer",
}
ARROW = "\u2192"


@dataclass(frozen=True)
class AnswerContent:
    """One answer's content analysis and where the story it was checked against was told."""

    analysis: ContentAnalysis
    # Where the baseline story was told, as it reads after "in": "round 1", or "Q2" for an
    # earlier answer in this session. None when the answer was not checked against one.
    baseline_label: Optional[str]

    @property
    def closing(self) -> bool:
        """Whether this answered the closing question ("Do you have any questions for us?")."""
        return bool(self.analysis.questions_asked) or any(f.kind in CLOSING_FLAG_KINDS for f in self.analysis.flags)

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        consistency = self.analysis.consistency
        return () if consistency is None else consistency.conflicts

    @property
    def story(self) -> Optional[str]:
        """``"changed"`` or ``"same"`` against the baseline story; None when not checked, and
        for the closing question's answer when nothing changed (it tells no story)."""
        if self.analysis.consistency is None:
            return None
        if self.conflicts:
            return "changed"
        return None if self.closing else "same"

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The flags to list, most important first; changed facts are left to ``conflicts``
        (shown with both quotes)."""
        if self.conflicts:
            return tuple(f for f in self.analysis.flags if f.kind != STORY_CHANGED)
        return self.analysis.flags

    @property
    def star_parts(self) -> tuple[tuple[str, Optional[str]], ...]:
        """Each STAR part with its quote, or None when it was not found."""
        star = self.analysis.star
        return tuple((part, getattr(star, part)) for part in STAR_PARTS)

    @property
    def questions(self) -> tuple[AskedQuestion, ...]:
        return self.analysis.questions_asked


def answer_content(
    record: AnswerRecord, *, earlier: Sequence[AnswerRecord] = (), round_number: int = 1
) -> Optional[AnswerContent]:
    """``record``'s stored content block, or None for an answer stored without one.

    ``earlier`` are the answers asked before it in the same session: the practice loop checks
    a question asked a second time (a panel's repeat) against its earlier answer, else
    against round 1. Raises ``AnalysisInputError`` for a malformed block.
    """
    stored = (record.analysis or {}).get("content")
    if not stored:
        return None
    analysis = ContentAnalysis.from_dict(stored)
    label = None
    if analysis.consistency is not None:
        same = [a for a in earlier if a.question_id == record.question_id and a.transcript is not None]
        if same:
            label = f"Q{same[-1].turn}"
        elif record.baseline_answer_id is not None or round_number >= 2:
            label = "round 1"
        else:
            label = "an earlier answer"
    return AnswerContent(analysis=analysis, baseline_label=label)


def flag_title(kind: str) -> str:
    """A flag kind for people: ``"no_example"`` -> ``"No concrete example"``."""
    return FLAG_TITLES.get(kind, kind.replace("_", " ").capitalize())


def question_note(question: AskedQuestion) -> str:
    """Why a question the candidate asked was flagged or credited; "" for a neutral one."""
    if question.verdict == "flagged":
        return f"premature: {pay_topic(question.text) or 'pay and benefits'} before an offer"
    if question.topic == NEXT_STEPS:
        return "next steps: closes the sale"
    if question.topic == COVER_MORE:
        return "offers to cover more ground"
    return ""


def i_we_text(ratio: Optional[float]) -> Optional[str]:
    """The balance of "I" and "we" in words; None when neither was said."""
    if ratio is None:
        return None
    if ratio == 0:
        return "only \u201cwe\u201d, never \u201cI\u201d"
    if ratio == 1:
        return "\u201cI\u201d as often as \u201cwe\u201d"
    if ratio > 1:
        return f"\u201cI\u201d {ratio:.1f}\u00d7 as often as \u201cwe\u201d"
    return f"\u201cwe\u201d {1 / ratio:.1f}\u00d7 as often as \u201cI\u201d"


def turns_text(turns: Sequence[int]) -> str:
    """``[1, 3, 4]`` -> ``"Q1, Q3 and Q4"``."""
    return and_list([f"Q{turn}" for turn in turns])


def and_list(items: Sequence[str]) -> str:
    """``["salary", "bonus", "vacation"]`` -> ``"salary, bonus and vacation"``."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
