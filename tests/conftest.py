"""Fixtures shared by the test modules: the real data, the demo report rendered once, a real browser; and the
markers `kernel`, `browser` and `slow` for the tests that use them and for the notebooks that nbval runs."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checkout import DEMO_ORG, DEMO_PERIOD, ROOT, render_demo
from malrapport.render.browser import Browser, Page

# What running a test alone starts when it uses one of these fixtures, directly or through another fixture.
FIXTURE_MARKERS = {"demo_report": ("kernel", "browser", "slow"), "browser": ("browser",), "open_page": ("browser",)}


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test the markers of the shared fixtures it uses, and the notebooks that nbval runs `kernel` and
    `slow` (each cell needs the notebook's kernel and the cells before it)."""
    for item in items:
        markers = {marker for fixture in getattr(item, "fixturenames", ())
                   for marker in FIXTURE_MARKERS.get(fixture, ())}
        if item.path.suffix == ".ipynb":
            markers |= {"kernel", "slow"}
        for marker in sorted(markers):
            if item.get_closest_marker(marker) is None:
                item.add_marker(marker)


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


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder of the demo report (rn-ls1, 2022-T1, dated 2022-05-20) as `malrapport render --format html,pdf`
    writes it, rendered once per session. Tests only read it; one that changes a file must work on a copy (the
    files are compared with what was rendered when the session ends)."""
    out = tmp_path_factory.mktemp("demo-report")
    result = render_demo(out=out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    folder = out / DEMO_ORG / DEMO_PERIOD
    rendered = _fingerprint(folder)
    yield folder
    assert _fingerprint(folder) == rendered, "a test changed the shared demo report instead of a copy of it"


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
