"""The HTML report as a parser sees it: self-contained, no script, untrusted text as text,
what was said (a changed story, flags, the questions asked) beside how it sounded."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.test_report_model import (
    EIGHT,
    FIVE,
    HOSTILE_ID,
    IMG_PAYLOAD,
    SALARY_QUESTION,
    SCRIPT_PAYLOAD,
    content_interview,  # noqa: F401  (the module's fixture)
    interview,  # noqa: F401  (the module's fixture)
    make_interview,
    with_hostile_quotes,
)
from voice_coach.report import AudioLinks, build_session_report, load_session_report, render_session_html
from voice_coach.storage import SessionStore


class Page(HTMLParser):
    """Every element (tag and attributes) and the text of a page, as a browser's parser reads them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.texts.append(data)

    def tags(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.elements if tag == name]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def render(home: Path, session_id: int, output_dir: Path, *, embed: bool = False) -> str:
    with SessionStore.open(home) as store:
        report = load_session_report(store, session_id)
    return render_session_html(report, audio=AudioLinks(output_dir=output_dir, embed=embed))


@pytest.fixture(scope="module")
def round_two(interview, tmp_path_factory):  # noqa: F811
    output_dir = tmp_path_factory.mktemp("report-out")
    text = render(interview.home, interview.round2_id, output_dir)
    (output_dir / "report.html").write_text(text, encoding="utf-8")
    return output_dir, text, Page(text)


def test_the_page_has_no_script_and_no_handler_attributes(round_two) -> None:
    _, _, page = round_two
    assert page.tags("script") == []
    assert not [(tag, name) for tag, attrs in page.elements for name in attrs if name.lower().startswith("on")]
    assert [tag for tag, _ in page.elements if tag in ("iframe", "object", "embed", "link", "base", "form")] == []


