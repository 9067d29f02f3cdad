"""The terminal face of the practice loop: question, level meter, spinner, feedback."""

from __future__ import annotations

import contextlib

from rich.console import Console
from rich.markup import escape
from rich.live import Live
from rich.table import Table
from rich.text import Text

from voice_coach.practice.loop import AnswerResult
from voice_coach.practice.interview_plan import PlannedQuestion

METER_FLOOR_DBFS = -60.0
METER_WIDTH = 30


class TerminalView:
    def __init__(self, console: Console) -> None:
        self.console = console
        self._live: Live | None = None

    def session_started(self, *, session_id: int, round_number: int, total: int) -> None:
        self.console.rule(f"Round {round_number} · session {session_id} · {total} questions")

    def question(self, *, index: int, total: int, item: PlannedQuestion, repeat: bool) -> None:
        label = "Again" if repeat else f"Question {index}/{total}"
        asker = f" [magenta]{item.interviewer.name} ({item.interviewer.role})[/]" if item.interviewer else ""
        self.console.print(f"\n[bold cyan]{label}:[/]{asker} {escape(item.wording)}")

    def listening(self, *, elapsed_s: float, level_dbfs: float, speaking: bool) -> None:
        if not self.console.is_terminal:
            return  # a meter redrawn ten times a second is noise in a log
        if self._live is None:
            self._live = Live(console=self.console, refresh_per_second=10, transient=True)
            self._live.start()
        self._live.update(_meter(elapsed_s, level_dbfs, speaking))

    def listening_done(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def transcribing(self):
        if not self.console.is_terminal:
            return contextlib.nullcontext()
        return self.console.status("Transcribing…", spinner="dots")

    def notice(self, text: str) -> None:
        self.console.print(f"[yellow]{text}[/]")

    def feedback(self, result: AnswerResult) -> None:
        print_feedback(self.console, result)


def _meter(elapsed_s: float, level_dbfs: float, speaking: bool) -> Text:
    filled = int(round((max(level_dbfs, METER_FLOOR_DBFS) - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS * METER_WIDTH))
    bar = "█" * filled + "·" * (METER_WIDTH - filled)
    state = "speaking" if speaking else "listening"
    text = Text(f"● {state:9s} {elapsed_s:6.1f} s  ")
    text.append(bar, style="green" if speaking else "dim")
    text.append("   (Enter ends the answer)", style="dim")
    return text


def print_feedback(console: Console, result: AnswerResult) -> None:
    a = result.analysis
    pacing, fillers, energy = a.pacing, a.fillers, a.energy
    console.print(f"[dim]You said:[/] {result.transcript.text}")
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_row("Length", f"{a.duration_s:.1f} s")
    table.add_row("Pace", _fmt(pacing.wpm, "{:.0f} words per minute"))
    filler_words = ", ".join(f"{w} ×{n}" for w, n in sorted(fillers.by_word.items())) if fillers.by_word else ""
    table.add_row("Filler words", f"{fillers.count}" + (f"  ({filler_words})" if filler_words else ""))
    if pacing.pause_count is not None:
        table.add_row("Pauses", f"{pacing.pause_count}"
                      + (f", longest {pacing.longest_pause_s:.1f} s" if pacing.pause_count else ""))
    loudness = (_fmt(energy.loudness_vs_calibration_db, "{:+.1f} dB against your reference reading")
                if energy.loudness_vs_calibration_db is not None else _fmt(energy.loudness_dbfs, "{:.1f} dBFS"))
    table.add_row("Loudness", loudness)
    table.add_row("Pitch variation", _fmt(energy.pitch_var_st, "{:.1f} semitones")
                  + (f"  ({len(energy.monotone_windows)} flat stretches)" if energy.monotone_windows else ""))
    console.print(table)
    if result.comparison is not None:
        console.print("[bold]Compared with your first round:[/]")
        for verdict in result.comparison.verdicts:
            colour = {"better": "green", "same": "white", "worse": "red"}.get(verdict.status, "white")
            console.print(f"  [{colour}]{verdict.dimension:7s} {verdict.status:6s}[/] {verdict.message}")
    if result.content is not None:
        print_content(console, result.content.to_dict())
    for sentence in result.spoken_feedback:
        console.print(f"[italic]Coach:[/] {sentence}")


def print_content(console: Console, content: dict) -> None:
    """What the answer said: changed facts first, then the other flags and the credits."""
    for conflict in content.get("consistency", {}).get("conflicts", []):
        console.print(f"  [red]story changed[/] {conflict['fact']}: before [italic]{escape(conflict['baseline_quote'])}[/]"
                      f", now [italic]{escape(conflict['answer_quote'])}[/]")
    for flag in content.get("flags", []):
        if flag["kind"] == "story_changed":
            continue  # shown above, with both quotes
        quote = f" [dim]({escape(flag['quote'])})[/]" if flag.get("quote") else ""
        console.print(f"  [yellow]{flag['kind'].replace('_', ' ')}[/] {escape(flag['message'])}{quote}")
    credited = [q["text"] for q in content.get("questions_asked", []) if q.get("verdict") == "credited"]
    for text in credited:
        console.print(f"  [green]good question[/] {escape(text)}")


def _fmt(value, template: str) -> str:
    return "unknown" if value is None else template.format(value)
