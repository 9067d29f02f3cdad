"""Turn a parsed bank (plain TOML data) into a checked ``QuestionBank``.

Every problem becomes one ``BankError`` line: ``FILE, line N: what is wrong; how to fix``.
The format itself is described at the top of ``prompts/general.toml``.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from pathlib import Path
from typing import Any

from voice_coach.errors import BankError
from voice_coach.questions.model import (
    CATEGORIES,
    ROUNDS,
    Question,
    QuestionBank,
    normalize_wording,
)
from voice_coach.questions.source import SourceMap

logger = logging.getLogger(__name__)

# Bumped when a bank written for an older voice-coach would be read differently.
SCHEMA_VERSION = 1

BANK_KEYS = ("schema_version", "name", "title", "description", "questions")
QUESTION_KEYS = ("id", "text", "category", "rounds", "paraphrases", "closing")

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TOML_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a float",
    bool: "a boolean",
    list: "an array",
    dict: "a table",
}


def build_bank(data: dict[str, Any], *, path: Path, label: str, text: str) -> QuestionBank:
    """Check ``data`` (``tomllib.loads(text)``) and build the bank it describes.

    ``label`` is how the file is named in messages; ``text`` is the raw TOML, used
    only to find line numbers.
    """
    return _Checker(label=label, source=SourceMap(text)).bank(data, path=path)


class _Checker:
    def __init__(self, *, label: str, source: SourceMap) -> None:
        self._label = label
        self._source = source

    def _error(self, line: int, problem: str) -> BankError:
        return BankError(f"{self._label}, line {line}: {problem}")

    # -- the bank ---------------------------------------------------------------

    def bank(self, data: dict[str, Any], *, path: Path) -> QuestionBank:
        self._check_top_level_keys(data)
        self._check_schema_version(data)
        name = self._top_string(data, "name", required=True)
        if not _KEBAB.match(name):
            raise self._error(
                self._source.top_key_line("name"),
                f"bank name {_show(name)} is not kebab-case; "
                'use lower-case words joined by hyphens, like "pharma-sales"',
            )
        title = self._top_string(data, "title", required=True)
        description = self._top_string(data, "description", required=False)
        questions = self._questions(data)
        return QuestionBank(
            name=name, title=title, path=path, questions=questions, description=description
        )

    def _check_top_level_keys(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if key in BANK_KEYS:
                continue
            if _is_table_or_table_array(value):
                suggestion = _did_you_mean(key, BANK_KEYS)
                if suggestion:  # [[question]] for [[questions]] would lose every question
                    raise self._error(
                        self._source.table_line(key),
                        f"unknown section '{key}'{suggestion}",
                    )
                # Room for later sections ([commands], [[personas]]): not ours to judge.
                logger.debug("%s: ignoring top-level table %r", self._label, key)
                continue
            line = self._source.top_key_line(key)
            if key == "extends":
                raise self._error(
                    line,
                    "'extends' is not supported: every bank is standalone; "
                    "copy the questions you want from the other bank instead",
                )
            raise self._error(
                line,
                f"unknown top-level key '{key}'{_did_you_mean(key, BANK_KEYS)} "
                f"(known keys: {', '.join(BANK_KEYS)})",
            )

    def _check_schema_version(self, data: dict[str, Any]) -> None:
        if "schema_version" not in data:
            return
        version = data["schema_version"]
        if version != SCHEMA_VERSION or isinstance(version, bool):
            raise self._error(
                self._source.top_key_line("schema_version"),
                f"schema_version {_show(version)} is not supported; "
                f"this voice-coach reads schema_version = {SCHEMA_VERSION}",
            )

    def _top_string(self, data: dict[str, Any], key: str, *, required: bool) -> str:
        if key not in data:
            if required:
                raise self._error(1, f"the bank has no '{key}'; add {key} = \"...\" at the top")
            return ""
        value = data[key]
        line = self._source.top_key_line(key)
        if not isinstance(value, str):
            raise self._error(line, f"'{key}' must be a string, got {_describe(value)}")
        if required and not value.strip():
            raise self._error(line, f"'{key}' is empty; give the bank a {key}")
        return value.strip()

    # -- the questions ----------------------------------------------------------

    def _questions(self, data: dict[str, Any]) -> tuple[Question, ...]:
        entries = data.get("questions")
        if entries is None:
            raise self._error(
                1, "the bank has no questions; add at least one [[questions]] entry"
            )
        line = self._source.top_key_line("questions")
        if not isinstance(entries, list):
            raise self._error(
                line,
                "'questions' must be an array of tables ([[questions]]), "
                f"got {_describe(entries)}",
            )
        if not entries:
            raise self._error(
                line, "the bank has no questions; add at least one [[questions]] entry"
            )
        questions = tuple(self._question(entry, index) for index, entry in enumerate(entries))
        self._check_unique_ids(questions)
        self._check_unique_wordings(questions)
        self._check_one_closing_per_round(questions)
        return questions

    def _question(self, entry: Any, index: int) -> Question:
        header = self._source.question_line(index)
        if not isinstance(entry, dict):
            raise self._error(
                header, f"question #{index + 1} must be a table, got {_describe(entry)}"
            )
        label = self._question_label(entry, index)
        for key in entry:
            if key not in QUESTION_KEYS:
                raise self._error(
                    self._source.question_key_line(index, key),
                    f"{label} has unknown key '{key}'{_did_you_mean(key, QUESTION_KEYS)} "
                    f"(known keys: {', '.join(QUESTION_KEYS)})",
                )
        question_id = self._question_id(entry, index, label)
        text = self._wording(entry, index, label, "text")
        category = self._category(entry, index, label)
        rounds = self._rounds(entry, index, label)
        paraphrases = self._paraphrases(entry, index, label)
        closing = self._closing(entry, index, label, category)
        return Question(
            id=question_id,
            text=text,
            category=category,
            rounds=rounds,
            paraphrases=paraphrases,
            closing=closing,
        )

    @staticmethod
    def _question_label(entry: dict[str, Any], index: int) -> str:
        question_id = entry.get("id")
        if isinstance(question_id, str) and question_id.strip():
            return f"question '{question_id}'"
        return f"question #{index + 1}"

    def _require(
        self, entry: dict[str, Any], index: int, label: str, key: str, example: str
    ) -> Any:
        if key not in entry:
            raise self._error(
                self._source.question_line(index), f"{label} has no '{key}'; add {key} = {example}"
            )
        return entry[key]

    def _wrong_type(
        self, index: int, label: str, key: str, expected: str, value: Any
    ) -> BankError:
        return self._error(
            self._source.question_key_line(index, key),
            f"{label}: '{key}' must be {expected}, got {_describe(value)}",
        )

    def _question_id(self, entry: dict[str, Any], index: int, label: str) -> str:
        value = self._require(entry, index, label, "id", '"some-kebab-case-name"')
        if not isinstance(value, str):
            raise self._wrong_type(index, label, "id", "a string", value)
        if not _KEBAB.match(value):
            raise self._error(
                self._source.question_key_line(index, "id"),
                f"{label}: id {_show(value)} is not kebab-case; "
                'use lower-case words joined by hyphens, like "why-this-role"',
            )
        return value

    def _wording(self, entry: dict[str, Any], index: int, label: str, key: str) -> str:
        value = self._require(entry, index, label, key, '"..."')
        if not isinstance(value, str):
            raise self._wrong_type(index, label, key, "a string", value)
        if not normalize_wording(value):
            raise self._error(
                self._source.question_key_line(index, key),
                f"{label} has an empty '{key}'; write the question as an interviewer would say it",
            )
        return " ".join(value.split())

    def _category(self, entry: dict[str, Any], index: int, label: str) -> str:
        value = self._require(entry, index, label, "category", f'"{CATEGORIES[0]}"')
        if not isinstance(value, str):
            raise self._wrong_type(index, label, "category", "a string", value)
        if value not in CATEGORIES:
            raise self._error(
                self._source.question_key_line(index, "category"),
                f"{label}: unknown category {_show(value)}{_did_you_mean(value, CATEGORIES)} "
                f"(known categories: {', '.join(CATEGORIES)})",
            )
        return value

    def _rounds(self, entry: dict[str, Any], index: int, label: str) -> tuple[int, ...]:
        value = self._require(entry, index, label, "rounds", "[1, 2]")
        expected = "an array of 1 and/or 2, like [1, 2]"
        if not isinstance(value, list):
            raise self._wrong_type(index, label, "rounds", expected, value)
        allowed = [r for r in value if type(r) is int and r in ROUNDS]  # true is an int too
        if not value or len(allowed) != len(value) or len(set(allowed)) != len(allowed):
            raise self._error(
                self._source.question_key_line(index, "rounds"),
                f"{label}: rounds must be {expected} with no repeats, got {_show(value)}",
            )
        return tuple(sorted(value))

    def _paraphrases(self, entry: dict[str, Any], index: int, label: str) -> tuple[str, ...]:
        value = entry.get("paraphrases", [])
        if not isinstance(value, list):
            raise self._wrong_type(index, label, "paraphrases", "an array of strings", value)
        paraphrases = []
        for item in value:
            if not isinstance(item, str):
                raise self._wrong_type(
                    index, label, "paraphrases", "an array of strings; one item is", item
                )
            if not normalize_wording(item):
                raise self._error(
                    self._source.question_key_line(index, "paraphrases"),
                    f"{label} has an empty paraphrase; "
                    "remove it or write the question another way",
                )
            paraphrases.append(" ".join(item.split()))
        return tuple(paraphrases)

    def _closing(self, entry: dict[str, Any], index: int, label: str, category: str) -> bool:
        value = entry.get("closing", False)
        if not isinstance(value, bool):
            raise self._wrong_type(index, label, "closing", "true or false", value)
        if value and category != "closing":
            raise self._error(
                self._source.question_key_line(index, "closing"),
                f"{label} has closing = true but category {_show(category)}; "
                'set category = "closing"',
            )
        return value

    # -- across questions -------------------------------------------------------

    def _check_unique_ids(self, questions: tuple[Question, ...]) -> None:
        first_index: dict[str, int] = {}
        for index, question in enumerate(questions):
            if question.id in first_index:
                first_line = self._source.question_key_line(first_index[question.id], "id")
                raise self._error(
                    self._source.question_key_line(index, "id"),
                    f"question id '{question.id}' is used twice (first at line {first_line}); "
                    "give each question its own id",
                )
            first_index[question.id] = index

    def _check_unique_wordings(self, questions: tuple[Question, ...]) -> None:
        owner: dict[str, int] = {}
        for index, question in enumerate(questions):
            for position, wording in enumerate(question.all_wordings):
                folded = normalize_wording(wording)
                if folded not in owner:
                    owner[folded] = index
                    continue
                key = "text" if position == 0 else "paraphrases"
                other = questions[owner[folded]]
                where = "twice" if owner[folded] == index else f"also by question '{other.id}'"
                raise self._error(
                    self._source.question_key_line(index, key),
                    f"question '{question.id}': the wording {_show(wording)} is used {where}; "
                    "every wording must lead back to one question",
                )

    def _check_one_closing_per_round(self, questions: tuple[Question, ...]) -> None:
        for round_number in ROUNDS:
            closing = [
                (index, q)
                for index, q in enumerate(questions)
                if q.closing and q.in_round(round_number)
            ]
            if len(closing) > 1:
                (_, first), (index, second) = closing[0], closing[1]
                raise self._error(
                    self._source.question_key_line(index, "closing"),
                    f"questions '{first.id}' and '{second.id}' are both closing questions "
                    f"in round {round_number}; a round ends with one closing question",
                )


def _is_table_or_table_array(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _show(value: Any) -> str:
    """A value as it would be written in TOML: "text", 3, true, [1, 2]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _describe(value: Any) -> str:
    kind = _TOML_TYPE_NAMES.get(type(value), "a date or time")
    return f"{kind} {_show(value)}"
