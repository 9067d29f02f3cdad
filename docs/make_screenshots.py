"""Make the README's screenshots from the demo: docs/report.png, docs/report-answer.png, docs/progress.png.

    .venv/bin/python docs/make_screenshots.py

Runs ``voice-coach demo`` into a temporary data folder (about 30 s), writes the round-2
report and the progress page next to it, and photographs them with the system's headless
Chromium (playwright-python, the test extra): the top of the report, one answer (the first
whose story changed, with its "What you said" block) and the progress page. Your own
sessions are not touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.browser import BrowserUnavailable, chromium, open_file  # noqa: E402
from voice_coach.report import load_progress, load_session_report, render_progress_html  # noqa: E402
from voice_coach.report.formats import render_report, write_private_text  # noqa: E402
from voice_coach.storage import SessionStore  # noqa: E402

VIEWPORT = {"width": 1200, "height": 1500}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs", help="folder for the PNGs (default docs/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="voice-coach-screenshots-") as folder:
        home = Path(folder) / "home"
        print("Running the demo…", flush=True)
        subprocess.run([sys.executable, "-m", "voice_coach", "demo", "--no-speak", "--quiet-feedback"],
                       check=True, cwd=REPO_ROOT, env={**os.environ, "VOICE_COACH_HOME": str(home)},
                       stdout=subprocess.DEVNULL)
        with SessionStore.open(home) as store:
            report = load_session_report(store, store.list_sessions()[-1].id)
            points = load_progress(store)
        report_path = Path(folder) / "report.html"
        write_private_text(report_path, render_report(report, fmt="html", output_dir=Path(folder)))
        progress_path = Path(folder) / "progress.html"
        write_private_text(progress_path, render_progress_html(points))
        try:
            with chromium() as browser:
                page, log = open_file(browser, report_path, viewport=VIEWPORT)
                page.screenshot(path=str(args.out / "report.png"))
                page.locator(f"#answer-{_answer_to_show(report)}").screenshot(path=str(args.out / "report-answer.png"))
                progress_page, progress_log = open_file(browser, progress_path, viewport=VIEWPORT)
                progress_page.screenshot(path=str(args.out / "progress.png"), full_page=True)
        except BrowserUnavailable as e:
            print(f"make_screenshots: {e}", file=sys.stderr)
            return 1
        if log.errors or progress_log.errors:
            print(f"make_screenshots: the pages logged errors: {log.errors + progress_log.errors}", file=sys.stderr)
            return 1
    for name in ("report.png", "report-answer.png", "progress.png"):
        print(f"Wrote {args.out / name}")
    return 0


def _answer_to_show(report) -> int:
    """The turn whose section makes the best picture: the first answer whose story changed,
    so the "What you said" block shows both quotes; else the second question."""
    changed = [a.answer.turn for a in report.answers if a.content is not None and a.content.conflicts]
    return changed[0] if changed else 2


if __name__ == "__main__":
    raise SystemExit(main())
