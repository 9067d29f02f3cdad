"""Streaming voice activity (Silero VAD, as faster-whisper ships it: ONNX, no torch)
and the rules that decide when an answer has ended.

All time here is counted in samples, never by the wall clock: a replayed file or a
virtual sound device can deliver audio much faster than real time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from voice_coach.audio import SAMPLE_RATE

FRAME_SAMPLES = 512  # Silero's window at 16 kHz: 32 ms


@functools.lru_cache(maxsize=1)
def _silero():
    from faster_whisper.vad import get_vad_model

    return get_vad_model()


def speech_probabilities(audio: np.ndarray) -> np.ndarray:
    """Speech probability of each 512-sample frame of a whole 16 kHz signal."""
    audio = np.asarray(audio, dtype=np.float32)
    if len(audio) == 0:
        return np.zeros(0, dtype=np.float32)
    padded = np.pad(audio, (0, (-len(audio)) % FRAME_SAMPLES))
    return np.asarray(_silero()(padded), dtype=np.float32).reshape(-1)


CONTEXT_SAMPLES = 64  # Silero looks at the 64 samples before each frame


class StreamingVad:
    """Feeds blocks of any size; returns one speech probability per completed frame.

    Silero's recurrent state (h, c) runs across frames, and each frame also sees
    the 64 samples before it; both are carried between calls, so streaming gives
    the same probabilities as one whole-file run.
    """

    def __init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self._context = np.zeros(CONTEXT_SAMPLES, dtype=np.float32)
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)

    def accept(self, block: np.ndarray) -> np.ndarray:
        return self.accept_frames(block)[1]

    def accept_frames(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The frames completed by ``block`` (n × 512 samples) and their speech probabilities."""
        self._pending = np.concatenate([self._pending, np.asarray(block, dtype=np.float32).reshape(-1)])
        usable = len(self._pending) - len(self._pending) % FRAME_SAMPLES
        if usable == 0:
            return np.zeros((0, FRAME_SAMPLES), dtype=np.float32), np.zeros(0, dtype=np.float32)
        frames, self._pending = self._pending[:usable], self._pending[usable:]
        batch = frames.reshape(-1, FRAME_SAMPLES)
        contexts = np.concatenate([self._context[None, :], batch[:-1, -CONTEXT_SAMPLES:]], axis=0)
        self._context = batch[-1, -CONTEXT_SAMPLES:].copy()
        inputs = np.concatenate([contexts, batch], axis=1)
        output, self._h, self._c = _silero().session.run(None, {"input": inputs, "h": self._h, "c": self._c})
        return batch, np.asarray(output, dtype=np.float32).reshape(-1)


# Pitch lags of a voice, 80-400 Hz at 16 kHz.
MIN_PITCH_LAG, MAX_PITCH_LAG = SAMPLE_RATE // 400, SAMPLE_RATE // 80


def periodicity(frame: np.ndarray) -> float:
    """How periodic a frame is at a voice's pitch: the peak of its normalised autocorrelation
    over lags of 80-400 Hz. Near 1 for a hum or a held vowel, low for noise and silence."""
    x = np.asarray(frame, dtype=np.float64) - float(np.mean(frame))
    n = len(x)
    energy = float(np.dot(x, x))
    if n <= MAX_PITCH_LAG or energy <= 0.0:
        return 0.0
    spectrum = np.fft.rfft(x, 2 * n)
    autocorrelation = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    lags = np.arange(MIN_PITCH_LAG, MAX_PITCH_LAG + 1)
    per_sample = autocorrelation[lags] / (n - lags)  # unbiased: fewer products at longer lags
    return float(per_sample.max() / (energy / n))


@dataclass(frozen=True)
class EndpointSettings:
    """When an answer counts as over."""

    silence_s: float = 2.5  # silence after speech that ends the answer
    no_speech_timeout_s: float = 10.0  # nobody has spoken this long: give up on this hearing
    max_answer_s: float = 180.0  # hard cap on one answer
    speech_threshold: float = 0.5  # Silero probability that counts as speech
    silence_threshold: float = 0.35  # below this, a frame counts as silence (hysteresis)
    min_speech_s: float = 0.2  # speech must last this long to start an answer (ignores clicks)
    # Silero does not call a hum ("mmm…", a long "um") speech, so someone humming while they
    # think would be cut off. A voiced frame within hum_below_speech_db of the answer's speech
    # level is not silence for ending the answer, for up to max_hum_s in a row (longer, it is
    # a machine's steady tone, not a person thinking).
    hum_periodicity: float = 0.7
    hum_below_speech_db: float = 20.0
    max_hum_s: float = 6.0


