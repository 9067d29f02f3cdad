"""Speech to text."""

from voice_coach.speech.transcript import Transcript, Word

__all__ = ["Transcript", "Word"]
