"""Which words are fillers: one small, readable rule per filler, context decides.

Two kinds:
- filled pauses (um, uh, er, ah, hmm, mm and their spellings) are always fillers;
- discourse fillers ("like", "you know", "I mean", "sort of", "kind of", "basically",
  "actually", "literally", clause-initial "so", tag "right?") are fillers only in the
  contexts below: "I would like", "I like Python", "looks like", "m f a is like putty",
  "what it's like" and "something like that" are not; "it was, like, huge" and
  "and like we just" are.

The rules read the words around a candidate and the punctuation Whisper wrote; without
punctuation (a reference transcript) they fall back on the neighbouring words alone and
prefer not to flag when unsure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from voice_coach.analysis.tokens import Token

# Spellings of filled pauses, each with the name it is counted under in ``by_word``.
# "m" alone is not one of them (it is a spelled letter: "m f a"), nor is "uh-huh" (a yes).
_FILLED_PAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"u+h*m+"), "um"),  # um, umm, uhm
    (re.compile(r"u+h+"), "uh"),  # uh, uhh
    (re.compile(r"e+r+m*"), "er"),  # er, err, erm
    (re.compile(r"a+h+"), "ah"),  # ah, ahh, aah
    (re.compile(r"h+m+"), "hmm"),  # hm, hmm
    (re.compile(r"m{2,}|m+h+m+|m+-h+m+"), "mm"),  # mm, mmm, mhm, mm-hmm
)

_SINGLE_WORD_FILLERS = frozenset({"basically", "actually", "literally", "kinda", "sorta", "y'know"})

# Words after which "like" is the verb: "I like", "I'd like", "would like", "don't like".
_LIKE_AS_VERB_AFTER = frozenset(
    """i you we they i'd you'd we'd they'd he'd she'd 'd would wouldn't to do does did
    don't doesn't didn't not might may could should will i'll we'll you'll they'll also
    really still always never genuinely definitely""".split()
)
# Words after which "like" compares: "is like putty", "what it's like", "looks like",
# "something like that", "more like", "just like".
_LIKE_AS_COMPARISON_AFTER = frozenset(
    """is was are were be been being am 's it's that's what's he's she's there's who's
    they're we're you're i'm look looks looked looking sound sounds sounded seem seems
    seemed feel feels felt feeling taste tastes smell smells act acts acted something
    anything nothing everything someone somebody more less most just exactly much""".split()
)
_REPORTERS = frozenset("i we you".split())
_REPORTING_VERBS = frozenset("said say mentioned discussed explained".split())
_CONJUNCTIONS = frozenset("and but or so because cause 'cause then".split())
_NUMBER_WORDS = frozenset(
    """a an one two three four five six seven eight nine ten eleven twelve fifteen twenty
    thirty forty fifty sixty hundred thousand million half several few couple""".split()
)
# Before "you know" / "I mean": the phrase is a real question or statement.
_KNOW_AS_VERB_AFTER = frozenset(
    """do did does don't didn't doesn't would will can could should might may if whether
    as what how let that who""".split()
)
# After "you know": an object or clause, so "know" is the verb ("you know how it is").
_KNOW_OBJECT_STARTERS = frozenset(
    """that what how why where when who whom whether if about him her them me us it
    this these those the your my his their our""".split()
)
_MEAN_AS_VERB_AFTER = frozenset("what if do did don't didn't".split())
_MEAN_OBJECT_STARTERS = frozenset("it that to what by when this is".split())
# Before "sort of" / "kind of": the noun ("a kind of", "what sort of", "a different kind of").
_KIND_AS_NOUN_AFTER = frozenset(
    """a an the this that these those what which some any every each one another same
    my your our their his her its no what's different other new right wrong whole
    certain particular similar special""".split()
)
# Followed by a comma, these open what comes next as a new clause ("Yeah, so we ...").
_OPENERS = frozenset("yeah yes okay ok well right alright no and but".split())
# After clause-initial "so": degree or quantity, not a filler ("so far", "so many").
_SO_AS_DEGREE_BEFORE = frozenset("far much many long few little".split())


@dataclass(frozen=True)
class FillerMatch:
    """A filler found in the transcript: which words it spans and what it is counted as."""

    first_index: int  # index of its first word in transcript.words
    last_index: int  # index of its last word (== first_index for one-word fillers)
    name: str  # what it is counted under: "um", "like", "you know", ...
    kind: str  # "filled_pause" or "discourse"


def find_fillers(tokens: tuple[Token, ...]) -> tuple[FillerMatch, ...]:
    """All fillers in ``tokens``, in order, none overlapping."""
    matches: list[FillerMatch] = []
    filler_indices: set[int] = set()
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i, filler_indices)
        if match is None:
            i += 1
            continue
        matches.append(match)
        filler_indices.update(range(match.first_index, match.last_index + 1))
        i = match.last_index + 1
    return tuple(matches)


def filled_pause_name(token: Token) -> str | None:
    """The counted name of a filled pause ("umm" -> "um"), or None if ``token`` is not one."""
    if token.all_caps:  # "ER", "UM": an acronym, not a hesitation
        return None
    for pattern, name in _FILLED_PAUSES:
        if pattern.fullmatch(token.norm):
            return name
    return None


def _match_at(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> FillerMatch | None:
    token = tokens[i]
    name = filled_pause_name(token)
    if name is not None:
        return FillerMatch(i, i, name, "filled_pause")
    if token.norm in _SINGLE_WORD_FILLERS:
        return FillerMatch(i, i, token.norm, "discourse")
    two_word_rule = _TWO_WORD_RULES.get((token.norm, _norm_at(tokens, i + 1)))
    if two_word_rule is not None and two_word_rule(tokens, i, fillers):
        return FillerMatch(i, i + 1, f"{token.norm} {tokens[i + 1].norm}", "discourse")
    one_word_rule = _ONE_WORD_RULES.get(token.norm)
    if one_word_rule is not None and one_word_rule(tokens, i, fillers):
        return FillerMatch(i, i, token.norm, "discourse")
    return None


# --- "like" ------------------------------------------------------------------------------


def is_filler_like(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"like" at ``i`` is a filler unless it is the verb or a comparison.

    Filler: set off by a comma before it ("it was, like, huge"), at the start of a clause
    ("and like we just"), followed by a comma ("we had like, five"), or before a number
    ("like five people"). Not a filler: the verb ("I like", "would like"), a comparison
    ("is like putty", "what it's like", "looks like", "something like that"), a reference
    back ("like I said"), or a preposition elsewhere ("a city like Paris").
    """
    previous = _previous(tokens, i)
    if previous is not None and previous.comma_after:
        return True
    if previous is not None and previous.norm in _LIKE_AS_VERB_AFTER:
        return False
    if previous is not None and previous.norm in _LIKE_AS_COMPARISON_AFTER:
        return False
    if _norm_at(tokens, i + 1) in _REPORTERS and _norm_at(tokens, i + 2) in _REPORTING_VERBS:
        return False  # "like I said", "like we discussed": a reference back, not a filler
    if _starts_clause(tokens, i, fillers) or (previous is not None and previous.norm in _CONJUNCTIONS):
        return True
    if tokens[i].comma_after:
        return True
    return _norm_at(tokens, i + 1) in _NUMBER_WORDS or _norm_at(tokens, i + 1).isdigit()


