"""The energy measure: how loud and how lively the voice was."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.frames import FramePower, power_to_db
from voice_coach.analysis.pitch import PitchTrack, pitch_variation_st
from voice_coach.analysis.thresholds import Thresholds
from voice_coach.analysis.voice_activity import Interval, VoiceActivity

_MIN_PHRASE_VOICED_S = 0.2  # a phrase needs this much voice to have a level of its own
_EDGE_SLACK_FRAMES = 0.25  # a pitch frame centred this close before a power frame's start belongs to it


@dataclass(frozen=True)
class MonotoneWindow:
    """A stretch of the answer where the pitch hardly moved."""

    start_s: float
    end_s: float
    pitch_var_st: float

    def to_dict(self) -> dict:
        return {"start_s": self.start_s, "end_s": self.end_s, "pitch_var_st": self.pitch_var_st}

    @classmethod
    def from_dict(cls, data: dict) -> "MonotoneWindow":
        return cls(
            start_s=float(data["start_s"]),
            end_s=float(data["end_s"]),
            pitch_var_st=float(data["pitch_var_st"]),
        )


@dataclass(frozen=True)
class Energy:
    """Loudness and pitch of one answer. None where nothing was voiced or measured."""

    loudness_dbfs: float | None = None  # RMS level of voiced frames; full-scale square = 0 dBFS
    loudness_var_db: float | None = None  # std of phrase levels in dB; None under two phrases
    pitch_median_hz: float | None = None
    pitch_var_st: float | None = None  # std of voiced F0 in semitones around the median
    monotone_windows: tuple[MonotoneWindow, ...] = ()
    loudness_vs_calibration_db: float | None = None  # loudness minus the session's calibration

    def to_dict(self) -> dict:
        return {
            "loudness_dbfs": self.loudness_dbfs,
            "loudness_var_db": self.loudness_var_db,
            "pitch_median_hz": self.pitch_median_hz,
            "pitch_var_st": self.pitch_var_st,
            "monotone_windows": [w.to_dict() for w in self.monotone_windows],
            "loudness_vs_calibration_db": self.loudness_vs_calibration_db,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Energy":
        return cls(
            loudness_dbfs=_optional_float(data.get("loudness_dbfs")),
            loudness_var_db=_optional_float(data.get("loudness_var_db")),
            pitch_median_hz=_optional_float(data.get("pitch_median_hz")),
            pitch_var_st=_optional_float(data.get("pitch_var_st")),
            monotone_windows=tuple(MonotoneWindow.from_dict(d) for d in data.get("monotone_windows", [])),
            loudness_vs_calibration_db=_optional_float(data.get("loudness_vs_calibration_db")),
        )


def measure_energy(
    frames: FramePower,
    *,
    activity: VoiceActivity,
    pitch: PitchTrack,
    span: Interval | None,
    calibration_loudness_dbfs: float | None,
    thresholds: Thresholds,
) -> Energy:
    """Measure loudness over voiced frames and pitch variation.

    Voiced frames are those Praat finds voiced *and* the activity marks as sound; a
    whispered answer has none, and then loudness falls back on all sounding frames.
    ``span`` (first to last word) bounds the monotone windows; None means the whole audio.
    """
    voiced = _voiced_frames(frames, activity, pitch)
    measured = voiced if voiced.any() else activity.sound
    loudness = _level_dbfs(frames.power[measured]) if measured.any() else None
    voiced_f0 = pitch.f0_hz[np.isfinite(pitch.f0_hz)]
    pitch_var = pitch_variation_st(pitch.f0_hz, outlier_st=thresholds.pitch_outlier_st)
    return Energy(
        loudness_dbfs=_round(loudness, 2),
        loudness_var_db=_round(_phrase_level_spread_db(frames, activity, measured, thresholds), 2),
        pitch_median_hz=_round(float(np.median(voiced_f0)) if voiced_f0.size else None, 1),
        pitch_var_st=_round(pitch_var, 2),
        monotone_windows=_monotone_windows(pitch, span=span, thresholds=thresholds),
        loudness_vs_calibration_db=(
            _round(loudness - calibration_loudness_dbfs, 2)
            if loudness is not None and calibration_loudness_dbfs is not None
            else None
        ),
    )


def _voiced_frames(frames: FramePower, activity: VoiceActivity, pitch: PitchTrack) -> np.ndarray:
    """Power frames (10 ms) that hold the centre of a voiced pitch frame and sound.

    Pitch frames are centred on the middles or on the edges of the power frames; a centre
    on an edge (give or take rounding) counts for the frame that starts there.
    """
    voiced = np.zeros(frames.n_frames, dtype=bool)
    index = np.floor(pitch.times_s[pitch.voiced] / frames.frame_s + _EDGE_SLACK_FRAMES).astype(np.int64)
    voiced[index[(index >= 0) & (index < frames.n_frames)]] = True
    return voiced & activity.sound[: frames.n_frames]


def _level_dbfs(power: np.ndarray) -> float:
    return power_to_db(float(np.mean(power)))


def _phrase_level_spread_db(
    frames: FramePower, activity: VoiceActivity, measured: np.ndarray, thresholds: Thresholds
) -> float | None:
    """Standard deviation (dB) of phrase levels; phrases are split at silences of at least
    ``articulation_pause_min_s``. None when fewer than two phrases have enough voice."""
    breaks = [s for s in activity.silences if s.duration_s >= thresholds.articulation_pause_min_s]
    edges = [0] + [i for s in breaks for i in (_frame(s.start_s, frames), _frame(s.end_s, frames))]
    edges.append(frames.n_frames)
    min_frames = int(round(_MIN_PHRASE_VOICED_S / frames.frame_s))
    levels = []
    for start, end in zip(edges[0::2], edges[1::2]):
        phrase = measured[start:end]
        if np.count_nonzero(phrase) >= min_frames:
            levels.append(_level_dbfs(frames.power[start:end][phrase]))
    return float(np.std(levels)) if len(levels) >= 2 else None


def _monotone_windows(pitch: PitchTrack, *, span: Interval | None, thresholds: Thresholds) -> tuple[MonotoneWindow, ...]:
    """Consecutive windows of ``monotone_window_s`` whose pitch varies by less than
    ``monotone_max_var_st``; a window needs ``monotone_min_voiced_s`` of voice to be judged
    and a last partial window at least half the width."""
    if pitch.times_s.size == 0:
        return ()
    start_s = span.start_s if span is not None else float(pitch.times_s[0])
    end_s = span.end_s if span is not None else float(pitch.times_s[-1])
    width_s = thresholds.monotone_window_s
    frame_s = float(pitch.times_s[1] - pitch.times_s[0]) if pitch.times_s.size > 1 else 0.01
    found = []
    left = start_s
    while end_s - left >= width_s / 2:
        right = min(left + width_s, end_s)
        lo, hi = np.searchsorted(pitch.times_s, [left, right])
        window_f0 = pitch.f0_hz[lo:hi]
        voiced_s = np.count_nonzero(np.isfinite(window_f0)) * frame_s
        if voiced_s >= thresholds.monotone_min_voiced_s:
            var = pitch_variation_st(window_f0, outlier_st=thresholds.pitch_outlier_st)
            if var is not None and var < thresholds.monotone_max_var_st:
                found.append(MonotoneWindow(start_s=round(left, 3), end_s=round(right, 3), pitch_var_st=round(var, 2)))
        left = right
    return tuple(found)


def _frame(time_s: float, frames: FramePower) -> int:
    return int(round(time_s / frames.frame_s))


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
