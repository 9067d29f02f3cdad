"""Practice-loop timings from a real run of ``voice-coach practice`` (not a test).

Measures, on this machine:
- start-up: from launching the command to the first question being put;
- transcription speed: seconds of audio transcribed per second of wall time;
- wait for feedback: from ``answer_end`` (end of answer detected) to ``feedback_ready``,
  for answers of 15, 60 and 120 s, read from the ``--events`` log, with the whole answer
  transcribed after it ends (``--transcribe-after``; answers are fed as fast as read).
  ``benchmarks/latency.py`` measures the live loop, with answers replayed in real time.

Usage: python benchmarks/practice_latency.py [--lengths 15 60 120] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.speech_synth import make_answer  # noqa: E402
from voice_coach.practice.events import read_events  # noqa: E402


def run_once(answers_dir: Path, home: Path, events: Path, questions: int) -> float:
    env = {**os.environ, "VOICE_COACH_HOME": str(home)}
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "voice_coach", "practice", "--answers-from", str(answers_dir), "--fast",
         "--no-speak", "--quiet-feedback", "--no-calibration", "--transcribe-after", "--questions", str(questions),
         "--events", str(events)],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=float, nargs="+", default=[15, 60, 120])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        answers = tmp / "answers"
        answers.mkdir()
        for i, length in enumerate(args.lengths):
            make_answer(length, answers / f"{i:02d}-answer-{int(length)}s.wav")
        startups, waits, speeds = [], {length: [] for length in args.lengths}, []
        for repeat in range(args.repeats):
            events_path = tmp / f"events-{repeat}.jsonl"
            started = run_once(answers, tmp / f"home-{repeat}", events_path, len(args.lengths))
            events = read_events(events_path)
            first_question = next(e for e in events if e["event"] == "question_start")
            startups.append(first_question["t"] - started)
            ends = [e for e in events if e["event"] == "answer_end"]
            ready = [e for e in events if e["event"] == "feedback_ready"]
            transcribed = [e for e in events if e["event"] == "transcript_ready"]
            for length, end, done, text in zip(args.lengths, ends, ready, transcribed):
                waits[length].append(done["t"] - end["t"])
                speeds.append(end["audio_s"] / max(text["t"] - end["t"], 1e-9))

    print(f"machine: {os.cpu_count()} cores; model: bundled tiny.en (int8); repeats: {args.repeats}")
    print(f"start-up to first question: median {statistics.median(startups):.2f} s")
    print(f"transcription speed: median {statistics.median(speeds):.1f} s of audio per second")
    print("answer length | answer_end -> feedback_ready (median, max)")
    for length in args.lengths:
        print(f"{length:10.0f} s  | {statistics.median(waits[length]):6.2f} s, {max(waits[length]):6.2f} s")


if __name__ == "__main__":
    main()
