"""``voice-coach practice`` on a real (virtual) sound card: PortAudio and ALSA, no mocks.

The microphone reads a generated answer; the speaker writes what was played to a
file. The question that was spoken and the answer that was heard are both checked
by transcribing them with the real model.
"""

import json
import re

import numpy as np
import pytest

from tests.conftest import REPO_ROOT, espeak_to_array, run_cli
from tests.virtual_sound import make_virtual_sound_card, requires_virtual_sound
from voice_coach.audio.files import load_audio
from voice_coach.questions import load_bank
from voice_coach.speech.transcriber import Transcriber

pytestmark = [pytest.mark.slow, requires_virtual_sound]

FIXTURE = REPO_ROOT / "audio_fixtures" / "test" / "short_answer.wav"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_one_question_through_the_sound_card(tmp_path):
    card = make_virtual_sound_card(tmp_path, capture_audio=load_audio(FIXTURE))
    result = run_cli(
        "practice", "--questions", "1", "--input-device", card.capture_device_name,
        "--output-device", card.playback_device_name, "--quiet-feedback", "--no-calibration",
        env=card.env(), timeout=300,
    )
    assert result.returncode == 0, result.stderr

    sessions = json.loads(run_cli("sessions", "--json", env=card.env()).stdout)
    assert len(sessions) == 1 and sessions[0]["answers"] == 1
    review = json.loads(run_cli("review", str(sessions[0]["id"]), "--json", env=card.env()).stdout)
    heard = _words(review["answers"][0]["transcript"]["text"])
    said = _words((FIXTURE.with_suffix(".txt")).read_text())
    assert len(said & heard) / len(said) >= 0.8

    question = load_bank("general").interview_order(1, max_questions=1)[0]
    played = card.played_streams()
    assert len(played) == 1  # the question only: feedback was not spoken
    spoken = Transcriber().transcribe(played[0], sample_rate=card.playback_sample_rate)
    assert _words(question.text) <= _words(spoken.text)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * 16000), dtype=np.float32)


def test_repeat_the_question_plays_it_twice(tmp_path):
    answer = load_audio(FIXTURE)
    # "Repeat the question", then quiet while the coach reacts, then the real answer.
    # (The paced virtual microphone loses up to about a second as the stream starts.)
    capture = np.concatenate([_silence(2.0), espeak_to_array("Repeat the question.", tmp_path=tmp_path),
                              _silence(7.0), answer])
    card = make_virtual_sound_card(tmp_path, capture_audio=capture, real_time=True)
    result = run_cli(
        "practice", "--questions", "1", "--input-device", card.capture_device_name,
        "--output-device", card.playback_device_name, "--quiet-feedback", "--no-calibration",
        env=card.env(), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    question = load_bank("general").interview_order(1, max_questions=1)[0]
    transcriber = Transcriber()
    spoken = [transcriber.transcribe(stream, sample_rate=card.playback_sample_rate).text
              for stream in card.played_streams()]
    # The question, the confirmation, the question again.
    assert sum(_words(question.text) <= _words(text) for text in spoken) == 2, spoken
    sessions = json.loads(run_cli("sessions", "--json", env=card.env()).stdout)
    review = json.loads(run_cli("review", str(sessions[0]["id"]), "--json", env=card.env()).stdout)
    [stored] = review["answers"]  # the command itself was not stored
    said = _words(FIXTURE.with_suffix(".txt").read_text())
    # tiny.en mishears a few of espeak's words ("a team on five"); most must come through.
    assert len(said & _words(stored["transcript"]["text"])) / len(said) >= 0.7


LONG_QUESTION_BANK = '''
name = "long-question"
title = "One long question"

[[questions]]
id = "hardest-project"
text = "Before we go on, I would like you to walk me through the most difficult project of your career, what made it so hard, who you worked with, and what you would do differently if you started it again today."
category = "behavioural"
rounds = [1]
'''


def test_speaking_over_the_question_stops_the_reading(tmp_path):
    bank = tmp_path / "long-question.toml"
    bank.write_text(LONG_QUESTION_BANK)
    # The candidate starts answering a few seconds into the question. The lead leaves room for
    # rendering the question with espeak-ng first (slower on a busy machine: with 2.5 s the
    # candidate sometimes spoke before any of the question had been played).
    card = make_virtual_sound_card(tmp_path, capture_audio=np.concatenate([_silence(4.5), load_audio(FIXTURE)]),
                                   real_time=True, playback_real_time=True)
    events_path = tmp_path / "events.jsonl"
    result = run_cli(
        "practice", "--bank", str(bank), "--input-device", card.capture_device_name,
        "--output-device", card.playback_device_name, "--quiet-feedback", "--no-calibration", "--barge-in",
        "--events", str(events_path), env=card.env(), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    from voice_coach.practice.events import read_events

    assert "barge_in" in [e["event"] for e in read_events(events_path)]
    [played] = card.played_streams()
    loud = np.flatnonzero(np.abs(played) > 0.01)
    played_s = (loud[-1] - loud[0]) / card.playback_sample_rate
    assert 0.5 < played_s < 7.5  # the whole question takes over 10 s to read; it began 4.5 s before the answer
    # The answer was heard from its start, although it began during the question.
    sessions = json.loads(run_cli("sessions", "--json", env=card.env()).stdout)
    review = json.loads(run_cli("review", str(sessions[0]["id"]), "--json", env=card.env()).stdout)
    heard = _words(review["answers"][0]["transcript"]["text"])
    said = _words(FIXTURE.with_suffix(".txt").read_text())
    assert len(said & heard) / len(said) >= 0.8
