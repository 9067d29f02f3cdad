"""Question banks: the bundled ones load and keep their promises; broken ones say where."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from voice_coach.errors import BankError
from voice_coach.paths import PROMPTS_ENV
from voice_coach.questions import (
    CATEGORIES,
    ROUNDS,
    Question,
    QuestionBank,
    list_banks,
    load_bank,
    normalize_wording,
)

BUNDLED = ["biotech-facilities-manager", "general", "payroll-manager", "pharma-sales"]
DEMO_IDS = [
    "tell-me-about-yourself",
    "greatest-achievement",
    "handled-conflict",
    "why-this-role",
    "questions-for-us",
]

# A valid two-question bank; the broken banks below are small edits of it.
# Line numbers (1-based) of this text are what the error messages must report.
VALID = """\
name = "tiny"
title = "Tiny bank"

[[questions]]
id = "why-us"
text = "Why us?"
category = "motivation"
rounds = [1, 2]
paraphrases = ["Why this company?"]

[[questions]]
id = "any-questions"
text = "Do you have any questions for us?"
category = "closing"
rounds = [1, 2]
closing = true
"""


@pytest.fixture(autouse=True)
def _bundled_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the project's prompts/ even if the caller's shell overrides it.

    The working folder is fixed too: messages name files relative to it when they can.
    """
    monkeypatch.delenv(PROMPTS_ENV, raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parent)


def write_bank(tmp_path: Path, text: str, *, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- the bundled banks ---------------------------------------------------------


def test_list_banks_names_the_bundled_banks() -> None:
    assert list_banks() == BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_bank_loads_and_is_consistent(name: str) -> None:
    bank = load_bank(name)
    assert bank.name == name
    assert bank.path.name == f"{name}.toml"
    assert bank.title and bank.description
    assert len(bank.ids) == len(set(bank.ids))
    for question in bank.questions:
        assert question.category in CATEGORIES
        assert set(question.rounds) <= set(ROUNDS)
        assert bank.get(question.id) is question
        for wording in question.all_wordings:
            assert bank.find_by_wording(wording) is question


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_bank_covers_both_rounds_and_ends_with_closing(name: str) -> None:
    bank = load_bank(name)
    for round_number in ROUNDS:
        order = bank.interview_order(round_number)
        assert len(order) >= 5
        assert order[-1].closing
        assert [q for q in order if q.closing] == [order[-1]]


@pytest.mark.parametrize("name", ["pharma-sales", "biotech-facilities-manager", "payroll-manager"])
def test_role_packs_end_with_their_closing_question(name: str) -> None:
    bank = load_bank(name)
    assert bank.questions[-1].closing
    assert bank.questions[-1].rounds == (1, 2)


@pytest.mark.parametrize("round_number", ROUNDS)
def test_demo_questions_come_first_in_both_rounds(round_number: int) -> None:
    bank = load_bank("general")
    first_five = bank.for_round(round_number)[:5]
    assert [q.id for q in first_five] == DEMO_IDS
    assert bank.interview_order(round_number, max_questions=5) == first_five
    assert bank.get("tell-me-about-yourself").text == "Tell me about yourself."
    assert bank.get("questions-for-us").text == "Do you have any questions for us?"
    assert bank.get("questions-for-us").closing


def test_load_bank_by_path_and_by_name_agree() -> None:
    by_name = load_bank("general")
    assert load_bank(by_name.path) == by_name
    assert load_bank(str(by_name.path)) == by_name


# -- finding questions ---------------------------------------------------------


def test_find_by_wording_maps_a_paraphrase_to_its_question() -> None:
    bank = load_bank("general")
    question = bank.find_by_wording("walk me through your BACKGROUND")
    assert question is not None and question.id == "tell-me-about-yourself"
    curly = bank.find_by_wording("What\u2019s prompting you to look for a new role right now?")
    assert curly is not None and curly.id == "why-leaving"
    assert bank.find_by_wording("What is your favourite colour?") is None
    assert bank.find_by_wording("?!") is None


def test_question_matches_its_id_and_wordings() -> None:
    question = Question(
        id="why-us",
        text="Why us?",
        category="motivation",
        rounds=(1,),
        paraphrases=("Why this company?",),
    )
    assert question.all_wordings == ("Why us?", "Why this company?")
    assert question.matches("why-us")
    assert question.matches("why THIS company")
    assert not question.matches("Why them?")


def test_normalize_wording_ignores_case_punctuation_and_spacing() -> None:
    assert normalize_wording("  What's your\tFIRST-round plan?! ") == "whats your first round plan"


def test_get_unknown_id_lists_the_known_ids(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, VALID, name="tiny.toml"))
    known = r"no question 'why-them'; known ids: why-us, any-questions$"
    with pytest.raises(BankError, match=known):
        bank.get("why-them")


def test_for_round_rejects_a_round_that_does_not_exist() -> None:
    with pytest.raises(BankError, match=r"round must be one of 1, 2, got 3"):
        load_bank("general").for_round(3)


