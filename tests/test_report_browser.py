"""The reports in a real browser: headless Chromium opens the demo's report and progress pages.

The demo runs once for the module (about 30 s: the real speech model on both rounds).
Tests skip, saying why, where playwright or Chromium cannot be had.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import BrowserUnavailable, chromium, open_file

from tests.test_report_model import IMG_PAYLOAD, SCRIPT_PAYLOAD, make_interview
from voice_coach.report import load_progress, load_session_report, render_progress_html
from voice_coach.report.formats import render_report, write_private_text
from voice_coach.storage import SessionStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    try:
        with chromium() as launched:
            yield launched
    except BrowserUnavailable as e:
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def demo_home(demo_run) -> Path:
    """A data folder holding the two sessions ``voice-coach demo`` stores (shared with other tests)."""
    assert demo_run.result.returncode == 0, demo_run.result.stderr
    return demo_run.home


@pytest.fixture(scope="module")
def demo_pages(demo_home, tmp_path_factory):
    """The round-2 report and the progress page, written beside each other, away from the data."""
    out = tmp_path_factory.mktemp("pages")
    with SessionStore.open(demo_home) as store:
        sessions = store.list_sessions()
        report = load_session_report(store, sessions[-1].id)
        points = load_progress(store)
    report_path = out / "report.html"
    write_private_text(report_path, render_report(report, fmt="html", output_dir=out))
    progress_path = out / "progress.html"
    write_private_text(progress_path, render_progress_html(points))
    return report, report_path, progress_path


def _only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "data:"))]


def test_the_demo_report_renders_every_question_with_fillers_plots_and_audio(browser, demo_pages, tmp_path) -> None:
    report, report_path, _ = demo_pages
    page, log = open_file(browser, report_path)

    headings = page.locator("section.answer h2").all_inner_texts()
    wanted = [f"Q{a.answer.turn} {a.answer.question_text}" for a in report.answers]
    assert [" ".join(h.split()) for h in headings] == wanted

    fillers = page.locator("mark.filler")
    assert fillers.count() >= 5
    background = fillers.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    pauses = page.locator(".transcript .pause").all_inner_texts()
    assert pauses and all(re.fullmatch(r"\[\d+\.\d s pause\]", p) for p in pauses)

    images = page.locator("figure.plot img")
    # Contours and pace for every answer, and the bar chart of changes where it was compared.
    assert images.count() == sum(3 if a.changes else 2 for a in report.answers)
    assert any(a.changes for a in report.answers)  # round 2 was compared with round 1
    sizes = images.evaluate_all(
        "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width,"
        " i.getBoundingClientRect().height])")
    assert all(done and natural > 0 and width > 100 and height > 50 for done, natural, width, height in sizes)

    audio = page.locator("audio")
    assert audio.count() == sum(2 if a.baseline else 1 for a in report.answers)  # round 1 beside round 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('audio')].every(a => a.readyState >= 1 || a.error)", timeout=15_000)
    states = audio.evaluate_all("els => els.map(a => [a.getAttribute('src'), a.error && a.error.code, a.duration])")
    assert all(src and not src.startswith("/") and error is None and duration > 1 for src, error, duration in states)

    assert page.locator("table.glance tbody tr").count() == len(report.answers)
    assert log.errors == [] and log.dialogs == []
    assert _only_local(log.requests) == []
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_the_progress_page_renders_its_charts_and_table(browser, demo_pages, tmp_path) -> None:
    _, _, progress_path = demo_pages
    page, log = open_file(browser, progress_path)
    charts = page.locator("figure.plot img").evaluate_all(
        "imgs => imgs.map(i => [i.naturalWidth, i.getBoundingClientRect().height])")
    assert len(charts) == 4 and all(width > 0 and height > 50 for width, height in charts)
    assert page.locator("table.progress tbody tr").count() == 2
    assert log.errors == [] and log.dialogs == [] and _only_local(log.requests) == []
    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)


def test_a_hostile_transcript_stays_text_in_the_browser(browser, tmp_path) -> None:
    made = make_interview(tmp_path / "home")
    with SessionStore.open(made.home) as store:
        report = load_session_report(store, made.round2_id)
    path = tmp_path / "hostile.html"
    write_private_text(path, render_report(report, fmt="html", output_dir=tmp_path))
    page, log = open_file(browser, path)
    page.wait_for_timeout(300)  # time for anything that would fire
    assert log.dialogs == [] and log.errors == []
    assert page.locator("script").count() == 0
    assert page.locator("img[onerror], [onmouseover]").count() == 0
    assert page.locator("img:not([src^='data:image/svg+xml'])").count() == 0
    transcript = page.locator("#answer-2 .side.round-2 .transcript")
    assert transcript.is_visible()
    text = transcript.inner_text()
    assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text
    assert IMG_PAYLOAD in page.locator("#answer-2 h2").inner_text()
