"""Your questions: what the candidate asked when the interviewer said "Any questions for us?".

The answer is split into the questions asked. Whisper's question marks are unreliable,
so a piece counts as a question when it ends in "?" or reads like one: it opens with a
question word ("what", "how"), with a verb before its subject ("could you", "is there"),
or with an indirect cue ("I was wondering", "I'd like to know", "tell me about"). A
sentence holding two questions ("What are the next steps, and when can I expect to hear
from you?") gives two.

Each question gets a topic: pay and benefits (premature before an offer: flagged), next
steps or timeline (closes the sale: credited), an offer to cover more ground (credited,
even when said as a statement), or other. Fewer than two questions for the interviewer
is flagged; so is not asking about the next steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.analysis.content.flag import NO_NEXT_STEPS, PREMATURE_QUESTION, TOO_FEW_QUESTIONS, Flag
from voice_coach.analysis.content.words import Words

MIN_QUESTIONS = 2  # have at least this many questions ready

PAY_AND_BENEFITS = "pay_and_benefits"
NEXT_STEPS = "next_steps"
COVER_MORE = "cover_more"
OTHER = "other"
TOPICS = (PAY_AND_BENEFITS, NEXT_STEPS, COVER_MORE, OTHER)
VERDICTS = {PAY_AND_BENEFITS: "flagged", NEXT_STEPS: "credited", COVER_MORE: "credited", OTHER: "neutral"}

_QUESTION_WORDS = frozenset({"what", "what's", "when", "when's", "where", "where's", "who", "who's", "whom", "whose", "which", "why", "how", "how's"})
_AUXILIARIES = frozenset(
    """is are was were do does did can could will would should have has may might shall isn't aren't don't
    doesn't won't wouldn't""".split()
)
_SUBJECTS = frozenset(
    """you i we there it the this that your my they he she a an anyone someone people these those our any
    it's""".split()
)
_LEAD_INS = frozenset(
    """and or so also plus but then yes yeah okay ok well oh right sure first second secondly finally lastly
    just actually great thanks""".split()
)
_INDIRECT = re.compile(
    r"^(?:i was wondering|i wonder|i'd like to know|i would like to know|i'd love to know|i'd love to hear|"
    r"i'd like to hear|i'd like to understand|i would like to understand|i'd like to learn|i'm curious|i am curious|"
    r"tell me about|tell me more|i'd be interested|i would be interested|do you mind|i'd like to ask|i wanted to ask|"
    r"i want to ask|my (?:\w+ )?question is|i was hoping you could)\b"
)
_PAY = re.compile(
    r"\b(?P<topic>salary|salaries|compensation|bonus|bonuses|benefits?(?! of)|vacation|vacations|pto|paid time off|"
    r"time off|holidays?|raises|a raise|pay rise|pay raise|stock options?|stock grants?|equity|rsus?|401k|pension|"
    r"retirement|sick (?:days|leave)|perks|commissions?|overtime|wages?|remuneration|pay (?:range|scale|band|grade|rate)|"
    r"the pay|starting pay|base pay|rate of pay|paid|(?:does|would|will) (?:it|this|the role|the job|the position) pay|"
    r"how much (?:does|would|will|do) (?:it|this|the role|the job|you) pay)\b"
)
_NEXT_STEPS = re.compile(
    r"\b(?:next steps?|next stage|next round|timeline|time line|time frame|timeframe|hear back|hear from you|"
    r"when (?:will|can|should|might|would|do) (?:i|we) (?:expect|hear|know)|expect to hear|decision|what happens next|"
    r"what happens now|what's next|hiring process|rest of the process|the process from here|where do we go from here|"
    r"start date|when would (?:the role|i|you want me to|the successful candidate) start|"
    r"when (?:are|do) you (?:hoping|looking|planning) to (?:fill|decide|make))\b"
)
_COVER_MORE = re.compile(
    r"\b(?:anything else (?:that )?(?:i can|i could|you'd like|you would like|you want|you need)"
    r"|anything (?:we|i) (?:haven't|have not|didn't|did not) (?:covered?|talk|discuss|get to|go over|touch)"
    r"|(?:any|some) (?:concerns|reservations|hesitations?|doubts) (?:about|regarding|with) (?:my|me|hiring)"
    r"|anything (?:about|in|on) my (?:background|experience|resume|cv|application)|anything i can clarify"
    r"|happy to (?:go over|cover|talk about|expand on|go into)|anything that would (?:stop|keep|prevent) you"
    r"|anything (?:else )?we (?:missed|skipped)|(?:cover|go over|talk about) anything (?:else|we missed))\b"
)


