"""Generate voice-coach's demo and test audio, deterministically.

Run from the project root (``make fixtures`` does)::

    python audio_fixtures/generate.py            # rewrite audio_fixtures/demo and /test
    python audio_fixtures/generate.py --out DIR  # write the same tree under DIR instead

Speech comes from espeak-ng (a system package), run once per sentence, resampled
from espeak-ng's native rate to 16 kHz with a polyphase filter and stored as
16-bit mono PCM. Noise comes from a seeded generator. The same espeak-ng version
gives the same bytes; ``ESPEAK_NG_VERSION_USED`` names the one the committed
files were made with, and a different one is logged as a warning.

What is made (``audio_fixtures/README.md`` describes every file):

* ``demo/round1/NN-name.flac`` and ``demo/round2/NN-name.flac`` -- one candidate's
  answers to the five general questions, each beside a ``.txt`` of the exact
  words spoken. Round 1 is lively; round 2 is slower, quieter, flatter, has
  fillers, changes one fact ("a team of five" becomes "a team of eight") and
  asks about salary at the close.
* ``demo/calibration/round1.flac``, ``round2.flac`` and ``sentence.txt`` -- the
  same neutral sentence with the same voice; round 2 is 3 dB quieter, as if the
  microphone gain had been turned down (round 2's answers carry the same 3 dB).
* ``test/`` -- a tone, silence, room noise, short and long speech, one sentence
  at two rates, and two deliberately broken files.

Most audio is FLAC: 16-bit PCM at 16 kHz costs 32 kB a second, and the demo
answers alone last about two and a half minutes, which as WAV would exceed the
5 MB the fixtures may take in the repository. FLAC is lossless, so the samples
read back are the samples written. ``test/tone_220hz.wav`` and
``test/short_answer.wav`` stay WAV so that path is exercised too.
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

log = logging.getLogger("audio_fixtures.generate")

SAMPLE_RATE = 16_000
LEAD_SILENCE_S = 0.3  # before the first sound of every speech file
TAIL_SILENCE_S = 0.3  # after the last sound; espeak-ng's own tail varies with the text
INT16_FULL_SCALE = 32_767
FLAC_COMPRESSION_LEVEL = 1.0  # soundfile's 0..1 scale; 1.0 is libFLAC's strongest (8)

ESPEAK_NG = "espeak-ng"
ESPEAK_NG_VERSION_USED = "1.51"
ESPEAK_VOICE = "en-us"

HERE = Path(__file__).resolve().parent

CALIBRATION_SENTENCE = "The quick brown fox jumps over the lazy dog near the bank of the river."
CALIBRATION_ROUND2_GAIN_DB = -3.0  # a microphone turned down; the voice is unchanged


PITCH_RANGES = ("x-low", "low", "medium", "high", "x-high")


class FixtureError(Exception):
    """A fixture cannot be made; the message says what to do."""


@dataclass(frozen=True)
class Voice:
    """espeak-ng settings for one speaker style.

    ``rate`` is espeak-ng's ``-s`` (its own words per minute; the measured rate of
    a sentence differs by the text's pauses and word lengths), ``pitch`` its
    ``-p`` (0-99, 50 is the voice's default), ``amplitude`` its ``-a`` (0-200,
    linear, 100 is the default) and ``pitch_range`` the SSML ``<prosody range>``
    level: ``x-low``, ``low``, ``medium``, ``high`` or ``x-high``. The range is
    what changes how much the intonation moves; ``-p`` only moves the whole
    contour up or down.
    """

    rate: int
    pitch: int
    amplitude: int
    pitch_range: str = "medium"

    def __post_init__(self) -> None:
        if self.pitch_range not in PITCH_RANGES:
            raise FixtureError(
                f"pitch_range {self.pitch_range!r} is not an SSML range; use one of {PITCH_RANGES}"
            )


# Round 1: a confident, lively delivery. Measured over the answers: about 169
# words per minute, -19.5 dBFS while sounding, pitch s.d. about 2.4 semitones.
# Amplitude 90 leaves about 1 dB of headroom below espeak-ng's loudest peak.
ROUND1_VOICE = Voice(rate=144, pitch=60, amplitude=90, pitch_range="x-high")
# Round 2: slower, lower, quieter and flatter. Measured: about 128 words per
# minute (the fillers' commas add pauses, so -s differs less than the rate),
# about 5 dB quieter (-a 59 against 90 is 20*log10(59/90) = -3.7 dB; the lower,
# narrower voice carries less energy again) and pitch s.d. about 1 semitone.
ROUND2_VOICE = Voice(rate=126, pitch=45, amplitude=59, pitch_range="low")
# Test speech: espeak-ng's defaults apart from the rate.
NEUTRAL_VOICE = Voice(rate=135, pitch=50, amplitude=100)

# One file per question of the general bank, named so that name order is question order.
DEMO_QUESTIONS = (
    "01-tell-me-about-yourself",
    "02-greatest-achievement",
    "03-handled-conflict",
    "04-why-this-role",
    "05-questions-for-us",
)

ROUND1_ANSWERS = {
    "01-tell-me-about-yourself": (
        "I'm an operations analyst with six years in logistics. I run reporting for our "
        "regional warehouses in SQL and Power BI, and before that I was a shift lead, "
        "so I know where the numbers come from."
    ),
    "02-greatest-achievement": (
        "Last year I led a team of five analysts to rebuild our month end close. We "
        "automated the reconciliations in Python, and the close went from nine days to "
        "four, with no audit findings."
    ),
    "03-handled-conflict": (
        "A senior planner and I did not agree on a forecast. He trusted last year's "
        "pattern, and I thought a new customer had changed it. We ran both models for a "
        "month, mine was closer, and now we review forecasts together."
    ),
    "04-why-this-role": (
        "This role mixes analysis with running real operations, which is what I enjoy "
        "most. Your network is growing fast, and I want to build reports that the people "
        "on the warehouse floor will actually use."
    ),
    "05-questions-for-us": (
        "Yes, two questions. What are the next steps in your process, and when can I "
        "expect to hear from you? And could you tell me about the team I would join, and "
        "how you measure success in the first six months?"
    ),
}

# The same person, less prepared: fillers ("um", "uh", "you know", "like"), a team
# of eight instead of five, and a closing question about salary.
# With --panel, round 2's last interviewer asks the first question again, in other
# words; this answer tells the same story a little differently ("seven years" after
# "six years"), so the within-session consistency check has something to find.
PANEL_REPEAT_ANSWERS = {
    "06-tell-me-about-yourself-again": (
        "Sure. Um, I'm an operations analyst with, uh, seven years in logistics. I run the "
        "warehouse reporting in SQL and Power BI, and before that I was a shift lead."
    ),
}

ROUND2_ANSWERS = {
    "01-tell-me-about-yourself": (
        "Um, I'm an operations analyst. I've been in logistics for, uh, six years. I do "
        "the reporting for our warehouses, you know, in SQL and Power BI, and before "
        "that I was, like, a shift lead."
    ),
    "02-greatest-achievement": (
        "So, um, last year I led a team of eight analysts, and we rebuilt the month end "
        "close. It was, uh, nine days, and now it's, you know, four days."
    ),
    "03-handled-conflict": (
        "Uh, so a senior planner and I, um, did not agree on a forecast. I thought a new "
        "customer changed things. So we, like, ran both models, and mine was closer, "
        "you know."
    ),
    "04-why-this-role": (
        "Um, I think it's a good fit. It's, like, analysis but also real operations. "
        "And, uh, I want to build reports that people on the floor actually use."
    ),
    "05-questions-for-us": (
        "Uh, yes. Um, what is the salary range for this role? And is there, you know, "
        "a bonus on top of that? Uh, and how many vacation days do I get?"
    ),
}

SHORT_ANSWER = (
    "I led a team of five analysts and we cut the month end close from nine days to four."
)

# 26 words, none of them numbers (which Whisper writes as digits), read at two rates.
RATE_SENTENCE = (
    "Our team checked every invoice from last spring, found the duplicate payments, "
    "and returned the extra money to the budget long before the yearly audit began."
)
RATE_SLOW_ESPEAK = 113  # measured about 120 words per minute on RATE_SENTENCE
RATE_FAST_ESPEAK = 189  # measured about 200 words per minute on RATE_SENTENCE

# About a minute answering "Tell me about a project you are proud of", one
# synthesized sentence at a time with these pauses between them.
LONG_ANSWER_SENTENCES = (
    "The project I'm proudest of started with a complaint from our biggest customer.",
    "Their orders were arriving late about one time in five, and nobody could say why.",
    "I pulled six months of shipment data into one table and looked at where the time went.",
    "Most of the delay came from a single step, where pallets waited for a manual quality check.",
    "I spent a week with the night shift to understand how that check really worked.",
    "Together we moved the check earlier, before the pallets were wrapped, and added a scanner.",
    "Within two months, almost all of the late orders had disappeared.",
    "It was a small change, but it made a real difference.",
    "The customer renewed their contract for three more years.",
    "What I learned is that the data tells you where to look, "
    "but the people on the floor tell you why.",
    "Now I start every analysis by talking to the people who do the work.",
)
LONG_ANSWER_GAPS_S = (0.6, 1.2, 0.4, 0.9, 1.5, 0.5, 1.0, 0.8, 0.7, 1.3)

TONE_FREQUENCY_HZ = 220.0
TONE_DURATION_S = 2.0
TONE_PEAK_DBFS = -12.0  # a sine peaking at 0.251 of full scale

SILENCE_DURATION_S = 30.0

ROOM_NOISE_DURATION_S = 30.0
ROOM_NOISE_RMS_DBFS = -55.0
ROOM_NOISE_LOW_CUT_HZ = 20.0  # below this the 1/f slope is cut off: no DC, no rumble
ROOM_NOISE_ROLLOFF_HZ = 2_000.0  # above this a further -12 dB/octave, as in a real room
ROOM_NOISE_SEED = 20_240_611

NOT_AUDIO_TEXT = (
    "This is not audio. It is a text file named .wav, so that tests can check how "
    "voice-coach reports a file it cannot decode.\n"
)


def espeak_ng_version() -> str:
    """The installed espeak-ng's version, e.g. ``"1.51"``."""
    if shutil.which(ESPEAK_NG) is None:
        raise FixtureError(
            f"{ESPEAK_NG} is not on PATH; install it (Debian/Ubuntu: apt-get install espeak-ng)"
        )
    out = subprocess.run(
        [ESPEAK_NG, "--version"], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"text-to-speech:\s*(\S+)", out)
    if match is None:
        raise FixtureError(f"cannot read a version from `{ESPEAK_NG} --version`: {out!r}")
    return match.group(1)


