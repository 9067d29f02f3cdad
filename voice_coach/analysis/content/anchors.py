"""Anchors: the content words around a fact, which say what the fact is about.

"six years in logistics" and "in logistics for six years" share the anchor
``logistics``, so the two durations are about the same thing and can be compared;
"six years in logistics" and "nine days" share nothing and are left alone. Anchors are
crudely stemmed ("worked" and "working" → ``work``) so tense and plurals do not matter.
"""

from __future__ import annotations

from voice_coach.analysis.content.words import Words

ANCHOR_WINDOW_WORDS = 6  # words either side of a fact, inside its sentence

# Function words and verbs too common to say what a sentence is about.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are around as at be because been
    before being below between both but by can could did do does doing down during each either
    else even ever every few for from further get gets getting got had has have having he her
    here hers him his how i i'd i'll i'm i've if in into is isn't it it's its itself just least
    let's like lot lots made make many me might more most much must my myself near nearly no nor
    not now of off on once one only onto or other our ours out over own per quite rather really
    same she should since so some still such than that that's the their them then there there's
    these they they're this those though through thus to too under until up upon us very via was
    wasn't we we'd we'll we're we've well went were what when where which while who whom whose why
    will with within without would yes yet you you'd you'll you're you've your yours go going gone
    say said think thought know knew want wanted thing things way ways kind sort bit actually
    basically probably maybe sure okay ok right
    """.split()
) | frozenset(  # units: what is measured, never what it is about
    """
    second seconds minute minutes hour hours day days week weeks month months quarter quarters year
    years decade decades percent cent dollars pounds euros
    """.split()
)


def stem(word: str) -> str:
    """A crude stem for matching: lower case, no possessive, no -s, -ed or -ing."""
    word = word.lower().removesuffix("'s")
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def is_content_word(norm: str) -> bool:
    """True for a word that can say what a sentence is about (not a number or stop word)."""
    return norm.isalpha() and len(norm) > 2 and norm not in STOPWORDS


def anchors_near(words: Words, start: int, end: int, *, window: int = ANCHOR_WINDOW_WORDS) -> frozenset[str]:
    """Stems of the content words within ``window`` words of [start, end), same sentence.

    The words of the fact itself are not anchors: they are what is being compared.
    """
    left, right = words.window(start, end, before=window, after=window)
    return frozenset(
        stem(words.items[index].norm)
        for index in (*range(left, start), *range(end, right))
        if is_content_word(words.items[index].norm)
    )
