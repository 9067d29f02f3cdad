"""Reading recordings from disk into the one format everything else takes."""

from __future__ import annotations

from math import gcd
from pathlib import Path

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import AudioFileError


def load_audio(path: str | Path, *, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Read any file libsndfile knows (WAV, FLAC, OGG, MP3) as mono float32 at ``sample_rate``.

    Raises AudioFileError with a one-line reason for a missing, empty or non-audio file.
    """
    import soundfile

    path = Path(path)
    if not path.exists():
        raise AudioFileError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise AudioFileError(f"{path}: is a folder, expected an audio file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path}: the file is empty (0 bytes); record it again")
    try:
        data, file_rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as e:
        raise AudioFileError(
            f"{path}: not a readable audio file ({_first_line(e)}); "
            "expected WAV, FLAC, OGG or MP3"
        ) from e
    if data.shape[0] == 0:
        raise AudioFileError(f"{path}: holds no audio samples; record it again")
    mono = data.mean(axis=1)
    return resample(mono, from_rate=file_rate, to_rate=sample_rate)


def resample(audio: np.ndarray, *, from_rate: int, to_rate: int) -> np.ndarray:
    """Band-limited resampling (polyphase), float32 out."""
    if from_rate == to_rate:
        return np.ascontiguousarray(audio, dtype=np.float32)
    from scipy.signal import resample_poly

    common = gcd(int(from_rate), int(to_rate))
    out = resample_poly(audio, to_rate // common, from_rate // common)
    return out.astype(np.float32)


def duration_s(audio: np.ndarray, *, sample_rate: int = SAMPLE_RATE) -> float:
    return len(audio) / float(sample_rate)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
