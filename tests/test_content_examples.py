"""Specific examples: quantified claims, STAR parts, and the flags for a thin answer."""

from voice_coach.analysis.content.examples import QuantifiedClaim, Star, example_flags, find_examples
from voice_coach.analysis.content.facts import extract_facts
from voice_coach.analysis.content.words import read_words


def examples_of(text):
    words = read_words(text)
    return find_examples(words, extract_facts(words))


def test_cut_close_time_from_nine_days_to_four_is_a_quantified_result():
    found = examples_of("I automated the reconciliations, and we cut close time from nine days to four.")
    assert found.quantified_claims == (
        QuantifiedClaim(kind="change", quote="cut close time from nine days to four", result=True),
    )
    assert found.has_quantified_result
    assert example_flags(found) == []


def test_a_full_star_story():
    found = examples_of(
        "At my last job we had a problem with late invoices. My job was to fix the process. "
        "I built a tracker in Excel and I trained the team. As a result, late invoices fell by 30%."
    )
    assert found.star == Star(
        situation="At my last job we had a problem with late invoices",
        task="My job was to fix the process",
        action="I built a tracker in Excel",
        result="As a result",
    )
    assert found.example_found
    assert [c.kind for c in found.quantified_claims] == ["percentage"]
    assert found.quantified_claims[0].result


def test_money_percentages_and_multipliers_are_claims():
    found = examples_of("We saved $200,000. Sales doubled in a year. 90% of my customers rated me excellent.")
    kinds = [(c.kind, c.result) for c in found.quantified_claims]
    assert kinds == [("money", True), ("multiplier", True), ("duration", False), ("percentage", True)]


def test_trivial_counts_are_not_claims():
    assert examples_of("I have two questions and one idea.").quantified_claims == ()


def test_no_concrete_example_is_flagged():
    found = examples_of("I am a hard worker and I care about quality. I think teamwork matters.")
    assert not found.example_found
    assert [f.kind for f in example_flags(found)] == ["no_example"]


def test_a_story_without_an_ending_is_flagged_no_result():
    found = examples_of("Last year our reports were late. I built a new dashboard and I trained the analysts.")
    assert found.example_found and found.star.result is None
    [flag] = example_flags(found)
    assert (flag.kind, flag.quote) == ("no_result", "I built a new dashboard")


def test_a_result_without_numbers_is_flagged_no_numbers():
    found = examples_of("A planner and I did not agree on a forecast. We ran both models, and mine was closer.")
    [flag] = example_flags(found)
    assert (flag.kind, flag.quote) == ("no_numbers", "mine was closer")
