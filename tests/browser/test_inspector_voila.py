"""The Lineage Inspector app in a real browser: Voilà serves notebooks/inspector.ipynb,
Playwright drives Debian's Chromium through it, offline.

One walk through the app (a transition input's prompt on its card, typing an id,
clicking a parent card, Back, a click on the card's body, an inline error, a gallery tile
with a broken thumbnail, the graph tab and a click on a graph node, the truncation notice,
the gallery's two operation filters), checking that nothing but thumbnail URLs leaves
localhost, and screenshots at 1280×800 and 700 px wide with layout checks (cards aligned,
badges inside their cards, nothing wider than the window). Then
``python -m lineage_kit.widgets.demo`` (``make demo``) end to end.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

import lineage_kit as lk
from tests.support.browser import LOCAL_HOSTS
from tests.support.scenario import walk
from tests.support.voila import VoilaServer, serve_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "inspector.ipynb"
RENDER_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    with serve_notebook(NOTEBOOK, tmp_path_factory.mktemp("voila")) as server:
        print(f"\nvoila ready in {server.ready_seconds:.2f}s at {server.url}")
        yield server
    assert server.returncode == 0, server.log_text()


@pytest.fixture(scope="module")
def thumbnail_urls(sample_store: lk.Store) -> set[str]:
    """The only outside URLs the page may request: owner 1's thumbnail links."""
    assets = sample_store.frames(user_id=1).assets
    return {u for u in assets["thumbnail_url"].dropna() if urlparse(u).scheme in ("http", "https")}


# What the graph widget drew (vis-network's own data sets), and where a node sits on its canvas.
DRAWN = """el => { const n = el.lineageKitNetwork;
  return {nodes: n.body.data.nodes.getIds().sort((a, b) => a - b),
          edges: n.body.data.edges.getIds().sort((a, b) => a - b)}; }"""
NODE_SPOT = """(el, id) => { const n = el.lineageKitNetwork;
  return n.canvasToDOM(n.getPositions([id])[id]); }"""


