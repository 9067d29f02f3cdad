"""Speech to text on this computer, verbatim: the "um"s are kept, nothing is invented.

``Transcriber(settings).transcribe(audio) -> Transcript``. Each answer goes through:

1. a decoding engine (faster-whisper by default, openai-whisper as the
   ``voice-coach[openai-whisper]`` extra), with a short filler prompt in every window.
   The prompt also nudges the words around the fillers, so by default the audio is
   decoded twice: the words come from the plain reading, the fillers from the prompted
   one (``filler_merge``); ``separate_filler_pass=False`` decodes once, with the prompt;
2. the guard (``hallucination_guard``): words where nobody spoke are dropped, loops cut;
3. filled pauses checked against the sound (``acoustic_fillers``): moved onto the
   "uh" they belong to, invented ones dropped, missed ones added with ``source="acoustic"``;
4. word times fitted to the speech (``hallucination_guard.fit_to_speech``).

With ``keep_fillers=False`` the audio is decoded once without the filler prompt and step 3
is skipped (the model's plain reading); the guard and the fitting always run.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import ModelError
from voice_coach.speech.models import DEFAULT_MODEL_LABEL
from voice_coach.speech.transcript import Transcript

log = logging.getLogger(__name__)

ENGINES = ("faster-whisper", "openai-whisper")


@dataclass(frozen=True)
class TranscriberSettings:
    model: str | None = None  # engine-specific: a model folder, checkpoint or name; None: bundled tiny.en
    language: str = "en"
    beam_size: int = 5
    cpu_threads: int = os.cpu_count() or 1
    engine: str = "faster-whisper"  # one of ENGINES
    keep_fillers: bool = True  # verbatim: keep "um" and "uh" (prompt + acoustic check)
    separate_filler_pass: bool = True  # words from a plain decode, fillers from a prompted one (2 decodes)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ModelError(f"unknown speech engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, got {self.beam_size}")
        if self.cpu_threads < 1:
            raise ValueError(f"cpu_threads must be at least 1, got {self.cpu_threads}")


class Transcriber:
    """Loads the engine once (lazily) and turns 16 kHz mono audio into a word-timed Transcript."""

    def __init__(self, settings: TranscriberSettings = TranscriberSettings()) -> None:
        self.settings = settings
        self._engine = None
        self._lock = threading.Lock()

    @property
    def model_label(self) -> str:
        label = self.settings.model or DEFAULT_MODEL_LABEL
        return label if self.settings.engine == "faster-whisper" else f"{label} ({self.settings.engine})"

    def load(self) -> None:
        with self._lock:
            if self._engine is None:
                self._engine = _load_engine(self.settings)

    def transcribe(self, audio: np.ndarray, *, sample_rate: int = SAMPLE_RATE, context: str | None = None,
                   beam_size: int | None = None, single_pass: bool = False) -> Transcript:
        """``context``: the text just before this audio (live transcription passes the answer so
        far), so wording and spelling carry across pieces. ``beam_size`` overrides the setting
        for this call. ``single_pass`` decodes once, with the filler prompt, even where the
        settings ask for a separate plain pass (live transcription, when it falls behind)."""
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"transcribe expects {SAMPLE_RATE} Hz audio, got {sample_rate} Hz")
        audio = np.asarray(audio, dtype=np.float32)
        if audio.ndim != 1 and not (audio.ndim == 2 and 1 in audio.shape):
            raise ValueError(f"transcribe expects mono audio (one channel), got an array of shape {audio.shape}")
        audio = np.ascontiguousarray(audio.reshape(-1))
        if not np.all(np.isfinite(audio)):
            raise ValueError("transcribe got audio with NaN or infinite samples")
        duration = len(audio) / float(sample_rate)
        empty = Transcript(words=(), duration_s=duration, language=self.settings.language)
        if len(audio) == 0 or not np.any(audio):
            return empty

        from voice_coach.speech.acoustic_fillers import reconcile_fillers
        from voice_coach.speech.acoustics import measure_frames
        from voice_coach.speech.filler_merge import merge_fillers
        from voice_coach.speech.filler_prompt import FILLER_PROMPT
        from voice_coach.speech.hallucination_guard import (
            fit_to_speech,
            guard_words,
            speech_frames,
        )

        frames = measure_frames(audio)
        speech = speech_frames(frames)
        if not speech.any():
            log.debug("no speech in %.1f s of audio: nothing to transcribe", duration)
            return empty
        speech_end_s = float(frames.times_s[np.flatnonzero(speech)[-1]])
        self.load()
        beam_size = beam_size or self.settings.beam_size
        plain_prompt = context or None
        if not self.settings.keep_fillers:
            words = self._decode(audio, speech_end_s, beam_size=beam_size, prompt=plain_prompt)
        else:
            filler_prompt = f"{FILLER_PROMPT} {context}" if context else FILLER_PROMPT
            words = self._decode(audio, speech_end_s, beam_size=beam_size, prompt=filler_prompt)
            if self.settings.separate_filler_pass and not single_pass:
                words = merge_fillers(self._decode(audio, speech_end_s, beam_size=beam_size, prompt=plain_prompt), words)
        words = guard_words(words, frames, fillers_checked_later=self.settings.keep_fillers)
        if self.settings.keep_fillers:
            words = reconcile_fillers(words, frames)
        words = fit_to_speech(words, frames)
        return Transcript(words=words, duration_s=duration, language=self.settings.language)

    def _decode(self, audio: np.ndarray, speech_end_s: float, *, beam_size: int, prompt: str | None):
        return self._engine.decode(audio, language=self.settings.language, beam_size=beam_size, prompt=prompt,
                                   speech_end_s=speech_end_s)


def _load_engine(settings: TranscriberSettings):
    if settings.engine == "openai-whisper":
        from voice_coach.speech.openai_engine import OpenAIWhisperEngine

        return OpenAIWhisperEngine(model=settings.model, cpu_threads=settings.cpu_threads)
    from voice_coach.speech.faster_engine import FasterWhisperEngine

    return FasterWhisperEngine(model=settings.model, cpu_threads=settings.cpu_threads)
