"""Looking back at stored sessions: a report page, exports, progress over time, the terminal review.

Stored session in, text out:

- ``load_session_report(store, session_id)`` -> ``SessionReport`` — answers with fillers and
  pauses laid on their words, what each said (a changed story, content flags, the questions
  asked), round-1 baselines, the three most useful coaching points;
- ``render_session_html(report, audio=AudioLinks(folder))`` — one self-contained page with
  charts (matplotlib, as inline SVG) and audio players; no script, no network;
- ``render_session_markdown`` / ``render_session_json`` / ``render_srt`` / ``render_vtt``
  (cues from ``session_cues(report)``) — the exports; ``render_report(report, fmt=…)`` picks one;
- ``load_progress(store)`` -> ``ProgressPoint``s, shown by ``progress_table`` (rich) and
  ``render_progress_html``;
- ``render_review(console, session)`` — ``voice-coach review`` in the terminal.

Modules: ``model`` (gathering), ``marks`` (fillers and pauses on words), ``content`` (an
answer's stored content coaching and the labels every format shares), ``changes`` and
``coaching`` (what moved from round 1, what was said, and what to say about it), ``figures`` (labelled
numbers), ``contours`` (pitch and loudness over time from a WAV), ``plots`` (charts),
``visuals`` (an answer's charts), ``audio_links``, ``html``, ``markdown``, ``json_export``,
``subtitles``, ``progress``, ``terminal``. Everything from a session is escaped for the
format it goes into: a transcript is whatever the microphone heard.
"""

from voice_coach.report.audio_links import AudioLinks
from voice_coach.report.errors import ReportError
from voice_coach.report.formats import FORMATS, render_report
from voice_coach.report.html import render_session_html
from voice_coach.report.json_export import render_session_json
from voice_coach.report.markdown import render_session_markdown
from voice_coach.report.model import SessionReport, build_session_report, load_session_report
from voice_coach.report.progress import ProgressPoint, load_progress, progress_table, render_progress_html
from voice_coach.report.subtitles import render_srt, render_vtt, session_cues
from voice_coach.report.terminal import render_review

__all__ = [
    "FORMATS",
    "AudioLinks",
    "ProgressPoint",
    "ReportError",
    "SessionReport",
    "build_session_report",
    "load_progress",
    "load_session_report",
    "progress_table",
    "render_progress_html",
    "render_report",
    "render_review",
    "render_session_html",
    "render_session_json",
    "render_session_markdown",
    "render_srt",
    "render_vtt",
    "session_cues",
]
