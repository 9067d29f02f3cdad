"""Exports: subtitles cut at pauses and sentences, Markdown with untrusted text escaped, JSON links."""

from __future__ import annotations

import io
import json
import re

import pytest
import soundfile
from rich.console import Console

from tests.test_report_html import Page
from tests.test_report_model import (
    EIGHT,
    FIVE,
    HOSTILE_ID,
    IMG_PAYLOAD,
    SALARY_QUESTION,
    SAMPLE_RATE,
    SCRIPT_PAYLOAD,
    content_interview,  # noqa: F401  (the module's fixture)
    interview,  # noqa: F401  (the module's fixture)
    voiced,
    with_hostile_quotes,
)
from voice_coach.report import (
    AudioLinks,
    build_session_report,
    load_session_report,
    render_report,
    render_review,
    render_session_json,
    render_session_markdown,
)
from voice_coach.report.marks import MarkedTranscript, MarkedWord, PauseMark
from voice_coach.report.subtitles import (
    AnswerCues,
    CueOptions,
    phrase_cues,
    render_srt,
    render_vtt,
    session_cues,
    srt_time,
    vtt_time,
)
from voice_coach.storage import SessionStore


def words(*specs: tuple[str, float, float], fillers: tuple[str, ...] = ()) -> list[MarkedWord]:
    return [MarkedWord(text, start, end, text in fillers) for text, start, end in specs]


def marked(*pieces) -> MarkedTranscript:
    return MarkedTranscript(tuple(pieces))


def test_clock_formats() -> None:
    assert srt_time(3661.2346) == "01:01:01,235"
    assert vtt_time(3661.2346) == "01:01:01.235"
    assert vtt_time(0) == "00:00:00.000"


def test_a_cue_ends_at_a_pause_and_at_the_end_of_a_sentence() -> None:
    w = words(("Um,", 0.0, 0.3), ("I", 0.4, 0.5), ("led", 0.5, 0.8), ("it.", 0.8, 1.1), ("Then", 1.2, 1.5),
              ("we", 1.5, 1.7), ("shipped", 2.9, 3.3), ("it", 3.3, 3.5), fillers=("Um,",))
    pause = PauseMark(start_s=1.7, duration_s=1.2, long=False)
    cues = phrase_cues(marked(*w[:6], pause, *w[6:]))
    assert [c.text for c in cues] == ["Um, I led it.", "Then we", "shipped it"]
    assert [(c.start_s, c.end_s) for c in cues] == [(0.0, 1.1), (1.2, 1.7), (2.9, 3.5)]
    assert cues[0].words[0].filler  # fillers are kept


def test_a_long_phrase_is_cut_to_two_subtitle_lines() -> None:
    specs = [(f"word{i:02d}", i * 0.2, i * 0.2 + 0.15) for i in range(40)]
    cues = phrase_cues(marked(*words(*specs)), options=CueOptions(max_duration_s=60))
    assert len(cues) > 1
    assert all(len(c.text) <= 84 for c in cues)
    srt = render_srt([AnswerCues(1, "Q", cues)])
    lines = [line for line in srt.splitlines() if line.startswith("word")]
    assert lines and all(len(line) <= 42 for line in lines)


def test_a_cue_longer_than_its_limit_in_time_is_cut() -> None:
    specs = [(f"w{i}", i * 0.9, i * 0.9 + 0.3) for i in range(12)]
    cues = phrase_cues(marked(*words(*specs)), options=CueOptions(max_duration_s=3.0, split_pause_s=5))
    assert all(c.end_s - c.start_s <= 3.0 for c in cues)


