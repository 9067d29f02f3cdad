"""The few coaching points that head a session's report, most useful first.

After a round-2 session: the dimensions that got worse against round 1 in the most
answers (and by the most), then the ones that got better. After a round-1 session (nothing
to compare with): the clearest problems across all its answers, judged with the same
limits as the spoken feedback (``Thresholds.feedback_*``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from voice_coach.analysis import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.report.changes import DIMENSION_TITLES

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
    status: str  # "worse" or "better" (against round 1), "hint" or "good" (round 1)
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
    if compared:
        return _against_round_one(compared, limit=limit)
    spoken = [a for a in answers if a.analysis is not None and a.analysis.pacing.words > 0]
    if not spoken:
        return (CoachingPoint(
            "Nothing to judge yet",
            "No answer in this session was transcribed. Check the microphone and start speaking after the question.",
            "hint",
        ),)
    return _within_the_session(spoken, limit=limit, thresholds=thresholds)


# --- round 2: against round 1 -------------------------------------------------------------


def _against_round_one(answers: Sequence["AnswerReport"], *, limit: int) -> tuple[CoachingPoint, ...]:
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
    return tuple(points[:limit])


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


def _within_the_session(
    answers: Sequence["AnswerReport"], *, limit: int, thresholds: Thresholds
) -> tuple[CoachingPoint, ...]:
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
    points = [p for _, p in weighted[:limit]]
    if not points:
        pace = "an unknown pace" if wpm is None else f"a steady pace ({wpm:.0f} words a minute)"
        points = [CoachingPoint(
            "Clear delivery",
            f"{pace[0].upper()}{pace[1:]}, few fillers ({fillers_per_100:.1f} per 100 words) and no long pauses. "
            "Keep it up in round 2.",
            "good",
        )]
    return tuple(points)


def _session_wpm(analyses) -> Optional[float]:
    """Words a minute over the whole session: all counted words over all speaking spans."""
    timed = [x.pacing for x in analyses if x.pacing.wpm]
    minutes = sum(p.words / p.wpm for p in timed)
    return sum(p.words for p in timed) / minutes if minutes > 0 else None


def _turn_with_most(answers: Sequence["AnswerReport"], key) -> Optional[int]:
    if len(answers) < 2:
        return None
    return max(answers, key=lambda a: key(a.analysis)).answer.turn
