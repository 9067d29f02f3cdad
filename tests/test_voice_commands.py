"""Spoken commands: recognised with wording variants, and obeyed by the practice loop."""

import json

import numpy as np
import pytest
import soundfile

from tests.conftest import espeak_to_array, run_cli
from voice_coach.errors import BankError
from voice_coach.practice.events import read_events
from voice_coach.practice.voice_commands import Command, CommandMatcher, load_bank_synonyms

MATCHER = CommandMatcher.with_synonyms()


@pytest.mark.parametrize("utterance, command", [
    ("Repeat the question.", Command.REPEAT),
    ("Could you repeat the question, please?", Command.REPEAT),
    ("Repeat the questions.", Command.REPEAT),  # a transcription slip
    ("Say that again?", Command.REPEAT),
    ("Skip.", Command.SKIP),
    ("Uh, next question.", Command.SKIP),
    ("Go back.", Command.BACK),
    ("Pause.", Command.PAUSE),
    ("Resume.", Command.RESUME),
    ("Stop the interview.", Command.STOP),
    ("End the session.", Command.STOP),
    ("How am I doing so far?", Command.STATUS),
])
def test_commands_are_recognised(utterance, command):
    assert MATCHER.match(utterance) is command


@pytest.mark.parametrize("utterance", [
    "I would like to talk about my team of five.",
    "I repeat the process every month.",
    "Next year I want to lead a team.",
    "So.",
    "Yes.",
    "I led the month end close and we cut it from nine days to four, which the auditors noticed.",
])
def test_answers_are_not_commands(utterance):
    assert MATCHER.match(utterance) is None


def test_a_bank_adds_synonyms(tmp_path):
    bank = tmp_path / "bank.toml"
    bank.write_text('[commands]\nskip = ["give me another one"]\n')
    matcher = CommandMatcher.with_synonyms(load_bank_synonyms(bank))
    assert matcher.match("Give me another one.") is Command.SKIP
    assert MATCHER.match("Give me another one.") is None


def test_a_bank_with_an_unknown_command_is_refused(tmp_path):
    bank = tmp_path / "bank.toml"
    bank.write_text('[commands]\ndance = ["let us dance"]\n')
    with pytest.raises(BankError, match="unknown command 'dance'"):
        load_bank_synonyms(bank)


def _answers_folder(tmp_path, utterances: list[str]):
    folder = tmp_path / "answers"
    folder.mkdir()
    for i, text in enumerate(utterances, start=1):
        audio = espeak_to_array(text, tmp_path=tmp_path)
        soundfile.write(str(folder / f"{i:02d}.wav"), np.concatenate([np.zeros(4800, np.float32), audio]), 16000)
    return folder


@pytest.mark.slow
def test_commands_steer_a_session_from_files(tmp_path):
    answer = "I led a team of five analysts and we cut the month end close from nine days to four."
    folder = _answers_folder(tmp_path, [
        "Repeat the question.",  # question 1 is asked again; the next file answers it
        answer,
        "Skip this one.",  # question 2: nothing stored
        "How am I doing?",  # question 3: a running summary, then question 3 again
        "Please stop the interview.",  # ends and saves
    ])
    events_path = tmp_path / "events.jsonl"
    result = run_cli("practice", "--answers-from", str(folder), "--fast", "--no-speak", "--no-calibration",
                     "--questions", "4", "--events", str(events_path))
    assert result.returncode == 0, result.stderr
    events = read_events(events_path)
    commands = [(e["question_id"], e["command"]) for e in events if e["event"] == "command"]
    q1, q2, q3 = "tell-me-about-yourself", "greatest-achievement", "handled-conflict"
    assert commands == [(q1, "repeat"), (q2, "skip"), (q3, "status"), (q3, "stop")]
    asked = [e["question_id"] for e in events if e["event"] == "question_start"]
    assert asked == [q1, q1, q2, q3, q3]
    assert "So far, 1 answer." in result.stdout

    sessions = json.loads(run_cli("sessions", "--json").stdout)
    assert len(sessions) == 1 and sessions[0]["status"] == "complete" and sessions[0]["answers"] == 1
    review = json.loads(run_cli("review", str(sessions[0]["id"]), "--json").stdout)
    [stored] = review["answers"]
    assert stored["question_id"] == q1
    assert "nine days" in stored["transcript"]["text"].lower()
