"""Subtitles from word times: SubRip (.srt) and WebVTT (.vtt), one cue per phrase.

A phrase ends at a pause, at the end of a sentence, or when the cue would grow past two
subtitle lines or a few seconds. Fillers are kept (they are what the candidate wants to
hear and see); WebVTT marks them with a ``filler`` class and times every word
(``<00:00:01.600>``), so players that support it highlight words as they are spoken.

Session subtitles lay the answers end to end in turn order, as if their recordings were
played one after another; a single answer's subtitles are timed from its recording's start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voice_coach.report.marks import MarkedTranscript, MarkedWord, PauseMark
from voice_coach.report.model import SessionReport

_SENTENCE_END = (".", "!", "?", ";", ":", "\u2026")
_MIN_CUE_S = 0.3  # a cue shorter than this flashes by unread; stretched when there is room


@dataclass(frozen=True)
class CueOptions:
    """How phrases are cut into cues."""

    split_pause_s: float = 0.5  # a silence at least this long between words ends the cue
    max_chars: int = 84  # two lines of 42 characters, the usual subtitle limit
    line_chars: int = 42  # a cue longer than this is broken into two lines
    max_duration_s: float = 6.0  # longer cues are hard to read along with
    min_comma_chars: int = 30  # a comma ends the cue once it holds this many characters

    def __post_init__(self) -> None:
        if self.split_pause_s <= 0 or self.max_duration_s <= 0:
            raise ValueError(
                f"split_pause_s and max_duration_s must be positive seconds, got "
                f"{self.split_pause_s} and {self.max_duration_s}"
            )
        if not 1 <= self.line_chars <= self.max_chars:
            raise ValueError(f"line_chars must be from 1 to max_chars ({self.max_chars}), got {self.line_chars}")


@dataclass(frozen=True)
class Cue:
    """Words shown together, from the first word's start to the last word's end."""

    start_s: float
    end_s: float
    words: tuple[MarkedWord, ...]
    offset_s: float = 0.0  # added to the words' own times (their answer's place in the session)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class AnswerCues:
    """The cues of one answer, with the question it answers."""

    turn: int
    question_text: str
    cues: tuple[Cue, ...]


def phrase_cues(marked: MarkedTranscript, *, offset_s: float = 0.0,
                options: CueOptions = CueOptions()) -> tuple[Cue, ...]:
    """Cut ``marked`` into cues; times are shifted by ``offset_s``."""
    groups: list[list[MarkedWord]] = []
    current: list[MarkedWord] = []
    pause_before = False
    for piece in marked.pieces:
        if isinstance(piece, PauseMark):
            pause_before = piece.duration_s >= options.split_pause_s
            continue
        if current and _ends_cue(current, piece, pause_before=pause_before, options=options):
            groups.append(current)
            current = []
        current.append(piece)
        pause_before = False
    if current:
        groups.append(current)

    cues = []
    for index, words in enumerate(groups):
        start = words[0].start_s
        end = max(w.end_s for w in words)
        if end - start < _MIN_CUE_S:
            next_start = groups[index + 1][0].start_s if index + 1 < len(groups) else None
            end = start + _MIN_CUE_S if next_start is None else min(start + _MIN_CUE_S, max(next_start, end))
        cues.append(Cue(start_s=start + offset_s, end_s=end + offset_s, words=tuple(words), offset_s=offset_s))
    return tuple(cues)


def session_cues(report: SessionReport, *, options: CueOptions = CueOptions()) -> tuple[AnswerCues, ...]:
    """Every answer's cues, answers laid end to end (one answer alone starts at 0)."""
    result = []
    offset_s = 0.0
    for answer in report.answers:
        if answer.answer.audio_path is None:
            continue  # a skipped question has no recording to follow
        cues = () if answer.marked is None else phrase_cues(answer.marked, offset_s=offset_s, options=options)
        result.append(AnswerCues(answer.answer.turn, answer.answer.question_text, cues))
        offset_s += answer.answer.duration_s
    return tuple(result)


