"""A real virtual sound card for tests: ALSA's ``file`` plugin behind PortAudio, no mocks.

The machine running the tests needs no sound card. ``make_virtual_sound_card`` writes
a self-contained ALSA configuration with three PCMs:

* ``vc_mic``: capture only. It reads a raw file made from the audio you give,
  followed by trailing silence.
* ``vc_speaker``: playback only. Each stream opened on it writes to its own raw file
  (16-bit little-endian mono, at a rate you choose). ``played_streams()`` and
  ``played_audio()`` read those files back.
* ``default``: ALSA's ``null`` device. It discards playback and captures silence, so
  a program that ignores ``--input-device`` or ``--output-device`` hears nothing and
  plays nothing that a test can find.

The child process finds the configuration through the ``ALSA_CONFIG_PATH``
environment variable. That variable replaces ``/usr/share/alsa/alsa.conf``, so
``/etc/asound.conf`` and ``~/.asoundrc`` are never read. sounddevice starts PortAudio,
and PortAudio lists the devices, when it is imported. The program under test must
therefore run in a child process whose environment comes from ``card.env()``::

    card = make_virtual_sound_card(tmp_path, capture_audio=answer)   # float32, 16 kHz
    result = run_cli("practice", "--input-device", card.capture_device_name,
                     "--output-device", card.playback_device_name, env=card.env())
    question = card.played_audio()          # float32 at card.playback_sample_rate

Things to know (checked with alsa-lib 1.2.8 and PortAudio 19.6):

* Both devices run faster than real time, because the ``null`` slave has no clock.
  ``vc_mic`` delivers thousands of seconds of audio per second of wall-clock time.
  Count time in samples, never in wall-clock seconds, and give every child process a
  timeout. With ``real_time=True``, ``vc_mic`` keeps the pace of a real microphone
  after a head start of up to about a second. The plugin's copy of what is captured
  then goes into a pipe that a small pacer process drains at the stream's byte rate,
  and a full pipe holds the capture back.
* Every stream opened on ``vc_mic`` starts again at the beginning of the file.
* ``vc_mic`` is exact only when the program opens it at ``capture_sample_rate``, mono,
  with ``capture_dtype``. If the program asks for anything else, ALSA's plug layer
  converts the audio. That conversion makes the file plugin drop blocks of samples,
  without any error.
* After the file ends, the plugin replays its last ring buffer. The file therefore
  ends in ``trailing_silence_s`` of zeros, which is much longer than any buffer.
  Past the end of the file the microphone stays silent.
* Each playback file begins with PortAudio's priming silence (about one buffer) and
  ends with the zero padding of the last block. Measure how long something played
  from its first and last loud samples, not from the file's length. A stream that
  plays nothing still leaves a file, an empty one, and so does a successful format
  check (``sd.check_output_settings``). ``played_streams()`` leaves empty files out.
* ALSA resamples a stream opened at another rate, but PortAudio's format check
  refuses that rate. ``sd.check_output_settings(device="vc_speaker", samplerate=22050)``
  raises ``PortAudioError`` ("Illegal combination of I/O devices [PaErrorCode -9993]"),
  and ``sd.play`` at 22050 Hz still works.
* The file plugin buffers what is played, and only flushes it when the stream stops.
  Read it back after the child process has exited.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np
import pytest

ALSA_CONFIG_PATH_ENV = "ALSA_CONFIG_PATH"
CAPTURE_DEVICE_NAME = "vc_mic"
PLAYBACK_DEVICE_NAME = "vc_speaker"
DEFAULT_SAMPLE_RATE = 16_000  # Hz; what the recorder asks the microphone for
DEFAULT_TRAILING_SILENCE_S = 30.0
# PortAudio's ALSA ring buffer is about 0.1 s by default and a few seconds at most.
# Past the end of the file the plugin replays that buffer, so the file must end in
# more silence than the buffer holds.
MIN_TRAILING_SILENCE_S = 5.0
CARD_DIRECTORY_NAME = "virtual_sound"


@dataclass(frozen=True)
class _SampleFormat:
    numpy_dtype: str  # the on-disk layout, little-endian
    alsa_name: str
    file_suffix: str


# Keyed by the dtype the program passes to sounddevice.
_CAPTURE_FORMATS = {
    "float32": _SampleFormat(numpy_dtype="<f4", alsa_name="FLOAT_LE", file_suffix="f32le.raw"),
    "int16": _SampleFormat(numpy_dtype="<i2", alsa_name="S16_LE", file_suffix="s16le.raw"),
}
_PLAYBACK_FORMAT = _CAPTURE_FORMATS["int16"]
_INT16_FULL_SCALE = 32768.0

# Reads stdin at argv[1] bytes per second; a pipe it leaves full blocks ALSA's capture.
_PACER_SCRIPT = '''\
import fcntl, os, sys, time

F_SETPIPE_SZ = 1031  # Linux: shrink the pipe so that the writer cannot run far ahead
bytes_per_s = float(sys.argv[1])
fd = sys.stdin.fileno()
small_pipe = False
start = time.monotonic()
total = 0
while chunk := os.read(fd, 4096):
    if not small_pipe:
        try:  # fails (EBUSY) while the pipe holds more than the new size
            fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
            small_pipe = True
        except OSError:
            pass
    total += len(chunk)
    ahead_s = total / bytes_per_s - (time.monotonic() - start)
    if ahead_s > 0:
        time.sleep(ahead_s)
'''


# Writes stdin to the next free playback file (name, name.0001, ...) at argv[1] bytes per
# second, so a program playing to vc_speaker takes as long as a real speaker would.
_PLAYBACK_PACER_SCRIPT = '''\
import fcntl, os, sys, time

F_SETPIPE_SZ = 1031
bytes_per_s = float(sys.argv[1])
base = sys.argv[2]
for n in range(10000):
    name = base if n == 0 else f"{base}.{n:04d}"
    try:
        out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        break
    except FileExistsError:
        continue
fd = sys.stdin.fileno()
try:
    fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
except OSError:
    pass
start = time.monotonic()
total = 0
while chunk := os.read(fd, 4096):
    os.write(out, chunk)
    total += len(chunk)
    ahead_s = total / bytes_per_s - (time.monotonic() - start)
    if ahead_s > 0:
        time.sleep(ahead_s)
os.close(out)
'''


def unavailable_reason() -> str | None:
    """Why the virtual sound card cannot work on this machine, or None if it can."""
    if not sys.platform.startswith("linux"):
        return f"the virtual sound card uses ALSA, which is Linux only (this is {sys.platform})"
    if ctypes.util.find_library("asound") is None:
        return "libasound (ALSA) not found; on Debian/Ubuntu run 'sudo apt-get install libasound2'"
    if importlib.util.find_spec("sounddevice") is None:
        return "the sounddevice package is not installed; run 'make setup'"
    if ctypes.util.find_library("portaudio") is None:
        return "the PortAudio library was not found; on Debian/Ubuntu run 'sudo apt-get install libportaudio2'"
    return None


requires_virtual_sound = pytest.mark.skipif(
    unavailable_reason() is not None, reason=unavailable_reason() or "available"
)


@dataclass(frozen=True)
class VirtualSoundCard:
    """One ALSA configuration with a file-backed microphone and speaker, and the files behind them."""

    config_path: Path
    capture_device_name: str
    playback_device_name: str
    capture_file: Path  # the audio given, then trailing silence, as capture_dtype
    capture_sample_rate: int  # Hz; open vc_mic at this rate, mono, with capture_dtype
    capture_dtype: str  # "float32" or "int16", as sounddevice spells it
    capture_duration_s: float  # the audio given, without the trailing silence
    capture_real_time: bool  # vc_mic paced like a real microphone, or as fast as it can be read
    playback_file: Path  # the first stream's file; later streams add ".0001", ".0002", ...
    playback_sample_rate: int  # Hz; the rate of every playback file, whatever rate the program plays at
    playback_real_time: bool = False  # vc_speaker paced like a real speaker

    def env(self, base_env: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for a child process that should see this card (default: a copy of ours)."""
        env = dict(os.environ if base_env is None else base_env)
        env[ALSA_CONFIG_PATH_ENV] = str(self.config_path)
        return env

    def playback_files(self) -> list[Path]:
        """Every file vc_speaker has written, one per opened stream, oldest first."""
        pattern = re.compile(re.escape(self.playback_file.name) + r"(\.(\d{4}))?")
        numbered = []
        for path in self.playback_file.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match is not None:
                numbered.append((int(match.group(2) or 0), path))
        return [path for _, path in sorted(numbered)]

    def played_streams(self) -> list[np.ndarray]:
        """What each playback stream played, as float32 mono at playback_sample_rate.

        Streams that were opened but played nothing (for example, a format check) are left out.
        """
        streams = []
        for path in self.playback_files():
            samples = np.fromfile(path, dtype=_PLAYBACK_FORMAT.numpy_dtype)
            if len(samples):
                streams.append((samples / np.float32(_INT16_FULL_SCALE)).astype(np.float32))
        return streams

    def played_audio(self) -> np.ndarray:
        """Everything played on vc_speaker, one stream after another, float32 mono at playback_sample_rate."""
        streams = self.played_streams()
        return np.concatenate(streams) if streams else np.zeros(0, dtype=np.float32)


