"""Long answers for benchmarks, spoken by espeak-ng (real synthetic speech, made on the fly)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

SAMPLE_RATE = 16_000
SENTENCES = [
    "In my last role I led a team of five analysts in the finance operations group.",
    "We owned the month end close, and it took nine working days when I joined.",
    "I mapped every step with the accountants and found three manual reconciliations.",
    "We automated two of them with a small Python service and a shared checklist.",
    "Within two quarters the close took four days, and the error rate fell by half.",
    "The part I am proudest of is that the team kept the new process going after I moved on.",
    "I also learned to explain the numbers to people who do not live in spreadsheets.",
    "That is why this role appeals to me, because it joins analysis with real operations.",
]


def speak(text: str, path: Path, *, words_per_minute: int = 160) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(words_per_minute), "-w", str(path), text], check=True)
    from voice_coach.audio.files import load_audio

    return load_audio(path)


def make_answer(duration_s: float, path: Path, *, seed: int = 0) -> Path:
    """Sentences with thinking pauses of 0.4 to 1.6 s, until the answer is ``duration_s`` long."""
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp:
        spoken = [speak(s, Path(tmp) / f"{i}.wav") for i, s in enumerate(SENTENCES)]
    pieces, total, i = [], 0, seed
    while total < duration_s * SAMPLE_RATE:
        gap = np.zeros(int(rng.uniform(0.4, 1.6) * SAMPLE_RATE), dtype=np.float32)
        pieces += [spoken[i % len(spoken)], gap]
        total += len(spoken[i % len(spoken)]) + len(gap)
        i += 1
    audio = np.concatenate(pieces)[: int(duration_s * SAMPLE_RATE)]
    soundfile.write(str(path), audio, SAMPLE_RATE, subtype="PCM_16")
    return path
