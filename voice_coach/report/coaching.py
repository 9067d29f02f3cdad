"""The few coaching points that head a session's report, most useful first.

Delivery: after a round-2 session, the dimensions that got worse against round 1 in the
most answers (and by the most), then the ones that got better; after a round-1 session
(nothing to compare with), the clearest problems across all its answers, judged with the
same limits as the spoken feedback (``Thresholds.feedback_*``).

Content (what was said, from each answer's content block): a changed story and questions
about pay before an offer come before any delivery point; missing examples, negative talk
and a weak close come after the strongest delivery point; hedging and the I/we balance
after the rest; credits (the next steps asked, the same story told) last.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from voice_coach.analysis import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.content.flag import (
    FLAG_KINDS,
    HEDGING,
    MOSTLY_WE,
    NEGATIVE_EMPLOYER,
    NO_EXAMPLE,
    NO_NEXT_STEPS,
    NO_NUMBERS,
    NO_RESULT,
    NO_TEAM_CREDIT,
    TOO_FEW_QUESTIONS,
)
from voice_coach.analysis.content.questions_asked import COVER_MORE, NEXT_STEPS, pay_topic
from voice_coach.report.changes import DIMENSION_TITLES
from voice_coach.report.content import and_list, turns_text

if TYPE_CHECKING:
    from voice_coach.report.changes import Change
    from voice_coach.report.model import AnswerReport

POINT_LIMIT = 3
_MONOTONE_SHARE = 0.5  # monotone windows over half the speaking time earn a point
_REPETITION_POINT_COUNT = 3  # this many restarts in a session earn a point
# Ties between dimensions are broken in the order a listener notices them.
_PRIORITY = {"energy": 0, "pace": 1, "fillers": 2, "pitch": 3, "length": 4}
_WORSE_PHRASES = {
    ("pace", -1): "slower than in round 1",
    ("pace", 1): "faster than in round 1",
    ("fillers", 1): "more fillers than in round 1",
    ("energy", -1): "quieter than in round 1",
    ("pitch", -1): "flatter than in round 1",
    ("length", -1): "shorter than in round 1",
    ("length", 1): "longer than in round 1",
}
_BETTER_PHRASES = {
    "fillers": "fewer fillers than in round 1",
    "energy": "more energy than in round 1",
    "pitch": "livelier than in round 1",
}


@dataclass(frozen=True)
class CoachingPoint:
    """One thing to work on (or keep doing)."""

    headline: str  # "Energy: quieter than in round 1 in 5 of 5 answers"
    detail: str  # what to do, usually the verdict of the answer where it showed most
    # "worse" or "better" (delivery against round 1), "hint" (a problem within the session),
    # "problem" (a changed story, a premature question) or "good"
    status: str
    turn: Optional[int] = None  # the question it showed most in, if one stands out


def coaching_points(
    answers: Sequence["AnswerReport"],
    *,
    limit: int = POINT_LIMIT,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[CoachingPoint, ...]:
    """Up to ``limit`` points for the session's ``answers``, most useful first (never empty)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    compared = [a for a in answers if a.comparison is not None and a.analysis is not None]
    spoken = [a for a in answers if a.analysis is not None and a.analysis.pacing.words > 0]
    if compared:
        delivery = _against_round_one(compared)
    elif spoken:
        delivery = _within_the_session(spoken, thresholds=thresholds)
    else:
        return (CoachingPoint(
            "Nothing to judge yet",
            "No answer in this session was transcribed. Check the microphone and start speaking after the question.",
            "hint",
        ),)
    content = _ContentPoints.of(answers)
    problems = [p for p in delivery if p.status in ("worse", "hint")]
    others = [p for p in delivery if p.status not in ("worse", "hint")]
    ranked = [*content.first, *problems[:1], *content.second, *problems[1:], *content.third, *others,
              *content.credits]
    return tuple(ranked[:limit])


# --- round 2: against round 1 -------------------------------------------------------------


def _against_round_one(answers: Sequence["AnswerReport"]) -> list[CoachingPoint]:
    total = len(answers)
    worse: list[tuple[tuple, CoachingPoint]] = []
    better: list[tuple[tuple, CoachingPoint]] = []
    for dimension in DIMENSION_TITLES:
        moves = [(a, c) for a in answers for c in a.changes if c.dimension == dimension]
        for status, bucket in (("worse", worse), ("better", better)):
            matching = [(a, c) for a, c in moves if c.status == status]
            if matching:
                bucket.append(_ranked_point(dimension, status, matching, total))
    points = [p for _, p in sorted(worse, key=lambda item: item[0])]
    points += [p for _, p in sorted(better, key=lambda item: item[0])]
    if not points:
        points = [CoachingPoint(
            "Delivery held steady against round 1",
            "Pace, fillers, energy, pitch and length all stayed within their limits. Keep it that way.",
            "good",
        )]
    return points


