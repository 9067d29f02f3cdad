"""Recording one answer: blocks to disk as they arrive, voice activity decides the end."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from voice_coach.audio.sources import AnswerSource
from voice_coach.audio.voice_activity import AnswerEndpointer, EndpointEvent, EndpointSettings, level_dbfs
from voice_coach.audio.wav_writer import StreamingWavWriter


class BackgroundWavWriter:
    """A thread that appends queued blocks to the answer's WAV, so disk never stalls listening."""

    def __init__(self, path: Path, *, sample_rate: int) -> None:
        self._writer = StreamingWavWriter(path, sample_rate=sample_rate)
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="wav-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (block := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._writer.write(block)
                except BaseException as e:  # reported to the recording thread on the next put/close
                    self._error = e

    def put(self, block: np.ndarray) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(block)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._writer.close()
        if self._error is not None:
            raise self._error


@dataclass(frozen=True)
class RecordedAnswer:
    path: Path
    audio: np.ndarray
    sample_rate: int
    end_reason: str  # "silence" | "no_speech" | "max_length" | "enter" | "input_ended"
    heard_speech: bool
    speech_spans: tuple[tuple[float, float], ...]  # (start_s, end_s) of each phrase

    @property
    def duration_s(self) -> float:
        return len(self.audio) / float(self.sample_rate)


ProgressCallback = Callable[[float, float, bool], None]  # elapsed_s, level_dbfs, speaking
EventCallback = Callable[[EndpointEvent], None]


def record_answer(
    source: AnswerSource,
    *,
    path: Path,
    settings: EndpointSettings,
    new_turn: bool = True,
    on_progress: ProgressCallback | None = None,
    on_event: EventCallback | None = None,
    on_block: Callable[[np.ndarray], None] | None = None,
    stop_requested: threading.Event | None = None,
) -> RecordedAnswer | None:
    """Listen until the answer ends; the WAV at ``path`` grows block by block.

    Returns None when the source has no more answers. On KeyboardInterrupt the
    blocks heard so far are already on disk and the WAV is closed properly.
    """
    if not source.start_answer(new_turn=new_turn):
        return None
    rate = source.sample_rate
    endpointer = AnswerEndpointer(settings, sample_rate=rate)
    writer = BackgroundWavWriter(path, sample_rate=rate)
    blocks: list[np.ndarray] = []
    spans: list[tuple[float, float]] = []
    open_span: float | None = None
    samples_heard = 0
    reason = "input_ended"
    try:
        while not endpointer.finished:
            if stop_requested is not None and stop_requested.is_set():
                events = endpointer.finish_early("enter")
            else:
                block = source.read(timeout_s=0.5)
                if block is None:
                    continue
                writer.put(block)
                blocks.append(block)
                if on_block is not None:
                    on_block(block)
                samples_heard += len(block)
                events = endpointer.accept(block)
                if on_progress is not None:
                    on_progress(samples_heard / rate, level_dbfs(block), endpointer.in_speech)
            for event in events:
                if event.kind == "speech_start":
                    open_span = event.sample / rate
                elif event.kind == "speech_end" and open_span is not None:
                    spans.append((open_span, event.sample / rate))
                    open_span = None
                elif event.kind == "answer_end":
                    reason = event.reason or reason
                if on_event is not None:
                    on_event(event)
    finally:
        source.stop_answer()
        writer.close()
    audio = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
    return RecordedAnswer(
        path=path, audio=audio, sample_rate=rate, end_reason=reason,
        heard_speech=endpointer.heard_speech, speech_spans=tuple(spans),
    )
