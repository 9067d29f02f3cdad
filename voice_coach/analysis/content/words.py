"""Transcript text as words the content rules can read: fillers out, numbers as values.

Whisper's text has punctuation and casing, both imperfect, and spoken fillers ("um",
"uh", "you know", "like,"). Every rule in this package reads the same ``Words``:

- filled pauses are dropped, and "you know", "like", "I mean" when set off by commas;
- a number becomes one word with a value, however it was written ("five", "5",
  "twenty five", "1.2 million", "$200,000", "40%");
- ``joined`` is every word's ``norm`` separated by single spaces, with `` | `` between
  sentences, so rules can use regular expressions that never cross a sentence and then
  map a match back to words with ``span``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from voice_coach.analysis.content.numbers import (
    NUMBER_WORDS,
    SCALES,
    format_number,
    parse_digits,
    parse_number_words,
)

SENTENCE_BREAK = "|"  # between sentences in ``Words.joined``

# Filled pauses: dropped wherever they are.
FILLED_PAUSES = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hm", "mm", "mmm"})
_LEADING_MARKS = "\"“”«(¿¡[{<'"
_TRAILING_MARKS = ".,!?;:\"“”»)]}>…-—–'"
_PAUSE_MARKS = ",;:-—–"
_CLAUSE_END_MARKS = ".!?…"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}


@dataclass(frozen=True)
class Word:
    """One spoken word (or one whole number) of the transcript, fillers excluded."""

    text: str  # as written, surrounding punctuation removed ("Power", "$200,000", "twenty five")
    norm: str  # lower case; a number as digits, with its unit ("5", "200000 dollars", "40 percent")
    value: float | None  # the number it says, or None
    sentence: int  # index of its sentence, from 0
    capitalised: bool  # written with a capital first letter
    pause_after: bool  # a comma, colon, semicolon or dash follows it
    sentence_end_after: bool  # the last word of its sentence
    question_after: bool  # a question mark follows it


@dataclass(frozen=True)
class Words:
    """A transcript's words with ``joined`` for pattern matching (see the module docstring)."""

    items: tuple[Word, ...]
    joined: str
    starts: tuple[int, ...]  # where each word's norm starts in ``joined``
    sentence_spans: tuple[tuple[int, int], ...]  # [start, end) word indexes per sentence

    def __len__(self) -> int:
        return len(self.items)

    def span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """The [start, end) word indexes covered by ``joined[start_char:end_char]``."""
        return bisect_right(self.starts, start_char) - 1, bisect_left(self.starts, end_char)

    def find(self, pattern: re.Pattern[str], *, group: int | str = 0) -> Iterator[tuple[int, int, re.Match[str]]]:
        """Every match of ``pattern`` in ``joined``, as (start word, end word, match)."""
        for match in pattern.finditer(self.joined):
            if match.start(group) < 0:
                continue
            start, end = self.span(match.start(group), match.end(group))
            if start < end:
                yield start, end, match

    def quote(self, start: int, end: int) -> str:
        """The words [start, end) as written, with the commas between them."""
        parts = []
        for index in range(max(start, 0), min(end, len(self.items))):
            word = self.items[index]
            last = index == end - 1
            parts.append(word.text + ("," if word.pause_after and not last and not word.sentence_end_after else ""))
        return " ".join(parts)

    def sentence_text(self, sentence: int) -> str:
        """One sentence as written, fillers removed, capitalised, with its end mark."""
        start, end = self.sentence_spans[sentence]
        return self.clause_text(start, end)

    def clause_text(self, start: int, end: int) -> str:
        """Words [start, end) as a sentence: capital first letter, "?" or "." at the end."""
        text = self.quote(start, end).strip(" ,")
        if not text:
            return ""
        text = text[0].upper() + text[1:]
        return text + ("?" if self.items[end - 1].question_after else ".")

    def sentence_of(self, index: int) -> tuple[int, int]:
        """The [start, end) span of the sentence holding word ``index``."""
        return self.sentence_spans[self.items[index].sentence]

    def window(self, start: int, end: int, *, before: int, after: int) -> tuple[int, int]:
        """[start, end) widened by up to ``before`` and ``after`` words inside its sentence."""
        sentence_start, sentence_end = self.sentence_of(start)
        return max(sentence_start, start - before), min(sentence_end, end + after)


