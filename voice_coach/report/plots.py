"""The report's charts, drawn with matplotlib as standalone SVG documents.

Figures are made with ``matplotlib.figure.Figure`` directly, never through pyplot: no
global state, no GUI backend, nothing opened on screen. Text stays text (in the viewer's
sans-serif font), which halves the size against glyph outlines. The output is reproducible
(fixed id salt, no date in the metadata), and an SVG shown through ``<img>`` runs nothing.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

import numpy as np

from voice_coach.report.changes import Change
from voice_coach.report.contours import Contours
from voice_coach.report.errors import ReportError

WIDTH_IN = 7.2  # about the width of the report's text column at 96 dpi
STATUS_COLOURS = {"worse": "#c0392b", "better": "#2e8b57", "same": "#8a8f98", None: "#c8ccd2"}
ROUND_COLOURS = {1: "#4c72b0", 2: "#dd8452"}
RELATIVE_LIMIT = 3.0  # bars are drawn up to 3× their verdict limit; beyond that they are clipped
_STYLE = {
    "svg.hashsalt": "voice-coach",  # fixed ids: the same data gives the same file
    "svg.fonttype": "none",  # text as <text>: half the size of glyph paths
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "legend.frameon": False,
}


@dataclass(frozen=True)
class Plot:
    """One chart: an SVG document and a sentence saying what it shows."""

    svg: str
    alt: str

    def data_uri(self) -> str:
        """The chart as a ``data:image/svg+xml;base64,…`` URI, for an ``<img src>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class PaceSeries:
    """One answer's pace over time, as ``pacing.pace_timeline`` gives it."""

    label: str
    round_number: int
    windows: tuple[tuple[float, float], ...]  # (start_s, wpm), in order
    end_s: float  # where the last window ends: the answer's last word
    mean_wpm: Optional[float]


@dataclass(frozen=True)
class ProgressSeries:
    """One figure over sessions: x are session starts, y the figure (None where unknown)."""

    label: str
    round_number: int
    times: tuple[datetime, ...]
    values: tuple[Optional[float], ...]


def deltas_chart(changes: Sequence[Change]) -> Plot:
    """Horizontal bars, one per judged dimension: the change against round 1 over its verdict limit."""
    shown = [c for c in changes if c.relative is not None]
    with _style():
        figure = _figure(height_in=0.45 * max(len(shown), 1) + 0.9, left_in=1.1)
        axes = figure.add_subplot()
        rows = list(range(len(shown)))[::-1]
        values = [max(-RELATIVE_LIMIT, min(RELATIVE_LIMIT, c.relative)) for c in shown]
        axes.axvspan(-1, 1, color="#eef0f3", zorder=0)
        for x in (-1, 1):
            axes.axvline(x, color="#8a8f98", linestyle="--", linewidth=0.8, zorder=1)
        axes.axvline(0, color="#333333", linewidth=0.8, zorder=1)
        axes.barh(rows, values, color=[STATUS_COLOURS.get(c.status, STATUS_COLOURS[None]) for c in shown],
                  height=0.6, zorder=2)
        for row, value, change in zip(rows, values, shown):
            inside = abs(value) > RELATIVE_LIMIT * 0.55
            axes.text(value - math.copysign(0.08, value) if inside else value + math.copysign(0.08, value or 1),
                      row, change.delta_text, va="center",
                      ha=("right" if value > 0 else "left") if inside else ("left" if value >= 0 else "right"),
                      color="white" if inside else "#222222", fontsize=8, zorder=3)
        axes.set_yticks(rows, [c.title for c in shown])
        axes.set_xlim(-RELATIVE_LIMIT - 0.2, RELATIVE_LIMIT + 0.2)
        axes.set_xticks([-3, -2, -1, 0, 1, 2, 3], ["\u22123\u00d7", "\u22122\u00d7", "\u2212limit", "0",
                                                    "+limit", "+2\u00d7", "+3\u00d7"])
        axes.set_xlabel("change from round 1, in verdict limits (outside the grey band the answer was flagged)")
        axes.set_title("Round 2 against round 1 (red: worse, green: better, grey: about the same)")
        svg = _svg(figure)
    described = "; ".join(f"{c.title} {c.delta_text} ({c.status or 'not judged'})" for c in shown)
    return Plot(svg, f"Bar chart of the changes from round 1: {described or 'none could be measured'}.")


