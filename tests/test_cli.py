"""The command line as a user meets it: help, the demo, stored sessions, bad input."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.conftest import REPO_ROOT, run_cli

COMMANDS = ["practice", "demo", "analyze", "sessions", "review", "devices", "voices", "questions", "report", "progress"]
FIXTURES = REPO_ROOT / "audio_fixtures"


def test_top_level_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert f"usage: voice-coach {command}" in result.stdout
    # Each command explains itself in at least one sentence.
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 5


def test_practice_help_lists_every_option():
    text = run_cli("practice", "--help").stdout
    for option in ["--round", "--bank", "--questions", "--input-device", "--output-device", "--answers-from",
                   "--fast", "--no-speak", "--voice", "--rate", "--silence", "--max-answer", "--model", "--events"]:
        assert option in text


def test_bad_usage_exits_2():
    result = run_cli("practice", "--round", "3")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.fixture(scope="module")
def demo(demo_run):
    return demo_run.home, demo_run.env, demo_run.result, demo_run.events


@pytest.mark.slow
def test_demo_runs_two_rounds_and_compares(demo):
    home, env, result, _events = demo
    assert result.returncode == 0, result.stderr
    assert "Compared with your first round" in result.stdout
    # Round 2 was made slower, quieter and flatter on purpose: the coach must notice.
    assert "slower than in your first round" in result.stdout
    assert "less energy than in your first round" in result.stdout
    assert result.stderr.strip() == ""


@pytest.mark.slow
def test_demo_sessions_are_stored_privately(demo):
    home, env, result, _events = demo
    sessions = json.loads(run_cli("sessions", "--json", env=env).stdout)
    assert [s["round"] for s in sessions] == [1, 2]
    assert all(s["answers"] == 5 for s in sessions)
    assert all(s["duration_s"] > 30 for s in sessions)
    assert sessions[0]["started_at"] < sessions[1]["started_at"]
    assert (home.stat().st_mode & 0o777) == 0o700
    recordings = sorted((home / "recordings").rglob("*.wav"))
    assert len(recordings) == 10
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in recordings)


@pytest.mark.slow
def test_review_shows_what_the_demo_stored(demo):
    home, env, _result, _events = demo
    sessions = json.loads(run_cli("sessions", "--json", env=env).stdout)
    review = json.loads(run_cli("review", str(sessions[1]["id"]), "--json", env=env).stdout)
    answers = review["answers"]
    assert [a["question_id"] for a in answers][:2] == ["tell-me-about-yourself", "greatest-achievement"]
    script = (FIXTURES / "demo" / "round2" / "02-greatest-achievement.txt").read_text().lower()
    heard = answers[1]["transcript"]["text"].lower()
    assert "team of eight" in script and "eight" in heard
    assert answers[1]["transcript"]["words"][0]["start_s"] >= 0
    assert answers[1]["baseline_answer_id"] is not None
    text = run_cli("review", str(sessions[1]["id"]), env=env).stdout
    assert "Tell me about yourself." in text


@pytest.mark.slow
def test_demo_events_cover_the_loop(demo):
    from voice_coach.practice.events import read_events

    *_, events_path = demo
    events = read_events(events_path)
    kinds = {e["event"] for e in events}
    for kind in ["question_start", "question_end", "speech_start", "speech_end", "answer_end",
                 "transcript_ready", "feedback_ready"]:
        assert kind in kinds
    assert all("question_id" in e for e in events)
    times = [e["t"] for e in events]
    assert times == sorted(times)
    assert sum(e["event"] == "feedback_ready" for e in events) == 10


@pytest.mark.slow
def test_analyze_json_contract():
    result = run_cli("analyze", "--json", str(FIXTURES / "test" / "short_answer.wav"))
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["file"].endswith("short_answer.wav")
    assert 5 < record["duration_s"] < 8
    assert "team of five" in record["transcript"].lower() or "team of 5" in record["transcript"].lower()
    word = record["words"][0]
    assert set(word) >= {"text", "start_s", "end_s", "probability", "filler"}
    assert record["pacing"]["wpm"] > 100
    assert record["fillers"]["count"] == 0


def _error_line(result):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("voice-coach: error:")
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("name, expected", [
    ("missing.wav", "no such file"),
    ("empty.wav", "empty"),
    ("not_audio.wav", "not a readable audio file"),
])
def test_analyze_bad_files_give_one_line(name, expected):
    path = FIXTURES / "test" / name
    result = run_cli("analyze", str(path))
    assert result.returncode == 1
    assert expected in _error_line(result)


def test_analyze_silence_gives_no_words():
    result = run_cli("analyze", "--json", str(FIXTURES / "test" / "silence_30s.flac"))
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["transcript"] == "" and record["words"] == []
    assert record["pacing"]["wpm"] is None


def test_unknown_input_device_is_one_line():
    result = run_cli("practice", "--input-device", "no-such-microphone", "--no-speak")
    assert result.returncode == 1
    assert "no-such-microphone" in _error_line(result)


def test_broken_bank_names_file_and_line(tmp_path):
    bank = tmp_path / "broken.toml"
    bank.write_text('name = "broken"\ntitle = "Broken"\n\n[[questions]]\nid = "a"\ncategory = "closing"\nrounds = [1]\n')
    result = run_cli("practice", "--bank", str(bank), "--no-speak", "--answers-from", str(tmp_path))
    assert result.returncode == 1
    line = _error_line(result)
    assert "broken.toml" in line and "line 4" in line and "text" in line


def test_silent_answer_stores_nothing(tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    soundfile.write(str(answers / "01.wav"), np.zeros(16000, dtype=np.float32), 16000)
    result = run_cli("practice", "--answers-from", str(answers), "--fast", "--no-speak", "--questions", "1")
    assert result.returncode == 0, result.stderr
    assert "didn't hear an answer" in result.stdout
    assert "nothing was stored" in result.stdout
    sessions = json.loads(run_cli("sessions", "--json").stdout)
    assert sessions == []
    assert list((Path(os.environ["VOICE_COACH_HOME"]) / "recordings").rglob("*.wav")) == []


@pytest.mark.slow
def test_ctrl_c_mid_answer_keeps_the_recording(tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    long_answer, rate = soundfile.read(str(FIXTURES / "test" / "answer_long.flac"), dtype="float32")
    soundfile.write(str(answers / "01.wav"), long_answer, rate)
    process = subprocess.Popen(
        [sys.executable, "-m", "voice_coach", "practice", "--answers-from", str(answers), "--no-speak",
         "--questions", "1"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    home = Path(os.environ["VOICE_COACH_HOME"])
    deadline = time.monotonic() + 60
    # Interrupt once a few seconds of the answer are on disk (it is paced in real time).
    while time.monotonic() < deadline:
        wavs = list((home / "recordings").rglob("*.wav")) if (home / "recordings").exists() else []
        if wavs and wavs[0].stat().st_size > 16000 * 2 * 4:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err
    sessions = json.loads(run_cli("sessions", "--json").stdout)
    assert len(sessions) == 1 and sessions[0]["status"] == "interrupted"
    review = json.loads(run_cli("review", str(sessions[0]["id"]), "--json").stdout)
    [answer] = review["answers"]
    assert answer["status"] == "interrupted"
    kept, _ = soundfile.read(answer["audio_path"], dtype="float32")
    assert len(kept) >= 16000 * 4
    np.testing.assert_allclose(kept[:16000], long_answer[:16000], atol=1e-3)


@pytest.mark.slow
def test_analyze_against_a_baseline_file(tmp_path):
    original = FIXTURES / "demo" / "round1" / "02-greatest-achievement.flac"
    audio, rate = soundfile.read(str(original), dtype="float32")
    quieter = tmp_path / "quieter.wav"
    soundfile.write(str(quieter), audio * 10 ** (-6 / 20), rate)
    result = run_cli("analyze", "--json", str(original), str(quieter), "--baseline", str(original))
    assert result.returncode == 0, result.stderr
    same, quiet = json.loads(result.stdout)
    assert same["comparison"]["baseline_file"] == str(original)
    assert {v["status"] for v in same["comparison"]["verdicts"]} == {"same"}
    assert quiet["comparison"]["deltas"]["loudness_db"] == pytest.approx(-6.0, abs=0.5)
    energy = next(v for v in quiet["comparison"]["verdicts"] if v["dimension"] == "energy")
    assert energy["status"] == "worse"


@pytest.mark.slow
def test_calibration_cancels_microphone_gain(tmp_path):
    """The same answer recorded 6 dB lower, with its calibration also 6 dB lower, holds its energy."""
    answer = FIXTURES / "demo" / "round1" / "02-greatest-achievement.flac"
    calibration = FIXTURES / "demo" / "calibration" / "round1.flac"
    low_answer, low_calibration = tmp_path / "low-answer.wav", tmp_path / "low-calibration.wav"
    for source, target in ((answer, low_answer), (calibration, low_calibration)):
        audio, rate = soundfile.read(str(source), dtype="float32")
        soundfile.write(str(target), audio * 10 ** (-6 / 20), rate)
    result = run_cli("analyze", "--json", str(low_answer), "--calibration", str(low_calibration),
                     "--baseline", str(answer), "--baseline-calibration", str(calibration))
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["energy"]["loudness_vs_calibration_db"] is not None
    assert record["comparison"]["deltas"]["loudness_db"] == pytest.approx(0.0, abs=0.5)
    energy = next(v for v in record["comparison"]["verdicts"] if v["dimension"] == "energy")
    assert energy["status"] == "same"


def test_baseline_session_must_exist():
    result = run_cli("practice", "--round", "2", "--baseline", "99", "--no-speak")
    assert result.returncode == 1
    assert "no session 99" in _error_line(result)


def test_analyze_transcripts_for_content(tmp_path):
    demo = FIXTURES / "demo"
    result = run_cli("analyze", "--json", str(demo / "round2" / "02-greatest-achievement.txt"),
                     "--question", "greatest-achievement",
                     "--baseline", str(demo / "round1" / "02-greatest-achievement.txt"))
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    [conflict] = record["content"]["consistency"]["conflicts"]
    assert "five" in conflict["baseline_quote"] and "eight" in conflict["answer_quote"]

    closing = tmp_path / "closing.txt"
    closing.write_text("What is the salary range? And what are the next steps?")
    result = run_cli("analyze", "--json", str(closing), "--question", "questions-for-us")
    [record] = json.loads(result.stdout)
    verdicts = {q["text"]: q["verdict"] for q in record["content"]["questions_asked"]}
    assert verdicts == {"What is the salary range?": "flagged", "What are the next steps?": "credited"}


def test_analyze_unknown_question_is_one_line():
    result = run_cli("analyze", str(FIXTURES / "demo" / "round1" / "01-tell-me-about-yourself.txt"),
                     "--question", "no-such-question")
    assert result.returncode == 1
    assert "no-such-question" in _error_line(result)
