"""A guard against text the speech model invents, and word times fitted to the speech.

Whisper writes words where nobody spoke ("Thank you.", "Um, uh," in the quiet after an
answer), loops on a phrase, and stretches words over the silence around them. The checks,
all on the model's words (``guard_words`` runs the first four in order):

- ``drop_non_words``: "words" with no letter or digit ("." "..." "-") are dropped. A
  decode that degenerates into dots would otherwise pass them on as the context of the
  next phrase in a live session, and every later phrase came out as dots too;
- ``drop_words_without_speech``: a word is kept only if there is speech where the model
  put it, speech meaning sound clearly above the recording's noise floor that Silero
  calls speech or that is voiced. Nothing survives from silence, room noise or the
  silence after the last word. Filled pauses are left to ``acoustic_fillers``, which
  moves them onto their sound first (the model's times for them are often far off);
- ``drop_unlikely``: filled pauses, and words after the last word the model was sure of,
  that the model itself gave under 5 % (the "Okay." and "Yeah." it adds after an answer);
- ``cut_loops``: a phrase repeated back to back more often than people do is cut to its
  first copies;
- ``fit_to_speech``: a word's start and end are moved off silence onto its speech.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_coach.speech.acoustics import FrameFeatures
from voice_coach.speech.filler_prompt import is_filled_pause
from voice_coach.speech.transcript import Word


@dataclass(frozen=True)
class GuardRules:
    """The numbers of the guard."""

    speech_probability: float = 0.5  # Silero's threshold for speech
    reach_s: float = 0.15  # speech this close to a frame makes the frame count (word edges are loose)
    margin_s: float = 0.05  # a word's span is widened by this on each side before looking
    min_speech_s: float = 0.03  # a word needs this much speech in its widened span
    max_word_repeats: int = 5  # "word word word word word" is said; more is a loop
    max_phrase_repeats: int = 2  # "I think I think" is said; a third copy is a loop
    longest_loop_words: int = 8  # phrases up to this many words are checked for loops
    min_probability: float = 0.05  # below this, a filler or a trailing word is the model guessing
    fit_reach_s: float = 0.03  # speech this close to a word's edge counts as its speech
    max_extend_s: float = 0.5  # a word's edge is moved at most this far out onto speech


DEFAULT_GUARD_RULES = GuardRules()


def speech_frames(frames: FrameFeatures, *, rules: GuardRules = DEFAULT_GUARD_RULES) -> np.ndarray:
    """Frames that hold speech (bool): sounding and either Silero's speech or voiced,
    then widened by ``reach_s`` on each side."""
    if frames.n_frames == 0:
        return np.zeros(0, dtype=bool)
    core = frames.sounding() & ((frames.speech_probability >= rules.speech_probability) | frames.voiced)
    reach = int(round(rules.reach_s / frames.frame_s))
    if reach == 0 or not core.any():
        return core
    # "full" and a slice, not "same": with fewer frames than the window, "same" returns more frames.
    widened = np.convolve(core.astype(np.int32), np.ones(2 * reach + 1, dtype=np.int32), mode="full")
    return widened[reach:reach + len(core)] > 0


def guard_words(words: tuple[Word, ...], frames: FrameFeatures, *, fillers_checked_later: bool = True,
                rules: GuardRules = DEFAULT_GUARD_RULES) -> tuple[Word, ...]:
    """The checks that drop words, in order (``fit_to_speech`` runs last, once fillers are
    placed, so that no word is stretched over a filler). With ``fillers_checked_later``
    filled pauses are not dropped for lying in silence (``acoustic_fillers`` moves or drops them)."""
    words = drop_non_words(words)
    words = drop_words_without_speech(words, frames, skip_fillers=fillers_checked_later, rules=rules)
    words = drop_unlikely(words, rules=rules)
    return cut_loops(words, rules=rules)


def drop_non_words(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` without the punctuation-only ones."""
    return tuple(w for w in words if any(c.isalnum() for c in w.text))