@dataclass(frozen=True)
class _Raw:
    """A whitespace-separated token before fillers and numbers are handled."""

    core: str  # punctuation removed at both ends
    pause_after: bool
    sentence_end_after: bool
    question_after: bool

    @property
    def lower(self) -> str:
        return self.core.lower()


def read_words(text: str) -> Words:
    """``text`` as ``Words``: fillers dropped, numbers merged, sentences split."""
    raws = _drop_fillers(_raw_tokens(text))
    items: list[Word] = []
    sentence = 0
    i = 0
    while i < len(raws):
        word, used = _number_word(raws, i, sentence) or _plain_word(raws[i], sentence)
        items.append(word)
        i += used
        if word.sentence_end_after:
            sentence += 1
    if items and not items[-1].sentence_end_after:
        items[-1] = replace(items[-1], sentence_end_after=True)
    return _assemble(tuple(items))


def _raw_tokens(text: str) -> list[_Raw]:
    raws: list[_Raw] = []
    for match in re.finditer(r"\S+", text.translate(_APOSTROPHES)):
        token = match.group()
        core = token.lstrip(_LEADING_MARKS)
        bare = core.rstrip(_TRAILING_MARKS)
        trailing = core[len(bare):]
        if not bare:
            if raws and trailing:  # a lone dash or dots: a break after the word before
                raws[-1] = _merge_marks(raws[-1], trailing)
            continue
        parts = _split_hyphenated_number(bare)
        for part in parts[:-1]:
            raws.append(_Raw(part, False, False, False))
        raws.append(
            _Raw(
                parts[-1],
                pause_after=any(mark in trailing for mark in _PAUSE_MARKS),
                sentence_end_after=any(mark in trailing for mark in _CLAUSE_END_MARKS),
                question_after="?" in trailing,
            )
        )
    return raws


def _merge_marks(raw: _Raw, trailing: str) -> _Raw:
    return _Raw(
        raw.core,
        pause_after=raw.pause_after or any(mark in trailing for mark in _PAUSE_MARKS),
        sentence_end_after=raw.sentence_end_after or any(mark in trailing for mark in _CLAUSE_END_MARKS),
        question_after=raw.question_after or "?" in trailing,
    )


def _split_hyphenated_number(bare: str) -> list[str]:
    """ "twenty-five" → twenty, five; "10-person" → 10, person; "month-end" stays whole."""
    if "-" not in bare:
        return [bare]
    parts = [part for part in bare.split("-") if part]
    first = parts[0].lower() if parts else ""
    if first in NUMBER_WORDS or parse_digits(first.lstrip("$£€")) is not None:
        return parts
    return [bare]