def _ranked_point(
    dimension: str, status: str, matching: list[tuple["AnswerReport", "Change"]], total: int
) -> tuple[tuple, CoachingPoint]:
    def size(item: tuple["AnswerReport", "Change"]) -> float:
        return abs(item[1].relative or 0.0)

    answer, strongest = max(matching, key=size)
    if status == "worse":
        directions = Counter(1 if c.delta > 0 else -1 for _, c in matching)
        direction = directions.most_common(1)[0][0]
        phrase = _WORSE_PHRASES.get((dimension, direction), "worse than in round 1")
    else:
        phrase = _BETTER_PHRASES.get(dimension, "better than in round 1")
    point = CoachingPoint(
        headline=f"{DIMENSION_TITLES[dimension]}: {phrase} in {len(matching)} of {total} "
                 f"{'answer' if total == 1 else 'answers'}",
        detail=strongest.message or "",
        status=status,
        turn=answer.answer.turn,
    )
    return (-len(matching), -size((answer, strongest)), _PRIORITY.get(dimension, 99)), point


# --- round 1: the session on its own ------------------------------------------------------


def _within_the_session(answers: Sequence["AnswerReport"], *, thresholds: Thresholds) -> list[CoachingPoint]:
    t = thresholds
    analyses = [a.analysis for a in answers]
    weighted: list[tuple[float, CoachingPoint]] = []

    words_said = sum(len(a.answer.transcript.words) if a.answer.transcript else a.analysis.pacing.words
                     for a in answers)
    fillers = sum(x.fillers.count for x in analyses)
    fillers_per_100 = 100.0 * fillers / words_said if words_said else 0.0
    if fillers_per_100 >= t.feedback_fillers_per_100_words:
        by_word = Counter()
        for x in analyses:
            by_word.update(x.fillers.by_word)
        top = " and ".join(f"\u201c{word}\u201d" for word, _ in by_word.most_common(2))
        weighted.append((fillers_per_100 / t.feedback_fillers_per_100_words, CoachingPoint(
            f"Fillers: {fillers_per_100:.1f} per 100 words, most often {top}",
            "When you need a moment, pause silently instead of filling the gap.",
            "hint", _turn_with_most(answers, lambda x: x.fillers.per_100_words or 0.0),
        )))

    long_pauses = sum(x.pacing.long_pause_count or 0 for x in analyses)
    if long_pauses:
        longest = max(x.pacing.longest_pause_s or 0.0 for x in analyses)
        weighted.append((1.0 + 0.25 * long_pauses, CoachingPoint(
            f"Long pauses: {long_pauses} of {t.long_pause_min_s:.0f} s or more (the longest {longest:.1f} s)",
            "If you need to think, say so briefly, then carry on.",
            "hint", _turn_with_most(answers, lambda x: x.pacing.longest_pause_s or 0.0),
        )))

    wpm = _session_wpm(analyses)
    if wpm is not None and wpm > t.feedback_fast_wpm:
        weighted.append((wpm / t.feedback_fast_wpm, CoachingPoint(
            f"Pace: fast, about {wpm:.0f} words a minute",
            "Slow down so your key points land; pause after each one.",
            "hint", _turn_with_most(answers, lambda x: x.pacing.wpm or 0.0),
        )))
    elif wpm is not None and wpm < t.feedback_slow_wpm:
        weighted.append((t.feedback_slow_wpm / max(wpm, 1.0), CoachingPoint(
            f"Pace: slow, about {wpm:.0f} words a minute",
            "Keep sentences moving and trim the long pauses.",
            "hint", _turn_with_most(answers, lambda x: -(x.pacing.wpm or 1e9)),
        )))

    spoken_s = sum(x.duration_s for x in analyses)
    flat_s = sum(w.end_s - w.start_s for x in analyses for w in x.energy.monotone_windows)
    if spoken_s > 0 and flat_s / spoken_s >= _MONOTONE_SHARE:
        weighted.append((1.0 + flat_s / spoken_s, CoachingPoint(
            f"Intonation: flat for {100 * flat_s / spoken_s:.0f}% of the time",
            "Stress the words that matter, the result and the numbers, and let your pitch rise and fall.",
            "hint",
        )))

    latencies = [x.pacing.response_latency_s for x in analyses if x.pacing.response_latency_s is not None]
    if latencies and statistics.median(latencies) >= t.feedback_latency_s:
        latency = statistics.median(latencies)
        weighted.append((latency / t.feedback_latency_s * 0.8, CoachingPoint(
            f"Starting: {latency:.0f} s of silence before answering (median)",
            "A short bridge such as \u201cgood question, let me think\u201d keeps the silence from stretching.",
            "hint",
        )))

    restarts = sum(len(x.fillers.repetitions) for x in analyses)
    if restarts >= _REPETITION_POINT_COUNT:
        weighted.append((0.9, CoachingPoint(
            f"Restarts: {restarts} repeated words or restarted sentences",
            "Take a breath and finish each sentence once.",
            "hint",
        )))

    weighted.sort(key=lambda item: -item[0])
    points = [p for _, p in weighted]
    if not points:
        pace = "an unknown pace" if wpm is None else f"a steady pace ({wpm:.0f} words a minute)"
        points = [CoachingPoint(
            "Clear delivery",
            f"{pace[0].upper()}{pace[1:]}, few fillers ({fillers_per_100:.1f} per 100 words) and no long pauses. "
            "Keep it up in round 2.",
            "good",
        )]
    return points


