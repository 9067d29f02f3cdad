"""One answer's content analysed: ``analyze_content(text, question=..., baseline_text=...)``.

This is the entry point that runs every content rule on a transcript and gathers the
results in a ``ContentAnalysis`` whose ``to_dict()`` is the stored JSON (CONTRACT.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.analysis.content.consistency import Conflict, Consistency, check_consistency
from voice_coach.analysis.content.examples import QuantifiedClaim, Star, example_flags, find_examples
from voice_coach.analysis.content.facts import extract_facts
from voice_coach.analysis.content.flag import FLAG_KINDS, STORY_CHANGED, Flag
from voice_coach.analysis.content.questions_asked import AskedQuestion, closing_flags, split_questions
from voice_coach.analysis.content.word_choice import Hedge, check_word_choice, word_choice_flags
from voice_coach.analysis.content.words import read_words
from voice_coach.analysis.validation import AnalysisInputError
from voice_coach.questions.model import Question

# Question categories whose answers should tell a real story with a result.
EXAMPLE_CATEGORIES = ("behavioural", "role")


@dataclass(frozen=True)
class ContentAnalysis:
    """What an answer says, as opposed to how it sounds. See CONTRACT.md for each field."""

    quantified_claims: tuple[QuantifiedClaim, ...] = ()
    star: Star = Star()
    example_found: bool = False
    hedges: tuple[Hedge, ...] = ()
    i_we_ratio: float | None = None  # I-forms per we-form; None when neither was said
    questions_asked: tuple[AskedQuestion, ...] = ()  # closing question only; () otherwise
    flags: tuple[Flag, ...] = ()  # most important first
    consistency: Consistency | None = None  # None when no baseline answer was given

    def to_dict(self) -> dict:
        """The JSON contract; ``consistency`` is left out when there was no baseline."""
        data = {
            "quantified_claims": [claim.to_dict() for claim in self.quantified_claims],
            "star": self.star.to_dict(),
            "example_found": self.example_found,
            "hedges": [hedge.to_dict() for hedge in self.hedges],
            "i_we_ratio": self.i_we_ratio,
            "questions_asked": [question.to_dict() for question in self.questions_asked],
            "flags": [flag.to_dict() for flag in self.flags],
        }
        if self.consistency is not None:
            data["consistency"] = self.consistency.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ContentAnalysis":
        """Rebuild from ``to_dict()`` output (for example, a stored round-1 answer)."""
        try:
            ratio = data.get("i_we_ratio")
            consistency = data.get("consistency")
            return cls(
                quantified_claims=tuple(QuantifiedClaim.from_dict(c) for c in data.get("quantified_claims", [])),
                star=Star.from_dict(data.get("star") or {}),
                example_found=bool(data.get("example_found", False)),
                hedges=tuple(Hedge.from_dict(h) for h in data.get("hedges", [])),
                i_we_ratio=None if ratio is None else float(ratio),
                questions_asked=tuple(AskedQuestion.from_dict(q) for q in data.get("questions_asked", [])),
                flags=tuple(Flag.from_dict(f) for f in data.get("flags", [])),
                consistency=None if consistency is None else Consistency.from_dict(consistency),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise AnalysisInputError(
                f"stored content analysis is malformed ({type(e).__name__}: {e}); expected "
                "ContentAnalysis.to_dict() output (see voice_coach/analysis/content/CONTRACT.md)"
            ) from e


def analyze_content(text: str, *, question: Question | None = None, baseline_text: str | None = None) -> ContentAnalysis:
    """Analyse what one answer says.

    ``text`` is the transcript (Whisper's punctuation and fillers are fine). ``question``,
    when known, decides which rules apply: the closing question's answer is split into
    the questions asked; behavioural and role questions (and unknown ones) should tell a
    story with a result. ``baseline_text`` is the candidate's earlier answer to the same
    question or a paraphrase; with it, facts are compared and changes reported.
    An answer with no words has no flags.
    """
    _check_inputs(text, question=question, baseline_text=baseline_text)
    words = read_words(text)
    facts = extract_facts(words)
    examples = find_examples(words, facts)
    choice = check_word_choice(words)
    closing = question is not None and (question.closing or question.category == "closing")
    asked = split_questions(words) if closing else ()
    consistency = None if baseline_text is None else check_consistency(facts, baseline=baseline_text)

    flags: list[Flag] = []
    if len(words) > 0:
        if consistency is not None:
            flags.extend(_story_changed(conflict) for conflict in consistency.conflicts)
        if closing:
            flags.extend(closing_flags(asked))
        elif question is None or question.category in EXAMPLE_CATEGORIES:
            flags.extend(example_flags(examples))
        flags.extend(word_choice_flags(choice, judge_pronouns=not closing))
    flags.sort(key=lambda flag: FLAG_KINDS.index(flag.kind))
    return ContentAnalysis(
        quantified_claims=examples.quantified_claims,
        star=examples.star,
        example_found=examples.example_found,
        hedges=choice.hedges,
        i_we_ratio=choice.i_we_ratio,
        questions_asked=asked,
        flags=tuple(flags),
        consistency=consistency,
    )


def _story_changed(conflict: Conflict) -> Flag:
    return Flag(
        STORY_CHANGED,
        f"Your story changed on the {conflict.fact}: earlier you said {conflict.baseline_quote}, "
        f"now {conflict.answer_quote}. Keep the facts the same each time.",
        conflict.answer_quote,
    )


def _check_inputs(text: object, *, question: object, baseline_text: object) -> None:
    if not isinstance(text, str):
        raise AnalysisInputError(f"text must be the transcript as a str, got {type(text).__name__}; pass transcript.text")
    if question is not None and not isinstance(question, Question):
        raise AnalysisInputError(
            f"question must be a voice_coach.questions.Question or None, got {type(question).__name__}; "
            "look it up with bank.get(question_id)"
        )
    if baseline_text is not None and not isinstance(baseline_text, str):
        raise AnalysisInputError(
            f"baseline_text must be the earlier answer's transcript as a str or None, got {type(baseline_text).__name__}"
        )
