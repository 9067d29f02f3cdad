"""faster-whisper (CTranslate2, int8 on the CPU) as a decoding engine: audio in, timed words out."""

from __future__ import annotations

import logging
import os

import numpy as np

from voice_coach.errors import ModelError
from voice_coach.speech.models import bundled_model_path, looks_like_path
from voice_coach.speech.transcript import Word

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# Fast speech is about 3.5 words, so 5 tokens, a second; twice that leaves room for fillers.
TOKENS_PER_S = 10
MIN_TOKENS = 24
MAX_TOKENS_PER_WINDOW = 400  # Whisper's decoder holds 448 tokens, the prompt included
FALLBACK_TEMPERATURES = (0.0, 0.4)


class FasterWhisperEngine:
    """Decodes 16 kHz mono float32 audio into words with times, with an optional prompt.

    Silero VAD (faster-whisper's ``vad_filter``) skips silence before decoding, and the
    prompt is passed as ``hotwords``: faster-whisper puts hotwords before every 30 s window,
    whereas ``initial_prompt`` reaches only the first one once previous text is not carried.
    """

    name = "faster-whisper"

    def __init__(self, *, model: str | None, cpu_threads: int) -> None:
        self._model = _load_model(model, cpu_threads=cpu_threads)

    def decode(self, audio: np.ndarray, *, language: str, beam_size: int, prompt: str | None) -> tuple[Word, ...]:
        duration_s = len(audio) / SAMPLE_RATE
        segments, _info = self._model.transcribe(
            audio,
            language=language,
            beam_size=beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
            hotwords=prompt,
            # A decode that loops ("um, uh, uh, uh…") would run to the model's limit and be
            # retried at every fallback temperature: tens of seconds for a few seconds of
            # speech. Bound the tokens by what the audio can hold and retry once at most.
            max_new_tokens=min(MAX_TOKENS_PER_WINDOW, MIN_TOKENS + int(TOKENS_PER_S * duration_s)),
            temperature=FALLBACK_TEMPERATURES,
        )
        return tuple(
            Word(text=w.word.strip(), start_s=round(w.start, 3), end_s=round(w.end, 3),
                 probability=round(w.probability, 4))
            for segment in segments
            for w in (segment.words or ())
            if w.word.strip()
        )


def _load_model(spec: str | None, *, cpu_threads: int):
    from faster_whisper import WhisperModel

    common = dict(device="cpu", compute_type="int8", cpu_threads=cpu_threads)
    if spec is None:
        return WhisperModel(str(bundled_model_path()), **common)
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
