"""``review`` in the terminal: coloured fillers, tables, what was said, and untrusted text printed as said."""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console

from tests.test_report_model import (
    EIGHT,
    FIVE,
    IMG_PAYLOAD,
    SALARY_QUESTION,
    SCRIPT_PAYLOAD,
    content_interview,  # noqa: F401  (the module's fixture)
    interview,  # noqa: F401  (the module's fixture)
    with_hostile_quotes,
)
from voice_coach.report import build_session_report, render_review
from voice_coach.report.marks import MarkedTranscript, MarkedWord, PauseMark
from voice_coach.report.terminal import FILLER_STYLE, LONG_PAUSE_STYLE, said_lines, transcript_text
from voice_coach.speech.transcript import Transcript, Word
from voice_coach.storage import SessionStore


def printed(session, *, width: int = 120) -> str:
    out = io.StringIO()
    render_review(Console(file=out, width=width, color_system=None, highlight=False), session)
    return out.getvalue()


def test_fillers_are_coloured_and_long_pauses_stand_out() -> None:
    text = transcript_text(MarkedTranscript((
        MarkedWord("Um,", 0.0, 0.2, True),
        MarkedWord("yes.", 0.3, 0.5, False),
        PauseMark(0.5, 2.4, True),
        MarkedWord("Done", 2.9, 3.1, False),
    )))
    assert text.plain == "Um, yes. [2.4 s pause] Done"
    styled = {text.plain[span.start:span.end]: str(span.style) for span in text.spans if str(span.style)}
    assert styled == {"Um,": FILLER_STYLE, "[2.4 s pause]": LONG_PAUSE_STYLE}


def test_review_prints_points_transcripts_and_the_comparison(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round2_id)
    out = printed(session)
    assert f"Session {interview.round2_id} · round 2 ·" in out
    assert "Most useful points\n1. " in out
    assert "Q1. Tell me about yourself.  (answered," in out
    assert "Um, I lead a small data team. [1." in out
    assert "Against round 1" in out and "worse" in out
    assert "<script>alert(1)</script>" in out


def test_rich_markup_in_a_transcript_is_printed_not_obeyed(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round1_id)
    hostile = Transcript(words=(Word("[bold", 0.0, 0.2, 0.9), Word("red]loud[/]", 0.2, 0.4, 0.9)), duration_s=1.0)
    answers = (dataclasses.replace(session.answers[0], transcript=hostile, analysis=None), *session.answers[1:])
    out = printed(dataclasses.replace(session, answers=answers))
    assert "[bold red]loud[/]" in out


def test_review_shows_story_changes_flags_and_the_questions_asked(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        session = store.get_session(content_interview.round2_id)
    lines = [line.strip() for line in printed(session, width=200).splitlines()]
    assert lines[lines.index("Most useful points") + 1] == "1. Your story changed in 1 answer  (most in Q1)"
    assert f"story changed team size: round 1 {FIVE} \u2192 now {EIGHT}" in lines
    assert "STAR: situation, action, result; missing task \u00b7 1 result in numbers" in lines
    assert "same story as in round 1" in lines
    assert "no concrete example I did not hear a concrete example. Tell one real story: the situation, " \
           "what you did, and how it ended." in lines
    assert f"flagged  {SALARY_QUESTION}  premature: salary before an offer" in lines
    assert "credited What are the next steps?  next steps: closes the sale" in lines


def test_story_changes_and_flagged_questions_are_red_credits_green(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        answers = build_session_report(store.get_session(content_interview.round2_id)).answers

    def styles(text) -> dict[str, str]:
        return {text.plain[span.start:span.end]: str(span.style) for span in text.spans}

    story, hedging, _ = said_lines(answers[0].content)
    assert styles(story)["story changed"] == "bold red" and styles(story)[FIVE] == "italic"
    assert styles(hedging)["hedging"] == "bold yellow"
    flag, flagged, credited = said_lines(answers[2].content)
    assert styles(flag)["premature question"] == "bold red"
    assert styles(flagged)["flagged "] == "bold red" and styles(credited)["credited"] == "bold green"


def test_rich_markup_in_a_quote_is_printed_not_obeyed(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        session = with_hostile_quotes(store.get_session(content_interview.round2_id))
    out = printed(session, width=400)
    assert out.count(f"{SCRIPT_PAYLOAD} [bold]{IMG_PAYLOAD}") >= 10