def _drop_fillers(raws: list[_Raw]) -> list[_Raw]:
    """Remove filled pauses, and discourse fillers set off by punctuation.

    A dropped word's sentence end or question mark moves to the word before it; a comma
    before a dropped filler goes with the filler ("I was, like, a lead" → "I was a lead").
    """
    drop = [False] * len(raws)
    for i, raw in enumerate(raws):
        word = raw.lower
        if word in FILLED_PAUSES:
            drop[i] = True
        elif word == "like" and (raw.pause_after or raw.sentence_end_after) and i > 0 and raws[i - 1].pause_after:
            drop[i] = True
        elif word == "like" and raw.pause_after and i > 0 and raws[i - 1].lower in ("was", "is", "it's", "were", "and", "so"):
            drop[i] = True
        elif word == "know" and i > 0 and raws[i - 1].lower == "you" and _set_off(raws, i - 1, i):
            drop[i - 1] = drop[i] = True
        elif word == "mean" and i > 0 and raws[i - 1].lower == "i" and raw.pause_after:
            drop[i - 1] = drop[i] = True
    kept: list[_Raw] = []
    for i, raw in enumerate(raws):
        if drop[i]:
            # A hesitation sound is no sentence end ("for, er... six years"): only a
            # dropped discourse filler passes its full stop on to the word before it.
            ends_sentence = raw.sentence_end_after and raw.lower not in FILLED_PAUSES
            if kept and (ends_sentence or raw.question_after):
                kept[-1] = _Raw(kept[-1].core, False, ends_sentence or raw.question_after or kept[-1].sentence_end_after,
                                kept[-1].question_after or raw.question_after)
            continue
        next_dropped = i + 1 < len(raws) and drop[i + 1]
        if next_dropped and raw.pause_after:
            raw = _Raw(raw.core, False, raw.sentence_end_after, raw.question_after)
        kept.append(raw)
    return kept


def _set_off(raws: list[_Raw], first: int, last: int) -> bool:
    """True when the words first..last are bracketed by punctuation (a discourse filler)."""
    after = raws[last].pause_after or raws[last].sentence_end_after
    return after or (first > 0 and raws[first - 1].pause_after)


def _plain_word(raw: _Raw, sentence: int) -> tuple[Word, int]:
    norm = raw.lower
    if norm.endswith("%"):
        norm = norm[:-1] + " percent"
    return (
        Word(
            text=raw.core,
            norm=norm,
            value=None,
            sentence=sentence,
            capitalised=raw.core[:1].isupper(),
            pause_after=raw.pause_after,
            sentence_end_after=raw.sentence_end_after,
            question_after=raw.question_after,
        ),
        1,
    )


def _number_word(raws: list[_Raw], i: int, sentence: int) -> tuple[Word, int] | None:
    """A number starting at raws[i] as one word, with how many raw tokens it used."""
    first = raws[i].core
    currency = _CURRENCY.get(first[:1])
    body = first[1:] if currency else first
    percent = body.endswith("%")
    body = body[:-1] if percent else body
    value = parse_digits(body)
    used = 1
    if value is not None:
        # "1.2 million", "5 thousand": a scale word said after the digits.
        if not raws[i].pause_after and not raws[i].sentence_end_after and i + 1 < len(raws) and raws[i + 1].lower in SCALES and not percent:
            value *= SCALES[raws[i + 1].lower]
            used = 2
    else:
        if currency or percent:
            return None
        spoken = []
        for raw in raws[i:]:
            spoken.append(raw.lower)
            if raw.pause_after or raw.sentence_end_after:
                break
        parsed = parse_number_words(spoken)
        if parsed is None:
            return None
        value, used = parsed
    last = raws[i + used - 1]
    norm = format_number(value)
    if currency:
        norm += " " + currency
    if percent:
        norm += " percent"
    return (
        Word(
            text=" ".join(raw.core for raw in raws[i : i + used]),
            norm=norm,
            value=value,
            sentence=sentence,
            capitalised=False,
            pause_after=last.pause_after,
            sentence_end_after=last.sentence_end_after,
            question_after=last.question_after,
        ),
        used,
    )


def _assemble(items: tuple[Word, ...]) -> Words:
    pieces: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    position = 0
    sentence_start = 0
    for index, word in enumerate(items):
        if index > 0:
            separator = f" {SENTENCE_BREAK} " if items[index - 1].sentence_end_after else " "
            pieces.append(separator)
            position += len(separator)
        starts.append(position)
        pieces.append(word.norm)
        position += len(word.norm)
        if word.sentence_end_after:
            spans.append((sentence_start, index + 1))
            sentence_start = index + 1
    return Words(items=items, joined="".join(pieces), starts=tuple(starts), sentence_spans=tuple(spans))