def test_srt_and_vtt_from_a_session_lay_answers_end_to_end(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    cues = session_cues(report)
    first_duration = report.answers[0].answer.duration_s
    assert cues[1].cues[0].start_s == pytest.approx(first_duration + report.answers[1].marked.words[0].start_s)

    srt = render_srt(cues)
    timings = re.findall(r"^(\d\d:\d\d:\d\d,\d{3}) --> (\d\d:\d\d:\d\d,\d{3})$", srt, flags=re.M)
    assert len(timings) == sum(len(a.cues) for a in cues)
    assert timings == sorted(timings) and all(start < end for start, end in timings)
    assert [int(n) for n in re.findall(r"^(\d+)$", srt, flags=re.M)] == list(range(1, len(timings) + 1))
    assert "Um, I lead a small data team." in srt
    assert SCRIPT_PAYLOAD in srt  # subtitles are plain text: shown as said

    vtt = render_vtt(cues)
    assert vtt.startswith("WEBVTT\n\nNOTE Q1: Tell me about yourself.\n")
    assert "<c.filler>Um,</c>" in vtt
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in vtt and "<script>" not in vtt
    assert re.search(r"<\d\d:\d\d:\d\d\.\d{3}>lead", vtt)  # word timing inside the cue
    assert "-->" not in vtt.replace(" --> ", "")


def test_one_answer_alone_is_timed_from_its_own_recording(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id, turn=2)
    cues = session_cues(report)
    assert cues[0].cues[0].start_s == pytest.approx(report.answers[0].marked.words[0].start_s)


def test_markdown_escapes_what_the_candidate_said(interview, tmp_path) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    text = render_session_markdown(report, audio=AudioLinks(tmp_path))
    # Every "<" is escaped, except the ones opening our own link destinations: "](<…>)".
    assert re.findall(r"(?<![\\(])<", text) == []
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"\>\<img src=x onerror=alert(1)\>" in text
    assert "**Um,**" in text and "*\\[1." in text
    assert "| Figure | Round 1 | Round 2 | Change |" in text
    assert re.search(r"\[01-about-you\.wav\]\(<[^>]*recordings/\d+/01-about-you\.wav>\)", text)


def test_json_is_the_analyze_contract_with_the_session_around_it(interview) -> None:  # noqa: F811
    with SessionStore.open(interview.home) as store:
        report = load_session_report(store, interview.round2_id)
    data = json.loads(render_session_json(report))
    assert data["format"] == "voice-coach-session" and data["version"] == 1
    assert data["session"]["id"] == interview.round2_id and data["session"]["round"] == 2
    assert "answers" in data and len(data["coaching"]) == 3
    first, second = data["answers"]
    for key in ("file", "duration_s", "transcript", "words", "pacing", "fillers", "energy", "comparison"):
        assert key in first
    assert [w["text"] for w in first["words"] if w["filler"]] == ["Um,", "Uh,", "you", "know,"]
    assert first["baseline"]["session_id"] == interview.round1_id
    assert first["baseline"]["round"] == 1 and first["baseline"]["file"].endswith("01-about-you.wav")
    assert second["question_id"] == HOSTILE_ID
    assert IMG_PAYLOAD in second["transcript"]
    assert {v["dimension"] for v in first["comparison"]["verdicts"]} >= {"pace", "energy"}


def test_interrupted_and_skipped_answers_render_in_every_format(tmp_path) -> None:
    with SessionStore.open(tmp_path / "home") as store:
        session = store.start_session(round_number=1, bank="general")
        path = store.new_recording_path(session.id, turn=1, question_id="cut-short")
        soundfile.write(str(path), voiced(1.0, f0_start_hz=150, f0_end_hz=160, amplitude=0.3), SAMPLE_RATE)
        store.add_answer(session.id, turn=1, question_id="cut-short", question_text="Cut short?", audio_path=path,
                         duration_s=1.0, transcript=None, analysis=None, status="interrupted")
        store.add_answer(session.id, turn=2, question_id="passed", question_text="Passed?", audio_path=None,
                         duration_s=0.0, transcript=None, analysis=None, status="skipped")
        store.finish_session(session.id, status="interrupted")
        report = load_session_report(store, session.id)
        detail = store.get_session(session.id)
    assert report.coaching[0].headline == "Nothing to judge yet" and report.round_lines == ()

    page = Page(render_report(report, fmt="html", output_dir=tmp_path))
    assert "(not transcribed: the answer was interrupted)" in page.text
    assert "(not transcribed: there was no answer)" in page.text and "No recording was kept." in page.text
    assert len(page.tags("audio")) == 1
    assert "*(not transcribed)*" in render_report(report, fmt="md", output_dir=tmp_path)
    answers = json.loads(render_report(report, fmt="json", output_dir=tmp_path))["answers"]
    assert [(a["status"], a["transcript"], a["words"], a["comparison"]) for a in answers] == [
        ("interrupted", None, [], None), ("skipped", None, [], None)]
    assert render_report(report, fmt="srt", output_dir=tmp_path) == ""
    assert render_report(report, fmt="vtt", output_dir=tmp_path) == "WEBVTT\n\nNOTE Q1: Cut short?\n"
    out = io.StringIO()
    render_review(Console(file=out, width=100, color_system=None), detail)
    assert "(not transcribed: the answer was interrupted)" in out.getvalue()
    assert "no recording kept" in out.getvalue()


def test_markdown_shows_what_was_said(content_interview, tmp_path) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        report = load_session_report(store, content_interview.round2_id)
    text = render_session_markdown(report, audio=AudioLinks(tmp_path))
    assert text.count("### What you said") == 3
    assert f"- **Story changed (team size):** round 1: *{FIVE}* \u2192 now: *{EIGHT}*" in text
    assert "- **No concrete example:** I did not hear a concrete example." in text
    assert "- **Story parts (STAR):** situation missing; task missing; action missing; result missing" in text
    assert ("  - **flagged:** *What is the salary\\<script\\>alert(1)\\</script\\>range?* "
            "(premature: salary before an offer)") in text
    assert "  - **credited:** *What are the next steps?* (next steps: closes the sale)" in text
    assert "1. **Your story changed in 1 answer.**" in text
    assert re.findall(r"(?<![\\(])<", text) == []


def test_markdown_escapes_hostile_quotes(content_interview, tmp_path) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        session = with_hostile_quotes(store.get_session(content_interview.round2_id))
    text = render_session_markdown(build_session_report(session), audio=AudioLinks(tmp_path))
    assert re.findall(r"(?<![\\(])<", text) == []
    assert text.count(r'\<script\>alert(1)\</script\> \[bold\]"\>\<img src=x onerror=alert(1)\>') >= 10


def test_json_carries_each_answers_content_block(content_interview) -> None:  # noqa: F811
    with SessionStore.open(content_interview.home) as store:
        report = load_session_report(store, content_interview.round2_id)
    data = json.loads(render_session_json(report))
    first, _, closing = data["answers"]
    assert first["content"]["consistency"]["conflicts"] == [
        {"fact": "team size", "baseline_quote": FIVE, "answer_quote": EIGHT}]
    assert [(q["text"], q["verdict"]) for q in closing["content"]["questions_asked"]] == [
        (SALARY_QUESTION, "flagged"), ("What are the next steps?", "credited")]
    assert [c["status"] for c in data["coaching"]][:2] == ["problem", "problem"]