def _session_wpm(analyses) -> Optional[float]:
    """Words a minute over the whole session: all counted words over all speaking spans."""
    timed = [x.pacing for x in analyses if x.pacing.wpm]
    minutes = sum(p.words / p.wpm for p in timed)
    return sum(p.words for p in timed) / minutes if minutes > 0 else None


def _turn_with_most(answers: Sequence["AnswerReport"], key) -> Optional[int]:
    if len(answers) < 2:
        return None
    return max(answers, key=lambda a: key(a.analysis)).answer.turn


# --- what was said: the answers' content blocks ---------------------------------------------

_EXAMPLE_PHRASES = {NO_EXAMPLE: "no concrete example", NO_RESULT: "no result", NO_NUMBERS: "no result in numbers"}
_CLOSING_PHRASES = {TOO_FEW_QUESTIONS: "fewer than two questions", NO_NEXT_STEPS: "nothing about the next steps"}
_PRONOUN_PHRASES = {MOSTLY_WE: "mostly \u201cwe\u201d", NO_TEAM_CREDIT: "no credit to the team"}
_HEDGES_NAMED = 3  # the headline names at most this many hedge phrases


@dataclass(frozen=True)
class _ContentPoints:
    """Points about what was said, in the tiers they are ranked in against delivery points."""

    first: tuple[CoachingPoint, ...] = ()  # before any delivery point: a changed story, pay questions
    second: tuple[CoachingPoint, ...] = ()  # after the strongest delivery point: examples, negative talk, the close
    third: tuple[CoachingPoint, ...] = ()  # after every delivery problem: hedging, I and we
    credits: tuple[CoachingPoint, ...] = ()  # last: the next steps asked, the same story told

    @classmethod
    def of(cls, answers: Sequence["AnswerReport"]) -> "_ContentPoints":
        said = [(a.answer.turn, a.content) for a in answers if a.content is not None]
        if not said:
            return cls()

        def present(*points: Optional[CoachingPoint]) -> tuple[CoachingPoint, ...]:
            return tuple(p for p in points if p is not None)

        return cls(
            first=present(_story_point(said), _pay_point(said)),
            second=present(_examples_point(said), _negative_point(said), _closing_point(said)),
            third=present(_hedging_point(said), _pronoun_point(said)),
            credits=present(_asked_point(said), _same_story_point(said)),
        )


def _story_point(said) -> Optional[CoachingPoint]:
    changed = [(turn, content) for turn, content in said if content.conflicts]
    if not changed:
        return None
    turn, content = max(changed, key=lambda item: len(item[1].conflicts))
    conflict = content.conflicts[0]
    others = sum(len(c.conflicts) for _, c in changed) - 1
    more = f" (and {others} more {'change' if others == 1 else 'changes'})" if others else ""
    return CoachingPoint(
        f"Your story changed in {len(changed)} {'answer' if len(changed) == 1 else 'answers'}",
        f"{conflict.fact[:1].upper()}{conflict.fact[1:]}: in {content.baseline_label} you said "
        f"\u201c{conflict.baseline_quote}\u201d, now \u201c{conflict.answer_quote}\u201d{more}. "
        "Keep the facts the same each time.",
        "problem", turn,
    )