def drop_words_without_speech(
    words: tuple[Word, ...], frames: FrameFeatures, *, skip_fillers: bool = False,
    rules: GuardRules = DEFAULT_GUARD_RULES,
) -> tuple[Word, ...]:
    """``words`` without those the model placed where there is no speech (filled pauses
    are all kept with ``skip_fillers``)."""
    speech = speech_frames(frames, rules=rules)
    if not speech.any():
        return ()
    needed = max(1, int(round(rules.min_speech_s / frames.frame_s)))
    kept = []
    for word in words:
        if skip_fillers and is_filled_pause(word.text):
            kept.append(word)
            continue
        first = frames.frame_at(word.start_s - rules.margin_s)
        last = frames.frame_at(word.end_s + rules.margin_s)
        if int(speech[first : last + 1].sum()) >= needed:
            kept.append(word)
    return tuple(kept)


def drop_unlikely(words: tuple[Word, ...], *, rules: GuardRules = DEFAULT_GUARD_RULES) -> tuple[Word, ...]:
    """Without fillers the model gave under ``min_probability``, nor the unlikely words after
    its last likely one."""
    likely = [w.probability >= rules.min_probability for w in words]
    last_likely = max((i for i, ok in enumerate(likely) if ok and not is_filled_pause(words[i].text)), default=-1)
    return tuple(
        w for i, w in enumerate(words)
        if likely[i] or (i < last_likely and not is_filled_pause(w.text))
    )


def fit_to_speech(words: tuple[Word, ...], frames: FrameFeatures, *, rules: GuardRules = DEFAULT_GUARD_RULES) -> tuple[Word, ...]:
    """Each word's edges moved onto its speech: off silence it was stretched over, and out
    to the end of speech it stopped short of (never past a neighbour, at most ``max_extend_s``).

    Whisper often starts the first word at the start of the audio, stretches a word over
    the pause after it, or ends the last word while the voice goes on; pace and pauses are
    measured from these times. A word with no speech inside its span keeps its times.
    """
    if frames.n_frames == 0:
        return words
    core = frames.sounding() & ((frames.speech_probability >= rules.speech_probability) | frames.voiced)
    reach = int(round(rules.fit_reach_s / frames.frame_s))
    if reach:
        core = np.convolve(core.astype(np.int32), np.ones(2 * reach + 1, dtype=np.int32), mode="same") > 0
    extend = int(round(rules.max_extend_s / frames.frame_s))
    fitted: list[Word] = []
    for i, word in enumerate(words):
        first, last = frames.frame_at(word.start_s), frames.frame_at(word.end_s)
        inside = np.flatnonzero(core[first : last + 1])
        if last <= first or len(inside) == 0:
            fitted.append(word)
            continue
        start_frame, end_frame = first + inside[0], first + inside[-1]
        previous_end = fitted[-1].end_s if fitted else 0.0
        next_start = words[i + 1].start_s if i + 1 < len(words) else float("inf")
        if start_frame == first:  # speech already at the start: it may have begun earlier
            while start_frame > 0 and core[start_frame - 1] and first - start_frame < extend:
                start_frame -= 1
        if end_frame == last:
            while end_frame + 1 < frames.n_frames and core[end_frame + 1] and end_frame - last < extend:
                end_frame += 1
        start = max(float(frames.times_s[start_frame] - frames.frame_s / 2), previous_end, 0.0)
        end = min(float(frames.times_s[end_frame] + frames.frame_s / 2), max(next_start, word.end_s))
        fitted.append(Word(text=word.text, start_s=round(start, 3), end_s=round(max(end, start), 3),
                           probability=word.probability, source=word.source))
    return tuple(fitted)


def cut_loops(words: tuple[Word, ...], *, rules: GuardRules = DEFAULT_GUARD_RULES) -> tuple[Word, ...]:
    """``words`` with runs of back-to-back repeated phrases cut to what people say.

    Filled pauses are left alone: "uh uh uh" is checked against the sound instead.
    """
    keys = [_key(w.text) for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        cut_to = None
        for n in range(1, rules.longest_loop_words + 1):
            phrase = keys[i : i + n]
            if len(phrase) < n or any(is_filled_pause(w.text) for w in words[i : i + n]):
                break
            repeats = 1
            while keys[i + repeats * n : i + (repeats + 1) * n] == phrase:
                repeats += 1
            allowed = rules.max_word_repeats if n == 1 else rules.max_phrase_repeats
            if repeats > allowed:
                for j in range(i + allowed * n, i + repeats * n):
                    keep[j] = False
                cut_to = i + repeats * n
                break
        i = cut_to if cut_to is not None else i + 1
    return tuple(w for w, k in zip(words, keep) if k)


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum() or c == "'")
