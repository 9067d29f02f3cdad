"""Facts found in answers, with the values and quotes a person would read off them."""

import pytest

from voice_coach.analysis.content.facts import extract_facts


def facts_of(text, kind):
    return [(f.value, f.quote) for f in extract_facts(text) if f.kind == kind]


@pytest.mark.parametrize(
    "text, value, quote",
    [
        ("I led a team of five.", 5, "a team of five"),
        ("I led a team of 8 analysts.", 8, "a team of 8 analysts"),
        ("I managed 8 people.", 8, "managed 8 people"),
        ("I led five analysts on the project.", 5, "led five analysts"),
        ("It was a ten-person team.", 10, "a ten person team"),
        ("I had twelve direct reports.", 12, "had twelve direct reports"),
    ],
)
def test_team_sizes(text, value, quote):
    assert facts_of(text, "team size") == [(value, quote)]


def test_a_team_late_by_two_weeks_is_not_a_team_of_two():
    assert facts_of("My team was two weeks behind.", "team size") == []
    assert facts_of("My team was two weeks behind.", "duration") == [(14.0, "two weeks")]


def test_durations_are_in_days_and_quote_what_they_are_about():
    [(value, quote)] = facts_of("I'm an analyst with six years in logistics.", "duration")
    assert value == pytest.approx(6 * 365.25)
    assert quote == "six years in logistics"
    assert facts_of("We spent two quarters on it.", "duration")[0][0] == pytest.approx(facts_of("We spent six months on it.", "duration")[0][0], rel=0.005)


def test_a_change_gives_both_values_as_partners():
    changes = [(f.kind, f.value, f.partners, f.quote) for f in extract_facts("We cut close time from nine days to four.")]
    assert changes == [
        ("duration", 9.0, (4.0,), "cut close time from nine days to four"),
        ("duration", 4.0, (9.0,), "cut close time from nine days to four"),
    ]


def test_a_team_that_grew_is_a_change_in_team_size():
    grew = [(f.kind, f.value, f.partners) for f in extract_facts("The team grew from five to eight.")]
    assert grew == [("team size", 5.0, (8.0,)), ("team size", 8.0, (5.0,))]


def test_money_percentages_years_and_counts():
    text = "In 2019 we saved $200,000, 90% of my customers rated me excellent, and we opened 40 stores."
    assert facts_of(text, "year") == [(2019, "In 2019")]
    assert facts_of(text, "money") == [(200_000, "$200,000")]
    assert facts_of(text, "percentage") == [(90, "90% of my customers")]
    assert facts_of(text, "count") == [(40, "40 stores")]


def test_tools_job_titles_and_employers():
    text = "I'm a senior data analyst at Acme Logistics. I do reporting in SQL and Power BI. Before that I was a shift lead."
    assert facts_of(text, "job title") == [("senior data analyst", "senior data analyst"), ("shift lead", "shift lead")]
    assert facts_of(text, "employer") == [("acme logistics", "at Acme Logistics")]
    assert facts_of(text, "tool") == [("sql", "SQL and Power BI"), ("power bi", "SQL and Power BI")]


def test_someone_elses_title_and_the_verb_excel_are_not_facts():
    text = "A senior planner and I did not agree. I excel at planning."
    assert facts_of(text, "job title") == []
    assert facts_of(text, "tool") == []


def test_a_number_with_no_value_is_not_a_fact():
    # Seen from the live transcriber: "before NetType 1 .0 shift lead."
    from voice_coach.analysis.content import analyze_content, extract_facts

    assert all(fact.value is not None for fact in extract_facts("and before NetType 1 .0 shift lead."))
    analyze_content("I run the reporting, and before NetType 1 .0 shift lead.")
