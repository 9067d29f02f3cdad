"""What a transcription gives: words with times, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Word:
    """One recognised word; times are seconds from the start of the answer's audio."""

    text: str  # as written, stripped of surrounding spaces ("Um," keeps its comma)
    start_s: float
    end_s: float
    probability: float  # the model's confidence, 0..1 (for an acoustic filler: how steady the sound was)
    source: str = "asr"  # "asr": written by the speech model; "acoustic": a filled pause found in the audio

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Word":
        return cls(
            text=str(data["text"]),
            start_s=float(data["start_s"]),
            end_s=float(data["end_s"]),
            probability=float(data["probability"]),
            source=str(data.get("source", "asr")),  # records from before fillers had a source
        )


@dataclass(frozen=True)
class Transcript:
    """A whole answer's transcription."""

    words: tuple[Word, ...] = field(default_factory=tuple)
    duration_s: float = 0.0  # length of the audio that was transcribed
    language: str = "en"

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def is_empty(self) -> bool:
        return not self.words

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "duration_s": self.duration_s,
            "language": self.language,
            "words": [word.to_dict() for word in self.words],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Transcript":
        return cls(
            words=tuple(Word.from_dict(w) for w in data.get("words", [])),
            duration_s=float(data.get("duration_s", 0.0)),
            language=str(data.get("language", "en")),
        )
