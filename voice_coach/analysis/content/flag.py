"""A problem the coach found in an answer's content, said in one or two sentences."""

from __future__ import annotations

from dataclasses import dataclass

# Every flag kind, most important first (feedback_lines speaks the first ones first).
STORY_CHANGED = "story_changed"  # a fact differs from the baseline answer
PREMATURE_QUESTION = "premature_question"  # asked about pay or benefits before an offer
NO_EXAMPLE = "no_example"  # no concrete story
NEGATIVE_EMPLOYER = "negative_employer"  # spoke badly of a past employer
NO_RESULT = "no_result"  # a story with no outcome
TOO_FEW_QUESTIONS = "too_few_questions"  # fewer than two questions for the interviewer
NO_NUMBERS = "no_numbers"  # an outcome with no number in it
NO_NEXT_STEPS = "no_next_steps"  # did not ask what happens next
HEDGING = "hedging"  # "I guess", "maybe", "sort of"
MOSTLY_WE = "mostly_we"  # "we" everywhere, "I" hardly at all
NO_TEAM_CREDIT = "no_team_credit"  # a team story told as if alone
LONG_ANSWER = "long_answer"  # far past two minutes
FLAG_KINDS = (
    STORY_CHANGED, PREMATURE_QUESTION, NO_EXAMPLE, NEGATIVE_EMPLOYER, NO_RESULT, TOO_FEW_QUESTIONS,
    NO_NUMBERS, NO_NEXT_STEPS, HEDGING, MOSTLY_WE, NO_TEAM_CREDIT, LONG_ANSWER,
)


@dataclass(frozen=True)
class Flag:
    """One problem: its kind (one of FLAG_KINDS), what to say, and the words it is about."""

    kind: str
    message: str  # plain English, ready to show or speak
    quote: str | None = None  # the candidate's words it is about, fillers removed; None when nothing to quote

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "quote": self.quote}

    @classmethod
    def from_dict(cls, data: dict) -> "Flag":
        quote = data.get("quote")
        return cls(kind=str(data["kind"]), message=str(data["message"]), quote=None if quote is None else str(quote))
