"""A session as one self-contained HTML page: summary, transcripts, figures, charts, players.

Everything the page shows is inline (CSS, charts as ``data:`` SVG images); audio is a
relative link or, embedded, a ``data:`` URI. There is no script at all, and the page's
Content-Security-Policy forbids any, so a transcript that slipped through escaping still
could not run. Every value from a session (transcripts, question texts, paths) goes
through ``escape`` — the transcript is whatever the microphone heard.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Optional

from voice_coach import __version__
from voice_coach.analysis import AnswerAnalysis
from voice_coach.report.audio_links import AudioLinks
from voice_coach.report.changes import DIMENSION_TITLES
from voice_coach.report.coaching import CoachingPoint
from voice_coach.report.content import (
    ARROW,
    MISSING,
    SERIOUS_FLAG_KINDS,
    AnswerContent,
    flag_title,
    i_we_text,
    question_note,
)
from voice_coach.report.figures import (
    answer_figures,
    compared_figures,
    duration_text,
    filler_words_text,
    time_text,
)
from voice_coach.report.marks import MarkedTranscript, MarkedWord
from voice_coach.report.model import AnswerReport, SessionReport
from voice_coach.report.plots import Plot
from voice_coach.report.visuals import AnswerPlots, answer_plots
from voice_coach.storage import AnswerRecord

# No scripts, no network: images only from data: URIs, audio from files beside the report
# or data: URIs, styles only from the page itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; media-src 'self' file: data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
_STATUS_ARROWS = {"worse": "\u25bc", "better": "\u25b2", "same": "\u25cf"}


def escape(value: object) -> str:
    """``value`` as text safe inside an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def render_session_html(report: SessionReport, *, audio: AudioLinks, plots: bool = True) -> str:
    """The whole page for ``report``. ``plots=False`` leaves the charts out (much faster)."""
    session = report.session
    title = f"Interview practice, session {session.id} (round {session.round_number})"
    body = [
        _summary(report),
        _coaching(report.coaching),
        _overview(report) if report.compared else "",
        _round_lines(report.round_lines),
        _legend(),
    ]
    for answer in report.answers:
        body.append(_answer(report, answer, audio=audio, plots=answer_plots(report, answer) if plots else None))
    body.append(
        f'<footer>Made on this computer by voice-coach {escape(__version__)}. '
        "Nothing in this page was sent anywhere; the recordings are "
        f'{"inside this file" if audio.embed else "linked from your data folder, not copied"}.</footer>'
    )
    return page(title, "\n".join(part for part in body if part))


