"""``review`` in the terminal: coloured fillers, tables, and untrusted text printed as said."""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console

from tests.test_report_model import interview  # noqa: F401  (the module's fixture)
from voice_coach.report import render_review
from voice_coach.report.marks import MarkedTranscript, MarkedWord, PauseMark
from voice_coach.report.terminal import FILLER_STYLE, LONG_PAUSE_STYLE, transcript_text
from voice_coach.speech.transcript import Transcript, Word
from voice_coach.storage import SessionStore


def printed(session) -> str:
    out = io.StringIO()
    render_review(Console(file=out, width=120, color_system=None, highlight=False), session)
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
