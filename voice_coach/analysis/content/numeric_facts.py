"""Facts with numbers in them: team sizes, changes, money, percentages, durations, years, counts.

Each number word gives at most one fact. Rules run from the most specific to the least,
so "a team of five analysts" is a team size, not a count of analysts, and the "nine days"
in "from nine days to four" is one end of a change, not a duration on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voice_coach.analysis.content.anchors import anchors_near, is_content_word, stem
from voice_coach.analysis.content.fact import (
    COUNT,
    DURATION,
    MONEY,
    NUMBER,
    PERCENTAGE,
    TEAM_SIZE,
    YEAR,
    Fact,
)
from voice_coach.analysis.content.words import Words

NUM = r"\d+(?:\.\d+)?"  # a number in ``Words.joined`` (every spoken number is digits there)
_APPROX = (
    r"(?:(?:about|around|roughly|over|nearly|almost|some|just|only|under|approximately|"
    r"more than|less than|up to|close to) )?"
)
PEOPLE_NOUNS = (
    "people persons analysts engineers developers reps representatives agents nurses staff employees "
    "reports technicians drivers associates volunteers workers operators coordinators accountants clerks "
    "specialists managers planners pickers members supervisors leads designers consultants teachers "
    "salespeople recruiters testers contractors officers administrators assistants interns auditors "
    "buyers cashiers chefs programmers scientists mechanics electricians guards porters cleaners packers "
    "handlers dispatchers schedulers advisors advisers carers caregivers therapists pharmacists".split()
)
# Group nouns and the unit their size is compared under.
GROUPS = {
    "team": "team", "group": "team", "crew": "team", "squad": "team", "staff": "team",
    "unit": "team", "workforce": "team", "headcount": "team",
    "department": "department", "division": "department",
    "organisation": "organisation", "organization": "organisation", "company": "organisation",
    "office": "office", "branch": "branch", "site": "site",
}
_LEAD_VERBS = (
    "led lead leading managed manage managing supervised supervise supervising ran run running oversaw "
    "oversee overseeing coached coach coaching mentored hired built trained had have"
).split()
# Duration units in days, and the scale on which durations are compared.
DURATION_DAYS = {
    "second": 1 / 86_400, "minute": 1 / 1_440, "min": 1 / 1_440, "hour": 1 / 24, "hr": 1 / 24,
    "day": 1.0, "week": 7.0, "month": 30.44, "quarter": 91.31, "year": 365.25, "yr": 365.25,
    "decade": 3652.5,
}
_DURATION_SCALE = {
    "second": "hours", "minute": "hours", "min": "hours", "hour": "hours", "hr": "hours",
    "day": "days", "week": "days", "month": "years", "quarter": "years", "year": "years",
    "yr": "years", "decade": "years",
}
_CURRENCIES = {"dollars": "dollars", "bucks": "dollars", "usd": "dollars", "pounds": "pounds",
               "quid": "pounds", "gbp": "pounds", "euros": "euros", "eur": "euros"}
_NOT_COUNTED = frozenset({"percent", "per", "cent", "times", "out", "ago", "plus", "more", "less", "thousand", "million", "billion"})
FIRST_YEAR, LAST_YEAR = 1950, 2039  # a four-digit number in this range, written as digits, may be a year
_YEAR_CUES = frozenset({"in", "since", "from", "until", "till", "by", "of", "during", "early", "late", "mid", "around", "back", "before", "after"})

_DURATION_WORDS = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|yrs?|decades?)"
_GROUP_WORDS = "|".join(GROUPS)
_PEOPLE_WORDS = "|".join(PEOPLE_NOUNS)
_TEAM_PATTERNS = (
    # "a team of five analysts", "my team was eight people"
    re.compile(
        rf"\b(?:(?:a|the|my|our|his|her|their|this|that) )?(?P<group>{_GROUP_WORDS}) (?:of|was|is|had|has) "
        rf"{_APPROX}(?P<n>{NUM})(?! (?:{_DURATION_WORDS}|percent|dollars|pounds|euros)\b)"
        rf"(?: (?:[a-z]+ )?(?P<noun>{_PEOPLE_WORDS}))?\b"
    ),
    # "a five person team"
    re.compile(rf"\b(?:(?:a|an|the|my|our) )?(?P<n>{NUM}) (?:person|people|member|man|strong) (?P<group>{_GROUP_WORDS})\b"),
    # "managed 8 people", "led five junior analysts"
    re.compile(
        rf"\b(?:{'|'.join(_LEAD_VERBS)}) {_APPROX}(?P<n>{NUM}) (?:[a-z]+ )?(?P<noun>{_PEOPLE_WORDS})\b"
    ),
    # "eight direct reports"
    re.compile(rf"\b(?P<n>{NUM}) (?:direct )?(?P<noun>reports)\b"),
)
_UNIT_TAIL = r"(?P<{name}>(?: [a-z]+)?)"
_CHANGE_PATTERNS = (
    # "from nine days to four", "from 5 to 8 people"
    re.compile(
        rf"\bfrom {_APPROX}(?P<a>{NUM}){_UNIT_TAIL.format(name='ua')} (?:down |up |all the way )?to "
        rf"{_APPROX}(?P<b>{NUM}){_UNIT_TAIL.format(name='ub')}"
    ),
    # "it was nine days, and now it's four days"
    re.compile(
        rf"\b(?:was|were|took|used to take|used to be|had) {_APPROX}(?P<a>{NUM}){_UNIT_TAIL.format(name='ua')}"
        rf"(?: [a-z',]+){{0,4}}? now (?:(?:it's|it is|it takes|takes|we're|we are|is|are|down to|only|just) )*"
        rf"{_APPROX}(?P<b>{NUM}){_UNIT_TAIL.format(name='ub')}"
    ),
)
_OPEN_CHANGE = re.compile(
    r"\b(?:grew|grown|grow|increased|rose|risen|went up|went down|dropped|fell|fallen|decreased|shrank|"
    r"expanded|cut|reduced|lowered|brought|got|raised|improved|boosted|doubled|halved) "
    rf"(?:[a-z']+ ){{0,3}}?to {_APPROX}(?P<n>{NUM}){_UNIT_TAIL.format(name='u')}"
)
_MONEY = re.compile(rf"\b(?P<n>{NUM}) (?P<cur>{'|'.join(_CURRENCIES)})\b")
_PERCENTAGE = re.compile(rf"\b(?P<n>{NUM}) (?:percent|per cent|percentage points|pct)\b")
_DURATION = re.compile(
    rf"\b(?:(?P<n>{NUM}) (?:more |full |whole |straight |long |calendar |working |business )?"
    rf"|(?:for|in|within|over|after|about|almost|nearly|than|took|takes|around|under) (?:a|an) )"
    rf"(?P<unit>{_DURATION_WORDS})\b"
)
_COUNT = re.compile(rf"\b(?P<n>{NUM}) (?P<noun>[a-z][a-z'-]*)")


def find_numeric_facts(words: Words) -> list[Fact]:
    """Every numeric fact in ``words``, in order of appearance."""
    taken: set[int] = set()  # number words already used by a fact
    facts: list[Fact] = []
    for finder in (_changes, _team_sizes, _open_changes, _money, _percentages, _durations, _years, _counts):
        for found, number_words in finder(words):
            if taken.intersection(number_words):
                continue
            taken.update(number_words)
            # A token that looks numeric but has no value (Whisper writes ".0") is no fact.
            facts.extend(fact for fact in found if fact.value is not None)
    return sorted(facts, key=lambda fact: fact.start_word)


def _fact(
    words: Words, kind: str, value: float | str, unit: str, start: int, end: int, *, core_end: int | None = None, **extra
) -> Fact:
    """A fact quoted as words [start, end); anchors are taken around [start, core_end)."""
    return Fact(
        kind=kind,
        value=value,
        unit=unit,
        quote=words.quote(start, end),
        start_word=start,
        end_word=end,
        anchors=anchors_near(words, start, end if core_end is None else core_end),
        **extra,
    )


def _number_index(words: Words, match: re.Match[str], group: str) -> int:
    return words.span(match.start(group), match.end(group))[0]


def _team_sizes(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for pattern in _TEAM_PATTERNS:
        for start, end, match in words.find(pattern):
            group = match.groupdict().get("group")
            unit = GROUPS[group] if group else "team"
            index = _number_index(words, match, "n")
            yield [_fact(words, TEAM_SIZE, words.items[index].value, unit, start, end)], {index}


def _changes(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for pattern in _CHANGE_PATTERNS:
        for start, _, match in words.find(pattern):
            first = _number_index(words, match, "a")
            second = _number_index(words, match, "b")
            if _looks_like_year(words, first) and _looks_like_year(words, second):
                continue  # "from 2018 to 2020" is a span of dates, not a change
            known_a, known_b = _unit_of(match["ua"].strip()), _unit_of(match["ub"].strip())
            unit_a = match["ua"].strip() if known_a else (match["ub"].strip() if known_b else "")
            unit_b = match["ub"].strip() if known_b else unit_a
            kind_a = known_a or known_b
            kind_b = known_b or known_a
            end = words.span(match.start(), match.end("ub") if known_b else match.end("b"))[1]
            start = _lead_in(words, start)
            if kind_a is None or kind_b is None:
                kind_a = kind_b = (TEAM_SIZE, "team") if _group_before(words, start, end) else (NUMBER, "")
            value_a, value_b = words.items[first].value, words.items[second].value
            scale_a, scale_b = _scaled(kind_a, unit_a, value_a), _scaled(kind_b, unit_b, value_b)
            both = [
                _fact(words, kind, value, unit, start, end, partners=(partner,))
                for (kind, unit), value, partner in ((kind_a, scale_a, scale_b), (kind_b, scale_b, scale_a))
            ]
            yield both, {first, second}


def _open_changes(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for start, end, match in words.find(_OPEN_CHANGE):
        index = _number_index(words, match, "n")
        unit_word = match["u"].strip()
        known = _unit_of(unit_word)
        if known is None:
            end = index + 1
            known = (TEAM_SIZE, "team") if _group_before(words, start, end) else (NUMBER, "")
        value = _scaled(known, unit_word, words.items[index].value)
        yield [_fact(words, known[0], value, known[1], _lead_in(words, start), end, open_change=True)], {index}


def _money(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for start, end, match in words.find(_MONEY):
        index = _number_index(words, match, "n")
        yield [_fact(words, MONEY, words.items[index].value, _CURRENCIES[match["cur"]], start, end)], {index}


def _percentages(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for start, end, match in words.find(_PERCENTAGE):
        index = _number_index(words, match, "n")
        core_end, end = end, _with_of_phrase(words, end)
        yield [_fact(words, PERCENTAGE, words.items[index].value, "percent", start, end, core_end=core_end)], {index}


def _durations(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for start, end, match in words.find(_DURATION):
        unit_word = match["unit"].rstrip("s")
        if match["n"] is not None:
            index = _number_index(words, match, "n")
            count = words.items[index].value
            used = {index}
        else:
            count, used = 1.0, {end - 1}
            start += 1  # "for a year": the quote starts at "a"
        scale = _DURATION_SCALE[unit_word]
        core_end = end
        if end < len(words) and words.items[end].norm == "ago" and not words.items[end - 1].sentence_end_after:
            end, scale = end + 1, scale + " ago"
        else:
            end = _with_of_phrase(words, end)
        yield [_fact(words, DURATION, count * DURATION_DAYS[unit_word], scale, start, end, core_end=core_end)], used


def _looks_like_year(words: Words, index: int) -> bool:
    word = words.items[index]
    return (
        word.value is not None
        and word.value.is_integer()
        and FIRST_YEAR <= word.value <= LAST_YEAR
        and len(word.text) == 4
        and word.text.isdigit()
    )


def _years(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for index, word in enumerate(words.items):
        if not _looks_like_year(words, index):
            continue
        before = words.items[index - 1].norm if index > 0 and words.items[index - 1].sentence == word.sentence else ""
        if before in _YEAR_CUES or word.pause_after or word.sentence_end_after:
            start = index - 1 if before in _YEAR_CUES else index
            yield [_fact(words, YEAR, word.value, "year", start, index + 1)], {index}


def _counts(words: Words) -> Iterator[tuple[list[Fact], set[int]]]:
    for start, end, match in words.find(_COUNT):
        noun = match["noun"]
        if noun in _NOT_COUNTED or not is_content_word(noun) or noun in _CURRENCIES:
            continue
        index = _number_index(words, match, "n")
        if words.items[index].pause_after or words.items[index].sentence_end_after:
            continue
        yield [_fact(words, COUNT, words.items[index].value, stem(noun), start, end)], {index}


def _unit_of(word: str) -> tuple[str, str] | None:
    """(kind, unit) for a unit word after a number, or None when it is not a unit."""
    singular = word.rstrip("s")
    if singular in DURATION_DAYS:
        return DURATION, _DURATION_SCALE[singular]
    if word in ("percent", "pct"):
        return PERCENTAGE, "percent"
    if word in _CURRENCIES:
        return MONEY, _CURRENCIES[word]
    if word in PEOPLE_NOUNS:
        return TEAM_SIZE, "team"
    return None


def _scaled(kind_unit: tuple[str, str], unit_word: str, value: float) -> float:
    """Durations in days; everything else as said."""
    singular = unit_word.rstrip("s")
    if kind_unit[0] == DURATION and singular in DURATION_DAYS:
        return value * DURATION_DAYS[singular]
    return value


def _group_before(words: Words, start: int, end: int) -> bool:
    """True when a team or people word is close before or inside [start, end)."""
    left, _ = words.window(start, end, before=4, after=0)
    return any(words.items[i].norm in GROUPS or words.items[i].norm in PEOPLE_NOUNS for i in range(left, end))


def _lead_in(words: Words, start: int, *, most: int = 3) -> int:
    """``start`` moved back over up to ``most`` words of the same clause ("cut close time")."""
    sentence_start, _ = words.sentence_of(start)
    new_start = start
    while new_start > sentence_start and start - new_start < most and not words.items[new_start - 1].pause_after:
        if words.items[new_start - 1].norm in ("and", "but", "so", "then", "because"):
            break
        new_start -= 1
    return new_start


def _with_of_phrase(words: Words, end: int) -> int:
    """``end`` moved past "in logistics", "of my customers", "at Acme" when that follows."""
    if end == 0 or words.items[end - 1].pause_after or words.items[end - 1].sentence_end_after:
        return end
    if end + 1 >= len(words) or words.items[end].norm not in ("in", "of", "at", "as", "on"):
        return end
    index = end + 1
    if words.items[index].norm in ("the", "a", "an", "my", "our", "their", "your") and index + 1 < len(words):
        index += 1
    same_sentence = words.items[index].sentence == words.items[end].sentence
    if same_sentence and is_content_word(words.items[index].norm):
        return index + 1
    return end