def render_srt(answers: Sequence[AnswerCues], *, options: CueOptions = CueOptions()) -> str:
    """SubRip text: numbered cues, ``00:00:01,600 --> 00:00:03,200``, plain text lines."""
    blocks = []
    number = 0
    for answer in answers:
        for cue in answer.cues:
            number += 1
            text = "\n".join(" ".join(w.text for w in line) for line in _lines(cue.words, options.line_chars))
            text = _safe_srt(text)
            blocks.append(f"{number}\n{srt_time(cue.start_s)} --> {srt_time(cue.end_s)}\n{text}\n")
    return "\n".join(blocks)


def render_vtt(answers: Sequence[AnswerCues], *, options: CueOptions = CueOptions()) -> str:
    """WebVTT text: a NOTE per question, word timestamps inside cues, fillers as ``<c.filler>``."""
    parts = ["WEBVTT\n"]
    for answer in answers:
        parts.append(f"NOTE Q{answer.turn}: {_safe_note(answer.question_text)}\n")
        for number, cue in enumerate(answer.cues, start=1):
            parts.append(
                f"q{answer.turn}-{number}\n{vtt_time(cue.start_s)} --> {vtt_time(cue.end_s)}\n"
                f"{_vtt_payload(cue, options.line_chars)}\n"
            )
    return "\n".join(parts)


def srt_time(seconds: float) -> str:
    """``HH:MM:SS,mmm`` (SubRip uses a comma)."""
    return _clock(seconds).replace(".", ",")


def vtt_time(seconds: float) -> str:
    """``HH:MM:SS.mmm``."""
    return _clock(seconds)


# --- inside ---------------------------------------------------------------------------------


def _ends_cue(current: list[MarkedWord], word: MarkedWord, *, pause_before: bool, options: CueOptions) -> bool:
    previous = current[-1]
    text_len = len(" ".join(w.text for w in current))
    if pause_before or word.start_s - previous.end_s >= options.split_pause_s:
        return True
    if previous.text.rstrip("\"\u201d')").endswith(_SENTENCE_END):
        return True
    if text_len + 1 + len(word.text) > options.max_chars:
        return True
    if word.end_s - current[0].start_s > options.max_duration_s:
        return True
    return previous.text.endswith(",") and text_len >= options.min_comma_chars and not previous.filler


def _lines(words: Sequence[MarkedWord], line_chars: int) -> list[Sequence[MarkedWord]]:
    """The cue's words on one line, or on two broken at the space nearest the middle."""
    text_len = len(" ".join(w.text for w in words))
    if text_len <= line_chars or len(words) < 2:
        return [words]
    ends = []  # the length of the text up to and including each word
    length = -1
    for word in words[:-1]:
        length += 1 + len(word.text)
        ends.append(length)
    cut = min(range(len(ends)), key=lambda i: abs(ends[i] - text_len / 2)) + 1
    return [words[:cut], words[cut:]]


def _vtt_payload(cue: Cue, line_chars: int) -> str:
    out_lines = []
    last_ms = _ms(cue.start_s)
    for line in _lines(cue.words, line_chars):
        pieces = []
        for word in line:
            text = _vtt_escape(word.text)
            if word.filler:
                text = f"<c.filler>{text}</c>"
            # A word timestamp must lie strictly inside the cue and after the one before it.
            word_ms = _ms(word.start_s + cue.offset_s)
            if last_ms < word_ms < _ms(cue.end_s):
                text = f"<{vtt_time(word.start_s + cue.offset_s)}>{text}"
                last_ms = word_ms
            pieces.append(text)
        out_lines.append(" ".join(pieces))
    return "\n".join(out_lines)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_srt(text: str) -> str:
    # "-->" would read as a timing line; markup-like text stays as it was said.
    return text.replace("-->", "->")


def _safe_note(text: str) -> str:
    return " ".join(text.replace("-->", "->").split())


def _ms(seconds: float) -> int:
    return max(int(round(seconds * 1000)), 0)


def _clock(seconds: float) -> str:
    total_ms = _ms(seconds)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"

