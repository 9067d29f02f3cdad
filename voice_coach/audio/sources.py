"""Where the candidate's voice comes from: the microphone, or answer files replayed.

Both give 16 kHz mono float32 blocks through the same three calls, so the
practice loop cannot tell them apart: ``start_answer``, ``read``, ``stop_answer``.
"""

from __future__ import annotations

import logging
import queue
import time
from pathlib import Path
from typing import Protocol

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.audio.devices import import_sounddevice
from voice_coach.audio.files import load_audio
from voice_coach.errors import AudioFileError, DeviceError

log = logging.getLogger(__name__)

BLOCK_SAMPLES = SAMPLE_RATE // 10  # 100 ms blocks: a smooth level meter, little latency
ANSWER_FILE_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")


class AnswerSource(Protocol):
    sample_rate: int

    def start_answer(self, *, new_turn: bool) -> bool:
        """Begin listening. False when there is nothing more to hear (answer files used up)."""

    def read(self, timeout_s: float) -> np.ndarray | None:
        """The next block, or None if none arrived within ``timeout_s``."""

    def stop_answer(self) -> None:
        """Stop listening."""

    def close(self) -> None:
        """Release the device at the end of the session."""


class MicrophoneSource:
    """A sounddevice InputStream whose callback only queues copies of the blocks.

    The stream opens at the first answer and stays open for the session: reopening
    a device per answer costs time, and a listener that is always on is what lets
    the candidate start talking the moment a question ends. What arrives between
    answers (the question itself, the spoken feedback) is dropped at the next start.
    """

    def __init__(self, device: int | str | None, *, sample_rate: int = SAMPLE_RATE) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._stream = None
        self._listening = False
        self.overflows = 0

    def _callback(self, indata, frames, time_info, status) -> None:
        if status.input_overflow:
            self.overflows += 1
        if self._listening:
            self._queue.put(indata[:, 0].copy())

    def start_answer(self, *, new_turn: bool) -> bool:
        if self._stream is None:
            self._open()
        self._queue = queue.Queue()
        self._listening = True
        return True

    def _open(self) -> None:
        sd = import_sounddevice()
        try:
            self._stream = sd.InputStream(
                device=self.device, samplerate=self.sample_rate, channels=1, dtype="float32",
                blocksize=BLOCK_SAMPLES, callback=self._callback,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            self._stream = None
            raise DeviceError(
                f"could not open input device {self.device!r} at {self.sample_rate} Hz mono: {e}; "
                "'voice-coach devices' lists the microphones"
            ) from e

    def read(self, timeout_s: float) -> np.ndarray | None:
        try:
            return self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def stop_answer(self) -> None:
        self._listening = False
        if self.overflows:
            log.warning("the microphone dropped %d blocks (input overflow)", self.overflows)
            self.overflows = 0

    def close(self) -> None:
        self._listening = False
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None


class AnswerFilesSource:
    """The candidate's voice from files, one per turn in name order, then silence.

    After a file ends the input is silence, as a quiet room would be. With
    ``real_time`` the blocks come at the pace of speech; otherwise as fast as read.
    """

    def __init__(self, files: list[Path], *, real_time: bool = True, sample_rate: int = SAMPLE_RATE) -> None:
        self.files = list(files)
        self.real_time = real_time
        self.sample_rate = sample_rate
        self._next_file = 0
        self._audio = np.zeros(0, dtype=np.float32)
        self._position = 0
        self._started_at = 0.0
        self.current_file: Path | None = None

    @classmethod
    def from_folder(cls, folder: Path, *, real_time: bool = True) -> "AnswerFilesSource":
        folder = Path(folder)
        if not folder.is_dir():
            raise AudioFileError(f"--answers-from {folder}: no such folder")
        files = sorted(p for p in _audio_files(folder) if not is_calibration_file(p))
        if not files:
            raise AudioFileError(
                f"--answers-from {folder}: no answer files in it (expected {', '.join(ANSWER_FILE_SUFFIXES)})"
            )
        return cls(files, real_time=real_time)

    @classmethod
    def calibration_in(cls, folder: Path, *, real_time: bool = True) -> "AnswerFilesSource | None":
        """The reference reading in an answers folder (a file named ``calibration`` or ``NN-calibration``)."""
        found = sorted(p for p in _audio_files(Path(folder)) if is_calibration_file(p))
        return cls(found[:1], real_time=real_time) if found else None

    @property
    def remaining(self) -> int:
        return len(self.files) - self._next_file

    def start_answer(self, *, new_turn: bool) -> bool:
        if new_turn:
            if self._next_file >= len(self.files):
                return False
            self.current_file = self.files[self._next_file]
            self._next_file += 1
            self._audio = load_audio(self.current_file, sample_rate=self.sample_rate)
        else:
            self._audio = np.zeros(0, dtype=np.float32)  # a repeated question: the room stays quiet
        self._position = 0
        self._started_at = time.monotonic()
        return True

    def read(self, timeout_s: float) -> np.ndarray | None:
        if self.real_time:
            due = self._started_at + (self._position + BLOCK_SAMPLES) / self.sample_rate
            wait = due - time.monotonic()
            if wait > timeout_s:
                time.sleep(timeout_s)
                return None
            if wait > 0:
                time.sleep(wait)
        block = self._audio[self._position:self._position + BLOCK_SAMPLES]
        if len(block) < BLOCK_SAMPLES:
            block = np.concatenate([block, np.zeros(BLOCK_SAMPLES - len(block), dtype=np.float32)])
        self._position += BLOCK_SAMPLES
        return block

    def stop_answer(self) -> None:
        return None

    def close(self) -> None:
        return None


def is_calibration_file(path: Path) -> bool:
    return path.stem.lower().split("-")[-1] == "calibration"


def _audio_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ANSWER_FILE_SUFFIXES]