def make_virtual_sound_card(
    directory: Path,
    *,
    capture_audio: np.ndarray | Path,
    sample_rate: int = DEFAULT_SAMPLE_RATE,
    trailing_silence_s: float = DEFAULT_TRAILING_SILENCE_S,
    capture_dtype: str = "float32",
    playback_sample_rate: int | None = None,
    real_time: bool = False,
    playback_real_time: bool = False,
) -> VirtualSoundCard:
    """Writes the ALSA configuration and the microphone's file in ``directory/virtual_sound``.

    ``capture_audio``: what vc_mic hears. Either a 1-D float array in [-1, 1] at
    ``sample_rate`` Hz, or the path of a mono sound file at that rate.
    ``capture_dtype``: the dtype the program opens vc_mic with ("float32" or "int16").
    The file holds that format, so nothing converts the samples on the way.
    ``playback_sample_rate``: the rate of the playback files (default: ``sample_rate``).
    ALSA resamples whatever the program plays to this rate.
    ``real_time``: pace vc_mic like a real microphone. Without it, vc_mic runs thousands
    of times faster than real time.
    ``playback_real_time``: pace vc_speaker like a real speaker (a question takes as long
    to play as it lasts), for tests of what happens while something is playing.
    """
    samples = _load_capture_audio(capture_audio, sample_rate=sample_rate)
    if capture_dtype not in _CAPTURE_FORMATS:
        raise ValueError(f"capture_dtype={capture_dtype!r} is not supported; use one of {sorted(_CAPTURE_FORMATS)}")
    if not trailing_silence_s >= MIN_TRAILING_SILENCE_S:
        raise ValueError(
            f"trailing_silence_s={trailing_silence_s} is too short; use at least {MIN_TRAILING_SILENCE_S} s "
            "(past the end of the file ALSA replays its last buffer, so the file must end in silence)"
        )
    playback_sample_rate = sample_rate if playback_sample_rate is None else playback_sample_rate
    if playback_sample_rate <= 0:
        raise ValueError(f"playback_sample_rate={playback_sample_rate} must be a positive number of Hz")

    card_dir = Path(directory) / CARD_DIRECTORY_NAME
    try:
        card_dir.mkdir(parents=True)
    except FileExistsError as e:
        raise FileExistsError(
            f"{card_dir} already holds a virtual sound card; give each card its own directory"
        ) from e
    capture_format = _CAPTURE_FORMATS[capture_dtype]
    card = VirtualSoundCard(
        config_path=card_dir / "asound.conf",
        capture_device_name=CAPTURE_DEVICE_NAME,
        playback_device_name=PLAYBACK_DEVICE_NAME,
        capture_file=card_dir / f"{CAPTURE_DEVICE_NAME}.{capture_format.file_suffix}",
        capture_sample_rate=sample_rate,
        capture_dtype=capture_dtype,
        capture_duration_s=len(samples) / sample_rate,
        capture_real_time=real_time,
        playback_file=card_dir / f"{PLAYBACK_DEVICE_NAME}.{_PLAYBACK_FORMAT.file_suffix}",
        playback_sample_rate=playback_sample_rate,
        playback_real_time=playback_real_time,
    )
    if ":" in str(card.config_path):
        # ALSA_CONFIG_PATH is a ':'-separated list of files.
        raise ValueError(f"{card.config_path} contains ':', which ALSA_CONFIG_PATH cannot hold; use another directory")

    silence = np.zeros(round(trailing_silence_s * sample_rate), dtype=np.float32)
    _encode(np.concatenate([samples, silence]), capture_format).tofile(card.capture_file)
    if real_time:
        _pacer_path(card).write_text(_PACER_SCRIPT, encoding="utf-8")
    if playback_real_time:
        _playback_pacer_path(card).write_text(_PLAYBACK_PACER_SCRIPT, encoding="utf-8")
    card.config_path.write_text(alsa_config(card), encoding="utf-8")
    return card


