"""The one error the report package raises on purpose."""

from voice_coach.errors import VoiceCoachError


class ReportError(VoiceCoachError):
    """A report cannot be made as asked: an unknown question, an unwritable file, a missing plot library."""
