"""One walk through the Lineage Inspector app, the same in every front end.

Voilà, JupyterLab 4, Notebook 7 and marimo each serve a notebook that displays
``lineage_app(store, user_id=1, asset_id=310)``; their browser tests open it and call
:func:`walk` on the app: search, a tile, a card, Back, Refresh, the Graph tab, a click on a
graph node and a bad depth, each checked on the page. The numbers are the sample's.
"""

from __future__ import annotations

from typing import Any

import lineage_kit as lk

__all__ = ["DRAWN", "NODE_SPOT", "click", "header", "walk"]

# What the graph view drew (vis-network's own data sets), and where a node sits on its canvas.
DRAWN = """el => { const n = el.lineageKitNetwork;
  return {nodes: n.body.data.nodes.getIds().sort((a, b) => a - b),
          edges: n.body.data.edges.getIds().sort((a, b) => a - b)}; }"""
NODE_SPOT = """(el, id) => { const n = el.lineageKitNetwork;
  return n.canvasToDOM(n.getPositions([id])[id]); }"""
TIMEOUT_MS = 30_000


def header(app: Any) -> Any:
    """The inspector's title line ("Asset 310")."""
    return app.locator(".lk-header .lk-title")


def click(locator: Any, **kwargs: Any) -> None:
    # Front ends scroll their cells inside their own containers; scroll first, explicitly
    # (Playwright's implicit scroll-then-click can miss inside nested scrollers).
    locator.scroll_into_view_if_needed()
    locator.click(**kwargs)


def _type(app: Any, hook: str, text: str) -> None:
    box = app.locator(f"{hook} input")
    box.fill(text)
    box.press("Enter")


def walk(page: Any, app: Any) -> None:
    """Drive the app shown at asset 310 through every scenario, checking each on the page."""
    from playwright.sync_api import expect

    title = header(app)
    expect(title).to_have_text("Asset 310", timeout=TIMEOUT_MS)
    tiles = app.locator(".lk-gallery .lk-tile")
    expect(tiles).to_have_count(24)
    message = app.locator(".lk-inspector .lk-message")

    # search: words show their hits, best first; Clear brings the pages back
    _type(app, ".lk-search", "harbour")
    expect(tiles).to_have_count(4)
    ids = tiles.evaluate_all("els => els.map(e => Number(e.dataset.open))")
    assert ids == [310, 303, 302, 301], ids
    click(app.locator("button.lk-clear"))
    expect(tiles).to_have_count(24)

    # a tile opens its asset; a parent card opens the parent; Back returns
    click(app.locator(".lk-gallery .lk-tile-603"))
    expect(title).to_have_text("Asset 603")
    expect(app.locator(".lk-gallery .lk-tile-603")).to_have_class(lambda_class("lk-selected"))
    click(app.locator(".lk-section-parents .lk-card-601"))
    expect(title).to_have_text("Asset 601")
    expect(app.locator(".lk-section-children .lk-card-603")).to_be_visible()
    click(app.locator("button.lk-back"))
    expect(title).to_have_text("Asset 603")
    expect(app.locator(".lk-asset-id input")).to_have_value("603")

    # an unknown id is an inline error; Refresh runs the query again and clears it
    _type(app, ".lk-asset-id", "701")
    expect(message).to_have_text(
        "Asset 701 not found for user 1: it does not exist or belongs to another owner."
    )
    expect(title).to_have_text("Asset 603")
    click(app.locator("button.lk-refresh"))
    expect(message).to_be_hidden()
    expect(title).to_have_text("Asset 603")

    # a bad depth is an inline error, and the last good answer stays
    _type(app, ".lk-max-depth", "-1")
    expect(message).to_have_text(
        "Invalid input: max_depth must be an integer from 0 to 64; got -1."
    )
    expect(app.locator(".lk-section-parents .lk-card-601")).to_be_visible()
    _type(app, ".lk-max-depth", "1")
    expect(message).to_be_hidden()

    # the Graph tab draws exactly the answer; a click on a node opens that asset
    click(app.locator(".lk-tab-graph"))
    view = app.locator(".lk-graph-view")
    expect(view.locator("canvas")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "el => el.lineageKitNetwork && el.lineageKitNetwork.body.data.nodes.length > 0",
        arg=view.element_handle(),
    )
    res = lk.connect().lineage(603, user_id=1)
    drawn = view.evaluate(DRAWN)
    assert drawn == {
        "nodes": sorted(n.id for n in res.nodes),
        "edges": sorted(e.id for e in res.edges),
    }, drawn
    spot = view.evaluate(NODE_SPOT, 601)
    click(view.locator("canvas"), position=spot)
    expect(title).to_have_text("Asset 601")
    click(app.locator(".lk-tab-cards"))
    expect(app.locator(".lk-section-children .lk-card-603")).to_be_visible()


def lambda_class(name: str) -> Any:
    import re

    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")
