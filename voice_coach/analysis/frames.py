"""Short-time power of the signal in 10 ms frames: the base of voice activity and loudness."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME_S = 0.010  # 10 ms: fine enough for pause edges, 160 samples at 16 kHz
_SMOOTH_FRAMES = 3  # activity looks at 30 ms of power: over two pitch periods even at 75 Hz
SMOOTHING_SPREAD_FRAMES = _SMOOTH_FRAMES // 2  # frames a sound's edge is smeared outward by
_TINY_POWER = 1e-12  # -120 dBFS: the level given to digital silence so logs stay finite


@dataclass(frozen=True)
class FramePower:
    """Mean square amplitude (full scale = 1.0) of consecutive 10 ms frames."""

    power: np.ndarray  # float64, shape (n_frames,); frame k covers [k*FRAME_S, (k+1)*FRAME_S)
    frame_s: float = FRAME_S

    @property
    def n_frames(self) -> int:
        return int(self.power.shape[0])

    def smoothed_db(self) -> np.ndarray:
        """Level in dBFS of each frame averaged with its neighbours (30 ms), float64."""
        if self.n_frames == 0:
            return np.zeros(0)
        kernel = np.ones(_SMOOTH_FRAMES) / _SMOOTH_FRAMES
        smoothed = np.convolve(self.power, kernel, mode="same")
        return 10.0 * np.log10(np.maximum(smoothed, _TINY_POWER))


def frame_power(audio: np.ndarray, *, sample_rate: int) -> FramePower:
    """Split ``audio`` (float32, mono) into 10 ms frames and return each frame's power.

    A last partial frame is dropped. Runs in one pass of numpy (einsum on a reshaped
    view, so no squared copy of the whole signal is made).
    """
    frame_len = int(round(FRAME_S * sample_rate))
    n_frames = audio.shape[0] // frame_len
    frames = audio[: n_frames * frame_len].reshape(n_frames, frame_len)
    power = np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / frame_len
    return FramePower(power=power, frame_s=frame_len / sample_rate)


class FramePowerAccumulator:
    """``frame_power`` of audio that arrives in pieces of any size, frame by frame.

    ``add`` measures every frame completed so far and keeps only the samples of a frame not
    yet complete (under 10 ms); ``result()`` equals ``frame_power`` of all the audio added.
    """

    def __init__(self, *, sample_rate: int) -> None:
        self._sample_rate = sample_rate
        self._frame_len = int(round(FRAME_S * sample_rate))
        self._pending = np.zeros(0, dtype=np.float32)  # the start of the next frame
        self._powers: list[np.ndarray] = []

    def add(self, samples: np.ndarray) -> None:
        """Measure the frames ``samples`` (float32, mono) complete; no reference to it is kept."""
        joined = np.concatenate((self._pending, samples))
        whole = joined.shape[0] - joined.shape[0] % self._frame_len
        if whole:
            self._powers.append(frame_power(joined[:whole], sample_rate=self._sample_rate).power)
        self._pending = joined[whole:].copy()  # not a view: the rest of `joined` can go

    def result(self) -> FramePower:
        """The power of every complete frame added so far (a last partial frame is left out)."""
        power = np.concatenate(self._powers) if self._powers else np.zeros(0)
        return FramePower(power=power, frame_s=self._frame_len / self._sample_rate)


def power_to_db(power: float) -> float:
    """Mean square amplitude to dBFS (a full-scale square wave is 0 dBFS, a sine -3.01)."""
    return float(10.0 * np.log10(max(power, _TINY_POWER)))
