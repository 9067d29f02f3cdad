"""Gathering a stored session for the report, and the synthetic sessions the report tests share.

``make_interview(home)`` stores a round-1 and a round-2 session the way the practice loop
does (real WAVs, real analysis, a real comparison), with known fillers and pauses and,
in round 2, a transcript and question that try to inject HTML. Its answers have no content
block, like those stored before content coaching. ``make_content_interview(home)`` stores
scripted answers with the content block the loop adds (``analyze_content``): a story that
changed from a team of five to eight, an answer with no example, and a closing answer
that asks about salary (with HTML in the quote) and the next steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import pytest
import soundfile

from voice_coach.analysis import AnswerAnalysis, analyze_answer, compare_answers, measure_calibration
from voice_coach.analysis.content import analyze_content
from voice_coach.questions.model import Question
from voice_coach.report import ReportError, build_session_report, load_session_report
from voice_coach.report.coaching import coaching_points
from voice_coach.report.marks import MarkedWord, PauseMark
from voice_coach.speech.transcript import Transcript, Word
from voice_coach.storage import SessionDetail, SessionStore

SAMPLE_RATE = 16_000
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = '"><img src=x onerror=alert(1)>'
WORD_S = 0.35
GAP_S = 0.1
PAUSE_S = 1.5  # the one long silence in round 2's first answer
PAUSE = "<pause>"  # in a word list: a silence of PAUSE_S instead of a word
# A question id is written into HTML attributes; this one tries to break out of them.
HOSTILE_ID = 'conflict" onmouseover="alert(1)'

ROUND_1 = {
    "about-you": ("Tell me about yourself.",
                  "I lead a small data team. We ship clear reports every week and we keep them simple."),
    HOSTILE_ID: ("Tell me about a time you disagreed with a colleague.",
                 "We disagreed on a forecast. I built both models and we picked the better one together."),
}
ROUND_2 = {
    "about-you": ("Tell me about yourself.",
                  f"Um, I lead a small data team. {PAUSE} Uh, we ship, you know, reports every week."),
    HOSTILE_ID: (f"Tell me about a time you disagreed {IMG_PAYLOAD}",
                 f"We disagreed on a forecast {SCRIPT_PAYLOAD} and {IMG_PAYLOAD} then, um, we picked one."),
}

ACHIEVEMENT = Question("greatest-achievement", "What is your greatest achievement?", "behavioural", (1, 2))
DISAGREED = Question("disagreed", "Tell me about a time you disagreed with someone.", "behavioural", (1, 2))
CLOSING = Question("questions-for-us", "Do you have any questions for us?", "closing", (1, 2), closing=True)
CONTENT_QUESTIONS = {q.id: q for q in (ACHIEVEMENT, DISAGREED, CLOSING)}
FIVE = "a team of five analysts"
EIGHT = "a team of eight analysts"
SALARY_QUESTION = f"What is the salary{SCRIPT_PAYLOAD}range?"  # the analyser keeps it whole
CONTENT_ROUND_1 = {
    ACHIEVEMENT.id: (ACHIEVEMENT.text, f"Last year I led {FIVE}. We automated the reconciliations, "
                                       "and the close went from nine days to four."),
    DISAGREED.id: (DISAGREED.text, "A planner and I did not agree on a forecast. I built both models, "
                                   "and as a result we cut the error by 20 percent."),
    CLOSING.id: (CLOSING.text, "Yes. What are the next steps in your process? "
                               "And how do you measure success in the first six months?"),
}
CONTENT_ROUND_2 = {
    ACHIEVEMENT.id: (ACHIEVEMENT.text, f"Um, last year I led {EIGHT}. I guess we automated the "
                                       "reconciliations, and maybe the close went from nine days to four."),
    DISAGREED.id: (DISAGREED.text, "Uh, I usually talk it through with people."),
    CLOSING.id: (CLOSING.text, f"Uh, {SALARY_QUESTION} What are the next steps?"),
}


@dataclass(frozen=True)
class Interview:
    home: Path
    round1_id: int
    round2_id: int


def voiced(duration_s: float, *, f0_start_hz: float, f0_end_hz: float, amplitude: float) -> np.ndarray:
    """A voice-like harmonic sound gliding from one pitch to another (five harmonics)."""
    n = int(round(duration_s * SAMPLE_RATE))
    f0 = np.linspace(f0_start_hz, f0_end_hz, n)
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 6))
    ramp = np.minimum(1.0, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.02 * SAMPLE_RATE))
    return (amplitude * wave / np.max(np.abs(wave)) * ramp).astype(np.float32)


def spoken(text: str, *, f0_hz: float, glide_hz: float, amplitude: float, lead_s: float = 0.3,
           word_s: float = WORD_S) -> tuple[np.ndarray, Transcript]:
    """Audio and a transcript for ``text``: each word a voiced burst, ``PAUSE`` a long silence."""
    pieces = [np.zeros(int(lead_s * SAMPLE_RATE), np.float32)]
    words = []
    t = lead_s
    for index, token in enumerate(text.split()):
        if token == PAUSE:
            pieces.append(np.zeros(int(PAUSE_S * SAMPLE_RATE), np.float32))
            t += PAUSE_S
            continue
        rise = glide_hz if index % 2 else -glide_hz
        pieces.append(voiced(word_s, f0_start_hz=f0_hz, f0_end_hz=f0_hz + rise, amplitude=amplitude))
        words.append(Word(token, round(t, 3), round(t + word_s, 3), 0.9))
        pieces.append(np.zeros(int(GAP_S * SAMPLE_RATE), np.float32))
        t += word_s + GAP_S
    pieces.append(np.zeros(int(0.4 * SAMPLE_RATE), np.float32))
    audio = np.concatenate(pieces)
    return audio, Transcript(words=tuple(words), duration_s=audio.shape[0] / SAMPLE_RATE)


def make_interview(
    home: Path,
    *,
    round_one: Mapping[str, tuple[str, str]] = ROUND_1,
    round_two: Mapping[str, tuple[str, str]] = ROUND_2,
    bank: str = "general",
    content_questions: Optional[Mapping[str, Question]] = None,
) -> Interview:
    """Store round 1 and round 2 of the same questions in ``home`` as the practice loop would.

    ``round_one`` and ``round_two`` map a question id to (question text, answer). With
    ``content_questions`` (question id -> bank question) each answer also gets the loop's
    content block, checked in round 2 against the round-1 answer's transcript.
    """
    ids = []
    baselines: dict[str, tuple[int, AnswerAnalysis]] = {}
    round_one_texts: dict[str, str] = {}
    with SessionStore.open(home) as store:
        for round_number, questions in ((1, round_one), (2, round_two)):
            # Round 2: lower, flatter, 6 dB quieter and slower, at the same microphone gain.
            loud = 0.3 if round_number == 1 else 0.15
            f0, glide = (160.0, 60.0) if round_number == 1 else (120.0, 8.0)
            session = store.start_session(round_number=round_number, bank=bank, settings={"demo": False})
            calibration = measure_calibration(voiced(2.0, f0_start_hz=150, f0_end_hz=170, amplitude=0.3))
            store.set_calibration(session.id, calibration.to_dict())
            for turn, (question_id, (question, text)) in enumerate(questions.items(), start=1):
                audio, transcript = spoken(text, f0_hz=f0, glide_hz=glide, amplitude=loud,
                                           word_s=WORD_S if round_number == 1 else WORD_S * 1.4)
                path = store.new_recording_path(session.id, turn=turn, question_id=question_id)
                soundfile.write(str(path), audio, SAMPLE_RATE, subtype="PCM_16")
                analysis = analyze_answer(audio, transcript, calibration=calibration, question_end_s=0.0)
                stored = analysis.to_dict()
                baseline_id = None
                if round_number == 2:
                    baseline_id, baseline = baselines[question_id]
                    stored["comparison"] = compare_answers(analysis, baseline).to_dict()
                if content_questions is not None:
                    stored["content"] = analyze_content(
                        transcript.text, question=content_questions.get(question_id),
                        baseline_text=round_one_texts.get(question_id) if round_number == 2 else None,
                    ).to_dict()
                    round_one_texts.setdefault(question_id, transcript.text)
                record = store.add_answer(
                    session.id, turn=turn, question_id=question_id, question_text=question, audio_path=path,
                    duration_s=audio.shape[0] / SAMPLE_RATE, transcript=transcript, analysis=stored,
                    baseline_answer_id=baseline_id,
                )
                baselines.setdefault(question_id, (record.id, analysis))
            store.finish_session(session.id)
            ids.append(session.id)
    return Interview(home=home, round1_id=ids[0], round2_id=ids[1])


def make_content_interview(home: Path) -> Interview:
    """Round 1 and round 2 with content blocks: a changed story, no example, pay and next-steps questions."""
    return make_interview(home, round_one=CONTENT_ROUND_1, round_two=CONTENT_ROUND_2,
                          content_questions=CONTENT_QUESTIONS)


def with_hostile_quotes(session: SessionDetail) -> SessionDetail:
    """``session`` with every quote in its stored content blocks replaced by HTML and markup.

    Stored JSON is untrusted too: whatever a quote holds must be shown as text.
    """
    hostile = f"{SCRIPT_PAYLOAD} [bold]{IMG_PAYLOAD}"

    def rewrite(content: dict) -> dict:
        content = {**content, "star": {k: hostile for k in content["star"]}}
        content["quantified_claims"] = [{**c, "quote": hostile} for c in content["quantified_claims"]]
        content["hedges"] = [{**h, "quote": hostile} for h in content["hedges"]]
        content["questions_asked"] = [{**q, "text": hostile} for q in content["questions_asked"]]
        content["flags"] = [{**f, "message": hostile, "quote": hostile} for f in content["flags"]]
        if "consistency" in content:
            content["consistency"] = {"conflicts": [
                {"fact": hostile, "baseline_quote": hostile, "answer_quote": hostile}
                for _ in content["consistency"]["conflicts"]]}
        return content

    answers = tuple(
        dataclasses.replace(a, analysis={**a.analysis, "content": rewrite(a.analysis["content"])})
        if a.analysis and "content" in a.analysis else a
        for a in session.answers
    )
    return dataclasses.replace(session, answers=answers)


@pytest.fixture(scope="module")
def interview(tmp_path_factory) -> Interview:
    return make_interview(tmp_path_factory.mktemp("interview-home"))


@pytest.fixture(scope="module")
def content_interview(tmp_path_factory) -> Interview:
    return make_content_interview(tmp_path_factory.mktemp("content-interview-home"))


def test_round_two_answers_come_with_their_round_one_baselines(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    assert [a.answer.turn for a in report.answers] == [1, 2]
    for answer in report.answers:
        assert answer.baseline is not None
        assert answer.baseline.session.id == interview.round1_id
        assert answer.baseline.answer.question_id == answer.answer.question_id
        assert answer.comparison is not None
    assert report.compared


def test_the_changes_recover_round_one_from_the_deltas(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    first = report.answers[0]
    pace = next(c for c in first.changes if c.dimension == "pace")
    then_wpm = first.baseline.analysis.pacing.wpm
    # The relative change is (now - then) / then over the 15 % limit.
    assert pace.relative == pytest.approx((first.analysis.pacing.wpm - then_wpm) / then_wpm / 0.15, rel=0.01)
    energy = next(c for c in first.changes if c.dimension == "energy")
    assert energy.delta == pytest.approx(-6.0, abs=0.5)  # 0.15 against 0.3 amplitude
    assert energy.status == "worse"


def test_fillers_and_the_pause_are_laid_on_the_words(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    pieces = report.answers[0].marked.pieces
    fillers = [p.text for p in pieces if isinstance(p, MarkedWord) and p.filler]
    assert fillers == ["Um,", "Uh,", "you", "know,"]
    pauses = [i for i, p in enumerate(pieces) if isinstance(p, PauseMark)]
    long_pauses = [pieces[i] for i in pauses if pieces[i].duration_s > 1.0]
    assert len(long_pauses) == 1
    index = pieces.index(long_pauses[0])
    assert pieces[index - 1].text == "team." and pieces[index + 1].text == "Uh,"
    assert long_pauses[0].duration_s == pytest.approx(PAUSE_S + 2 * GAP_S, abs=0.15)
    assert long_pauses[0].label == f"[{long_pauses[0].duration_s:.1f} s pause]"


def test_the_coaching_points_name_what_got_worse_in_most_answers(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    # Round 2 got worse on four dimensions in both answers: the three that moved furthest
    # past their limits come first, biggest first.
    assert len(report.coaching) == 3
    assert all(p.status == "worse" and p.headline.endswith("in 2 of 2 answers") for p in report.coaching)
    furthest = {}
    for answer in report.answers:
        for change in answer.changes:
            if change.status == "worse":
                furthest[change.title] = max(furthest.get(change.title, 0.0), abs(change.relative))
    ranked = sorted(furthest, key=lambda title: -furthest[title])[:3]
    assert [p.headline.split(":")[0] for p in report.coaching] == ranked
    assert any("slower than in round 1" in p.headline for p in report.coaching)


def test_a_round_one_session_gets_points_about_itself(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round1_id)
    assert not report.compared
    assert report.coaching and all(p.status in ("hint", "good") for p in report.coaching)


def test_building_without_the_store_keeps_the_comparison_but_not_the_baseline(interview) -> None:
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round2_id)
    report = build_session_report(session)
    assert all(a.baseline is None and a.comparison is not None for a in report.answers)
    assert report.coaching[0].status == "worse"


def test_one_question_can_be_picked_and_a_missing_one_is_named(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id, turn=2)
        assert [a.answer.turn for a in report.answers] == [2]
        with pytest.raises(ReportError, match=r"has no question 7; its questions are 1, 2"):
            load_session_report(store, interview.round2_id, turn=7)


# --- content coaching -----------------------------------------------------------------------


def test_content_blocks_say_where_the_story_was_told(content_interview) -> None:
    with SessionStore.open(content_interview.home) as store:
        first = load_session_report(store, content_interview.round1_id)
        second = load_session_report(store, content_interview.round2_id)
    assert [(a.content.story, a.content.baseline_label) for a in first.answers] == [(None, None)] * 3
    assert [(a.content.story, a.content.baseline_label) for a in second.answers] == [
        ("changed", "round 1"), ("same", "round 1"), (None, "round 1")]  # the closing answer tells no story
    conflict = second.answers[0].content.conflicts[0]
    assert (conflict.fact, conflict.baseline_quote, conflict.answer_quote) == ("team size", FIVE, EIGHT)
    # The story-changed flag is shown with both quotes, not again in the list of flags.
    assert [f.kind for f in second.answers[0].content.flags] == ["hedging"]
    assert [a.content.closing for a in second.answers] == [False, False, True]


def test_answers_stored_before_content_coaching_have_no_content(interview) -> None:
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    assert [a.content for a in report.answers] == [None, None]


def test_a_changed_story_and_pay_questions_come_before_delivery(content_interview) -> None:
    with SessionStore.open(content_interview.home) as store:
        report = load_session_report(store, content_interview.round2_id)
    points = report.coaching
    assert len(points) == 3
    assert [(p.headline, p.status, p.turn) for p in points[:2]] == [
        ("Your story changed in 1 answer", "problem", 1),
        ("You asked about salary before an offer", "problem", 3),
    ]
    assert f"in round 1 you said \u201c{FIVE}\u201d, now \u201c{EIGHT}\u201d" in points[0].detail
    assert points[2].status == "worse"  # the strongest delivery point keeps its place


def test_other_content_points_rank_around_the_delivery_points(content_interview) -> None:
    with SessionStore.open(content_interview.home) as store:
        session = store.get_session(content_interview.round2_id)
    answers = build_session_report(session).answers
    points = coaching_points(answers, limit=20)
    headlines = [p.headline for p in points]
    worse = [i for i, p in enumerate(points) if p.status == "worse"]
    assert len(worse) >= 2
    # Missing examples follow the strongest delivery point; hedging follows them all;
    # credits come last.
    assert headlines.index("Examples: no concrete example in Q2") == worse[0] + 1
    assert headlines.index("Hedging in Q1: \u201cI guess\u201d and \u201cmaybe\u201d") == worse[-1] + 1
    assert headlines[-1] == "You asked about the next steps" and points[-1].status == "good"


def test_a_round_one_session_credits_good_questions_after_its_delivery_points(content_interview) -> None:
    with SessionStore.open(content_interview.home) as store:
        report = load_session_report(store, content_interview.round1_id)
    assert [p.status for p in report.coaching][-1] == "good"
    assert "You asked about the next steps" in [p.headline for p in report.coaching]
    assert not any(p.status == "problem" for p in report.coaching)
