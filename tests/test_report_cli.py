"""``report`` and ``progress`` as a user meets them: help, defaults, files, one-line errors."""

from __future__ import annotations

import argparse
import io
import json
import stat
from pathlib import Path

import pytest
from rich.console import Console

from tests.test_report_model import interview  # noqa: F401  (the module's fixture)
from voice_coach.cli import report_commands
from voice_coach.errors import SessionNotFound, VoiceCoachError
from voice_coach.report import ReportError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="voice-coach")
    report_commands.register(top.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return top


def run(*argv: str, capsys) -> str:
    """Run a command in-process as ``voice-coach`` would; returns what it printed."""
    args = parser().parse_args(list(argv))
    out = io.StringIO()
    assert args.run(args, Console(file=out, width=100, color_system=None, highlight=False)) == 0
    return out.getvalue() + capsys.readouterr().out


@pytest.fixture()
def in_home(interview, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("VOICE_COACH_HOME", str(interview.home))
    monkeypatch.chdir(tmp_path)
    return interview


@pytest.mark.parametrize("command", ["report", "progress"])
def test_every_command_explains_itself(command, capsys) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args([command, "--help"])
    text = capsys.readouterr().out
    assert f"usage: voice-coach {command}" in text
    assert len(text.split("\n\n")[1].split()) >= 5


def test_report_help_lists_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["report", "--help"])
    text = capsys.readouterr().out
    for option in ("-o FILE, --output FILE", "--format {html,md,json,srt,vtt}", "--embed-audio", "--question N"):
        assert option in text


def test_the_default_is_a_private_html_page_in_this_folder(in_home, tmp_path, capsys) -> None:
    out = run("report", str(in_home.round2_id), capsys=capsys)
    written = tmp_path / f"session-{in_home.round2_id}-report.html"
    assert out == (f"Wrote session-{in_home.round2_id}-report.html (html, 2 questions).\n"
                   f"Open it in a browser: {written.as_uri()}\n")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_the_format_follows_the_file_name(in_home, tmp_path, capsys) -> None:
    out = run("report", str(in_home.round2_id), "-o", "notes.md", capsys=capsys)
    assert out == "Wrote notes.md (md, 2 questions).\n"
    assert (tmp_path / "notes.md").read_text(encoding="utf-8").startswith("# Interview practice, session")


def test_latest_is_the_most_recent_session(in_home, capsys) -> None:
    out = run("report", "latest", "--format", "srt", capsys=capsys)
    assert out == f"Wrote session-{in_home.round2_id}-report.srt (srt, 2 questions).\n"


def test_a_session_must_be_a_number_or_latest(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        parser().parse_args(["report", "newest"])
    assert caught.value.code == 2
    assert "expected a session id (see 'sessions') or 'latest', got 'newest'" in capsys.readouterr().err


def test_a_dash_writes_to_standard_output(in_home, capsys) -> None:
    out = run("report", str(in_home.round2_id), "-o", "-", "--format", "json", capsys=capsys)
    assert json.loads(out)["session"]["id"] == in_home.round2_id


def test_one_question_as_subtitles(in_home, tmp_path, capsys) -> None:
    run("report", str(in_home.round2_id), "--question", "1", "-o", "q1.vtt", capsys=capsys)
    text = (tmp_path / "q1.vtt").read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\nNOTE Q1: Tell me about yourself.\n") and "NOTE Q2" not in text


def test_progress_prints_a_table_and_writes_a_page(in_home, tmp_path, capsys) -> None:
    out = run("progress", "--html", "progress.html", capsys=capsys)
    lines = out.splitlines()
    assert lines[0].startswith("Progress, oldest first")
    first_row = lines[3].split()  # id, date, time, round, answers, length…
    assert (first_row[0], first_row[3], first_row[4]) == (str(in_home.round1_id), "1", "2")
    assert "Round 1: 1 session so far; practise again to see a trend." in out
    assert f"Wrote progress.html. Open it in a browser: {(tmp_path / 'progress.html').as_uri()}" in out
    assert stat.S_IMODE((tmp_path / "progress.html").stat().st_mode) == 0o600


def test_progress_as_json(in_home, capsys) -> None:
    data = json.loads(run("progress", "--json", capsys=capsys))
    assert [p["round"] for p in data] == [1, 2]
    assert data[1]["loudness_vs_calibration_db"] < data[0]["loudness_vs_calibration_db"] - 4


@pytest.mark.parametrize(("argv", "error", "message"), [
    (["report", "999"], SessionNotFound, "no session 999; `voice-coach sessions` lists them"),
    (["report", "2", "-o", "x.md", "--format", "html"], VoiceCoachError,
     "--format html does not match x.md (a .md name); drop --format or change the file name"),
    (["report", "2", "--format", "md", "--embed-audio"], VoiceCoachError,
     "--embed-audio only applies to --format html, not md"),
    (["report", "2", "--question", "9", "--format", "json"], ReportError,
     "session 2 has no question 9; its questions are 1, 2 (see 'voice-coach review 2')"),
    (["report", "2", "--format", "srt", "-o", "missing/x.srt"], ReportError,
     "cannot write missing/x.srt (No such file or directory); create the folder first"),
])
def test_mistakes_are_one_line_errors(in_home, argv, error, message, capsys) -> None:
    with pytest.raises(error) as caught:
        run(*argv, capsys=capsys)
    assert str(caught.value) == message


def test_a_question_number_must_be_positive(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        parser().parse_args(["report", "1", "--question", "0"])
    assert caught.value.code == 2
    assert "expected a question number from 1, got 0" in capsys.readouterr().err


def test_an_empty_store_says_how_to_start(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("VOICE_COACH_HOME", str(tmp_path / "empty"))
    assert run("progress", capsys=capsys) == "No sessions yet. Try 'voice-coach demo' or 'voice-coach practice'.\n"
    assert Path(tmp_path / "empty").is_dir()
    with pytest.raises(VoiceCoachError, match=r"^no sessions yet, so no latest one; try 'voice-coach demo'"):
        run("report", "latest", capsys=capsys)
