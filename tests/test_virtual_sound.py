"""The virtual sound card: real PortAudio and ALSA in a child process, file-backed devices."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.virtual_sound import (
    CAPTURE_DEVICE_NAME,
    PLAYBACK_DEVICE_NAME,
    VirtualSoundCard,
    make_virtual_sound_card,
    requires_virtual_sound,
)

SAMPLE_RATE = 16_000  # Hz
CHILD_TIMEOUT_S = 60


def _tone(frequency_hz: float, *, duration_s: float, sample_rate: int = SAMPLE_RATE, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(duration_s * sample_rate)) / sample_rate
    return (amplitude * np.sin(2 * np.pi * frequency_hz * t)).astype(np.float32)


def _dominant_frequency_hz(audio: np.ndarray, *, sample_rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    return float(np.fft.rfftfreq(len(audio), 1 / sample_rate)[np.argmax(spectrum)])


def _loud_span_s(audio: np.ndarray, *, sample_rate: int, threshold: float = 0.01) -> float:
    """Seconds from the first to the last sample above ``threshold`` (priming silence excluded)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return (loud[-1] - loud[0] + 1) / sample_rate if len(loud) else 0.0


def _run_child(code: str, *args: str, card: VirtualSoundCard) -> subprocess.CompletedProcess:
    """Runs ``code`` in a fresh Python that sees only the virtual sound card."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=card.env(), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"child failed ({result.returncode}):\n{result.stderr}"
    assert "ALSA lib" not in result.stderr, result.stderr
    return result


_LIST_DEVICES = """
import json, sounddevice as sd
print(json.dumps({"devices": [dict(d) for d in sd.query_devices()],
                  "default": [sd.query_devices(i)["name"] for i in sd.default.device]}))
"""

_RECORD = """
import sys, numpy as np, sounddevice as sd
out, frames = sys.argv[1], int(sys.argv[2])
audio = sd.rec(frames, samplerate=16000, channels=1, dtype=sys.argv[3], device="vc_mic", blocking=True)
np.save(out, audio[:, 0])
"""

_RECORD_IN_BLOCKS = """
import json, sys, threading, numpy as np, sounddevice as sd
out, frames = sys.argv[1], int(sys.argv[2])
statuses = {}
for blocksize in json.loads(sys.argv[3]):
    blocks, done, seen = [], threading.Event(), []
    def callback(indata, n, time, status):
        if status:
            seen.append(str(status))
        blocks.append(indata[:, 0].copy())
        if sum(map(len, blocks)) >= frames:
            raise sd.CallbackStop
    with sd.InputStream(device="vc_mic", samplerate=16000, channels=1, dtype="float32",
                        blocksize=blocksize, callback=callback, finished_callback=done.set):
        done.wait(30)
    np.save(f"{out}-{blocksize}.npy", np.concatenate(blocks)[:frames])
    statuses[blocksize] = seen
print(json.dumps(statuses))
"""

_RECORD_TIMED = """
import json, sys, time, numpy as np, sounddevice as sd
out, frames = sys.argv[1], int(sys.argv[2])
start = time.monotonic()
audio = sd.rec(frames, samplerate=16000, channels=1, dtype="float32", device="vc_mic", blocking=True)
print(json.dumps({"elapsed_s": time.monotonic() - start}))
np.save(out, audio[:, 0])
"""

_PLAY = """
import json, sys, numpy as np, sounddevice as sd
for path, rate in json.loads(sys.argv[1]):
    sd.play(np.load(path), int(rate), device="vc_speaker", blocking=True)
