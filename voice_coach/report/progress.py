"""Progress over time: every session's figures, per round, as a table and as charts.

One ``ProgressPoint`` per session sums its answers: pace over all speaking time, fillers
per 100 words over all words, and the answers' mean loudness against the session's
calibration reading (gain-independent, so sessions at different microphone settings compare).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from voice_coach.analysis import AnswerAnalysis
from voice_coach.report.figures import UNKNOWN, duration_text, time_text
from voice_coach.report.html import escape, page, plot_figure
from voice_coach.report.plots import ProgressSeries, progress_chart
from voice_coach.storage import SessionDetail, SessionStore


@dataclass(frozen=True)
class ProgressPoint:
    """One session's figures; None where none of its answers could be measured."""

    session_id: int
    started_at: datetime
    round_number: int
    bank: str
    answers: int  # answered or interrupted questions (skipped ones left out)
    duration_s: float  # the answers' total length
    wpm: Optional[float]  # all counted words over all speaking spans
    fillers_per_100_words: Optional[float]  # all fillers over all transcript words
    loudness_vs_calibration_db: Optional[float]  # mean over answers; None without a calibration
    pitch_var_st: Optional[float]  # mean over answers

    def to_dict(self) -> dict:
        return {
            "session_id": self.session_id,
            "started_at": self.started_at.isoformat(),
            "round": self.round_number,
            "bank": self.bank,
            "answers": self.answers,
            "duration_s": round(self.duration_s, 3),
            "wpm": _rounded(self.wpm, 1),
            "fillers_per_100_words": _rounded(self.fillers_per_100_words, 2),
            "loudness_vs_calibration_db": _rounded(self.loudness_vs_calibration_db, 2),
            "pitch_var_st": _rounded(self.pitch_var_st, 2),
        }


@dataclass(frozen=True)
class _Metric:
    key: str
    title: str
    unit: str
    digits: int
    column: str  # the terminal table's short header
    zero_line: bool = False


METRICS = (
    _Metric("wpm", "Pace", "words a minute", 0, "pace\nwpm"),
    _Metric("fillers_per_100_words", "Fillers", "per 100 words", 1, "fillers\n/100 w"),
    _Metric("loudness_vs_calibration_db", "Energy against calibration", "dB", 1, "energy\ndB", zero_line=True),
    _Metric("pitch_var_st", "Pitch variation", "semitones", 1, "pitch\nst"),
)
_TABLE_CAPTION = ("pace in words a minute; fillers per 100 words; energy in dB against the session's "
                  "calibration reading (0 = as loud as it); pitch variation in semitones")


def progress_point(session: SessionDetail) -> ProgressPoint:
    """Sum up one session's answers."""
    pairs = [(a, AnswerAnalysis.from_dict(a.analysis)) for a in session.answers if a.analysis]
    timed = [x.pacing for _, x in pairs if x.pacing.wpm]
    minutes = sum(p.words / p.wpm for p in timed)
    words = sum(len(a.transcript.words) for a, _ in pairs if a.transcript is not None)
    loudness = [x.energy.loudness_vs_calibration_db for _, x in pairs
                if x.energy.loudness_vs_calibration_db is not None]
    pitch = [x.energy.pitch_var_st for _, x in pairs if x.energy.pitch_var_st is not None]
    return ProgressPoint(
        session_id=session.id,
        started_at=session.started_at,
        round_number=session.round_number,
        bank=session.bank,
        answers=session.answer_count,
        duration_s=session.duration_s,
        wpm=sum(p.words for p in timed) / minutes if minutes > 0 else None,
        fillers_per_100_words=100.0 * sum(x.fillers.count for _, x in pairs) / words if words else None,
        loudness_vs_calibration_db=statistics.fmean(loudness) if loudness else None,
        pitch_var_st=statistics.fmean(pitch) if pitch else None,
    )


def load_progress(store: SessionStore) -> tuple[ProgressPoint, ...]:
    """Every stored session's point, oldest first."""
    return tuple(progress_point(store.get_session(s.id)) for s in store.list_sessions())