@dataclass(frozen=True)
class AskedQuestion:
    """One question the candidate asked (or an offer to cover more ground)."""

    text: str  # as said, fillers and lead-ins removed: "What are the next steps in your process?"
    topic: str  # one of TOPICS

    @property
    def verdict(self) -> str:
        """``"flagged"`` (pay and benefits), ``"credited"`` (next steps, cover more) or ``"neutral"``."""
        return VERDICTS[self.topic]

    def to_dict(self) -> dict:
        return {"text": self.text, "topic": self.topic, "verdict": self.verdict}

    @classmethod
    def from_dict(cls, data: dict) -> "AskedQuestion":
        return cls(text=str(data["text"]), topic=str(data["topic"]))


def split_questions(words: Words) -> tuple[AskedQuestion, ...]:
    """The questions in a closing answer, in order, each with its topic."""
    asked = []
    for start, end in words.sentence_spans:
        for piece_start, piece_end in _pieces(words, start, end):
            piece_start = _skip_lead_ins(words, piece_start, piece_end)
            if piece_start >= piece_end:
                continue
            text = _joined(words, piece_start, piece_end)
            is_question = words.items[piece_end - 1].question_after or _reads_as_question(text)
            offers_more = _COVER_MORE.search(text) is not None
            if not (is_question or offers_more):
                continue
            asked.append(
                AskedQuestion(text=_written(words, piece_start, piece_end, question=is_question), topic=_topic(text))
            )
    return tuple(asked)


def pay_topic(text: str) -> str | None:
    """The pay or benefits word in a question ("salary", "vacation"), or None."""
    match = _PAY.search(text.lower())
    return None if match is None else match["topic"]


def closing_flags(asked: tuple[AskedQuestion, ...]) -> list[Flag]:
    """Flags for the closing answer: too few questions, pay and benefits, no next steps."""
    flags: list[Flag] = []
    questions = [q for q in asked if q.topic != COVER_MORE]
    for question in questions:
        if question.topic == PAY_AND_BENEFITS:
            flags.append(
                Flag(
                    PREMATURE_QUESTION,
                    f"You asked about {pay_topic(question.text) or 'pay'} before an offer. "
                    "Save pay and benefits for when they make you one.",
                    question.text,
                )
            )
    if len(questions) < MIN_QUESTIONS:
        said = "no questions" if not questions else "only one question"
        flags.append(
            Flag(
                TOO_FEW_QUESTIONS,
                f"You asked {said}. Have at least {MIN_QUESTIONS} ready, for example about the team, "
                "what success looks like in the first months, or the next steps.",
                questions[0].text if questions else None,
            )
        )
    if not any(q.topic == NEXT_STEPS for q in questions):
        flags.append(
            Flag(
                NO_NEXT_STEPS,
                "Before you finish, ask about the next steps and when you will hear back. That closes the sale.",
            )
        )
    return flags


def _pieces(words: Words, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut before each question that follows a comma ("..., and when can I...")."""
    cuts = [start]
    for index in range(start + 1, end - 1):
        if not words.items[index - 1].pause_after:
            continue
        norm = words.items[index].norm
        if norm in ("and", "or", "also", "plus", "but") and _opens_question(words, index + 1, end):
            cuts.append(index)
        elif norm in _QUESTION_WORDS and _opens_question(words, index, end):
            cuts.append(index)
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]


def _opens_question(words: Words, index: int, end: int) -> bool:
    """True when a direct question starts at ``index``: "when can I", "is there", "what's".

    Stricter than ``_reads_as_question``: "and how you measure success" continues the
    question before it ("could you tell me about the team, and how you measure...").
    """
    if index + 1 >= end:
        return False
    first, second = words.items[index].norm, words.items[index + 1].norm
    if first in _QUESTION_WORDS:
        return "'" in first or second in _AUXILIARIES or second in ("many", "much", "long", "soon", "often", "kind", "sort", "type")
    return first in _AUXILIARIES and second in _SUBJECTS


def _reads_as_question(text: str) -> bool:
    parts = text.split()
    if not parts:
        return False
    first, second = parts[0], parts[1] if len(parts) > 1 else ""
    if first in _QUESTION_WORDS:
        return second not in ("i", "i'm", "i've", "we", "we've")  # "what I enjoy is..." is a statement
    if first in _AUXILIARIES:
        return second in _SUBJECTS
    return _INDIRECT.match(text) is not None


def _topic(text: str) -> str:
    if _PAY.search(text):
        return PAY_AND_BENEFITS
    if _NEXT_STEPS.search(text):
        return NEXT_STEPS
    if _COVER_MORE.search(text):
        return COVER_MORE
    return OTHER


def _skip_lead_ins(words: Words, start: int, end: int) -> int:
    while start < end and words.items[start].norm in _LEAD_INS:
        start += 1
    return start


def _joined(words: Words, start: int, end: int) -> str:
    return " ".join(word.norm for word in words.items[start:end])


def _written(words: Words, start: int, end: int, *, question: bool) -> str:
    text = words.quote(start, end).strip(" ,")
    text = text[0].upper() + text[1:]
    return text + ("?" if question else ".")
