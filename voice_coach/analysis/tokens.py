"""Transcript words as tokens the text rules can read: normalised text plus punctuation marks.

Whisper writes words as spoken with punctuation attached ("Um,", "like,", "right?",
"were—"). The rules need both the bare word and what followed it, so each word becomes a
``Token`` once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.speech.transcript import Word

# Stripped from the front of a word. The apostrophe is kept: "'er" is "her", not "er".
_LEADING_MARKS = "\"“”«(¿¡[{<"
# Stripped from the end of a word; which of them were there is remembered below.
_TRAILING_MARKS = ".,!?;:\"“”»)]}>…-—–"
_CLAUSE_END_MARKS = ".!?;…"
_BREAK_MARKS = ("-", "—", "–", "...", "…")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True)
class Token:
    """One transcript word, ready for the filler and repetition rules."""

    index: int  # position in transcript.words
    text: str  # as written ("Um,")
    norm: str  # lower case, surrounding punctuation removed ("um"); may be "" for "—"
    comma_after: bool  # written with a trailing comma
    clause_end_after: bool  # written with a trailing . ! ? ; or …
    question_after: bool  # written with a trailing ?
    break_after: bool  # written with a trailing dash or ellipsis: the speaker broke off
    all_caps: bool  # written in capitals, like an acronym ("ER")
    start_s: float
    end_s: float


def tokenize(words: tuple[Word, ...]) -> tuple[Token, ...]:
    """One token per word, in order, with the same index as in ``words``."""
    return tuple(_token(index, word) for index, word in enumerate(words))


def _token(index: int, word: Word) -> Token:
    text = word.text.strip().translate(_APOSTROPHES)
    core = text.lstrip(_LEADING_MARKS)
    bare = core.rstrip(_TRAILING_MARKS)
    trailing = core[len(bare):]
    letters = [c for c in bare if c.isalpha()]
    return Token(
        index=index,
        text=word.text,
        norm=bare.lower(),
        comma_after="," in trailing,
        clause_end_after=any(mark in trailing for mark in _CLAUSE_END_MARKS),
        question_after="?" in trailing,
        break_after=trailing.endswith(_BREAK_MARKS),
        all_caps=len(letters) > 1 and all(c.isupper() for c in letters),
        start_s=word.start_s,
        end_s=word.end_s,
    )
