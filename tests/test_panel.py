"""A panel round: several interviewers, each asking in their own voice; one asks again."""

import os
import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import run_cli
from voice_coach.practice.events import read_events
from voice_coach.practice.interview_plan import DEFAULT_PANEL, panel_plan, plain_plan, second_chance_plan
from voice_coach.questions import load_bank


def _median_pitch_hz(path: Path) -> float:
    import parselmouth
    import soundfile

    audio, rate = soundfile.read(str(path), dtype="float64")
    pitch = parselmouth.Sound(audio, sampling_frequency=rate).to_pitch().selected_array["frequency"]
    return float(np.median(pitch[pitch > 0]))


def test_panel_shares_questions_and_repeats_one():
    questions = load_bank("general").interview_order(2, max_questions=5)
    plan = panel_plan(plain_plan(questions))
    askers = [p.interviewer.name for p in plan]
    assert set(askers) == {i.name for i in DEFAULT_PANEL}
    [repeat] = [p for p in plan if p.repeat_of_earlier]
    first = next(p for p in plan if p.question.id == repeat.question.id and not p.repeat_of_earlier)
    assert repeat.interviewer != first.interviewer  # someone else asks it again
    assert repeat.wording in repeat.question.paraphrases  # in other words
    assert plan[-1].question.closing  # the closing question stays last
    # Each interviewer introduces themselves once, the first time they speak.
    introductions = [p.preface for p in plan if p.preface]
    assert len(introductions) == len(DEFAULT_PANEL)


def test_second_chance_asks_the_weakest_first_and_says_what_to_fix():
    from voice_coach.analysis.content import SecondChance

    questions = load_bank("general").interview_order(2, max_questions=5)
    chances = (SecondChance("handled-conflict", 3.0, "Last time this answer had no result in numbers.", ("no_numbers",)),
               SecondChance("tell-me-about-yourself", 0.0, "", ()))
    plan = second_chance_plan(plain_plan(questions), chances, reorder=True)
    assert plan[0].question.id == "handled-conflict"
    assert plan[0].preface == "Last time this answer had no result in numbers."
    assert plan[-1].question.closing
    kept = second_chance_plan(plain_plan(questions), chances, reorder=False)
    assert [p.question.id for p in kept] == [q.id for q in questions]


@pytest.mark.slow
def test_panel_demo_speaks_in_different_voices(tmp_path):
    events_path = tmp_path / "events.jsonl"
    env = {**os.environ, "COLUMNS": "1000"}  # keep the printed paths on one line
    result = run_cli("demo", "--panel", "--quiet-feedback", "--events", str(events_path), env=env)
    assert result.returncode == 0, result.stderr
    round_two = result.stdout.split("Demo, round 2")[1]
    rendered = re.findall(r"Question \d+/\d+: (\w+) \(.*?\n\(spoken audio: (\S+), ", round_two)
    assert len(rendered) == 6  # five questions and one asked again
    pitch_by_interviewer = {name: _median_pitch_hz(Path(path)) for name, path in rendered}
    pitches = sorted(pitch_by_interviewer.values())
    assert pitches[-1] > 1.5 * pitches[0]  # audibly different voices, not one voice relabelled
    events = read_events(events_path)
    voices = {e["voice"] for e in events if e["event"] == "question_start" and e.get("interviewer")}
    assert len(voices) >= 2
