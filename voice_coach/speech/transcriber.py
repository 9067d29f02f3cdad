"""Speech to text on this computer with faster-whisper (CTranslate2, int8 on the CPU)."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import ModelError
from voice_coach.speech.models import DEFAULT_MODEL_LABEL, bundled_model_path, looks_like_path
from voice_coach.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranscriberSettings:
    model: str | None = None  # a faster-whisper model folder or a model name; None: bundled tiny.en
    language: str = "en"
    beam_size: int = 5
    cpu_threads: int = os.cpu_count() or 1


class Transcriber:
    """Loads the model once (lazily) and turns 16 kHz mono audio into a word-timed Transcript."""

    def __init__(self, settings: TranscriberSettings = TranscriberSettings()) -> None:
        self.settings = settings
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_label(self) -> str:
        return self.settings.model or DEFAULT_MODEL_LABEL

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                self._model = _load_model(self.settings)

    def transcribe(self, audio: np.ndarray, *, sample_rate: int = SAMPLE_RATE) -> Transcript:
        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        duration = len(audio) / float(sample_rate)
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"transcribe expects {SAMPLE_RATE} Hz audio, got {sample_rate} Hz")
        if len(audio) == 0 or not np.any(audio):
            return Transcript(words=(), duration_s=duration, language=self.settings.language)
        self.load()
        segments, _info = self._model.transcribe(
            audio,
            language=self.settings.language,
            beam_size=self.settings.beam_size,
            word_timestamps=True,
            # Silero VAD skips silence before decoding: nothing is invented in the
            # quiet after an answer, and times are mapped back to the original audio.
            vad_filter=True,
            condition_on_previous_text=False,
        )
        words = tuple(
            Word(text=w.word.strip(), start_s=round(w.start, 3), end_s=round(w.end, 3),
                 probability=round(w.probability, 4))
            for segment in segments
            for w in (segment.words or ())
            if w.word.strip()
        )
        return Transcript(words=words, duration_s=duration, language=self.settings.language)


def _load_model(settings: TranscriberSettings):
    from faster_whisper import WhisperModel

    common = dict(device="cpu", compute_type="int8", cpu_threads=settings.cpu_threads)
    spec = settings.model
    if spec is None:
        path = bundled_model_path()
        return WhisperModel(str(path), **common)
    if looks_like_path(spec):
        if not os.path.isdir(spec) or not os.path.exists(os.path.join(spec, "model.bin")):
            raise ModelError(f"--model {spec}: not a faster-whisper model folder (it needs model.bin)")
        try:
            return WhisperModel(spec, **common)
        except (RuntimeError, ValueError, OSError) as e:
            raise ModelError(f"--model {spec}: could not load the model ({e})") from e
    try:
        return WhisperModel(spec, local_files_only=True, **common)
    except Exception:  # not in the local cache: a name needs the network, which voice-coach avoids
        log.debug("model %s is not cached locally", spec, exc_info=True)
    try:
        return WhisperModel(spec, **common)
    except Exception as e:
        raise ModelError(
            f"--model {spec}: not on this computer and could not be downloaded (offline?); "
            "pass a faster-whisper model folder, or leave --model out for the bundled tiny.en"
        ) from e
