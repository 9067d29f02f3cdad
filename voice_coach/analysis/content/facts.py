"""Facts in an answer: numbers, amounts, durations, dates, team sizes, employers, titles, tools.

``extract_facts(words)`` is what consistency checks compare across answers and what
the examples rule reads quantified claims from. Numeric facts are found by
numeric_facts.py, names by named_facts.py; this module puts them together.
"""

from __future__ import annotations

from voice_coach.analysis.content.fact import FACT_KINDS, Fact
from voice_coach.analysis.content.named_facts import find_named_facts
from voice_coach.analysis.content.numeric_facts import find_numeric_facts
from voice_coach.analysis.content.words import Words, read_words

__all__ = ["FACT_KINDS", "Fact", "extract_facts"]


def extract_facts(words: Words | str) -> tuple[Fact, ...]:
    """Every fact in an answer (its text or its ``Words``), in order of appearance."""
    if isinstance(words, str):
        words = read_words(words)
    facts = [*find_numeric_facts(words), *find_named_facts(words)]
    return tuple(sorted(facts, key=lambda fact: (fact.start_word, fact.end_word)))
