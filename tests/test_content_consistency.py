"""Consistency: the same story told twice, fact by fact."""

from voice_coach.analysis.content.consistency import Conflict, check_consistency


def conflicts(answer, baseline):
    return check_consistency(answer, baseline=baseline).conflicts


def test_five_people_then_eight_is_a_conflict():
    assert conflicts("I led a team of eight.", "I led a team of five.") == (
        Conflict(fact="team size", baseline_quote="a team of five", answer_quote="a team of eight"),
    )


def test_a_change_stated_inside_one_answer_is_not_a_conflict():
    assert conflicts("The team grew from five to eight.", "I led a team of five.") == ()
    assert conflicts("I led a team of five.", "The team grew from five to eight.") == ()
    assert conflicts("I led a team of eight.", "The team grew from five to eight.") == ()


def test_words_and_digits_are_the_same_number():
    assert conflicts("I led a team of 5 analysts.", "I led a team of five analysts.") == ()
    assert conflicts("I managed 8 people.", "I managed eight people.") == ()


def test_unrelated_numbers_do_not_conflict():
    answer = "I led a team of five. We opened 40 stores in two years."
    baseline = "I led a team of five. The close took nine days, and we had 12 warehouses."
    assert conflicts(answer, baseline) == ()


def test_the_same_count_with_a_different_value_conflicts():
    assert conflicts("We opened 45 stores.", "We opened 40 stores.") == (
        Conflict(fact="number of stores", baseline_quote="40 stores", answer_quote="45 stores"),
    )


def test_a_duration_about_the_same_thing_conflicts_and_another_does_not():
    assert conflicts("I've been in logistics for eight years.", "I have six years in logistics.") == (
        Conflict(fact="duration", baseline_quote="six years in logistics", answer_quote="eight years"),
    )
    assert conflicts("I've been in logistics for six years.", "I have six years in logistics.") == ()
    assert conflicts("The project took three years.", "I have six years in logistics.") == ()


def test_a_growth_with_no_starting_point_never_conflicts():
    assert conflicts("The team grew to eight.", "I led a team of five.") == ()


def test_names_tools_employers_and_years():
    assert conflicts("I do the reporting in Excel.", "I do the reporting in SQL and Power BI.") == (
        Conflict(fact="tool", baseline_quote="SQL and Power BI", answer_quote="Excel"),
    )
    assert conflicts("I do the reporting in SQL, Power BI and Tableau.", "I do the reporting in SQL and Power BI.") == ()
    assert conflicts("In 2021 I joined Globex as an analyst.", "I joined Acme in 2019 as an analyst.") == (
        Conflict(fact="year", baseline_quote="in 2019", answer_quote="In 2021"),
        Conflict(fact="employer", baseline_quote="joined Acme", answer_quote="joined Globex"),
    )
    assert conflicts("I'm a data analyst.", "I'm an operations analyst.") == (
        Conflict(fact="job title", baseline_quote="operations analyst", answer_quote="data analyst"),
    )


def test_percentages_about_the_same_thing():
    assert conflicts("85% of my customers rated me excellent.", "90% of my customers rated me excellent.") == (
        Conflict(fact="percentage", baseline_quote="90% of my customers", answer_quote="85% of my customers"),
    )


def test_fillers_do_not_change_the_facts_or_appear_in_quotes():
    answer = "So, um, last year I led a team of, uh, eight analysts."
    assert conflicts(answer, "Last year I led a team of five analysts.") == (
        Conflict(fact="team size", baseline_quote="a team of five analysts", answer_quote="a team of eight analysts"),
    )


def test_a_plural_slip_in_a_job_title_is_not_a_conflict():
    from voice_coach.analysis.content import check_consistency, extract_facts

    answer = extract_facts("I'm an operations analyst in logistics.")
    baseline = extract_facts("I'm an operation analyst in logistics.")
    assert check_consistency(answer, baseline=baseline).conflicts == ()


def test_a_hesitation_with_an_ellipsis_does_not_hide_a_changed_fact():
    from voice_coach.analysis.content import check_consistency

    earlier = "I've been in logistics for, er... six years. I do the reporting."
    later = "I'm an operations analyst with seven years in logistics."
    [conflict] = check_consistency(later, baseline=earlier).conflicts
    assert "six years" in conflict.baseline_quote and "seven years" in conflict.answer_quote
