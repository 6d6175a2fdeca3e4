"""PDFs of the documents, printed by a local Chromium (what a person gets from "print to A4").

One browser prints every page of a run, in a thread of its own while the next pages are written: the
charts (vl-convert, which releases the GIL) and Chromium then each keep a core busy. Chromium is found
as ``INFORMATIEBEELD_CHROMIUM`` or on the PATH (Debian's ``chromium``); where there is none, the
documents stay HTML only and the run says so.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# The flags a headless browser on a server needs, and no background traffic of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def find_chromium() -> str | None:
    configured = os.environ.get("INFORMATIEBEELD_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _only_local_files(route: Any) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def print_pdfs(pages: Iterable[tuple[Path, Path]], chromium: str) -> list[Path]:
    """Print each (html, pdf) pair as A4 with the page's own margins; returns the PDFs written."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # Documents are self-contained: anything that is not the file itself is refused.
            page.route("**/*", _only_local_files)
            for html, pdf in pages:
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
                written.append(pdf)
        finally:
            browser.close()
    return written


class BackgroundPrinter:
    """Prints the pages handed to ``add`` while the caller goes on; ``finish`` waits for the last one.

    Playwright's sync API belongs to the thread that started it, so the browser lives in this one.
    """

    def __init__(self, chromium: str) -> None:
        self._pages: queue.Queue[tuple[Path, Path] | None] = queue.Queue()
        self._written: list[Path] = []
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._print, args=(chromium,), name="pdf-printer", daemon=True)
        self._thread.start()

    def _queued(self) -> Iterator[tuple[Path, Path]]:
        while (page := self._pages.get()) is not None:
            yield page

    def _print(self, chromium: str) -> None:
        try:
            self._written = print_pdfs(self._queued(), chromium)
        except Exception as error:  # handed to the caller by finish()
            self._error = error

    def add(self, html: Path, pdf: Path) -> None:
        self._pages.put((html, pdf))

    def finish(self) -> list[Path]:
        """The PDFs written, once every page added is printed; raises what stopped the printing."""
        self._pages.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._written