def synthesize(text: str, voice: Voice, *, workdir: Path) -> np.ndarray:
    """Speak ``text`` with espeak-ng and return float64 samples at ``SAMPLE_RATE``.

    Silence espeak-ng puts before the first and after the last sound is cut; the
    caller pads as it needs.
    """
    ssml = f'<speak><prosody range="{voice.pitch_range}">{escape(text)}</prosody></speak>'
    wav_path = workdir / "espeak.wav"
    command = [
        ESPEAK_NG, "-v", ESPEAK_VOICE, "-m",
        "-s", str(voice.rate), "-p", str(voice.pitch), "-a", str(voice.amplitude),
        "-w", str(wav_path), ssml,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise FixtureError(
            f"{ESPEAK_NG} failed with exit code {result.returncode}: {result.stderr.strip()}"
        )
    samples, native_rate = sf.read(wav_path, dtype="int16")
    sounding = np.flatnonzero(samples)
    if sounding.size == 0:
        raise FixtureError(f"{ESPEAK_NG} produced only silence for {text!r}")
    samples = samples[sounding[0] : sounding[-1] + 1].astype(np.float64) / INT16_FULL_SCALE
    common = math.gcd(SAMPLE_RATE, native_rate)
    return resample_poly(samples, SAMPLE_RATE // common, native_rate // common)


def silence(duration_s: float) -> np.ndarray:
    return np.zeros(round(duration_s * SAMPLE_RATE))


def padded(speech: np.ndarray) -> np.ndarray:
    """``speech`` with LEAD_SILENCE_S before and TAIL_SILENCE_S after."""
    return np.concatenate([silence(LEAD_SILENCE_S), speech, silence(TAIL_SILENCE_S)])


def db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Round float samples (full scale 1.0) to 16-bit, clipping rather than wrapping."""
    scaled = np.round(samples * INT16_FULL_SCALE)
    return np.clip(scaled, -INT16_FULL_SCALE - 1, INT16_FULL_SCALE).astype(np.int16)


def write_audio(path: Path, samples: np.ndarray) -> None:
    """Write mono 16-bit PCM at SAMPLE_RATE; the suffix (.wav or .flac) picks the container."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = to_int16(samples)
    if path.suffix == ".flac":
        sf.write(path, pcm, SAMPLE_RATE, format="FLAC", subtype="PCM_16",
                 compression_level=FLAC_COMPRESSION_LEVEL)
    else:
        sf.write(path, pcm, SAMPLE_RATE, format="WAV", subtype="PCM_16")
    log.info("%-45s %6.2f s", f"{path.parent.name}/{path.name}", len(pcm) / SAMPLE_RATE)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def tone() -> np.ndarray:
    t = np.arange(round(TONE_DURATION_S * SAMPLE_RATE)) / SAMPLE_RATE
    return db_to_gain(TONE_PEAK_DBFS) * np.sin(2 * np.pi * TONE_FREQUENCY_HZ * t)


def room_noise() -> np.ndarray:
    """Pink noise (-3 dB/octave) from 20 Hz, rolling off faster above 2 kHz, at -55 dBFS RMS.

    The roll-off makes it sound like a room rather than a hiss, and lets FLAC
    store it in about two thirds of the space plain pink noise would take.
    """
    rng = np.random.default_rng(ROOM_NOISE_SEED)
    n = round(ROOM_NOISE_DURATION_S * SAMPLE_RATE)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs_hz = np.fft.rfftfreq(n, d=1.0 / SAMPLE_RATE)
    shaping = np.zeros_like(freqs_hz)
    audible = freqs_hz >= ROOM_NOISE_LOW_CUT_HZ
    shaping[audible] = 1.0 / np.sqrt(
        freqs_hz[audible] * (1.0 + (freqs_hz[audible] / ROOM_NOISE_ROLLOFF_HZ) ** 4)
    )
    noise = np.fft.irfft(spectrum * shaping, n)
    rms = np.sqrt(np.mean(noise**2))
    return noise * db_to_gain(ROOM_NOISE_RMS_DBFS) / rms


def generate_demo(out: Path, *, workdir: Path) -> None:
    demo = out / "demo"
    # Round 2 is recorded at the lower microphone gain of its calibration reading too,
    # so its answers are quieter by that gain plus the voice's own drop in energy;
    # calibration takes the gain back out and leaves the drop.
    for round_dir, voice, answers, gain_db in (
        ("round1", ROUND1_VOICE, ROUND1_ANSWERS, 0.0),
        ("round2", ROUND2_VOICE, ROUND2_ANSWERS, CALIBRATION_ROUND2_GAIN_DB),
    ):
        extra = PANEL_REPEAT_ANSWERS if round_dir == "round2" else {}
        for name, text in [(name, answers[name]) for name in DEMO_QUESTIONS] + list(extra.items()):
            speech = padded(synthesize(text, voice, workdir=workdir)) * db_to_gain(gain_db)
            write_audio(demo / round_dir / f"{name}.flac", speech)
            write_text(demo / round_dir / f"{name}.txt", text)

    calibration = padded(synthesize(CALIBRATION_SENTENCE, ROUND1_VOICE, workdir=workdir))
    write_audio(demo / "calibration" / "round1.flac", calibration)
    write_audio(demo / "calibration" / "round2.flac",
                calibration * db_to_gain(CALIBRATION_ROUND2_GAIN_DB))
    write_text(demo / "calibration" / "sentence.txt", CALIBRATION_SENTENCE)


def generate_test(out: Path, *, workdir: Path) -> None:
    test = out / "test"
    write_audio(test / "tone_220hz.wav", tone())
    write_audio(test / "silence_30s.flac", silence(SILENCE_DURATION_S))
    write_audio(test / "room_noise_30s.flac", room_noise())

    write_audio(test / "short_answer.wav", padded(synthesize(SHORT_ANSWER, NEUTRAL_VOICE, workdir=workdir)))
    write_text(test / "short_answer.txt", SHORT_ANSWER)

    for name, rate in (("rate_slow", RATE_SLOW_ESPEAK), ("rate_fast", RATE_FAST_ESPEAK)):
        voice = Voice(rate=rate, pitch=NEUTRAL_VOICE.pitch, amplitude=NEUTRAL_VOICE.amplitude)
        write_audio(test / f"{name}.flac", padded(synthesize(RATE_SENTENCE, voice, workdir=workdir)))
        write_text(test / f"{name}.txt", RATE_SENTENCE)

    pieces = []
    for index, sentence in enumerate(LONG_ANSWER_SENTENCES):
        if index:
            pieces.append(silence(LONG_ANSWER_GAPS_S[index - 1]))
        pieces.append(synthesize(sentence, ROUND1_VOICE, workdir=workdir))
    write_audio(test / "answer_long.flac", padded(np.concatenate(pieces)))
    write_text(test / "answer_long.txt", "\n".join(LONG_ANSWER_SENTENCES))

    write_text(test / "not_audio.wav", NOT_AUDIO_TEXT)
    (test / "empty.wav").write_bytes(b"")
    log.info("%-45s (text) and test/empty.wav (0 bytes)", "test/not_audio.wav")


def generate(out: Path) -> None:
    """Write the whole fixture tree under ``out`` (``demo/`` and ``test/``)."""
    if len(LONG_ANSWER_GAPS_S) != len(LONG_ANSWER_SENTENCES) - 1:
        raise FixtureError(
            f"{len(LONG_ANSWER_SENTENCES)} long-answer sentences need "
            f"{len(LONG_ANSWER_SENTENCES) - 1} gaps, got {len(LONG_ANSWER_GAPS_S)}"
        )
    version = espeak_ng_version()
    if version != ESPEAK_NG_VERSION_USED:
        log.warning(
            "espeak-ng %s differs from %s, which made the committed fixtures; "
            "the speech will not be byte-identical", version, ESPEAK_NG_VERSION_USED,
        )
    with tempfile.TemporaryDirectory(prefix="voice-coach-fixtures-") as tmp:
        generate_demo(out, workdir=Path(tmp))
        generate_test(out, workdir=Path(tmp))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write demo/ and test/ into (default: %(default)s)")
    parser.add_argument("-q", "--quiet", action="store_true", help="log warnings only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(message)s")
    try:
        generate(args.out)
    except FixtureError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
