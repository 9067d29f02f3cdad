"""What the transcription checks hear in the signal itself, every 10 ms.

The speech model's words are checked against these frame features: the guard drops words
where nothing was said (``hallucination_guard``), and filled pauses are found and timed
from steady voiced sound (``acoustic_fillers``). Computed once per recording by
``measure_frames``:

- ``level_db``: level of each 25 ms frame, dBFS;
- ``spectral_change_db``: how fast the spectrum moves (a held vowel barely does);
- ``f0_hz``: pitch from Praat's autocorrelation tracker, NaN where unvoiced;
- ``nasal_db``: energy below 400 Hz against 500-3000 Hz (a closed mouth, as in "mm");
- ``speech_probability``: Silero's speech probability of the 32 ms frame around each frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.audio import SAMPLE_RATE

FRAME_S = 0.010  # hop between frames: 160 samples at 16 kHz
WINDOW_S = 0.025  # each frame looks at 25 ms (400 samples): two periods of a 80 Hz voice
_FFT_SIZE = 512
_MEL_BANDS = 32
_MEL_RANGE_HZ = (80.0, 5000.0)  # where vowel formants and nasal murmur lie
_CHANGE_SPAN_FRAMES = 3  # spectral change compares frames 30 ms before and after
PITCH_FLOOR_HZ = 75.0
PITCH_CEILING_HZ = 500.0
_TINY = 1e-12  # -120 dB: digital silence stays finite in logs
_BLOCK_FRAMES = 4096  # spectra are computed this many frames at a time (bounded memory)


@dataclass(frozen=True)
class FrameFeatures:
    """Per-frame measures of one recording; frame ``k`` is centred at ``times_s[k]``.

    Every array is float64 with shape ``(n_frames,)``.
    """

    times_s: np.ndarray
    level_db: np.ndarray
    spectral_change_db: np.ndarray  # RMS over mel bands of the change across 60 ms, dB
    f0_hz: np.ndarray  # NaN where unvoiced
    nasal_db: np.ndarray
    speech_probability: np.ndarray
    frame_s: float = FRAME_S

    @property
    def n_frames(self) -> int:
        return int(self.times_s.shape[0])

    @property
    def voiced(self) -> np.ndarray:
        return np.isfinite(self.f0_hz)

    def frame_at(self, time_s: float) -> int:
        """Index of the frame whose centre is nearest ``time_s``, clipped to the recording."""
        index = int(round((time_s - WINDOW_S / 2) / self.frame_s))
        return min(max(index, 0), max(self.n_frames - 1, 0))

    def sounding(self) -> np.ndarray:
        """Frames clearly above the recording's own noise floor (bool).

        The floor is the 10th percentile of frame levels; a frame sounds when it is
        10 dB above that, but never needs more than 30 dB under the loudest frames (a
        recording with no pauses has its floor inside the speech) nor less than -60 dBFS.
        """
        if self.n_frames == 0:
            return np.zeros(0, dtype=bool)
        floor = float(np.percentile(self.level_db, 10))
        loud = float(np.percentile(self.level_db, 99))
        threshold = max(min(floor + 10.0, loud - 30.0), -60.0)
        return self.level_db > threshold


def measure_frames(audio: np.ndarray, *, speech_probability_32ms: np.ndarray | None = None) -> FrameFeatures:
    """Frame features of ``audio`` (float32 mono at 16 kHz, validated by the caller).

    ``speech_probability_32ms`` is Silero's output per 512-sample frame; computed here
    when not given.
    """
    hop = int(round(FRAME_S * SAMPLE_RATE))
    window = int(round(WINDOW_S * SAMPLE_RATE))
    n_frames = 1 + (len(audio) - window) // hop if len(audio) >= window else 0
    times = np.arange(n_frames) * FRAME_S + WINDOW_S / 2
    if n_frames == 0:
        empty = np.zeros(0)
        return FrameFeatures(times, empty, empty, empty, empty, empty)

    level = np.empty(n_frames)
    log_mel = np.empty((n_frames, _MEL_BANDS))
    nasal = np.empty(n_frames)
    freqs = np.fft.rfftfreq(_FFT_SIZE, 1.0 / SAMPLE_RATE)
    bank = _mel_bank(freqs)
    low = (freqs >= 80) & (freqs < 400)
    mid = (freqs >= 500) & (freqs < 3000)
    taper = np.hanning(window)
    for first in range(0, n_frames, _BLOCK_FRAMES):
        last = min(first + _BLOCK_FRAMES, n_frames)
        starts = np.arange(first, last) * hop
        frames = audio[starts[:, None] + np.arange(window)[None, :]].astype(np.float64)
        level[first:last] = 10.0 * np.log10(np.mean(frames**2, axis=1) + _TINY)
        power = np.abs(np.fft.rfft(frames * taper, _FFT_SIZE)) ** 2
        log_mel[first:last] = 10.0 * np.log10(power @ bank.T + _TINY)
        nasal[first:last] = 10.0 * np.log10((power[:, low].sum(1) + _TINY) / (power[:, mid].sum(1) + _TINY))

    kernel = np.ones(3) / 3.0
    smooth = np.apply_along_axis(lambda band: np.convolve(band, kernel, mode="same"), 0, log_mel)
    k = _CHANGE_SPAN_FRAMES
    change = np.full(n_frames, np.inf)
    if n_frames > 2 * k:
        change[k:-k] = np.sqrt(np.mean((smooth[2 * k :] - smooth[: -2 * k]) ** 2, axis=1))

    if speech_probability_32ms is None:
        from voice_coach.audio.voice_activity import speech_probabilities

        speech_probability_32ms = speech_probabilities(audio)
    vad_index = np.minimum((times * SAMPLE_RATE / 512).astype(int), max(len(speech_probability_32ms) - 1, 0))
    probability = (np.asarray(speech_probability_32ms, dtype=np.float64)[vad_index]
                   if len(speech_probability_32ms) else np.zeros(n_frames))

    return FrameFeatures(
        times_s=times,
        level_db=level,
        spectral_change_db=change,
        f0_hz=_pitch_on_grid(audio, times),
        nasal_db=nasal,
        speech_probability=probability,
    )


def _mel_bank(freqs: np.ndarray) -> np.ndarray:
    """Triangular mel filters, shape (_MEL_BANDS, len(freqs))."""
    def to_mel(hz):
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    edges_mel = np.linspace(to_mel(_MEL_RANGE_HZ[0]), to_mel(_MEL_RANGE_HZ[1]), _MEL_BANDS + 2)
    edges = 700.0 * (10.0 ** (edges_mel / 2595.0) - 1.0)
    bank = np.zeros((_MEL_BANDS, len(freqs)))
    for band in range(_MEL_BANDS):
        left, centre, right = edges[band : band + 3]
        rising = (freqs - left) / (centre - left)
        falling = (right - freqs) / (right - centre)
        bank[band] = np.clip(np.minimum(rising, falling), 0.0, None)
    return bank


def _pitch_on_grid(audio: np.ndarray, times_s: np.ndarray) -> np.ndarray:
    """Praat's F0 at each frame centre; NaN where Praat finds the frame unvoiced."""
    import parselmouth

    if len(audio) < int(3 / PITCH_FLOOR_HZ * SAMPLE_RATE) + 1:  # Praat needs 3 periods of the floor
        return np.full(times_s.shape, np.nan)
    pitch = parselmouth.Sound(audio.astype(np.float64), sampling_frequency=SAMPLE_RATE).to_pitch_ac(
        time_step=FRAME_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ
    )
    xs = pitch.xs()
    f0 = pitch.selected_array["frequency"]
    if len(xs) == 0:
        return np.full(times_s.shape, np.nan)
    nearest = np.clip(np.round((times_s - xs[0]) / FRAME_S).astype(int), 0, len(xs) - 1)
    values = f0[nearest]
    inside = (times_s >= xs[0] - FRAME_S) & (times_s <= xs[-1] + FRAME_S)
    return np.where((values > 0) & inside, values, np.nan)
