"""The pacing measure: speed, pauses found in the audio, pace over time, response latency."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.thresholds import Thresholds
from voice_coach.analysis.voice_activity import Interval, VoiceActivity
from voice_coach.speech.transcript import Word


@dataclass(frozen=True)
class Pause:
    """A silence inside the answer (between its first and last word)."""

    start_s: float
    duration_s: float

    def to_dict(self) -> dict:
        return {"start_s": self.start_s, "duration_s": self.duration_s}

    @classmethod
    def from_dict(cls, data: dict) -> "Pause":
        return cls(start_s=float(data["start_s"]), duration_s=float(data["duration_s"]))


@dataclass(frozen=True)
class PaceWindow:
    """Words per minute in one window of ``pace_timeline``, which starts at ``start_s``."""

    start_s: float
    wpm: float

    def to_dict(self) -> dict:
        return {"start_s": self.start_s, "wpm": self.wpm}

    @classmethod
    def from_dict(cls, data: dict) -> "PaceWindow":
        return cls(start_s=float(data["start_s"]), wpm=float(data["wpm"]))


@dataclass(frozen=True)
class Pacing:
    """How fast and how evenly the answer was spoken. None where there were no words."""

    words: int = 0  # words spoken, fillers not counted
    wpm: float | None = None  # words / (last word's end - first word's start) * 60
    articulation_wpm: float | None = None  # the same over speaking time, silences >= 0.25 s removed
    pause_count: int | None = None  # silences >= 0.5 s between the first and last word
    long_pause_count: int | None = None  # of those, the ones >= 2 s
    longest_pause_s: float | None = None  # 0.0 when the answer had words and no pause
    pauses: tuple[Pause, ...] = ()
    pace_timeline: tuple[PaceWindow, ...] = ()  # wpm in 10 s windows from the first word
    response_latency_s: float | None = None  # question end to first word; None if unknown

    def to_dict(self) -> dict:
        return {
            "words": self.words,
            "wpm": self.wpm,
            "articulation_wpm": self.articulation_wpm,
            "pause_count": self.pause_count,
            "long_pause_count": self.long_pause_count,
            "longest_pause_s": self.longest_pause_s,
            "pauses": [p.to_dict() for p in self.pauses],
            "pace_timeline": [w.to_dict() for w in self.pace_timeline],
            "response_latency_s": self.response_latency_s,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Pacing":
        return cls(
            words=int(data["words"]),
            wpm=_optional_float(data.get("wpm")),
            articulation_wpm=_optional_float(data.get("articulation_wpm")),
            pause_count=_optional_int(data.get("pause_count")),
            long_pause_count=_optional_int(data.get("long_pause_count")),
            longest_pause_s=_optional_float(data.get("longest_pause_s")),
            pauses=tuple(Pause.from_dict(d) for d in data.get("pauses", [])),
            pace_timeline=tuple(PaceWindow.from_dict(d) for d in data.get("pace_timeline", [])),
            response_latency_s=_optional_float(data.get("response_latency_s")),
        )


def measure_pacing(
    words: tuple[Word, ...],
    *,
    spoken: tuple[bool, ...],
    activity: VoiceActivity,
    question_end_s: float | None,
    thresholds: Thresholds,
) -> Pacing:
    """Measure pacing from word times and the audio's silences.

    ``spoken[i]`` is False for words that do not count towards the pace (fillers,
    bare punctuation). Pauses come from ``activity`` (the audio), clipped to the span
    from the first word's start to the last word's end.
    """
    if not words:
        return Pacing()
    span = Interval(start_s=words[0].start_s, end_s=max(w.end_s for w in words))
    spoken_words = [w for w, counts in zip(words, spoken) if counts]
    n_words = len(spoken_words)
    silences = _silences_within(activity.silences, span)
    pauses = tuple(
        Pause(start_s=round(s.start_s, 3), duration_s=round(s.duration_s, 3))
        for s in silences
        if s.duration_s >= thresholds.pause_min_s
    )
    speaking_s = span.duration_s - sum(
        s.duration_s for s in silences if s.duration_s >= thresholds.articulation_pause_min_s
    )
    return Pacing(
        words=n_words,
        wpm=_per_minute(n_words, span.duration_s),
        articulation_wpm=_per_minute(n_words, speaking_s),
        pause_count=len(pauses),
        long_pause_count=sum(1 for p in pauses if p.duration_s >= thresholds.long_pause_min_s),
        longest_pause_s=max((p.duration_s for p in pauses), default=0.0),
        pauses=pauses,
        pace_timeline=_pace_timeline(spoken_words, span, thresholds=thresholds),
        response_latency_s=_response_latency_s(words[0], activity, question_end_s),
    )


def _silences_within(silences: tuple[Interval, ...], span: Interval) -> list[Interval]:
    clipped = (
        Interval(start_s=max(s.start_s, span.start_s), end_s=min(s.end_s, span.end_s))
        for s in silences
        if s.end_s > span.start_s and s.start_s < span.end_s
    )
    return [s for s in clipped if s.duration_s > 0]


def _pace_timeline(spoken_words: list[Word], span: Interval, *, thresholds: Thresholds) -> tuple[PaceWindow, ...]:
    """Words per minute in consecutive windows from the first word, by word midpoint.

    A last window shorter than ``pace_window_min_s`` is merged into the one before it
    (a 1 s tail with two words would otherwise read 120 wpm).
    """
    if span.duration_s <= 0:
        return ()
    width_s = thresholds.pace_window_s
    edges = [span.start_s]
    while edges[-1] + width_s < span.end_s:
        edges.append(edges[-1] + width_s)
    edges.append(span.end_s)
    if len(edges) > 2 and edges[-1] - edges[-2] < thresholds.pace_window_min_s:
        del edges[-2]
    midpoints = np.array([(w.start_s + w.end_s) / 2 for w in spoken_words], dtype=np.float64)
    counts, _ = np.histogram(midpoints, bins=np.array(edges))  # last bin includes its right edge
    windows = (
        (left, _per_minute(int(n), right - left)) for left, right, n in zip(edges[:-1], edges[1:], counts)
    )
    return tuple(PaceWindow(start_s=round(left, 3), wpm=wpm) for left, wpm in windows if wpm is not None)


def _response_latency_s(first: Word, activity: VoiceActivity, question_end_s: float | None) -> float | None:
    """Seconds from the question's end to the first word, never negative.

    Whisper often stretches the first word back into the silence before it; when the
    audio is silent at the word's start, the first sound inside the word is used instead.
    """
    if question_end_s is None:
        return None
    onset_s = first.start_s
    audio_onset_s = activity.sound_onset_between(first.start_s, max(first.end_s, first.start_s + activity.frame_s))
    if audio_onset_s is not None and audio_onset_s > onset_s:
        onset_s = audio_onset_s
    return round(max(onset_s - question_end_s, 0.0), 3)


def _per_minute(count: int, seconds: float) -> float | None:
    return round(60.0 * count / seconds, 1) if seconds > 0 else None


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[arg-type]
