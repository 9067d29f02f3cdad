"""F0 of the voice with Praat's autocorrelation tracker (praat-parselmouth)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.frames import FRAME_S
from voice_coach.analysis.thresholds import Thresholds
from voice_coach.errors import ModelError

_CHUNK_S = 60.0  # track long answers a minute at a time: bounded memory, same result inside
_CHUNK_MARGIN_S = 0.5  # tracked on both sides of a chunk and dropped, so edges see context


@dataclass(frozen=True)
class PitchTrack:
    """F0 every 10 ms; NaN where the tracker found no voicing."""

    times_s: np.ndarray  # float64, frame centres in seconds from the start of the audio
    f0_hz: np.ndarray  # float64, same shape; NaN = unvoiced

    @property
    def voiced(self) -> np.ndarray:
        return np.isfinite(self.f0_hz)


def track_pitch(audio: np.ndarray, *, sample_rate: int, thresholds: Thresholds) -> PitchTrack:
    """Run Praat's pitch tracker over ``audio`` (float32 mono) between the thresholds'
    pitch floor and ceiling, in chunks of a minute for long recordings."""
    try:
        import parselmouth  # heavy; only the analysis needs it
    except ImportError as e:
        raise ModelError(
            "pitch analysis needs Praat's tracker: install it with "
            "`pip install praat-parselmouth` (or `make setup`)"
        ) from e

    duration_s = audio.shape[0] / sample_rate
    times: list[np.ndarray] = []
    f0s: list[np.ndarray] = []
    chunk_start_s = 0.0
    while chunk_start_s < duration_s:
        chunk_end_s = min(chunk_start_s + _CHUNK_S, duration_s)
        lo_s = max(chunk_start_s - _CHUNK_MARGIN_S, 0.0)
        hi_s = min(chunk_end_s + _CHUNK_MARGIN_S, duration_s)
        piece = audio[int(lo_s * sample_rate) : int(hi_s * sample_rate)].astype(np.float64)
        if piece.shape[0] >= _min_samples(sample_rate, thresholds):
            sound = parselmouth.Sound(piece, sampling_frequency=sample_rate)
            pitch = sound.to_pitch_ac(
                time_step=FRAME_S,
                pitch_floor=thresholds.pitch_floor_hz,
                pitch_ceiling=thresholds.pitch_ceiling_hz,
            )
            t = pitch.xs() + lo_s
            f0 = pitch.selected_array["frequency"].astype(np.float64)
            keep = (t >= chunk_start_s) & (t < chunk_end_s)
            times.append(t[keep])
            f0s.append(np.where(f0[keep] > 0, f0[keep], np.nan))
        chunk_start_s = chunk_end_s
    if not times:
        return PitchTrack(times_s=np.zeros(0), f0_hz=np.zeros(0))
    return PitchTrack(times_s=np.concatenate(times), f0_hz=np.concatenate(f0s))


def semitones_from_median(f0_hz: np.ndarray, *, outlier_st: float) -> np.ndarray:
    """Voiced F0 values as semitones around their median, octave errors dropped."""
    voiced = f0_hz[np.isfinite(f0_hz)]
    if voiced.size == 0:
        return voiced
    st = 12.0 * np.log2(voiced / np.median(voiced))
    return st[np.abs(st) <= outlier_st]


def pitch_variation_st(f0_hz: np.ndarray, *, outlier_st: float) -> float | None:
    """Standard deviation of voiced F0 in semitones; None with fewer than two voiced frames."""
    st = semitones_from_median(f0_hz, outlier_st=outlier_st)
    return float(np.std(st)) if st.size >= 2 else None


def _min_samples(sample_rate: int, thresholds: Thresholds) -> int:
    # Praat's window is three periods of the pitch floor; shorter sounds cannot be tracked.
    return int(np.ceil(3.0 / thresholds.pitch_floor_hz * sample_rate)) + 1
