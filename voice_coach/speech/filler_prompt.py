"""The decoding prompt that keeps filled pauses, and how filled pauses are spelled.

Whisper learned from subtitles that leave "um" and "uh" out, so it drops them. A short
prompt written the way a verbatim transcript is written makes it keep them; a long one
makes it lose sentences and loop. The prompt is given to every 30 s window (see
``faster_engine``), not only to the first.
"""

from __future__ import annotations

import re

FILLER_PROMPT = "Um, uh, hmm, er, ah."

# Spellings of filled pauses the speech model writes, and the name each is counted under.
_FILLED_PAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"u+h*m+"), "um"),
    (re.compile(r"u+h+"), "uh"),
    (re.compile(r"e+r+m*"), "er"),
    (re.compile(r"a+h+"), "ah"),
    (re.compile(r"h+m+"), "hmm"),
    (re.compile(r"m{2,}|m+h+m+"), "mm"),
)
_SURROUNDING_MARKS = " \t\"“”«»()[]{}.,!?;:…-—–"  # not the apostrophe: "'er" is "her"


def filled_pause_name(text: str) -> str | None:
    """"um" for "Um,", "uh" for "uhh", ... or None when ``text`` is not a filled pause.

    Capitals ("ER", "UM") are read as acronyms, not hesitations.
    """
    bare = text.strip(_SURROUNDING_MARKS)
    if len(bare) > 1 and bare.isupper():
        return None
    bare = bare.lower()
    for pattern, name in _FILLED_PAUSES:
        if pattern.fullmatch(bare):
            return name
    return None


def is_filled_pause(text: str) -> bool:
    return filled_pause_name(text) is not None
