"""Where a report's audio players find the recordings: a relative link, or the file inside it."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from voice_coach.report.errors import ReportError

_AUDIO_TYPES = {".wav": "audio/wav", ".flac": "audio/flac", ".ogg": "audio/ogg", ".mp3": "audio/mpeg"}


@dataclass(frozen=True)
class AudioLinks:
    """How recordings are referenced from a report written into ``output_dir``.

    ``embed=False``: a URL relative to ``output_dir`` (the report and the data folder can
    move together); ``embed=True``: a ``data:`` URI holding the whole file.
    """

    output_dir: Path
    embed: bool = False

    def source(self, audio_path: Optional[Path]) -> Optional[str]:
        """The ``src`` for ``audio_path``; None when there is no recording or it is gone."""
        if audio_path is None or not Path(audio_path).is_file():
            return None
        audio_path = Path(audio_path)
        if self.embed:
            try:
                data = audio_path.read_bytes()
            except OSError as e:
                raise ReportError(f"cannot read {audio_path} to embed it ({e.strerror}); check its permissions") from e
            return f"data:{mime_type(audio_path)};base64,{base64.b64encode(data).decode('ascii')}"
        return relative_url(audio_path, start=self.output_dir)


def relative_url(path: Path, *, start: Path) -> str:
    """``path`` as a URL relative to the folder ``start`` ("../home/recordings/2/01-x.wav")."""
    try:
        relative = os.path.relpath(Path(path).resolve(), Path(start).resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(path).resolve().as_uri()
    return quote(Path(relative).as_posix(), safe="/")


def mime_type(path: Path) -> str:
    return _AUDIO_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")