def alsa_config(card: VirtualSoundCard) -> str:
    """The complete ALSA configuration for ``card``: nothing else is loaded beside it."""
    capture_format = _CAPTURE_FORMATS[card.capture_dtype]
    if card.capture_real_time:
        bytes_per_s = card.capture_sample_rate * np.dtype(capture_format.numpy_dtype).itemsize
        command = shlex.join([sys.executable, "-I", "-S", str(_pacer_path(card)), str(bytes_per_s)])
        capture_copy = _quote("|exec " + command) + "\t# a pacer drains this pipe at real time"
    else:
        capture_copy = '"/dev/null"\t# the plugin also copies what is captured here'
    if card.playback_real_time:
        bytes_per_s = card.playback_sample_rate * np.dtype(_PLAYBACK_FORMAT.numpy_dtype).itemsize
        command = shlex.join([sys.executable, "-I", "-S", str(_playback_pacer_path(card)), str(bytes_per_s),
                              str(card.playback_file)])
        playback_target = _quote("|exec " + command) + "\t# a pacer writes it out at real time"
    else:
        playback_target = _quote(card.playback_file)
    return f"""\
# voice-coach virtual sound card, written by tests/virtual_sound.py.
# Loaded through ALSA_CONFIG_PATH in place of /usr/share/alsa/alsa.conf, so no system or
# user configuration (/etc/asound.conf, ~/.asoundrc) is read.

# Capture only (asym without playback). The file's format, rate and channels are the plug's
# slave settings. When the program asks for the same, nothing converts: the file plugin reads
# exact samples in mmap mode, which it cannot do reliably under a conversion.
pcm.{card.capture_device_name} {{
	type asym
	capture.pcm {{
		type plug
		slave {{
			pcm {{
				type file
				slave.pcm {{ type null }}	# no clock: as fast as it is read
				infile {_quote(card.capture_file)}
				file {capture_copy}
				format "raw"
			}}
			format {capture_format.alsa_name}
			rate {card.capture_sample_rate}
			channels 1
		}}
	}}
	hint {{
		show on
		description "voice-coach virtual microphone (reads a file)"
	}}
}}

# Playback only. The plug converts whatever is played to mono S16_LE at a fixed rate.
# truncate false: each stream opened gets its own file (name, name.0001, ...).
pcm.{card.playback_device_name} {{
	type asym
	playback.pcm {{
		type plug
		slave {{
			pcm {{
				type file
				slave.pcm {{ type null }}	# no clock: faster than real time
				file {playback_target}
				format "raw"
				truncate false
			}}
			format {_PLAYBACK_FORMAT.alsa_name}
			rate {card.playback_sample_rate}
			channels 1
		}}
	}}
	hint {{
		show on
		description "voice-coach virtual speaker (writes a file)"
	}}
}}

# A silent default: programs that do not name a device reach neither file.
# PortAudio 19.6 also needs a PCM called "default" here. It probes "default" last, and it
# aborts (assert devIdx < numDeviceNames) if every PCM it probed before "default" opens.
pcm.default {{
	type null
	hint {{
		show on
		description "voice-coach virtual sound card: silent default"
	}}
}}
"""


