"""F0 of the voice with Praat's autocorrelation tracker (praat-parselmouth).

Praat is called on pieces of the answer: each keeps the frames of a 10 s chunk and is given
half a second more on both sides, so that Praat's path search sees context at the edges.
Memory stays bounded, and a live answer can be tracked while it is recorded
(``PitchTracker``), leaving only its last chunk for the end. All pieces begin and end on
whole 10 ms steps, so their frames lie on one grid.

Praat has one measure of the whole recording: its silence threshold is a fraction of the
recording's loudest sample. Every piece is given the threshold for the loudest sample of
the *whole answer*, so the track does not depend on where the audio was cut: on real speech
the pieces give frame for frame what one call on the whole answer gives. A live tracker
does not know that peak until the answer ends; it keeps Praat's candidates of each chunk
and, at the end, re-runs the path search (a Viterbi pass, well under a millisecond a chunk)
where the peak grew after the chunk was tracked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_coach.analysis.frames import FRAME_S
from voice_coach.analysis.thresholds import Thresholds
from voice_coach.errors import ModelError

_STEPS_PER_S = round(1 / FRAME_S)  # 100 pitch frames a second; pieces are cut on whole steps
_CHUNK_STEPS = 10 * _STEPS_PER_S  # 10 s of frames per call: all a live answer leaves for its end
_MARGIN_STEPS = _STEPS_PER_S // 2  # 0.5 s tracked on both sides of a chunk and dropped
_EDGE_SLACK_STEPS = 0.25  # frame centres fall on whole or half steps; chunk edges sit between them

# Praat's defaults for to_pitch_ac, named because the path search is run again with them.
_SILENCE_THRESHOLD = 0.03  # frames under 3 % of the answer's loudest sample lean towards unvoiced
_VOICING_THRESHOLD = 0.45
_OCTAVE_COST = 0.01
_OCTAVE_JUMP_COST = 0.35
_VOICED_UNVOICED_COST = 0.14


@dataclass(frozen=True)
class PitchTrack:
    """F0 every 10 ms; NaN where the tracker found no voicing."""

    times_s: np.ndarray  # float64, frame centres in seconds from the start of the audio
    f0_hz: np.ndarray  # float64, same shape; NaN = unvoiced

    @property
    def voiced(self) -> np.ndarray:
        return np.isfinite(self.f0_hz)


def track_pitch(audio: np.ndarray, *, sample_rate: int, thresholds: Thresholds) -> PitchTrack:
    """Run Praat's pitch tracker over ``audio`` (float32 mono) between the thresholds'
    pitch floor and ceiling, 10 s at a time. ``PitchTracker`` gives the same track for the
    same audio fed in pieces."""
    _parselmouth()
    n_steps = audio.shape[0] * _STEPS_PER_S // sample_rate
    pieces = _complete_pieces(n_steps, first_chunk=0)
    last = _last_piece(n_steps, first_chunk=len(pieces))
    peak = _peak(audio)
    tracked = [
        _track(piece, audio, audio_start=0, answer_peak=peak, sample_rate=sample_rate, thresholds=thresholds)
        for piece in pieces + ([last] if last is not None else [])
    ]
    return _joined(tracked)


class PitchTracker:
    """``track_pitch`` over audio that arrives in pieces of any size.

    Each 10 s chunk is tracked by ``add`` as soon as the half second after it has arrived;
    ``finish()`` tracks the rest and returns what ``track_pitch`` returns for all the audio
    added. Holds about 11 s of audio, and Praat's candidates for every chunk until the end
    (about 0.2 MB a chunk: 12 MB for 10 minutes). Call ``finish()`` once, after the last ``add``.
    """

    def __init__(self, *, sample_rate: int, thresholds: Thresholds) -> None:
        _parselmouth()  # fail now, not in the middle of an answer
        self._sample_rate = sample_rate
        self._thresholds = thresholds
        self._audio = np.zeros(0, dtype=np.float32)  # what pieces still to track need
        self._audio_start = 0  # sample index of self._audio[0] in the whole answer
        self._received = 0  # samples added
        self._peak = 0.0  # loudest sample so far
        self._next_chunk = 0
        self._tracked: list[_Tracked] = []

    def add(self, samples: np.ndarray) -> None:
        """Take the next ``samples`` (float32, mono) and track every chunk now complete."""
        self._peak = max(self._peak, _peak(samples))
        self._audio = np.concatenate((self._audio, samples))
        self._received += samples.shape[0]
        n_steps = self._received * _STEPS_PER_S // self._sample_rate
        for piece in _complete_pieces(n_steps, first_chunk=self._next_chunk):
            self._tracked.append(self._track(piece))
            self._next_chunk += 1
        keep_from = _sample(max(self._next_chunk * _CHUNK_STEPS - _MARGIN_STEPS, 0), self._sample_rate)
        if keep_from > self._audio_start:
            self._audio = self._audio[keep_from - self._audio_start :].copy()
            self._audio_start = keep_from

    def finish(self) -> PitchTrack:
        """Track what is left and return the whole answer's track."""
        n_steps = self._received * _STEPS_PER_S // self._sample_rate
        tracked = [self._with_final_peak(t) for t in self._tracked]
        last = _last_piece(n_steps, first_chunk=self._next_chunk)
        if last is not None:
            tracked.append(self._track(last))
        self._tracked = []
        return _joined(tracked)

    def _track(self, piece: _Piece) -> _Tracked:
        return _track(
            piece,
            self._audio,
            audio_start=self._audio_start,
            answer_peak=self._peak,
            sample_rate=self._sample_rate,
            thresholds=self._thresholds,
        )

    def _with_final_peak(self, tracked: _Tracked) -> _Tracked:
        """``tracked`` as if tracked knowing the whole answer's peak: the path search again."""
        if tracked.pitch is None or tracked.answer_peak == self._peak or tracked.own_peak == 0:
            return tracked
        tracked.pitch.path_finder(
            silence_threshold=_silence_threshold(tracked.own_peak, self._peak),
            voicing_threshold=_VOICING_THRESHOLD,
            octave_cost=_OCTAVE_COST,
            octave_jump_cost=_OCTAVE_JUMP_COST,
            voiced_unvoiced_cost=_VOICED_UNVOICED_COST,
            ceiling=self._thresholds.pitch_ceiling_hz,
        )
        times_s, f0_hz = _kept_frames(
            tracked.pitch, tracked.piece, sample_rate=self._sample_rate, thresholds=self._thresholds
        )
        return _Tracked(tracked.piece, None, tracked.own_peak, self._peak, times_s, f0_hz)


