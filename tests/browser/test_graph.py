"""The graph document in real Chromium, offline: everything drawn, nothing fetched.

Every request but ``data:``/``about:`` is aborted and recorded. The page is loaded on its
own (``set_content``) and inside an ``<iframe srcdoc>`` of a host page that listens to its
selection messages.
Screenshots go to the ``artifacts`` folder.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import lineage_kit as lk
from lineage_kit.widgets.graph import SELECT_MESSAGE, graph_document
from tests.support.graph_cases import fifty, hostile_frames

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1000, "height": 700}
HEIGHT_PX = 640

READY = "() => window.lineageKitReady === true && typeof network !== 'undefined' && !!network"

# What vis drew: its DataSets, its live node/edge objects (edge-support nodes filtered out),
# whether every node image loaded, and how much of the canvas is not background.
DRAWN = """() => {
  const ids = new Set(network.body.data.nodes.getIds().map(String));
  const real = Object.keys(network.body.nodes).filter((k) => ids.has(k));
  const images = real.map((k) => network.body.nodes[k])
    .filter((n) => n.options.image)
    .map((n) => n.imageObj && n.imageObj.image ? n.imageObj.image.naturalWidth : 0);
  const canvas = document.querySelector('#lk-canvas canvas');
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] > 0 && (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235)) ink++;
  }
  const box = canvas.getBoundingClientRect();
  const pos = network.getPositions();
  const outside = Object.keys(pos).filter((k) => {
    const p = network.canvasToDOM(pos[k]);
    return p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height;
  });
  return {
    dataNodes: network.body.data.nodes.length,
    dataEdges: network.body.data.edges.length,
    nodes: real.map(Number).sort((a, b) => a - b),
    edges: Object.keys(network.body.edges).map(Number).sort((a, b) => a - b),
    nodeIndices: network.body.nodeIndices.length,
    edgeIndices: network.body.edgeIndices.length,
    imageWidths: images,
    ink: ink / (px.length / 4),
    scale: network.getScale(),
    outside: outside,
    canvasHeight: box.height,
  };
}"""

NODE_AT = """(id) => {
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.querySelector('#lk-canvas canvas').getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


@contextmanager
def offline_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose every request but data:/about: is aborted; the aborted URLs are listed.

    Script errors and console errors fail the test when the block ends.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    outside: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("data:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield page, outside
        # An aborted thumbnail logs load errors (the browser's and vis's "Could not load
        # image: <url>"); anything else is a fault of the document.
        unexpected = [
            e for e in errors if "net::ERR_FAILED" not in e and not any(u in e for u in outside)
        ]
        assert unexpected == []
    finally:
        context.close()


def settle(target: Any) -> None:
    target.wait_for_function(READY)
    # Images decode asynchronously; vis redraws when they land.
    target.wait_for_function(
        "() => Object.values(network.body.nodes).every((n) => !n.options.image"
        " || (n.imageObj && n.imageObj.image && n.imageObj.image.complete))"
    )
    target.evaluate("() => network.redraw()")


def check_drawn(stats: dict[str, Any], res: lk.Lineage) -> None:
    assert stats["dataNodes"] == stats["nodeIndices"] == len(res.nodes)
    assert stats["dataEdges"] == stats["edgeIndices"] == len(res.edges)
    assert stats["nodes"] == sorted(n.id for n in res.nodes)
    assert stats["edges"] == sorted(e.id for e in res.edges)
    assert all(w > 0 for w in stats["imageWidths"]), "a node image failed to load"
    assert stats["ink"] > 0.01, "the canvas is blank"
    assert stats["outside"] == [], "fit() left nodes outside the view"


def expected_requests(res: lk.Lineage) -> set[str]:
    """The only outside URLs a graph may ask for: its assets' own http(s) thumbnails."""
    return {
        n.asset.thumbnail_url
        for n in res.nodes
        if (n.asset.thumbnail_url or "").startswith(("http://", "https://"))
    }


CASES = ("transition-310", "cycle-801", "keyframes-601", "fifty")


@functools.cache
def case(name: str) -> lk.Lineage:
    if name == "fifty":
        return fifty()
    store = lk.connect()
    return {
        "transition-310": lambda: store.lineage(310, user_id=1, max_depth=2),
        "cycle-801": lambda: store.lineage(801, user_id=1, max_depth=2),
        "keyframes-601": lambda: store.lineage(601, user_id=1, max_depth=3),
    }[name]()


@pytest.mark.parametrize("name", CASES)
def test_every_node_and_edge_drawn_offline(browser: Any, artifacts: Path, name: str) -> None:
    res = case(name)
    with offline_page(browser) as (page, outside):
        page.set_content(graph_document(res, height_px=HEIGHT_PX), wait_until="networkidle")
        settle(page)
        stats = page.evaluate(DRAWN)
        check_drawn(stats, res)
        assert set(outside) == expected_requests(res)
        assert (
            abs(
                stats["canvasHeight"]
                - (
                    HEIGHT_PX
                    - page.evaluate(
                        "() => document.querySelector('.lk-graph-head')"
                        ".getBoundingClientRect().height"
                    )
                )
            )
            <= 2
        ), "the canvas fills the document below the header"
        page.screenshot(path=str(artifacts / f"graph-{name}.png"))


def test_fifty_node_graph_stays_readable(browser: Any, artifacts: Path) -> None:
    res = case("fifty")
    with offline_page(browser) as (page, _):
        page.set_content(graph_document(res, height_px=HEIGHT_PX), wait_until="networkidle")
        settle(page)
        scale = page.evaluate("() => network.getScale()")
        # Node labels are 16 units: at this scale they are at least 9 px on screen.
        assert scale >= 0.56
        assert "Truncated" in page.inner_text(".lk-graph-head")
        # Relation labels below a readable size are hidden until the user zooms in, and the
        # header says so; zooming in brings them back and clears the hint.
        assert "Zoom in" in page.inner_text(".lk-zoom-hint")
        page.evaluate("() => network.moveTo({scale: 1.2})")
        page.evaluate("() => network.emit('zoom', {scale: 1.2})")
        assert page.inner_text(".lk-zoom-hint") == ""


def test_inside_an_iframe_srcdoc_and_click_posts_selection(browser: Any, artifacts: Path) -> None:
    res = case("transition-310")
    host = (
        "<!DOCTYPE html><html><body style='margin:0;font-family:sans-serif'>"
        "<script>window.received=[];"
        "window.addEventListener('message',(e)=>window.received.push(e.data));</script>"
        "<p>notebook output cell</p>"
        f'<div><iframe srcdoc="{html.escape(graph_document(res, height_px=HEIGHT_PX - 60))}" '
        f"sandbox='allow-scripts' style='width:100%;height:{HEIGHT_PX - 60}px;border:0'>"
        "</iframe></div></body></html>"
    )
    with offline_page(browser) as (page, outside):
        page.set_content(host, wait_until="networkidle")
        frame = next(f for f in page.frames if f.url == "about:srcdoc")
        settle(frame)
        check_drawn(frame.evaluate(DRAWN), res)
        assert outside == []
        at = frame.evaluate(NODE_AT, 302)
        box = page.locator("iframe").bounding_box()
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
        page.wait_for_function("() => window.received.length > 0")
        assert page.evaluate("() => window.received") == [{"type": SELECT_MESSAGE, "asset_id": 302}]
        assert "Selected asset 302" in frame.inner_text(".lk-selected-note")
        page.screenshot(path=str(artifacts / "graph-iframe-host.png"))


def hover_tooltip(page: Any, node_id: int) -> str:
    at = page.evaluate(NODE_AT, node_id)
    page.mouse.move(at["x"] + 1, at["y"] + 1)
    page.mouse.move(at["x"], at["y"])
    page.wait_for_function(
        "() => { const t = document.querySelector('.vis-tooltip');"
        " return t && getComputedStyle(t).visibility === 'visible'; }"
    )
    return page.inner_text(".vis-tooltip")


def test_tooltip_is_plain_text_even_for_hostile_descriptions(browser: Any, artifacts: Path) -> None:
    res = lk.lineage(hostile_frames(), 1, user_id=1)
    with offline_page(browser) as (page, outside):
        page.set_content(graph_document(res, height_px=HEIGHT_PX), wait_until="networkidle")
        settle(page)
        text = hover_tooltip(page, 1)
        assert "<script>window.__pwned=1</script>" in text
        assert '<img src=x onerror="window.__pwned=2">' in text
        # innerText turns each line break into a <br>: nothing else may appear in the tooltip.
        tags = page.evaluate(
            "() => [...document.querySelectorAll('.vis-tooltip *')].map((e) => e.tagName)"
        )
        assert set(tags) == {"BR"}
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert outside == []  # the injected <img src=x> was never created, so never fetched
        legend = page.inner_text(".lk-legend")
        assert "<i>op</i>" in legend  # shown literally
        page.screenshot(path=str(artifacts / "graph-hostile-tooltip.png"))


def test_tooltip_shows_ids_provider_and_counts(browser: Any, artifacts: Path) -> None:
    res = case("transition-310")
    with offline_page(browser) as (page, _):
        page.set_content(graph_document(res, height_px=HEIGHT_PX), wait_until="networkidle")
        settle(page)
        text = hover_tooltip(page, 310)
        root = res.root
        for part in (
            "Asset 310 (root)",
            f"provider: {root.asset.provider_id}",
            f"provider asset id: {root.asset.provider_asset_id}",
            f"{root.parent_count}↑ / {root.child_count}↓",
            "asset id 310",
            root.asset.description,
        ):
            assert part in text
        page.screenshot(path=str(artifacts / "graph-tooltip.png"))
