"""Reading transcript text: fillers out, numbers as values, sentences split."""

from voice_coach.analysis.content.numbers import parse_digits, parse_number_words
from voice_coach.analysis.content.words import read_words


def test_spoken_numbers_have_their_values():
    assert parse_number_words(["twenty", "five", "people"]) == (25.0, 2)
    assert parse_number_words(["a", "hundred"]) == (100.0, 2)
    assert parse_number_words(["one", "hundred", "and", "twenty"]) == (120.0, 4)
    assert parse_number_words(["two", "and", "a", "half", "years"]) == (2.5, 4)
    assert parse_number_words(["two", "million", "five", "hundred", "thousand"]) == (2_500_000.0, 5)
    assert parse_number_words(["five", "six"]) == (5.0, 1)
    assert parse_number_words(["team"]) is None
    assert parse_number_words(["a", "team"]) is None


def test_written_numbers_have_their_values():
    assert parse_digits("1,200") == 1200.0
    assert parse_digits("1.5") == 1.5
    assert parse_digits("200k") == 200_000.0
    assert parse_digits("401k") is None
    assert parse_digits("4th") is None


def test_five_and_5_read_the_same():
    assert read_words("a team of five").joined == read_words("a team of 5").joined == "a team of 5"


def test_money_percent_and_scales_become_one_word_with_a_unit():
    words = read_words("We saved $1.2 million, 40% of it, and twenty-five people.")
    assert words.joined == "we saved 1200000 dollars 40 percent of it and 25 people"
    assert [w.text for w in words.items if w.value is not None] == ["$1.2 million", "40%", "twenty five"]


def test_fillers_are_dropped_and_their_commas_with_them():
    words = read_words("Um, I was, like, a shift lead, you know, in SQL. Uh, mine was closer, you know.")
    assert words.joined == "i was a shift lead in sql | mine was closer"
    assert words.sentence_text(0) == "I was a shift lead in SQL."
    assert words.sentence_text(1) == "Mine was closer."


def test_like_and_you_know_as_ordinary_words_are_kept():
    assert read_words("Do you know what I would like to do?").joined == "do you know what i would like to do"


def test_sentences_never_run_together_in_joined():
    words = read_words("I led a team. Five people? Yes")
    assert words.joined == "i led a team | 5 people | yes"
    assert words.sentence_spans == ((0, 4), (4, 6), (6, 7))
    assert words.items[5].question_after