def page(title: str, body: str) -> str:
    """A complete HTML document around ``body`` (already escaped HTML) with the report's style."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )


def plot_figure(plot: Optional[Plot], *, css_class: str) -> str:
    """A chart as ``<figure>`` with an ``<img>`` (data: SVG) and its description as alt text."""
    if plot is None:
        return ""
    return (
        f'<figure class="plot {escape(css_class)}"><img src="{escape(plot.data_uri())}" '
        f'alt="{escape(plot.alt)}"></figure>'
    )


# --- the top of the page ---------------------------------------------------------------------


def _summary(report: SessionReport) -> str:
    session = report.session
    facts = [
        ("Date", time_text(session.started_at)),
        ("Round", _round_text(report)),
        ("Length", f"{duration_text(session.duration_s)} of answers"),
        ("Questions", f"{session.answer_count} answered of {len(report.answers)} asked"
         if len(report.answers) != session.answer_count else str(len(report.answers))),
        ("Question bank", session.bank),
        ("Status", session.status.replace("_", " ")),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    return f'<section class="summary" id="summary"><dl class="facts">{rows}</dl></section>'


def _round_text(report: SessionReport) -> str:
    session = report.session
    if session.round_number == 1:
        return "1 (first interview)"
    sessions = sorted({(a.baseline.session.id, a.baseline.session.started_at) for a in report.answers
                       if a.baseline is not None})
    if sessions:
        against = ", ".join(f"session {i} of {time_text(t)}" for i, t in sessions)
        return f"2, compared with round 1 ({against})"
    if report.compared:
        return "2, compared with round 1"
    return "2 (no round-1 answers to compare with)"


def _coaching(points: Sequence[CoachingPoint]) -> str:
    items = []
    for point in points:
        link = f' <a href="#answer-{point.turn}">See Q{point.turn}.</a>' if point.turn is not None else ""
        items.append(
            f'<li class="{escape(point.status)}"><strong>{escape(point.headline)}</strong>'
            f"<span>{escape(point.detail)}{link}</span></li>"
        )
    heading = "The three most useful points" if len(points) == 3 else "What to take away"
    return f'<section class="coaching" id="coaching"><h2>{heading}</h2><ol>{"".join(items)}</ol></section>'


def _overview(report: SessionReport) -> str:
    with_story = any(a.content is not None and a.content.story is not None for a in report.answers)
    head = "".join(f"<th>{escape(title)}</th>" for title in DIMENSION_TITLES.values())
    if with_story:
        head += "<th>Story</th>"
    rows = []
    for answer in report.answers:
        cells = []
        by_dimension = {c.dimension: c for c in answer.changes}
        for dimension in DIMENSION_TITLES:
            change = by_dimension.get(dimension)
            if change is None or change.status is None:
                cells.append('<td class="none">\u2013</td>')
                continue
            cells.append(
                f'<td class="{escape(change.status)}" title="{escape(change.delta_text)}">'
                f'{_STATUS_ARROWS.get(change.status, "")} {escape(change.status)}'
                f'<small>{escape(change.delta_text)}</small></td>'
            )
        if with_story:
            cells.append(_story_cell(answer.content))
        rows.append(
            f'<tr><th scope="row"><a href="#answer-{answer.answer.turn}">Q{answer.answer.turn}</a> '
            f"{escape(answer.answer.question_text)}</th>{''.join(cells)}</tr>"
        )
    return (
        '<section class="overview" id="overview"><h2>Round 2 against round 1, at a glance</h2>'
        f'<table class="glance"><thead><tr><th>Question</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></section>'
    )


def _story_cell(content: Optional[AnswerContent]) -> str:
    story = None if content is None else content.story
    if story is None:
        return '<td class="none">\u2013</td>'
    if story == "same":
        return f'<td class="same story">{_STATUS_ARROWS["same"]} same</td>'
    facts = ", ".join(dict.fromkeys(c.fact for c in content.conflicts))
    return f'<td class="worse story">{_STATUS_ARROWS["worse"]} changed<small>{escape(facts)}</small></td>'


def _round_lines(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<section class="round" id="round"><h2>Across the round</h2><ul>{items}</ul></section>' if items else ""


def _legend() -> str:
    return (
        '<p class="legend">In the transcripts, <mark class="filler">highlighted words</mark> are fillers '
        '(um, uh, you know, like\u2026) and <span class="pause">[1.2 s pause]</span> marks a silence found '
        "in the recording.</p>"
    )


# --- one answer ---------------------------------------------------------------------------------


def _answer(report: SessionReport, answer: AnswerReport, *, audio: AudioLinks, plots: Optional[AnswerPlots]) -> str:
    record = answer.answer
    parts = [
        f'<section class="answer" id="answer-{record.turn}" data-question-id="{escape(record.question_id)}">',
        f'<h2><span class="turn">Q{record.turn}</span> {escape(record.question_text)}</h2>',
        f'<p class="meta">Asked {escape(time_text(record.asked_at))} \u00b7 {escape(_status_text(record.status))}'
        f" \u00b7 {escape(duration_text(record.duration_s))}</p>",
    ]
    if answer.comparison is not None:
        parts.append(_verdicts(answer))
    baseline = answer.baseline
    this_side = _side(f"Round {report.session.round_number}", "this session", answer.answer, answer.marked,
                      answer.analysis, audio=audio, css_class=f"round-{report.session.round_number}")
    if baseline is not None:
        then_side = _side(f"Round {baseline.session.round_number}",
                          f"session {baseline.session.id}, {time_text(baseline.answer.asked_at)}",
                          baseline.answer, baseline.marked, baseline.analysis, audio=audio,
                          css_class=f"round-{baseline.session.round_number}")
        parts.append(f'<div class="pair">{then_side}{this_side}</div>')
    else:
        parts.append(f'<div class="single">{this_side}</div>')
    parts.append(_said(answer))
    charts = ""
    if plots is not None:
        charts = "".join((
            plot_figure(plots.deltas, css_class="deltas"),
            plot_figure(plots.contours, css_class="contours"),
            plot_figure(plots.pace, css_class="pace"),
            *(f'<p class="note">{escape(note)}</p>' for note in plots.notes),
        ))
    parts.append(f'<div class="details"><div class="plots">{charts}</div>{_figures_table(answer)}</div>')
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _status_text(status: str) -> str:
    return {"answered": "answered", "interrupted": "interrupted (kept as far as it went)",
            "skipped": "skipped"}.get(status, status)


def _verdicts(answer: AnswerReport) -> str:
    items = [
        f'<li class="{escape(c.status)}"><strong>{escape(c.title)}</strong> '
        f'<span class="delta">{escape(c.delta_text)}</span> {escape(c.message or "")}</li>'
        for c in answer.changes if c.status is not None
    ]
    return f'<ul class="verdicts">{"".join(items)}</ul>' if items else ""


def _side(heading: str, subheading: str, record: AnswerRecord, marked: Optional[MarkedTranscript],
          analysis: Optional[AnswerAnalysis], *, audio: AudioLinks, css_class: str) -> str:
    source = audio.source(record.audio_path)
    if source is not None:
        player = (
            f'<audio controls preload="metadata" src="{escape(source)}" '
            f'aria-label="{escape(heading)} recording"></audio>'
        )
        if not audio.embed:
            player += f'<a class="file" href="{escape(source)}">{escape(record.audio_path.name)}</a>'
    elif record.audio_path is not None:
        player = f'<p class="note">The recording {escape(record.audio_path)} is missing.</p>'
    else:
        player = '<p class="note">No recording was kept.</p>'
    fillers = filler_words_text(analysis) if analysis is not None else ""
    filler_line = f'<p class="filler-words">Fillers: {escape(fillers)}</p>' if fillers else ""
    return (
        f'<article class="side {escape(css_class)}"><h3>{escape(heading)} '
        f"<small>{escape(subheading)}</small></h3>{player}{transcript_html(marked, status=record.status)}"
        f"{filler_line}</article>"
    )


def _said(answer: AnswerReport) -> str:
    """The "What you said" block: story changes and flags beside the story's parts or the questions asked."""
    content = answer.content
    if content is None or answer.marked is None or not answer.marked.words:
        return ""
    problems = []
    if content.conflicts:
        items = "".join(
            f'<li><strong>Story changed: {escape(c.fact)}</strong> '
            f'<span class="then">{escape(content.baseline_label)}: <q>{escape(c.baseline_quote)}</q></span> '
            f'<span class="arrow" aria-hidden="true">{ARROW}</span> '
            f'<span class="now">now: <q>{escape(c.answer_quote)}</q></span></li>'
            for c in content.conflicts
        )
        problems.append(f'<ul class="story changed">{items}</ul>')
    elif content.story == "same":
        problems.append(f'<p class="story same">Same story as in {escape(content.baseline_label)}: '
                        "no fact changed.</p>")
    if content.flags:
        items = "".join(
            f'<li class="{"serious" if f.kind in SERIOUS_FLAG_KINDS else "hint"}" data-kind="{escape(f.kind)}">'
            f"<strong>{escape(flag_title(f.kind))}.</strong> {escape(f.message)}"
            + (f' <q>{escape(f.quote)}</q>' if f.quote else "") + "</li>"
            for f in content.flags
        )
        problems.append(f'<ul class="flags">{items}</ul>')
    if not problems:
        problems.append('<p class="story clean">Nothing to fix in what you said.</p>')
    parts = _asked_html(content) if content.closing else _story_parts_html(content)
    return (
        '<section class="said"><h3>What you said</h3><div class="said-grid">'
        f'<div class="said-problems">{"".join(problems)}</div><div class="said-parts">{parts}</div>'
        "</div></section>"
    )