def _check_in_view(page, locator) -> None:
    """The element is inside the window: seen without scrolling the page."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box and box["y"] >= 0 and box["y"] + 20 <= size["height"], (box, size)


def _header(page):  # the inspector's title line: "Asset 103"
    return page.locator(".lk-header .lk-title")


def _open_by_id(page, asset_id: int) -> None:
    box = page.locator(".lk-asset-id input")
    box.fill(str(asset_id))
    box.press("Enter")


def _click(locator, **kwargs) -> None:
    # Voilà scrolls its cells inside #rendered_cells; when a click needs that container
    # scrolled, Playwright's implicit scroll-then-click can miss its target (observed on the
    # Lumino tab bar and the graph canvas: no pointerdown arrives). Scroll first, explicitly.
    locator.scroll_into_view_if_needed()
    locator.click(**kwargs)


def _boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, bottom: r.bottom}; })"
    )


def _check_layout(page, width: int) -> None:
    """Cards aligned and equal, badges and text inside their cards, no horizontal overflow."""
    from playwright.sync_api import expect

    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"page is {overflow}px wide in a {width}px window"
    cards = _boxes(page, ".lk-section-parents .lk-card")
    assert len(cards) == 4
    assert len({round(c["w"]) for c in cards}) == 1, cards  # every card the same width
    rows: dict[int, list[dict]] = {}
    for c in cards:
        rows.setdefault(round(c["y"]), []).append(c)
    for row in rows.values():  # cards of one row share top and height
        assert len({round(c["h"]) for c in row}) == 1, row
    for card in page.locator(".lk-section-parents .lk-card").all():
        outer = card.bounding_box()
        for inner in _boxes(card, ".lk-badge, .lk-line, img.lk-thumb, button"):
            assert (
                inner["x"] >= outer["x"] - 0.5
                and inner["right"] <= outer["x"] + outer["width"] + 0.5
            )
        size = card.locator(".lk-badge").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 10  # readable
    expect(page.locator(".lk-section-parents .lk-badge").first).to_be_visible()


def test_inspector_app_in_the_browser(voila, browser, artifacts, thumbnail_urls) -> None:
    from playwright.sync_api import expect

    requests: list[str] = []
    sockets: list[str] = []
    console_errors: list[tuple[str, str]] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on(
        "console",
        lambda m: (
            console_errors.append((m.text, m.location.get("url", "")))
            if m.type == "error"
            else None
        ),
    )
    try:
        t0 = time.monotonic()
        page.goto(voila.url)
        # the notebook preselects the transition 310
        expect(_header(page)).to_have_text("Asset 310", timeout=RENDER_TIMEOUT_MS)
        expect(page.locator(".lk-section-parents .lk-card")).to_have_count(4)
        expect(page.locator(".lk-gallery .lk-tile")).to_have_count(24)
        print(f"app visible {time.monotonic() - t0:.2f}s after goto")
        page.evaluate("document.fonts.ready")
        _check_layout(page, 1280)
        # side by side, both at the top: the inspector right of the gallery
        gallery, inspector = page.locator(".lk-gallery"), page.locator(".lk-inspector")
        g_box, i_box = gallery.bounding_box(), inspector.bounding_box()
        assert i_box["x"] >= g_box["x"] + g_box["width"] - 1 and g_box["width"] >= 340
        assert abs(i_box["y"] - g_box["y"]) <= 1
        # a transition input's card shows its prompt, from the transition's Pixverse payload
        second = page.locator(".lk-section-parents .lk-card").nth(1)
        expect(second.locator(".lk-prompt")).to_have_text("“boats set sail”")
        page.mouse.move(0, 0)  # no hover outline in the screenshot
        page.screenshot(path=str(artifacts / "inspector-1280x800.png"))
        second.screenshot(path=str(artifacts / "card-with-prompt.png"))

        # jump by id, click a parent card, back
        _open_by_id(page, 103)
        expect(_header(page)).to_have_text("Asset 103")
        parent = page.locator(".lk-section-parents .lk-card-102")
        expect(parent.locator(".lk-badge")).to_have_text("SOURCE_VIDEO · video_extend")
        _click(parent)
        expect(_header(page)).to_have_text("Asset 102")
        expect(page.locator(".lk-section-children .lk-card-103")).to_be_visible()
        page.locator("button.lk-back").click()
        expect(_header(page)).to_have_text("Asset 103")
        expect(page.locator(".lk-asset-id input")).to_have_value("103")
        # a click anywhere on a card selects it too; Back again
        page.locator(".lk-section-parents .lk-card-102 .lk-desc").click()  # anywhere on the card
        expect(_header(page)).to_have_text("Asset 102")
        page.locator("button.lk-back").click()
        expect(_header(page)).to_have_text("Asset 103")
        assert not page.locator("button.lk-forward").is_disabled()

        # errors are inline
        _open_by_id(page, 701)
        expect(page.locator(".lk-inspector .lk-message")).to_have_text(
            "Asset 701 not found for user 1: it does not exist or belongs to another owner."
        )
        expect(_header(page)).to_have_text("Asset 103")

        # a gallery tile opens the asset; its broken thumbnail URL falls back to the placeholder
        _click(page.locator(".lk-tile-603"))
        expect(_header(page)).to_have_text("Asset 603")
        expect(page.locator(".lk-inspector .lk-message")).to_be_hidden()
        expect(page.locator(".lk-header img.lk-thumb")).to_have_attribute(
            "src", re.compile(r"^data:image/svg\+xml;base64,")
        )
        expect(page.locator(".lk-tile-603 img.lk-thumb")).to_have_class(
            re.compile("lk-thumb-placeholder")
        )
        expect(page.locator(".lk-tile-603")).to_have_class(re.compile("lk-selected"))
        _check_in_view(page, _header(page))

        # the graph tab draws exactly the result's nodes and edges; a click on a node selects it
        _click(page.locator(".lk-tab-graph"))
        view = page.locator(".lk-graph-view")
        expect(view.locator("canvas")).to_be_visible()
        drawn = view.evaluate(DRAWN)
        assert drawn == {"nodes": [601, 603, 604], "edges": [41, 42]}, drawn
        spot = view.evaluate(NODE_SPOT, 604)
        _click(view.locator("canvas"), position=spot)
        expect(_header(page)).to_have_text("Asset 604")
        page.wait_for_function(
            "() => { const n = document.querySelector('.lk-graph-view').lineageKitNetwork;"
            " return n && n.body.data.nodes.get(604) && n.body.data.nodes.length === 2; }"
        )
        _click(page.locator(".lk-tab-cards"))
        expect(page.locator(".lk-section-parents .lk-card-603")).to_be_visible()

        # a small max_nodes truncates the answer: the notice says so
        _open_by_id(page, 310)
        expect(_header(page)).to_have_text("Asset 310")
        notice = page.locator(".lk-inspector .lk-truncated")
        expect(notice).to_be_hidden()
        max_nodes = page.locator(".lk-max-nodes input")
        max_nodes.fill("2")
        max_nodes.press("Enter")
        expect(notice).to_contain_text("Truncated: the view stopped at 2 assets")
        expect(page.locator(".lk-section-parents .lk-card")).to_have_count(2)
        max_nodes.fill("50")
        max_nodes.press("Enter")
        expect(notice).to_be_hidden()
        expect(page.locator(".lk-section-parents .lk-card")).to_have_count(4)

        # the gallery's operation filters, as pixsim7's search names them
        made_by = page.locator(".lk-filter-operation-type select")
        own = page.locator(".lk-filter-asset-operation-type select")
        expect(made_by.locator("option:checked")).to_have_text("made by (lineage): any")
        expect(own.locator("option:checked")).to_have_text("asset operation: any")
        made_by.select_option("made by: video_extend")
        expect(page.locator(".lk-gallery .lk-tile")).to_have_count(4)  # 940 synced, column empty
        made_by.select_option("made by (lineage): any")
        own.select_option("asset operation: video_extend")
        expect(page.locator(".lk-gallery .lk-tile")).to_have_count(3)
        own.select_option("asset operation: any")
        expect(page.locator(".lk-gallery .lk-tile")).to_have_count(24)

        # narrow window: the inspector stacks above the gallery
        page.set_viewport_size({"width": 700, "height": 800})
        page.wait_for_timeout(300)  # let the flex layout settle
        _check_layout(page, 700)
        g_box, i_box = gallery.bounding_box(), inspector.bounding_box()
        assert g_box["y"] >= i_box["y"] + i_box["height"] - 1
        assert g_box["width"] >= 650 and i_box["width"] >= 650  # each takes the full width
        page.mouse.move(0, 0)
        # Voilà scrolls its cells in #rendered_cells, not the window: a window as tall as the
        # content shows the whole app (full_page would stop at the first 800 px).
        height = page.evaluate(
            "() => { const c = document.querySelector('#rendered_cells');"
            " return Math.ceil((c ? c.scrollHeight : 0) + 40); }"
        )
        page.set_viewport_size({"width": 700, "height": max(800, min(height, 6000))})
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") <= 700
        page.screenshot(path=str(artifacts / "inspector-700.png"))
    finally:
        page.close()
        ctx.close()

    def allowed(url: str) -> bool:
        u = urlparse(url)
        return (
            u.scheme in ("data", "blob", "about")
            or u.hostname in LOCAL_HOSTS
            or (url in thumbnail_urls)
        )

    offsite = [u for u in requests + sockets if not allowed(u)]
    assert not offsite, f"requests left localhost: {offsite}"
    assert "https://thumbs.pixsim7.invalid/603-missing.png" in requests  # loaded by the browser
    assert sockets and all(urlparse(u).hostname == "127.0.0.1" for u in sockets)
    # the only console errors allowed: thumbnail links that do not resolve (reported by the
    # page, and by vis-network inside the graph frame)
    unexpected = [
        (t, u)
        for t, u in console_errors
        if u not in thumbnail_urls and not any(url in t for url in thumbnail_urls)
    ]
    assert not unexpected, unexpected


def test_the_shared_walk_in_voila(voila, browser, artifacts) -> None:
    """The walk every front end drives (tests/support/scenario.py), here in Voilà."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(voila.url)
        walk(page, page.locator(".lk-app").first)
        page.mouse.move(0, 0)
        page.screenshot(path=str(artifacts / "voila-after-walk.png"))
    finally:
        page.close()


