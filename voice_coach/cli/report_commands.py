"""Commands that look back: ``report`` (a session as a page or an export) and ``progress``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from rich.console import Console
from rich.text import Text

from voice_coach.errors import VoiceCoachError

STDOUT = "-"
LATEST = "latest"


def register(commands) -> None:
    from voice_coach.report.formats import FORMATS

    report = commands.add_parser(
        "report", help="write a session as a report page (HTML) or export it (md, json, srt, vtt)",
        description="Write a stored session as one self-contained HTML page: the summary and the most useful "
        "coaching points, each question's transcript with fillers highlighted and pauses marked, its figures, "
        "charts against round 1 and audio players. Or export it as Markdown, JSON, or SRT / WebVTT subtitles "
        "timed word by word.",
    )
    report.add_argument("session", type=_session_ref, metavar="SESSION",
                        help="a session id from 'sessions', or 'latest' for the most recent one")
    report.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to write (default: session-SESSION-report.FORMAT in this folder; "
                             "'-' for standard output)")
    report.add_argument("--format", choices=FORMATS, dest="fmt",
                        help="html (the default), md, json, srt or vtt; taken from FILE's suffix when not given")
    report.add_argument("--embed-audio", action="store_true",
                        help="html: put the recordings inside the page, so it can be shared on its own "
                             "(by default it links to them in the data folder)")
    report.add_argument("--question", type=_positive_int, metavar="N", dest="turn",
                        help="only question N of the session (as numbered by 'review'); subtitles are then "
                             "timed from the start of its recording")
    report.set_defaults(run=run_report)

    progress = commands.add_parser(
        "progress", help="every session's figures over time: pace, fillers, energy, per round",
        description="Show every stored session's pace, fillers per 100 words, energy against the calibration "
        "reading and pitch variation, oldest first and per round, with the change from the first session "
        "to the latest.",
    )
    progress.add_argument("--html", type=Path, metavar="FILE",
                          help="also write the table and charts as a self-contained page")
    progress.add_argument("--json", action="store_true", help="print JSON, one object per session")
    progress.set_defaults(run=run_progress)


def run_report(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.report import load_session_report
    from voice_coach.report.formats import render_report, write_private_text
    from voice_coach.storage import SessionStore

    with SessionStore.open() as store:
        session_id = _session_id(store, args.session)
        fmt, output = _report_target(args, session_id=session_id)
        report = load_session_report(store, session_id, turn=args.turn)
    output_dir = Path.cwd() if output is None else output.parent
    if fmt == "html" and console.is_terminal and output is not None:
        with console.status("Drawing the charts\u2026"):
            text = render_report(report, fmt=fmt, output_dir=output_dir, embed_audio=args.embed_audio)
    else:
        text = render_report(report, fmt=fmt, output_dir=output_dir, embed_audio=args.embed_audio)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_private_text(output, text)
    questions = len(report.answers)
    console.print(Text(f"Wrote {output} ({fmt}, {questions} question{'s' if questions != 1 else ''})."),
                  soft_wrap=True)
    if fmt == "html":
        console.print(Text(f"Open it in a browser: {output.resolve().as_uri()}", style="dim"), soft_wrap=True)
    return 0


def _session_id(store, ref: int | str) -> int:
    if ref != LATEST:
        return int(ref)
    sessions = store.list_sessions()
    if not sessions:
        raise VoiceCoachError("no sessions yet, so no latest one; try 'voice-coach demo' or 'voice-coach practice'")
    return sessions[-1].id


def _report_target(args: argparse.Namespace, *, session_id: int) -> tuple[str, Optional[Path]]:
    """The format and the file to write (None: standard output), checked together."""
    from voice_coach.report.formats import default_file_name, format_for_path

    to_stdout = args.output is not None and str(args.output) == STDOUT
    by_suffix = format_for_path(args.output) if args.output is not None and not to_stdout else None
    if args.fmt and by_suffix and args.fmt != by_suffix:
        raise VoiceCoachError(
            f"--format {args.fmt} does not match {args.output} (a .{by_suffix} name); "
            "drop --format or change the file name"
        )
    fmt = args.fmt or by_suffix or "html"
    if args.embed_audio and fmt != "html":
        raise VoiceCoachError(f"--embed-audio only applies to --format html, not {fmt}")
    if to_stdout:
        return fmt, None
    return fmt, args.output if args.output is not None else Path(default_file_name(session_id, fmt))


def run_progress(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.report import load_progress, progress_table, render_progress_html
    from voice_coach.report.formats import write_private_text
    from voice_coach.report.progress import trend_lines
    from voice_coach.storage import SessionStore

    with SessionStore.open() as store:
        points = load_progress(store)
    if args.json:
        print(json.dumps([p.to_dict() for p in points], indent=2))
    elif not points:
        console.print("No sessions yet. Try 'voice-coach demo' or 'voice-coach practice'.")
    else:
        console.print(progress_table(points))
        for line in trend_lines(points):
            console.print(Text(line))
    if args.html is not None:
        write_private_text(args.html, render_progress_html(points))
        if not args.json:
            console.print(Text(f"Wrote {args.html}. Open it in a browser: {args.html.resolve().as_uri()}"),
                          soft_wrap=True)
    return 0


def _session_ref(text: str) -> int | str:
    if text.strip().lower() == LATEST:
        return LATEST
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a session id (see 'sessions') or 'latest', got {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a question number from 1, got {text}")
    return value
