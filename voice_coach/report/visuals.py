"""The charts of one answer: against round 1 when it was compared, on its own otherwise."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from voice_coach.analysis import AnswerAnalysis
from voice_coach.errors import VoiceCoachError
from voice_coach.report.contours import Contours, contours_from_file
from voice_coach.report.model import AnswerReport, SessionReport
from voice_coach.report.plots import PaceSeries, Plot, contours_chart, deltas_chart, pace_chart
from voice_coach.storage import AnswerRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerPlots:
    """The charts for one answer; each is None when there was nothing to draw."""

    deltas: Optional[Plot]  # round 2 only
    contours: Optional[Plot]
    pace: Optional[Plot]
    notes: tuple[str, ...] = ()  # why a chart is missing ("the recording is gone")


def answer_plots(report: SessionReport, answer: AnswerReport) -> AnswerPlots:
    """Draw ``answer``'s charts; recordings that cannot be read leave their chart out with a note."""
    notes: list[str] = []
    baseline = answer.baseline
    this_label = f"Round {report.session.round_number}"
    reference, baseline_reference = _loudness_references(report, answer)

    contour_series: list[tuple[str, int, Contours]] = []
    pace_series: list[PaceSeries] = []
    if baseline is not None:
        then = _contours(baseline.answer, baseline_reference, notes, "the round-1 answer")
        if then is not None:
            contour_series.append((f"Round {baseline.session.round_number}", baseline.session.round_number, then))
        if baseline.analysis is not None:
            pace_series.append(_pace(f"Round {baseline.session.round_number}", baseline.session.round_number,
                                     baseline.analysis))
    now = _contours(answer.answer, reference, notes, "this answer")
    if now is not None:
        contour_series.append((this_label, report.session.round_number, now))
    if answer.analysis is not None:
        pace_series.append(_pace(this_label, report.session.round_number, answer.analysis))

    return AnswerPlots(
        deltas=deltas_chart(answer.changes) if any(c.relative is not None for c in answer.changes) else None,
        contours=contours_chart(contour_series) if contour_series else None,
        pace=pace_chart(pace_series) if any(s.windows for s in pace_series) else None,
        notes=tuple(notes),
    )


def _loudness_references(report: SessionReport, answer: AnswerReport) -> tuple[Optional[float], Optional[float]]:
    """Calibration levels to subtract: both sides' or neither's, as the comparison does."""
    mine = _calibration_dbfs(report.session.calibration)
    if answer.baseline is None:
        return mine, None
    theirs = _calibration_dbfs(answer.baseline.session.calibration)
    if mine is None or theirs is None:
        return None, None
    return mine, theirs


def _calibration_dbfs(calibration: Optional[dict]) -> Optional[float]:
    value = (calibration or {}).get("loudness_dbfs")
    return None if value is None else float(value)


def _contours(answer: AnswerRecord, reference: Optional[float], notes: list[str], which: str) -> Optional[Contours]:
    if answer.audio_path is None:
        return None
    try:
        return contours_from_file(answer.audio_path, reference_dbfs=reference)
    except VoiceCoachError as e:
        logger.warning("no contours for %s: %s", answer.audio_path, e)
        notes.append(f"No pitch and loudness chart for {which}: {e}")
        return None


def _pace(label: str, round_number: int, analysis: AnswerAnalysis) -> PaceSeries:
    windows = tuple((w.start_s, w.wpm) for w in analysis.pacing.pace_timeline)
    first = windows[0][0] if windows else 0.0
    spoken_s = 60.0 * analysis.pacing.words / analysis.pacing.wpm if analysis.pacing.wpm else 0.0
    return PaceSeries(label=label, round_number=round_number, windows=windows,
                      end_s=first + spoken_s, mean_wpm=analysis.pacing.wpm)