def _asked_html(content: AnswerContent) -> str:
    if not content.questions:
        return '<p class="asked none">You asked no questions.</p>'
    items = []
    for question in content.questions:
        note = question_note(question)
        items.append(
            f'<li class="{escape(question.verdict)}"><span class="verdict">{escape(question.verdict)}</span> '
            f"<q>{escape(question.text)}</q>" + (f"<small>{escape(note)}</small>" if note else "") + "</li>"
        )
    return f'<h4>Your questions</h4><ol class="asked">{"".join(items)}</ol>'


def _story_parts_html(content: AnswerContent) -> str:
    analysis = content.analysis
    rows = []
    for part, quote in content.star_parts:
        value = f"<q>{escape(quote)}</q>" if quote is not None else MISSING
        rows.append(f'<dt>{escape(part.capitalize())}</dt><dd class="{"found" if quote else "missing"}">{value}</dd>')
    numbers = ", ".join(
        f"<q>{escape(claim.quote)}</q>" + ('<span class="result">result</span>' if claim.result else "")
        for claim in analysis.quantified_claims
    )
    rows.append(f'<dt>Numbers</dt><dd class="{"found" if numbers else "missing"}">{numbers or "none"}</dd>')
    hedges = ", ".join(_hedge_html(h.phrase, h.quote) for h in analysis.hedges)
    rows.append(f"<dt>Hedges</dt><dd>{hedges or 'none'}</dd>")
    balance = i_we_text(analysis.i_we_ratio)
    if balance is not None:
        rows.append(f"<dt>I and we</dt><dd>{escape(balance)}</dd>")
    return f'<h4>Story parts (STAR)</h4><dl class="said-facts">{"".join(rows)}</dl>'