def _pay_point(said) -> Optional[CoachingPoint]:
    flagged = [(turn, q) for turn, content in said for q in content.questions if q.verdict == "flagged"]
    if not flagged:
        return None
    topics = list(dict.fromkeys(pay_topic(q.text) or "pay" for _, q in flagged))
    return CoachingPoint(
        f"You asked about {and_list(topics)} before an offer",
        "Save pay and benefits for when they make you one; ask about the team, what success looks like "
        "or the next steps instead.",
        "problem", flagged[0][0],
    )


def _examples_point(said) -> Optional[CoachingPoint]:
    missing: dict[str, list[tuple[int, str]]] = {}
    for turn, content in said:
        flag = next((f for f in content.analysis.flags if f.kind in _EXAMPLE_PHRASES), None)
        if flag is not None:
            missing.setdefault(flag.kind, []).append((turn, flag.message))
    if not missing:
        return None
    kinds = [kind for kind in FLAG_KINDS if kind in missing]
    parts = [f"{_EXAMPLE_PHRASES[kind]} in {turns_text([turn for turn, _ in missing[kind]])}" for kind in kinds]
    turn, message = missing[kinds[0]][0]
    return CoachingPoint(f"Examples: {'; '.join(parts)}", message, "hint", turn)


def _negative_point(said) -> Optional[CoachingPoint]:
    hits = [(turn, f) for turn, content in said for f in content.analysis.flags if f.kind == NEGATIVE_EMPLOYER]
    if not hits:
        return None
    turns = list(dict.fromkeys(turn for turn, _ in hits))
    return CoachingPoint(f"Negative talk about a past employer in {turns_text(turns)}", hits[0][1].message,
                         "hint", hits[0][0])


def _closing_point(said) -> Optional[CoachingPoint]:
    for turn, content in said:
        flags = [f for f in content.analysis.flags if f.kind in _CLOSING_PHRASES]
        if flags:
            phrases = [_CLOSING_PHRASES[f.kind] for f in flags]
            return CoachingPoint(f"Your questions: {and_list(phrases)}", flags[0].message, "hint", turn)
    return None


def _hedging_point(said) -> Optional[CoachingPoint]:
    hedged = [(turn, content) for turn, content in said if any(f.kind == HEDGING for f in content.analysis.flags)]
    if not hedged:
        return None
    by_folded = {}  # each phrase once, as first said: "I guess" and "i guess" are one
    for _, content in hedged:
        for hedge in content.analysis.hedges:
            by_folded.setdefault(hedge.phrase.casefold(), hedge.phrase)
    phrases = list(by_folded.values())[:_HEDGES_NAMED]
    turn, most = max(hedged, key=lambda item: len(item[1].analysis.hedges))
    message = next(f.message for f in most.analysis.flags if f.kind == HEDGING)
    named = ": " + and_list(["\u201c" + p + "\u201d" for p in phrases]) if phrases else ""
    return CoachingPoint(f"Hedging in {turns_text([t for t, _ in hedged])}{named}", message, "hint", turn)


def _pronoun_point(said) -> Optional[CoachingPoint]:
    hits = [(turn, f) for turn, content in said for f in content.analysis.flags if f.kind in _PRONOUN_PHRASES]
    if not hits:
        return None
    parts = []
    for kind, phrase in _PRONOUN_PHRASES.items():
        turns = [turn for turn, f in hits if f.kind == kind]
        if turns:
            parts.append(f"{phrase} in {turns_text(turns)}")
    text = "; ".join(parts)
    return CoachingPoint(f"I and we: {text}", hits[0][1].message, "hint", hits[0][0])


def _asked_point(said) -> Optional[CoachingPoint]:
    for topic, headline, detail in (
        (NEXT_STEPS, "You asked about the next steps",
         "That closes the sale: you learn what happens next and show that you want the job."),
        (COVER_MORE, "You offered to cover more ground",
         "A strong way to finish: it brings out their doubts while you can still answer them."),
    ):
        turn = next((t for t, content in said if any(q.topic == topic for q in content.questions)), None)
        if turn is not None:
            return CoachingPoint(headline, detail, "good", turn)
    return None


def _same_story_point(said) -> Optional[CoachingPoint]:
    checked = [content for _, content in said if content.story is not None]
    if not checked or any(content.story == "changed" for content in checked):
        return None
    where = "the answer" if len(checked) == 1 else f"all {len(checked)} answers"
    return CoachingPoint(
        f"Your story held in {where} checked against what you said before",
        "Numbers, names and titles matched each time. Keep telling it this way.",
        "good",
    )
