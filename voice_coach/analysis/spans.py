"""A stretch of the transcript with its text and times: a filler, a repetition."""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.analysis.tokens import Token


@dataclass(frozen=True)
class TimedText:
    """Words said between two times (seconds from the start of the answer's audio)."""

    text: str
    start_s: float
    end_s: float

    @classmethod
    def from_tokens(cls, tokens: tuple[Token, ...], first: int, last: int) -> "TimedText":
        """The words ``tokens[first..last]`` (inclusive) as written, with their span."""
        return cls(
            text=" ".join(t.text.strip() for t in tokens[first : last + 1]),
            start_s=round(tokens[first].start_s, 3),
            end_s=round(tokens[last].end_s, 3),
        )

    def to_dict(self) -> dict:
        return {"text": self.text, "start_s": self.start_s, "end_s": self.end_s}

    @classmethod
    def from_dict(cls, data: dict) -> "TimedText":
        return cls(text=str(data["text"]), start_s=float(data["start_s"]), end_s=float(data["end_s"]))
