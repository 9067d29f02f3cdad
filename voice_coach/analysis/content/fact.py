"""One fact stated in an answer: what kind, its value, and the words that said it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds, as the coach names them to the candidate ("Your story changed: team size").
TEAM_SIZE = "team size"
COUNT = "count"  # a number of things: "40 stores", "200 customers"
MONEY = "money"
PERCENTAGE = "percentage"
DURATION = "duration"
YEAR = "year"
NUMBER = "number"  # a change with no unit: "grew from five to eight" with nothing to say what
EMPLOYER = "employer"
JOB_TITLE = "job title"
TOOL = "tool"
FACT_KINDS = (TEAM_SIZE, COUNT, MONEY, PERCENTAGE, DURATION, YEAR, NUMBER, EMPLOYER, JOB_TITLE, TOOL)


@dataclass(frozen=True)
class Fact:
    """A fact found in an answer's words.

    Two facts can only be compared when ``kind`` and ``unit`` agree: a team size with a
    team size of the same group (``"team"``, ``"department"``), a duration with a
    duration on the same scale, a count of stores with a count of stores.
    """

    kind: str  # one of FACT_KINDS
    value: float | str  # numbers in base units (days for durations); names in lower case
    unit: str  # what is measured: "team", "store", "dollars", "percent", "years", "" for names
    quote: str  # the words that say it, fillers removed ("a team of five analysts")
    start_word: int  # [start_word, end_word) in the answer's ``Words``
    end_word: int
    anchors: frozenset[str] = field(default_factory=frozenset)  # see anchors.py
    partners: tuple[float | str, ...] = ()  # values said with it: 8 for the 5 in "from five to eight"
    open_change: bool = False  # one end of a change whose other end was not said ("grew to eight")
