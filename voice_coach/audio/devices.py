"""Sound devices, as PortAudio (through sounddevice) sees them."""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.errors import DeviceError


def import_sounddevice():
    """sounddevice, or a one-line reason why it cannot load (PortAudio missing)."""
    try:
        import sounddevice
    except OSError as e:  # raised when libportaudio cannot be found
        raise DeviceError(
            "the PortAudio library is missing; on Debian/Ubuntu run "
            "'sudo apt-get install libportaudio2' (or 'make setup')"
        ) from e
    return sounddevice


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    host_api: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default_input: bool
    is_default_output: bool


def list_devices() -> list[Device]:
    sd = import_sounddevice()
    default_in, default_out = _default_indices(sd)
    host_apis = sd.query_hostapis()
    devices = []
    for info in sd.query_devices():
        devices.append(Device(
            index=info["index"],
            name=info["name"],
            host_api=host_apis[info["hostapi"]]["name"],
            max_input_channels=info["max_input_channels"],
            max_output_channels=info["max_output_channels"],
            default_samplerate=info["default_samplerate"],
            is_default_input=info["index"] == default_in,
            is_default_output=info["index"] == default_out,
        ))
    return devices


def parse_device(spec: str | int | None) -> str | int | None:
    """A device as sounddevice takes it: an index (given as digits) or a name substring."""
    if spec is None or isinstance(spec, int):
        return spec
    spec = spec.strip()
    return int(spec) if spec.isdigit() else spec


def resolve_device(spec: str | int | None, *, kind: str) -> int:
    """The index of the input or output device ``spec`` names (None: the default).

    Raises DeviceError naming what was asked for and where to see the choices.
    """
    sd = import_sounddevice()
    spec = parse_device(spec)
    try:
        info = sd.query_devices(spec, kind=kind)
    except ValueError as e:  # unknown or ambiguous name, or not an input/output device
        raise DeviceError(f"{kind} device {spec!r}: {e}; 'voice-coach devices' lists them") from e
    except sd.PortAudioError as e:
        if spec is None:
            raise DeviceError(
                f"no default {kind} device (is a microphone/speaker connected?); "
                "'voice-coach devices' lists what there is"
            ) from e
        raise DeviceError(f"{kind} device {spec!r}: {e}; 'voice-coach devices' lists them") from e
    return int(info["index"])


def has_output_device() -> bool:
    """True when there is somewhere to play a question (a headless server has none)."""
    try:
        resolve_device(None, kind="output")
    except DeviceError:
        return False
    return True


def _default_indices(sd) -> tuple[int, int]:
    default = sd.default.device
    try:
        return int(default[0]), int(default[1])
    except (TypeError, IndexError):
        return -1, -1
