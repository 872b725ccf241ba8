"""Fixtures shared by the tests that need a real browser."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from malrapport.render.browser import Browser, Page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One offline headless Chromium per test module (host lookups blocked, as on a closed intranet)."""
    with Browser(offline=True) as started:
        yield started


@pytest.fixture
def open_page(browser: Browser) -> Callable[..., Page]:
    """Open a local file in a new tab and wait until the report says it is ready (charts drawn, fonts loaded)."""
    def opened(path: Path, timeout: float = 60) -> Page:
        page = browser.new_page()
        page.navigate(path.as_uri())
        page.wait_until_ready(timeout=timeout)
        return page
    return opened
