"""The session's reference reading: one neutral sentence, read before the questions.

Its loudness and pitch make energy comparable across sessions recorded at different
microphone gains or distances.
"""

from __future__ import annotations

import logging

from voice_coach.analysis import AnalysisInputError, Calibration, measure_calibration
from voice_coach.audio.recorder import record_answer
from voice_coach.audio.sources import AnswerSource
from voice_coach.audio.voice_activity import EndpointSettings

log = logging.getLogger(__name__)

CALIBRATION_SENTENCE = "The quick brown fox jumps over the lazy dog near the bank of the river."
CALIBRATION_PROMPT = f"Before we start, please read this sentence aloud in your normal voice. {CALIBRATION_SENTENCE}"
# A read sentence has no thinking pauses: a shorter silence ends it.
CALIBRATION_SILENCE_S = 1.5


def record_calibration(source: AnswerSource, *, path, endpoint: EndpointSettings, view) -> Calibration | None:
    """Record the reference reading to ``path``, measure it, and delete the audio.

    Returns None (and says so) when nothing usable was heard: the session goes on,
    with energy compared uncalibrated.
    """
    settings = EndpointSettings(
        silence_s=min(endpoint.silence_s, CALIBRATION_SILENCE_S),
        no_speech_timeout_s=endpoint.no_speech_timeout_s,
        max_answer_s=30.0,
        speech_threshold=endpoint.speech_threshold,
        silence_threshold=endpoint.silence_threshold,
        min_speech_s=endpoint.min_speech_s,
    )
    try:
        recording = record_answer(
            source, path=path, settings=settings, new_turn=True,
            on_progress=lambda elapsed, level, speaking: view.listening(
                elapsed_s=elapsed, level_dbfs=level, speaking=speaking),
        )
    finally:
        view.listening_done()
        path.unlink(missing_ok=True)  # only its figures are kept
    if recording is None or not recording.heard_speech:
        view.notice("No reference reading heard; energy will be compared without it.")
        return None
    try:
        return measure_calibration(recording.audio, sample_rate=recording.sample_rate)
    except AnalysisInputError as e:
        log.info("calibration reading not usable: %s", e)
        view.notice("The reference reading could not be measured; energy will be compared without it.")
        return None
