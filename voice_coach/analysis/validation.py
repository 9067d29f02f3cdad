"""Checks at the analysis boundary: the audio, the sample rate and the transcript."""

from __future__ import annotations

import math

import numpy as np

from voice_coach.errors import VoiceCoachError
from voice_coach.speech.transcript import Transcript


class AnalysisInputError(VoiceCoachError, ValueError):
    """Audio or a transcript handed to the analysis is not usable as it is."""


def validated_audio(audio: object, *, sample_rate: int) -> np.ndarray:
    """Return ``audio`` as a 1-D float32 array, or raise ``AnalysisInputError``.

    Accepts any real floating array of shape ``(n,)`` or ``(n, 1)`` with finite samples
    (nominally in -1..1). Integer PCM is refused rather than guessed at.
    """
    validated_sample_rate(sample_rate)
    if not isinstance(audio, np.ndarray):
        raise AnalysisInputError(
            f"audio must be a numpy array, got {type(audio).__name__}; "
            "pass the recording as np.ndarray of float32 samples"
        )
    if audio.ndim == 2 and audio.shape[1] == 1:
        audio = audio[:, 0]
    if audio.ndim != 1:
        raise AnalysisInputError(
            f"audio must be mono with shape (n,), got shape {audio.shape}; "
            "mix down to one channel first (e.g. audio.mean(axis=1))"
        )
    if not np.issubdtype(audio.dtype, np.floating):
        raise AnalysisInputError(
            f"audio must be floating point in -1..1, got dtype {audio.dtype}; "
            "convert int16 PCM with audio.astype(np.float32) / 32768"
        )
    audio = np.ascontiguousarray(audio, dtype=np.float32)
    if not np.isfinite(audio).all():
        raise AnalysisInputError(
            "audio contains NaN or infinite samples; check the recorder or file decoder"
        )
    return audio


def validated_sample_rate(sample_rate: object) -> int:
    """Return ``sample_rate`` as a positive int, or raise ``AnalysisInputError``."""
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)):
        raise AnalysisInputError(
            f"sample_rate must be an int in Hz, got {sample_rate!r}; use 16000"
        )
    if not 8_000 <= int(sample_rate) <= 192_000:
        raise AnalysisInputError(
            f"sample_rate must be between 8000 and 192000 Hz, got {sample_rate}; use 16000"
        )
    return int(sample_rate)


def validated_transcript(transcript: object) -> Transcript:
    """Return ``transcript`` if its word times are usable, or raise ``AnalysisInputError``."""
    if not isinstance(transcript, Transcript):
        raise AnalysisInputError(
            f"transcript must be a voice_coach.speech.Transcript, got {type(transcript).__name__}"
        )
    for index, word in enumerate(transcript.words):
        if not (math.isfinite(word.start_s) and math.isfinite(word.end_s)):
            raise AnalysisInputError(
                f"word {index} ({word.text!r}) has a non-finite time: "
                f"start_s={word.start_s}, end_s={word.end_s}"
            )
        if word.end_s < word.start_s:
            raise AnalysisInputError(
                f"word {index} ({word.text!r}) ends before it starts: "
                f"start_s={word.start_s}, end_s={word.end_s}; expected end_s >= start_s"
            )
    return transcript


def validated_optional_time(name: str, value: object) -> float | None:
    """Return ``value`` as a finite float (or None), or raise ``AnalysisInputError``."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise AnalysisInputError(f"{name} must be seconds as a number or None, got {value!r}") from e
    if not math.isfinite(number):
        raise AnalysisInputError(f"{name} must be finite seconds or None, got {value!r}")
    return number
