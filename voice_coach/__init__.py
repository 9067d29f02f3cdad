"""voice-coach: a local, private practice partner for spoken job interviews.

The package is split by what flows through it:
audio (microphone, files, speaker, voice activity) -> speech (transcription)
-> analysis (delivery figures, comparison with round 1) -> storage (sessions)
-> practice (the interview loop) -> cli (the ``voice-coach`` command).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
