"""Feedback latency of the live loop (not a test): ``answer_end`` -> ``feedback_ready``.

Replays espeak-ng answers of several lengths in REAL TIME through
``voice-coach practice --answers-from`` (as a microphone would deliver them), reads the
``--events`` log, and prints the distribution per answer length: first with live
phrase-by-phrase transcription (the default), then with ``--transcribe-after`` (the
whole answer transcribed after it ends) for comparison.

Usage: python benchmarks/latency.py [--lengths 30 120 300] [--repeats 3] [--batch-repeats 1]
A full run takes about (sum of lengths) x (repeats + batch repeats) seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.speech_synth import make_answer  # noqa: E402
from voice_coach.practice.events import read_events  # noqa: E402


def run(answers: Path, work: Path, *, live: bool, questions: int, longest_s: float) -> list[dict]:
    events = work / f"events-{'live' if live else 'batch'}-{len(list(work.iterdir()))}.jsonl"
    command = [sys.executable, "-m", "voice_coach", "practice", "--answers-from", str(answers), "--no-speak",
               "--no-calibration", "--quiet-feedback", "--questions", str(questions), "--events", str(events),
               "--max-answer", str(longest_s + 30)]  # the default cap (180 s) would cut a 5-minute answer
    if not live:
        command.append("--transcribe-after")
    env = {**os.environ, "VOICE_COACH_HOME": str(work / "home")}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return read_events(events)


def waits(events: list[dict]) -> list[float]:
    ends = [e for e in events if e["event"] == "answer_end"]
    ready = [e for e in events if e["event"] == "feedback_ready"]
    return [done["t"] - end["t"] for end, done in zip(ends, ready)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=float, nargs="+", default=[30, 120, 300])
    parser.add_argument("--repeats", type=int, default=3, help="answers of each length, live mode")
    parser.add_argument("--batch-repeats", type=int, default=1, help="answers of each length, batch mode")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results: dict[tuple[str, float], list[float]] = {}
        for mode, repeats in (("live", args.repeats), ("after", args.batch_repeats)):
            for repeat in range(repeats):
                answers = work / f"answers-{mode}-{repeat}"
                answers.mkdir()
                for i, length in enumerate(args.lengths):
                    make_answer(length, answers / f"{i:02d}-answer.wav", seed=repeat)
                events = run(answers, work, live=mode == "live", questions=len(args.lengths),
                             longest_s=max(args.lengths))
                for length, wait in zip(args.lengths, waits(events)):
                    results.setdefault((mode, length), []).append(wait)
                print(f"{mode} run {repeat + 1}/{repeats} done", file=sys.stderr)

    print(f"machine: {os.cpu_count()} cores; model: bundled tiny.en (int8); answers replayed in real time")
    print("mode   | answer | n | median s | p95 s | max s")
    for (mode, length), values in sorted(results.items()):
        print(f"{mode:6s} | {length:5.0f} s | {len(values)} | {statistics.median(values):8.2f} | "
              f"{percentile(values, 0.95):5.2f} | {max(values):5.2f}")


if __name__ == "__main__":
    main()
