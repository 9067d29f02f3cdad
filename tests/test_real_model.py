"""The bundled tiny.en model, for real, on generated and on real human speech."""

import re

import pytest

from tests.conftest import REPO_ROOT
from voice_coach.audio.files import load_audio
from voice_coach.speech.transcriber import Transcriber

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def transcriber():
    model = Transcriber()
    model.load()
    return model


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_generated_fixture(transcriber):
    folder = REPO_ROOT / "audio_fixtures" / "test"
    transcript = transcriber.transcribe(load_audio(folder / "short_answer.wav"))
    heard = set(_words(transcript.text))
    expected = _words((folder / "short_answer.txt").read_text())
    assert len([w for w in expected if w in heard]) / len(expected) >= 0.8
    starts = [w.start_s for w in transcript.words]
    assert starts == sorted(starts)
    assert all(w.end_s >= w.start_s for w in transcript.words)
    assert transcript.words[-1].end_s <= transcript.duration_s + 0.05


def test_real_recording_jfk(transcriber, speech_dir):
    transcript = transcriber.transcribe(load_audio(speech_dir / "read" / "jfk" / "jfk.wav"))
    reference = _words((speech_dir / "read" / "jfk" / "jfk.txt").read_text())
    heard = _words(transcript.text)
    assert "ask not what your country can do for you" in " ".join(heard)
    assert abs(len(heard) - len(reference)) <= 2
    assert 0.0 <= transcript.words[0].start_s < 1.0
    assert transcript.duration_s == pytest.approx(11.0, abs=0.1)
