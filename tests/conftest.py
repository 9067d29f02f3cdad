"""Shared test set-up: a private data folder per test, real speech on demand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEECH_DIR_ENV = "VOICE_COACH_SPEECH_DIR"


@pytest.fixture(autouse=True)
def private_data_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test stores sessions in its own folder, never the user's."""
    home = tmp_path_factory.mktemp("voice-coach-home")
    monkeypatch.setenv("VOICE_COACH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def speech_dir() -> Path:
    """The real human recordings beside the checkout (../shared/speech)."""
    path = Path(os.environ.get(SPEECH_DIR_ENV, REPO_ROOT.parent / "shared" / "speech"))
    if not path.is_dir():
        pytest.skip(f"real speech recordings not found at {path} (set {SPEECH_DIR_ENV})")
    return path


@dataclass(frozen=True)
class DemoRun:
    home: Path
    env: dict
    result: subprocess.CompletedProcess
    events: Path
    report: Path


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    """``voice-coach demo`` run once for the whole suite (the real model on both rounds)."""
    home = tmp_path_factory.mktemp("demo-home")
    env = {**os.environ, "VOICE_COACH_HOME": str(home)}
    events, report = home / "events.jsonl", home / "demo-report.html"
    result = run_cli("demo", "--events", str(events), "--report", str(report), env=env)
    return DemoRun(home=home, env=env, result=result, events=events, report=report)


def espeak_to_array(text: str, *, tmp_path: Path, words_per_minute: int = 160, sample_rate: int = 16_000) -> np.ndarray:
    """Real synthetic speech from espeak-ng, as 16 kHz float32."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make setup installs it)")
    from voice_coach.audio.files import load_audio

    out = tmp_path / f"espeak-{abs(hash((text, words_per_minute)))}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(words_per_minute), "-w", str(out), text], check=True)
    return load_audio(out, sample_rate=sample_rate)


def run_cli(*args: str, env: dict | None = None, timeout: float = 600, input_text: str | None = None):
    """Runs ``voice-coach`` as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "voice_coach", *args],
        capture_output=True, text=True, env=env or os.environ.copy(), timeout=timeout, cwd=REPO_ROOT,
        input=input_text,
    )
