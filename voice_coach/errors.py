"""The exceptions voice-coach raises on purpose.

Every message says what was received, what was expected and how to fix it,
in one line: the command line prints it as it is, with exit code 1.
"""


class VoiceCoachError(Exception):
    """Root of every error the user can act on."""


class AudioFileError(VoiceCoachError):
    """An audio file is missing, empty or not audio."""


class DeviceError(VoiceCoachError):
    """A sound device is missing, unknown or failed."""


class BankError(VoiceCoachError):
    """A question bank cannot be found or is malformed."""


class ModelError(VoiceCoachError):
    """The speech model cannot be found or loaded."""


class StorageError(VoiceCoachError):
    """The session store cannot be read or written (for example, a full disk)."""


class SessionNotFound(StorageError):
    """No stored session has the id that was asked for."""