def test_make_demo_serves_the_app(browser, tmp_path: Path) -> None:
    """``python -m lineage_kit.widgets.demo`` (what ``make demo`` runs): URL printed quickly,
    app renders, SIGTERM stops it cleanly, and its temporary folder and the working folder
    stay clean."""
    from playwright.sync_api import expect

    work, scratch = tmp_path / "work", tmp_path / "scratch"
    work.mkdir()
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PYTHONUNBUFFERED="1")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lineage_kit.widgets.demo"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    url = None
    try:
        while url is None and time.monotonic() - t0 < 60:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if ready:
                line = proc.stdout.readline()
                if not line and proc.poll() is not None:
                    break
                output.append(line)
                found = re.search(r"Lineage Inspector .*: (http://127\.0\.0\.1:\d+/)$", line)
                url = found.group(1) if found else None
        assert url, f"no URL within 60 s:\n{''.join(output)}"
        started = time.monotonic() - t0
        assert started < 30, f"demo took {started:.1f}s to start"
        assert any(name.startswith("lineage-kit-demo-") for name in os.listdir(scratch))
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(url)
            expect(_header(page)).to_have_text("Asset 310", timeout=RENDER_TIMEOUT_MS)
            expect(page.locator(".lk-gallery .lk-tile")).to_have_count(24)
        finally:
            page.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            rest, _ = proc.communicate()
        output.append(rest or "")
    print(f"demo URL after {started:.1f}s")
    log = "".join(output)
    assert proc.returncode == 0, log
    assert "Kernel shutdown" in log  # Voilà stopped its kernel on the way out
    assert os.listdir(scratch) == [], "the demo left its temporary folder behind"
    assert os.listdir(work) == [], "the demo wrote into the working folder"


