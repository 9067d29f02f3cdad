"""Delivery analysis of spoken answers, and comparison with the speaker's own first round.

Audio (float32 mono, 16 kHz) and its ``Transcript`` in, frozen results out:

- ``analyze_answer(audio, transcript, ...) -> AnswerAnalysis`` — pacing, fillers, energy;
- ``AnswerAnalyzer`` — the same analysis fed while the answer is recorded (``add_audio``),
  so that ``finish(transcript)`` has only the last seconds left to do;
- ``measure_calibration(audio) -> Calibration`` — the session's level, for fair loudness;
- ``compare_answers(answer, baseline) -> Comparison`` — deltas and ``Verdict``s per dimension;
- ``feedback_sentences(analysis, comparison)`` — what the coach says aloud after an answer;
- ``summarize_round(items) -> RoundSummary`` — energy held or dropped, fatigue across a round;
- ``Thresholds`` / ``DEFAULT_THRESHOLDS`` — every number that decides a verdict.

The stored JSON is described in CONTRACT.md beside this file.
"""

from voice_coach.analysis.answer import AnswerAnalysis, analyze_answer
from voice_coach.analysis.calibration import Calibration, measure_calibration
from voice_coach.analysis.compare import Comparison, Deltas, Verdict, compare_answers
from voice_coach.analysis.energy import Energy
from voice_coach.analysis.feedback import feedback_sentences
from voice_coach.analysis.fillers import Fillers
from voice_coach.analysis.incremental import AnswerAnalyzer
from voice_coach.analysis.pacing import Pacing
from voice_coach.analysis.round_summary import RoundSummary, summarize_round
from voice_coach.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds
from voice_coach.analysis.validation import AnalysisInputError

__all__ = [
    "AnalysisInputError",
    "AnswerAnalysis",
    "AnswerAnalyzer",
    "Calibration",
    "Comparison",
    "DEFAULT_THRESHOLDS",
    "Deltas",
    "Energy",
    "Fillers",
    "Pacing",
    "RoundSummary",
    "Thresholds",
    "Verdict",
    "analyze_answer",
    "compare_answers",
    "feedback_sentences",
    "measure_calibration",
    "summarize_round",
]
