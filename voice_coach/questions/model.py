"""What a question bank holds: questions with their wordings, as frozen dataclasses.

Nothing here reads files; :mod:`voice_coach.questions.bank` builds these from TOML
and checks them, so a ``QuestionBank`` in hand is already valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from voice_coach.errors import BankError

# An interview has a first (screening) round and a second (deeper) round.
ROUNDS = (1, 2)

# The kinds of question a bank may hold. Feedback and reports group by these.
CATEGORIES = (
    "background",  # who the candidate is: career story, strengths, growth areas
    "behavioural",  # "tell me about a time..." (past behaviour, answered with a story)
    "situational",  # "what would you do if..." (a hypothetical)
    "motivation",  # why this job, this company, this move
    "role",  # knowledge and judgement specific to the job
    "team-fit",  # how the candidate works with others and wants to be managed
    "closing",  # the end of the interview: "Do you have any questions for us?"
)

_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_wording(text: str) -> str:
    """Fold a wording for comparison: lower case, no punctuation, single spaces.

    ``"What's your   background?"`` and ``"whats your background"`` fold to the same
    string; hyphens and dashes count as spaces (``"first-round"`` → ``"first round"``).
    """
    folded = _APOSTROPHES.sub("", text.casefold())
    return _NOT_WORD.sub(" ", folded).strip()


@dataclass(frozen=True)
class Question:
    """One interview question and the other ways an interviewer might ask it."""

    id: str  # unique in its bank, kebab-case ("tell-me-about-yourself")
    text: str  # the main wording, as the interviewer says it
    category: str  # one of CATEGORIES
    rounds: tuple[int, ...]  # sorted, each in ROUNDS
    paraphrases: tuple[str, ...] = field(default_factory=tuple)  # same question, other words
    closing: bool = False  # True for the question that ends the interview

    @property
    def all_wordings(self) -> tuple[str, ...]:
        """The main text first, then the paraphrases."""
        return (self.text, *self.paraphrases)

    def in_round(self, round_number: int) -> bool:
        return round_number in self.rounds

    def matches(self, text_or_id: str) -> bool:
        """True for this question's id or any of its wordings (ignoring case and punctuation)."""
        if text_or_id == self.id:
            return True
        wanted = normalize_wording(text_or_id)
        return any(normalize_wording(wording) == wanted for wording in self.all_wordings)


@dataclass(frozen=True)
class QuestionBank:
    """A named set of questions in the order an interviewer asks them."""

    name: str  # kebab-case, the file's stem for bundled banks ("pharma-sales")
    title: str  # for people ("Pharmaceutical sales representative")
    path: Path  # the TOML file it was loaded from
    questions: tuple[Question, ...]
    description: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def for_round(self, round_number: int) -> tuple[Question, ...]:
        """The questions asked in ``round_number`` (1 or 2), in file order."""
        _check_round(round_number)
        return tuple(q for q in self.questions if q.in_round(round_number))

    def interview_order(
        self, round_number: int, *, max_questions: int | None = None
    ) -> tuple[Question, ...]:
        """The questions for one interview: the round's questions, closing question last.

        With ``max_questions``, the first ``max_questions - 1`` other questions are kept
        and the closing question (if the round has one) still ends the interview.
        """
        _check_round(round_number)
        in_round = self.for_round(round_number)
        if not in_round:
            raise BankError(
                f"bank '{self.name}' has no questions for round {round_number}; "
                f"add rounds = [{round_number}] to some questions in {self.path}"
            )
        if max_questions is not None and max_questions < 1:
            raise BankError(
                f"max_questions must be at least 1, got {max_questions}; "
                f"round {round_number} of bank '{self.name}' has {len(in_round)} questions"
            )
        body = [q for q in in_round if not q.closing]
        ending = [q for q in in_round if q.closing]
        if max_questions is not None:
            body = body[: max(max_questions - len(ending), 0)]
            ending = ending[:max_questions]
        return (*body, *ending)

    def get(self, question_id: str) -> Question:
        """The question with ``question_id``; BankError listing the known ids otherwise."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise BankError(
            f"bank '{self.name}' has no question '{question_id}'; "
            f"known ids: {', '.join(self.ids)}"
        )

    def find_by_wording(self, text: str) -> Question | None:
        """The question whose text or a paraphrase is ``text`` (ignoring case and punctuation)."""
        wanted = normalize_wording(text)
        if not wanted:
            return None
        for question in self.questions:
            if any(normalize_wording(w) == wanted for w in question.all_wordings):
                return question
        return None


def _check_round(round_number: int) -> None:
    if isinstance(round_number, bool) or round_number not in ROUNDS:
        raise BankError(
            f"round must be one of {', '.join(map(str, ROUNDS))}, got {round_number!r}"
        )
