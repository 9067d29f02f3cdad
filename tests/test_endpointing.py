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


def _voiced_hum(duration_s: float, *, f0_hz: float = 120.0, level: float = 0.05) -> np.ndarray:
    """A hummed "mmm": a voice's harmonics with everything above about 400 Hz taken away."""
    t = np.arange(int(duration_s * SAMPLE_RATE)) / SAMPLE_RATE
    hum = sum(np.sin(2 * np.pi * k * f0_hz * t) / k ** 2 for k in range(1, 4))
    return (level * hum / np.max(np.abs(hum))).astype(np.float32)


def _quiet(duration_s: float) -> np.ndarray:
    return np.zeros(int(duration_s * SAMPLE_RATE), np.float32)


def test_a_hum_while_thinking_does_not_end_the_answer(tmp_path):
    """3.5 s of "mmm" between two sentences: a pause that long in silence ends the answer,
    a hum does not (Silero does not call it speech)."""
    first = espeak_to_array("I led a team of five analysts.", tmp_path=tmp_path)
    second = espeak_to_array("We cut the close from nine days to four.", tmp_path=tmp_path)
    hum = _voiced_hum(3.5, level=0.3 * float(np.max(np.abs(first))))
    assert float(np.mean(speech_probabilities(hum) >= 0.5)) < 0.1  # not speech to Silero
    hummed = np.concatenate([_quiet(0.5), first, hum, second, _quiet(4.0)])
    events = _feed(AnswerEndpointer(EndpointSettings(silence_s=2.5)), hummed)
    second_starts_s = (len(hummed) - len(second) - 4.0 * SAMPLE_RATE) / SAMPLE_RATE
    assert events[-1].reason == "silence" and events[-1].sample / SAMPLE_RATE > second_starts_s + 1.0
    silent = np.concatenate([_quiet(0.5), first, _quiet(3.5), second, _quiet(4.0)])
    events = _feed(AnswerEndpointer(EndpointSettings(silence_s=2.5)), silent)
    assert events[-1].kind == "answer_end" and events[-1].sample / SAMPLE_RATE < second_starts_s


def test_a_machine_tone_after_the_answer_does_not_hold_it_open(tmp_path):
    speech = espeak_to_array("I led a team of five analysts.", tmp_path=tmp_path)
    tone = _voiced_hum(20.0, f0_hz=100.0, level=0.3 * float(np.max(np.abs(speech))))
    settings = EndpointSettings(silence_s=2.5, max_hum_s=6.0)
    events = _feed(AnswerEndpointer(settings), np.concatenate([_quiet(0.5), speech, tone]))
    speech_end_s = 0.5 + len(speech) / SAMPLE_RATE
    assert events[-1].reason == "silence"
    assert events[-1].sample / SAMPLE_RATE == pytest.approx(speech_end_s + 6.0 + 2.5, abs=0.6)


def test_a_real_hummed_pause_does_not_cut_off_the_words_after_it(speech_dir):
    """mfa_uhum: "montreal forced uh um uh hm hm um forced aligner", 2.5 s of humming before
    the last two words, which begin at about 6.4 s."""
    from voice_coach.audio.files import load_audio

    audio = np.concatenate([load_audio(speech_dir / "fillers" / "mfa_uhum.flac"), _quiet(4.0)])
    events = _feed(AnswerEndpointer(EndpointSettings()), audio)
    assert events[-1].reason == "silence" and events[-1].sample / SAMPLE_RATE > 7.4
