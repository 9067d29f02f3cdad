"""One answer analysed: pacing, fillers and energy from its audio and transcript."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from voice_coach.analysis.calibration import Calibration
from voice_coach.analysis.energy import Energy, measure_energy
from voice_coach.analysis.fillers import Fillers, measure_fillers
from voice_coach.analysis.frames import FramePower, frame_power
from voice_coach.analysis.pacing import Pacing, measure_pacing
from voice_coach.analysis.pitch import PitchTrack, track_pitch
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.validation import (
    AnalysisInputError,
    validated_audio,
    validated_optional_time,
    validated_transcript,
)
from voice_coach.analysis.voice_activity import Interval, detect_voice_activity
from voice_coach.speech.transcript import Transcript

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerAnalysis:
    """Everything measured about one answer.

    ``to_dict()`` is the stored JSON (see CONTRACT.md); ``from_dict()`` rebuilds an equal
    object from it, except ``filler_word_flags``, which belong with the transcript and
    are not stored (rebuilt objects have ``()``; equality ignores them).
    """

    duration_s: float  # length of the answer's recording
    pacing: Pacing
    fillers: Fillers
    energy: Energy
    filler_word_flags: tuple[bool, ...] = field(default=(), compare=False)  # one per transcript word

    def to_dict(self) -> dict:
        return {
            "duration_s": self.duration_s,
            "pacing": self.pacing.to_dict(),
            "fillers": self.fillers.to_dict(),
            "energy": self.energy.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "AnswerAnalysis":
        """Rebuild from ``to_dict()`` output (e.g. read back from the session store).

        ``duration_s`` is optional for older records; it is then taken as the speech
        span implied by the pacing figures, or 0.0.
        """
        try:
            pacing = Pacing.from_dict(data["pacing"])
            duration = data.get("duration_s")
            if duration is None:
                duration = 60.0 * pacing.words / pacing.wpm if pacing.wpm else 0.0
            return cls(
                duration_s=float(duration),
                pacing=pacing,
                fillers=Fillers.from_dict(data["fillers"]),
                energy=Energy.from_dict(data["energy"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise AnalysisInputError(
                f"stored answer analysis is malformed ({type(e).__name__}: {e}); expected "
                "AnswerAnalysis.to_dict() output with pacing, fillers and energy (see CONTRACT.md)"
            ) from e


def analyze_answer(
    audio: np.ndarray,
    transcript: Transcript,
    *,
    sample_rate: int = 16_000,
    calibration: Calibration | None = None,
    question_end_s: float | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> AnswerAnalysis:
    """Measure pacing, fillers and energy of one answer.

    ``audio``: float32 mono samples in -1..1 at ``sample_rate`` (16 kHz from the recorder),
    shape (n,). ``transcript``: its words with times in seconds of that audio.
    ``calibration``: the session's reading, to express loudness relative to it.
    ``question_end_s``: when the question ended, in the answer's audio time (usually 0.0
    when recording starts right after the question); None leaves the latency unknown.

    Raises ``AnalysisInputError`` (a ``VoiceCoachError`` and ``ValueError``) for unusable
    input. Empty audio or an empty transcript are fine: unknown figures are None.
    ``AnswerAnalyzer`` gives the same result from audio fed while the answer is recorded.
    """
    audio = validated_audio(audio, sample_rate=sample_rate)
    transcript = validated_transcript(transcript)
    question_end_s = validated_optional_time("question_end_s", question_end_s)
    return analysis_from_signal(
        frame_power(audio, sample_rate=sample_rate),
        track_pitch(audio, sample_rate=sample_rate, thresholds=thresholds),
        duration_s=audio.shape[0] / sample_rate,
        transcript=transcript,
        calibration=calibration,
        question_end_s=question_end_s,
        thresholds=thresholds,
    )


def analysis_from_signal(
    frames: FramePower,
    pitch: PitchTrack,
    *,
    duration_s: float,
    transcript: Transcript,
    calibration: Calibration | None,
    question_end_s: float | None,
    thresholds: Thresholds,
) -> AnswerAnalysis:
    """The cheap part of ``analyze_answer``, shared with ``AnswerAnalyzer``: everything that
    follows from the answer's frame power, its pitch track and its words.

    Inputs are trusted (validated by the caller). Costs a few milliseconds a minute of
    answer: the silence threshold and pauses come from the frame levels, the rest from words.
    """
    activity = detect_voice_activity(frames, thresholds=thresholds)
    filler_result = measure_fillers(transcript)
    words = transcript.words
    span = Interval(start_s=words[0].start_s, end_s=max(w.end_s for w in words)) if words else None

    analysis = AnswerAnalysis(
        duration_s=round(duration_s, 3),
        pacing=measure_pacing(
            words,
            spoken=filler_result.counts_for_pace,
            activity=activity,
            question_end_s=question_end_s,
            thresholds=thresholds,
        ),
        fillers=filler_result.fillers,
        energy=measure_energy(
            frames,
            activity=activity,
            pitch=pitch,
            span=span,
            calibration_loudness_dbfs=calibration.loudness_dbfs if calibration is not None else None,
            thresholds=thresholds,
        ),
        filler_word_flags=filler_result.word_flags,
    )
    logger.debug(
        "analysed %.1f s answer: %s words, %s wpm, %d fillers",
        analysis.duration_s,
        analysis.pacing.words,
        analysis.pacing.wpm,
        analysis.fillers.count,
    )
    return analysis
