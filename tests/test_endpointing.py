"""End-of-answer detection on real (synthetic) speech, counted in samples."""

import numpy as np
import pytest

from tests.conftest import espeak_to_array
from voice_coach.audio import SAMPLE_RATE
from voice_coach.audio.voice_activity import AnswerEndpointer, EndpointSettings, StreamingVad, speech_probabilities


def _feed(endpointer: AnswerEndpointer, audio: np.ndarray, block: int = 1600):
    events = []
    for start in range(0, len(audio), block):
        events += endpointer.accept(audio[start:start + block])
        if endpointer.finished:
            break
    return events


def test_streaming_vad_matches_whole_signal(tmp_path):
    speech = espeak_to_array("I led a team of five analysts.", tmp_path=tmp_path)
    whole = speech_probabilities(speech)
    vad = StreamingVad()
    streamed = np.concatenate([vad.accept(speech[i:i + 700]) for i in range(0, len(speech), 700)])
    assert len(streamed) == len(speech) // 512
    np.testing.assert_allclose(streamed, whole[:len(streamed)], atol=1e-4)


def test_answer_ends_after_the_configured_silence(tmp_path):
    speech = espeak_to_array("I led a team of five analysts and we cut the close from nine days to four.",
                             tmp_path=tmp_path)
    audio = np.concatenate([np.zeros(SAMPLE_RATE // 2, np.float32), speech, np.zeros(10 * SAMPLE_RATE, np.float32)])
    events = _feed(AnswerEndpointer(EndpointSettings(silence_s=2.5)), audio)
    kinds = [e.kind for e in events]
    assert kinds[0] == "speech_start" and kinds[-1] == "answer_end"
    assert events[-1].reason == "silence"
    speech_end_s = (0.5 * SAMPLE_RATE + len(speech)) / SAMPLE_RATE
    last_speech_end = max(e.sample for e in events if e.kind == "speech_end") / SAMPLE_RATE
    assert abs(last_speech_end - speech_end_s) < 0.6
    # 2.5 s of silence after the last speech, give or take a frame and the closing gap.
    assert events[-1].sample / SAMPLE_RATE == pytest.approx(last_speech_end + 2.5, abs=0.4)
    assert abs(events[0].sample / SAMPLE_RATE - 0.5) < 0.4


def test_silence_gives_no_speech_after_the_timeout():
    endpointer = AnswerEndpointer(EndpointSettings(no_speech_timeout_s=10.0))
    events = _feed(endpointer, np.zeros(12 * SAMPLE_RATE, np.float32))
    assert [e.kind for e in events] == ["answer_end"]
    assert events[0].reason == "no_speech"
    assert events[0].sample / SAMPLE_RATE == pytest.approx(10.0, abs=0.05)
    assert not endpointer.heard_speech


def test_a_pure_tone_is_not_speech():
    t = np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE
    tone = (0.25 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    assert float(np.mean(speech_probabilities(tone) >= 0.5)) < 0.1


def test_max_answer_caps_a_long_answer(tmp_path):
    speech = espeak_to_array("I will keep talking " * 8, tmp_path=tmp_path)
    events = _feed(AnswerEndpointer(EndpointSettings(max_answer_s=3.0)), speech)
    assert events[-1].kind == "answer_end" and events[-1].reason == "max_length"
    assert events[-1].sample / SAMPLE_RATE == pytest.approx(3.0, abs=0.11)
