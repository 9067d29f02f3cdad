"""Repetitions and restarts: "I I think", "we were we were", "we were — we are", "mon- montreal".

They are counted apart from fillers. Fillers in between are looked through
("I um I think" is a repetition of "I"), and repeated fillers ("uh uh uh") are fillers,
not repetitions.
"""

from __future__ import annotations

from dataclasses import replace

from voice_coach.analysis.spans import TimedText
from voice_coach.analysis.tokens import Token

# Words that English doubles on purpose: "I know that that works", "it had had", "very very".
_GRAMMATICAL_DOUBLES = frozenset("that had very really no yes bye ha knock again more".split())
_LONGEST_REPEATED_PHRASE = 3  # words; "we were we were" is 2, "I think I I think" is caught as 1
_LONGEST_ABANDONED_PHRASE = 3  # words before a break that a restart may go back over


def find_repetitions(tokens: tuple[Token, ...], filler_indices: frozenset[int]) -> tuple[TimedText, ...]:
    """Every repetition or restart in ``tokens``, in order, none overlapping."""
    words = _spoken_words(tokens, filler_indices)
    found: list[TimedText] = []
    i = 0
    while i < len(words):
        span = _restart_at(words, i) or _repeated_phrase_at(words, i)
        if span is None:
            i += 1
            continue
        first, last = span
        found.append(TimedText.from_tokens(tokens, words[first].index, words[last].index))
        i = last + 1
    return tuple(found)


def _repeated_phrase_at(words: list[Token], i: int) -> tuple[int, int] | None:
    """A phrase said twice or more in a row starting at ``i``: "I I", "we were we were"."""
    for n in range(_LONGEST_REPEATED_PHRASE, 0, -1):
        phrase = _norms(words, i, n)
        if len(phrase) < n or _norms(words, i + n, n) != phrase:
            continue
        if n == 1 and phrase[0] in _GRAMMATICAL_DOUBLES:
            continue
        last = i + 2 * n - 1
        while _norms(words, last + 1, n) == phrase:
            last += n
        return i, last
    return None


def _restart_at(words: list[Token], i: int) -> tuple[int, int] | None:
    """A broken-off phrase starting at ``i`` and its restart.

    The break is a word written with a trailing dash or ellipsis within a few words of
    ``i``. Either the speaker goes back to the phrase's first word ("we were— we are":
    the span covers the abandoned words and as many of the new ones) or the broken word
    is cut short and said again in full ("mon- montreal").
    """
    for length in range(1, _LONGEST_ABANDONED_PHRASE + 1):
        broken = i + length - 1
        if broken + 1 >= len(words):
            return None
        if not words[broken].break_after:
            continue
        restart = broken + 1
        if words[restart].norm == words[i].norm:
            return i, min(restart + length - 1, len(words) - 1)
        if length == 1 and words[restart].norm.startswith(words[i].norm):
            return i, restart
    return None


def _spoken_words(tokens: tuple[Token, ...], filler_indices: frozenset[int]) -> list[Token]:
    """The non-filler words; a lone dash ("—") written as its own word marks the one before."""
    words: list[Token] = []
    for token in tokens:
        if token.index in filler_indices:
            continue
        if not token.norm:
            if words and token.break_after:
                words[-1] = replace(words[-1], break_after=True)
            continue
        words.append(token)
    return words


def _norms(words: list[Token], start: int, n: int) -> tuple[str, ...]:
    return tuple(w.norm for w in words[start : start + n])
