"""What the coach says aloud after an answer: the one or two most useful sentences.

Spoken text is plain English: no symbols, no parentheses, no units a voice would read
letter by letter. After a round-2 answer the worst verdicts of its comparison come first;
after a round-1 answer (no baseline yet) the clearest problems in the answer itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.analysis.answer import AnswerAnalysis
from voice_coach.analysis.compare import Comparison
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds

# When verdicts cannot be ranked by severity (rebuilt from JSON), this order decides.
_DIMENSION_PRIORITY = {"energy": 0, "pace": 1, "fillers": 2, "pitch": 3, "length": 4}
_NO_ANSWER = "I did not catch an answer. Check your microphone, and start speaking after the question ends."
_ALL_SAME = "You matched your first round on delivery. Well done, keep it that way."
_ALL_GOOD = "Clear delivery: a steady pace, few fillers and a lively voice. Keep it up."
_MONOTONE_SHARE = 0.5  # monotone windows covering this much of the answer earn a hint
_REPETITION_HINT_COUNT = 3  # this many restarts earn a hint


@dataclass(frozen=True)
class _Hint:
    """A candidate sentence and how much it matters (higher first)."""

    weight: float
    sentence: str


def feedback_sentences(
    analysis: AnswerAnalysis,
    comparison: Comparison | None = None,
    *,
    limit: int = 2,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[str]:
    """Up to ``limit`` sentences to speak after an answer, most useful first (never empty)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if analysis.pacing.words == 0:
        return [_NO_ANSWER]
    if comparison is not None:
        sentences = _round_two_sentences(comparison, limit=limit)
    else:
        sentences = _round_one_sentences(analysis, limit=limit, thresholds=thresholds)
    return [speakable(s) for s in sentences]


def speakable(text: str) -> str:
    """``text`` with parenthesised figures dropped and symbols written as words."""
    text = re.sub(r"\s*\([^)]*\)", "", text)
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"(\d)\s*dB\b", r"\1 decibels", text)
    text = re.sub(r"(\d)\s*s\b", r"\1 seconds", text)
    text = re.sub(r"\s*[—–]\s*", ", ", text)
    text = re.sub(r"[\"“”‘’*_#<>|/\\]", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _round_two_sentences(comparison: Comparison, *, limit: int) -> list[str]:
    worse = sorted(
        (v for v in comparison.verdicts if v.status == "worse"),
        key=lambda v: (-v.severity, _DIMENSION_PRIORITY.get(v.dimension, 99)),
    )
    better = sorted(
        (v for v in comparison.verdicts if v.status == "better"),
        key=lambda v: (-v.severity, _DIMENSION_PRIORITY.get(v.dimension, 99)),
    )
    sentences = [v.message for v in worse[:limit]]
    if len(sentences) < limit and better:
        sentences.append(better[0].message)
    return sentences or [_ALL_SAME]


def _round_one_sentences(analysis: AnswerAnalysis, *, limit: int, thresholds: Thresholds) -> list[str]:
    hints = [
        hint
        for hint in (
            _filler_hint(analysis, thresholds),
            _long_pause_hint(analysis),
            _pace_hint(analysis, thresholds),
            _monotone_hint(analysis),
            _latency_hint(analysis, thresholds),
            _repetition_hint(analysis),
        )
        if hint is not None
    ]
    hints.sort(key=lambda h: -h.weight)
    return [h.sentence for h in hints[:limit]] or [_ALL_GOOD]


def _filler_hint(analysis: AnswerAnalysis, t: Thresholds) -> _Hint | None:
    fillers = analysis.fillers
    if fillers.per_100_words is None or fillers.per_100_words < t.feedback_fillers_per_100_words:
        return None
    top = [word for word, _ in sorted(fillers.by_word.items(), key=lambda item: -item[1])[:2]]
    return _Hint(
        fillers.per_100_words / t.feedback_fillers_per_100_words,
        f"You used {fillers.count} {'filler' if fillers.count == 1 else 'fillers'}, "
        f"{'' if fillers.count == 1 else 'most often '}{' and '.join(top)}. "
        "When you need a moment, pause silently instead.",
    )


def _long_pause_hint(analysis: AnswerAnalysis) -> _Hint | None:
    pacing = analysis.pacing
    if not pacing.long_pause_count or pacing.longest_pause_s is None:
        return None
    return _Hint(
        1.0 + 0.25 * pacing.long_pause_count,
        f"You stopped for {pacing.longest_pause_s:.0f} seconds in the middle of the answer. "
        "If you need to think, say so briefly, then carry on.",
    )


def _pace_hint(analysis: AnswerAnalysis, t: Thresholds) -> _Hint | None:
    wpm = analysis.pacing.wpm
    if wpm is None:
        return None
    if wpm > t.feedback_fast_wpm:
        return _Hint(wpm / t.feedback_fast_wpm, f"You spoke quickly, about {wpm:.0f} words a minute. Slow down so your key points land.")
    if wpm < t.feedback_slow_wpm:
        return _Hint(t.feedback_slow_wpm / max(wpm, 1.0), f"You spoke slowly, about {wpm:.0f} words a minute. Keep sentences moving and trim long pauses.")
    return None


def _monotone_hint(analysis: AnswerAnalysis) -> _Hint | None:
    windows = analysis.energy.monotone_windows
    span_s = analysis.duration_s
    if not windows or span_s <= 0:
        return None
    share = sum(w.end_s - w.start_s for w in windows) / span_s
    if share < _MONOTONE_SHARE:
        return None
    return _Hint(1.0 + share, "Your voice stayed flat for much of the answer. Stress the words that matter and let your pitch rise and fall.")


def _latency_hint(analysis: AnswerAnalysis, t: Thresholds) -> _Hint | None:
    latency = analysis.pacing.response_latency_s
    if latency is None or latency < t.feedback_latency_s:
        return None
    return _Hint(
        latency / t.feedback_latency_s * 0.8,
        f"You took {latency:.0f} seconds to start. A short bridge such as good question, let me think keeps the silence from stretching.",
    )


def _repetition_hint(analysis: AnswerAnalysis) -> _Hint | None:
    n = len(analysis.fillers.repetitions)
    if n < _REPETITION_HINT_COUNT:
        return None
    return _Hint(0.9, f"You restarted or repeated words {n} times. Take a breath and finish each sentence once.")

