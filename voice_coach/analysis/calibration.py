"""A short reading at the start of a session: the speaker's level and pitch at this gain.

Answers store their loudness relative to it (``loudness_vs_calibration_db``), so two
sessions recorded with different microphone gains still compare fairly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from voice_coach.analysis.energy import measure_energy
from voice_coach.analysis.frames import frame_power
from voice_coach.analysis.pitch import track_pitch
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.validation import AnalysisInputError, validated_audio
from voice_coach.analysis.voice_activity import detect_voice_activity


@dataclass(frozen=True)
class Calibration:
    """The speaker's voiced loudness (dBFS) and median pitch (Hz) in a calibration reading."""

    loudness_dbfs: float
    pitch_median_hz: float | None  # None if the reading had no voiced frames (whispered)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Calibration":
        median = data.get("pitch_median_hz")
        return cls(
            loudness_dbfs=float(data["loudness_dbfs"]),
            pitch_median_hz=None if median is None else float(median),
        )


def measure_calibration(
    audio: np.ndarray, *, sample_rate: int = 16_000, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Calibration:
    """Measure a calibration reading (float32 mono, a few seconds of normal speech).

    Raises ``AnalysisInputError`` when the reading holds no sound to measure.
    """
    audio = validated_audio(audio, sample_rate=sample_rate)
    frames = frame_power(audio, sample_rate=sample_rate)
    activity = detect_voice_activity(frames, thresholds=thresholds)
    pitch = track_pitch(audio, sample_rate=sample_rate, thresholds=thresholds)
    energy = measure_energy(
        frames,
        activity=activity,
        pitch=pitch,
        span=None,
        calibration_loudness_dbfs=None,
        thresholds=thresholds,
    )
    if energy.loudness_dbfs is None:
        raise AnalysisInputError(
            f"the calibration recording ({audio.shape[0] / sample_rate:.1f} s) holds no speech "
            "to measure; check the microphone and read the sentence aloud"
        )
    return Calibration(loudness_dbfs=energy.loudness_dbfs, pitch_median_hz=energy.pitch_median_hz)
