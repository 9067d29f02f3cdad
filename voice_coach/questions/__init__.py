"""Interview questions: banks of them in TOML (``prompts/``), loaded and checked.

``load_bank("general")`` gives a :class:`QuestionBank`; ``bank.for_round(1)`` its
first-round questions in order; ``bank.get(id)`` and ``bank.find_by_wording(text)``
look one up. The file format is described at the top of ``prompts/general.toml``.
"""

from voice_coach.questions.bank import list_banks, load_bank
from voice_coach.questions.model import (
    CATEGORIES,
    ROUNDS,
    Question,
    QuestionBank,
    normalize_wording,
)

__all__ = [
    "CATEGORIES",
    "ROUNDS",
    "Question",
    "QuestionBank",
    "list_banks",
    "load_bank",
    "normalize_wording",
]
