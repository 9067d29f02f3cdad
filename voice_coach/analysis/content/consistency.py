"""Consistency: did the candidate tell the same story twice? Facts compared across two answers.

Two facts are about the same thing when they have the same kind and unit (a team size
with a team size, a duration in years with one in years) and either share an anchor
word ("six years in logistics" / "in logistics for six years") or, for team sizes and
counts, are the only such fact in each answer ("a team of five" / "a team of eight").

A conflict is a fact whose value matches none of the values the other answer gave for
the same thing. Values said together count as one statement: "the team grew from five
to eight" agrees with "a team of five" and with "a team of eight"; "SQL, Power BI and
Tableau" agrees with "SQL and Power BI". A change with no starting point ("it grew to
eight") never conflicts. "five" and "5" are the same value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voice_coach.analysis.content.fact import COUNT, DURATION, TEAM_SIZE, Fact
from voice_coach.analysis.content.facts import extract_facts

# Kinds usually said once per answer: two lone facts of these kinds are taken to be
# about the same thing even without a shared anchor word.
_LONE_FACT_KINDS = frozenset({TEAM_SIZE, COUNT})
# Durations are compared in days, so "six months" (182.6 days) and "two quarters"
# (182.6 days) differ only by rounding; this relative difference still counts as equal.
_DURATION_TOLERANCE = 0.005


@dataclass(frozen=True)
class Conflict:
    """One fact that changed between the baseline answer and this one."""

    fact: str  # what changed, for people: "team size", "duration", "number of stores"
    baseline_quote: str  # how the baseline said it: "a team of five"
    answer_quote: str  # how this answer says it: "a team of eight"

    def to_dict(self) -> dict:
        return {"fact": self.fact, "baseline_quote": self.baseline_quote, "answer_quote": self.answer_quote}

    @classmethod
    def from_dict(cls, data: dict) -> "Conflict":
        return cls(fact=str(data["fact"]), baseline_quote=str(data["baseline_quote"]), answer_quote=str(data["answer_quote"]))


@dataclass(frozen=True)
class Consistency:
    """Every fact that changed, in the order this answer says them."""

    conflicts: tuple[Conflict, ...] = ()

    def to_dict(self) -> dict:
        return {"conflicts": [conflict.to_dict() for conflict in self.conflicts]}

    @classmethod
    def from_dict(cls, data: dict) -> "Consistency":
        return cls(conflicts=tuple(Conflict.from_dict(item) for item in data.get("conflicts", [])))


def check_consistency(answer: str | Sequence[Fact], *, baseline: str | Sequence[Fact]) -> Consistency:
    """Compare an answer with a baseline answer (texts, or their ``extract_facts``)."""
    answer_facts = extract_facts(answer) if isinstance(answer, str) else tuple(answer)
    baseline_facts = extract_facts(baseline) if isinstance(baseline, str) else tuple(baseline)
    conflicts: list[Conflict] = []
    reported: set[tuple[str, str]] = set()
    for fact in answer_facts:
        conflict = _conflict(fact, answer_facts, baseline_facts)
        if conflict is None:
            continue
        keys = {(conflict.fact, "b:" + conflict.baseline_quote), (conflict.fact, "a:" + conflict.answer_quote)}
        if keys & reported:
            continue
        reported |= keys
        conflicts.append(conflict)
    return Consistency(conflicts=tuple(conflicts))


def fact_label(fact: Fact) -> str:
    """What a fact is, for people: the kind, or "number of stores" for a count of stores."""
    if fact.kind == COUNT and fact.unit:
        return f"number of {fact.unit}s"
    return fact.kind


def _conflict(fact: Fact, answer: Sequence[Fact], baseline: Sequence[Fact]) -> Conflict | None:
    if fact.open_change:
        return None
    matches = [other for other in baseline if _about_the_same(fact, other, answer, baseline)]
    if not matches or any(other.open_change for other in matches):
        return None
    said_before = {value for other in matches for value in (other.value, *other.partners)}
    said_now = {fact.value, *fact.partners}
    tolerance = _DURATION_TOLERANCE if fact.kind == DURATION else 0.0
    if any(_same_value(now, before, tolerance=tolerance) for now in said_now for before in said_before):
        return None
    closest = max(matches, key=lambda other: len(fact.anchors & other.anchors))
    return Conflict(fact=fact_label(fact), baseline_quote=closest.quote, answer_quote=fact.quote)


def _about_the_same(fact: Fact, other: Fact, answer: Sequence[Fact], baseline: Sequence[Fact]) -> bool:
    if fact.kind != other.kind or fact.unit != other.unit:
        return False
    if fact.anchors & other.anchors:
        return True
    return fact.kind in _LONE_FACT_KINDS and _lone(fact, answer) and _lone(other, baseline)


def _lone(fact: Fact, facts: Sequence[Fact]) -> bool:
    """True when ``fact`` is the only value of its kind and unit in ``facts``."""
    values = {value for f in facts if f.kind == fact.kind and f.unit == fact.unit for value in (f.value, *f.partners)}
    return len(values) == 1


def _same_value(a: float | str, b: float | str, *, tolerance: float) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _name_key(str(a)) == _name_key(str(b))
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + 1e-9


def _name_key(name: str) -> str:
    """Names compared as said, not as spelled: the transcriber writes "operation analyst"
    one time and "operations analyst" the next, for the same words."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in name.lower().split())

