"""openai-whisper as a second engine, on real weights: the bundled tiny.en converted to a .pt.

Needs the ``voice-coach[openai-whisper]`` extra; skipped without it. The checkpoint is
made once per run by ``tests/ctranslate2_to_openai.py`` from the CTranslate2 model that
faster-whisper uses, so both engines run the same network and must hear the same words.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pytest

from tests.conftest import REPO_ROOT
from voice_coach.audio.files import load_audio
from voice_coach.errors import ModelError
from voice_coach.speech.filler_prompt import is_filled_pause
from voice_coach.speech.transcriber import Transcriber, TranscriberSettings

FIXTURES = REPO_ROOT / "audio_fixtures"

whisper = pytest.importorskip("whisper", reason="openai-whisper is not installed: pip install '.[openai-whisper]'")
torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    from tests.ctranslate2_to_openai import convert
    from voice_coach.speech.models import bundled_model_path

    return convert(bundled_model_path(), tmp_path_factory.mktemp("openai-whisper") / "tiny.en.pt")


@pytest.fixture(scope="module")
def engines(checkpoint):
    faster = Transcriber(TranscriberSettings(cpu_threads=2))
    openai = Transcriber(TranscriberSettings(cpu_threads=2, engine="openai-whisper", model=str(checkpoint)))
    faster.load()
    openai.load()
    return faster, openai


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_converted_weights_compute_what_ctranslate2_computes(checkpoint):
    """The encoder of both models on the same 30 s of features (CTranslate2 in float32)."""
    import ctranslate2
    from faster_whisper.feature_extractor import FeatureExtractor

    from voice_coach.speech.models import bundled_model_path
    from voice_coach.speech.openai_engine import _load_model

    audio = load_audio(FIXTURES / "test" / "short_answer.wav")
    features = FeatureExtractor()(np.pad(audio, (0, 30 * 16_000 - len(audio))))[:, :3000]
    reference = ctranslate2.models.Whisper(str(bundled_model_path()), device="cpu", compute_type="float32")
    expected = np.array(reference.encode(ctranslate2.StorageView.from_array(features[None].astype(np.float32))))
    model = _load_model(str(checkpoint))
    with torch.no_grad():
        got = model.encoder(torch.from_numpy(features[None].astype(np.float32))).numpy()
    assert got.shape == expected.shape == (1, 1500, 384)
    assert np.max(np.abs(got - expected)) / np.max(np.abs(expected)) < 0.02


@pytest.mark.slow
@pytest.mark.parametrize("path", ["test/short_answer.wav", "demo/round2/01-tell-me-about-yourself.flac"])
def test_both_engines_hear_the_same_words(engines, path):
    faster, openai = engines
    audio = load_audio(FIXTURES / path)
    a, b = faster.transcribe(audio), openai.transcribe(audio)
    # faster-whisper runs the weights in int8, openai-whisper in float32: a near tie may go
    # the other way ("a team of five" / "a team on five"), but at most one word.
    matcher = difflib.SequenceMatcher(a=_words(a.text), b=_words(b.text), autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    assert max(len(a.words), len(b.words)) - same <= 1, (a.text, b.text)
    assert len(a.words) == len(b.words)
    assert [w.source for w in a.words] == [w.source for w in b.words]
    fillers = [is_filled_pause(w.text) for w in a.words]
    assert fillers == [is_filled_pause(w.text) for w in b.words]
    starts = np.array([w.start_s for w in a.words]) - np.array([w.start_s for w in b.words])
    assert np.median(np.abs(starts)) <= 0.1
    assert [w.start_s for w in b.words] == sorted(w.start_s for w in b.words)


@pytest.mark.slow
def test_openai_engine_keeps_fillers_and_gives_nothing_for_silence(engines):
    _faster, openai = engines
    transcript = openai.transcribe(load_audio(FIXTURES / "demo" / "round2" / "01-tell-me-about-yourself.flac"))
    script = (FIXTURES / "demo" / "round2" / "01-tell-me-about-yourself.txt").read_text()
    assert sum(is_filled_pause(w.text) for w in transcript.words) == sum(is_filled_pause(t) for t in script.split())
    assert openai.transcribe(load_audio(FIXTURES / "test" / "room_noise_30s.flac")).is_empty
    assert openai.model_label.endswith("(openai-whisper)")


def test_a_missing_checkpoint_or_unknown_engine_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no such openai-whisper checkpoint"):
        Transcriber(TranscriberSettings(engine="openai-whisper", model=str(tmp_path / "missing.pt"))).load()
    not_a_checkpoint = tmp_path / "notes.pt"
    torch.save({"hello": 1}, not_a_checkpoint)
    with pytest.raises(ModelError, match="not an openai-whisper checkpoint"):
        Transcriber(TranscriberSettings(engine="openai-whisper", model=str(not_a_checkpoint))).load()
    with pytest.raises(ModelError, match="choose one of faster-whisper, openai-whisper"):
        TranscriberSettings(engine="whisper.cpp")
