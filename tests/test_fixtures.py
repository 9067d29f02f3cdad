"""The committed demo and test audio: present, readable, small, and saying what it should.

Known answers where there are any (a 220 Hz tone, digital silence, a copy 3 dB
quieter); for the demo rounds, the differences the comparison feature relies on:
round 2 is quieter, slower and flatter than round 1, one fact changes between
the rounds and the closing question turns to salary.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys

import numpy as np
import pytest
import soundfile as sf

from voice_coach.paths import fixtures_dir

FIXTURES = fixtures_dir()
DEMO = FIXTURES / "demo"
TEST = FIXTURES / "test"

SAMPLE_RATE = 16_000
MAX_TOTAL_BYTES = 5_000_000
FRAME_S = 0.01
ACTIVE_FRAME_DBFS = -50.0  # espeak-ng's pauses are digital silence, far below this

DEMO_QUESTIONS = (
    "01-tell-me-about-yourself",
    "02-greatest-achievement",
    "03-handled-conflict",
    "04-why-this-role",
    "05-questions-for-us",
)
DEMO_ANSWERS = [f"{r}/{q}" for r in ("round1", "round2") for q in DEMO_QUESTIONS]
CALIBRATION_SENTENCE = "The quick brown fox jumps over the lazy dog near the bank of the river."

# Every audio file, with the range its duration must fall in (seconds).
AUDIO_DURATIONS_S = {
    **{f"demo/{answer}.flac": (12.0, 20.0) for answer in DEMO_ANSWERS},
    "demo/calibration/round1.flac": (3.0, 8.0),
    "demo/calibration/round2.flac": (3.0, 8.0),
    "test/tone_220hz.wav": (2.0, 2.0),
    "test/silence_30s.flac": (30.0, 30.0),
    "test/room_noise_30s.flac": (30.0, 30.0),
    "test/short_answer.wav": (3.0, 8.0),
    "test/rate_slow.flac": (10.0, 16.0),
    "test/rate_fast.flac": (6.0, 10.0),
    "test/answer_long.flac": (55.0, 65.0),
}
SCRIPTS = [
    *(f"demo/{answer}.txt" for answer in DEMO_ANSWERS),
    "demo/calibration/sentence.txt",
    "test/short_answer.txt",
    "test/rate_slow.txt",
    "test/rate_fast.txt",
    "test/answer_long.txt",
]


def read(relative: str) -> np.ndarray:
    samples, rate = sf.read(FIXTURES / relative, dtype="float64")
    assert rate == SAMPLE_RATE
    return samples


def frame_rms(samples: np.ndarray) -> np.ndarray:
    """RMS of consecutive 10 ms frames."""
    size = round(FRAME_S * SAMPLE_RATE)
    count = len(samples) // size
    return np.sqrt(np.mean(samples[: count * size].reshape(count, size) ** 2, axis=1))


def dbfs(rms: np.ndarray | float) -> np.ndarray | float:
    return 20 * np.log10(np.maximum(rms, 1e-12))


def active_rms_dbfs(samples: np.ndarray) -> float:
    """Level of the frames that sound, so pauses do not dilute it."""
    rms = frame_rms(samples)
    active = rms[dbfs(rms) > ACTIVE_FRAME_DBFS]
    return float(dbfs(np.sqrt(np.mean(active**2))))


def words_per_minute(relative_audio: str) -> float:
    """Words of the script over the time from the first to the last sound."""
    script = (FIXTURES / relative_audio).with_suffix(".txt").read_text(encoding="utf-8")
    active = np.flatnonzero(dbfs(frame_rms(read(relative_audio))) > ACTIVE_FRAME_DBFS)
    span_s = (active[-1] - active[0] + 1) * FRAME_S
    return len(script.split()) / span_s * 60


def pitch_sd_semitones(relative_audio: str) -> float:
    import parselmouth

    pitch = parselmouth.Sound(read(relative_audio), sampling_frequency=SAMPLE_RATE).to_pitch()
    f0_hz = pitch.selected_array["frequency"]
    f0_hz = f0_hz[f0_hz > 0]
    return float(np.std(12 * np.log2(f0_hz / np.median(f0_hz))))


@pytest.mark.parametrize("relative", sorted(AUDIO_DURATIONS_S))
def test_audio_is_16khz_mono_pcm16_of_sensible_length(relative):
    info = sf.info(FIXTURES / relative)
    low_s, high_s = AUDIO_DURATIONS_S[relative]
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    assert low_s <= info.duration <= high_s, f"{relative}: {info.duration:.2f} s"


@pytest.mark.parametrize("relative", SCRIPTS)
def test_every_speech_file_has_its_script(relative):
    text = (FIXTURES / relative).read_text(encoding="utf-8")
    assert text.strip() and text.endswith("\n")


def test_demo_answers_are_the_only_audio_in_the_round_folders_in_question_order():
    for round_dir in ("round1", "round2"):
        audio = sorted(p.stem for p in (DEMO / round_dir).iterdir() if p.suffix != ".txt")
        # Round 2 also holds the answer to the question a panel asks a second time.
        extra = ["06-tell-me-about-yourself-again"] if round_dir == "round2" else []
        assert audio == list(DEMO_QUESTIONS) + extra


def test_calibration_sentence_is_stored_beside_the_reads():
    assert (DEMO / "calibration" / "sentence.txt").read_text(encoding="utf-8").strip() == CALIBRATION_SENTENCE


def test_total_size_stays_under_5_mb():
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    total = sum(p.stat().st_size for p in files)
    assert total < MAX_TOTAL_BYTES, f"audio_fixtures takes {total:,} bytes"


def test_tone_is_220hz_at_minus_12_dbfs_peak():
    samples = read("test/tone_220hz.wav")
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs_hz = np.fft.rfftfreq(len(samples), d=1 / SAMPLE_RATE)
    assert freqs_hz[np.argmax(spectrum)] == pytest.approx(220.0, abs=1.0)
    assert dbfs(np.max(np.abs(samples))) == pytest.approx(-12.0, abs=0.1)


def test_silence_is_digital_zero():
    assert not np.any(read("test/silence_30s.flac"))


def test_room_noise_is_quiet_steady_and_not_silence():
    samples = read("test/room_noise_30s.flac")
    assert dbfs(np.sqrt(np.mean(samples**2))) == pytest.approx(-55.0, abs=0.5)
    per_second_dbfs = dbfs(frame_rms(samples).reshape(-1, 100).mean(axis=1))
    assert np.ptp(per_second_dbfs) < 3.0
    assert abs(np.mean(samples)) < 1e-4


def test_broken_files_are_broken():
    assert (TEST / "empty.wav").stat().st_size == 0
    with pytest.raises(sf.LibsndfileError):
        sf.info(TEST / "not_audio.wav")
    with pytest.raises(sf.LibsndfileError):
        sf.info(TEST / "empty.wav")


def test_speech_starts_after_a_short_lead_in():
    for relative in AUDIO_DURATIONS_S:
        if relative.startswith("demo/") or relative in ("test/short_answer.wav", "test/answer_long.flac"):
            first = np.flatnonzero(dbfs(frame_rms(read(relative))) > ACTIVE_FRAME_DBFS)[0]
            assert 0.25 <= first * FRAME_S <= 0.35, relative


def test_rate_files_read_the_same_words_at_two_rates():
    assert (TEST / "rate_slow.txt").read_text() == (TEST / "rate_fast.txt").read_text()
    assert words_per_minute("test/rate_slow.flac") == pytest.approx(120, abs=10)
    assert words_per_minute("test/rate_fast.flac") == pytest.approx(200, abs=15)


def test_long_answer_has_one_pause_between_sentences():
    sentences = (TEST / "answer_long.txt").read_text(encoding="utf-8").splitlines()
    silent = dbfs(frame_rms(read("test/answer_long.flac"))) <= ACTIVE_FRAME_DBFS
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], silent.astype(int), [0]]))))[::2]
    # Gaps between sentences are 0.4 s or more; the lead-in and tail 0.3 s; pauses
    # espeak-ng makes inside a sentence, at commas, about 0.2 s.
    long_pauses = runs[runs * FRAME_S >= 0.35]
    assert len(long_pauses) == len(sentences) - 1


def test_round2_is_quieter_than_round1():
    # Round 2 is recorded 3 dB lower (its calibration shows the gain); beyond that
    # gain, the voice itself carries 3 to 8 dB less energy.
    microphone_gain_db = 3.0
    for question in DEMO_QUESTIONS:
        round1 = active_rms_dbfs(read(f"demo/round1/{question}.flac"))
        round2 = active_rms_dbfs(read(f"demo/round2/{question}.flac"))
        drop = round1 - round2 - microphone_gain_db
        assert 3.0 <= drop <= 8.0, f"{question}: {round1:.1f} vs {round2:.1f} dBFS"


def test_round2_is_slower_than_round1():
    round1 = np.mean([words_per_minute(f"demo/round1/{q}.flac") for q in DEMO_QUESTIONS])
    round2 = np.mean([words_per_minute(f"demo/round2/{q}.flac") for q in DEMO_QUESTIONS])
    assert round1 == pytest.approx(165, abs=15)
    assert round2 == pytest.approx(125, abs=15)


def test_round2_pitch_is_flatter_than_round1():
    for question in DEMO_QUESTIONS:
        round1 = pitch_sd_semitones(f"demo/round1/{question}.flac")
        round2 = pitch_sd_semitones(f"demo/round2/{question}.flac")
        assert round2 < 0.6 * round1, f"{question}: {round1:.2f} vs {round2:.2f} semitones"


def test_round2_calibration_is_the_same_read_3db_quieter():
    round1 = read("demo/calibration/round1.flac")
    round2 = read("demo/calibration/round2.flac")
    assert active_rms_dbfs(round1) - active_rms_dbfs(round2) == pytest.approx(3.0, abs=0.05)
    np.testing.assert_allclose(round2, round1 * 10 ** (-3 / 20), atol=2 / 32_768)


def script(relative: str) -> str:
    return (DEMO / f"{relative}.txt").read_text(encoding="utf-8").lower()


def test_round2_has_fillers_and_round1_has_none():
    fillers = re.compile(r"\b(um|uh|you know|like,)")
    for question in DEMO_QUESTIONS:
        assert not fillers.search(script(f"round1/{question}"))
    assert sum(len(fillers.findall(script(f"round2/{q}"))) for q in DEMO_QUESTIONS) >= 10


def test_story_changes_one_fact_and_the_closing_question_turns_to_salary():
    assert "team of five" in script("round1/02-greatest-achievement")
    assert "team of eight" in script("round2/02-greatest-achievement")
    assert "next steps" in script("round1/05-questions-for-us")
    assert "salary" not in script("round1/05-questions-for-us")
    assert "salary" in script("round2/05-questions-for-us")


def _load_generator():
    spec = importlib.util.spec_from_file_location("fixture_generator", FIXTURES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.slow
def test_generator_reproduces_the_committed_fixtures(tmp_path):
    """Scripts and audio in the repository are what generate.py makes today."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make setup installs it)")
    generator = _load_generator()
    installed, used = generator.espeak_ng_version(), generator.ESPEAK_NG_VERSION_USED
    if installed != used:
        pytest.skip(f"fixtures were made with espeak-ng {used}; {installed} is installed")

    generator.generate(tmp_path)

    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        p.relative_to(FIXTURES) for folder in (DEMO, TEST) for p in folder.rglob("*") if p.is_file()
    )
    assert made == committed
    for relative in made:
        fresh, kept = tmp_path / relative, FIXTURES / relative
        if f"{relative.parent.name}/{relative.name}" in AUDIO_DURATIONS_S:
            # Compare samples, not bytes: another libFLAC may pack the same samples differently.
            np.testing.assert_allclose(sf.read(fresh)[0], sf.read(kept)[0], atol=2 / 32_768,
                                       err_msg=f"{relative}: run `make fixtures`")
        else:
            assert fresh.read_bytes() == kept.read_bytes(), f"{relative}: run `make fixtures`"
