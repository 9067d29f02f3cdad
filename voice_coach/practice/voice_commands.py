"""Hands-free control: spoken commands such as "repeat the question" or "skip".

A command is recognised when it is the whole of an utterance, or the first phrase of
an answer (said right after the question). Matching tolerates transcription errors
and wording variants: the words are normalised, polite padding is dropped, and the
rest must be close (by edit similarity) to one of the command's phrasings.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable, Mapping


class Command(str, Enum):
    REPEAT = "repeat"
    SKIP = "skip"
    BACK = "back"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    STATUS = "status"


# The phrasings each command is known by; a bank's [commands] table can add more.
BUILT_IN_PHRASES: Mapping[Command, tuple[str, ...]] = {
    Command.REPEAT: ("repeat the question", "repeat that", "say that again", "say it again",
                     "could you repeat", "repeat", "one more time", "what was the question", "come again"),
    Command.SKIP: ("skip", "skip this one", "skip the question", "next question", "next", "pass",
                   "move on", "go to the next question"),
    Command.BACK: ("go back", "previous question", "back", "last question", "go to the previous question"),
    Command.PAUSE: ("pause", "pause the interview", "hold on", "wait a moment", "give me a minute"),
    Command.RESUME: ("resume", "continue", "carry on", "i'm ready", "i am ready", "let's continue", "go on"),
    Command.STOP: ("stop the interview", "end the session", "stop", "end the interview", "that's enough",
                   "finish the interview", "quit"),
    Command.STATUS: ("how am i doing", "how am i doing so far", "how's it going", "give me a summary"),
}

CONFIRMATIONS: Mapping[Command, str] = {
    Command.REPEAT: "Sure, here it is again.",
    Command.SKIP: "Skipping this one.",
    Command.BACK: "Going back to the previous question.",
    Command.PAUSE: "Paused. Say resume when you are ready.",
    Command.RESUME: "Resuming.",
    Command.STOP: "Ending the session. Your answers are saved.",
    Command.STATUS: "",  # the running summary is the answer
}

# Words that wrap a command without changing it ("could you please skip this one").
_PADDING = {"please", "can", "could", "would", "you", "um", "uh", "er", "ah", "okay", "ok", "so", "oh",
            "hey", "coach", "just", "let's", "lets", "now", "thanks", "thank"}
MAX_COMMAND_WORDS = 8  # longer utterances are answers, not commands
MIN_SIMILARITY = 0.82  # difflib ratio on the normalised text


@dataclass(frozen=True)
class CommandMatcher:
    phrases: Mapping[Command, tuple[str, ...]]

    @classmethod
    def with_synonyms(cls, synonyms: Mapping[str, Iterable[str]] | None = None) -> "CommandMatcher":
        merged = {command: tuple(phrases) for command, phrases in BUILT_IN_PHRASES.items()}
        for name, extra in (synonyms or {}).items():
            command = Command(name)
            merged[command] = merged[command] + tuple(_normalise(p) for p in extra)
        return cls(phrases=merged)

    def match(self, utterance: str) -> Command | None:
        """The command ``utterance`` is, or None if it is not one."""
        words = _normalise(utterance).split()
        if not words or len(words) > MAX_COMMAND_WORDS:
            return None
        core = [w for w in words if w not in _PADDING] or words
        best: tuple[float, Command | None] = (0.0, None)
        for candidate in (" ".join(core), " ".join(words)):
            for command, phrases in self.phrases.items():
                for phrase in phrases:
                    score = difflib.SequenceMatcher(None, candidate, phrase).ratio()
                    if score > best[0]:
                        best = (score, command)
        return best[1] if best[0] >= MIN_SIMILARITY else None

    def closeness(self, utterance: str, command: Command) -> float:
        """How close ``utterance`` is to the nearest phrasing of ``command`` (0 to 1)."""
        words = _normalise(utterance).split()
        candidates = {" ".join(words), " ".join(w for w in words if w not in _PADDING)}
        return max((difflib.SequenceMatcher(None, text, p).ratio()
                    for text in candidates for p in self.phrases[command]), default=0.0)

    def prompt(self) -> str:
        """The commands as a decoding prompt, to hear a short utterance as a command if it is one."""
        return " ".join(f"{phrases[0].capitalize()}." for phrases in self.phrases.values())

    def all_phrases(self) -> dict[str, tuple[str, ...]]:
        return {command.value: phrases for command, phrases in self.phrases.items()}


def load_bank_synonyms(bank_path: Path) -> dict[str, list[str]]:
    """A bank's optional ``[commands]`` table: ``skip = ["next one please"]``."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    from voice_coach.errors import BankError

    with open(bank_path, "rb") as f:
        table = tomllib.load(f).get("commands", {})
    if not isinstance(table, dict):
        raise BankError(f"{bank_path}: [commands] must be a table of lists, e.g. skip = [\"next one\"]")
    known = {c.value for c in Command}
    synonyms: dict[str, list[str]] = {}
    for name, phrases in table.items():
        if name not in known:
            raise BankError(f"{bank_path}: [commands] has unknown command {name!r}; known: {', '.join(sorted(known))}")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise BankError(f"{bank_path}: [commands] {name} must be a list of phrases")
        synonyms[name] = phrases
    return synonyms


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    return " ".join(re.findall(r"[a-z']+", text))


def help_text() -> str:
    """One line per command, for --help and the README."""
    return "; ".join(f"{c.value}: \"{BUILT_IN_PHRASES[c][0]}\"" for c in Command)