def semitones_from_median(f0_hz: np.ndarray, *, outlier_st: float) -> np.ndarray:
    """Voiced F0 values as semitones around their median, octave errors dropped."""
    voiced = f0_hz[np.isfinite(f0_hz)]
    if voiced.size == 0:
        return voiced
    st = 12.0 * np.log2(voiced / np.median(voiced))
    return st[np.abs(st) <= outlier_st]


def pitch_variation_st(f0_hz: np.ndarray, *, outlier_st: float) -> float | None:
    """Standard deviation of voiced F0 in semitones; None with fewer than two voiced frames."""
    st = semitones_from_median(f0_hz, outlier_st=outlier_st)
    return float(np.std(st)) if st.size >= 2 else None


# --- pieces -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """One call of Praat's tracker, in 10 ms steps from the start of the answer: it is given
    the audio of steps [audio_start, audio_end) and keeps the frames centred in
    [keep_start, keep_end)."""

    audio_start: int
    audio_end: int
    keep_start: int
    keep_end: float  # math.inf for the last piece


@dataclass(frozen=True)
class _Tracked:
    """A piece's kept frames, and what a live tracker needs to search its path again."""

    piece: _Piece
    pitch: Any  # parselmouth.Pitch with its candidates, or None when no search is left to redo
    own_peak: float  # the piece's peak as Praat measures it (around the piece's mean)
    answer_peak: float  # the answer's peak its silence threshold was set for
    times_s: np.ndarray
    f0_hz: np.ndarray


def _complete_pieces(n_steps: int, *, first_chunk: int) -> list[_Piece]:
    """The chunks from ``first_chunk`` on whose context after them lies within ``n_steps``:
    they are tracked the same whatever audio follows."""
    pieces = []
    chunk = first_chunk
    while (chunk + 1) * _CHUNK_STEPS + _MARGIN_STEPS <= n_steps:
        start = chunk * _CHUNK_STEPS
        pieces.append(
            _Piece(
                audio_start=max(start - _MARGIN_STEPS, 0),
                audio_end=start + _CHUNK_STEPS + _MARGIN_STEPS,
                keep_start=start,
                keep_end=start + _CHUNK_STEPS,
            )
        )
        chunk += 1
    return pieces


