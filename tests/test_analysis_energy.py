"""Energy: loudness of voiced frames, its spread across phrases, pitch and monotone stretches."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.test_analysis_signals import (
    espeak_speech,
    flatten_pitch,
    glide,
    requires_espeak,
    silence,
    tone,
    words_at,
)
from voice_coach.analysis import AnalysisInputError, Calibration, analyze_answer, compare_answers, measure_calibration
from voice_coach.errors import VoiceCoachError
from voice_coach.speech.transcript import Transcript

ANSWER = "so the team moved the whole service to a new database without any downtime at all"


def _answer(audio: np.ndarray, **kwargs):
    duration_s = audio.shape[0] / 16_000
    return analyze_answer(audio, words_at(("Hello", 0.1, duration_s - 0.1)), **kwargs)


def test_a_220_hz_tone_reads_220_hz_and_no_variation() -> None:
    energy = _answer(tone(220, 3.0)).energy
    assert energy.pitch_median_hz == pytest.approx(220, abs=3)
    assert energy.pitch_var_st == pytest.approx(0.0, abs=0.05)


@pytest.mark.parametrize("freq_hz", [90, 150, 300, 450])
def test_tones_across_the_speech_range_read_their_pitch(freq_hz: float) -> None:
    assert _answer(tone(freq_hz, 2.0)).energy.pitch_median_hz == pytest.approx(freq_hz, rel=0.015)


def test_loudness_of_a_sine_is_its_rms_in_dbfs() -> None:
    energy = _answer(tone(220, 3.0, amplitude=0.1)).energy
    assert energy.loudness_dbfs == pytest.approx(20 * math.log10(0.1 / math.sqrt(2)), abs=0.1)


def test_loudness_ignores_the_silence_around_the_voice() -> None:
    audio = np.concatenate([silence(2.0), tone(220, 1.0, amplitude=0.1), silence(3.0)])
    assert _answer(audio).energy.loudness_dbfs == pytest.approx(-23.01, abs=0.2)


def test_a_copy_6_db_quieter_reads_6_db_quieter() -> None:
    audio = tone(220, 3.0, amplitude=0.2)
    loud = _answer(audio).energy.loudness_dbfs
    quiet = _answer(audio * 10 ** (-6 / 20)).energy.loudness_dbfs
    assert loud - quiet == pytest.approx(6.0, abs=0.5)


@requires_espeak
def test_speech_6_db_quieter_reads_6_db_quieter_and_its_energy_is_worse() -> None:
    audio, transcript = espeak_speech(ANSWER)
    loud = analyze_answer(audio, transcript)
    quiet = analyze_answer((audio * 10 ** (-6 / 20)).astype(np.float32), transcript)
    assert loud.energy.loudness_dbfs - quiet.energy.loudness_dbfs == pytest.approx(6.0, abs=0.5)
    comparison = compare_answers(quiet, loud)
    assert comparison.verdict("energy").status == "worse"
    assert comparison.deltas.loudness_db == pytest.approx(-6.0, abs=0.5)


def test_an_octave_glide_varies_and_is_not_monotone() -> None:
    energy = _answer(glide(120, 240, 8.0)).energy
    # A linear-in-semitones sweep over 12 st has a standard deviation of 12 / sqrt(12) = 3.46 st.
    assert energy.pitch_var_st == pytest.approx(12 / math.sqrt(12), abs=0.2)
    assert energy.monotone_windows == ()


def test_a_flat_stretch_is_reported_as_a_monotone_window() -> None:
    audio = np.concatenate([tone(180, 8.0), glide(120, 240, 8.0)])
    transcript = words_at(("Start", 0.0, 1.0), ("end.", 15.0, 16.0))
    windows = analyze_answer(audio, transcript).energy.monotone_windows
    assert [(w.start_s, w.end_s) for w in windows] == [(0.0, 8.0)]
    assert windows[0].pitch_var_st < 0.1


def test_loudness_variation_is_the_spread_of_phrase_levels() -> None:
    # Four phrases alternating 6 dB apart: levels x, x-6, x, x-6 -> standard deviation 3 dB.
    quiet = 10 ** (-6 / 20)
    phrases = [tone(200, 1.0, amplitude=a) for a in (0.2, 0.2 * quiet, 0.2, 0.2 * quiet)]
    audio = np.concatenate([silence(0.3), *sum(([p, silence(0.6)] for p in phrases), [])])
    energy = _answer(audio).energy
    assert energy.loudness_var_db == pytest.approx(3.0, abs=0.1)


def test_one_phrase_has_no_loudness_variation() -> None:
    assert _answer(tone(200, 3.0)).energy.loudness_var_db is None


def test_silence_has_no_loudness_and_no_pitch() -> None:
    energy = _answer(silence(3.0)).energy
    assert energy.loudness_dbfs is None
    assert energy.pitch_median_hz is None and energy.pitch_var_st is None
    assert energy.monotone_windows == ()


def test_unvoiced_noise_has_loudness_but_no_pitch() -> None:
    rng = np.random.default_rng(0)
    noise = (0.05 * rng.standard_normal(3 * 16_000)).astype(np.float32)
    energy = _answer(noise).energy
    assert energy.loudness_dbfs == pytest.approx(20 * math.log10(0.05), abs=0.5)
    assert energy.pitch_median_hz is None


@requires_espeak
def test_flattened_speech_varies_less() -> None:
    audio, transcript = espeak_speech(ANSWER)
    lively = analyze_answer(audio, transcript).energy.pitch_var_st
    flat = analyze_answer(flatten_pitch(audio, keep_fraction=0.3), transcript).energy.pitch_var_st
    assert lively > 2.0
    assert flat == pytest.approx(0.3 * lively, abs=0.35)


# --- calibration ---------------------------------------------------------------------------------


def test_calibration_reads_the_level_and_pitch_of_the_reading() -> None:
    calibration = measure_calibration(tone(200, 3.0, amplitude=0.1))
    assert calibration.loudness_dbfs == pytest.approx(-23.01, abs=0.1)
    assert calibration.pitch_median_hz == pytest.approx(200, abs=3)
    assert Calibration.from_dict(calibration.to_dict()) == calibration


def test_loudness_is_also_given_against_the_calibration() -> None:
    calibration = measure_calibration(tone(200, 3.0, amplitude=0.1))
    energy = _answer(tone(200, 3.0, amplitude=0.05), calibration=calibration).energy
    assert energy.loudness_vs_calibration_db == pytest.approx(-6.02, abs=0.1)
    assert _answer(tone(200, 3.0)).energy.loudness_vs_calibration_db is None


def test_calibrated_loudness_compares_fairly_across_microphone_gains() -> None:
    # Round 2 recorded with the gain 10 dB lower: raw levels differ, the voice did not.
    gain = 10 ** (-10 / 20)
    reading, answer = tone(200, 3.0, amplitude=0.1), tone(200, 3.0, amplitude=0.08)
    first = _answer(answer, calibration=measure_calibration(reading))
    second = _answer(answer * gain, calibration=measure_calibration(reading * gain))
    comparison = compare_answers(second, first)
    assert comparison.deltas.loudness_db == pytest.approx(0.0, abs=0.1)
    assert comparison.verdict("energy").status == "same"
    # Without calibration on one side the raw levels are all there is.
    uncalibrated = compare_answers(_answer(answer * gain), first)
    assert uncalibrated.verdict("energy").status == "worse"


def test_calibration_of_silence_is_refused_with_a_reason() -> None:
    with pytest.raises(AnalysisInputError, match="no speech"):
        measure_calibration(silence(2.0))


# --- input checks at the boundary ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("audio", "message"),
    [
        (np.zeros(16_000, dtype=np.int16), "floating point"),
        (np.zeros((16_000, 2), dtype=np.float32), "mono"),
        (np.array([0.0, np.nan], dtype=np.float32), "NaN"),
        ([0.0, 0.1], "numpy array"),
    ],
)
def test_unusable_audio_is_refused_with_what_to_do(audio, message: str) -> None:
    with pytest.raises(AnalysisInputError, match=message) as raised:
        analyze_answer(audio, Transcript())
    assert isinstance(raised.value, VoiceCoachError) and isinstance(raised.value, ValueError)


def test_a_column_vector_is_accepted_as_mono() -> None:
    assert _answer(tone(220, 1.0)[:, None]).energy.pitch_median_hz == pytest.approx(220, abs=3)


@pytest.mark.parametrize("rate", [0, 16_000.0, 1_000, True])
def test_a_bad_sample_rate_is_refused(rate) -> None:
    with pytest.raises(AnalysisInputError, match="sample_rate"):
        analyze_answer(tone(220, 1.0), Transcript(), sample_rate=rate)


def test_words_that_end_before_they_start_are_refused() -> None:
    with pytest.raises(AnalysisInputError, match="ends before it starts"):
        analyze_answer(tone(220, 1.0), words_at(("odd", 0.5, 0.2)))


def test_other_sample_rates_are_measured_in_seconds_and_hertz() -> None:
    t = np.arange(3 * 22_050) / 22_050
    audio = (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    analysis = analyze_answer(audio, words_at(("Hello", 0.1, 2.9)), sample_rate=22_050)
    assert analysis.duration_s == pytest.approx(3.0)
    assert analysis.energy.pitch_median_hz == pytest.approx(220, abs=3)