FITS = """(el) => {
  const style = getComputedStyle(el);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = style.font;
  const text = el.tagName === "SELECT" ? el.options[el.selectedIndex].text : el.placeholder;
  const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - (el.tagName === "SELECT" ? 20 : 0);  // the select's arrow
  return [text, Math.ceil(ctx.measureText(text).width), Math.floor(room)];
}"""


def test_wording_and_layout_at_1000_px(voila, browser, artifacts) -> None:
    """What issue 27 found cut or unexplained: the search placeholder and the filters at
    1,000 px, the ARCHIVED badge, placeholders taller than the pictures, the ↑/↓ counts."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(voila.url)
        expect(_header(page)).to_have_text("Asset 310", timeout=RENDER_TIMEOUT_MS)
        page.evaluate("document.fonts.ready")
        for control in [
            page.locator(".lk-search input"),
            *page.locator(".lk-filters select").all(),
        ]:
            text, need, room = control.evaluate(FITS)
            assert need <= room, f"{text!r} needs {need}px, has {room}px"
        # the counts say what they count
        expect(page.locator(".lk-gallery .lk-legend-rows")).to_contain_text("↑ parent rows")
        expect(_header(page).locator("xpath=..").locator("xpath=..")).to_contain_text(
            "4↑ / 0↓ rows (lineage rows: an asset used twice counts twice)"
        )
        # a placeholder is the size of a picture (4:3), not taller
        boxes = {}
        for aid in (804, 310):  # 804 has no thumbnail: its placeholder; 310 a picture
            img = page.locator(f".lk-gallery .lk-tile-{aid} img.lk-thumb")
            img.scroll_into_view_if_needed()
            boxes[aid] = img.evaluate(
                "i => [i.getBoundingClientRect().height, i.naturalWidth / i.naturalHeight]"
            )
        assert boxes[804][0] == boxes[310][0], boxes
        assert abs(boxes[804][1] - boxes[310][1]) < 0.01, boxes
        # ARCHIVED whole, in the card and in the tile
        search = page.locator(".lk-search input")
        search.fill("the cat")
        search.press("Enter")
        expect(page.locator(".lk-gallery .lk-tile")).to_have_count(3)
        _open_by_id(page, 101)
        expect(_header(page)).to_have_text("Asset 101")
        for badge in (
            page.locator(".lk-section-children .lk-card-104 .lk-archived"),
            page.locator(".lk-gallery .lk-tile-104 .lk-archived"),
        ):
            badge.scroll_into_view_if_needed()
            clipped = badge.evaluate(
                "b => { const line = b.closest('.lk-line'); const r = b.getBoundingClientRect();"
                " const l = line.getBoundingClientRect();"
                " return [b.scrollWidth > b.clientWidth, line.scrollWidth > line.clientWidth,"
                " r.right > l.right + 0.5]; }"
            )
            assert clipped == [False, False, False], clipped
            expect(badge).to_have_text("archived")  # shown upper-case by the stylesheet
        page.mouse.move(0, 0)
        page.screenshot(path=str(artifacts / "inspector-1000.png"))
    finally:
        page.close()
