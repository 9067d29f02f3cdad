"""Progress over sessions: each session's figures summed from its answers, per round."""

from __future__ import annotations

import dataclasses

import pytest

from tests.test_report_html import Page
from tests.test_report_model import interview  # noqa: F401  (the module's fixture)
from voice_coach.analysis import AnswerAnalysis
from voice_coach.report import load_progress, render_progress_html
from voice_coach.report.progress import progress_point, trend_lines
from voice_coach.storage import SessionStore


def test_a_session_point_sums_its_answers(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round2_id)
    point = progress_point(session)
    analyses = [AnswerAnalysis.from_dict(a.analysis) for a in session.answers]
    words = sum(x.pacing.words for x in analyses)
    minutes = sum(x.pacing.words / x.pacing.wpm for x in analyses)
    assert point.wpm == pytest.approx(words / minutes)
    transcript_words = sum(len(a.transcript.words) for a in session.answers)
    assert point.fillers_per_100_words == pytest.approx(100 * sum(x.fillers.count for x in analyses) / transcript_words)
    assert point.answers == 2 and point.round_number == 2


def test_energy_against_calibration_shows_the_quieter_round(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        first, second = load_progress(store)
    # Round 1 spoke at the calibration's amplitude, round 2 at half of it (6 dB less).
    assert first.loudness_vs_calibration_db == pytest.approx(0.0, abs=1.0)
    assert second.loudness_vs_calibration_db - first.loudness_vs_calibration_db == pytest.approx(-6.0, abs=0.5)
    assert second.pitch_var_st < first.pitch_var_st


def test_trends_compare_the_first_and_latest_session_of_a_round(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        points = load_progress(store)
    later = dataclasses.replace(points[0], session_id=9, wpm=150.0)
    lines = trend_lines([points[0], later, points[1]])
    assert lines[0].startswith(f"Round 1: 2 sessions, first to latest: pace {points[0].wpm:.0f} \u2192 150;")
    assert lines[1] == "Round 2: 1 session so far; practise again to see a trend."


def test_the_progress_page_has_a_chart_per_figure_and_a_row_per_session(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        points = load_progress(store)
    page = Page(render_progress_html(points))
    assert [f["class"] for f in page.tags("figure")] == [
        "plot progress wpm", "plot progress fillers_per_100_words",
        "plot progress loudness_vs_calibration_db", "plot progress pitch_var_st",
    ]
    assert [r["data-session"] for r in page.tags("tr") if "data-session" in r] == [
        str(interview.round1_id), str(interview.round2_id)]
    assert page.tags("script") == []


def test_no_sessions_make_a_page_that_says_so() -> None:
    assert "No sessions yet" in Page(render_progress_html([])).text
