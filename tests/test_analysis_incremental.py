"""AnswerAnalyzer: the analysis fed while the answer is recorded equals the analysis after it.

Real speech (the project's generated fixtures) is fed in uneven pieces and the result is
compared with ``analyze_answer`` on the whole recording: they must be equal, field for field.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from itertools import cycle
from pathlib import Path

import numpy as np
import pytest

from tests.test_analysis_signals import glide, silence, tone, words_at
from voice_coach.analysis import (
    AnalysisInputError,
    AnswerAnalyzer,
    Calibration,
    DEFAULT_THRESHOLDS,
    analyze_answer,
)
from voice_coach.analysis.pitch import PitchTracker, track_pitch
from voice_coach.audio import SAMPLE_RATE
from voice_coach.audio.files import load_audio
from voice_coach.speech.transcript import Transcript, Word

FIXTURES = Path(__file__).resolve().parent.parent / "audio_fixtures"
LONG_ANSWER = FIXTURES / "test" / "answer_long.flac"  # 62 s: six full 10 s pitch chunks and a rest
DEMO_ANSWERS = sorted((FIXTURES / "demo" / "round2").glob("*.flac"))
CALIBRATION = Calibration(loudness_dbfs=-22.0, pitch_median_hz=120.0)
_SOUNDING_DBFS = -50.0  # a 10 ms frame louder than this is speech in the generated fixtures


@lru_cache(maxsize=None)
def _recording(path: Path) -> tuple[np.ndarray, Transcript]:
    """A fixture's audio, and its script as words spread evenly over where it sounds."""
    audio = load_audio(path)
    frames = audio[: audio.shape[0] // 160 * 160].reshape(-1, 160).astype(np.float64)
    sounding = np.flatnonzero(10 * np.log10(np.mean(frames**2, axis=1) + 1e-12) > _SOUNDING_DBFS)
    first_s, last_s = sounding[0] * 0.01, (sounding[-1] + 1) * 0.01
    texts = path.with_suffix(".txt").read_text(encoding="utf-8").split()
    slot_s = (last_s - first_s) / len(texts)
    words = tuple(
        Word(text=text, start_s=first_s + i * slot_s, end_s=first_s + (i + 0.8) * slot_s, probability=0.9)
        for i, text in enumerate(texts)
    )
    audio.setflags(write=False)
    return audio, Transcript(words=words, duration_s=audio.shape[0] / SAMPLE_RATE)


def _pieces(audio: np.ndarray, sizes_s) -> list[np.ndarray]:
    """``audio`` cut into consecutive pieces of the given lengths (cycled), in seconds."""
    pieces, start = [], 0
    for size_s in cycle(sizes_s):
        if start >= audio.shape[0]:
            return pieces
        end = start + int(round(size_s * SAMPLE_RATE))
        pieces.append(audio[start:end].copy())  # a recorder hands out fresh blocks
        start = end


def _fed(audio: np.ndarray, transcript: Transcript, sizes_s, **options):
    analyzer = AnswerAnalyzer(**options)
    for piece in _pieces(audio, sizes_s):
        analyzer.add_audio(piece)
    return analyzer.finish(transcript)


def _assert_same(fed, whole) -> None:
    assert fed.to_dict() == whole.to_dict()
    assert fed == whole and fed.filler_word_flags == whole.filler_word_flags


# --- equal to the analysis of the whole recording -------------------------------------------------

UNEVEN = (0.37, 3.0, 7.1, 1 / SAMPLE_RATE, 0.0, 2.4999)  # includes one-sample and empty pieces


@pytest.mark.parametrize("sizes_s", [(0.37,), (3.0,), (7.1,), UNEVEN], ids=["0.37s", "3s", "7.1s", "uneven"])
def test_a_long_answer_fed_in_pieces_equals_the_whole_answer(sizes_s) -> None:
    audio, transcript = _recording(LONG_ANSWER)
    options = dict(calibration=CALIBRATION, question_end_s=0.1)
    whole = analyze_answer(audio, transcript, **options)
    assert whole.energy.pitch_median_hz is not None and whole.pacing.pause_count  # something to compare
    _assert_same(_fed(audio, transcript, sizes_s, **options), whole)


@pytest.mark.parametrize("path", DEMO_ANSWERS, ids=lambda p: p.stem)
def test_demo_answers_fed_in_pieces_equal_the_whole_answers(path: Path) -> None:
    audio, transcript = _recording(path)
    whole = analyze_answer(audio, transcript, question_end_s=0.0)
    assert whole.fillers.count > 0 or whole.fillers.repetitions or whole.pacing.words > 20
    _assert_same(_fed(audio, transcript, (3.0, 0.37), question_end_s=0.0), whole)


def test_the_loudest_moment_at_the_end_still_gives_the_same_result() -> None:
    # Chunks tracked before the peak arrives are judged against a lower peak at first; the
    # path search is re-run for them at the end.
    audio, transcript = _recording(LONG_ANSWER)
    split = 50 * SAMPLE_RATE
    late_peak = np.concatenate([audio[:split] * 0.4, audio[split:]]).astype(np.float32)
    assert np.argmax(np.abs(late_peak)) >= split

    tracker = PitchTracker(sample_rate=SAMPLE_RATE, thresholds=DEFAULT_THRESHOLDS)
    for piece in _pieces(late_peak, (1.3,)):
        tracker.add(piece)
    fed = tracker.finish()
    whole = track_pitch(late_peak, sample_rate=SAMPLE_RATE, thresholds=DEFAULT_THRESHOLDS)
    np.testing.assert_array_equal(fed.times_s, whole.times_s)
    np.testing.assert_array_equal(fed.f0_hz, whole.f0_hz)
    _assert_same(_fed(late_peak, transcript, (2.0,)), analyze_answer(late_peak, transcript))


def test_pitch_pieces_give_what_one_call_on_the_whole_answer_gives() -> None:
    # The point of setting every piece's silence threshold from the whole answer's peak:
    # where the audio is cut does not change the track.
    import parselmouth

    audio, _ = _recording(LONG_ANSWER)
    audio = audio[: 25 * SAMPLE_RATE]  # three pieces, whole 10 ms steps
    pieces = track_pitch(audio, sample_rate=SAMPLE_RATE, thresholds=DEFAULT_THRESHOLDS)
    sound = parselmouth.Sound(audio.astype(np.float64), sampling_frequency=SAMPLE_RATE)
    one_call = sound.to_pitch_ac(time_step=0.01, pitch_floor=75.0, pitch_ceiling=500.0)
    f0 = one_call.selected_array["frequency"]
    np.testing.assert_allclose(pieces.times_s, one_call.xs(), atol=1e-9)
    np.testing.assert_array_equal(pieces.voiced, f0 > 0)
    np.testing.assert_allclose(pieces.f0_hz[pieces.voiced], f0[f0 > 0], rtol=1e-9)


def test_audio_fed_from_a_background_thread_equals_the_whole_answer() -> None:
    audio, transcript = _recording(DEMO_ANSWERS[0])
    analyzer = AnswerAnalyzer(question_end_s=0.0)
    feeder = threading.Thread(target=lambda: [analyzer.add_audio(p) for p in _pieces(audio, (0.5,))])
    feeder.start()
    feeder.join()
    _assert_same(analyzer.finish(transcript), analyze_answer(audio, transcript, question_end_s=0.0))


def test_another_sample_rate_fed_in_pieces_equals_the_whole_answer() -> None:
    rate = 22_050
    t = np.arange(int(12.3 * rate)) / rate
    audio = (0.1 * np.sin(2 * np.pi * 150 * t * (1 + 0.02 * np.sin(2 * np.pi * 0.5 * t)))).astype(np.float32)
    audio[int(5 * rate) : int(6 * rate)] = 0.0  # a pause
    transcript = words_at(("One", 0.2, 4.8), ("two.", 6.2, 12.0))
    analyzer = AnswerAnalyzer(sample_rate=rate)
    for start in range(0, audio.shape[0], 7_919):
        analyzer.add_audio(audio[start : start + 7_919])
    fed = analyzer.finish(transcript)
    _assert_same(fed, analyze_answer(audio, transcript, sample_rate=rate))
    assert fed.pacing.pause_count == 1


# --- known answers --------------------------------------------------------------------------------


def test_a_220_hz_tone_fed_in_pieces_reads_220_hz() -> None:
    audio = tone(220, 23.0)
    transcript = words_at(("Hello", 0.1, 22.9))
    fed = _fed(audio, transcript, (0.37, 3.0, 7.1))
    assert fed.energy.pitch_median_hz == pytest.approx(220, abs=3)
    assert fed.energy.pitch_var_st == pytest.approx(0.0, abs=0.05)
    _assert_same(fed, analyze_answer(audio, transcript))


def test_an_octave_glide_across_chunks_varies_as_in_one_piece() -> None:
    audio = glide(120, 240, 16.0)
    transcript = words_at(("Hello", 0.1, 15.9))
    fed = _fed(audio, transcript, (0.37,))
    assert fed.energy.pitch_var_st == pytest.approx(12 / np.sqrt(12), abs=0.2)
    _assert_same(fed, analyze_answer(audio, transcript))


def test_no_audio_at_all_is_analysed_like_the_whole_path_does() -> None:
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(np.zeros(0, dtype=np.float32))
    fed = analyzer.finish(Transcript())
    _assert_same(fed, analyze_answer(np.zeros(0, dtype=np.float32), Transcript()))
    assert fed.duration_s == 0.0 and fed.energy.loudness_dbfs is None and fed.pacing.wpm is None
    assert AnswerAnalyzer().finish(Transcript()) == fed


def test_silence_fed_in_pieces_is_analysed_like_the_whole_path_does() -> None:
    audio = silence(14.0)
    transcript = words_at(("Hello", 1.0, 2.0))
    fed = _fed(audio, transcript, (0.37, 3.0))
    _assert_same(fed, analyze_answer(audio, transcript))
    assert fed.energy.loudness_dbfs is None and fed.energy.pitch_median_hz is None


# --- how it is used -------------------------------------------------------------------------------


def test_duration_counts_the_audio_added() -> None:
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(tone(200, 1.5))
    analyzer.add_audio(tone(200, 0.25)[:, None])  # a recorder's (n, 1) block
    assert analyzer.duration_s == pytest.approx(1.75)
    assert analyzer.finish(Transcript()).duration_s == 1.75


def test_finish_can_be_asked_again_with_a_corrected_transcript() -> None:
    audio, transcript = _recording(DEMO_ANSWERS[1])
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(audio)
    first = analyzer.finish(transcript)
    assert analyzer.finish(transcript) == first
    fewer = Transcript(words=transcript.words[:10], duration_s=transcript.duration_s)
    _assert_same(analyzer.finish(fewer), analyze_answer(audio, fewer))


def test_audio_added_after_finish_is_refused() -> None:
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(tone(200, 1.0))
    analyzer.finish(Transcript())
    with pytest.raises(AnalysisInputError, match="after finish"):
        analyzer.add_audio(tone(200, 1.0))


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        (np.zeros(1_600, dtype=np.int16), "floating point"),
        (np.zeros((1_600, 2), dtype=np.float32), "mono"),
        (np.array([0.0, np.inf], dtype=np.float32), "NaN or infinite"),
    ],
)
def test_unusable_blocks_are_refused_and_the_answer_goes_on(samples, message: str) -> None:
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(tone(200, 1.0))
    with pytest.raises(AnalysisInputError, match=message):
        analyzer.add_audio(samples)
    analyzer.add_audio(tone(200, 1.0))
    assert analyzer.duration_s == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"sample_rate": 16_000.0}, "sample_rate"), ({"question_end_s": float("nan")}, "question_end_s")],
)
def test_bad_options_are_refused_before_any_audio(options: dict, message: str) -> None:
    with pytest.raises(AnalysisInputError, match=message):
        AnswerAnalyzer(**options)


def test_a_bad_transcript_is_refused_at_finish() -> None:
    analyzer = AnswerAnalyzer()
    analyzer.add_audio(tone(200, 1.0))
    with pytest.raises(AnalysisInputError, match="ends before it starts"):
        analyzer.finish(words_at(("odd", 0.5, 0.2)))
