"""A session as JSON: each answer in the ``analyze --json`` shape, plus the session around it.

Top level::

    {"format": "voice-coach-session", "version": 1,
     "session": {id, started_at, ended_at, round, bank, status, settings, calibration,
                 answer_count, duration_s},
     "coaching": [{headline, detail, status, turn}], "round_summary": [lines],
     "answers": [...]}

Each answer is an ``analyze --json`` object (``file``, ``duration_s``, ``transcript``,
``words`` with ``filler`` flags, ``pacing``, ``fillers``, ``energy``; see
voice_coach/analysis/CONTRACT.md) with ``turn``, ``question_id``, ``question_text``,
``asked_at``, ``status``, ``answer_id``, ``comparison`` (round 2) and ``baseline``
(``answer_id``, ``session_id``, ``round``, ``file``) — null where there is none — and, for
answers stored with content coaching, ``content`` (voice_coach/analysis/content/CONTRACT.md).
A coaching point's ``status`` is ``worse``/``better`` (delivery against round 1), ``hint``,
``problem`` (a changed story, a question about pay) or ``good``.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from voice_coach.report.model import AnswerReport, SessionReport

FORMAT_NAME = "voice-coach-session"
FORMAT_VERSION = 1


def session_json(report: SessionReport) -> dict:
    """The report as a JSON-ready dict."""
    session = report.session.to_dict()
    session.pop("answers", None)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "session": session,
        "coaching": [asdict(point) for point in report.coaching],
        "round_summary": list(report.round_lines),
        "answers": [answer_json(answer) for answer in report.answers],
    }


def render_session_json(report: SessionReport) -> str:
    return json.dumps(session_json(report), indent=2, ensure_ascii=False) + "\n"


def answer_json(answer: AnswerReport) -> dict:
    """One answer: the ``analyze --json`` object plus its question, status and baseline link."""
    record = answer.answer
    transcript = record.transcript
    marked_words = answer.marked.words if answer.marked is not None else ()
    data = {
        "turn": record.turn,
        "question_id": record.question_id,
        "question_text": record.question_text,
        "asked_at": record.to_dict()["asked_at"],
        "status": record.status,
        "answer_id": record.id,
        "file": None if record.audio_path is None else str(record.audio_path),
        "duration_s": round(transcript.duration_s if transcript is not None else record.duration_s, 3),
        "transcript": None if transcript is None else transcript.text,
        "words": [] if transcript is None else [
            {**word.to_dict(), "filler": marked.filler} for word, marked in zip(transcript.words, marked_words)
        ],
    }
    analysis = dict(record.analysis or {})
    data["comparison"] = analysis.pop("comparison", None)
    data.update(analysis)  # pacing, fillers, energy and the recording's duration_s
    baseline = answer.baseline
    if baseline is not None:
        data["baseline"] = {
            "answer_id": baseline.answer.id,
            "session_id": baseline.session.id,
            "round": baseline.session.round_number,
            "file": None if baseline.answer.audio_path is None else str(baseline.answer.audio_path),
        }
    elif record.baseline_answer_id is not None:
        data["baseline"] = {"answer_id": record.baseline_answer_id, "session_id": None, "round": 1, "file": None}
    else:
        data["baseline"] = None
    return data