def test_interview_order_keeps_the_closing_question_last() -> None:
    bank = QuestionBank(
        name="t",
        title="T",
        path=Path("t.toml"),
        questions=(
            Question(id="a", text="A?", category="role", rounds=(1,)),
            Question(id="end", text="End?", category="closing", rounds=(1,), closing=True),
            Question(id="b", text="B?", category="role", rounds=(1,)),
            Question(id="c", text="C?", category="role", rounds=(1,)),
        ),
    )
    assert [q.id for q in bank.interview_order(1)] == ["a", "b", "c", "end"]
    assert [q.id for q in bank.interview_order(1, max_questions=3)] == ["a", "b", "end"]
    assert [q.id for q in bank.interview_order(1, max_questions=1)] == ["end"]
    with pytest.raises(BankError, match="no questions for round 2"):
        bank.interview_order(2)
    with pytest.raises(BankError, match="max_questions must be at least 1, got 0"):
        bank.interview_order(1, max_questions=0)


# -- finding banks -------------------------------------------------------------


def test_unknown_bank_name_lists_the_available_banks() -> None:
    with pytest.raises(BankError) as caught:
        load_bank("nursing")
    assert str(caught.value) == (
        "unknown question bank 'nursing'; available banks: "
        "biotech-facilities-manager, general, payroll-manager, pharma-sales "
        "(or pass a path to a .toml file)"
    )


def test_prompts_folder_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bank(tmp_path, VALID, name="tiny.toml")
    (tmp_path / "notes.txt").write_text("not a bank", encoding="utf-8")
    monkeypatch.setenv(PROMPTS_ENV, str(tmp_path))
    assert list_banks() == ["tiny"]
    assert load_bank("tiny").ids == ("why-us", "any-questions")
    with pytest.raises(BankError, match=r"available banks: tiny "):
        load_bank("general")


def test_missing_bank_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    message = load_error(missing)
    assert message.startswith(f"no question bank at {missing};")


# -- broken banks: one line naming the file, the line and the problem -----------


def test_valid_fixture_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, VALID))
    assert bank.name == "tiny"
    assert bank.description == ""
    assert bank.get("why-us").paraphrases == ("Why this company?",)
    assert bank.get("any-questions").closing


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('text = "Why us?"', 'text = "Why us?'))
    assert load_error(path) == (
        f"{path}, line 6: invalid TOML: Illegal character '\\n' (column 16)"
    )


def test_toml_error_at_end_of_file_points_at_the_last_line(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID + 'paraphrases = ["unfinished",')
    message = load_error(path)
    assert message.startswith(f"{path}, line 17: invalid TOML")


def test_question_without_text(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('text = "Do you have any questions for us?"\n', ""))
    assert load_error(path) == (
        f"{path}, line 11: question 'any-questions' has no 'text'; add text = \"...\""
    )


def test_question_with_empty_text(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('text = "Why us?"', 'text = "  "'))
    assert load_error(path) == (
        f"{path}, line 6: question 'why-us' has an empty 'text'; "
        "write the question as an interviewer would say it"
    )


def test_duplicate_id(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('id = "any-questions"', 'id = "why-us"'))
    assert load_error(path) == (
        f"{path}, line 12: question id 'why-us' is used twice (first at line 5); "
        "give each question its own id"
    )


def test_round_three(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace("rounds = [1, 2]\nclosing", "rounds = [3]\nclosing"))
    assert load_error(path) == (
        f"{path}, line 15: question 'any-questions': rounds must be an array of 1 and/or 2, "
        "like [1, 2] with no repeats, got [3]"
    )


@pytest.mark.parametrize(
    ("rounds", "shown"),
    [("[]", "[]"), ("[1, 1]", "[1, 1]"), ("[true]", "[true]"), ('["1"]', '["1"]')],
)
def test_other_bad_rounds(tmp_path: Path, rounds: str, shown: str) -> None:
    text = VALID.replace("rounds = [1, 2]\nparaphrases", f"rounds = {rounds}\nparaphrases")
    path = write_bank(tmp_path, text)
    message = load_error(path)
    assert message.startswith(f"{path}, line 8: question 'why-us': rounds must be")
    assert message.endswith(f"got {shown}")


def test_rounds_of_the_wrong_type(tmp_path: Path) -> None:
    text = VALID.replace("rounds = [1, 2]\nparaphrases", "rounds = 1\nparaphrases")
    path = write_bank(tmp_path, text)
    assert load_error(path) == (
        f"{path}, line 8: question 'why-us': 'rounds' must be an array of 1 and/or 2, "
        "like [1, 2], got an integer 1"
    )


def test_unknown_key_in_a_question(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace("paraphrases =", "paraphrase ="))
    assert load_error(path) == (
        f"{path}, line 9: question 'why-us' has unknown key 'paraphrase' "
        "(did you mean 'paraphrases'?) "
        "(known keys: id, text, category, rounds, paraphrases, closing)"
    )


def test_unknown_category(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('"motivation"', '"motivational"'))
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 7: question 'why-us': unknown category \"motivational\" "
        "(did you mean 'motivation'?)"
    )


