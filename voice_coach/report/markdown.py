"""A session as Markdown, for notes, a wiki or an e-mail to a coach.

Transcripts are untrusted text and many Markdown renderers pass HTML through, so every
value from the session is escaped (``escape_markdown``): a transcript that says
``<script>`` shows ``<script>``.
"""

from __future__ import annotations

import re
from typing import Optional

from voice_coach.report.audio_links import AudioLinks
from voice_coach.report.content import ARROW, MISSING, AnswerContent, flag_title, i_we_text, question_note
from voice_coach.report.figures import (
    answer_figures,
    compared_figures,
    duration_text,
    filler_words_text,
    time_text,
)
from voice_coach.report.marks import MarkedTranscript, MarkedWord
from voice_coach.report.model import AnswerReport, SessionReport

# Backslash escapes work for every ASCII punctuation mark in CommonMark. These can open
# markup anywhere in a line: emphasis, code, links and images, HTML, entities, table cells.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# These only at the start of a line: headings, lists, block quotes, rules.
_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")


def escape_markdown(value: object) -> str:
    """``value`` as literal Markdown text on one line (also safe at the start of a line)."""
    text = _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def render_session_markdown(report: SessionReport, *, audio: AudioLinks) -> str:
    """The report as Markdown: summary, coaching points, then each question."""
    session = report.session
    lines = [
        f"# Interview practice, session {session.id} (round {session.round_number})",
        "",
        f"- **Date:** {escape_markdown(time_text(session.started_at))}",
        f"- **Round:** {session.round_number}",
        f"- **Length:** {escape_markdown(duration_text(session.duration_s))} of answers, "
        f"{len(report.answers)} questions",
        f"- **Question bank:** {escape_markdown(session.bank)}",
        "",
        "## The most useful points",
        "",
    ]
    for number, point in enumerate(report.coaching, start=1):
        where = f" (see Q{point.turn})" if point.turn is not None else ""
        lines.append(f"{number}. **{escape_markdown(point.headline)}.** {escape_markdown(point.detail)}{where}")
    if report.round_lines:
        lines += ["", "## Across the round", ""]
        lines += [f"- {escape_markdown(line)}" for line in report.round_lines]
    lines += ["", "Fillers are in **bold**; *\\[1.2 s pause\\]* marks a silence in the recording."]
    for answer in report.answers:
        lines += ["", *_answer(report, answer, audio=audio)]
    return "\n".join(lines) + "\n"


def transcript_markdown(marked: Optional[MarkedTranscript]) -> str:
    """The transcript on one line: fillers in bold, pauses in italics."""
    if marked is None:
        return "*(not transcribed)*"
    if not marked.words:
        return "*(no words were recognised)*"
    pieces = []
    for piece in marked.pieces:
        if isinstance(piece, MarkedWord):
            text = escape_markdown(piece.text)
            pieces.append(f"**{text}**" if piece.filler else text)
        else:
            pieces.append(f"*{escape_markdown(piece.label)}*")
    return " ".join(pieces)


def _answer(report: SessionReport, answer: AnswerReport, *, audio: AudioLinks) -> list[str]:
    record = answer.answer
    lines = [f"## Q{record.turn}. {escape_markdown(record.question_text)}", ""]
    for change in answer.changes:
        if change.status is not None:
            lines.append(f"- **{escape_markdown(change.title)}: {change.status}** "
                         f"({escape_markdown(change.delta_text)}). {escape_markdown(change.message or '')}")
    if answer.changes:
        lines.append("")
    baseline = answer.baseline
    if baseline is not None:
        lines += [f"**Round {baseline.session.round_number}** (session {baseline.session.id}, "
                  f"{escape_markdown(time_text(baseline.answer.asked_at))}){_link(audio, baseline.answer.audio_path)}",
                  "", transcript_markdown(baseline.marked), ""]
        lines += [f"**Round {report.session.round_number}** (this session){_link(audio, record.audio_path)}", ""]
    else:
        lines += [f"Recording:{_link(audio, record.audio_path) or ' none'}", ""]
    lines.append(transcript_markdown(answer.marked))
    if answer.content is not None and answer.marked is not None and answer.marked.words:
        lines += ["", "### What you said", "", *said_markdown(answer.content)]
    if answer.analysis is not None:
        fillers = filler_words_text(answer.analysis)
        if fillers:
            lines += ["", f"Fillers: {escape_markdown(fillers)}"]
        lines.append("")
        if baseline is not None and baseline.analysis is not None:
            lines += ["| Figure | Round 1 | Round 2 | Change |", "|---|---:|---:|---:|"]
            lines += [f"| {escape_markdown(r.label)} | {escape_markdown(r.then)} | {escape_markdown(r.now)} | "
                      f"{escape_markdown(r.change)} |" for r in compared_figures(answer.analysis, baseline.analysis)]
        else:
            lines += ["| Figure | Value |", "|---|---:|"]
            lines += [f"| {escape_markdown(r.label)} | {escape_markdown(r.value)} |"
                      for r in answer_figures(answer.analysis)]
    return lines


def said_markdown(content: AnswerContent) -> list[str]:
    """An answer's content as a bullet list: story changes, flags, then the questions asked or the story's parts."""
    lines = [
        f"- **Story changed ({escape_markdown(c.fact)}):** {escape_markdown(content.baseline_label)}: "
        f"*{escape_markdown(c.baseline_quote)}* {ARROW} now: *{escape_markdown(c.answer_quote)}*"
        for c in content.conflicts
    ]
    if content.story == "same":
        lines.append(f"- **Story:** the same as in {escape_markdown(content.baseline_label)}, no fact changed.")
    for flag in content.flags:
        quote = f" \u201c*{escape_markdown(flag.quote)}*\u201d" if flag.quote else ""
        lines.append(f"- **{escape_markdown(flag_title(flag.kind))}:** {escape_markdown(flag.message)}{quote}")
    analysis = content.analysis
    if content.closing:
        if not content.questions:
            lines.append("- **Your questions:** none asked.")
        else:
            lines.append("- **Your questions:**")
            for question in content.questions:
                note = question_note(question)
                lines.append(f"  - **{question.verdict}:** *{escape_markdown(question.text)}*"
                             + (f" ({escape_markdown(note)})" if note else ""))
        return lines
    parts = "; ".join(f"{part} *{escape_markdown(quote)}*" if quote is not None else f"{part} {MISSING}"
                      for part, quote in content.star_parts)
    lines.append(f"- **Story parts (STAR):** {parts}")
    numbers = ", ".join(f"*{escape_markdown(c.quote)}*" + (" (result)" if c.result else "")
                        for c in analysis.quantified_claims)
    lines.append(f"- **Numbers:** {numbers or 'none'}")
    hedges = ", ".join(f"*{escape_markdown(h.quote)}*" for h in analysis.hedges)
    lines.append(f"- **Hedges:** {hedges or 'none'}")
    balance = i_we_text(analysis.i_we_ratio)
    if balance is not None:
        lines.append(f"- **I and we:** {escape_markdown(balance)}")
    return lines


def _link(audio: AudioLinks, path) -> str:
    source = audio.source(path)
    return "" if source is None else f" [{escape_markdown(path.name)}](<{source}>)"
