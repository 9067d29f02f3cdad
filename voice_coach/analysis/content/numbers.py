"""Spoken and written numbers to values: "twenty five", "a hundred", "1,200", "200k".

Whisper writes a number as digits one time and as words the next ("5" / "five"), so
every rule compares values, never spellings. Only cardinal numbers are read; ordinals
("first"), fractions other than "and a half", and years said as words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Which word may follow which: a unit after a tens word ("twenty five"), a scale after
# anything but another scale ("two hundred thousand"), never two units ("five six").
_AFTER = {
    None: {"unit", "teen", "tens"},
    "unit": {"hundred", "scale", "dozen"},
    "teen": {"hundred", "scale", "dozen"},
    "tens": {"unit", "scale"},
    "hundred": {"unit", "teen", "tens", "scale"},
    "scale": {"unit", "teen", "tens"},
    "dozen": set(),
}
NUMBER_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, *SCALES, "hundred", "dozen"})

# "1,200", "1.5", "200k", "$5k", "3m", "2bn". "401k" is a retirement plan, not a number.
_DIGITS = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<suffix>k|m|bn)?$", re.IGNORECASE)
_SUFFIX_SCALE = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_NOT_NUMBERS = frozenset({"401k"})


def word_kind(word: str) -> str | None:
    """``"unit"``, ``"teen"``, ``"tens"``, ``"hundred"``, ``"scale"``, ``"dozen"`` or None."""
    if word in _UNITS:
        return "unit"
    if word in _TEENS:
        return "teen"
    if word in _TENS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word in SCALES:
        return "scale"
    if word == "dozen":
        return "dozen"
    return None


def parse_number_words(words: Sequence[str]) -> tuple[float, int] | None:
    """The number spoken at the start of ``words`` (lower case) and how many words it used.

    ``["twenty", "five", "people"]`` → ``(25.0, 2)``; ``["a", "hundred"]`` → ``(100.0, 2)``;
    ``["two", "and", "a", "half", "years"]`` → ``(2.5, 4)``; ``["five", "six"]`` →
    ``(5.0, 1)``; ``["team"]`` → None.
    """
    total = 0.0  # completed thousands, millions...
    group = 0.0  # the part below the last scale word
    last: str | None = None
    used = 0
    i = 0
    if len(words) >= 2 and words[0] in ("a", "an") and word_kind(words[1]) in ("hundred", "scale", "dozen"):
        group, last, used, i = 1.0, "unit", 1, 1
    while i < len(words):
        word = words[i]
        kind = word_kind(word)
        if kind is None:
            if word == "and" and last is not None:
                rest = words[i + 1 : i + 3]
                if list(rest) == ["a", "half"]:
                    return total + group + 0.5, i + 3
                if last in ("hundred", "scale") and i + 1 < len(words) and word_kind(words[i + 1]) in ("unit", "teen", "tens"):
                    i += 1
                    continue
            break
        if kind not in _AFTER[last]:
            break
        if kind == "unit" and last == "tens" and _UNITS[word] == 0:
            break
        if kind in ("unit", "teen"):
            group += _UNITS.get(word, _TEENS.get(word, 0))
        elif kind == "tens":
            group += _TENS[word]
        elif kind == "hundred":
            if group >= 100:
                break
            group *= 100
        elif kind == "scale":
            total += (group or 1.0) * SCALES[word]
            group = 0.0
        elif kind == "dozen":
            group *= 12
        last = kind
        i += 1
        used = i
    if used == 0 or last is None:
        return None
    return total + group, used


def parse_digits(text: str) -> float | None:
    """The value of a number written in digits: ``"1,200"`` → 1200.0, ``"200k"`` → 200000.0.

    ``text`` has no currency sign or percent sign; anything else that is not a plain
    number (``"4th"``, ``"401k"``, ``"v2"``) gives None.
    """
    if text.lower() in _NOT_NUMBERS:
        return None
    match = _DIGITS.match(text)
    if match is None:
        return None
    value = float(match["number"].replace(",", "") + (match["fraction"] or ""))
    suffix = match["suffix"]
    if suffix:
        value *= _SUFFIX_SCALE[suffix.lower()]
    return value


def format_number(value: float) -> str:
    """Digits for a value, without a trailing ``.0``: 5.0 → ``"5"``, 1.5 → ``"1.5"``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
