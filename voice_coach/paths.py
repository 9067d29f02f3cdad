"""Where voice-coach keeps its data and finds its bundled material."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "VOICE_COACH_HOME"
PROMPTS_ENV = "VOICE_COACH_PROMPTS"

# The checkout (or editable install) root: prompts/ and audio_fixtures/ live there.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_home() -> Path:
    """The folder for sessions and recordings: $VOICE_COACH_HOME, else the XDG data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "voice-coach"


def prompts_dir() -> Path:
    """The bundled question banks: $VOICE_COACH_PROMPTS, else ``prompts/`` in the project."""
    override = os.environ.get(PROMPTS_ENV)
    return Path(override) if override else PROJECT_ROOT / "prompts"


def fixtures_dir() -> Path:
    """Generated demo and test audio (``audio_fixtures/``)."""
    return PROJECT_ROOT / "audio_fixtures"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by the user: recordings are someone's voice."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
