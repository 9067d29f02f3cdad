"""A real, headless Chromium for tests and screenshots (playwright-python driving the system browser).

Playwright's Python package carries its own driver; the browser is Debian's ``chromium``
(or $VOICE_COACH_CHROMIUM), never one downloaded by ``playwright install``. Tests that
need it skip with the reason when the package, the browser or a working launch is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

CHROMIUM_ENV = "VOICE_COACH_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Headless, sandbox-less (containers), and silent on the network: no QUIC probes, no
# component or sync updates, no first-run pages.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1200, "height": 1600}


class BrowserUnavailable(Exception):
    """Chromium or playwright cannot be had here; the message says which and how to get it."""


def chromium_path() -> Optional[Path]:
    """The Chromium to drive: $VOICE_COACH_CHROMIUM, else the Debian package's, else None."""
    override = os.environ.get(CHROMIUM_ENV)
    if override:
        return Path(override)
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    found = shutil.which("chromium")
    return Path(found) if found else None


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A launched headless Chromium (a playwright ``Browser``); raises ``BrowserUnavailable``."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise BrowserUnavailable("playwright is not installed: pip install playwright (the test extra)") from e
    executable = chromium_path()
    if executable is None or not executable.is_file():
        raise BrowserUnavailable(
            f"no Chromium found (looked at ${CHROMIUM_ENV} and {', '.join(CHROMIUM_CANDIDATES)}); "
            "install Debian's chromium package (make setup does when it can)"
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))
        except PlaywrightError as e:
            raise BrowserUnavailable(f"{executable} did not start: {str(e).splitlines()[0]}") from e
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did that a test wants to know about: errors, dialogs, requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors


def open_file(browser, path: Path, *, viewport: Optional[dict] = None):
    """Open ``path`` in a new page, recording errors, dialogs (dismissed) and every request.

    Returns ``(page, PageLog)``; the page has finished loading.
    """
    page = browser.new_page(viewport=viewport or VIEWPORT)
    log = PageLog()
    page.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))

    def on_dialog(dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: log.requests.append(request.url))
    page.goto(Path(path).resolve().as_uri(), wait_until="load")
    return page, log


def screenshot(html_path: Path, png_path: Path, *, viewport: Optional[dict] = None, full_page: bool = False) -> None:
    """Save a PNG of ``html_path`` as Chromium draws it (for docs/; raises ``BrowserUnavailable``)."""
    with chromium() as browser:
        page, log = open_file(browser, html_path, viewport=viewport)
        if log.errors:
            raise RuntimeError(f"{html_path} logged errors: {log.errors}")
        page.screenshot(path=str(png_path), full_page=full_page)
