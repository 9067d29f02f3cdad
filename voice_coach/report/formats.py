"""The report's output formats, and writing one to a private file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from voice_coach.report.audio_links import AudioLinks
from voice_coach.report.errors import ReportError
from voice_coach.report.model import SessionReport

FORMATS = ("html", "md", "json", "srt", "vtt")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
             ".srt": "srt", ".vtt": "vtt"}
PRIVATE_FILE_MODE = 0o600  # a report holds what someone said; only they should read it


def format_for_path(path: Path) -> Optional[str]:
    """The format a file name asks for by its suffix ("notes.md" -> "md"), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def default_file_name(session_id: int, fmt: str) -> str:
    """``session-<id>-report.<fmt>``: where a report goes when no ``-o`` is given."""
    return f"session-{session_id}-report.{fmt}"


def render_report(report: SessionReport, *, fmt: str, output_dir: Path, embed_audio: bool = False) -> str:
    """``report`` as text in ``fmt`` (one of ``FORMATS``); audio links are relative to ``output_dir``."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    if embed_audio and fmt != "html":
        raise ValueError(f"embed_audio applies to html only, not {fmt}")
    audio = AudioLinks(output_dir=output_dir, embed=embed_audio)
    if fmt == "html":
        from voice_coach.report.html import render_session_html

        return render_session_html(report, audio=audio)
    if fmt == "md":
        from voice_coach.report.markdown import render_session_markdown

        return render_session_markdown(report, audio=audio)
    if fmt == "json":
        from voice_coach.report.json_export import render_session_json

        return render_session_json(report)
    from voice_coach.report.subtitles import render_srt, render_vtt, session_cues

    cues = session_cues(report)
    return render_srt(cues) if fmt == "srt" else render_vtt(cues)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, readable only by the user (0600).

    Raises ``ReportError`` with the reason when the file cannot be written.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(path, PRIVATE_FILE_MODE)
    except OSError as e:
        hint = "create the folder first" if isinstance(e, FileNotFoundError) else "choose another place with -o"
        raise ReportError(f"cannot write {path} ({e.strerror or e}); {hint}") from e