def _last_piece(n_steps: int, *, first_chunk: int) -> _Piece | None:
    """From chunk ``first_chunk`` to the end of an answer of ``n_steps``; None if nothing is left."""
    start = first_chunk * _CHUNK_STEPS
    if start >= n_steps:
        return None
    return _Piece(audio_start=max(start - _MARGIN_STEPS, 0), audio_end=n_steps, keep_start=start, keep_end=math.inf)


def _sample(step: int, sample_rate: int) -> int:
    return step * sample_rate // _STEPS_PER_S


def _track(
    piece: _Piece,
    audio: np.ndarray,
    *,
    audio_start: int,
    answer_peak: float,
    sample_rate: int,
    thresholds: Thresholds,
) -> _Tracked:
    """Run Praat on ``piece``; ``audio`` holds the answer's samples from ``audio_start`` on."""
    lo = _sample(piece.audio_start, sample_rate) - audio_start
    hi = _sample(piece.audio_end, sample_rate) - audio_start
    samples = audio[lo:hi].astype(np.float64)
    own_peak = _peak(samples - samples.mean()) if samples.size else 0.0
    empty = np.zeros(0)
    if samples.shape[0] < _min_samples(sample_rate, thresholds):
        return _Tracked(piece, None, own_peak, answer_peak, empty, empty)
    sound = _parselmouth().Sound(samples, sampling_frequency=sample_rate)
    pitch = sound.to_pitch_ac(
        time_step=FRAME_S,
        pitch_floor=thresholds.pitch_floor_hz,
        pitch_ceiling=thresholds.pitch_ceiling_hz,
        silence_threshold=_silence_threshold(own_peak, answer_peak),
        voicing_threshold=_VOICING_THRESHOLD,
        octave_cost=_OCTAVE_COST,
        octave_jump_cost=_OCTAVE_JUMP_COST,
        voiced_unvoiced_cost=_VOICED_UNVOICED_COST,
    )
    times_s, f0_hz = _kept_frames(pitch, piece, sample_rate=sample_rate, thresholds=thresholds)
    return _Tracked(piece, pitch, own_peak, answer_peak, times_s, f0_hz)


def _silence_threshold(own_peak: float, answer_peak: float) -> float:
    """Praat's threshold, relative to the piece's own peak, that puts silence at
    ``_SILENCE_THRESHOLD`` of the answer's peak."""
    return _SILENCE_THRESHOLD * answer_peak / own_peak if own_peak > 0 else _SILENCE_THRESHOLD


def _kept_frames(
    pitch: Any, piece: _Piece, *, sample_rate: int, thresholds: Thresholds
) -> tuple[np.ndarray, np.ndarray]:
    """Times (s from the answer's start) and F0 (NaN = unvoiced) of the frames ``piece`` keeps.

    Like Praat, a candidate at or above the ceiling counts as unvoiced. Such candidates tie
    with the 0 Hz one in the path search, which moves each frame's chosen candidate first: a
    search run again may pick one of them where the first search picked 0 Hz. Read this way,
    both searches give the same track.
    """
    times_s = pitch.xs() + _sample(piece.audio_start, sample_rate) / sample_rate
    f0_hz = pitch.selected_array["frequency"].astype(np.float64)
    steps = times_s * _STEPS_PER_S
    keep = (steps >= piece.keep_start - _EDGE_SLACK_STEPS) & (steps < piece.keep_end - _EDGE_SLACK_STEPS)
    voiced = (f0_hz > 0) & (f0_hz < thresholds.pitch_ceiling_hz)
    return times_s[keep], np.where(voiced, f0_hz, np.nan)[keep]


def _joined(tracked: list[_Tracked]) -> PitchTrack:
    if not tracked:
        return PitchTrack(times_s=np.zeros(0), f0_hz=np.zeros(0))
    return PitchTrack(
        times_s=np.concatenate([t.times_s for t in tracked]),
        f0_hz=np.concatenate([t.f0_hz for t in tracked]),
    )


def _peak(samples: np.ndarray) -> float:
    return float(np.max(np.abs(samples))) if samples.size else 0.0


def _parselmouth() -> Any:
    try:
        import parselmouth  # heavy; only the analysis needs it
    except ImportError as e:
        raise ModelError(
            "pitch analysis needs Praat's tracker: install it with "
            "`pip install praat-parselmouth` (or `make setup`)"
        ) from e
    return parselmouth


def _min_samples(sample_rate: int, thresholds: Thresholds) -> int:
    # Praat's window is three periods of the pitch floor; shorter sounds cannot be tracked.
    return int(np.ceil(3.0 / thresholds.pitch_floor_hz * sample_rate)) + 1
