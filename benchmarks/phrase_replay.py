"""An answer fed to live transcription the way the recorder feeds it, without waiting for the clock.

Blocks of 0.1 s go in with the phrase starts and ends that voice activity finds, followed by
3 s of quiet. With ``hear_to_the_end`` the whole recording is heard even where voice
activity would have ended the answer (it takes a long hum for silence), so that the
words can be compared with transcribing the whole recording at once. With ``keep_up`` each block waits until the worker has
nothing left to do, as on a machine whose transcription keeps pace with the speaker: the
pieces are then cut where they would be in a real-time session here, and the result does
not depend on how busy the machine is.
"""

from __future__ import annotations

import time

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.audio.voice_activity import AnswerEndpointer, EndpointSettings
from voice_coach.practice.live_transcription import LiveTranscription
from voice_coach.speech.transcript import Transcript

BLOCK_SAMPLES = SAMPLE_RATE // 10
QUIET_AFTER_S = 3.0  # more than the 2.5 s of silence that ends an answer


def replay(audio: np.ndarray, live: LiveTranscription, *, keep_up: bool = False,
           hear_to_the_end: bool = False) -> Transcript:
    long_s = 24 * 3600.0
    settings = EndpointSettings(silence_s=long_s, no_speech_timeout_s=long_s, max_answer_s=long_s) \
        if hear_to_the_end else EndpointSettings()
    endpointer = AnswerEndpointer(settings)
    last_speech_end = None
    padded = np.concatenate([np.asarray(audio, np.float32), np.zeros(int(QUIET_AFTER_S * SAMPLE_RATE), np.float32)])
    for start in range(0, len(padded), BLOCK_SAMPLES):
        block = padded[start:start + BLOCK_SAMPLES]
        live.add_block(block)
        for event in endpointer.accept(block):
            if event.kind == "speech_start":
                live.phrase_started(event.sample)
            if event.kind == "speech_end":
                last_speech_end = event.sample
                live.phrase_ended(event.sample)
        while keep_up and not live.idle:
            time.sleep(0.005)
        if endpointer.finished:
            break
    return live.finish(last_speech_end_sample=last_speech_end)
