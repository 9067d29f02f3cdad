"""Interview length: totals, per-answer times and answers far past two minutes."""

import math

import pytest

from voice_coach.analysis.content.length import LONG_ANSWER_S, AnswerTime, measure_length, spoken_duration
from voice_coach.analysis.validation import AnalysisInputError


def test_totals_and_long_answers():
    length = measure_length([("intro", 90.0), ("achievement", 190.0), AnswerTime("questions", 20.0)])
    assert length.total_s == 300.0
    assert length.mean_answer_s == 100.0
    assert [(a.question_id, a.too_long) for a in length.answers] == [("intro", False), ("achievement", True), ("questions", False)]
    assert [a.question_id for a in length.long_answers] == ["achievement"]
    [flag] = length.flags
    assert flag.kind == "long_answer"
    assert flag.message.startswith("Your answer to achievement ran 3 minutes 10 seconds.")


def test_the_threshold_is_far_past_two_minutes_and_inclusive_below():
    assert LONG_ANSWER_S == 180.0
    assert not measure_length([("a", LONG_ANSWER_S)]).answers[0].too_long
    assert measure_length([("a", LONG_ANSWER_S + 0.1)]).answers[0].too_long


def test_no_answers():
    length = measure_length([])
    assert (length.total_s, length.mean_answer_s, length.answers, length.flags) == (0, None, (), ())


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, "90", None])
def test_bad_durations_are_refused_with_the_value(bad):
    with pytest.raises(AnalysisInputError, match="duration_s for 'intro'"):
        measure_length([("intro", bad)])


def test_spoken_durations():
    assert spoken_duration(190) == "3 minutes 10 seconds"
    assert spoken_duration(60) == "1 minute"
    assert spoken_duration(45.4) == "45 seconds"