def _hedge_html(phrase: str, quote: str) -> str:
    """The hedge's quote with the hedge itself in bold."""
    at = quote.lower().find(phrase.lower())
    if at < 0:
        return f"<q>{escape(quote)}</q>"
    end = at + len(phrase)
    return f"<q>{escape(quote[:at])}<b>{escape(quote[at:end])}</b>{escape(quote[end:])}</q>"


def transcript_html(marked: Optional[MarkedTranscript], *, status: str = "answered") -> str:
    """The transcript as a paragraph: fillers in ``<mark class="filler">``, pauses as ``[2.3 s pause]``."""
    if marked is None:
        reason = "the answer was interrupted" if status == "interrupted" else "there was no answer"
        return f'<p class="transcript empty">(not transcribed: {reason})</p>'
    if not marked.words:
        return '<p class="transcript empty">(no words were recognised)</p>'
    pieces = []
    for piece in marked.pieces:
        if isinstance(piece, MarkedWord):
            text = escape(piece.text)
            pieces.append(f'<mark class="filler">{text}</mark>' if piece.filler else text)
        else:
            css = "pause long" if piece.long else "pause"
            pieces.append(f'<span class="{css}">{escape(piece.label)}</span>')
    return f'<p class="transcript">{" ".join(pieces)}</p>'


def _figures_table(answer: AnswerReport) -> str:
    now = answer.analysis
    if now is None:
        return ""
    then = answer.baseline.analysis if answer.baseline is not None else None
    if then is not None:
        rows = "".join(
            f"<tr><th scope=\"row\">{escape(r.label)}</th><td>{escape(r.then)}</td><td>{escape(r.now)}</td>"
            f"<td>{escape(r.change)}</td></tr>"
            for r in compared_figures(now, then)
        )
        head = "<tr><th>Figure</th><th>Round 1</th><th>Round 2</th><th>Change</th></tr>"
    else:
        rows = "".join(f"<tr><th scope=\"row\">{escape(r.label)}</th><td>{escape(r.value)}</td></tr>"
                       for r in answer_figures(now))
        head = "<tr><th>Figure</th><th>Value</th></tr>"
    return (
        '<details class="figures" open><summary>Figures</summary>'
        f'<table class="figures"><thead>{head}</thead><tbody>{rows}</tbody></table></details>'
    )


