"""Every number that decides what counts as a pause, a monotone stretch or a worse answer.

One frozen dataclass, one place: change a field here (or pass a modified copy with
``dataclasses.replace(DEFAULT_THRESHOLDS, ...)``) and every measure and verdict follows.
Verdicts compare a candidate with their own first round, so most fields are *changes*
from that baseline, not fixed norms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    """Settings for measuring an answer and for judging it against a baseline."""

    # --- measuring: pauses and phrases -------------------------------------------------
    pause_min_s: float = 0.5
    """A silent stretch inside the answer at least this long is a pause."""

    long_pause_min_s: float = 2.0
    """A pause at least this long is also counted as a long pause."""

    articulation_pause_min_s: float = 0.25
    """Silences at least this long are left out of speaking time for ``articulation_wpm``,
    and split the answer into phrases for ``loudness_var_db``."""

    pace_window_s: float = 10.0
    """Width of the windows of ``pace_timeline``."""

    pace_window_min_s: float = 3.0
    """A last, partial pace window shorter than this is folded into the one before it."""

    # --- measuring: voice activity ----------------------------------------------------
    silence_below_speech_db: float = 35.0
    """A frame this many dB or more below the answer's loud (99th percentile) frames is
    silent, however low the noise floor is."""

    silence_above_floor_fraction: float = 0.3
    """Between the noise floor (10th percentile frame) and the loud frames, the silence
    threshold sits this fraction of the way up from the floor."""

    silence_min_below_speech_db: float = 12.0
    """The silence threshold is never closer than this many dB to the loud frames, so an
    answer with no pause at all does not have its quieter syllables called silence."""

    # --- measuring: pitch -------------------------------------------------------------
    pitch_floor_hz: float = 75.0
    """Lowest F0 the pitch tracker looks for (deep adult voices reach about 80 Hz)."""

    pitch_ceiling_hz: float = 500.0
    """Highest F0 the pitch tracker looks for (excited high voices stay below about 450 Hz)."""

    pitch_outlier_st: float = 12.0
    """Voiced frames more than this many semitones (an octave) from the median are treated
    as octave errors of the tracker and left out of ``pitch_var_st``."""

    monotone_window_s: float = 8.0
    """Width of the windows checked for monotone delivery."""

    monotone_max_var_st: float = 2.0
    """A window whose pitch varies by less than this (semitones, standard deviation) is
    monotone."""

    monotone_min_voiced_s: float = 1.5
    """A window needs at least this much voiced speech to be judged at all."""

    # --- verdicts against the candidate's own first round -----------------------------
    pace_change_fraction: float = 0.15
    """Words per minute changed by more than this fraction (either way) is flagged as
    worse: a steady pace is the goal, rushing and dragging are both flagged."""

    fillers_per_100_words_change: float = 2.0
    """Fillers per 100 words up by at least this is worse, down by at least this is better."""

    loudness_change_db: float = 3.0
    """Loudness down by at least this many dB is worse (less energy), up by it is better."""

    pitch_var_change_fraction: float = 0.25
    """Pitch variation (semitones) down by at least this fraction is worse (flatter),
    up by it is better (livelier)."""

    length_change_fraction: float = 0.40
    """Answer length changed by more than this fraction (either way) is flagged as worse:
    much shorter usually means a missing example, much longer means rambling."""

    # --- spoken feedback on a first-round answer (no baseline yet) --------------------
    feedback_fillers_per_100_words: float = 5.0
    """A first-round answer with at least this many fillers per 100 words gets a filler hint."""

    feedback_slow_wpm: float = 110.0
    """Below this pace a first-round answer gets a hint to pick up the pace."""

    feedback_fast_wpm: float = 180.0
    """Above this pace a first-round answer gets a hint to slow down."""

    feedback_latency_s: float = 4.0
    """A first-round answer that starts later than this after the question gets a hint."""

    # --- the session summary ------------------------------------------------------------
    fatigue_loudness_drop_db: float = 3.0
    """Across a round, a fitted loudness fall of at least this much (first to last answer)
    is a sign of fatigue."""

    fatigue_pitch_var_drop_fraction: float = 0.25
    """Across a round, a fitted fall in pitch variation of at least this fraction is a sign
    of fatigue."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ValueError(f"Thresholds.{item.name} must be a positive number, got {value!r}")
        if self.pitch_floor_hz >= self.pitch_ceiling_hz:
            raise ValueError(
                f"Thresholds.pitch_floor_hz ({self.pitch_floor_hz}) must be below "
                f"pitch_ceiling_hz ({self.pitch_ceiling_hz}); speech lies within 75-500 Hz"
            )
        if self.long_pause_min_s < self.pause_min_s:
            raise ValueError(
                f"Thresholds.long_pause_min_s ({self.long_pause_min_s}) must be at least "
                f"pause_min_s ({self.pause_min_s})"
            )


DEFAULT_THRESHOLDS = Thresholds()
