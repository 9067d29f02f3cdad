"""Comparison with round 1, spoken feedback, the round summary, and the stored JSON."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

import numpy as np
import pytest

from tests.test_analysis_signals import (
    espeak_speech,
    even_transcript,
    flatten_pitch,
    requires_espeak,
    silence,
    tone,
    words_at,
)
from voice_coach.analysis import (
    DEFAULT_THRESHOLDS,
    AnalysisInputError,
    AnswerAnalysis,
    Comparison,
    Verdict,
    analyze_answer,
    compare_answers,
    feedback_sentences,
    summarize_round,
)
from voice_coach.analysis.energy import Energy
from voice_coach.analysis.fillers import Fillers
from voice_coach.analysis.pacing import Pacing
from voice_coach.speech.transcript import Transcript

ANSWER = "so the team moved the whole service to a new database without any downtime at all"
QUIETER_6_DB = 10 ** (-6 / 20)


def _made(*, wpm=150.0, fillers_per_100=2.0, loudness=-20.0, pitch_var=3.0, duration=60.0, calibrated=None) -> AnswerAnalysis:
    """An analysis with the figures a comparison reads, set directly."""
    return AnswerAnalysis(
        duration_s=duration,
        pacing=Pacing(words=100, wpm=wpm, pause_count=2),
        fillers=Fillers(count=2, per_100_words=fillers_per_100, by_word={"um": 2}),
        energy=Energy(loudness_dbfs=loudness, pitch_var_st=pitch_var, loudness_vs_calibration_db=calibrated),
    )


def _statuses(comparison: Comparison) -> dict[str, str]:
    return {v.dimension: v.status for v in comparison.verdicts}


@pytest.fixture(scope="module")
def first_round() -> AnswerAnalysis:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    audio, transcript = espeak_speech(ANSWER, rate_wpm=180, gap_s=0.06)
    return analyze_answer(audio, transcript, question_end_s=0.0)


# --- speech compared with itself and with changed copies ------------------------------------


def test_an_answer_compared_with_itself_is_same_everywhere(first_round: AnswerAnalysis) -> None:
    comparison = compare_answers(first_round, first_round)
    assert _statuses(comparison) == {d: "same" for d in ("pace", "fillers", "energy", "pitch", "length")}
    assert comparison.deltas.to_dict() == {
        "wpm": 0.0,
        "fillers_per_100_words": 0.0,
        "loudness_db": 0.0,
        "pitch_var_st": 0.0,
        "duration_s": 0.0,
        "pause_count": 0,
    }


@requires_espeak
def test_a_slower_quieter_flatter_copy_is_worse_for_pace_energy_and_pitch(first_round: AnswerAnalysis) -> None:
    audio, transcript = espeak_speech(ANSWER, rate_wpm=110, gap_s=0.2)
    tired = (flatten_pitch(audio, keep_fraction=0.3) * QUIETER_6_DB).astype(np.float32)
    comparison = compare_answers(analyze_answer(tired, transcript), first_round)
    statuses = _statuses(comparison)
    assert statuses["pace"] == "worse" and "slower" in comparison.verdict("pace").message
    assert statuses["energy"] == "worse"
    assert statuses["pitch"] == "worse"
    assert "quieter and flatter" in comparison.verdict("energy").message
    assert comparison.deltas.wpm < 0 and comparison.deltas.loudness_db == pytest.approx(-6, abs=1.0)


@requires_espeak
def test_a_rushed_copy_is_flagged_for_pace(first_round: AnswerAnalysis) -> None:
    audio, transcript = espeak_speech(ANSWER, rate_wpm=300, gap_s=0.02)
    comparison = compare_answers(analyze_answer(audio, transcript), first_round)
    assert comparison.verdict("pace").status == "worse"
    assert "faster" in comparison.verdict("pace").message


# --- each threshold, with figures set directly ---------------------------------------------------


@pytest.mark.parametrize(
    ("changed", "dimension", "status"),
    [
        ({"wpm": 150 * 0.84}, "pace", "worse"),
        ({"wpm": 150 * 0.86}, "pace", "same"),
        ({"wpm": 150 * 1.16}, "pace", "worse"),
        ({"fillers_per_100": 4.0}, "fillers", "worse"),
        ({"fillers_per_100": 3.9}, "fillers", "same"),
        ({"fillers_per_100": 0.0}, "fillers", "better"),
        ({"loudness": -23.0}, "energy", "worse"),
        ({"loudness": -22.9}, "energy", "same"),
        ({"loudness": -17.0}, "energy", "better"),
        ({"pitch_var": 2.25}, "pitch", "worse"),
        ({"pitch_var": 2.3}, "pitch", "same"),
        ({"pitch_var": 3.75}, "pitch", "better"),
        ({"duration": 35.0}, "length", "worse"),
        ({"duration": 85.0}, "length", "worse"),
        ({"duration": 80.0}, "length", "same"),
    ],
)
def test_thresholds_decide_each_verdict(changed: dict, dimension: str, status: str) -> None:
    assert _statuses(compare_answers(_made(**changed), _made()))[dimension] == status


def test_thresholds_can_be_changed_in_one_place() -> None:
    strict = replace(DEFAULT_THRESHOLDS, loudness_change_db=1.0)
    assert compare_answers(_made(loudness=-21.5), _made(), thresholds=strict).verdict("energy").status == "worse"


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"pitch_floor_hz": 600.0}, "below pitch_ceiling_hz"), ({"pause_min_s": -1.0}, "positive"),
     ({"long_pause_min_s": 0.3}, "at least pause_min_s")],
)
def test_impossible_thresholds_are_refused(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(DEFAULT_THRESHOLDS, **changes)


def test_calibrated_loudness_is_compared_when_both_sides_have_it() -> None:
    answer = _made(loudness=-30.0, calibrated=-1.0)  # quieter microphone, same voice
    baseline = _made(loudness=-20.0, calibrated=-1.0)
    comparison = compare_answers(answer, baseline)
    assert comparison.deltas.loudness_db == 0.0
    assert comparison.verdict("energy").status == "same"


def test_unknown_figures_are_not_judged() -> None:
    blank = AnswerAnalysis(duration_s=3.0, pacing=Pacing(), fillers=Fillers(), energy=Energy())
    comparison = compare_answers(blank, _made())
    assert comparison.deltas.wpm is None and comparison.deltas.loudness_db is None
    assert [v.dimension for v in comparison.verdicts] == ["length"]


def test_every_verdict_has_a_sentence_to_act_on() -> None:
    comparison = compare_answers(_made(wpm=100, fillers_per_100=6, loudness=-26, pitch_var=1.5, duration=20), _made())
    assert [v.status for v in comparison.verdicts] == ["worse"] * 5
    for verdict in comparison.verdicts:
        assert verdict.message.endswith(".") and len(verdict.message.split(". ")) >= 2


# --- stored JSON ----------------------------------------------------------------------------------


CONTRACT_KEYS = {
    "pacing": {"words", "wpm", "articulation_wpm", "pause_count", "long_pause_count", "longest_pause_s",
               "pauses", "pace_timeline", "response_latency_s"},
    "fillers": {"count", "per_100_words", "per_minute", "by_word", "items", "repetitions"},
    "energy": {"loudness_dbfs", "loudness_var_db", "pitch_median_hz", "pitch_var_st", "monotone_windows",
               "loudness_vs_calibration_db"},
}


def test_answer_json_has_the_contract_keys_and_rebuilds_equal() -> None:
    audio = np.concatenate([tone(200, 1.5), silence(1.0), tone(220, 1.5)])
    transcript = words_at(("Um,", 0.0, 0.4), ("I", 0.5, 0.7), ("I", 0.7, 0.9), ("built", 0.9, 1.5), ("it.", 2.5, 4.0))
    analysis = analyze_answer(audio, transcript, question_end_s=0.0)
    stored = json.loads(json.dumps(analysis.to_dict()))
    assert set(stored) == {"duration_s", *CONTRACT_KEYS}
    for section, keys in CONTRACT_KEYS.items():
        assert set(stored[section]) == keys
    assert set(stored["pacing"]["pauses"][0]) == {"start_s", "duration_s"}
    assert set(stored["pacing"]["pace_timeline"][0]) == {"start_s", "wpm"}
    assert set(stored["fillers"]["items"][0]) == {"text", "start_s", "end_s"}
    assert set(stored["fillers"]["repetitions"][0]) == {"text", "start_s", "end_s"}
    rebuilt = AnswerAnalysis.from_dict(stored)
    assert rebuilt == analysis
    assert rebuilt.filler_word_flags == ()
    assert compare_answers(analysis, rebuilt).to_dict() == compare_answers(analysis, analysis).to_dict()


def test_unknowns_are_stored_as_null() -> None:
    stored = json.loads(json.dumps(analyze_answer(silence(1.0), Transcript()).to_dict()))
    assert stored["pacing"]["wpm"] is None
    assert stored["energy"]["pitch_median_hz"] is None
    assert stored["fillers"]["per_100_words"] is None


def test_a_record_without_duration_rebuilds_from_its_pace() -> None:
    stored = _made(wpm=120.0).to_dict()
    del stored["duration_s"]
    assert AnswerAnalysis.from_dict(stored).duration_s == pytest.approx(50.0)


@pytest.mark.parametrize("stored", [{}, {"pacing": {}, "fillers": {}, "energy": {}}, {"pacing": "x"}])
def test_a_malformed_stored_analysis_is_refused_with_a_reason(stored: dict) -> None:
    with pytest.raises(AnalysisInputError, match="malformed"):
        AnswerAnalysis.from_dict(stored)
    with pytest.raises(AnalysisInputError, match="malformed"):
        Comparison.from_dict(stored)


def test_comparison_json_has_the_contract_keys_and_rebuilds_equal() -> None:
    comparison = compare_answers(_made(loudness=-25.0), _made())
    stored = json.loads(json.dumps(comparison.to_dict()))
    assert set(stored) == {"deltas", "verdicts"}
    assert set(stored["deltas"]) == {"wpm", "fillers_per_100_words", "loudness_db", "pitch_var_st", "duration_s", "pause_count"}
    for verdict in stored["verdicts"]:
        assert set(verdict) == {"dimension", "status", "message"}
        assert verdict["dimension"] in {"pace", "fillers", "energy", "pitch", "length"}
        assert verdict["status"] in {"better", "same", "worse"}
    assert Comparison.from_dict(stored) == comparison


# --- what the coach says --------------------------------------------------------------------------


SYMBOLS = re.compile(r"[%()\"—–/<>*#]|\bdB\b")


def test_round_two_feedback_speaks_the_worst_verdicts_first() -> None:
    comparison = compare_answers(_made(loudness=-29.0, fillers_per_100=4.5), _made())
    sentences = feedback_sentences(_made(), comparison)
    assert len(sentences) == 2
    assert sentences[0].startswith("You answered with less energy")  # 9 dB is 3x its threshold
    assert "9 decibels quieter" in sentences[0]
    assert sentences[1].startswith("You used more fillers")
    assert not any(SYMBOLS.search(s) for s in sentences), sentences


def test_feedback_without_a_problem_praises_what_improved_or_held() -> None:
    better = compare_answers(_made(fillers_per_100=0.0), _made())
    assert feedback_sentences(_made(), better) == ["You used fewer fillers than in your first round. Keep pausing silently."]
    same = compare_answers(_made(), _made())
    assert feedback_sentences(_made(), same, limit=1) == ["You matched your first round on delivery. Well done, keep it that way."]


def test_feedback_can_be_limited_to_one_sentence() -> None:
    comparison = compare_answers(_made(loudness=-29.0, fillers_per_100=4.5), _made())
    assert len(feedback_sentences(_made(), comparison, limit=1)) == 1
    with pytest.raises(ValueError, match="limit"):
        feedback_sentences(_made(), comparison, limit=0)


def test_round_one_feedback_names_the_clearest_problem() -> None:
    text = "um so we um moved uh the um service and like, it worked"
    analysis = analyze_answer(silence(8.0), even_transcript(text, start_s=0.5, word_s=0.4, gap_s=0.1))
    sentences = feedback_sentences(analysis)
    assert sentences[0].startswith("You used 6 fillers, most often um")
    assert not any(SYMBOLS.search(s) for s in sentences)


def test_feedback_after_an_empty_answer_says_nothing_was_heard() -> None:
    empty = analyze_answer(silence(3.0), Transcript())
    assert feedback_sentences(empty) == [
        "I did not catch an answer. Check your microphone, and start speaking after the question ends."
    ]


def test_a_verdict_is_built_from_its_three_fields() -> None:
    verdict = Verdict("energy", "worse", "Speak up.")
    assert verdict.to_dict() == {"dimension": "energy", "status": "worse", "message": "Speak up."}


# --- the round summary ------------------------------------------------------------------------------


def test_a_round_getting_quieter_and_flatter_shows_fatigue() -> None:
    items = [
        (f"q{i + 1}", _made(loudness=-20.0 - 1.5 * i, pitch_var=3.0 - 0.4 * i), None)
        for i in range(4)
    ]
    summary = summarize_round(items)
    assert summary.fatigue
    assert summary.loudness_trend_db_per_answer == pytest.approx(-1.5)
    assert summary.pitch_var_trend_st_per_answer == pytest.approx(-0.4)
    assert summary.held_energy == ("q1", "q2") and summary.dropped_energy == ("q3", "q4")
    assert any("Signs of fatigue" in line and "quieter" in line and "flatter" in line for line in summary.lines)
    assert json.loads(json.dumps(summary.to_dict()))["fatigue"] is True


def test_a_steady_round_shows_no_fatigue_and_uses_the_comparisons() -> None:
    baseline = _made()
    items = [
        ("q1", _made(loudness=-20.5), compare_answers(_made(loudness=-20.5), baseline)),
        ("q2", _made(loudness=-25.0), compare_answers(_made(loudness=-25.0), baseline)),
        ("q3", _made(loudness=-19.5), compare_answers(_made(loudness=-19.5), baseline)),
    ]
    summary = summarize_round(items)
    assert not summary.fatigue
    assert summary.held_energy == ("q1", "q3") and summary.dropped_energy == ("q2",)
    assert "Against round 1, energy: 2 same, 1 worse." in summary.lines
    assert summary.lines[-1] == "Your energy stayed steady across the round."


def test_a_short_round_has_no_trend() -> None:
    summary = summarize_round([("q1", _made(), None), ("q2", _made(loudness=-30.0), None)])
    assert not summary.fatigue
    assert "Too few answers to read a trend across the round." in summary.lines
    assert summarize_round([]).lines == ("No answers in this round.",)
