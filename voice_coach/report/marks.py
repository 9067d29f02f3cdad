"""A transcript ready to show: each word flagged as filler or not, pauses placed between words.

The stored analysis keeps fillers as timed items (``fillers.items``) and pauses as timed
silences found in the audio (``pacing.pauses``); this module lays them back onto the
transcript's words, so every renderer (HTML, Markdown, terminal, subtitles) shows the
same marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Union

from voice_coach.analysis import DEFAULT_THRESHOLDS, AnswerAnalysis
from voice_coach.speech.transcript import Transcript, Word

# Filler items store their times rounded to the millisecond; a word matches within this.
_TIME_TOLERANCE_S = 0.002


@dataclass(frozen=True)
class MarkedWord:
    """One transcript word and whether the analysis counted it as (part of) a filler."""

    text: str
    start_s: float
    end_s: float
    filler: bool


@dataclass(frozen=True)
class PauseMark:
    """A silence inside the answer, shown between the words around it."""

    start_s: float
    duration_s: float
    long: bool  # at least the analysis' long-pause length (2 s by default)

    @property
    def label(self) -> str:
        """The inline marker, e.g. ``[2.3 s pause]``."""
        return f"[{self.duration_s:.1f} s pause]"


Piece = Union[MarkedWord, PauseMark]


@dataclass(frozen=True)
class MarkedTranscript:
    """Words and pauses in the order they were spoken."""

    pieces: tuple[Piece, ...] = ()

    @property
    def words(self) -> tuple[MarkedWord, ...]:
        return tuple(p for p in self.pieces if isinstance(p, MarkedWord))

    @property
    def filler_count(self) -> int:
        """Filler words (a two-word filler such as "you know" counts twice here)."""
        return sum(1 for w in self.words if w.filler)


def mark_transcript(
    transcript: Transcript,
    analysis: Optional[AnswerAnalysis],
    *,
    long_pause_min_s: float = DEFAULT_THRESHOLDS.long_pause_min_s,
) -> MarkedTranscript:
    """Flag ``transcript``'s fillers and insert its pauses, from the answer's stored ``analysis``.

    Without an analysis the words come back unflagged and without pauses.
    """
    words = transcript.words
    if analysis is None:
        return MarkedTranscript(tuple(MarkedWord(w.text, w.start_s, w.end_s, False) for w in words))
    flags = filler_flags(words, analysis.fillers.items)
    marked = [MarkedWord(w.text, w.start_s, w.end_s, flag) for w, flag in zip(words, flags)]
    pauses = sorted(analysis.pacing.pauses, key=lambda p: p.start_s)
    pieces: list[Piece] = []
    next_pause = 0
    for word in marked:
        # A pause goes before the first word that starts after its middle: Whisper often
        # stretches a word into the silence next to it, so edges are not reliable.
        while next_pause < len(pauses) and _middle_s(pauses[next_pause]) <= word.start_s:
            pieces.append(_pause_mark(pauses[next_pause], long_pause_min_s))
            next_pause += 1
        pieces.append(word)
    pieces.extend(_pause_mark(p, long_pause_min_s) for p in pauses[next_pause:])
    return MarkedTranscript(tuple(pieces))


def filler_flags(words: Sequence[Word], items: Sequence) -> tuple[bool, ...]:
    """Per word, whether it belongs to one of the filler ``items`` (``TimedText``: text, start_s, end_s).

    An item is matched to the run of words that starts at its start time and whose texts,
    joined by spaces, are its text; failing that, to the words lying inside its times.
    """
    flags = [False] * len(words)
    for item in items:
        run = _exact_run(words, item)
        if run is None:
            run = [
                i for i, w in enumerate(words)
                if w.start_s >= item.start_s - _TIME_TOLERANCE_S and w.end_s <= item.end_s + _TIME_TOLERANCE_S
            ]
        for i in run:
            flags[i] = True
    return tuple(flags)


def _exact_run(words: Sequence[Word], item) -> Optional[list[int]]:
    n_words = len(item.text.split())
    for first, word in enumerate(words):
        if abs(word.start_s - item.start_s) > _TIME_TOLERANCE_S:
            continue
        run = words[first : first + n_words]
        if (
            len(run) == n_words
            and " ".join(w.text.strip() for w in run) == item.text
            and abs(run[-1].end_s - item.end_s) <= _TIME_TOLERANCE_S
        ):
            return list(range(first, first + n_words))
    return None


def _middle_s(pause) -> float:
    return pause.start_s + pause.duration_s / 2


def _pause_mark(pause, long_pause_min_s: float) -> PauseMark:
    return PauseMark(start_s=pause.start_s, duration_s=pause.duration_s, long=pause.duration_s >= long_pause_min_s)