def trend_lines(points: Sequence[ProgressPoint]) -> tuple[str, ...]:
    """Per round, the first session's figures against the latest's."""
    lines = []
    for round_number in sorted({p.round_number for p in points}):
        same_round = [p for p in points if p.round_number == round_number]
        first, last = same_round[0], same_round[-1]
        count = f"{len(same_round)} session{'s' if len(same_round) != 1 else ''}"
        if len(same_round) == 1:
            lines.append(f"Round {round_number}: {count} so far; practise again to see a trend.")
            continue
        changes = []
        for metric in METRICS:
            then, now = getattr(first, metric.key), getattr(last, metric.key)
            if then is not None and now is not None:
                changes.append(f"{metric.title.lower()} {then:.{metric.digits}f} \u2192 {now:.{metric.digits}f}")
        lines.append(f"Round {round_number}: {count}, first to latest: "
                     + ("; ".join(changes) if changes else "no figures to compare") + ".")
    return tuple(lines)


def progress_table(points: Sequence[ProgressPoint]):
    """A rich ``Table`` with one row per session."""
    from rich.table import Table

    table = Table(title="Progress, oldest first", title_justify="left", caption=_TABLE_CAPTION,
                  caption_justify="left", box=None, padding=(0, 1), header_style="bold")
    for column in ("id", "date", "round", "answers", "length"):
        table.add_column(column, justify="left" if column == "date" else "right", no_wrap=True)
    for metric in METRICS:
        table.add_column(metric.column, justify="right", no_wrap=True)
    for p in points:
        table.add_row(
            str(p.session_id), time_text(p.started_at), str(p.round_number), str(p.answers),
            duration_text(p.duration_s),
            *(_value(getattr(p, metric.key), metric) for metric in METRICS),
        )
    return table


def render_progress_html(points: Sequence[ProgressPoint], *, plots: bool = True) -> str:
    """A self-contained page: trend per round, a chart per figure, and the table."""
    title = "Interview practice, progress"
    if not points:
        return page(title, '<p class="note">No sessions yet. Try <code>voice-coach demo</code> or '
                           "<code>voice-coach practice</code>.</p>")
    parts = [
        f'<section class="summary" id="summary"><p>{len(points)} sessions from '
        f"{escape(time_text(points[0].started_at))} to {escape(time_text(points[-1].started_at))}.</p>"
        f'<ul>{"".join(f"<li>{escape(line)}</li>" for line in trend_lines(points))}</ul></section>'
    ]
    if plots:
        parts.append('<section class="charts" id="charts"><h2>Over time</h2><div class="plots">')
        for metric in METRICS:
            series = [
                ProgressSeries(
                    label=f"Round {round_number}",
                    round_number=round_number,
                    times=tuple(p.started_at.astimezone() for p in points if p.round_number == round_number),
                    values=tuple(getattr(p, metric.key) for p in points if p.round_number == round_number),
                )
                for round_number in sorted({p.round_number for p in points})
            ]
            chart = progress_chart(series, title=metric.title, unit=metric.unit, zero_line=metric.zero_line)
            parts.append(plot_figure(chart, css_class=f"progress {metric.key}"))
        parts.append("</div></section>")
    head = "".join(f"<th>{escape(h)}</th>" for h in ("Session", "Date", "Round", "Answers", "Length"))
    head += "".join(f"<th>{escape(m.title)} ({escape(m.unit)})</th>" for m in METRICS)
    rows = "".join(
        f'<tr data-session="{p.session_id}"><td>{p.session_id}</td><td>{escape(time_text(p.started_at))}</td>'
        f"<td>{p.round_number}</td><td>{p.answers}</td><td>{escape(duration_text(p.duration_s))}</td>"
        + "".join(f"<td>{escape(_value(getattr(p, m.key), m))}</td>" for m in METRICS)
        + "</tr>"
        for p in points
    )
    parts.append(f'<section class="sessions" id="sessions"><h2>Sessions</h2>'
                 f'<table class="progress"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>')
    parts.append("<footer>Made on this computer by voice-coach; nothing in this page was sent anywhere.</footer>")
    return page(title, "\n".join(parts))


def _value(value: Optional[float], metric: _Metric) -> str:
    # Adding 0.0 turns a -0.0 (a small negative rounded away) into 0.0.
    return UNKNOWN if value is None else f"{round(value, metric.digits) + 0.0:.{metric.digits}f}"


def _rounded(value: Optional[float], digits: int) -> Optional[float]:
    return None if value is None else round(value, digits)
