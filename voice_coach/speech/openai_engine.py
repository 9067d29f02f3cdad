"""openai-whisper (PyTorch, on the CPU) as a second decoding engine.

Installed with the ``voice-coach[openai-whisper]`` extra. ``--model`` is an openai-whisper
model name ("tiny.en", "base", ...: read from its cache, ~/.cache/whisper, as openai-whisper
keeps it) or a ``.pt`` checkpoint. Audio goes in as a numpy array, so no ffmpeg is needed.

It is given the same input as faster-whisper: the same Silero VAD drops silence before
decoding (times are mapped back to the original audio), the filler prompt is carried into
every 30 s window (``carry_initial_prompt``), and the words come back in the same form, so
the guard and the filler checks downstream are shared.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.errors import ModelError
from voice_coach.speech.transcript import Word

log = logging.getLogger(__name__)

DEFAULT_MODEL = "tiny.en"
_INSTALL_HINT = "install it with: pip install 'voice-coach[openai-whisper]'"


class OpenAIWhisperEngine:
    """Decodes 16 kHz mono float32 audio into words with times, with an optional prompt."""

    name = "openai-whisper"

    def __init__(self, *, model: str | None, cpu_threads: int) -> None:
        try:
            import torch
            import whisper
        except ImportError as e:
            raise ModelError(f"the openai-whisper engine needs the openai-whisper package; {_INSTALL_HINT}") from e
        torch.set_num_threads(cpu_threads)
        self._whisper = whisper
        self._model = _load_model(model or DEFAULT_MODEL)

    def decode(self, audio: np.ndarray, *, language: str, beam_size: int, prompt: str | None,
               speech_end_s: float | None = None) -> tuple[Word, ...]:
        """``speech_end_s`` is not used: openai-whisper decodes the whole audio in one call."""
        from faster_whisper.vad import (
            SpeechTimestampsMap,
            VadOptions,
            collect_chunks,
            get_speech_timestamps,
        )

        chunks = get_speech_timestamps(audio, VadOptions())
        if not chunks:
            return ()
        pieces, _metadata = collect_chunks(audio, chunks)
        speech = np.concatenate(pieces).astype(np.float32)
        result = self._whisper.transcribe(
            self._model,
            speech,
            language=language,
            beam_size=beam_size,
            temperature=0.0,  # as faster-whisper here: no random resampling, the same words every run
            word_timestamps=True,
            condition_on_previous_text=False,
            initial_prompt=prompt,
            carry_initial_prompt=prompt is not None,
            fp16=False,
            verbose=None,
        )
        times = SpeechTimestampsMap(chunks, SAMPLE_RATE, time_precision=3)
        words = []
        for segment in result["segments"]:
            for w in segment.get("words", ()):
                text = w["word"].strip()
                if not text:
                    continue
                chunk = times.get_chunk_index((w["start"] + w["end"]) / 2)  # both ends in one chunk
                words.append(Word(
                    text=text,
                    start_s=round(times.get_original_time(w["start"], chunk), 3),
                    end_s=round(times.get_original_time(w["end"], chunk), 3),
                    probability=round(float(w["probability"]), 4),
                ))
        return tuple(words)


def _load_model(spec: str):
    import torch
    import whisper

    path = Path(spec).expanduser()
    if path.suffix == ".pt" or path.exists():
        if not path.is_file():
            raise ModelError(f"--model {spec}: no such openai-whisper checkpoint (.pt file)")
        try:
            checkpoint = torch.load(path, map_location="cpu", weights_only=False)
            model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
            model.load_state_dict(checkpoint["model_state_dict"])
        except (KeyError, RuntimeError, OSError, TypeError) as e:
            raise ModelError(f"--model {spec}: not an openai-whisper checkpoint ({e})") from e
        heads = checkpoint.get("alignment_heads")
        if heads:  # converted checkpoints carry the heads that time words; plain ones use the default
            mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
            for layer, head in heads:
                mask[layer, head] = True
            model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
        return model.float().eval()
    if spec not in whisper.available_models():
        raise ModelError(f"--model {spec}: not an openai-whisper model name nor a .pt file; "
                         f"names: {', '.join(whisper.available_models())}")
    try:
        return whisper.load_model(spec, device="cpu").float().eval()
    except Exception as e:  # not cached: openai-whisper would download it, and voice-coach stays offline
        raise ModelError(
            f"--model {spec}: not in openai-whisper's cache and could not be downloaded (offline?); "
            "pass a .pt checkpoint"
        ) from e