@dataclass(frozen=True)
class EndpointEvent:
    kind: str  # "speech_start" | "speech_end" | "answer_end"
    sample: int  # position in the answer's audio
    reason: str | None = None  # for answer_end: "silence" | "no_speech" | "max_length"


class AnswerEndpointer:
    """Turns speech probabilities into speech_start / speech_end / answer_end events."""

    def __init__(self, settings: EndpointSettings, *, sample_rate: int = SAMPLE_RATE) -> None:
        self.settings = settings
        self.sample_rate = sample_rate
        self._vad = StreamingVad()
        self._samples_seen = 0
        self._frames_seen = 0
        self._in_speech = False
        self._speech_run_frames = 0
        self._silence_run_frames = 0
        self._speech_end_sample = 0
        self._quiet_run_frames = 0  # silence that is not a hum: what ends the answer
        self._hum_run_frames = 0
        self._speech_db_total = 0.0  # loudness of the frames Silero calls speech, for the hum rule
        self._speech_db_frames = 0
        self.heard_speech = False
        self.finished = False

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    def _frames(self, seconds: float) -> int:
        return max(1, int(round(seconds * self.sample_rate / FRAME_SAMPLES)))

    def accept(self, block: np.ndarray) -> list[EndpointEvent]:
        if self.finished:
            return []
        events: list[EndpointEvent] = []
        self._samples_seen += len(block)
        s = self.settings
        for frame, probability in zip(*self._vad.accept_frames(block)):
            self._frames_seen += 1
            if probability >= s.speech_threshold:
                self._speech_db_total += level_dbfs(frame)
                self._speech_db_frames += 1
            if probability < s.silence_threshold:
                quiet = not self._is_hum(frame)
            else:
                quiet, self._hum_run_frames = False, 0
            self._quiet_run_frames = self._quiet_run_frames + 1 if quiet else 0
            frame_end = self._frames_seen * FRAME_SAMPLES
            if not self._in_speech:
                if probability >= s.speech_threshold:
                    self._speech_run_frames += 1
                else:
                    self._speech_run_frames = 0
                    self._silence_run_frames += 1
                if self._speech_run_frames >= self._frames(s.min_speech_s):
                    self._in_speech = True
                    self.heard_speech = True
                    self._silence_run_frames = 0
                    start = frame_end - self._speech_run_frames * FRAME_SAMPLES
                    events.append(EndpointEvent("speech_start", start))
            else:
                if probability < s.silence_threshold:
                    self._silence_run_frames += 1
                    if self._silence_run_frames == 1:
                        self._speech_end_sample = frame_end - FRAME_SAMPLES
                else:
                    self._silence_run_frames = 0
                if self._silence_run_frames >= self._frames(0.3):
                    # A short gap closes the phrase; the answer goes on unless silence lasts.
                    self._in_speech = False
                    self._speech_run_frames = 0
                    events.append(EndpointEvent("speech_end", self._speech_end_sample))
            if self.heard_speech and not self._in_speech and self._quiet_run_frames >= self._frames(s.silence_s):
                return self._finish(events, frame_end, "silence")
            if not self.heard_speech and frame_end >= s.no_speech_timeout_s * self.sample_rate:
                return self._finish(events, frame_end, "no_speech")
        if self._samples_seen >= s.max_answer_s * self.sample_rate:
            if self._in_speech:
                events.append(EndpointEvent("speech_end", self._samples_seen))
            return self._finish(events, self._samples_seen, "max_length")
        return events

    def _is_hum(self, frame: np.ndarray) -> bool:
        """A voiced frame near the speech's level, in a run not yet too long to be a person."""
        s = self.settings
        hum = (self._speech_db_frames > 0
               and level_dbfs(frame) >= self._speech_db_total / self._speech_db_frames - s.hum_below_speech_db
               and periodicity(frame) >= s.hum_periodicity)
        self._hum_run_frames = self._hum_run_frames + 1 if hum else 0
        return hum and self._hum_run_frames <= self._frames(s.max_hum_s)

    def finish_early(self, reason: str) -> list[EndpointEvent]:
        """The candidate pressed Enter (or the input ended): close whatever is open."""
        events: list[EndpointEvent] = []
        if self._in_speech:
            events.append(EndpointEvent("speech_end", self._samples_seen))
        return self._finish(events, self._samples_seen, reason)

    def _finish(self, events: list[EndpointEvent], sample: int, reason: str) -> list[EndpointEvent]:
        self.finished = True
        self._in_speech = False
        events.append(EndpointEvent("answer_end", sample, reason))
        return events


def level_dbfs(samples: np.ndarray) -> float:
    """RMS level in dB full scale (-120 for silence)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    return 20.0 * np.log10(max(rms, 1e-6))
