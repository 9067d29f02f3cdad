"""Signals and transcripts with known answers for the analysis tests, and checks of them.

Speech comes from espeak-ng one word at a time, so every word's start and end in the
audio is known exactly (each word is trimmed to where it sounds), and gaps between words
are digital silence of a chosen length. Tests import the builders from here.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import resample_poly

from voice_coach.audio import SAMPLE_RATE
from voice_coach.speech.transcript import Transcript, Word

_TRIM_BELOW_PEAK_DB = 40.0  # a synthesised word starts and ends where it is 40 dB under its peak
LIVELY_PITCHES = (45, 70, 35, 60, 80, 40, 55)  # espeak -p per word, cycled: an intonation that moves

requires_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def tone(freq_hz: float, duration_s: float, *, amplitude: float = 0.1) -> np.ndarray:
    """A sine at ``freq_hz``: float32, 16 kHz."""
    t = np.arange(int(round(duration_s * SAMPLE_RATE))) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def glide(start_hz: float, end_hz: float, duration_s: float, *, amplitude: float = 0.1) -> np.ndarray:
    """A sine whose frequency moves exponentially from ``start_hz`` to ``end_hz``."""
    t = np.arange(int(round(duration_s * SAMPLE_RATE))) / SAMPLE_RATE
    freq = start_hz * (end_hz / start_hz) ** (t / duration_s)
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    return (amplitude * np.sin(phase)).astype(np.float32)


def silence(duration_s: float) -> np.ndarray:
    return np.zeros(int(round(duration_s * SAMPLE_RATE)), dtype=np.float32)


def words_at(*timed: tuple[str, float, float]) -> Transcript:
    """A transcript from ``(text, start_s, end_s)`` triples."""
    words = tuple(Word(text=text, start_s=start, end_s=end, probability=0.95) for text, start, end in timed)
    return Transcript(words=words, duration_s=max((w.end_s for w in words), default=0.0))


def even_transcript(text: str, *, start_s: float = 0.2, word_s: float = 0.3, gap_s: float = 0.05) -> Transcript:
    """``text`` split on spaces into words of ``word_s`` seconds, ``gap_s`` apart."""
    step = word_s + gap_s
    return words_at(*((w, start_s + i * step, start_s + i * step + word_s) for i, w in enumerate(text.split())))


@functools.lru_cache(maxsize=None)
def _espeak_word(word: str, rate_wpm: int, pitch: int) -> np.ndarray:
    """One word from espeak-ng at 16 kHz, trimmed to where it sounds."""
    wav = subprocess.run(
        ["espeak-ng", "-s", str(rate_wpm), "-p", str(pitch), "--stdout", word],
        capture_output=True,
        check=True,
    ).stdout
    audio, rate = sf.read(io.BytesIO(wav), dtype="float32")
    audio = resample_poly(audio, SAMPLE_RATE, rate).astype(np.float32)
    level = np.abs(audio)
    loud = np.flatnonzero(level >= level.max() * 10 ** (-_TRIM_BELOW_PEAK_DB / 20))
    return audio[loud[0] : loud[-1] + 1]


def espeak_speech(
    text: str,
    *,
    rate_wpm: int = 170,
    gap_s: float | list[float] = 0.08,
    pitches: tuple[int, ...] = LIVELY_PITCHES,
    lead_s: float = 0.5,
    tail_s: float = 0.5,
) -> tuple[np.ndarray, Transcript]:
    """Speech for ``text`` and a transcript whose word times are exactly where each word sounds.

    ``gap_s`` is the silence after each word (one value, or one per word but the last);
    ``pitches`` are espeak-ng pitch settings (0-99) cycled over the words.
    """
    words = text.split()
    gaps = gap_s if isinstance(gap_s, list) else [gap_s] * (len(words) - 1)
    pieces = [silence(lead_s)]
    timed = []
    cursor_s = lead_s
    for i, word in enumerate(words):
        sound = _espeak_word(word.strip(",.?!—"), rate_wpm, pitches[i % len(pitches)])
        duration_s = sound.shape[0] / SAMPLE_RATE
        timed.append((word, round(cursor_s, 4), round(cursor_s + duration_s, 4)))
        pieces.append(sound)
        cursor_s += duration_s
        if i < len(words) - 1:
            pieces.append(silence(gaps[i]))
            cursor_s += pieces[-1].shape[0] / SAMPLE_RATE
    pieces.append(silence(tail_s))
    audio = np.concatenate(pieces).astype(np.float32)
    transcript = words_at(*timed)
    return audio, Transcript(words=transcript.words, duration_s=audio.shape[0] / SAMPLE_RATE)


def flatten_pitch(audio: np.ndarray, *, keep_fraction: float) -> np.ndarray:
    """``audio`` with its pitch movement around the median scaled by ``keep_fraction``
    (Praat PSOLA resynthesis): 0.3 keeps 30 % of the intonation, flatter."""
    import parselmouth
    from parselmouth.praat import call

    sound = parselmouth.Sound(audio.astype(np.float64), sampling_frequency=SAMPLE_RATE)
    manipulation = call(sound, "To Manipulation", 0.01, 75, 500)
    tier = call(manipulation, "Extract pitch tier")
    pitch = sound.to_pitch_ac(time_step=0.01, pitch_floor=75, pitch_ceiling=500)
    f0 = pitch.selected_array["frequency"]
    median = float(np.median(f0[f0 > 0]))
    call(tier, "Formula", f"{median} * (self / {median}) ^ {keep_fraction}")
    call([tier, manipulation], "Replace pitch tier")
    result = call(manipulation, "Get resynthesis (overlap-add)")
    out = result.values[0].astype(np.float32)
    return out[: audio.shape[0]] if out.shape[0] >= audio.shape[0] else np.pad(out, (0, audio.shape[0] - out.shape[0]))


def audio_speech_span_s(audio: np.ndarray) -> float:
    """First to last sample within 40 dB of the peak: the speech span read off the signal."""
    level = np.abs(audio)
    loud = np.flatnonzero(level >= level.max() * 10 ** (-_TRIM_BELOW_PEAK_DB / 20))
    return (loud[-1] - loud[0] + 1) / SAMPLE_RATE


# --- the builders themselves ---------------------------------------------------------------------


def test_tone_has_the_asked_length_and_level() -> None:
    x = tone(220, 2.0, amplitude=0.5)
    assert x.dtype == np.float32 and x.shape == (32_000,)
    assert np.sqrt(np.mean(x.astype(np.float64) ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=1e-3)


def test_even_transcript_spaces_words_as_asked() -> None:
    transcript = even_transcript("a b c", start_s=1.0, word_s=0.2, gap_s=0.1)
    assert [(w.text, w.start_s, w.end_s) for w in transcript.words] == [
        ("a", 1.0, 1.2),
        ("b", 1.3, pytest.approx(1.5)),
        ("c", pytest.approx(1.6), pytest.approx(1.8)),
    ]


@requires_espeak
def test_espeak_words_sound_exactly_where_the_transcript_says() -> None:
    audio, transcript = espeak_speech("the project went well", gap_s=0.3)
    for word in transcript.words:
        inside = audio[int(word.start_s * SAMPLE_RATE) : int(word.end_s * SAMPLE_RATE)]
        assert np.abs(inside).max() > 0.05
    for before, after in zip(transcript.words, transcript.words[1:]):
        gap = audio[int(before.end_s * SAMPLE_RATE) + 2 : int(after.start_s * SAMPLE_RATE) - 2]
        assert gap.size > 0 and np.abs(gap).max() == 0.0