def contours_chart(series: Sequence[tuple[str, int, Contours]]) -> Plot:
    """Pitch (top) and loudness (bottom) of one or more answers on one time axis.

    ``series``: (label, round number for the colour, contours).
    """
    with _style():
        figure = _figure(height_in=4.2)
        pitch_axes, loudness_axes = figure.subplots(2, 1, sharex=True, gridspec_kw={"hspace": 0.12})
        for label, round_number, contours in series:
            colour = ROUND_COLOURS.get(round_number, "#555555")
            # A line broken at unvoiced frames (NaN): far smaller in SVG than a marker per frame.
            pitch_axes.plot(contours.pitch_times_s, contours.pitch_hz, color=colour, linewidth=1.4, label=label)
            median = contours.median_pitch_hz
            if median is not None:
                pitch_axes.axhline(median, color=colour, linewidth=0.8, linestyle=":")
            loudness_axes.plot(contours.loudness_times_s, contours.loudness_db, color=colour, linewidth=1.0,
                               label=label)
        pitch_axes.set_ylabel("pitch (Hz)")
        pitch_axes.set_title("Pitch and loudness over the answer")
        pitch_axes.legend(loc="upper right", ncols=2)
        references = {c.loudness_reference for _, _, c in series}
        loudness_axes.set_ylabel(f"loudness ({references.pop() if len(references) == 1 else 'dB'})")
        loudness_axes.set_xlabel("seconds from the start of the answer (dotted: median pitch)")
        loudness_axes.set_xlim(left=0)
        svg = _svg(figure)
    parts = []
    for label, _, contours in series:
        median = contours.median_pitch_hz
        loud = contours.loudness_db[np.isfinite(contours.loudness_db)]
        parts.append(
            f"{label}: {contours.duration_s:.0f} s, median pitch "
            f"{'unknown' if median is None else f'{median:.0f} Hz'}, typical loudness "
            f"{'unknown' if not loud.size else f'{np.median(loud):.0f} {contours.loudness_reference}'}"
        )
    return Plot(svg, "Pitch and loudness contours. " + "; ".join(parts) + ".")


def pace_chart(series: Sequence[PaceSeries]) -> Plot:
    """Words a minute in 10-second windows, one step line per answer, its mean dashed."""
    with _style():
        figure = _figure(height_in=2.6)
        axes = figure.add_subplot()
        for s in series:
            colour = ROUND_COLOURS.get(s.round_number, "#555555")
            if s.windows:
                starts = [w[0] for w in s.windows] + [max(s.end_s, s.windows[-1][0])]
                wpm = [w[1] for w in s.windows] + [s.windows[-1][1]]
                axes.step(starts, wpm, where="post", color=colour, linewidth=1.6, label=s.label)
            if s.mean_wpm is not None:
                axes.axhline(s.mean_wpm, color=colour, linestyle="--", linewidth=0.8)
        axes.set_ylim(bottom=0)
        axes.set_xlim(left=0)
        axes.set_ylabel("words a minute")
        axes.set_xlabel("seconds from the start of the answer (dashed: the answer's mean)")
        axes.set_title("Pace through the answer")
        if series:
            axes.legend(loc="lower right", ncols=2)
        svg = _svg(figure)
    parts = [f"{s.label}: {'unknown' if s.mean_wpm is None else f'{s.mean_wpm:.0f}'} words a minute on average"
             + (f", from {min(w for _, w in s.windows):.0f} to {max(w for _, w in s.windows):.0f}" if s.windows else "")
             for s in series]
    return Plot(svg, "Pace timeline. " + "; ".join(parts) + ".")


def progress_chart(series: Sequence[ProgressSeries], *, title: str, unit: str,
                   zero_line: bool = False) -> Plot:
    """One figure across sessions, a line per round; x is the session's start time."""
    with _style():
        figure = _figure(height_in=2.4)
        axes = figure.add_subplot()
        for s in series:
            points = [(t, v) for t, v in zip(s.times, s.values) if v is not None]
            if not points:
                continue
            colour = ROUND_COLOURS.get(s.round_number, "#555555")
            axes.plot([t for t, _ in points], [v for _, v in points], "o-", color=colour, markersize=4,
                      linewidth=1.2, label=s.label)
        if zero_line:
            axes.axhline(0, color="#8a8f98", linewidth=0.8, linestyle="--")
        axes.set_title(title)
        axes.set_ylabel(unit)
        _date_axis(axes)
        if any(any(v is not None for v in s.values) for s in series):
            axes.legend(loc="best", ncols=2)
        else:
            axes.text(0.5, 0.5, "no figures yet", transform=axes.transAxes, ha="center", va="center",
                      color="#8a8f98")
        svg = _svg(figure)
    counts = ", ".join(f"{s.label}: {sum(v is not None for v in s.values)} sessions" for s in series)
    return Plot(svg, f"{title} across sessions ({counts or 'no sessions'}).")


# --- inside ----------------------------------------------------------------------------------


def _matplotlib():
    try:
        import matplotlib
    except ImportError as e:
        raise ReportError(
            "the report's charts need matplotlib: install it with `pip install matplotlib` (or `make setup`)"
        ) from e
    return matplotlib


def _style():
    return _matplotlib().rc_context(_STYLE)


def _figure(*, height_in: float, left_in: float = 0.75, bottom_in: float = 0.5, top_in: float = 0.3,
            right_in: float = 0.15):
    """A figure with fixed margins in inches (a constrained layout would cost twice the drawing)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=96)
    figure.subplots_adjust(left=left_in / WIDTH_IN, right=1 - right_in / WIDTH_IN,
                           bottom=bottom_in / height_in, top=1 - top_in / height_in)
    return figure


def _svg(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def _date_axis(axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=2, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
