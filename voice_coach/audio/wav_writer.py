"""A WAV file that grows as the answer is spoken, so a crash loses at most a block."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import StorageError


class StreamingWavWriter:
    """Appends float32 blocks to a private 16-bit WAV and keeps its header valid.

    soundfile rewrites the RIFF sizes on every ``flush()``, so the file on disk is
    a playable WAV after each block, not only after ``close()``.
    """

    def __init__(self, path: Path, *, sample_rate: int = SAMPLE_RATE) -> None:
        import soundfile

        self.path = Path(path)
        self.sample_rate = sample_rate
        self.frames_written = 0
        # Create the file 0600 before any sample lands in it: it is someone's voice.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        try:
            self._file = soundfile.SoundFile(
                str(self.path), mode="w", samplerate=sample_rate, channels=1,
                format="WAV", subtype="PCM_16",
            )
        except (OSError, RuntimeError) as e:
            raise _storage_error(self.path, e) from e

    def write(self, block: np.ndarray) -> None:
        try:
            self._file.write(np.asarray(block, dtype=np.float32).reshape(-1))
            self._file.flush()
        except (OSError, RuntimeError) as e:
            raise _storage_error(self.path, e) from e
        self.frames_written += len(block)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> "StreamingWavWriter":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _storage_error(path: Path, error: BaseException) -> StorageError:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "No space" in str(error):
        return StorageError(f"could not save the recording: disk full ({path}); free some space and try again")
    return StorageError(f"could not write the recording {path}: {error}")
