"""Questions as speech: pyttsx3 renders each text to a WAV once; the player plays it.

One output path for everything: pyttsx3 only ever writes files (``save_to_file``),
never speaks itself. (pyttsx3 2.99 on Linux remembers the saved file's name and a
later ``say()`` overwrites that file instead of speaking, so the two must not mix.)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_coach.errors import VoiceCoachError
from voice_coach.paths import ensure_private_dir

log = logging.getLogger(__name__)

DEFAULT_VOICE = "gmw/en-us"  # espeak-ng's American English; other platforms fall back to their default


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class RenderedSpeech:
    path: Path
    audio: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.audio) / float(self.sample_rate)


class SpeechRenderer:
    """Renders text to WAV with pyttsx3, caching by text, voice and rate."""

    def __init__(self, *, cache_dir: Path, voice: str | None = None, rate_wpm: int | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self.voice_request = voice
        self.rate_wpm = rate_wpm
        self._engine = None
        self._voice_id: str | None = None
        self._resolved: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def render(self, text: str, *, voice: str | None = None) -> RenderedSpeech:
        """``voice``: another voice for this text (a panel interviewer); default the renderer's."""
        import soundfile

        with self._lock:
            engine = self._ensure_engine()
            voice_id = self._voice_id if voice is None else self._resolve(voice)
            key = hashlib.sha256(f"{voice_id}|{self.rate_wpm}|{text}".encode()).hexdigest()[:24]
            path = self.cache_dir / f"{key}.wav"
            if not path.exists() or path.stat().st_size == 0:
                ensure_private_dir(self.cache_dir)  # rendered feedback is about someone
                if voice_id:
                    engine.setProperty("voice", voice_id)
                partial = path.with_suffix(".partial.wav")
                if not _render_to(engine, text, partial):
                    raise VoiceCoachError(f"the speech engine wrote nothing for {text[:40]!r}; try another --voice")
                partial.replace(path)
        audio, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
        return RenderedSpeech(path=path, audio=audio.mean(axis=1), sample_rate=rate)

    @property
    def voice_id(self) -> str | None:
        with self._lock:
            self._ensure_engine()
        return self._voice_id

    def _resolve(self, voice: str) -> str:
        if voice not in self._resolved:
            self._resolved[voice] = _choose_voice(self._engine, voice)
        return self._resolved[voice]

    def _ensure_engine(self):
        if self._engine is None:
            self._engine = _init_engine()
            # Remember the default explicitly: panel voices change the engine's voice in between.
            self._voice_id = _choose_voice(self._engine, self.voice_request) or self._engine.getProperty("voice")
            if self.rate_wpm:
                self._engine.setProperty("rate", int(self.rate_wpm))
        return self._engine


RENDER_ATTEMPTS = 3
FILE_WAIT_S = 2.0  # the espeak driver may finish writing just after runAndWait returns


def _render_to(engine, text: str, path: Path) -> bool:
    """Asks pyttsx3 for a WAV; under load its espeak driver occasionally writes nothing, so retry."""
    for attempt in range(RENDER_ATTEMPTS):
        # pyttsx3's espeak driver prints "Audio saved to …"; the library must not print.
        with contextlib.redirect_stdout(io.StringIO()):
            engine.save_to_file(text, str(path))
            engine.runAndWait()
        deadline = time.monotonic() + FILE_WAIT_S
        while time.monotonic() < deadline:
            if path.exists() and path.stat().st_size > 44:  # more than a bare WAV header
                return True
            time.sleep(0.02)
        log.warning("speech engine wrote nothing (attempt %d of %d)", attempt + 1, RENDER_ATTEMPTS)
    return False


def list_voices() -> list[Voice]:
    engine = _init_engine()
    return [_as_voice(v) for v in engine.getProperty("voices")]


@functools.lru_cache(maxsize=1)
def _init_engine():
    # One engine for the whole process: pyttsx3 keeps only a weak reference to its
    # engines, and a second init() after the first was collected breaks the espeak driver.
    try:
        import pyttsx3

        return pyttsx3.init()
    except (OSError, RuntimeError, ImportError) as e:
        raise VoiceCoachError(
            f"the text-to-speech engine could not start ({e}); on Debian/Ubuntu run "
            "'sudo apt-get install espeak-ng' (or 'make setup'), or use --no-speak"
        ) from e


def _choose_voice(engine, request: str | None) -> str | None:
    """A voice id from an id, a name or part of one; espeak-ng's "+f3"-style variants are kept."""
    voices = [_as_voice(v) for v in engine.getProperty("voices")]
    if request is None:
        preferred = [v for v in voices if v.id == DEFAULT_VOICE]
        return preferred[0].id if preferred else None
    base, plus, variant = request.partition("+")
    wanted = base.lower()
    for match in (
        [v for v in voices if v.id.lower() == wanted or v.name.lower() == wanted],
        [v for v in voices if wanted in v.id.lower() or wanted in v.name.lower()],
    ):
        if match:
            return match[0].id + plus + variant
    raise VoiceCoachError(f"unknown voice {request!r}; 'voice-coach voices' lists the voices installed")


def _as_voice(raw) -> Voice:
    languages = tuple(str(lang) for lang in (getattr(raw, "languages", None) or ()))
    return Voice(id=str(raw.id), name=str(getattr(raw, "name", raw.id)), languages=languages)
