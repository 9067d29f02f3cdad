"""What each answer said, read back for the report: where a story was told first, and the shared texts."""

from __future__ import annotations

import dataclasses

import pytest

from tests.test_report_model import (
    ACHIEVEMENT,
    EIGHT,
    FIVE,
    content_interview,  # noqa: F401  (the module's fixture)
)
from voice_coach.analysis import AnalysisInputError
from voice_coach.analysis.content.questions_asked import AskedQuestion
from voice_coach.report import build_session_report
from voice_coach.report.content import and_list, answer_content, i_we_text, question_note, turns_text
from voice_coach.storage import SessionStore


def test_a_question_asked_again_in_the_session_is_checked_against_that_answer(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        session = store.get_session(content_interview.round2_id)
    # A panel's repeat: the achievement question again at turn 4. The loop compares it
    # with the session's own earlier answer, so the report must say "Q1", not "round 1".
    first = session.answers[0]
    repeat = dataclasses.replace(first, id=first.id + 1000, turn=len(session.answers) + 1, baseline_answer_id=None)
    report = build_session_report(dataclasses.replace(session, answers=(*session.answers, repeat)))
    assert report.answers[0].content.baseline_label == "round 1"
    assert report.answers[-1].content.baseline_label == "Q1"
    assert report.answers[-1].answer.question_id == ACHIEVEMENT.id


def test_a_malformed_content_block_names_the_contract(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        record = store.get_session(content_interview.round2_id).answers[0]
    broken = dataclasses.replace(record, analysis={**record.analysis, "content": {"flags": [{"kind": "x"}]}})
    with pytest.raises(AnalysisInputError, match="CONTRACT.md"):
        answer_content(broken)


def test_an_answer_without_a_content_block_has_none(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        record = store.get_session(content_interview.round2_id).answers[0]
    assert answer_content(dataclasses.replace(record, analysis=None)) is None
    without = {k: v for k, v in record.analysis.items() if k != "content"}
    assert answer_content(dataclasses.replace(record, analysis=without)) is None
    content = answer_content(record, round_number=2)
    assert (content.conflicts[0].baseline_quote, content.conflicts[0].answer_quote) == (FIVE, EIGHT)


def test_i_and_we_in_words() -> None:
    assert i_we_text(None) is None
    assert i_we_text(0.0) == "only \u201cwe\u201d, never \u201cI\u201d"
    assert i_we_text(1.0) == "\u201cI\u201d as often as \u201cwe\u201d"
    assert i_we_text(3.0) == "\u201cI\u201d 3.0\u00d7 as often as \u201cwe\u201d"
    assert i_we_text(0.25) == "\u201cwe\u201d 4.0\u00d7 as often as \u201cI\u201d"


def test_what_a_question_verdict_means() -> None:
    assert question_note(AskedQuestion("How many vacation days do I get?", "pay_and_benefits")) == (
        "premature: vacation before an offer")
    assert question_note(AskedQuestion("What are the next steps?", "next_steps")) == "next steps: closes the sale"
    assert question_note(AskedQuestion("Is there anything else I can tell you?", "cover_more")) == (
        "offers to cover more ground")
    assert question_note(AskedQuestion("What is the team like?", "other")) == ""


def test_lists_in_words() -> None:
    assert turns_text([2]) == "Q2"
    assert turns_text([1, 3, 4]) == "Q1, Q3 and Q4"
    assert and_list(["salary", "bonus"]) == "salary and bonus"
