"""The filler measure: how many fillers, how dense, which ones, and repetitions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from voice_coach.analysis.filler_rules import find_fillers
from voice_coach.analysis.repetitions import find_repetitions
from voice_coach.analysis.spans import TimedText
from voice_coach.analysis.tokens import tokenize
from voice_coach.speech.transcript import Transcript


@dataclass(frozen=True)
class Fillers:
    """Fillers in one answer. Rates are None when there are no words to divide by."""

    count: int = 0  # fillers; a two-word filler ("you know") counts once
    per_100_words: float | None = None  # count per 100 transcript words (fillers included)
    per_minute: float | None = None  # count per minute of the speech span (first to last word)
    by_word: dict[str, int] = field(default_factory=dict)  # {"um": 3, "like": 1}
    items: tuple[TimedText, ...] = ()  # each filler as said, with its times
    repetitions: tuple[TimedText, ...] = ()  # "I I", "we were— we are"; not in count

    def __hash__(self) -> int:  # by_word is a dict; hash what identifies the result
        return hash((self.count, self.per_100_words, self.items, self.repetitions))

    def to_dict(self) -> dict:
        return {
            "count": self.count,
            "per_100_words": self.per_100_words,
            "per_minute": self.per_minute,
            "by_word": dict(self.by_word),
            "items": [item.to_dict() for item in self.items],
            "repetitions": [item.to_dict() for item in self.repetitions],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Fillers":
        return cls(
            count=int(data["count"]),
            per_100_words=_optional_float(data.get("per_100_words")),
            per_minute=_optional_float(data.get("per_minute")),
            by_word={str(k): int(v) for k, v in data.get("by_word", {}).items()},
            items=tuple(TimedText.from_dict(d) for d in data.get("items", [])),
            repetitions=tuple(TimedText.from_dict(d) for d in data.get("repetitions", [])),
        )


@dataclass(frozen=True)
class FillerResult:
    """The filler measure and, per transcript word, whether it is part of a filler and
    whether it counts as a spoken word for the pace (neither a filler nor bare punctuation)."""

    fillers: Fillers
    word_flags: tuple[bool, ...]
    counts_for_pace: tuple[bool, ...]


def measure_fillers(transcript: Transcript) -> FillerResult:
    """Find fillers and repetitions in ``transcript`` (times in seconds of its audio)."""
    tokens = tokenize(transcript.words)
    matches = find_fillers(tokens)
    flagged = frozenset(i for m in matches for i in range(m.first_index, m.last_index + 1))
    flags = tuple(i in flagged for i in range(len(tokens)))
    count = len(matches)
    n_words = sum(1 for t in tokens if t.norm)
    span_s = transcript.words[-1].end_s - transcript.words[0].start_s if tokens else 0.0
    fillers = Fillers(
        count=count,
        per_100_words=round(100.0 * count / n_words, 2) if n_words else None,
        per_minute=round(60.0 * count / span_s, 2) if span_s > 0 else None,
        by_word=dict(Counter(m.name for m in matches)),
        items=tuple(TimedText.from_tokens(tokens, m.first_index, m.last_index) for m in matches),
        repetitions=find_repetitions(tokens, flagged),
    )
    counts_for_pace = tuple(bool(t.norm) and not flag for t, flag in zip(tokens, flags))
    return FillerResult(fillers=fillers, word_flags=flags, counts_for_pace=counts_for_pace)


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