def test_the_page_needs_no_network(round_two) -> None:
    _, _, page = round_two
    addresses = [value for _, attrs in page.elements for name, value in attrs.items() if name in ("src", "href")]
    assert addresses
    assert not [a for a in addresses if re.match(r"^[a-z]+://", a or "")]
    assert all(img["src"].startswith("data:image/svg+xml;base64,") for img in page.tags("img"))
    policy = next(m["content"] for m in page.tags("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_a_hostile_transcript_and_question_are_shown_as_text(round_two) -> None:
    _, text, page = round_two
    assert SCRIPT_PAYLOAD in page.text
    assert IMG_PAYLOAD in page.text
    assert f"Tell me about a time you disagreed {IMG_PAYLOAD}" in page.text
    # The question id went into an attribute and stayed whole there.
    assert [s["data-question-id"] for s in page.tags("section") if "data-question-id" in s] == ["about-you", HOSTILE_ID]
    assert "<script>" not in text and "<img src=x" not in text


def test_round_two_shows_both_rounds_side_by_side_with_its_charts(round_two) -> None:
    _, _, page = round_two
    sides = [s["class"] for s in page.tags("article")]
    assert sides == ["side round-1", "side round-2"] * 2
    charts = [f["class"] for f in page.tags("figure")]
    assert charts == ["plot deltas", "plot contours", "plot pace"] * 2
    assert all(img["alt"] for img in page.tags("img"))
    assert len(page.tags("audio")) == 4


def test_the_summary_has_the_date_round_length_and_three_points(round_two, interview) -> None:  # noqa: F811
    _, text, page = round_two
    assert re.search(r"Date \d{4}-\d\d-\d\d \d\d:\d\d", page.text)
    assert f"Round 2, compared with round 1 (session {interview.round1_id} of" in page.text
    assert re.search(r"Length \d+ s of answers", page.text)
    coaching = text[text.index('<section class="coaching"'):]
    coaching = coaching[:coaching.index("</section>")]
    assert "The three most useful points" in coaching
    assert coaching.count('<li class="worse"><strong>') == 3


def test_fillers_are_highlighted_and_pauses_marked(round_two) -> None:
    _, text, _ = round_two
    first = text[text.index('id="answer-1"'):text.index('id="answer-2"')]
    this_round = first[first.index('class="side round-2"'):]
    fillers = re.findall(r'<mark class="filler">([^<]*)</mark>', this_round)
    assert fillers == ["Um,", "Uh,", "you", "know,"]
    assert re.search(r'team\. <span class="pause">\[1\.\d s pause\]</span> <mark class="filler">Uh,</mark>',
                     this_round)


def test_audio_links_are_relative_to_the_report_folder(round_two, interview) -> None:  # noqa: F811
    output_dir, _, page = round_two
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round2_id)
    wanted = {a.audio_path.resolve() for a in session.answers}
    linked = {(output_dir / unquote(audio["src"])).resolve() for audio in page.tags("audio")}
    assert wanted <= linked
    assert all(not audio["src"].startswith("/") for audio in page.tags("audio"))


def test_embedded_audio_holds_the_recordings_themselves(interview, tmp_path) -> None:  # noqa: F811
    page = Page(render(interview.home, interview.round1_id, tmp_path, embed=True))
    with SessionStore.open(interview.home) as store:
        session = store.get_session(interview.round1_id)
    sources = [audio["src"] for audio in page.tags("audio")]
    assert all(src.startswith("data:audio/wav;base64,") for src in sources)
    decoded = [base64.b64decode(src.split(",", 1)[1]) for src in sources]
    assert decoded == [a.audio_path.read_bytes() for a in session.answers]
    assert page.tags("a") == [a for a in page.tags("a") if a["href"].startswith("#")]


def test_a_round_one_page_has_no_comparison(interview, tmp_path) -> None:  # noqa: F811
    page = Page(render(interview.home, interview.round1_id, tmp_path))
    assert [f["class"] for f in page.tags("figure")] == ["plot contours", "plot pace"] * 2
    assert [s["class"] for s in page.tags("article")] == ["side round-1"] * 2
    assert "at a glance" not in page.text


def test_a_missing_recording_leaves_a_note_not_a_crash(tmp_path) -> None:
    made = make_interview(tmp_path / "home")
    with SessionStore.open(made.home) as store:
        session = store.get_session(made.round2_id)
    session.answers[0].audio_path.unlink()
    page = Page(render(made.home, made.round2_id, tmp_path))
    assert "is missing" in page.text
    assert "No pitch and loudness chart for the this answer" not in page.text
    assert "No pitch and loudness chart for this answer" in page.text
    assert len(page.tags("audio")) == 3


# --- what was said: content coaching ---------------------------------------------------------


@pytest.fixture(scope="module")
def content_round_two(content_interview, tmp_path_factory):  # noqa: F811
    output_dir = tmp_path_factory.mktemp("content-report-out")
    with SessionStore.open(content_interview.home) as store:
        report = load_session_report(store, content_interview.round2_id)
    text = render_session_html(report, audio=AudioLinks(output_dir=output_dir), plots=False)
    return text, Page(text)


def section(text: str, turn: int) -> str:
    """The HTML of question ``turn``'s section, up to the end of its "What you said" block."""
    start = text.index(f'id="answer-{turn}"')
    return text[start:text.index("</section>\n", text.index('<section class="said">', start))]


def test_a_changed_story_is_shown_with_both_quotes(content_round_two) -> None:
    text, _ = content_round_two
    said = Page(section(text, 1))
    assert f"Story changed: team size round 1: {FIVE} \u2192 now: {EIGHT}" in said.text
    assert [q for q in said.texts if q in (FIVE, EIGHT)][:2] == [FIVE, EIGHT]  # each in its own <q>
    assert [li["data-kind"] for li in said.tags("li") if "data-kind" in li] == ["hedging"]
    assert "Situation last year I led a team of eight analysts Task missing Action" in said.text
    assert "Hedges I guess we automated the reconciliations" in said.text
    assert "Same story as in round 1: no fact changed." in Page(section(text, 2)).text
    assert "No concrete example. I did not hear a concrete example." in Page(section(text, 2)).text


def test_the_closing_answer_lists_each_question_with_its_verdict(content_round_two) -> None:
    text, _ = content_round_two
    said = Page(section(text, 3))
    asked = [li["class"] for li in said.tags("li") if li.get("class") in ("flagged", "credited", "neutral")]
    assert asked == ["flagged", "credited"]
    assert f"flagged {SALARY_QUESTION} premature: salary before an offer" in said.text
    assert "credited What are the next steps? next steps: closes the sale" in said.text
    assert "Premature question. You asked about salary before an offer." in said.text
    assert "Story parts" not in said.text  # a closing answer tells no story


def test_content_problems_lead_the_points_and_the_glance_table_has_a_story_column(content_round_two) -> None:
    text, page = content_round_two
    coaching = text[text.index('<section class="coaching"'):]
    coaching = coaching[:coaching.index("</section>")]
    assert coaching.count('<li class="problem"><strong>') == 2 and coaching.count("<li ") == 3
    assert coaching.index("Your story changed in 1 answer") < coaching.index("You asked about salary before an offer")
    glance = text[text.index('<table class="glance">'):text.index("</table>")]
    assert "<th>Story</th>" in glance
    assert re.findall(r'<td class="(\w+) story">[^<]*? (changed|same)', glance) == [("worse", "changed"),
                                                                                  ("same", "same")]
    assert glance.count('<td class="none">') == 1  # the closing answer tells no story


def test_quotes_with_html_in_them_are_shown_as_text(content_round_two, content_interview, tmp_path) -> None:  # noqa: F811
    # The analyser keeps "<script>" inside the salary question; everything else is rewritten.
    text, page = content_round_two
    assert SALARY_QUESTION in page.text and "<script>" not in text
    with SessionStore.open(content_interview.home) as store:
        session = with_hostile_quotes(store.get_session(content_interview.round2_id))
    hostile = render_session_html(build_session_report(session), audio=AudioLinks(tmp_path), plots=False)
    parsed = Page(hostile)
    assert parsed.tags("script") == [] and parsed.tags("img") == []
    assert not [(tag, name) for tag, attrs in parsed.elements for name in attrs if name.lower().startswith("on")]
    assert "<script>" not in hostile and "<img src=x" not in hostile
    assert parsed.text.count(f"{SCRIPT_PAYLOAD} [bold]{IMG_PAYLOAD}") >= 10


def test_a_page_without_content_blocks_has_no_content_section(round_two) -> None:
    _, text, page = round_two
    assert '<section class="said">' not in text and "<th>Story</th>" not in text
