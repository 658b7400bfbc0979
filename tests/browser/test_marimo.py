"""The Lineage Inspector app live in marimo: ``marimo run`` and ``marimo edit`` serve
notebooks/inspector_marimo.py, Playwright drives Debian's Chromium through the same walk as
in Voilà and Jupyter (search, tile, card, Back, Refresh, Graph tab, node click, bad depth).
Then ``marimo export html``: the static page reads correctly and its hint fits marimo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.marimo import serve_marimo
from tests.support.scenario import header, walk

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "inspector_marimo.py"
MARIMO = str(Path(sys.executable).with_name("marimo"))
RENDER_MS = 120_000  # marimo needs 10-25 s on a 2-core machine before the outputs appear


@pytest.mark.parametrize("mode", ["run", "edit"])
def test_the_app_is_live_in_marimo(mode: str, browser, artifacts, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with serve_marimo(mode, NOTEBOOK, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(url)
            if mode == "edit":  # the editor opens with its cells not yet run: run them all
                buttons = page.locator("[data-testid='run-button']")
                expect(buttons).to_have_count(5, timeout=RENDER_MS)  # two a cell, and "run all"
                page.wait_for_timeout(2000)  # the kernel connects after the cells show
                buttons.last.click()
            app = page.locator(".lk-app").first
            expect(header(app)).to_have_text("Asset 310", timeout=RENDER_MS)
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / f"marimo-{mode}.png"))
            walk(page, app)
            expect(app.locator(".lk-saved-copy")).to_have_count(0)  # a kernel answered
            page.screenshot(path=str(artifacts / f"marimo-{mode}-after.png"))
        finally:
            page.close()


def _serve_marimo_assets(page, hosts_asked: list[str]) -> None:
    """The exported page loads marimo's front end from a CDN: serve the copy marimo ships."""
    import marimo

    static = Path(marimo.__file__).parent / "_static"
    prefix = f"https://cdn.jsdelivr.net/npm/@marimo-team/frontend@{marimo.__version__}/dist/"

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        elif url.startswith(prefix) and (static / url[len(prefix) :].split("?")[0]).is_file():
            r.fulfill(path=str(static / url[len(prefix) :].split("?")[0]))
        else:
            hosts_asked.append(url)
            r.abort()

    page.route("**/*", route)


def test_marimo_export_html_reads_as_a_saved_copy(browser, artifacts, tmp_path: Path) -> None:
    """The export holds the views' saved state and no kernel: each says it is a copy, in
    marimo's words, and shows what was selected; no hint about trusting a notebook."""
    from playwright.sync_api import expect

    out = tmp_path / "inspector.html"
    done = subprocess.run(
        [MARIMO, "export", "html", str(NOTEBOOK), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    try:
        _serve_marimo_assets(page, asked)
        page.goto(out.as_uri())
        app = page.locator(".lk-app").first
        expect(header(app)).to_have_text("Asset 310", timeout=RENDER_MS)
        banner = page.locator(".lk-app.lk-saved-copy > .lk-saved-banner")
        expect(banner).to_have_text(
            "A saved copy: run the notebook (marimo edit or marimo run) to use it.",
            timeout=RENDER_MS,
        )
        expect(app.locator(".lk-section-parents .lk-card")).to_have_count(4)
        assert "trust" not in page.inner_text("body")
        page.screenshot(path=str(artifacts / "marimo-export.png"))
    finally:
        page.close()
