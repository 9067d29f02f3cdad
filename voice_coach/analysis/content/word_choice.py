"""Word choice: hedges, negative talk about a past employer, and the balance of "I" and "we".

- Hedges undersell the candidate's own work: "I guess", "maybe", "I'm not sure but",
  "I think maybe", "sort of", "probably". ("I think" alone is not a hedge; "kind of" and
  "sort of" after "what", "the", "a"... are ordinary words: "what kind of team".)
- Negative talk: a harsh word ("terrible", "a mess", "incompetent") in a sentence about a
  boss, a company or a team, or "I hated it / working there / my job".
- "I" and "we": interviewers hire a person, so a team story needs "I" in it; a story
  told only with "I" gives the team no credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.analysis.content.flag import HEDGING, MOSTLY_WE, NEGATIVE_EMPLOYER, NO_TEAM_CREDIT, Flag
from voice_coach.analysis.content.words import Words

HEDGE_FLAG_COUNT = 2  # this many hedges in one answer earn a flag
MIN_PRONOUNS_FOR_BALANCE = 3  # "we" said at least this often before "mostly we" is judged
MOSTLY_WE_RATIO = 0.25  # I-forms per we-form at or below this: almost all "we"
NO_TEAM_CREDIT_I_COUNT = 5  # "I" this often, "we" never, in a story that mentions a team
QUOTE_WORDS_AROUND = 4  # words of context either side of a hedge in its quote
NEGATIVE_QUOTE_WORDS = 16  # a negative remark is quoted up to this many words

I_FORMS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
WE_FORMS = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})
_TEAM_WORDS = frozenset({"team", "teams", "colleague", "colleagues", "coworker", "coworkers", "co-workers", "crew", "staff", "department", "squad"})

# Longest first, so "i think maybe" is one hedge, not "maybe" inside it.
HEDGES = (
    "i'm not sure but", "i am not sure but", "i'm not really sure", "i'm not sure", "i am not sure", "not sure if",
    "i think maybe", "i don't know if", "i don't know", "i do not know", "i could be wrong", "if that makes sense",
    "more or less", "i guess", "i suppose", "maybe", "perhaps", "probably", "sort of", "kind of", "somewhat",
    "hopefully",
)
_HEDGE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in HEDGES) + r")\b")
# "kind of" / "sort of" after these words name a kind, they do not hedge.
_NAMING_KIND_OF = frozenset({"what", "which", "the", "this", "that", "a", "any", "some", "every", "all", "same", "that's", "what's", "one", "1", "each", "no", "different"})

_HARSH = re.compile(
    r"\b(?:terrible|awful|horrible|horrendous|a mess|mess|messy|toxic|incompetent|useless|clueless|hopeless|stupid"
    r"|idiots?|lazy|the worst|nightmare|disaster|chaotic|dysfunctional|micromanag\w*|unfair|rude|a joke|pathetic"
    r"|unbearable|miserable|ridiculous|hated|hate|never listened|(?:didn't|did not|never) (?:care|listen|support)"
    r"|no idea what (?:they|he|she) (?:was|were) doing|(?:couldn't|could not|can't|cannot) stand|poorly (?:run|managed)"
    r"|badly (?:run|managed)|bad (?:boss|manager|company))\b"
)
_EMPLOYER = re.compile(
    r"\b(?:boss|bosses|manager|managers|supervisor|management|company|employer|firm|leadership|director|directors"
    r"|ceo|owner|owners|they|them|that place|the place|job|team|colleagues|coworkers|co-workers|organisation"
    r"|organization|business|department|head office|corporate)\b"
)
_HATED = re.compile(
    r"\bi (?:hated|hate|couldn't stand|could not stand|can't stand|loathed|despised) "
    r"(?:it|working|my|the|that|every|being|going|how|our|them|him|her)\b"
)


@dataclass(frozen=True)
class Hedge:
    """One hedge as said, with a few words around it."""

    phrase: str  # as written, fillers removed: "I guess"
    quote: str  # "I guess we did fine on that"

    def to_dict(self) -> dict:
        return {"phrase": self.phrase, "quote": self.quote}

    @classmethod
    def from_dict(cls, data: dict) -> "Hedge":
        return cls(phrase=str(data["phrase"]), quote=str(data["quote"]))


@dataclass(frozen=True)
class WordChoice:
    """Hedges, negative remarks and pronoun counts of one answer."""

    hedges: tuple[Hedge, ...]
    negative_remarks: tuple[str, ...]  # the sentences, fillers removed
    i_count: int  # I, me, my, mine, myself, I'm, I've, I'd, I'll
    we_count: int  # we, us, our, ours, ourselves, we're, we've, we'd, we'll
    mentions_team: bool  # "team", "colleagues", "staff"... appear

    @property
    def i_we_ratio(self) -> float | None:
        """I-forms per we-form, rounded to 3 places; None when neither is said.

        With no we-forms the I count itself is returned (the divisor is taken as 1), so an
        answer told only with "I" still has a finite, large ratio.
        """
        if self.i_count == 0 and self.we_count == 0:
            return None
        return round(self.i_count / max(self.we_count, 1), 3)


def check_word_choice(words: Words) -> WordChoice:
    """Hedges, negative remarks and I/we counts in one answer."""
    norms = [word.norm for word in words.items]
    return WordChoice(
        hedges=tuple(_hedges(words)),
        negative_remarks=tuple(_negative_remarks(words)),
        i_count=sum(norm in I_FORMS for norm in norms),
        we_count=sum(norm in WE_FORMS for norm in norms),
        mentions_team=any(norm in _TEAM_WORDS for norm in norms),
    )


def word_choice_flags(choice: WordChoice, *, judge_pronouns: bool = True) -> list[Flag]:
    """Flags for hedging, negative talk and (with ``judge_pronouns``) the I/we balance."""
    flags: list[Flag] = []
    if choice.negative_remarks:
        flags.append(
            Flag(
                NEGATIVE_EMPLOYER,
                "You spoke badly of a past employer. Keep it neutral: say what you learned and what you want next.",
                choice.negative_remarks[0],
            )
        )
    if len(choice.hedges) >= HEDGE_FLAG_COUNT:
        phrases = dict.fromkeys(re.sub(r"\bi\b", "I", h.phrase.lower().replace(",", "")) for h in choice.hedges)
        examples = _and_list(list(phrases)[:2])
        flags.append(
            Flag(
                HEDGING,
                f"You hedged {len(choice.hedges)} times, with words like {examples}. Say it plainly: you know your own work.",
                choice.hedges[0].quote,
            )
        )
    if not judge_pronouns:
        return flags
    ratio = choice.i_we_ratio
    if choice.we_count >= MIN_PRONOUNS_FOR_BALANCE and ratio is not None and ratio <= MOSTLY_WE_RATIO:
        flags.append(
            Flag(
                MOSTLY_WE,
                f"You said we {choice.we_count} times and I only {choice.i_count}. "
                "Say what you did yourself: I decided, I built, I led.",
            )
        )
    elif choice.we_count == 0 and choice.i_count >= NO_TEAM_CREDIT_I_COUNT and choice.mentions_team:
        flags.append(
            Flag(
                NO_TEAM_CREDIT,
                "You told a team story with only I in it. Give the team some credit too: we did this, my team did that.",
            )
        )
    return flags


def _hedges(words: Words) -> list[Hedge]:
    hedges = []
    for start, end, match in words.find(_HEDGE):
        if match.group().endswith(" of") and start > 0 and words.items[start - 1].norm in _NAMING_KIND_OF:
            continue
        left, right = words.window(start, end, before=QUOTE_WORDS_AROUND, after=QUOTE_WORDS_AROUND)
        hedges.append(Hedge(phrase=words.quote(start, end), quote=words.quote(left, right)))
    return hedges


def _negative_remarks(words: Words) -> list[str]:
    remarks = []
    for sentence, (start, end) in enumerate(words.sentence_spans):
        text = " ".join(word.norm for word in words.items[start:end])
        if (_HARSH.search(text) and _EMPLOYER.search(text)) or _HATED.search(text):
            remarks.append(_trimmed(words, sentence))
    return remarks


def _trimmed(words: Words, sentence: int) -> str:
    start, end = words.sentence_spans[sentence]
    if end - start <= NEGATIVE_QUOTE_WORDS:
        return words.sentence_text(sentence)
    return words.quote(start, start + NEGATIVE_QUOTE_WORDS) + " …"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