# --- "you know", "I mean" -------------------------------------------------------------------


def is_filler_you_know(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"you know" at ``i`` is a filler unless "know" is the verb of a question or a clause.

    Not a filler: "do you know", "if you know", "what you know", "you know how it works",
    "you know that". A filler: "you know, we shipped", "it was hard, you know?",
    "you know montreal forced aligner" (nothing makes it a question or give it an object).
    """
    previous = _previous(tokens, i)
    if previous is not None and previous.norm in _KNOW_AS_VERB_AFTER and not previous.comma_after:
        return False
    know = tokens[i + 1]
    if know.comma_after or know.clause_end_after:
        return True
    return _norm_at(tokens, i + 2) not in _KNOW_OBJECT_STARTERS


def is_filler_i_mean(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"I mean" at ``i`` is a filler unless it says what is meant.

    Not a filler: "what I mean is", "if I mean it", "I mean that", "I mean to".
    A filler: "I mean, it worked", "I mean we had no choice".
    """
    previous = _previous(tokens, i)
    if previous is not None and previous.norm in _MEAN_AS_VERB_AFTER and not previous.comma_after:
        return False
    mean = tokens[i + 1]
    if mean.comma_after:
        return True
    return _norm_at(tokens, i + 2) not in _MEAN_OBJECT_STARTERS


# --- "sort of", "kind of" ------------------------------------------------------------------


def is_filler_kind_of(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"kind of" / "sort of" at ``i`` is a hedge unless it names a kind.

    Not a filler: "a kind of", "what sort of", "a different kind of", "this kind of".
    A filler: "it was kind of slow", "I sort of led it".
    """
    previous = _previous(tokens, i)
    return previous is None or previous.comma_after or previous.norm not in _KIND_AS_NOUN_AFTER


# --- "so", "right?" -------------------------------------------------------------------------


def is_filler_so(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"so" at ``i`` is a filler when it opens a clause ("So, I started", "Um so we").

    Not a filler inside a clause ("I think so", "so that we could") or before a degree
    or quantity ("So far we have", "so many").
    """
    if not _starts_clause(tokens, i, fillers):
        return False
    return _norm_at(tokens, i + 1) not in _SO_AS_DEGREE_BEFORE


def is_filler_right(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """"right?" at ``i`` is a tag question after something said ("we shipped it, right?").

    Not a filler without the question mark ("right here", "the right way"), nor as the
    first word (an answer to the interviewer: "Right?").
    """
    return i > 0 and tokens[i].question_after


_TWO_WORD_RULES: dict[tuple[str, str], Callable[[tuple[Token, ...], int, set[int]], bool]] = {
    ("you", "know"): is_filler_you_know,
    ("i", "mean"): is_filler_i_mean,
    ("kind", "of"): is_filler_kind_of,
    ("sort", "of"): is_filler_kind_of,
}
_ONE_WORD_RULES: dict[str, Callable[[tuple[Token, ...], int, set[int]], bool]] = {
    "like": is_filler_like,
    "so": is_filler_so,
    "right": is_filler_right,
}


# --- context helpers ------------------------------------------------------------------------


def _previous(tokens: tuple[Token, ...], i: int) -> Token | None:
    return tokens[i - 1] if i > 0 else None


def _norm_at(tokens: tuple[Token, ...], i: int) -> str:
    return tokens[i].norm if 0 <= i < len(tokens) else ""


def _starts_clause(tokens: tuple[Token, ...], i: int, fillers: set[int]) -> bool:
    """True for the first word, a word after . ! ? ; … or a dash, after "Yeah," / "Well,"
    and the like, and a word after a filler."""
    previous = _previous(tokens, i)
    if previous is None:
        return True
    if previous.comma_after and previous.norm in _OPENERS:
        return True
    return previous.clause_end_after or previous.break_after or previous.index in fillers