"""


@pytest.fixture
def tone_card(tmp_path) -> tuple[VirtualSoundCard, np.ndarray]:
    """A card whose microphone hears 2 s of 440 Hz, fading in so that no two periods are alike."""
    audio = _tone(440, duration_s=2.0) * np.linspace(0.2, 1.0, 2 * SAMPLE_RATE, dtype=np.float32)
    return make_virtual_sound_card(tmp_path, capture_audio=audio), audio


@requires_virtual_sound
@pytest.mark.slow
def test_sounddevice_lists_the_virtual_devices(tone_card):
    card, _ = tone_card
    listing = json.loads(_run_child(_LIST_DEVICES, card=card).stdout)
    devices = {d["name"]: d for d in listing["devices"]}
    assert set(devices) == {CAPTURE_DEVICE_NAME, PLAYBACK_DEVICE_NAME, "default"}
    mic, speaker = devices[CAPTURE_DEVICE_NAME], devices[PLAYBACK_DEVICE_NAME]
    assert mic["max_input_channels"] >= 1 and mic["max_output_channels"] == 0
    assert speaker["max_output_channels"] >= 1 and speaker["max_input_channels"] == 0
    assert mic["default_samplerate"] == speaker["default_samplerate"] == SAMPLE_RATE
    # Nothing reaches the files unless the program names the devices.
    assert listing["default"] == ["default", "default"]


@requires_virtual_sound
@pytest.mark.slow
def test_recording_returns_the_fixture_audio(tone_card, tmp_path):
    card, source = tone_card
    _run_child(_RECORD, str(tmp_path / "recorded.npy"), str(len(source)), "float32", card=card)
    recorded = np.load(tmp_path / "recorded.npy")
    assert recorded.dtype == np.float32 and len(recorded) == len(source)
    assert _dominant_frequency_hz(recorded, sample_rate=SAMPLE_RATE) == pytest.approx(440, abs=1)
    assert np.corrcoef(recorded, source)[0, 1] > 0.999
    np.testing.assert_array_equal(recorded, source)  # float32 in the file: nothing converts


@requires_virtual_sound
@pytest.mark.slow
def test_every_sample_arrives_once_then_silence(tmp_path):
    # No two samples alike, so a dropped or repeated block shows.
    source = (np.arange(SAMPLE_RATE) / SAMPLE_RATE * 0.9).astype(np.float32)
    card = make_virtual_sound_card(tmp_path, capture_audio=source, trailing_silence_s=5)
    frames = 8 * SAMPLE_RATE  # 1 s of audio, 5 s of padding, then 2 s past the end of the file
    blocksizes = [0, 160, 1000, 4096]
    statuses = json.loads(_run_child(
        _RECORD_IN_BLOCKS, str(tmp_path / "rec"), str(frames), json.dumps(blocksizes), card=card,
    ).stdout)
    for blocksize in blocksizes:
        recorded = np.load(tmp_path / f"rec-{blocksize}.npy")
        np.testing.assert_array_equal(recorded[:len(source)], source, err_msg=f"blocksize={blocksize}")
        assert not recorded[len(source):].any(), f"blocksize={blocksize}: not silent after the audio"
        assert statuses[str(blocksize)] == [], f"blocksize={blocksize}"


@requires_virtual_sound
@pytest.mark.slow
def test_int16_capture_is_exact(tone_card, tmp_path):
    _, source = tone_card
    card = make_virtual_sound_card(tmp_path / "int16", capture_audio=source, capture_dtype="int16")
    _run_child(_RECORD, str(tmp_path / "recorded.npy"), str(len(source)), "int16", card=card)
    recorded = np.load(tmp_path / "recorded.npy")
    np.testing.assert_array_equal(recorded, np.fromfile(card.capture_file, "<i2")[:len(source)])
    assert _dominant_frequency_hz(recorded.astype(np.float32), sample_rate=SAMPLE_RATE) == pytest.approx(440, abs=1)


@requires_virtual_sound
@pytest.mark.slow
def test_real_time_microphone_keeps_pace(tmp_path):
    source = _tone(440, duration_s=3.0) * np.linspace(0.2, 1.0, 3 * SAMPLE_RATE, dtype=np.float32)
    card = make_virtual_sound_card(tmp_path, capture_audio=source, real_time=True)
    timing = json.loads(_run_child(_RECORD_TIMED, str(tmp_path / "rec.npy"), str(len(source)), card=card).stdout)
    # 3 s of audio, less a head start of at most the pipe's 64 KiB (about 1 s of float32);
    # the upper bound only leaves room for a busy machine.
    assert 1.5 <= timing["elapsed_s"] <= 3.0 + 7.0
    np.testing.assert_array_equal(np.load(tmp_path / "rec.npy"), source)


@requires_virtual_sound
@pytest.mark.slow
@pytest.mark.parametrize("play_rate", [16_000, 22_050])  # 22.05 kHz: what espeak-ng renders
def test_playback_writes_what_was_played(tone_card, tmp_path, play_rate):
    card, _ = tone_card
    np.save(tmp_path / "tone.npy", _tone(330, duration_s=1.5, sample_rate=play_rate))
    _run_child(_PLAY, json.dumps([[str(tmp_path / "tone.npy"), play_rate]]), card=card)
    played = card.played_audio()
    assert card.playback_sample_rate == SAMPLE_RATE  # stored at the card's rate, whatever was played
    assert _dominant_frequency_hz(played, sample_rate=SAMPLE_RATE) == pytest.approx(330, abs=1)
    assert _loud_span_s(played, sample_rate=SAMPLE_RATE) == pytest.approx(1.5, abs=0.01)
    assert np.max(np.abs(played)) == pytest.approx(0.5, abs=0.02)


@requires_virtual_sound
@pytest.mark.slow
def test_each_stream_gets_its_own_playback_file(tone_card, tmp_path):
    card, _ = tone_card
    np.save(tmp_path / "first.npy", _tone(330, duration_s=0.5))
    np.save(tmp_path / "second.npy", _tone(550, duration_s=1.0))
    plays = [[str(tmp_path / "first.npy"), SAMPLE_RATE], [str(tmp_path / "second.npy"), SAMPLE_RATE]]
    _run_child(_PLAY, json.dumps(plays), card=card)
    first, second = card.played_streams()
    assert _dominant_frequency_hz(first, sample_rate=SAMPLE_RATE) == pytest.approx(330, abs=2)
    assert _dominant_frequency_hz(second, sample_rate=SAMPLE_RATE) == pytest.approx(550, abs=2)
    assert _loud_span_s(second, sample_rate=SAMPLE_RATE) == pytest.approx(1.0, abs=0.01)
    assert len(card.played_audio()) == len(first) + len(second)


def test_config_is_self_contained(tone_card):
    card, _ = tone_card
    config = card.config_path.read_text()
    settings = "\n".join(line.split("#")[0] for line in config.splitlines())  # comments dropped
    # No hooks or includes: nothing from /usr/share/alsa, /etc/asound.conf or ~/.asoundrc comes in.
    assert "@hooks" not in settings and "<" not in settings and "asoundrc" not in settings
    assert f'infile "{card.capture_file}"' in config and f'file "{card.playback_file}"' in config
    assert card.env({"PATH": "/bin"}) == {"PATH": "/bin", "ALSA_CONFIG_PATH": str(card.config_path)}
    assert card.played_audio().shape == (0,)  # nothing played yet


def test_capture_file_is_the_audio_then_silence(tmp_path):
    source = _tone(440, duration_s=0.5)
    card = make_virtual_sound_card(tmp_path, capture_audio=source, trailing_silence_s=10)
    stored = np.fromfile(card.capture_file, "<f4")
    assert len(stored) == len(source) + 10 * SAMPLE_RATE
    np.testing.assert_array_equal(stored[:len(source)], source)
    assert not stored[len(source):].any()
    assert card.capture_duration_s == pytest.approx(0.5)


def test_capture_audio_from_a_wav(tmp_path):
    import soundfile

    wav = tmp_path / "answer.wav"
    soundfile.write(wav, _tone(440, duration_s=0.5), SAMPLE_RATE, subtype="PCM_16")
    card = make_virtual_sound_card(tmp_path, capture_audio=wav)
    expected, _ = soundfile.read(wav, dtype="float32")
    np.testing.assert_array_equal(np.fromfile(card.capture_file, "<f4")[:len(expected)], expected)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"capture_audio": np.zeros((10, 2), np.float32)}, r"shape \(10, 2\)"),
    ({"capture_audio": np.full(10, 1.5, np.float32)}, "peaks at 1.5"),
    ({"capture_audio": np.array([0.0, np.nan])}, "NaN"),
    ({"capture_audio": np.zeros(10, np.int16)}, "dtype int16"),
    ({"capture_audio": np.zeros(10), "capture_dtype": "float64"}, "capture_dtype='float64'"),
    ({"capture_audio": np.zeros(10), "trailing_silence_s": 0.5}, "trailing_silence_s=0.5 is too short"),
])
def test_bad_arguments_say_what_was_wrong(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_virtual_sound_card(tmp_path, **kwargs)


def test_a_wav_at_another_rate_is_refused(tmp_path):
    import soundfile

    wav = tmp_path / "answer.wav"
    soundfile.write(wav, _tone(440, duration_s=0.1, sample_rate=22_050), 22_050)
    with pytest.raises(ValueError, match="22050 Hz but the card's sample_rate is 16000 Hz"):
        make_virtual_sound_card(tmp_path, capture_audio=wav)


def test_one_card_per_directory(tmp_path):
    make_virtual_sound_card(tmp_path, capture_audio=np.zeros(10))
    with pytest.raises(FileExistsError, match="give each card its own directory"):
        make_virtual_sound_card(tmp_path, capture_audio=np.zeros(10))
