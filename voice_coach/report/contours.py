"""Pitch and loudness over time, recomputed from a stored recording for the report's plots.

The stored analysis keeps summaries (median pitch, variation, level); the contours are
cheap to recompute from the WAV (a second or so per minute of speech), so they are not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from voice_coach.analysis import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import ModelError

PITCH_STEP_S = 0.01  # Praat's frame step: 100 pitch values a second
LOUDNESS_WINDOW_S = 0.2  # 200 ms: the level of a word or two, not the flicker of each syllable
LOUDNESS_STEP_S = 0.05  # 20 points a second: smooth on a plot a few inches wide
# Frames this far below the answer's loud frames (99th percentile) are silence and left
# as gaps, so pauses show as breaks, not as plunges to the noise floor.
SILENCE_BELOW_LOUD_DB = 40.0
_TINY_POWER = 1e-12  # -120 dBFS: keeps the log finite on digital silence


@dataclass(frozen=True)
class Contours:
    """Pitch and loudness of one recording over time (seconds from its start)."""

    pitch_times_s: np.ndarray  # float64, shape (n,)
    pitch_hz: np.ndarray  # float64, shape (n,); NaN where unvoiced
    loudness_times_s: np.ndarray  # float64, shape (m,)
    loudness_db: np.ndarray  # float64, shape (m,); NaN where silent
    loudness_reference: str  # "dBFS", or "dB re calibration" when a reference level was subtracted
    duration_s: float

    @property
    def median_pitch_hz(self) -> Optional[float]:
        voiced = self.pitch_hz[np.isfinite(self.pitch_hz)]
        return float(np.median(voiced)) if voiced.size else None


def measure_contours(
    audio: np.ndarray,
    *,
    sample_rate: int = SAMPLE_RATE,
    reference_dbfs: Optional[float] = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Contours:
    """Pitch (Praat, between the thresholds' floor and ceiling) and loudness of ``audio``.

    ``audio``: float mono samples in -1..1, shape (n,). ``reference_dbfs``: the session's
    calibration level; when given, loudness is in dB relative to it, so two sessions
    recorded at different microphone gains line up.
    """
    audio = np.asarray(audio, dtype=np.float64)
    if audio.ndim != 1:
        raise ValueError(f"audio must be mono, shape (n,); got shape {audio.shape}")
    if sample_rate <= 0:
        raise ValueError(f"sample_rate must be positive, got {sample_rate}")
    pitch_times, pitch_hz = _pitch(audio, sample_rate=sample_rate, thresholds=thresholds)
    loudness_times, loudness_db = _loudness(audio, sample_rate=sample_rate)
    if reference_dbfs is not None:
        loudness_db = loudness_db - reference_dbfs
    return Contours(
        pitch_times_s=pitch_times,
        pitch_hz=pitch_hz,
        loudness_times_s=loudness_times,
        loudness_db=loudness_db,
        loudness_reference="dBFS" if reference_dbfs is None else "dB re calibration",
        duration_s=audio.shape[0] / sample_rate,
    )


def contours_from_file(path: Path, *, reference_dbfs: Optional[float] = None) -> Contours:
    """``measure_contours`` of a recording on disk. Raises ``AudioFileError`` when it cannot be read."""
    from voice_coach.audio.files import load_audio

    return measure_contours(load_audio(path), sample_rate=SAMPLE_RATE, reference_dbfs=reference_dbfs)


def _pitch(audio: np.ndarray, *, sample_rate: int, thresholds: Thresholds) -> tuple[np.ndarray, np.ndarray]:
    try:
        import parselmouth
    except ImportError as e:
        raise ModelError(
            "pitch contours need Praat's tracker: install it with `pip install praat-parselmouth` (or `make setup`)"
        ) from e
    # Praat needs three periods of the lowest pitch in its window.
    if audio.shape[0] < int(np.ceil(3.0 / thresholds.pitch_floor_hz * sample_rate)) + 1:
        return np.zeros(0), np.zeros(0)
    pitch = parselmouth.Sound(audio, sampling_frequency=sample_rate).to_pitch_ac(
        time_step=PITCH_STEP_S,
        pitch_floor=thresholds.pitch_floor_hz,
        pitch_ceiling=thresholds.pitch_ceiling_hz,
    )
    f0 = pitch.selected_array["frequency"].astype(np.float64)
    return np.asarray(pitch.xs(), dtype=np.float64), np.where(f0 > 0, f0, np.nan)


def _loudness(audio: np.ndarray, *, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    window = max(int(round(LOUDNESS_WINDOW_S * sample_rate)), 1)
    step = max(int(round(LOUDNESS_STEP_S * sample_rate)), 1)
    if audio.shape[0] < window:
        return np.zeros(0), np.zeros(0)
    starts = np.arange(0, audio.shape[0] - window + 1, step)
    # Mean square per window from a running sum: one pass, no copy per window.
    cumulative = np.concatenate(([0.0], np.cumsum(audio * audio)))
    power = (cumulative[starts + window] - cumulative[starts]) / window
    level_db = 10.0 * np.log10(np.maximum(power, _TINY_POWER))
    loud_db = np.percentile(level_db, 99)
    level_db = np.where(level_db >= loud_db - SILENCE_BELOW_LOUD_DB, level_db, np.nan)
    return (starts + window / 2) / sample_rate, level_db
