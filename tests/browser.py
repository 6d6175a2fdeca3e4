"""Opening pages as a person does: the system Chromium, headless, driven by Playwright.

Every page opened records its console errors and every request it made, and leaves a screenshot in
``<test state>/screenshots/`` as a test artefact.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from informatiebeeld.documents.pdf import CHROMIUM_ARGS, find_chromium
from tests.conftest import TEST_STATE

SCREENSHOTS = TEST_STATE / "screenshots"


@dataclass
class Visit:
    url: str
    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def text(self, selector: str) -> list[str]:
        return [t.strip() for t in self.page.locator(selector).all_inner_texts()]


class Browser:
    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def visit(self, url: str, screenshot: str) -> Visit:
        page = self._browser.new_page(viewport={"width": 1000, "height": 1400})
        visit = Visit(url, page)
        page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
        page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("response", lambda response: response.status >= 400 and visit.failed_responses.append(response.url))
        page.goto(url, wait_until="networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
        return visit


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    assert executable, "no Chromium: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield Browser(browser)
        finally:
            browser.close()


def pdf_pages(path: Path) -> tuple[int, set[tuple[int, int]]]:
    """The number of pages of a PDF Chromium printed, and its page sizes in points (its page
    dictionaries are not compressed)."""
    import re

    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return pages, {(round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes}
