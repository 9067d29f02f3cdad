"""Phrase-by-phrase transcription while recording gives what whole-answer transcription gives."""

import re
import time

import jiwer
import numpy as np
import pytest

from benchmarks.phrase_replay import replay
from tests.conftest import REPO_ROOT
from voice_coach.audio.files import load_audio
from voice_coach.practice.live_transcription import GrowingAudio, LiveTranscription
from voice_coach.speech.transcriber import Transcriber

LONG_ANSWER = REPO_ROOT / "audio_fixtures" / "test" / "answer_long.flac"


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


@pytest.fixture(scope="module")
def transcriber():
    model = Transcriber()
    model.load()
    return model


@pytest.mark.slow
def test_phrase_by_phrase_matches_whole(transcriber):
    audio = load_audio(LONG_ANSWER)
    events = []
    live = LiveTranscription(transcriber, on_event=lambda kind, **f: events.append((kind, f)))
    phrased = replay(audio, live)
    whole = transcriber.transcribe(audio)
    chunks = [f for kind, f in events if kind == "phrase_transcribed"]
    assert len(chunks) >= 4  # it really was transcribed in pieces
    # Judged against what was really said: pieces may differ from the whole in a few
    # words (each has its own context), but must not be less accurate.
    reference = _normalised(LONG_ANSWER.with_suffix(".txt").read_text())
    assert jiwer.wer(reference, _normalised(phrased.text)) <= jiwer.wer(reference, _normalised(whole.text)) + 0.03
    starts = [w.start_s for w in phrased.words]
    assert starts == sorted(starts)  # chunks do not overlap: no word is doubled at a boundary


def test_backlog_stays_bounded_when_transcription_is_slow():
    """A machine slower than speech: phrases merge instead of queueing, and nothing is lost."""
    calls = []

    class SlowTranscriber:
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            calls.append((len(audio), single_pass))
            time.sleep(0.3)  # each decode takes longer than the phrases arrive
            return Transcriber().transcribe(np.zeros(0, np.float32))

    events = []
    live = LiveTranscription(SlowTranscriber(), on_event=lambda kind, **f: events.append(kind))
    phrase = np.full(16000 * 5, 0.1, np.float32)  # 5 s "phrases" arriving instantly
    for i in range(12):
        live.add_block(phrase)
        live.phrase_ended(len(live.audio.slice(0, 10**9)) - 1600)
        time.sleep(0.02)
    live.finish(last_speech_end_sample=None)
    assert "phrase_merged" in events
    assert len(calls) < 12  # merged rather than one decode per phrase
    assert sum(n for n, _ in calls) == 12 * len(phrase)  # every sample was in some chunk
    assert calls[0][1] is False  # the first 5 s: not behind, both decodes
    assert any(single for _, single in calls[1:])  # merged pieces past the backlog limit: one decode


def test_growing_audio_keeps_every_sample():
    buffer = GrowingAudio(initial_samples=10)
    blocks = [np.arange(i * 7, i * 7 + 7, dtype=np.float32) for i in range(50)]
    for block in blocks:
        buffer.append(block)
    np.testing.assert_array_equal(buffer.slice(0, 350), np.concatenate(blocks))
    np.testing.assert_array_equal(buffer.slice(100, 120), np.arange(100, 120, dtype=np.float32))
