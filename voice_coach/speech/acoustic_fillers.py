"""Filled pauses from the sound itself: finding, timing and checking "uh" and "um".

A filled pause is a held vowel ("uh"), often closing into a hum ("um"), said on one
pitch: voiced sound with a flat pitch and a steady spectrum. ``find_voiced_stretches``
finds such stretches; ``reconcile_fillers`` checks the speech model's fillers against
them, one gap between content words at a time:

- where the model wrote fillers in a gap, they are moved onto the most filler-like
  stretches of that gap, in time order, at most one filler per stretch (the model's
  own times for fillers are often 0.5-1 s off, and it writes ten "uh" for six);
- a filler written where its gap has no stretch goes to the nearest steady stretch within
  1 s (the model may have stretched a neighbouring word over it), or is dropped: the
  prompt that makes the model keep fillers also makes it invent some;
- a stretch of 150 ms to 2 s in a gap where the model wrote no filler, steadier and
  flatter still and next to a pause, becomes a filler of its own with
  ``source="acoustic"``: "um" when it ends in a nasal murmur, "hmm" when it is all
  murmur (then at least 0.3 s: nasals at the edge of words hum too, but briefly), else "uh";
- content words the model stretched over a filler are shortened to make room.

Entry point: ``reconcile_fillers(words, frames) -> tuple[Word, ...]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from voice_coach.speech.acoustics import FrameFeatures
from voice_coach.speech.filler_prompt import filled_pause_name
from voice_coach.speech.transcript import Word


@dataclass(frozen=True)
class FillerRules:
    """The numbers that decide what counts as a filled pause."""

    steady_change_db: float = 4.0  # a frame is steady when the spectrum moves less than this over 60 ms
    max_hole_s: float = 0.03  # voiced or steady runs bridge gaps this short
    min_stretch_s: float = 0.08  # shortest sound a model-written filler can be moved onto
    max_syllable_s: float = 0.4  # a sound between pauses this short is kept whatever its steadiness
    min_steady_part_s: float = 0.15  # a steady part of a longer sound that can be a filler on its own
    max_pitch_spread_st: float = 1.0  # flat pitch: standard deviation in semitones
    min_acoustic_s: float = 0.15  # shortest sound that becomes a filler without the model writing one
    max_acoustic_s: float = 2.0  # longer steady voice is a drawn-out word ("Mooontreal")
    min_acoustic_hum_s: float = 0.3  # a hum alone needs this much: nasals inside words hum too
    max_acoustic_change_db: float = 3.0  # an acoustic-only filler must be this steady (median)
    max_acoustic_pitch_spread_st: float = 1.0
    max_content_overlap: float = 0.5  # a stretch more than this much inside the model's words is a word
    max_snap_distance_s: float = 1.0  # how far a model filler may be moved to its sound
    nasal_rise_db: float = 8.0  # low-band energy rising this much at the end: the mouth closed, "um"
    nasal_level_db: float = 0.0  # low band above mid band all through: a hum, "hmm"


DEFAULT_FILLER_RULES = FillerRules()
_OCTAVE_ERROR_ST = 5.0  # pitch this far from a stretch's median is a tracking error, not intonation


@dataclass(frozen=True)
class VoicedStretch:
    """A stretch of sound that could be a filled pause."""

    start_s: float
    end_s: float
    steadiness: float  # 0..1: 1 when the spectrum does not move at all
    pitch_spread_st: float
    spectral_change_db: float  # median over the stretch, its first and last 30 ms left out
    name: str  # what it sounds like: "uh", "um" or "hmm"
    pause_before: bool  # silence right before it (within 50 ms)
    pause_after: bool

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def find_voiced_stretches(frames: FrameFeatures, *, rules: FillerRules = DEFAULT_FILLER_RULES) -> tuple[VoicedStretch, ...]:
    """Flat-pitched voiced stretches of ``frames`` that could be filled pauses, in time order.

    Two kinds: a whole sound between pauses (a short "uh" said on its own), and a steady
    part of a longer sound (an "um" run into the next word).
    """
    if frames.n_frames == 0:
        return ()
    hole = max(1, int(round(rules.max_hole_s / frames.frame_s)))
    sounding = frames.sounding()
    sonorant = sounding & (frames.voiced | (frames.nasal_db > rules.nasal_level_db))
    steady = sonorant & (frames.spectral_change_db < rules.steady_change_db)
    min_whole = int(round(rules.min_stretch_s / frames.frame_s))
    min_part = int(round(rules.min_steady_part_s / frames.frame_s))
    found: list[VoicedStretch] = []
    for run_start, run_end in _runs(sonorant, max_hole=hole):
        if run_end - run_start >= min_whole:
            whole = _describe(frames, sounding, run_start, run_end, rules)
            # A syllable-long sound is all onset and decay: its steadiness is judged later, in context.
            short = whole.duration_s <= rules.max_syllable_s
            if whole.pitch_spread_st <= rules.max_pitch_spread_st and (short or whole.spectral_change_db < rules.steady_change_db):
                found.append(whole)
                continue
        for part_start, part_end in _runs(steady[run_start:run_end], max_hole=hole):
            if part_end - part_start >= min_part:
                part = _describe(frames, sounding, run_start + part_start, run_start + part_end, rules)
                if part.pitch_spread_st <= rules.max_pitch_spread_st:
                    found.append(part)
    return tuple(found)


def reconcile_fillers(
    words: tuple[Word, ...], frames: FrameFeatures, *, rules: FillerRules = DEFAULT_FILLER_RULES
) -> tuple[Word, ...]:
    """The words with fillers checked, moved and added (see the module docstring), in time order.

    A gap is the time between two consecutive content words, and before the first and
    after the last; a model filler belongs to the gap it was written in, a stretch to the
    gap its centre lies in (stretches mostly inside a content word belong to none).
    """
    stretches = find_voiced_stretches(frames, rules=rules)
    content: list[Word] = []
    fillers_by_gap: dict[int, list[Word]] = {}
    for word in words:
        if filled_pause_name(word.text) is None:
            content.append(word)
        else:
            fillers_by_gap.setdefault(len(content), []).append(word)
    duration_s = float(frames.times_s[-1] + frames.frame_s) if frames.n_frames else 0.0

    stretches_by_gap: dict[int, list[int]] = {}
    for si, stretch in enumerate(stretches):
        inside = sum(_overlap(stretch.start_s, stretch.end_s, w.start_s, w.end_s) for w in content)
        if inside > rules.max_content_overlap * stretch.duration_s:
            continue  # mostly inside a word the model heard
        centre = (stretch.start_s + stretch.end_s) / 2
        gap = sum(1 for w in content if (w.start_s + w.end_s) / 2 <= centre)
        stretches_by_gap.setdefault(gap, []).append(si)

    placed: list[Word] = []
    claimed: set[int] = set()
    for gap in range(len(content) + 1):
        written = fillers_by_gap.get(gap, [])
        heard = stretches_by_gap.get(gap, [])
        if written and heard:
            # The model over-counts in runs of fillers ("uh uh uh" becomes ten) but rarely
            # under-counts with the prompt: as many fillers as it wrote, on the sounds
            # most like one, in time order.
            chosen = sorted(sorted(heard, key=lambda si: -_filler_likeness(stretches[si]))[: len(written)])
            for filler, si in zip(written, chosen):
                placed.append(_on_stretch(filler, stretches[si]))
                claimed.add(si)
        elif not written:
            for si in heard:
                if _acoustic_only_filler(stretches[si], rules):
                    placed.append(_acoustic_word(stretches[si]))
                    claimed.add(si)
    # Fillers written in a gap where no sound was found: the model may have stretched a
    # neighbouring word over the filler, so look for the nearest unclaimed sound.
    for gap, written in fillers_by_gap.items():
        if stretches_by_gap.get(gap):
            continue
        for filler in written:
            near = [(_distance(filler, stretches[si]), si) for si in range(len(stretches))
                    if si not in claimed and _distance(filler, stretches[si]) <= rules.max_snap_distance_s
                    and stretches[si].spectral_change_db < rules.steady_change_db]
            if near:
                _d, si = min(near)
                claimed.add(si)
                placed.append(_on_stretch(filler, stretches[si]))
            # else: no filled-pause sound near it: invented by the model, dropped

    trimmed = [_trim_around(word, placed) for word in content]
    merged = [w for w in trimmed if w is not None] + [w for w in placed if w.start_s < duration_s]
    return tuple(sorted(merged, key=lambda w: (w.start_s, w.end_s)))


def _filler_likeness(stretch: VoicedStretch) -> float:
    """Longer, steadier and set off by pauses: more like a filled pause."""
    pauses = 0.5 * (stretch.pause_before + stretch.pause_after)
    return min(stretch.duration_s, 1.0) * (0.5 + stretch.steadiness) * (0.5 + pauses)


def _on_stretch(filler: Word, stretch: VoicedStretch) -> Word:
    return replace(filler, start_s=round(stretch.start_s, 3), end_s=round(stretch.end_s, 3))


def _acoustic_word(stretch: VoicedStretch) -> Word:
    return Word(text=stretch.name, start_s=round(stretch.start_s, 3), end_s=round(stretch.end_s, 3),
                probability=round(stretch.steadiness, 4), source="acoustic")


def _acoustic_only_filler(stretch: VoicedStretch, rules: FillerRules) -> bool:
    if not rules.min_acoustic_s <= stretch.duration_s <= rules.max_acoustic_s:
        return False
    if stretch.spectral_change_db > rules.max_acoustic_change_db:
        return False
    if stretch.pitch_spread_st > rules.max_acoustic_pitch_spread_st:
        return False
    # Said on its own: a pause on one side. A hum run into the next word ("hmm, so") has
    # only one too; the nasal of a word ("him", "and") is shorter than a hesitating hum.
    if not (stretch.pause_before or stretch.pause_after):
        return False
    if stretch.name == "hmm" and stretch.duration_s < rules.min_acoustic_hum_s:
        return False
    return True


def _trim_around(word: Word, fillers: list[Word]) -> Word | None:
    """Shortens a word the model stretched over a filler; None if the filler covers it."""
    start, end = word.start_s, word.end_s
    for filler in fillers:
        if _overlap(start, end, filler.start_s, filler.end_s) <= 0:
            continue
        if filler.start_s - start >= end - filler.end_s:
            end = min(end, filler.start_s)  # the word came first and ran into the filler
        else:
            start = max(start, filler.end_s)
    if end <= start:
        # The model put the word inside the filler's sound; keep it at the filler's edge.
        return replace(word, start_s=round(end, 3), end_s=round(end, 3)) if word.end_s > word.start_s else word
    return replace(word, start_s=round(start, 3), end_s=round(end, 3))


def _describe(frames: FrameFeatures, sounding: np.ndarray, first: int, last: int, rules: FillerRules) -> VoicedStretch:
    edge = 3 if last - first > 8 else 0  # the change measure spans 60 ms: edges see the onset
    change = frames.spectral_change_db[first + edge : last - edge]
    change = change[np.isfinite(change)]
    median_change = float(np.median(change)) if len(change) else float("inf")
    f0 = frames.f0_hz[first:last]
    f0 = f0[np.isfinite(f0)]
    semitones = 12.0 * np.log2(f0 / np.median(f0)) if len(f0) else f0
    semitones = semitones[np.abs(semitones) < _OCTAVE_ERROR_ST]  # the tracker's octave jumps at voice onsets
    spread = float(np.std(semitones)) if len(semitones) >= 3 else 0.0
    nasal = frames.nasal_db[first:last]
    n = len(nasal)
    tail = nasal[n - max(3, int(0.3 * n)):]
    head = nasal[: max(3, int(0.4 * n))]
    rise = float(np.median(tail) - np.median(head))
    if rise >= rules.nasal_rise_db:
        name = "um"
    elif float(np.median(nasal)) > rules.nasal_level_db:
        name = "hmm"
    else:
        name = "uh"
    near = max(1, int(round(0.05 / frames.frame_s)))
    pause_before = first == 0 or not sounding[max(0, first - near):first].all()
    pause_after = last >= len(sounding) or not sounding[last:last + near].all()
    start_s = float(frames.times_s[first] - frames.frame_s / 2)
    end_s = float(frames.times_s[last - 1] + frames.frame_s / 2)
    steadiness = float(np.clip(1.0 - median_change / (2 * rules.steady_change_db), 0.0, 1.0))
    return VoicedStretch(start_s=max(start_s, 0.0), end_s=end_s, steadiness=steadiness,
                         pitch_spread_st=spread, spectral_change_db=median_change, name=name,
                         pause_before=pause_before, pause_after=pause_after)


def _runs(mask: np.ndarray, *, max_hole: int) -> list[tuple[int, int]]:
    """[start, end) index pairs of True runs, bridging False gaps of at most ``max_hole``."""
    runs: list[tuple[int, int]] = []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    for start, end in zip(edges[::2], edges[1::2]):
        if runs and start - runs[-1][1] <= max_hole:
            runs[-1] = (runs[-1][0], int(end))
        else:
            runs.append((int(start), int(end)))
    return runs


def _distance(word: Word, stretch: VoicedStretch) -> float:
    if word.end_s < stretch.start_s:
        return stretch.start_s - word.end_s
    if stretch.end_s < word.start_s:
        return word.start_s - stretch.end_s
    return 0.0


def _overlap(a_start: float, a_end: float, b_start: float, b_end: float) -> float:
    return max(0.0, min(a_end, b_end) - max(a_start, b_start))
