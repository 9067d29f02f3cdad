"""A stored session in the terminal: coaching points, transcripts with fillers coloured, figures,
and what each answer said (a changed story, content flags, the questions the candidate asked).

Everything from the session is put into ``rich.text.Text`` objects, never into markup
strings, so a transcript that contains ``[bold]`` or ``[/]`` prints as it was said.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from voice_coach.report.content import (
    ARROW,
    CLOSING_FLAG_KINDS,
    SERIOUS_FLAG_KINDS,
    STAR_PARTS,
    AnswerContent,
    flag_title,
    question_note,
)
from voice_coach.report.figures import UNKNOWN, duration_text, filler_words_text, time_text
from voice_coach.report.marks import MarkedTranscript, MarkedWord
from voice_coach.report.model import AnswerReport, SessionReport, build_session_report
from voice_coach.storage import SessionDetail

FILLER_STYLE = "bold black on yellow"
PAUSE_STYLE = "dim"
LONG_PAUSE_STYLE = "bold red"
STATUS_STYLES = {"worse": "red", "better": "green", "same": "white", "hint": "yellow", "good": "green",
                 "problem": "red"}
VERDICT_STYLES = {"flagged": "bold red", "credited": "bold green", "neutral": "dim"}
QUOTE_STYLE = "italic"


def render_review(console: Console, session: SessionDetail) -> None:
    """Print ``session`` (from ``SessionStore.get_session``) for ``voice-coach review``."""
    print_session_report(console, build_session_report(session))


def print_session_report(console: Console, report: SessionReport) -> None:
    session = report.session
    console.rule(Text(f"Session {session.id} \u00b7 round {session.round_number} \u00b7 "
                      f"{time_text(session.started_at)} \u00b7 {duration_text(session.duration_s)} of answers"))
    console.print(Text("Most useful points", style="bold"))
    for number, point in enumerate(report.coaching, start=1):
        line = Text(f"{number}. ")
        line.append(point.headline, style=f"bold {STATUS_STYLES.get(point.status, 'white')}")
        if point.turn is not None:
            line.append(f"  (most in Q{point.turn})", style="dim")
        console.print(line)
        console.print(Padding(Text(point.detail), (0, 0, 0, 3)))
    for round_line in report.round_lines:
        console.print(Text("\u00b7 " + round_line, style="dim"))
    for answer in report.answers:
        _print_answer(console, answer)


def transcript_text(marked: MarkedTranscript | None, *, status: str = "answered") -> Text:
    """The transcript as rich ``Text``: fillers highlighted, pauses dimmed (long ones red)."""
    if marked is None:
        reason = "the answer was interrupted" if status == "interrupted" else "there was no answer"
        return Text(f"(not transcribed: {reason})", style="yellow")
    if not marked.words:
        return Text("(no words were recognised)", style="yellow")
    text = Text()
    for index, piece in enumerate(marked.pieces):
        if index:
            text.append(" ")
        if isinstance(piece, MarkedWord):
            text.append(piece.text, style=FILLER_STYLE if piece.filler else "")
        else:
            text.append(piece.label, style=LONG_PAUSE_STYLE if piece.long else PAUSE_STYLE)
    return text


def _print_answer(console: Console, answer: AnswerReport) -> None:
    record = answer.answer
    heading = Text(f"\nQ{record.turn}. ", style="bold cyan")
    heading.append(record.question_text, style="bold cyan")
    heading.append(f"  ({record.status}, {duration_text(record.duration_s)})", style="dim")
    console.print(heading)
    console.print(transcript_text(answer.marked, status=record.status))
    if answer.content is not None and answer.marked is not None and answer.marked.words:
        for line in said_lines(answer.content):
            console.print(Padding(line, (0, 0, 0, 2)))
    analysis = answer.analysis
    if analysis is not None:
        figures = Table(box=None, padding=(0, 2), show_edge=False, header_style="dim")
        for column in ("pace", "pauses", "fillers", "loudness vs calibration", "pitch variation"):
            figures.add_column(column)
        pacing, energy = analysis.pacing, analysis.energy
        figures.add_row(
            _number(pacing.wpm, "{:.0f} wpm"),
            f"{pacing.pause_count if pacing.pause_count is not None else UNKNOWN}"
            + (f" ({pacing.long_pause_count} long)" if pacing.long_pause_count else ""),
            Text(f"{analysis.fillers.count}" + (f": {filler_words_text(analysis)}" if analysis.fillers.count else "")),
            _number(energy.loudness_vs_calibration_db, "{:+.1f} dB"),
            _number(energy.pitch_var_st, "{:.1f} st"),
        )
        console.print(figures)
    if answer.changes:
        table = Table(title=Text("Against round 1", style="bold"), title_justify="left", show_header=False,
                      box=None, padding=(0, 2))
        table.add_column("dimension")
        table.add_column("status")
        table.add_column("change", justify="right")
        table.add_column("coaching", ratio=1)
        for change in answer.changes:
            status = change.status or "not judged"
            table.add_row(change.title, Text(status, style=STATUS_STYLES.get(status, "dim")), change.delta_text,
                          Text(change.message or ""))
        console.print(table)
    console.print(Text(f"audio {record.audio_path}" if record.audio_path else "no recording kept", style="dim"))


def said_lines(content: AnswerContent) -> list[Text]:
    """What an answer said, a line each: changed facts with both quotes, flags, the questions asked."""
    lines = []
    for conflict in content.conflicts:
        line = Text()
        line.append("story changed", style="bold red")
        line.append(f" {conflict.fact}: {content.baseline_label} ")
        line.append(conflict.baseline_quote, style=QUOTE_STYLE)
        line.append(f" {ARROW} now ")
        line.append(conflict.answer_quote, style=QUOTE_STYLE)
        lines.append(line)
    if content.story == "same":
        lines.append(Text(f"same story as in {content.baseline_label}", style="green"))
    for flag in content.flags:
        line = Text()
        serious = flag.kind in SERIOUS_FLAG_KINDS
        line.append(flag_title(flag.kind).lower(), style="bold red" if serious else "bold yellow")
        line.append(" " + flag.message)
        if flag.quote and flag.kind not in CLOSING_FLAG_KINDS:  # the questions asked follow
            line.append(" (")
            line.append(flag.quote, style=QUOTE_STYLE)
            line.append(")")
        lines.append(line)
    if content.closing:
        for question in content.questions:
            line = Text()
            line.append(f"{question.verdict:<8}", style=VERDICT_STYLES.get(question.verdict, ""))
            line.append(" ")
            line.append(question.text, style=QUOTE_STYLE)
            note = question_note(question)
            if note:
                line.append(f"  {note}", style="dim")
            lines.append(line)
    else:
        found = [part for part in STAR_PARTS if getattr(content.analysis.star, part) is not None]
        missing = [part for part in STAR_PARTS if part not in found]
        results = sum(1 for claim in content.analysis.quantified_claims if claim.result)
        line = Text("STAR: ", style="dim")
        line.append(", ".join(found) or "no part found", style="dim")
        if found and missing:
            line.append(f"; missing {', '.join(missing)}", style="dim")
        line.append(f" \u00b7 {results} {'result' if results == 1 else 'results'} in numbers", style="dim")
        lines.append(line)
    return lines


def _number(value: float | None, template: str) -> str:
    return UNKNOWN if value is None else template.format(value)
