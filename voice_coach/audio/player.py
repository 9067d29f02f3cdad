"""Playing rendered speech through the output device."""

from __future__ import annotations

import logging
import threading

import numpy as np

from voice_coach.audio.devices import import_sounddevice
from voice_coach.audio.files import resample
from voice_coach.errors import DeviceError

log = logging.getLogger(__name__)


class SpeakerPlayer:
    """Plays mono float32 audio on one output device, blocking until it ends."""

    def __init__(self, device: int | str | None) -> None:
        self.device = device
        self._stop = threading.Event()

    def play(self, audio: np.ndarray, *, sample_rate: int) -> None:
        """Blocks until played, or until ``stop()`` (which may come before playing even began)."""
        sd = import_sounddevice()
        data = np.asarray(audio, dtype=np.float32).reshape(-1, 1)
        try:
            rate = self._playable_rate(sd, sample_rate)
            if rate != sample_rate:
                data = resample(data[:, 0], from_rate=sample_rate, to_rate=rate).reshape(-1, 1)
            # A callback-free blocking stream: write in small blocks so stop() takes effect.
            block = rate // 10
            with sd.OutputStream(device=self.device, samplerate=rate, channels=1, dtype="float32") as stream:
                for start in range(0, len(data), block):
                    if self._stop.is_set():
                        stream.abort()  # drop what is buffered: the candidate is already talking
                        break
                    stream.write(data[start:start + block])
        except sd.PortAudioError as e:
            raise DeviceError(f"could not play on output device {self.device!r}: {e}") from e

    def stop(self) -> None:
        """Cut the current (or imminent) playback short, for barge-in; ``reset()`` re-arms."""
        self._stop.set()

    def reset(self) -> None:
        self._stop.clear()

    def _playable_rate(self, sd, sample_rate: int) -> int:
        try:
            sd.check_output_settings(device=self.device, samplerate=sample_rate, channels=1, dtype="float32")
            return sample_rate
        except sd.PortAudioError:
            info = sd.query_devices(self.device, kind="output")
            log.debug("output device does not take %d Hz; resampling to %s", sample_rate, info["default_samplerate"])
            return int(info["default_samplerate"])


class NoPlayer:
    """Where there is no output device: questions are shown, not played."""

    device = None

    def play(self, audio: np.ndarray, *, sample_rate: int) -> None:
        return None

    def stop(self) -> None:
        return None

    def reset(self) -> None:
        return None
