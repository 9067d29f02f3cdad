"""Phrase-by-phrase transcription while recording gives what whole-answer transcription gives."""

import re
import time

import jiwer
import numpy as np
import pytest

from benchmarks.phrase_replay import replay
from tests.conftest import REPO_ROOT
from voice_coach.audio.files import load_audio
from voice_coach.practice.live_transcription import GrowingAudio, LiveTranscription, LiveTranscriptionSettings
from voice_coach.practice.quiet_cut import first_quiet_sample
from voice_coach.speech.transcriber import Transcriber
from voice_coach.speech.transcript import Transcript, Word

LONG_ANSWER = REPO_ROOT / "audio_fixtures" / "test" / "answer_long.flac"


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _phrase_then_pause(sound_s: float, pause_s: float = 0.45, sr: int = 16000) -> np.ndarray:
    """A phrase of steady sound, then the quiet that voice activity needs (0.3 s) to call it over."""
    return np.concatenate([np.full(int(round(sound_s * sr)), 0.1, np.float32), np.zeros(int(round(pause_s * sr)), np.float32)])


@pytest.fixture(scope="module")
def transcriber():
    model = Transcriber()
    model.load()
    return model


@pytest.mark.slow
def test_phrase_by_phrase_matches_whole(transcriber):
    audio = load_audio(LONG_ANSWER)
    events = []
    live = LiveTranscription(transcriber, on_event=lambda kind, **f: events.append((kind, f)))
    phrased = replay(audio, live)
    whole = transcriber.transcribe(audio)
    chunks = [f for kind, f in events if kind == "phrase_transcribed"]
    assert len(chunks) >= 4  # it really was transcribed in pieces
    # Judged against what was really said: pieces may differ from the whole in a few
    # words (each has its own context), but must not be less accurate.
    reference = _normalised(LONG_ANSWER.with_suffix(".txt").read_text())
    assert jiwer.wer(reference, _normalised(phrased.text)) <= jiwer.wer(reference, _normalised(whole.text)) + 0.03
    starts = [w.start_s for w in phrased.words]
    assert starts == sorted(starts)  # chunks do not overlap: no word is doubled at a boundary


def test_backlog_stays_bounded_when_transcription_is_slow():
    """A machine slower than speech: phrases merge instead of queueing, and nothing is lost."""
    calls = []

    class SlowTranscriber:
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            calls.append((len(audio), single_pass))
            time.sleep(0.3)  # each decode takes longer than the phrases arrive
            return Transcriber().transcribe(np.zeros(0, np.float32))

    events = []
    live = LiveTranscription(SlowTranscriber(), on_event=lambda kind, **f: events.append(kind),
                             settings=LiveTranscriptionSettings(lead_in_s=0.0))  # decoded = chunked audio
    phrase = np.full(16000 * 5, 0.1, np.float32)  # 5 s "phrases" arriving instantly
    for i in range(12):
        live.add_block(phrase)
        live.phrase_ended(len(live.audio.slice(0, 10**9)) - 1600)
        time.sleep(0.02)
    live.finish(last_speech_end_sample=None)
    assert "phrase_merged" in events
    assert len(calls) < 12  # merged rather than one decode per phrase
    assert sum(n for n, _ in calls) == 12 * len(phrase)  # every sample was in some chunk
    assert calls[0][1] is False  # the first 5 s: not behind, both decodes
    assert any(single for _, single in calls[1:])  # merged pieces past the backlog limit: one decode


