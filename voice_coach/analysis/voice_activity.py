"""Where the answer is silent, found in the audio itself.

Why frame energy and not Silero VAD: pauses are *silences*, and Whisper's word times
drift around dropped words, so they must come from the signal. A level threshold set
from the answer's own loud frames and noise floor finds silence in any voice, any gain
and in synthetic test signals; it is exact at 10 ms and costs one numpy pass (well over
1000x real time). Silero (faster_whisper.vad) answers a different question, speech or not
speech: it pads speech by hundreds of milliseconds, which shortens pauses, and calls
breaths or tones non-speech. Loud breaths in a pause are the one case energy counts as
sound; they shorten a pause rather than invent one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.frames import SMOOTHING_SPREAD_FRAMES, FramePower
from voice_coach.analysis.thresholds import Thresholds

_LOUD_PERCENTILE = 99  # the voice at its loudest: still speech when speech is a tenth of the recording
_FLOOR_PERCENTILE = 10  # its noise floor (pauses, breath, room)
_ALWAYS_SILENT_DBFS = -80.0  # below any microphone's speech: all-zero audio is all silence
_MIN_SOUND_S = 0.06  # a sound burst shorter than this (a click) does not break a silence


@dataclass(frozen=True)
class Interval:
    """A stretch of time in seconds from the start of the audio."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class VoiceActivity:
    """Which 10 ms frames carry sound, and the silences between sounds."""

    sound: np.ndarray  # bool, shape (n_frames,)
    frame_s: float
    threshold_dbfs: float  # frames quieter than this are silent
    silences: tuple[Interval, ...]  # silent stretches with sound on both sides, in order

    def sound_onset_between(self, start_s: float, end_s: float) -> float | None:
        """The first time in [start_s, end_s) where a silent frame turns into sound."""
        first = max(int(np.floor(start_s / self.frame_s)), 0)
        last = min(int(np.ceil(end_s / self.frame_s)), self.sound.shape[0])
        if first >= last:
            return None
        if self.sound[first]:
            return float(first * self.frame_s)
        onsets = np.flatnonzero(self.sound[first:last])
        return float((first + onsets[0]) * self.frame_s) if onsets.size else None


def detect_voice_activity(frames: FramePower, *, thresholds: Thresholds) -> VoiceActivity:
    """Mark each frame as sound or silence relative to the answer's own levels."""
    level_db = frames.smoothed_db()
    threshold_dbfs = _silence_threshold_dbfs(level_db, thresholds=thresholds)
    sound = level_db >= threshold_dbfs
    sound = _drop_short_runs(sound, min_frames=int(round(_MIN_SOUND_S / frames.frame_s)))
    return VoiceActivity(
        sound=sound,
        frame_s=frames.frame_s,
        threshold_dbfs=threshold_dbfs,
        silences=_inner_silences(sound, frames.frame_s),
    )


def _silence_threshold_dbfs(level_db: np.ndarray, *, thresholds: Thresholds) -> float:
    if level_db.size == 0:
        return 0.0
    loud, floor = np.percentile(level_db, [_LOUD_PERCENTILE, _FLOOR_PERCENTILE])
    threshold = floor + thresholds.silence_above_floor_fraction * (loud - floor)
    threshold = max(threshold, loud - thresholds.silence_below_speech_db)
    threshold = min(threshold, loud - thresholds.silence_min_below_speech_db)
    return float(max(threshold, _ALWAYS_SILENT_DBFS))


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) frame indices of the True runs of ``mask``."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.diff(padded)
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _drop_short_runs(sound: np.ndarray, *, min_frames: int) -> np.ndarray:
    starts, ends = _runs(sound)
    short = (ends - starts) < min_frames
    if not short.any():
        return sound
    cleaned = sound.copy()
    for start, end in zip(starts[short], ends[short]):
        cleaned[start:end] = False
    return cleaned


def _inner_silences(sound: np.ndarray, frame_s: float) -> tuple[Interval, ...]:
    """Silent runs that have sound before and after them (not the lead-in or the tail).

    Each is widened by the frames the level smoothing spread sound into, so a 1.2 s gap
    in the signal reads 1.2 s, not 1.18 s.
    """
    starts, ends = _runs(~sound)
    inner = (starts > 0) & (ends < sound.shape[0])
    return tuple(
        Interval(start_s=float((s - SMOOTHING_SPREAD_FRAMES) * frame_s), end_s=float((e + SMOOTHING_SPREAD_FRAMES) * frame_s))
        for s, e in zip(starts[inner], ends[inner])
    )
