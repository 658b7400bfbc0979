"""Finding the clip in a real browser: the gallery's search box and the inspector's id box.

Voilà serves notebooks/inspector.ipynb (the demo app over the sample); Playwright drives
Debian's Chromium through it, offline: a Pixverse id typed in the search box shows its one
tile, which opens it; words show their hits best first with the matched field; Clear brings
the pages back; the id box opens a Pixverse id and offers the choices when words match
several, and a click on a choice opens it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.browser import LOCAL_HOSTS
from tests.support.voila import VoilaServer, served

pytestmark = pytest.mark.browser


def _type(page, selector: str, text: str) -> None:
    box = page.locator(f"{selector} input")
    box.fill(text)
    box.press("Enter")


def _tile_ids(page, scope: str) -> list[int]:
    return [int(v) for v in page.locator(f"{scope} .lk-tile").evaluate_all(
        "els => els.map(e => e.dataset.open)"
    )]  # fmt: skip


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The demo app (notebooks/inspector.ipynb over the sample) served by Voilà."""
    app = Path(__file__).resolve().parents[2] / "notebooks" / "inspector.ipynb"
    with served(app, tmp_path_factory.mktemp("voila-find")) as server:
        yield server


def test_finding_a_clip_in_the_browser(voila, browser, artifacts) -> None:
    from playwright.sync_api import expect

    requests: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    header = page.locator(".lk-header .lk-title")
    gallery = ".lk-gallery .lk-gallery-panel"
    try:
        page.goto(voila.url)
        expect(header).to_have_text("Asset 310", timeout=60_000)  # the kernel starts
        expect(page.locator(f"{gallery} .lk-tile")).to_have_count(24)

        # the Pixverse id of the clip in hand: one tile, saying what matched
        _type(page, ".lk-search", "374351749764234")
        expect(page.locator(f"{gallery} .lk-tile")).to_have_count(1)
        match = page.locator(f"{gallery} .lk-tile-101 .lk-match")
        expect(match).to_have_text("pixverse id 374351749764234")
        expect(page.locator(".lk-gallery .lk-page-label")).to_have_text(
            "1 match for “374351749764234”"
        )
        expect(page.locator(".lk-filter-media-type select")).to_be_disabled()
        page.locator(f"{gallery} .lk-tile-101").click()
        expect(header).to_have_text("Asset 101")
        expect(page.locator(f"{gallery} .lk-tile-101")).to_have_class(re.compile("lk-selected"))

        # words: hits best first, newest first among equals, each with the matched field
        _type(page, ".lk-search", "harbour")
        expect(page.locator(f"{gallery} .lk-tile")).to_have_count(4)
        assert _tile_ids(page, gallery) == [310, 303, 302, 301]
        expect(page.locator(f"{gallery} .lk-tile-302 .lk-match")).to_have_text(
            "description Boats leaving the harbour"
        )
        page.mouse.move(0, 0)
        page.screenshot(path=str(artifacts / "find-gallery-search.png"))

        # Clear: the pages and the filters are back
        page.locator("button.lk-clear").click()
        expect(page.locator(f"{gallery} .lk-tile")).to_have_count(24)
        expect(page.locator(".lk-search input")).to_have_value("")
        expect(page.locator(".lk-filter-media-type select")).to_be_enabled()

        # the inspector's id box: a Pixverse id opens its asset
        _type(page, ".lk-asset-id", "pixverse:374351749764377")
        expect(header).to_have_text("Asset 103")
        expect(page.locator(".lk-asset-id input")).to_have_value("103")

        # words that match several: the choices, then a click on one opens it
        _type(page, ".lk-asset-id", "harbour")
        choices = page.locator(".lk-inspector .lk-choices")
        expect(choices.locator(".lk-tile")).to_have_count(4)
        expect(choices).to_contain_text("4 assets match “harbour”: pick one")
        expect(header).to_have_text("Asset 103")  # nothing chosen yet
        page.mouse.move(0, 0)
        page.screenshot(path=str(artifacts / "find-id-box-choices.png"))
        choices.locator(".lk-tile-302").click()
        expect(header).to_have_text("Asset 302")
        expect(choices).to_be_hidden()

        # what matches nothing says so, inline
        _type(page, ".lk-asset-id", "a zebra on a unicycle")
        expect(page.locator(".lk-inspector .lk-message")).to_contain_text(
            "Nothing matches 'a zebra on a unicycle' for user 1"
        )
        expect(header).to_have_text("Asset 302")
    finally:
        page.close()
        ctx.close()
    offsite = [
        u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
        and urlparse(u).hostname not in LOCAL_HOSTS
        and not urlparse(u).hostname.endswith(".invalid")
    ]  # fmt: skip
    assert not offsite, offsite
