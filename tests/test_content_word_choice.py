"""Word choice: hedges, negative talk about employers, and the balance of I and we."""

from voice_coach.analysis.content.word_choice import check_word_choice, word_choice_flags
from voice_coach.analysis.content.words import read_words


def choice_of(text):
    return check_word_choice(read_words(text))


def test_hedges_are_found_as_said():
    choice = choice_of(
        "I guess I was sort of the lead. I'm not sure, but I think maybe it probably helped. Maybe."
    )
    assert [h.phrase for h in choice.hedges] == ["I guess", "sort of", "I'm not sure, but", "I think maybe", "probably", "Maybe"]
    assert choice.hedges[0].quote == "I guess I was sort of"
    [flag] = word_choice_flags(choice)
    assert flag.kind == "hedging"
    assert flag.message.startswith("You hedged 6 times, with words like I guess and sort of.")


def test_naming_a_kind_is_not_a_hedge_nor_is_i_think():
    assert choice_of("What kind of team do you have? I think it's a good fit.").hedges == ()


def test_one_hedge_is_listed_but_not_flagged():
    choice = choice_of("It probably saved us a week.")
    assert len(choice.hedges) == 1
    assert word_choice_flags(choice) == []


def test_negative_talk_about_a_past_employer_is_flagged():
    for text in ("My old boss was terrible.", "Honestly, the company was a mess.", "I hated working there.",
                 "Management had no idea what they were doing."):
        choice = choice_of(text)
        assert len(choice.negative_remarks) == 1, text
        assert [f.kind for f in word_choice_flags(choice)] == ["negative_employer"], text


def test_a_mess_that_is_not_an_employer_is_not_negative_talk():
    assert choice_of("The data was a mess, so I cleaned it up.").negative_remarks == ()


def test_i_we_ratio_is_exact():
    # I-forms: I, my, I'm, me (4); we-forms: we, our, us (3).
    choice = choice_of("I built it with my team. We shipped our tool. I'm proud, and they thanked me and us.")
    assert (choice.i_count, choice.we_count) == (4, 3)
    assert choice.i_we_ratio == round(4 / 3, 3) == 1.333


def test_i_we_ratio_none_and_only_i():
    assert choice_of("The reports went out on time.").i_we_ratio is None
    assert choice_of("I did it and I liked it.").i_we_ratio == 2.0


def test_almost_all_we_is_flagged():
    choice = choice_of("We planned it, we built it, we tested it, and we shipped it. I helped.")
    assert choice.i_we_ratio == 0.25
    assert [f.kind for f in word_choice_flags(choice)] == ["mostly_we"]
    assert word_choice_flags(choice, judge_pronouns=False) == []


def test_a_team_story_told_only_with_i_is_flagged():
    choice = choice_of("My team was behind. I planned it, I built it, I tested it, and I shipped it.")
    assert choice.we_count == 0 and choice.mentions_team
    assert [f.kind for f in word_choice_flags(choice)] == ["no_team_credit"]
    assert word_choice_flags(choice_of("I planned it, I built it, I tested it, and I shipped it.")) == []
