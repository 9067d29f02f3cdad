"""faster-whisper (CTranslate2, int8 on the CPU) as a decoding engine: audio in, timed words out."""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict

import numpy as np

from voice_coach.errors import ModelError
from voice_coach.speech.models import bundled_model_path, looks_like_path
from voice_coach.speech.transcript import Word

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
SPEECH_END_SLACK_S = 0.5  # word ends drift early; less speech than this left over is no word
# Fast speech is about 3.5 words, so 5 tokens, a second; twice that leaves room for fillers.
TOKENS_PER_S = 10
MIN_TOKENS = 24
MAX_TOKENS_PER_WINDOW = 400  # Whisper's decoder holds 448 tokens, the prompt included


class FasterWhisperEngine:
    """Decodes 16 kHz mono float32 audio into words with times, with an optional prompt.

    Silero VAD (faster-whisper's ``vad_filter``) skips silence before decoding, and the
    prompt is passed as ``hotwords``: faster-whisper puts hotwords before every 30 s window,
    whereas ``initial_prompt`` reaches only the first one once previous text is not carried.
    """

    name = "faster-whisper"

    def __init__(self, *, model: str | None, cpu_threads: int) -> None:
        self._model = _load_model(model, cpu_threads=cpu_threads)
        # Verbatim transcription decodes the same audio twice (plain, then with the filler
        # prompt). The encoder pass over a 30 s window is most of a decode's cost on the CPU
        # and does not depend on the prompt, so each window is encoded once.
        self._model.encode = _EncoderMemo(self._model.encode)

    def decode(self, audio: np.ndarray, *, language: str, beam_size: int, prompt: str | None,
               speech_end_s: float | None = None) -> tuple[Word, ...]:
        """``speech_end_s``: where the last speech in ``audio`` ends, if known. Decoding stops
        once the words reach it, instead of going on to the silence after them."""
        duration_s = len(audio) / SAMPLE_RATE
        segments, _info = self._model.transcribe(
            audio,
            language=language,
            beam_size=beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
            hotwords=prompt,
            # A decode that loops ("um, uh, uh, uh…") would run to the model's limit: bound
            # the tokens by what the audio can hold (the guard cuts what loops remain).
            max_new_tokens=min(MAX_TOKENS_PER_WINDOW, MIN_TOKENS + int(TOKENS_PER_S * duration_s)),
            # No retry by sampling at a higher temperature: it is random, so the same answer
            # would get different words and feedback from one run to the next.
            temperature=0.0,
        )
        words: list[Word] = []
        for segment in segments:  # a generator: each window is encoded and decoded when asked for
            words += [
                Word(text=w.word.strip(), start_s=round(w.start, 3), end_s=round(w.end, 3),
                     probability=round(w.probability, 4))
                for w in (segment.words or ()) if w.word.strip()
            ]
            # faster-whisper goes on from the last word's end with a new 30 s window: on a
            # short phrase that is a second encoder pass over the silence after it, where
            # Whisper invents text ("Thank you very much.").
            if speech_end_s is not None and words and words[-1].end_s >= speech_end_s - SPEECH_END_SLACK_S:
                break
        return tuple(words)


class _EncoderMemo:
    """Wraps ``WhisperModel.encode``: the same features give the stored encoder output."""

    def __init__(self, encode, size: int = 4) -> None:
        self._encode = encode
        self._size = size
        self._outputs: OrderedDict[bytes, object] = OrderedDict()

    def __call__(self, features: np.ndarray):
        features = np.ascontiguousarray(features)
        key = hashlib.blake2b(features.view(np.uint8), digest_size=16).digest() + str(features.shape).encode()
        if key in self._outputs:
            self._outputs.move_to_end(key)
            return self._outputs[key]
        output = self._encode(features)
        self._outputs[key] = output
        if len(self._outputs) > self._size:
            self._outputs.popitem(last=False)
        return output


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
