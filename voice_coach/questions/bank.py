"""Find and load question banks: bundled ones by name, any other by path.

A bare name (``"general"``, ``"pharma-sales"``) is ``NAME.toml`` in
:func:`voice_coach.paths.prompts_dir` (``$VOICE_COACH_PROMPTS`` overrides it);
anything with a path separator or a ``.toml`` suffix is a path to a file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from voice_coach.errors import BankError
from voice_coach.paths import prompts_dir
from voice_coach.questions.model import QuestionBank
from voice_coach.questions.schema import build_bank

if sys.version_info >= (3, 11):
    import tomllib as _toml
else:  # pragma: no cover - the project runs on 3.11, tomli is its 3.10 backport
    import tomli as _toml

BANK_SUFFIX = ".toml"

# tomllib ends its messages with "(at line 3, column 7)" or "(at end of document)".
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def list_banks() -> list[str]:
    """The names of the banks in the prompts folder, sorted; empty if there is none."""
    folder = prompts_dir()
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob(f"*{BANK_SUFFIX}") if path.is_file())


def load_bank(name_or_path: str | Path) -> QuestionBank:
    """Load and check a bank; ``BankError`` (one line, with file and line) if it is broken."""
    return _load_file(_resolve(name_or_path))


def _resolve(name_or_path: str | Path) -> Path:
    if isinstance(name_or_path, Path):
        return name_or_path
    if not isinstance(name_or_path, str):
        raise BankError(
            f"a question bank is named by a string or a path, got {type(name_or_path).__name__}"
        )
    if _looks_like_path(name_or_path):
        return Path(name_or_path).expanduser()
    path = prompts_dir() / f"{name_or_path}{BANK_SUFFIX}"
    if path.is_file():
        return path
    available = list_banks()
    if not available:
        raise BankError(
            f"unknown question bank '{name_or_path}': no banks found in {prompts_dir()}; "
            f"point $VOICE_COACH_PROMPTS at a folder of .toml banks or pass a path to one"
        )
    raise BankError(
        f"unknown question bank '{name_or_path}'; available banks: {', '.join(available)} "
        f"(or pass a path to a {BANK_SUFFIX} file)"
    )


def _looks_like_path(text: str) -> bool:
    separators = [sep for sep in (os.sep, os.altsep, "/") if sep]
    return text.endswith(BANK_SUFFIX) or any(sep in text for sep in separators)


def _load_file(path: Path) -> QuestionBank:
    label = _label(path)
    if not path.exists():
        raise BankError(
            f"no question bank at {label}; check the path, or use a bundled bank: "
            f"{', '.join(list_banks()) or '(none found)'}"
        )
    if not path.is_file():
        raise BankError(f"{label} is not a file; pass a {BANK_SUFFIX} question bank")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BankError(f"cannot read {label}: {e.strerror or e}; check its permissions") from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise BankError(
            f"{label}, line {line}: not valid UTF-8 (byte {raw[e.start]:#04x}); "
            "save the file as UTF-8"
        ) from e
    try:
        data = _toml.loads(text)
    except _toml.TOMLDecodeError as e:
        raise BankError(_syntax_message(label, text, str(e))) from e
    return build_bank(data, path=path, label=label, text=text)


def _syntax_message(label: str, text: str, message: str) -> str:
    """Reword tomllib's "Problem (at line 3, column 7)" as "FILE, line 3: invalid TOML: ..."."""
    position = _TOML_POSITION.search(message)
    if position:
        problem = message[: position.start()]
        return (
            f"{label}, line {position.group(1)}: invalid TOML: {problem} "
            f"(column {position.group(2)})"
        )
    at_end = _TOML_AT_END.search(message)
    if at_end:
        last_line = max(len(text.splitlines()), 1)
        return (
            f"{label}, line {last_line}: invalid TOML at the end of the file: "
            f"{message[: at_end.start()]}"
        )
    return f"{label}: invalid TOML: {message}"


def _label(path: Path) -> str:
    """The path as the user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
