"""Specific examples: quantified claims and the parts of a STAR story (situation, task, action, result).

Interviewers want a real story with a result in numbers ("the close went from nine days
to four"). Each STAR part is found by cue phrases and kept as a short quote:

- situation: "when I was", "at my last job", "we had a problem", "last year";
- task: "my job was", "I was responsible", "I needed to";
- action: "I" or "we" and an action verb in the past ("I built", "we automated");
- result: "as a result", "which meant", "and now", "we cut / saved / increased",
  a change in numbers ("from nine days to four"), "no audit findings".

A quantified claim is a numeric fact (team size, count, money, percentage, duration) or a
change ("from nine days to four", "doubled"); it is a result when it is a change or sits
in a sentence with a result cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_coach.analysis.content.fact import COUNT, DURATION, MONEY, NUMBER, PERCENTAGE, TEAM_SIZE, Fact
from voice_coach.analysis.content.flag import NO_EXAMPLE, NO_NUMBERS, NO_RESULT, Flag
from voice_coach.analysis.content.words import Words

CHANGE = "change"  # a claim kind of its own: a value said to have moved ("from nine days to four")
MULTIPLIER = "multiplier"  # "doubled", "cut in half", "three times faster"
QUOTE_WORDS_AFTER_CUE = 6  # a STAR quote is its cue and up to this many words after it
_SHORT_TAIL_WORDS = 3  # a sentence this close to its end is quoted to the end
_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it", "you"})
# Words a quote should not end on ("I led a team of five analysts to").
_DANGLING = frozenset("to and a an the of with our my your their for in on at no but so or that which it we i as".split())

_CLAIM_KINDS = frozenset({TEAM_SIZE, COUNT, MONEY, PERCENTAGE, DURATION, NUMBER})
# Counts of these say nothing about results ("two questions", "three reasons").
_TRIVIAL_COUNTS = frozenset({"question", "thing", "way", "reason", "example", "point", "step", "part", "side", "idea", "option", "word"})

_ACTION_VERBS = (
    "built led organised organized created negotiated designed set wrote automated launched ran trained "
    "introduced implemented proposed analysed analyzed called met reviewed started fixed developed rebuilt "
    "coached mentored planned managed scheduled changed suggested talked spoke asked brought made took "
    "decided presented convinced persuaded redesigned streamlined migrated hired delegated resolved handled "
    "investigated tested tracked moved put sat worked compared checked escalated documented cleaned "
    "simplified pushed gathered interviewed showed explained arranged prioritised prioritized focused "
    "contacted emailed recruited restructured reorganised reorganized mapped piloted rolled drove owned "
    "pitched sold closed replaced merged cut reduced increased saved raised won delivered volunteered "
    "stepped offered agreed went listened"
).split()
_SITUATION = re.compile(
    r"\b(?:when i was|while i was|at my (?:last|previous|old|current|first) (?:job|company|employer|role|position|workplace)"
    r"|in my (?:last|previous|old|current|first) (?:job|role|position|company)"
    r"|we had (?:a|an) (?:\w+ )?(?:problem|issue|challenge|situation)|there was (?:a|an)"
    r"|the (?:problem|issue|situation|challenge|context) was"
    r"|last (?:year|month|quarter|spring|summer|autumn|fall|winter)|a (?:few|couple of) (?:years|months|weeks) ago"
    r"|\d+ (?:years|months|weeks) ago|back in|at the time|1 time|(?:did not|didn't) agree|disagreed"
    r"|we were (?:facing|struggling|losing|behind|short)|in (?:19|20)\d\d)\b"
)
_TASK = re.compile(
    r"\b(?:my (?:job|role|task|responsibility|goal|brief) was|it was my job|my job to"
    r"|i was (?:responsible|in charge|asked to|tasked|supposed to|hired to|brought in to)"
    r"|i (?:needed|had|wanted) to|we (?:needed|had) to|(?:the|our) (?:goal|aim|target|task|job) was)\b"
)
_ACTION = re.compile(
    r"\b(?P<who>i|we|i've|we've) (?:(?:then|also|quickly|first|personally|eventually|finally|immediately|actually|just) )?"
    rf"(?:{'|'.join(_ACTION_VERBS)})\b"
)
_RESULT = re.compile(
    r"\b(?:as a result|which meant|which means|that meant|the result was|result(?:ed|ing)? in|in the end|ended up"
    r"|led to|paid off|by the end|turned out|it worked|and now|so now|now we|now it's|now it is|went from"
    r"|was closer|was right|we agreed|agreed to|rated (?:me|us)"
    r"|(?:no|zero) (?:\w+ )?(?:errors|findings|complaints|defects|incidents|injuries|mistakes|escalations|accidents)"
    r"|(?:i|we|it|that|this|which) (?:\w+ly )?(?:cut|increased|reduced|saved|improved|grew|doubled|halved|tripled|raised"
    r"|lowered|shortened|boosted|decreased|eliminated|won|exceeded|beat|hit|achieved|delivered|ranked|brought down)"
    r"|(?:was|were|got) (?:cut|reduced|increased|improved|halved|doubled))\b"
)
_MULTIPLIER = re.compile(
    r"\b(?:doubled|tripled|trebled|quadrupled|halved|cut (?:it |that |this |them )?in half|twice as \w+"
    r"|\d+(?:\.\d+)? times (?:faster|more|higher|bigger|larger|quicker|better|over|as \w+))\b"
)


@dataclass(frozen=True)
class QuantifiedClaim:
    """A claim with a number in it, quoted as said."""

    kind: str  # a fact kind ("team size", "money", "percentage"...), "change" or "multiplier"
    quote: str  # fillers removed: "cut close time from nine days to four"
    result: bool  # True when it states an outcome (a change, or said with a result cue)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "quote": self.quote, "result": self.result}

    @classmethod
    def from_dict(cls, data: dict) -> "QuantifiedClaim":
        return cls(kind=str(data["kind"]), quote=str(data["quote"]), result=bool(data["result"]))


@dataclass(frozen=True)
class Star:
    """The parts of a STAR story that were found, each as a short quote (None: not found)."""

    situation: str | None = None
    task: str | None = None
    action: str | None = None
    result: str | None = None

    def to_dict(self) -> dict:
        return {"situation": self.situation, "task": self.task, "action": self.action, "result": self.result}

    @classmethod
    def from_dict(cls, data: dict) -> "Star":
        def part(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(situation=part("situation"), task=part("task"), action=part("action"), result=part("result"))


@dataclass(frozen=True)
class Examples:
    """What makes an answer concrete: its numbers and its story."""

    quantified_claims: tuple[QuantifiedClaim, ...]
    star: Star
    example_found: bool  # an action with a situation, a result or a number; or a situation with a result

    @property
    def has_quantified_result(self) -> bool:
        return any(claim.result for claim in self.quantified_claims)


def find_examples(words: Words, facts: Sequence[Fact]) -> Examples:
    """Quantified claims and STAR parts in one answer (its ``Words`` and ``extract_facts``)."""
    result_sentences = {words.items[start].sentence for start, _, _ in words.find(_RESULT)}
    claims = _claims(words, facts, result_sentences)
    result = _first_quote(words, _RESULT, lead_in=2)
    if result is None:
        result = next((claim.quote for claim in claims if claim.result), None)
    star = Star(
        situation=_first_quote(words, _SITUATION, lead_in=2),
        task=_first_quote(words, _TASK),
        action=_action_quote(words),
        result=result,
    )
    found = (star.action is not None and (star.situation is not None or star.result is not None or bool(claims))) or (
        star.situation is not None and star.result is not None
    )
    return Examples(quantified_claims=claims, star=star, example_found=found)


def example_flags(examples: Examples) -> list[Flag]:
    """Flags for an answer that should tell a story: no example, no result, no numbers."""
    star = examples.star
    if not examples.example_found:
        return [
            Flag(
                NO_EXAMPLE,
                "I did not hear a concrete example. Tell one real story: the situation, what you did, and how it ended.",
            )
        ]
    if star.result is None:
        return [
            Flag(
                NO_RESULT,
                "You said what you did but not how it ended. Finish with the result, in numbers if you can.",
                star.action,
            )
        ]
    if not examples.has_quantified_result:
        return [
            Flag(
                NO_NUMBERS,
                "Your result had no numbers. Say how much changed: time saved, money, a percentage or how many people.",
                star.result,
            )
        ]
    return []


def _claims(words: Words, facts: Sequence[Fact], result_sentences: set[int]) -> tuple[QuantifiedClaim, ...]:
    found: list[tuple[int, QuantifiedClaim]] = []
    quoted: set[str] = set()
    for fact in facts:
        if fact.kind not in _CLAIM_KINDS or fact.quote in quoted:
            continue
        if fact.kind == COUNT and (fact.unit in _TRIVIAL_COUNTS or fact.value <= 1):
            continue
        quoted.add(fact.quote)
        is_change = bool(fact.partners) or fact.open_change
        kind = CHANGE if is_change else fact.kind
        in_result = is_change or words.items[fact.start_word].sentence in result_sentences
        found.append((fact.start_word, QuantifiedClaim(kind=kind, quote=fact.quote, result=in_result)))
    for start, end, _ in words.find(_MULTIPLIER):
        quote_start, quote_end = words.window(start, end, before=2, after=1)
        found.append((start, QuantifiedClaim(kind=MULTIPLIER, quote=words.quote(quote_start, quote_end), result=True)))
    return tuple(claim for _, claim in sorted(found, key=lambda item: item[0]))


def _first_quote(words: Words, pattern: re.Pattern[str], *, lead_in: int = 0) -> str | None:
    for start, end, _ in words.find(pattern):
        return _snippet(words, _back(words, start, lead_in), end)
    return None


def _action_quote(words: Words) -> str | None:
    """The first thing the candidate did ("I built"), else the first thing the team did."""
    team_action = None
    for start, end, match in words.find(_ACTION):
        if match["who"].startswith("i"):
            return _snippet(words, start, end)
        team_action = team_action or _snippet(words, start, end)
    return team_action


def _snippet(words: Words, start: int, end: int) -> str:
    """The cue [start, end) and what follows: up to a comma, a new clause ("and I..."),
    the sentence end or QUOTE_WORDS_AFTER_CUE words, without trailing function words."""
    _, sentence_end = words.sentence_of(start)
    right = min(sentence_end, end + QUOTE_WORDS_AFTER_CUE)
    if sentence_end - right <= _SHORT_TAIL_WORDS:
        right = sentence_end
    for index in range(end - 1, right):
        if words.items[index].pause_after:
            right = index + 1
            break
        following = words.items[index + 1].norm if index + 1 < right else ""
        if index >= end and words.items[index].norm in ("and", "but", "so") and following in _PRONOUNS:
            right = index  # "... and I trained": a new clause starts
            break
    while right > end and words.items[right - 1].norm in _DANGLING:
        right -= 1
    return words.quote(start, right)


def _back(words: Words, start: int, most: int) -> int:
    """``start`` moved back over up to ``most`` words of the same clause ("mine was closer")."""
    sentence_start, _ = words.sentence_of(start)
    new_start = start
    while new_start > sentence_start and start - new_start < most:
        before = words.items[new_start - 1]
        if before.pause_after or before.norm in ("and", "but", "so", "then", "because"):
            break
        new_start -= 1
    return new_start
