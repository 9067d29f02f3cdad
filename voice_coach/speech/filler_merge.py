"""Words from the plain reading, fillers from the prompted one.

The filler prompt makes Whisper keep "um" and "uh", but it also nudges the words around
them ("a team of five" becomes "a team on five" with tiny.en). With two decodes of the same
audio, the plain one supplies the words and the prompted one the fillers: each prompted
filler is put between the plain words that match its neighbours in the prompted reading,
and words found in both readings keep the prompted reading's times.

Entry point: ``merge_fillers(plain, prompted) -> tuple[Word, ...]``.
"""

from __future__ import annotations

import difflib

from voice_coach.speech.filler_prompt import is_filled_pause
from voice_coach.speech.transcript import Word


def merge_fillers(plain: tuple[Word, ...], prompted: tuple[Word, ...]) -> tuple[Word, ...]:
    """``plain``'s words with ``prompted``'s filled pauses in their places.

    The plain reading's own filled pauses are replaced by the prompted reading's (it
    keeps a superset of them). A filler whose neighbours have no match in the plain
    reading goes where its time puts it.
    """
    plain_words = [w for w in plain if not is_filled_pause(w.text)]
    prompted_words = [w for w in prompted if not is_filled_pause(w.text)]
    matcher = difflib.SequenceMatcher(a=[_key(w.text) for w in prompted_words],
                                      b=[_key(w.text) for w in plain_words], autojunk=False)
    to_plain: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            to_plain[block.a + k] = block.b + k

    # slot[i]: fillers that go right before plain word i (i == len: after the last word)
    slots: dict[int, list[Word]] = {}
    seen_words = 0  # content words of the prompted reading before the current filler
    for word in prompted:
        if not is_filled_pause(word.text):
            seen_words += 1
            continue
        slots.setdefault(_slot(seen_words, to_plain, plain_words, word), []).append(word)

    # A matched word takes the prompted reading's times: that reading gave the fillers
    # their own time, where the plain one stretches the next word over them.
    from_prompted = {b: a for a, b in to_plain.items()}
    merged: list[Word] = []
    for i, word in enumerate(plain_words):
        merged.extend(slots.get(i, ()))
        if i in from_prompted:
            timed = prompted_words[from_prompted[i]]
            word = Word(text=word.text, start_s=timed.start_s, end_s=timed.end_s,
                        probability=word.probability, source=word.source)
        merged.append(word)
    merged.extend(slots.get(len(plain_words), ()))
    return tuple(merged)


def _slot(seen_words: int, to_plain: dict[int, int], plain_words: list[Word], filler: Word) -> int:
    """Where a filler with ``seen_words`` prompted words before it goes in the plain words."""
    if seen_words - 1 in to_plain:  # right after the plain match of the word before it
        return to_plain[seen_words - 1] + 1
    if seen_words in to_plain:  # right before the plain match of the word after it
        return to_plain[seen_words]
    return sum(1 for w in plain_words if w.start_s < filler.start_s)


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum() or c == "'")
