"""Pitch and loudness contours with known answers, and the charts drawn from them."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

from tests.test_report_model import SAMPLE_RATE, voiced
from voice_coach.report.changes import Change
from voice_coach.report.contours import measure_contours
from voice_coach.report.plots import PaceSeries, contours_chart, deltas_chart, pace_chart


def tone(freq_hz: float, duration_s: float, *, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(duration_s * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def test_a_220_hz_tone_has_a_220_hz_contour() -> None:
    contours = measure_contours(tone(220, 2.0))
    assert contours.median_pitch_hz == pytest.approx(220, abs=2)
    assert np.isfinite(contours.pitch_hz).mean() > 0.9
    assert contours.duration_s == pytest.approx(2.0)


def test_a_sine_reads_its_rms_level_and_a_copy_6_db_quieter_reads_6_db_lower() -> None:
    loud = measure_contours(tone(220, 2.0, amplitude=0.2))
    quiet = measure_contours(tone(220, 2.0, amplitude=0.2 * 10 ** (-6 / 20)))
    assert np.nanmedian(loud.loudness_db) == pytest.approx(20 * math.log10(0.2 / math.sqrt(2)), abs=0.1)
    assert np.nanmedian(loud.loudness_db) - np.nanmedian(quiet.loudness_db) == pytest.approx(6.0, abs=0.05)


def test_loudness_against_a_reference_is_the_difference() -> None:
    contours = measure_contours(tone(220, 1.0, amplitude=0.2), reference_dbfs=-20.0)
    assert np.nanmedian(contours.loudness_db) == pytest.approx(20 * math.log10(0.2 / math.sqrt(2)) + 20, abs=0.1)
    assert contours.loudness_reference == "dB re calibration"


def test_silence_is_a_gap_not_a_plunge() -> None:
    audio = np.concatenate([tone(150, 1.0), np.zeros(SAMPLE_RATE, np.float32), tone(150, 1.0)])
    contours = measure_contours(audio)
    middle = (contours.loudness_times_s > 1.2) & (contours.loudness_times_s < 1.8)
    assert np.all(np.isnan(contours.loudness_db[middle]))
    assert np.all(np.isnan(contours.pitch_hz[(contours.pitch_times_s > 1.2) & (contours.pitch_times_s < 1.8)]))


def test_too_short_audio_gives_empty_contours_and_stereo_is_refused() -> None:
    empty = measure_contours(np.zeros(10, np.float32))
    assert empty.pitch_hz.size == 0 and empty.loudness_db.size == 0 and empty.median_pitch_hz is None
    with pytest.raises(ValueError, match=r"mono, shape \(n,\); got shape \(10, 2\)"):
        measure_contours(np.zeros((10, 2), np.float32))


def _svg_root(svg: str):
    return ElementTree.fromstring(svg.encode("utf-8"))


def test_charts_are_well_formed_svg_without_script_and_reproducible() -> None:
    contours = measure_contours(voiced(1.5, f0_start_hz=120, f0_end_hz=180, amplitude=0.3))
    changes = (
        Change("pace", "Pace", -40.0, "\u221240 wpm (\u221225%)", -25 / 15, "worse", "slower"),
        Change("energy", "Energy", 1.0, "+1.0 dB", 1 / 3, "same", "held"),
        Change("pitch", "Pitch variation", 0.5, "+0.5 st", None, None, None),  # cannot be scaled: left out
    )
    charts = [
        deltas_chart(changes),
        contours_chart([("Round 1", 1, contours), ("Round 2", 2, contours)]),
        pace_chart([PaceSeries("Round 1", 1, ((0.3, 150.0), (10.3, 130.0)), 15.0, 140.0)]),
    ]
    for chart in charts:
        root = _svg_root(chart.svg)
        assert root.tag.endswith("svg")
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert chart.data_uri().startswith("data:image/svg+xml;base64,")
    assert "Pace \u221240 wpm (\u221225%) (worse)" in charts[0].alt
    assert "Pitch variation" not in charts[0].alt
    assert deltas_chart(changes).svg == charts[0].svg