def test_text_of_the_wrong_type(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('text = "Why us?"', "text = 42"))
    assert load_error(path) == (
        f"{path}, line 6: question 'why-us': 'text' must be a string, got an integer 42"
    )


def test_question_without_id_is_named_by_position(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('id = "any-questions"\n', ""))
    assert load_error(path) == (
        f"{path}, line 11: question #2 has no 'id'; add id = \"some-kebab-case-name\""
    )


def test_id_must_be_kebab_case(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('"why-us"', '"Why_Us"'))
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 5: question 'Why_Us': id \"Why_Us\" is not kebab-case"
    )


def test_closing_must_be_a_boolean_and_a_closing_category(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace("closing = true", 'closing = "yes"'))
    assert load_error(path) == (
        f"{path}, line 16: question 'any-questions': 'closing' must be true or false, "
        'got a string "yes"'
    )
    path = write_bank(tmp_path, VALID.replace('category = "closing"', 'category = "role"'))
    assert load_error(path) == (
        f"{path}, line 16: question 'any-questions' has closing = true but category \"role\"; "
        'set category = "closing"'
    )


def test_two_closing_questions_in_a_round(tmp_path: Path) -> None:
    extra = """
[[questions]]
id = "anything-else"
text = "Anything else?"
category = "closing"
rounds = [2]
closing = true
"""
    path = write_bank(tmp_path, VALID + extra)
    assert load_error(path) == (
        f"{path}, line 23: questions 'any-questions' and 'anything-else' are both closing "
        "questions in round 2; a round ends with one closing question"
    )


def test_a_wording_shared_by_two_questions(tmp_path: Path) -> None:
    path = write_bank(
        tmp_path,
        VALID.replace("closing = true", 'closing = true\nparaphrases = ["why THIS company"]'),
    )
    assert load_error(path) == (
        f"{path}, line 17: question 'any-questions': the wording \"why THIS company\" is used "
        "also by question 'why-us'; every wording must lead back to one question"
    )


def test_bank_without_questions(tmp_path: Path) -> None:
    path = write_bank(tmp_path, 'name = "empty"\ntitle = "Empty"\n')
    assert load_error(path) == (
        f"{path}, line 1: the bank has no questions; add at least one [[questions]] entry"
    )
    path = write_bank(tmp_path, 'name = "empty"\ntitle = "Empty"\nquestions = []\n')
    assert load_error(path) == (
        f"{path}, line 3: the bank has no questions; add at least one [[questions]] entry"
    )


def test_bank_without_title(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('title = "Tiny bank"\n', ""))
    assert load_error(path) == (
        f"{path}, line 1: the bank has no 'title'; add title = \"...\" at the top"
    )


def test_unknown_top_level_tables_are_left_alone(tmp_path: Path) -> None:
    extra = '\n[commands]\nrepeat = ["say that again"]\n\n[[personas]]\nname = "Sam"\n'
    bank = load_bank(write_bank(tmp_path, VALID + extra))
    assert bank.ids == ("why-us", "any-questions")


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace('title = "Tiny bank"', 'tittle = "Tiny bank"'))
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 2: unknown top-level key 'tittle' (did you mean 'title'?)"
    )


def test_extends_is_explained(tmp_path: Path) -> None:
    path = write_bank(tmp_path, 'extends = "general"\n' + VALID)
    assert load_error(path) == (
        f"{path}, line 1: 'extends' is not supported: every bank is standalone; "
        "copy the questions you want from the other bank instead"
    )


def test_misspelt_questions_section_is_not_ignored(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID.replace("[[questions]]", "[[question]]"))
    assert load_error(path) == (
        f"{path}, line 4: unknown section 'question' (did you mean 'questions'?)"
    )


def test_unsupported_schema_version(tmp_path: Path) -> None:
    path = write_bank(tmp_path, "schema_version = 2\n" + VALID)
    assert load_error(path) == (
        f"{path}, line 1: schema_version 2 is not supported; "
        "this voice-coach reads schema_version = 1"
    )


def test_multiline_strings_do_not_confuse_line_numbers(tmp_path: Path) -> None:
    text = VALID.replace(
        'text = "Why us?"',
        'text = """\nWhy us?\n[[questions]]\nid = "fake"\n"""',
    ).replace('id = "any-questions"', 'id = "why-us"')
    path = write_bank(tmp_path, text)
    assert load_error(path) == (
        f"{path}, line 16: question id 'why-us' is used twice (first at line 5); "
        "give each question its own id"
    )


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Why us?", "Pourquoi \xe9?").encode("latin-1"))
    assert load_error(path) == (
        f"{path}, line 6: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_relative_paths_are_shown_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_bank(tmp_path, VALID.replace("paraphrases =", "paraphrase ="), name="x.toml")
    assert load_error(Path("x.toml")).startswith("x.toml, line 9: ")
    with pytest.raises(BankError, match=r"^x\.toml, line 9: "):
        load_bank("x.toml")