STYLE = """
:root { --worse:#c0392b; --better:#2e8b57; --same:#6b7280; --ink:#1f2328; --muted:#667085;
        --line:#e4e7ec; --r1:#4c72b0; --r2:#dd8452; --mark:#ffe08a; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink);
       background:#f6f7f9; }
main { max-width:1120px; margin:0 auto; padding:24px 28px 48px; background:#fff; min-height:100vh; }
h1 { font-size:1.6rem; margin:0 0 12px; }
h2 { font-size:1.2rem; margin:28px 0 10px; }
h3 { font-size:1rem; margin:0 0 8px; }
h3 small { font-weight:normal; color:var(--muted); margin-left:6px; }
.facts { display:grid; grid-template-columns:max-content 1fr max-content 1fr; gap:4px 16px; margin:0; }
.facts dt { color:var(--muted); }
.facts dd { margin:0; font-weight:600; }
.coaching ol { padding-left:1.4em; margin:0; }
.coaching li { margin:0 0 10px; padding-left:4px; }
.coaching li strong { display:block; }
.coaching li.worse strong, .coaching li.problem strong { color:var(--worse); }
.coaching li.better strong, .coaching li.good strong { color:var(--better); }
table { border-collapse:collapse; width:100%; font-size:0.92rem; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
thead th { color:var(--muted); font-weight:600; }
table.glance td { white-space:nowrap; font-weight:600; }
table.glance td small { display:block; font-weight:normal; color:var(--muted); }
td.worse, li.worse .delta { color:var(--worse); }
td.better, li.better .delta { color:var(--better); }
td.same { color:var(--same); }
td.none { color:var(--line); }
.legend { color:var(--muted); font-size:0.9rem; border-top:1px solid var(--line); padding-top:12px; margin-top:24px; }
section.answer { border-top:3px solid var(--line); margin-top:28px; }
section.answer h2 .turn { display:inline-block; background:var(--ink); color:#fff; border-radius:4px;
                          padding:0 7px; margin-right:6px; font-size:0.95rem; }
.meta { color:var(--muted); margin:-4px 0 10px; font-size:0.9rem; }
ul.verdicts { list-style:none; padding:0; margin:0 0 14px; }
ul.verdicts li { padding:4px 10px; border-left:4px solid var(--same); margin-bottom:4px; background:#fafbfc; }
ul.verdicts li.worse { border-color:var(--worse); }
ul.verdicts li.better { border-color:var(--better); }
.pair { display:grid; grid-template-columns:1fr 1fr; gap:18px; }
@media (max-width: 760px) { .pair { grid-template-columns:1fr; }
  .facts { grid-template-columns:max-content 1fr; } }
.side { border:1px solid var(--line); border-radius:6px; padding:12px 14px; }
.side.round-1 { border-top:4px solid var(--r1); }
.side.round-2 { border-top:4px solid var(--r2); }
audio { width:100%; height:36px; }
a.file { font-size:0.8rem; color:var(--muted); }
.transcript { margin:10px 0 6px; }
.transcript.empty { color:var(--muted); font-style:italic; }
mark.filler { background:var(--mark); border-radius:3px; padding:0 2px; font-weight:600; }
.pause { color:var(--muted); font-size:0.85em; white-space:nowrap; }
.pause.long { color:var(--worse); font-weight:600; }
.filler-words { color:var(--muted); font-size:0.88rem; margin:0; }
details.figures { margin:0; }
details.figures table { font-size:0.85rem; }
details.figures th, details.figures td { padding:3px 6px; }
details.figures td { white-space:nowrap; }
details.figures summary { cursor:pointer; color:var(--muted); }
.details { display:grid; grid-template-columns:minmax(0, 3fr) minmax(0, 2fr); gap:18px; margin-top:14px;
           align-items:start; }
.plots { display:grid; grid-template-columns:minmax(0, 1fr); gap:8px; }
@media (max-width: 960px) { .details { grid-template-columns:minmax(0, 1fr); } }
figure.plot { margin:0; }
figure.plot img { display:block; width:100%; max-width:760px; height:auto; }
.note { color:var(--muted); font-style:italic; }
section.said { margin-top:14px; border:1px solid var(--line); border-left:4px solid var(--ink); border-radius:6px;
               padding:10px 14px; }
section.said h4 { font-size:0.92rem; margin:0 0 4px; color:var(--muted); font-weight:600; }
.said-grid { display:grid; grid-template-columns:minmax(0, 1fr) minmax(0, 1fr); gap:18px; }
@media (max-width: 760px) { .said-grid { grid-template-columns:minmax(0, 1fr); } }
ul.story, ul.flags, ol.asked { list-style:none; padding:0; margin:0 0 8px; }
ul.story li { padding:5px 10px; border-left:4px solid var(--worse); background:#fdf3f2; margin-bottom:4px; }
ul.story li strong { display:block; color:var(--worse); }
ul.story .arrow { color:var(--worse); font-weight:700; margin:0 4px; }
ul.story q { font-style:italic; font-weight:600; }
p.story { margin:0 0 8px; font-weight:600; }
p.story.same, p.story.clean { color:var(--better); }
ul.flags li { padding:3px 10px; border-left:4px solid #d99a00; background:#fffaf0; margin-bottom:4px;
              font-size:0.92rem; }
ul.flags li.serious { border-color:var(--worse); background:#fdf3f2; }
ul.flags li q, dl.said-facts q, ol.asked q { font-style:italic; }
ol.asked li { padding:3px 0; }
ol.asked small { display:block; color:var(--muted); margin-left:6.6em; }
.verdict { display:inline-block; min-width:6em; text-align:center; font-size:0.75rem; font-weight:700;
           text-transform:uppercase; border-radius:3px; padding:0 5px; margin-right:6px; }
li.flagged .verdict { background:var(--worse); color:#fff; }
li.credited .verdict { background:var(--better); color:#fff; }
li.neutral .verdict { background:var(--line); color:var(--ink); }
p.asked.none { color:var(--worse); margin:0; }
dl.said-facts { display:grid; grid-template-columns:max-content minmax(0, 1fr); gap:2px 12px; margin:0;
                font-size:0.92rem; }
dl.said-facts dt { color:var(--muted); }
dl.said-facts dd { margin:0; }
dl.said-facts dd.missing { color:var(--worse); font-style:italic; }
span.result { font-size:0.72rem; font-weight:700; color:var(--better); margin-left:4px; text-transform:uppercase; }
table.glance td.story small { white-space:normal; }
footer { margin-top:36px; color:var(--muted); font-size:0.85rem; border-top:1px solid var(--line); padding-top:10px; }
"""
