"""End to end in a real browser: paste the two Niger reports, compare, filter, read the conflicts.

Runs the app with uvicorn on loopback and drives Debian's Chromium
(``/usr/bin/chromium``, installed by the setup when missing and possible) with
Playwright. Skips, saying why, where Chromium or Playwright is unavailable.
Leaves a screenshot of the comparison page in ``docs/img/web-comparison.png``
for the README.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_setup import CHROMIUM_ARGS, ensure_chromium, serve
from rashomon.settings import Config
from rashomon.web import create_app

ROOT = Path(__file__).resolve().parents[1]
NIGER = ROOT / "examples" / "niger-2024-04"
SCREENSHOT = ROOT / "docs" / "img" / "web-comparison.png"
ARTICLES = ["rossa-primavera.txt", "moscow-times-afp.md"]
#: Milliseconds: the comparison itself takes a few seconds on a cold start.
TIMEOUT_MS = 120_000

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser test: the python package playwright is not installed (pip install -e '.[dev]')")
    executable, reason = ensure_chromium()
    if executable is None:
        pytest.skip(f"browser test: {reason}")
    return executable


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(create_app(Config())) as url:
        yield url


@pytest.fixture()
def page(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="rashomon-chromium-") as profile, sync_playwright() as pw:
        # a persistent context on a fresh, empty profile: Chromium gets its own --user-data-dir
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1800}, device_scale_factor=1)
        try:
            context.set_default_timeout(TIMEOUT_MS)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def on_console(msg: Any, errors: list[str]) -> None:
    """Keep console errors, but for the browser's own /favicon.ico request (the app serves none)."""
    where = str(msg.location.get("url", ""))
    if msg.type == "error" and not where.endswith("/favicon.ico"):
        errors.append(f"console: {msg.text} ({where})")


def test_web_browser_compare_filter_and_conflicts(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda msg: on_console(msg, errors))

    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Compare reports of one event")).to_be_visible()
    for n, name in enumerate(ARTICLES, 1):
        page.get_by_label(f"Article {n}", exact=True).fill((NIGER / name).read_text(encoding="utf-8"))
        page.locator(f"#source-{n}").fill(name)
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url(f"{base_url}/c/*", timeout=TIMEOUT_MS)
    expect(page.locator("#col-a1")).to_be_visible()
    expect(page.locator("#col-a2")).to_be_visible()
    assert "Rossa Primavera News Agency" in page.locator("#col-a1").inner_text()
    assert "The Moscow Times" in page.locator("#col-a2").inner_text()

    # the filters, moved into the facts section by web.js; all facts shown to begin with
    filters = page.locator("#facts #fact-filters")
    expect(filters).to_be_visible()
    facts = page.locator("#facts li.fact")
    contested = page.locator("#facts li.fact.st-contested")
    total, n_contested = facts.count(), contested.count()
    assert 0 < n_contested < total

    contested_button = filters.locator('button[data-status="contested"]')
    contested_button.click()
    expect(contested_button).to_have_attribute("aria-pressed", "true")
    expect(filters.locator('button[data-status="all"]')).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#filter-status")).to_have_text(f"{n_contested} fact{'' if n_contested == 1 else 's'} shown")

    visible = page.locator("#facts li.fact:visible")
    assert visible.count() == n_contested
    statuses = visible.evaluate_all("els => els.map(e => e.className)")
    assert all("st-contested" in s.split() for s in statuses), statuses
    headings = page.locator("#facts h3:visible").evaluate_all("els => els.map(e => e.className)")
    assert headings == ["st-contested"], headings

    # the US troop numbers, side by side in the conflicts panel
    conflicts = page.locator("#conflicts")
    expect(conflicts).to_be_visible()
    troops = conflicts.locator("tr", has_text="700")
    expect(troops).to_contain_text("1,000")
    text = conflicts.inner_text()
    assert "about 700" in text and "some 1,000" in text, text[:2000]

    assert not errors, errors

    # for the README: the facts list as the filter left it, with a margin of the page around it
    # (the top of the page is the HTML report's docs/img/niger-report.png with the site's bar above)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover highlight in the picture
    box = page.locator("#facts").bounding_box()
    top = box["y"] + page.evaluate("window.scrollY")
    page.screenshot(path=str(SCREENSHOT), full_page=True, animations="disabled",
                    clip={"x": 0, "y": max(0, top - 24), "width": 1400, "height": box["height"] + 48})
    assert SCREENSHOT.stat().st_size > 10_000