def test_a_chunk_is_heard_with_a_lead_in_whose_words_are_not_kept_twice():
    """The second chunk is decoded from 1.5 s before its start; words of the lead-in came with
    the first chunk, and the context is what was said before the decoded audio."""
    sr = 16000
    calls = []

    class OneWordASecond:  # "s0" at 0.2-0.6 s, "s1" at 1.2-1.6 s, ... of whatever it hears
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            calls.append((len(audio), context))
            words = tuple(Word(text=f"s{k}", start_s=k + 0.2, end_s=k + 0.6, probability=0.9)
                          for k in range(len(audio) // sr))
            return Transcript(words=words, duration_s=len(audio) / sr)

    settings = LiveTranscriptionSettings(lead_in_s=1.5)
    live = LiveTranscription(OneWordASecond(), settings=settings)
    live.add_block(_phrase_then_pause(4.85))
    live.phrase_ended(5 * sr - int(settings.cut_into_pause_s * sr))  # the cut falls at 5.0 s
    while not live.idle:
        time.sleep(0.01)
    live.phrase_started(int(5.3 * sr))
    live.add_block(np.full(int(4.7 * sr), 0.1, np.float32))
    transcript = live.finish(last_speech_end_sample=None)
    assert [n for n, _ in calls] == [5 * sr, int(6.5 * sr)]  # 3.5 s to 10 s: 1.5 s before the cut
    assert calls[1][1] == "s0 s1 s2"  # ended before 3.5 s
    assert [w.start_s for w in transcript.words] == [0.2, 1.2, 2.2, 3.2, 4.2, 5.7, 6.7, 7.7, 8.7]


class _SamplesHeard:
    """A transcriber that hears nothing, and notes how many samples it was given."""
    settings = Transcriber().settings

    def __init__(self, heard: list[int]) -> None:
        self.heard = heard

    def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
        self.heard.append(len(audio))
        return Transcript(words=(), duration_s=len(audio) / sample_rate)


def test_the_quiet_tail_after_the_last_phrase_is_decoded_without_a_lead_in():
    """At the end of the answer only the tail of the pause is left: decoding it with a lead-in
    of speech would cost a whole decode, after the candidate stopped, for words not kept."""
    sr = 16000
    settings = LiveTranscriptionSettings(lead_in_s=1.5)
    heard = []
    live = LiveTranscription(_SamplesHeard(heard), settings=settings)
    live.phrase_started(0)
    live.add_block(np.full(5 * sr, 0.1, np.float32))
    live.add_block(np.zeros(int(0.6 * sr), np.float32))
    live.phrase_ended(5 * sr)  # the phrase goes as a chunk, cut in the pause
    live.finish(last_speech_end_sample=5 * sr)
    tail = int(settings.tail_after_speech_s * sr) - int(settings.cut_into_pause_s * sr)
    assert heard == [5 * sr + int(settings.cut_into_pause_s * sr), tail]


def test_a_long_chunk_is_decoded_without_a_lead_in():
    """Merged phrases (when behind) carry their own context; a lead-in would only fill the window."""
    sr = 16000
    settings = LiveTranscriptionSettings(lead_in_s=1.5, lead_in_below_chunk_s=10.0)
    heard = []
    live = LiveTranscription(_SamplesHeard(heard), settings=settings)
    live.phrase_started(0)
    live.add_block(_phrase_then_pause(4.85))
    live.phrase_ended(5 * sr - int(settings.cut_into_pause_s * sr))  # a 5 s chunk
    while not live.idle:
        time.sleep(0.01)
    live.phrase_started(int(5.3 * sr))
    live.add_block(_phrase_then_pause(11.55))
    live.phrase_ended(17 * sr - int(settings.cut_into_pause_s * sr))  # a 12 s chunk
    live.finish(last_speech_end_sample=None)
    assert heard[:2] == [5 * sr, 12 * sr]


def test_a_word_of_the_lead_in_whose_time_drifts_past_the_cut_is_not_kept_twice():
    sr = 16000
    readings = iter([
        (Word(text="yes", start_s=4.0, end_s=4.95, probability=0.9),),  # 0-5 s
        (Word(text="yes", start_s=1.3, end_s=1.9, probability=0.9),  # 3.5-10 s: "yes" again, late
         Word(text="next", start_s=2.0, end_s=2.5, probability=0.9)),
    ])

    class Drifting:
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            return Transcript(words=next(readings), duration_s=len(audio) / sr)

    settings = LiveTranscriptionSettings(lead_in_s=1.5)
    live = LiveTranscription(Drifting(), settings=settings)
    live.add_block(_phrase_then_pause(4.85))
    live.phrase_ended(5 * sr - int(settings.cut_into_pause_s * sr))
    while not live.idle:
        time.sleep(0.01)
    live.phrase_started(int(5.3 * sr))
    live.add_block(np.full(int(4.7 * sr), 0.1, np.float32))
    transcript = live.finish(last_speech_end_sample=None)
    assert [(w.text, w.start_s) for w in transcript.words] == [("yes", 4.0), ("next", 5.5)]


def test_a_failed_decode_reaches_finish_and_later_pieces_do_not_wait_forever():
    class FailingTranscriber:
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            raise RuntimeError("decoder broke")

    live = LiveTranscription(FailingTranscriber())
    sr = 16000
    for n in range(3):  # three 5 s phrases, each its own chunk
        live.add_block(np.full(5 * sr, 0.1, np.float32))
        live.phrase_ended((5 * n + 5) * sr - sr // 10)
        deadline = time.monotonic() + 5
        while not live.idle and time.monotonic() < deadline:
            time.sleep(0.01)
        assert live.idle
    with pytest.raises(RuntimeError, match="decoder broke"):
        live.finish(last_speech_end_sample=None)


def test_growing_audio_keeps_every_sample():
    buffer = GrowingAudio(initial_samples=10)
    blocks = [np.arange(i * 7, i * 7 + 7, dtype=np.float32) for i in range(50)]
    for block in blocks:
        buffer.append(block)
    np.testing.assert_array_equal(buffer.slice(0, 350), np.concatenate(blocks))
    np.testing.assert_array_equal(buffer.slice(100, 120), np.arange(100, 120, dtype=np.float32))


def test_a_short_piece_sent_in_a_pause_is_heard_again_when_the_answer_goes_on():
    """A 1 s phrase, a 1 s pause (the idle worker takes it), then more speech: the short piece
    is taken back and decoded again with what follows; every sample is analysed once."""
    heard = []

    class CountingTranscriber:
        settings = Transcriber().settings

        def transcribe(self, audio, *, sample_rate, context=None, single_pass=False):
            heard.append(len(audio))
            word = Word(text=f"w{len(heard)}", start_s=0.0, end_s=0.1, probability=0.9)
            return Transcript(words=(word,), duration_s=len(audio) / sample_rate)

    class CountingAnalyzer:
        samples = 0

        def add_audio(self, audio):
            CountingAnalyzer.samples += len(audio)

    events = []
    live = LiveTranscription(CountingTranscriber(), analyzer=CountingAnalyzer(),
                             on_event=lambda kind, **f: events.append(kind))
    sr = 16000
    live.phrase_started(0)
    live.add_block(np.full(sr, 0.1, np.float32))
    live.phrase_ended(sr)
    for _ in range(10):  # a 1 s pause, in blocks: the idle cut sends the short phrase
        live.add_block(np.zeros(sr // 10, np.float32))
    while not live.idle:
        time.sleep(0.01)
    assert heard == [sr + int(LiveTranscriptionSettings().cut_into_pause_s * sr)]
    live.phrase_started(2 * sr)  # the answer goes on
    live.add_block(np.full(5 * sr, 0.1, np.float32))
    live.phrase_ended(7 * sr)
    transcript = live.finish(last_speech_end_sample=7 * sr)
    assert "phrase_retracted" in events
    assert heard[-1] == 7 * sr  # from the start again: the short piece with what followed
    assert [w.text for w in transcript.words] == [f"w{len(heard)}"]  # the retracted piece's words are gone
    assert CountingAnalyzer.samples == 7 * sr  # each sample once


# --- where chunks are cut: at a quiet moment, not inside a sound ---------------------------


def _tone(duration_s: float, sr: int = 16000, level: float = 0.1) -> np.ndarray:
    return (level * np.sin(2 * np.pi * 220.0 * np.arange(int(round(duration_s * sr))) / sr)).astype(np.float32)


def test_the_first_quiet_moment_after_a_sound_is_where_it_stops():
    sr = 16000
    rng = np.random.default_rng(1)
    room = (rng.standard_normal(sr) * 10 ** (-50 / 20)).astype(np.float32)  # -50 dBFS room noise
    audio = np.concatenate([_tone(1.0), room])
    assert first_quiet_sample(audio, int(0.5 * sr), sr) == pytest.approx(sr, abs=0.01 * sr)
    assert first_quiet_sample(audio, int(1.2 * sr), sr) == int(1.2 * sr)  # already quiet there
    assert first_quiet_sample(_tone(2.0), int(0.5 * sr), sr) is None  # sounds all through


def test_a_sound_that_outlasts_the_phrase_end_is_not_cut():
    """Voice activity ends the phrase at 4.5 s, but the sound (a soft word end, an "um") goes on
    to 5.0 s: the chunk ends where the sound does, not 0.15 s after the phrase end."""
    sr = 16000
    heard = []
    live = LiveTranscription(_SamplesHeard(heard))
    live.phrase_started(0)
    live.add_block(np.full(5 * sr, 0.1, np.float32))
    live.phrase_ended(int(4.5 * sr))
    assert heard == [] and live.idle  # nothing quiet yet after 4.65 s: wait
    live.add_block(np.zeros(int(0.3 * sr), np.float32))
    while not live.idle:
        time.sleep(0.01)
    assert heard == [5 * sr]


def test_a_sound_that_runs_into_the_next_phrase_is_not_cut_at_all():
    sr = 16000
    heard = []
    live = LiveTranscription(_SamplesHeard(heard))
    live.phrase_started(0)
    live.add_block(np.full(5 * sr, 0.1, np.float32))
    live.phrase_ended(int(4.5 * sr))  # the sound goes on: no quiet moment to cut at
    live.add_block(np.full(int(0.5 * sr), 0.1, np.float32))
    live.phrase_started(int(5.5 * sr))
    live.add_block(_phrase_then_pause(2.0))
    live.finish(last_speech_end_sample=int(7.5 * sr))
    assert heard == [len(live.audio)]  # one chunk: the whole answer


def test_a_sound_that_goes_on_and_on_is_cut_after_a_second():
    """A steady noise after the last phrase (a fan switched on): the cut is not put off for ever."""
    sr = 16000
    heard = []
    settings = LiveTranscriptionSettings()
    live = LiveTranscription(_SamplesHeard(heard), settings=settings)
    live.phrase_started(0)
    live.add_block(np.full(5 * sr, 0.1, np.float32))
    live.phrase_ended(int(4.5 * sr))
    live.add_block(np.full(2 * sr, 0.1, np.float32))
    while not live.idle:
        time.sleep(0.01)
    assert heard == [int((4.5 + settings.cut_into_pause_s) * sr)]


def test_a_trailing_sound_longer_than_the_tail_goes_whole_into_the_last_chunk():
    """After the last phrase (speech ends at 2 s) a 1 s "um" that voice activity does not call
    speech: the last chunk takes all of it, not the first 0.5 s."""
    sr = 16000
    heard = []
    live = LiveTranscription(_SamplesHeard(heard))
    live.phrase_started(0)
    live.add_block(np.full(3 * sr, 0.1, np.float32))
    live.add_block(np.zeros(3 * sr, np.float32))
    live.finish(last_speech_end_sample=2 * sr)
    assert heard == [3 * sr]
