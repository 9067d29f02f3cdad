"""One answer analysed while it is being recorded, so that little is left when it ends.

``analyze_answer`` after an answer costs time in proportion to its length (about 0.1 s a
minute of audio, most of it Praat's pitch tracker). ``AnswerAnalyzer`` takes the audio as it
is recorded and does the per-frame work then: frame power as the samples arrive, pitch 10 s
at a time. ``finish(transcript)`` tracks the pitch of the last 10 s or less, then runs what
needs the whole answer: the silence threshold (from the stored frame levels), pauses,
loudness and pitch statistics, and everything that comes from the words. Those steps cost
milliseconds a minute of answer, so ``finish`` takes about as long after one minute as after
ten (see benchmarks/analysis_speed.py).

The result equals ``analyze_answer`` on the same audio and transcript, field for field:
both use the same frame power, the same pitch pieces and the same code after them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from voice_coach.analysis.answer import AnswerAnalysis, analysis_from_signal
from voice_coach.analysis.calibration import Calibration
from voice_coach.analysis.frames import FramePower, FramePowerAccumulator
from voice_coach.analysis.pitch import PitchTrack, PitchTracker
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.validation import (
    AnalysisInputError,
    validated_audio,
    validated_optional_time,
    validated_sample_rate,
    validated_transcript,
)
from voice_coach.speech.transcript import Transcript


@dataclass(frozen=True)
class _Signal:
    """What the audio gave, once it has ended."""

    frames: FramePower
    pitch: PitchTrack
    duration_s: float


class AnswerAnalyzer:
    """Analyse one answer from its audio as it is recorded, then its transcript.

    >>> analyzer = AnswerAnalyzer(question_end_s=0.0)
    >>> for block in recorder_blocks:       # e.g. from a background thread
    ...     analyzer.add_audio(block)
    >>> analysis = analyzer.finish(transcript)

    ``finish`` returns what ``analyze_answer(all_audio, transcript, ...)`` with the same
    options returns. ``add_audio`` and ``finish`` may be called from different threads; a
    ``finish`` waits for an ``add_audio`` in progress. ``finish`` may be called again (for
    example with a corrected transcript); audio added after it is refused. Use one analyzer
    per answer.
    """

    def __init__(
        self,
        *,
        sample_rate: int = 16_000,
        calibration: Calibration | None = None,
        question_end_s: float | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        """Options as for ``analyze_answer``. Raises ``AnalysisInputError`` for a bad sample
        rate or question end, and ``ModelError`` when Praat's tracker is not installed."""
        self._sample_rate = validated_sample_rate(sample_rate)
        self._calibration = calibration
        self._question_end_s = validated_optional_time("question_end_s", question_end_s)
        self._thresholds = thresholds
        self._frames = FramePowerAccumulator(sample_rate=self._sample_rate)
        self._pitch = PitchTracker(sample_rate=self._sample_rate, thresholds=thresholds)
        self._n_samples = 0
        self._signal: _Signal | None = None  # set by the first finish()
        self._lock = threading.Lock()

    @property
    def duration_s(self) -> float:
        """Seconds of audio added so far."""
        return self._n_samples / self._sample_rate

    def add_audio(self, samples: np.ndarray) -> None:
        """Add the next ``samples`` of the answer: float32 mono in -1..1, shape (n,) or (n, 1),
        any length (an empty block is fine). Does the per-frame work on what is complete.

        Raises ``AnalysisInputError`` for unusable samples, or after ``finish``.
        """
        samples = validated_audio(samples, sample_rate=self._sample_rate)
        with self._lock:
            if self._signal is not None:
                raise AnalysisInputError(
                    f"audio added after finish() ({samples.shape[0]} samples): this answer's "
                    f"{self.duration_s:.1f} s are already analysed; start a new AnswerAnalyzer "
                    "for the next answer"
                )
            self._frames.add(samples)
            self._pitch.add(samples)
            self._n_samples += samples.shape[0]

    def finish(self, transcript: Transcript) -> AnswerAnalysis:
        """Analyse the answer: the audio added so far and ``transcript``, its words with
        times in seconds of that audio. Raises ``AnalysisInputError`` for an unusable
        transcript."""
        transcript = validated_transcript(transcript)
        with self._lock:
            if self._signal is None:
                self._signal = _Signal(
                    frames=self._frames.result(),
                    pitch=self._pitch.finish(),
                    duration_s=self._n_samples / self._sample_rate,
                )
            signal = self._signal
        return analysis_from_signal(
            signal.frames,
            signal.pitch,
            duration_s=signal.duration_s,
            transcript=transcript,
            calibration=self._calibration,
            question_end_s=self._question_end_s,
            thresholds=self._thresholds,
        )
