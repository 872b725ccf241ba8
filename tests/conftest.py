"""Fixtures shared by the test modules: the real data and a real browser."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

import pytest

from checkout import ROOT
from malrapport.render.browser import Browser, Page


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The folder of real published figures (Kolada, Socialstyrelsen, Försäkringskassan): `realdata` in
    $MALRAPPORT_SHARED, else in the `shared` folder beside the checkout. Skips the test when it is missing."""
    shared = os.environ.get("MALRAPPORT_SHARED")
    folder = (Path(shared) if shared else ROOT.parent / "shared") / "realdata"
    if not folder.is_dir():
        pytest.skip(f"real data missing: {folder} does not exist – put the project's shared folder (with "
                    "realdata/) beside the checkout, or set MALRAPPORT_SHARED to the folder that holds realdata/")
    return folder


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
