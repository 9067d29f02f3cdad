"""Transcribing an answer while it is spoken, so feedback does not wait for the whole of it.

The recorder reports each phrase end (a pause found by voice activity). Once enough
untranscribed speech has built up, the audio up to a point inside that pause becomes a
chunk, and a worker thread transcribes it while recording goes on. Chunks are cut in
silence, so no word is split between two of them: at the first quiet moment from a little
way into the pause, since voice activity ends a phrase before a soft word end or a
trailing "um" has died away (``quiet_cut``). Whisper hears each short chunk with a
lead-in of the audio just before it and the text before that as context, as it would hear
it in the whole answer; the lead-in's words are not kept (they came with the chunk before), so
no word is counted twice. At the end of the answer only the last chunk is left.

A pause of ``idle_cut_s`` with the worker idle sends what is pending, however short, so
that the end of an answer finds nothing left to do. Mid-answer such a piece is only
provisional: a second or two of audio gives Whisper too little to go on (a lone "uh" is
lost), so when the candidate speaks again it is taken back and heard again as part of the
next, longer chunk. The decode spent on it is the price of a fast last phrase.

If transcription falls behind speech (a slow machine, a big model), the backlog stays
bounded: while the worker is busy, phrases are merged into one bigger chunk instead of
queueing more, and once the untranscribed audio passes a limit each chunk is decoded
once instead of twice (the filler-prompted reading only). The beam is not narrowed:
greedy decoding with the filler prompt falls into "uh, uh, uh" loops that cost more than
the beam saves. The audio itself is never dropped: every sample is in some chunk.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from voice_coach.audio import SAMPLE_RATE
from voice_coach.practice.quiet_cut import first_quiet_sample
from voice_coach.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveTranscriptionSettings:
    min_chunk_s: float = 4.0  # shorter chunks give Whisper too little context and cost per-call overhead
    idle_cut_s: float = 0.8  # a pause this long with the worker idle: transcribe what is pending, however short
    max_chunk_s: float = 24.0  # Whisper decodes 30 s windows; stay inside one
    cut_into_pause_s: float = 0.15  # cut this far into the pause after a phrase, or at the first quiet after it
    max_wait_for_quiet_s: float = 1.0  # a sound that goes on this long after the cut point is cut anyway
    level_history_s: float = 10.0  # audio before the cut point whose levels set what counts as quiet
    tail_after_speech_s: float = 0.5  # keep this much after the last phrase (a trailing "um")
    single_pass_backlog_s: float = 15.0  # untranscribed audio beyond this: one decode per chunk until caught up
    context_words: int = 40  # words of earlier chunks passed as context
    lead_in_s: float = 1.5  # audio before a chunk, decoded with it (its words are not kept)
    # Only short chunks get one: a long chunk (merged phrases, when behind) carries its own
    # context, and a lead-in that fills its 30 s window further made tiny.en skip 18 s of a
    # 26 s chunk after re-reading the lead-in.
    lead_in_below_chunk_s: float = 10.0


@dataclass(frozen=True)
class _Chunk:
    index: int
    start: int  # samples from the start of the answer
    end: int
    # Voice activity heard speech in it. A piece of the pause after the last phrase (the
    # tail kept for a trailing "um") is decoded without a lead-in: the lead-in's speech
    # would cost a whole decode for words that are not kept.
    has_speech: bool = True


EventCallback = Callable[..., None]
OVERLAP_SLACK_S = 0.05  # word times touch at a boundary; starting this far inside the last kept word is an overlap


class GrowingAudio:
    """An append-only float32 buffer with amortised O(1) appends and cheap slices."""

    def __init__(self, initial_samples: int = SAMPLE_RATE * 30) -> None:
        self._data = np.zeros(initial_samples, dtype=np.float32)
        self._length = 0
        self._lock = threading.Lock()

    def append(self, block: np.ndarray) -> None:
        with self._lock:
            needed = self._length + len(block)
            if needed > len(self._data):
                grown = np.zeros(max(needed, 2 * len(self._data)), dtype=np.float32)
                grown[: self._length] = self._data[: self._length]
                self._data = grown
            self._data[self._length:needed] = block
            self._length = needed

    def __len__(self) -> int:
        return self._length

    def slice(self, start: int, end: int) -> np.ndarray:
        with self._lock:
            return self._data[start:min(end, self._length)].copy()


class LiveTranscription:
    """One answer's phrase-by-phrase transcription. Feed blocks and phrase ends; ``finish`` at the end."""

    def __init__(
        self,
        transcriber,
        *,
        sample_rate: int = SAMPLE_RATE,
        settings: LiveTranscriptionSettings = LiveTranscriptionSettings(),
        on_event: EventCallback | None = None,
        analyzer=None,
    ) -> None:
        """``analyzer``: an ``AnswerAnalyzer`` that is fed each chunk's audio on the worker
        thread, so the signal analysis is done by the end of the answer too."""
        self.transcriber = transcriber
        self.sample_rate = sample_rate
        self.settings = settings
        self._emit = on_event or (lambda *args, **kwargs: None)
        self.analyzer = analyzer
        self.audio = GrowingAudio()
        self._jobs: queue.Queue[_Chunk | None] = queue.Queue()
        self._results: dict[int, tuple[Word, ...]] = {}
        self._cut = 0  # everything before this sample is in a chunk
        self._provisional: _Chunk | None = None  # a short chunk sent early, taken back if speech goes on
        self._cut_from: int | None = None  # a cut decided on, waiting for a quiet moment from here
        self._cut_provisional = False  # that cut is an idle cut of a short piece
        self._retracted: set[int] = set()  # chunks whose words are not used
        self._analyzed_to = 0  # audio before this sample has gone to the analyzer
        self._in_speech = False
        self._last_speech_end: int | None = None
        self._chunks = 0
        self._busy_samples = 0  # queued or being decoded
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._work, name="live-transcription", daemon=True)
        self._worker.start()

    @property
    def idle(self) -> bool:
        """No chunk is queued or being decoded."""
        with self._lock:
            return self._busy_samples == 0

    # Called from the recording thread.
    def add_block(self, block: np.ndarray) -> None:
        self.audio.append(np.asarray(block, dtype=np.float32).reshape(-1))
        self._cut_when_quiet()
        self._cut_if_idle()

    def phrase_started(self, speech_start_sample: int) -> None:
        self._in_speech = True
        if self._cut_from is not None:
            # The sound after the last phrase ran into this one: no quiet moment to cut at.
            # Wait for the next pause, unless that would overfill Whisper's window.
            if (self._cut_from - self._cut) / self.sample_rate >= self.settings.max_chunk_s:
                self._queue_chunk(self._cut_from)
            self._cut_from = None
        provisional, self._provisional = self._provisional, None
        if provisional is not None and provisional.end == self._cut:
            self._retracted.add(provisional.index)
            self._cut = provisional.start
            self._emit("phrase_retracted", chunk=provisional.index,
                       audio_s=round((provisional.end - provisional.start) / self.sample_rate, 2))

    def _cut_if_idle(self) -> None:
        """In a pause long enough (perhaps the end of the answer) with the worker idle, transcribe
        the short phrase still pending, so that the end of the answer finds nothing left to do."""
        if self._in_speech or self._last_speech_end is None or self._cut_from is not None:
            return  # speaking, nothing said yet, or a cut already waits for quiet
        cut = self._last_speech_end + int(self.settings.cut_into_pause_s * self.sample_rate)
        if cut <= self._cut or len(self.audio) - self._last_speech_end < self.settings.idle_cut_s * self.sample_rate:
            return
        if self.idle:
            short = (cut - self._cut) / self.sample_rate < self.settings.min_chunk_s
            self._cut_when_quiet(cut, provisional=short)

    def phrase_ended(self, speech_end_sample: int) -> None:
        """A pause began at ``speech_end_sample``: maybe cut a chunk there."""
        self._in_speech = False
        self._last_speech_end = speech_end_sample
        s = self.settings
        cut = min(speech_end_sample + int(s.cut_into_pause_s * self.sample_rate), len(self.audio))
        pending_s = (cut - self._cut) / self.sample_rate
        if pending_s < s.min_chunk_s:
            return
        if not self.idle and pending_s < s.max_chunk_s:
            # Behind: let this phrase merge into a bigger chunk rather than queue another.
            self._emit("phrase_merged", pending_s=round(pending_s, 2))
            return
        self._cut_when_quiet(cut)

    def _cut_when_quiet(self, earliest: int | None = None, *, provisional: bool = False) -> None:
        """Cuts a chunk at the first quiet moment from ``earliest`` on; if the audio there still
        sounds, waits for more (``add_block`` calls again without ``earliest``)."""
        if earliest is not None:
            self._cut_from, self._cut_provisional = earliest, provisional
        if self._cut_from is None:
            return
        quiet = self._first_quiet_from(self._cut_from)
        if quiet is not None:
            end = quiet
        elif len(self.audio) - self._cut_from >= self.settings.max_wait_for_quiet_s * self.sample_rate:
            end = self._cut_from
        else:
            return
        provisional = self._cut_provisional
        self._cut_from = None
        chunk = self._queue_chunk(end)
        self._provisional = chunk if provisional else None

    def _first_quiet_from(self, sample: int) -> int | None:
        """The first quiet moment at or after ``sample`` in the audio so far (``quiet_cut``)."""
        history = max(0, sample - int(self.settings.level_history_s * self.sample_rate))
        quiet = first_quiet_sample(self.audio.slice(history, len(self.audio)), sample - history, self.sample_rate)
        return None if quiet is None else history + quiet

    def _queue_chunk(self, end: int) -> _Chunk:
        self._provisional = None
        has_speech = self._in_speech or (self._last_speech_end is not None and self._last_speech_end > self._cut)
        chunk = _Chunk(index=self._chunks, start=self._cut, end=end, has_speech=has_speech)
        self._chunks += 1
        self._cut = end
        with self._lock:
            self._busy_samples += chunk.end - chunk.start
        self._jobs.put(chunk)
        return chunk

    def finish(self, *, last_speech_end_sample: int | None) -> Transcript:
        """Transcribe what is left (up to just after the last phrase) and return the whole answer."""
        total = len(self.audio)
        self._cut_from = None  # the last chunk takes in whatever a waiting cut would have split
        end = total
        if last_speech_end_sample is not None:
            tail_end = min(total, last_speech_end_sample + int(self.settings.tail_after_speech_s * self.sample_rate))
            quiet = self._first_quiet_from(tail_end)  # a trailing "um" longer than the tail is not split
            end = total if quiet is None else quiet
        if end > self._cut:
            self._queue_chunk(end)
        self._jobs.put(None)
        self._worker.join()
        if self._error is not None:
            raise self._error
        self._analyze_up_to(total)  # the quiet after the last phrase
        return Transcript(words=self._kept_words(), duration_s=total / self.sample_rate, language=self.transcriber.settings.language)

    def cancel(self) -> None:
        self._jobs.put(None)

    # The worker thread.
    def _work(self) -> None:
        while (chunk := self._jobs.get()) is not None:
            try:
                if self._error is None:  # after a failure the rest is only accounted for
                    self._transcribe(chunk)
            except BaseException as e:  # handed to finish(), on the recording thread
                self._error = e
            finally:
                with self._lock:
                    self._busy_samples -= chunk.end - chunk.start

    def _transcribe(self, chunk: _Chunk) -> None:
        # A short chunk is decoded with a lead-in of the audio before it: a piece that begins
        # mid-stream (the tail of an "um", a word after a short pause) is then heard as it
        # would be in the whole answer. Words of the lead-in were kept from the chunk before.
        short = chunk.end - chunk.start < self.settings.lead_in_below_chunk_s * self.sample_rate
        lead_in = min(chunk.start, int(self.settings.lead_in_s * self.sample_rate)) if chunk.has_speech and short else 0
        decode_start = chunk.start - lead_in
        audio = self.audio.slice(decode_start, chunk.end)
        with self._lock:
            backlog_s = self._busy_samples / self.sample_rate
        behind = backlog_s > self.settings.single_pass_backlog_s
        context = self._context_before(decode_start / self.sample_rate)
        started = time.monotonic()
        transcript = self.transcriber.transcribe(
            audio, sample_rate=self.sample_rate, context=context or None, single_pass=behind)
        offset_s = decode_start / self.sample_rate
        lead_in_s = lead_in / self.sample_rate
        kept_until_s = self._kept_until_s()
        self._results[chunk.index] = tuple(
            Word(text=w.text, start_s=round(w.start_s + offset_s, 3), end_s=round(w.end_s + offset_s, 3),
                 probability=w.probability, **_extra_fields(w))
            for w in transcript.words
            # Cuts lie in pauses, so a word is on one side of one. A word of the chunk that
            # starts inside a word already kept is that word heard again, its time drifted.
            if (w.start_s + w.end_s) / 2 >= lead_in_s and w.start_s + offset_s >= kept_until_s - OVERLAP_SLACK_S
        )
        decoded = time.monotonic()
        self._analyze_up_to(chunk.end)
        self._emit("phrase_transcribed", chunk=chunk.index, audio_s=round((chunk.end - chunk.start) / self.sample_rate, 2),
                   lead_in_s=round(lead_in_s, 2),
                   decode_s=round(decoded - started, 3), analysis_s=round(time.monotonic() - decoded, 3),
                   backlog_s=round(backlog_s, 2),
                   passes="single" if behind else "default")

    def _kept_words(self) -> tuple[Word, ...]:
        """The words of the chunks transcribed so far, in order, without the retracted ones."""
        return tuple(w for i in sorted(self._results) if i not in self._retracted for w in self._results[i])

    def _kept_until_s(self) -> float:
        """Where the last word kept so far ends."""
        return max((w.end_s for w in self._kept_words()), default=0.0)

    def _context_before(self, time_s: float) -> str:
        """The last words said before ``time_s``, from chunks already transcribed and kept."""
        earlier = [w.text for w in self._kept_words() if w.end_s <= time_s]
        return " ".join(earlier[-self.settings.context_words:])

    def _analyze_up_to(self, end: int) -> None:
        """Feeds the analyzer the audio it has not had, up to ``end``: a chunk taken back and
        heard again is analysed once."""
        if self.analyzer is not None and end > self._analyzed_to:
            self.analyzer.add_audio(self.audio.slice(self._analyzed_to, end))
            self._analyzed_to = end


def _extra_fields(word: Word) -> dict:
    """Fields a Word may carry beyond text and times (e.g. where a filler came from)."""
    source = getattr(word, "source", None)
    return {"source": source} if source is not None else {}
