"""How fast the delivery analysis runs (transcription excluded): after the answer, and live.

Batch: ``analyze_answer`` on 1, 10 and 60 minutes of answer, after it ends.
Target: time grows linearly with length and stays at least 100x faster than real time.

Live: ``AnswerAnalyzer`` fed the same audio in recorder-sized blocks while it "records",
then the time ``finish(transcript)`` takes after the last block, for 1, 5 and 10 minutes,
beside the batch time for the same audio. Target: roughly the same for every length, well
under 0.2 s. "late peak" makes the loudest sample arrive in the last second (the worst case:
Praat's path search is re-run for every earlier chunk at the end). "max add" is the longest
``add_audio`` call, the work done in the background while recording.

Long audio is a speech-like unit tiled end to end: voiced syllables with a moving pitch
(harmonics of 95-160 Hz under a syllable envelope), short gaps between words and a
longer pause after each sentence, with a scripted transcript whose word times match.

    .venv/bin/python benchmarks/analysis_speed.py [--minutes 1 10 60] [--live-minutes 1 5 10]
        [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voice_coach.analysis import AnswerAnalyzer, analyze_answer  # noqa: E402
from voice_coach.audio import SAMPLE_RATE  # noqa: E402
from voice_coach.speech.transcript import Transcript, Word  # noqa: E402

SENTENCES = (
    "so um I led the migration of our billing service to a new database",
    "we had like five weeks and uh the old system was you know quite fragile",
    "I I split the work into small steps and we tested every step in production",
    "in the end we shipped on time with no downtime at all right",
)
WORD_S = 0.28  # a word's length: about 170 words a minute with the gaps below
WORD_GAP_S = 0.07
SENTENCE_PAUSE_S = 0.8
BLOCK_S = 0.5  # audio handed to the live analyzer at a time, as a recorder's queue would


def speech_like_unit(rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[str, float, float]]]:
    """One pass over SENTENCES as a signal and its (text, start_s, end_s) word times."""
    pieces: list[np.ndarray] = []
    words: list[tuple[str, float, float]] = []
    cursor_s = 0.0
    for sentence in SENTENCES:
        for text in sentence.split():
            n = int(WORD_S * SAMPLE_RATE)
            t = np.arange(n) / SAMPLE_RATE
            f0 = rng.uniform(95, 160) * (1 + 0.08 * np.sin(2 * np.pi * rng.uniform(1, 3) * t))
            phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
            voice = sum(np.sin(k * phase) / k for k in range(1, 8))
            envelope = np.sin(np.pi * t / WORD_S) ** 0.5 * rng.uniform(0.05, 0.15)
            pieces.append((voice * envelope).astype(np.float32))
            words.append((text, cursor_s, cursor_s + WORD_S))
            cursor_s += WORD_S
            pieces.append(np.zeros(int(WORD_GAP_S * SAMPLE_RATE), dtype=np.float32))
            cursor_s += WORD_GAP_S
        pieces.append(np.zeros(int(SENTENCE_PAUSE_S * SAMPLE_RATE), dtype=np.float32))
        cursor_s += SENTENCE_PAUSE_S
    audio = np.concatenate(pieces)
    return audio, words


def tiled_answer(minutes: float) -> tuple[np.ndarray, Transcript]:
    """``minutes`` of tiled speech-like audio and the matching transcript."""
    unit, unit_words = speech_like_unit(np.random.default_rng(7))
    unit_s = unit.shape[0] / SAMPLE_RATE
    repeats = int(np.ceil(minutes * 60 / unit_s))
    audio = np.tile(unit, repeats)[: int(minutes * 60 * SAMPLE_RATE)]
    duration_s = audio.shape[0] / SAMPLE_RATE
    words = tuple(
        Word(text=text, start_s=start + r * unit_s, end_s=end + r * unit_s, probability=0.9)
        for r in range(repeats)
        for text, start, end in unit_words
        if end + r * unit_s <= duration_s
    )
    return audio, Transcript(words=words, duration_s=duration_s)


def batch_seconds(audio: np.ndarray, transcript: Transcript, *, runs: int) -> float:
    """Best wall time of ``analyze_answer`` over ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = analyze_answer(audio, transcript, question_end_s=0.0)
        best = min(best, time.perf_counter() - start)
    if result.pacing.wpm is None or result.energy.pitch_median_hz is None:
        raise SystemExit("the analysis measured nothing; the benchmark signal is broken")
    return best


def live_seconds(audio: np.ndarray, transcript: Transcript) -> tuple[float, float]:
    """(time of ``finish`` after the last block, longest ``add_audio``) of a live analysis."""
    analyzer = AnswerAnalyzer(question_end_s=0.0)
    block = int(BLOCK_S * SAMPLE_RATE)
    longest_add = 0.0
    for start in range(0, audio.shape[0], block):
        began = time.perf_counter()
        analyzer.add_audio(audio[start : start + block])
        longest_add = max(longest_add, time.perf_counter() - began)
    began = time.perf_counter()
    analyzer.finish(transcript)
    return time.perf_counter() - began, longest_add


def with_late_peak(audio: np.ndarray) -> np.ndarray:
    """``audio`` with its last second 10 % louder, so the loudest sample comes last."""
    louder = audio.copy()
    louder[-SAMPLE_RATE:] *= 1.1
    return louder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[1, 10, 60], help="batch lengths")
    parser.add_argument("--live-minutes", type=float, nargs="+", default=[1, 5, 10], help="live lengths")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs (1 for 30 min and more)")
    args = parser.parse_args()

    analyze_answer(*tiled_answer(0.1))  # warm up imports and Praat
    print("After the answer: analyze_answer")
    print(f"{'audio':>8} {'words':>7} {'analysis s':>11} {'x real time':>12} {'s per audio min':>16}")
    for minutes in args.minutes:
        audio, transcript = tiled_answer(minutes)
        best = batch_seconds(audio, transcript, runs=1 if minutes >= 30 else args.repeats)
        audio_s = audio.shape[0] / SAMPLE_RATE
        print(
            f"{minutes:>6g} m {len(transcript.words):>7} {best:>11.2f} {audio_s / best:>11.0f}x "
            f"{best / minutes:>16.3f}"
        )

    print(f"\nLive: AnswerAnalyzer fed {BLOCK_S:g} s blocks; finish() after the last block (best of {args.repeats})")
    print(f"{'audio':>8} {'batch s':>8} {'finish s':>9} {'late peak s':>12} {'max add s':>10}")
    for minutes in args.live_minutes:
        audio, transcript = tiled_answer(minutes)
        batch = batch_seconds(audio, transcript, runs=args.repeats)
        runs = [live_seconds(audio, transcript) for _ in range(args.repeats)]
        late = min(live_seconds(with_late_peak(audio), transcript)[0] for _ in range(args.repeats))
        finish = min(r[0] for r in runs)
        longest_add = min(r[1] for r in runs)
        print(f"{minutes:>6g} m {batch:>8.3f} {finish:>9.3f} {late:>12.3f} {longest_add:>10.3f}")


if __name__ == "__main__":
    main()