def _pacer_path(card: VirtualSoundCard) -> Path:
    return card.config_path.parent / "pace_capture.py"


def _playback_pacer_path(card: VirtualSoundCard) -> Path:
    return card.config_path.parent / "pace_playback.py"


def _load_capture_audio(capture_audio: np.ndarray | Path, *, sample_rate: int) -> np.ndarray:
    if sample_rate <= 0:
        raise ValueError(f"sample_rate={sample_rate} must be a positive number of Hz")
    if isinstance(capture_audio, (str, Path)):
        import soundfile

        samples, file_rate = soundfile.read(str(capture_audio), dtype="float32", always_2d=True)
        if file_rate != sample_rate:
            raise ValueError(
                f"{capture_audio} is {file_rate} Hz but the card's sample_rate is {sample_rate} Hz; "
                f"pass sample_rate={file_rate} or resample the file"
            )
        if samples.shape[1] != 1:
            raise ValueError(f"{capture_audio} has {samples.shape[1]} channels; the virtual microphone is mono")
        return samples[:, 0]
    samples = np.asarray(capture_audio)
    if samples.ndim == 2 and samples.shape[1] == 1:
        samples = samples[:, 0]
    if samples.ndim != 1:
        raise ValueError(f"capture_audio has shape {samples.shape}; expected mono samples, shape (n,)")
    if not np.issubdtype(samples.dtype, np.floating):
        raise ValueError(f"capture_audio has dtype {samples.dtype}; expected float samples in [-1, 1]")
    if not np.all(np.isfinite(samples)):
        raise ValueError("capture_audio contains NaN or infinite samples")
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak > 1.0:
        raise ValueError(f"capture_audio peaks at {peak:.3g}; expected samples in [-1, 1]")
    return samples.astype(np.float32)


def _encode(samples: np.ndarray, sample_format: _SampleFormat) -> np.ndarray:
    if sample_format.alsa_name == "S16_LE":
        scaled = np.round(samples.astype(np.float64) * _INT16_FULL_SCALE)
        return np.clip(scaled, -_INT16_FULL_SCALE, _INT16_FULL_SCALE - 1).astype(sample_format.numpy_dtype)
    return samples.astype(sample_format.numpy_dtype)


def _quote(path: Path) -> str:
    """``path`` as an ALSA configuration string."""
    text = str(path)
    if any(ord(ch) < 32 for ch in text):
        raise ValueError(f"{text!r} contains control characters, which an ALSA configuration cannot hold")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
