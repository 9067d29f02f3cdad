"""A stored session gathered for reporting: each answer with its figures, marks, content and round-1 baseline.

``load_session_report(store, session_id)`` reads what every renderer needs in one go;
``build_session_report(session)`` does the same from a ``SessionDetail`` already in hand
(without the baselines' transcripts and recordings, which only the store can give).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from voice_coach.analysis import AnswerAnalysis, Comparison, summarize_round
from voice_coach.report.changes import Change, changes_against_round_one
from voice_coach.report.coaching import CoachingPoint, coaching_points
from voice_coach.report.content import AnswerContent, answer_content
from voice_coach.report.errors import ReportError
from voice_coach.report.marks import MarkedTranscript, mark_transcript
from voice_coach.storage import AnswerRecord, SessionDetail, SessionRecord, SessionStore


@dataclass(frozen=True)
class Baseline:
    """The round-1 answer a round-2 answer was compared with, and the session it came from."""

    answer: AnswerRecord
    session: SessionRecord
    analysis: Optional[AnswerAnalysis]
    marked: Optional[MarkedTranscript]


@dataclass(frozen=True)
class AnswerReport:
    """One question of the session, ready to render."""

    answer: AnswerRecord
    analysis: Optional[AnswerAnalysis]  # None for an interrupted or skipped answer
    marked: Optional[MarkedTranscript]  # None without a transcript
    comparison: Optional[Comparison]  # round 2, when a round-1 answer was found
    changes: tuple[Change, ...]  # the comparison's moves, scaled to their verdict limits
    baseline: Optional[Baseline]  # None when not compared, or when read without the store
    content: Optional[AnswerContent] = None  # what was said; None for answers stored before content coaching

    @property
    def label(self) -> str:
        return f"Q{self.answer.turn}"


@dataclass(frozen=True)
class SessionReport:
    """A session with its answers, the most useful coaching points and the round's summary."""

    session: SessionDetail
    answers: tuple[AnswerReport, ...]
    coaching: tuple[CoachingPoint, ...]
    round_lines: tuple[str, ...]  # from ``summarize_round``: energy held or dropped, fatigue

    @property
    def compared(self) -> bool:
        """Whether any answer was compared with a round-1 answer."""
        return any(a.comparison is not None for a in self.answers)


def load_session_report(store: SessionStore, session_id: int, *, turn: Optional[int] = None) -> SessionReport:
    """Read session ``session_id`` and its baselines from ``store``.

    ``turn`` keeps only that question (``ReportError`` when the session has no such turn).
    Raises ``SessionNotFound`` for an unknown session.
    """
    session = store.get_session(session_id)
    sessions: dict[int, SessionRecord] = {}
    baselines: dict[int, Baseline] = {}
    for answer in session.answers:
        if answer.baseline_answer_id is None:
            continue
        record = store.get_answer(answer.baseline_answer_id)
        if record.session_id not in sessions:
            sessions[record.session_id] = store.get_session(record.session_id)
        analysis = _analysis(record)
        baselines[answer.id] = Baseline(
            answer=record,
            session=sessions[record.session_id],
            analysis=analysis,
            marked=None if record.transcript is None else mark_transcript(record.transcript, analysis),
        )
    return build_session_report(session, baselines=baselines, turn=turn)


def build_session_report(
    session: SessionDetail,
    *,
    baselines: Optional[Mapping[int, Baseline]] = None,
    turn: Optional[int] = None,
) -> SessionReport:
    """Gather ``session`` for rendering; ``baselines`` maps an answer id to its round-1 answer."""
    baselines = baselines or {}
    answers = []
    for index, answer in enumerate(session.answers):
        analysis = _analysis(answer)
        comparison = _comparison(answer)
        answers.append(
            AnswerReport(
                answer=answer,
                analysis=analysis,
                marked=None if answer.transcript is None else mark_transcript(answer.transcript, analysis),
                comparison=comparison,
                changes=changes_against_round_one(analysis, comparison) if analysis and comparison else (),
                baseline=baselines.get(answer.id),
                content=answer_content(answer, earlier=session.answers[:index], round_number=session.round_number),
            )
        )
    if turn is not None:
        turns = [a.answer.turn for a in answers]
        answers = [a for a in answers if a.answer.turn == turn]
        if not answers:
            raise ReportError(
                f"session {session.id} has no question {turn}; its questions are "
                f"{', '.join(map(str, turns)) or 'none'} (see 'voice-coach review {session.id}')"
            )
    analysed = [(a.label, a.analysis, a.comparison) for a in answers if a.analysis is not None]
    return SessionReport(
        session=session,
        answers=tuple(answers),
        coaching=coaching_points(answers),
        round_lines=summarize_round(analysed).lines if analysed else (),
    )


def _analysis(answer: AnswerRecord) -> Optional[AnswerAnalysis]:
    return None if not answer.analysis else AnswerAnalysis.from_dict(answer.analysis)


def _comparison(answer: AnswerRecord) -> Optional[Comparison]:
    stored = (answer.analysis or {}).get("comparison")
    return None if not stored else Comparison.from_dict(stored)
