"""The pyvis graph document: complete, self-contained, file-free, deterministic and safe.

Every check reads the document a user gets: the vis DataSets embedded in it are parsed
back and compared with the lineage result they were drawn from.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.widgets.graph import (
    GraphView,
    graph_data,
    graph_document,
    graph_picture,
    graph_view,
    save_graph_html,
)
from lineage_kit.widgets.palette import MEDIA_COLOURS, OPERATION_COLOURS
from tests.support.graph_cases import drawn, fifty, fifty_node_frames, hostile_frames

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample() -> lk.Store:
    return lk.connect()


def sample_cases(store: lk.Store) -> dict[str, lk.Lineage]:
    return {
        "transition-310": store.lineage(310, user_id=1, max_depth=2),
        "image-301-used-twice": store.lineage(301, user_id=1, max_depth=2),
        "cycle-801": store.lineage(801, user_id=1, max_depth=2),
        "self-loop-804": store.lineage(804, user_id=1, max_depth=2),
        "keyframes-601": store.lineage(601, user_id=1, max_depth=3),
        "extend-101": store.lineage(101, user_id=1, max_depth=3, direction="children"),
    }


# --- completeness ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "case",
    [
        "transition-310",
        "image-301-used-twice",
        "cycle-801",
        "self-loop-804",
        "keyframes-601",
        "extend-101",
        "fifty",
    ],
)
def test_document_holds_every_admitted_node_and_edge(sample: lk.Store, case: str) -> None:
    res = fifty() if case == "fifty" else sample_cases(sample)[case]
    data = drawn(graph_document(res))
    assert [n["id"] for n in data["nodes"]] == [n.id for n in res.nodes]
    assert [e["id"] for e in data["edges"]] == [e.id for e in res.edges]
    assert [(e["from"], e["to"]) for e in data["edges"]] == [
        (e.parent_asset_id, e.child_asset_id) for e in res.edges
    ]


def test_duplicate_rows_are_all_drawn(sample: lk.Store) -> None:
    transition = drawn(graph_document(sample.lineage(310, user_id=1, max_depth=2)))
    pairs = [(e["from"], e["to"]) for e in transition["edges"]]
    assert pairs.count((301, 310)) == 2  # image 301 is input #0 and #3
    cycle = drawn(graph_document(sample.lineage(801, user_id=1, max_depth=2)))
    assert sorted(e["id"] for e in cycle["edges"]) == [70, 71, 72, 73]
    assert [e["id"] for e in cycle["edges"] if (e["from"], e["to"]) == (801, 802)] == [70, 73]


def test_parallel_rows_are_separate_curves_labelled_with_sequence(sample: lk.Store) -> None:
    edges = {e["id"]: e for e in drawn(graph_document(sample.lineage(310, user_id=1)))["edges"]}
    first, last = edges[11], edges[13]  # both 301 -> 310, sequence 0 and 3
    for e in (first, last):
        assert e["smooth"]["enabled"] is True
    assert (first["smooth"]["type"], first["smooth"]["roundness"]) != (
        last["smooth"]["type"],
        last["smooth"]["roundness"],
    )
    assert first["label"].replace("\n", "") == "TRANSITION_INPUT #0"
    assert last["label"].replace("\n", "") == "TRANSITION_INPUT #3"
    cycle = drawn(graph_document(sample.lineage(801, user_id=1, max_depth=2)))["edges"]
    smooth = {e["id"]: e["smooth"] for e in cycle}
    assert smooth[70]["enabled"] and smooth[73]["enabled"]
    assert (smooth[70]["type"], smooth[70]["roundness"]) != (
        smooth[73]["type"],
        smooth[73]["roundness"],
    )
    back = next(e for e in cycle if e["id"] == 71)  # 802 -> 803 climbs two levels
    assert back["smooth"]["enabled"] is True and back["smooth"]["roundness"] >= 0.3


def test_edges_coloured_by_operation_and_labelled_with_relation(sample: lk.Store) -> None:
    res = sample.lineage(403, user_id=1, max_depth=3)
    by_id = {e.id: e for e in res.edges}
    for e in drawn(graph_document(res))["edges"]:
        row = by_id[e["id"]]
        assert e["color"]["color"] == OPERATION_COLOURS[row.operation_type]
        assert e["label"].replace("\n", "").startswith(row.relation_type)
        assert f"lineage row {row.id}: {row.parent_asset_id} → {row.child_asset_id}" in e["title"]


# --- self-contained, offline, file-free ------------------------------------------------------
def test_no_script_or_stylesheet_comes_from_outside(sample: lk.Store) -> None:
    for res in [*sample_cases(sample).values(), fifty()]:
        doc = graph_document(res)
        assert not re.search(r"<script\b[^>]*\bsrc\s*=", doc, re.I)
        assert not re.search(r"<link\b", doc, re.I)
        assert not re.search(r"@import", doc, re.I)
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", doc, re.I)
        assert not re.search(r"\b(?:src|href)\s*=\s*['\"]?(?:https?:)?//", doc, re.I)
        assert "vis.Network" in doc and "<script>" in doc  # vis-network is inline


def test_only_http_reference_is_an_asset_thumbnail(sample: lk.Store) -> None:
    res = sample.lineage(601, user_id=1, max_depth=3)
    nodes = {n["id"]: n for n in drawn(graph_document(res))["nodes"]}
    broken = res.node(603).asset.thumbnail_url
    assert broken.startswith("https://")
    assert nodes[603]["image"] == broken
    assert nodes[603]["brokenImage"].startswith("data:image/svg+xml;base64,")
    assert all(n["image"].startswith("data:image/") for i, n in nodes.items() if i != 603)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_rendering_writes_nothing(
    sample: lk.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    before_cwd, before_repo = listing(tmp_path), sorted(os.listdir(ROOT))
    res = sample.lineage(310, user_id=1, max_depth=2)
    graph_document(res)
    graph_picture(res)
    graph_view(res)._repr_mimebundle_()
    assert listing(tmp_path) == before_cwd
    assert sorted(os.listdir(ROOT)) == before_repo


def test_save_graph_html_writes_exactly_one_file(
    sample: lk.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    before = listing(tmp_path)
    res = sample.lineage(310, user_id=1, max_depth=2)
    written = save_graph_html(res, "out/lineage.html")
    assert written == tmp_path / "out" / "lineage.html"
    assert listing(tmp_path) == sorted([*before, str(Path("out") / "lineage.html")])
    assert written.read_text(encoding="utf-8") == graph_document(res)


def test_save_graph_html_refuses_bad_paths(sample: lk.Store, tmp_path: Path) -> None:
    res = sample.lineage(310, user_id=1)
    with pytest.raises(ValueError, match=r"\.html or \.htm"):
        save_graph_html(res, tmp_path / "graph.png")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save_graph_html(res, tmp_path / "missing" / "graph.html")
    with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike"):
        save_graph_html(res, 42)  # type: ignore[arg-type]
    assert listing(tmp_path) == []


# --- deterministic layout, levels by depth ---------------------------------------------------
def test_two_renders_are_byte_identical(sample: lk.Store) -> None:
    frames = fifty_node_frames()
    assert graph_document(fifty(frames)) == graph_document(fifty(frames))
    assert graph_document(fifty(frames)) == graph_document(fifty(frames.to_networkx()))
    first = graph_document(sample.lineage(801, user_id=1, max_depth=2))
    again = graph_document(lk.connect().lineage(801, user_id=1, max_depth=2))
    assert first == again


def test_render_is_identical_across_processes(sample: lk.Store) -> None:
    code = (
        "import hashlib, lineage_kit as lk\n"
        "from lineage_kit.widgets.graph import graph_document\n"
        "res = lk.connect().lineage(403, user_id=1, max_depth=3)\n"
        "print(hashlib.sha256(graph_document(res).encode()).hexdigest())\n"
    )
    here = hashlib.sha256(
        graph_document(sample.lineage(403, user_id=1, max_depth=3)).encode()
    ).hexdigest()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == here


def test_physics_off_and_positions_fixed(sample: lk.Store) -> None:
    data = drawn(graph_document(sample.lineage(310, user_id=1, max_depth=2)))
    assert data["options"]["physics"]["enabled"] is False
    assert all({"x", "y"} <= set(n) for n in data["nodes"])


@pytest.mark.parametrize("root", [310, 801, 601, 102, 1000])
def test_levels_follow_depth(sample: lk.Store, root: int) -> None:
    res = fifty() if root == 1000 else sample.lineage(root, user_id=1, max_depth=3)
    nodes = drawn(graph_document(res))["nodes"]
    top = min(n.depth for n in res.nodes)
    assert [n["level"] for n in nodes] == [n.depth - top for n in res.nodes]
    assert min(n["level"] for n in nodes) == 0
    # Ancestors above the root, descendants below: every band lies under the previous one.
    bands: dict[int, list[float]] = {}
    for n in nodes:
        bands.setdefault(n["level"], []).append(n["y"])
    levels = sorted(bands)
    for upper, lower in itertools.pairwise(levels):
        assert max(bands[upper]) < min(bands[lower])
    root_node = next(n for n in nodes if n["id"] == res.root_asset_id)
    assert root_node["x"] == 0  # the root stays in the middle
    assert root_node["borderWidth"] > max(n["borderWidth"] for n in nodes if n is not root_node)


def test_fifty_nodes_do_not_overlap() -> None:
    nodes = drawn(graph_document(fifty()))["nodes"]
    points = [(n["x"], n["y"]) for n in nodes]
    closest = min(
        ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
        for i, (ax, ay) in enumerate(points)
        for bx, by in points[i + 1 :]
    )
    assert closest >= 60  # node diameter 48 plus room for the label
    xs = [x for x, _ in points]
    assert max(xs) - min(xs) <= 1600  # wide levels are folded, not stretched into a strip


# --- nodes: media, thumbnails, tooltips ------------------------------------------------------
def test_nodes_shaped_and_coloured_by_media_type(sample: lk.Store) -> None:
    res = sample.lineage(801, user_id=1, max_depth=2)
    loop = sample.lineage(804, user_id=1)
    extend = sample.lineage(101, user_id=1, max_depth=1)
    nodes = {n["id"]: n for r in (res, loop, extend) for n in drawn(graph_document(r))["nodes"]}
    assert nodes[802]["shape"] == "circularImage"  # an image with a data: thumbnail
    assert nodes[102]["shape"] == "image"  # a video with a data: thumbnail
    assert nodes[804]["shape"] == "dot" and "image" not in nodes[804]  # no thumbnail
    for i in (802, 102, 804):
        media = nodes[i]["media_type"]
        assert nodes[i]["color"]["background"] == MEDIA_COLOURS[media]
    archived = nodes[104]  # 104 is archived: drawn faded with a dashed border
    assert archived["opacity"] < 1 and archived["shapeProperties"]["borderDashes"]


def svg_uri(attrs: str) -> str:
    import base64

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {attrs}><rect width="4" height="4"/></svg>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@pytest.mark.parametrize(
    ("thumbnail", "shape"),
    [
        (svg_uri('width="64" height="48"'), "image"),
        (svg_uri('viewBox="0 0 4 4"'), "image"),
        (svg_uri(""), "square"),  # drawn 300x150 by Chromium: an empty node, so not used
        ("data:image/svg+xml,%3Csvg%20width='8'%20height='8'%3E%3C/svg%3E", "image"),
        ("data:image/png;base64,iVBORw0KGgo=", "image"),
        ("https://cdn.example.invalid/t.png", "image"),
        ("thumbnails/101.svg", "square"),  # relative: means nothing inside an srcdoc frame
        ("javascript:alert(1)", "square"),
    ],
)
def test_thumbnail_used_only_when_drawable(thumbnail: str, shape: str) -> None:
    frames = lk.Frames(
        assets=pd.DataFrame(
            [
                {
                    "id": 1,
                    "user_id": 1,
                    "media_type": "VIDEO",
                    "provider_id": "p",
                    "provider_asset_id": "1",
                    "thumbnail_url": thumbnail,
                }
            ]
        ),
        edges=pd.DataFrame(columns=list(lk.schema.LINEAGE_REQUIRED)),
    )
    (node,) = drawn(graph_document(lk.lineage(frames, 1, user_id=1)))["nodes"]
    assert node["shape"] == shape
    assert node.get("image") == (thumbnail if shape == "image" else None)


def test_tooltip_has_provider_ids_description_and_counts(sample: lk.Store) -> None:
    res = sample.lineage(310, user_id=1, max_depth=2)
    nodes = {n["id"]: n for n in drawn(graph_document(res))["nodes"]}
    root = res.node(310)
    title = nodes[310]["title"]
    assert "Asset 310 (root)" in title
    assert f"provider: {root.asset.provider_id}" in title
    assert f"provider asset id: {root.asset.provider_asset_id}" in title
    assert root.asset.description in title
    assert f"{root.parent_count}↑ / {root.child_count}↓" in title
    assert "asset id 310" in title
    # 301 also feeds transition 320, which this result did not admit
    assert "1 child row not shown" in nodes[301]["title"]


def test_hostile_text_is_never_markup() -> None:
    res = lk.lineage(hostile_frames(), 1, user_id=1)
    doc = graph_document(res)
    for raw in ("<script>window.__pwned", "<img src=x", "<b>p</b>", "<i>op</i>"):
        assert raw not in doc
    assert "popup.innerHTML" not in doc  # pyvis's HTML popup ("href" in a title) is off
    data = drawn(doc)
    title = next(n for n in data["nodes"] if n["id"] == 1)["title"]
    assert "<script>window.__pwned=1</script>" in title  # kept as text, shown as text
    assert data["edges"][0]["label"].replace("\n", "") == "<img src=x onerror=alert(1)>"
    assert 'data-operation="&lt;i&gt;op&lt;/i&gt;"' in doc  # the legend escapes too
    view = graph_view(res)
    assert "<i>op</i>" not in view.head and "&lt;i&gt;op&lt;/i&gt;" in view.head


# --- legend, truncation, header --------------------------------------------------------------
def test_legend_lists_media_and_operations_present(sample: lk.Store) -> None:
    for res in (sample.lineage(403, user_id=1, max_depth=3), fifty()):
        doc = graph_document(res)
        media = set(re.findall(r'data-media="([^"]*)"', doc))
        ops = set(re.findall(r'data-operation="([^"]*)"', doc))
        assert media == {n.asset.media_type for n in res.nodes}
        assert ops == {e.operation_type for e in res.edges}
        for op in ops:
            assert f"background:{OPERATION_COLOURS[op]}" in doc


def test_truncated_result_says_so(sample: lk.Store) -> None:
    doc = graph_document(fifty())
    assert 'data-truncated="true"' in doc and "max_nodes=50" in doc
    whole = graph_document(sample.lineage(310, user_id=1, max_depth=2))
    assert "data-truncated" not in whole and "Truncated" not in whole


def test_click_posts_selection_to_the_host(sample: lk.Store) -> None:
    doc = graph_document(sample.lineage(310, user_id=1))
    assert 'window.parent.postMessage({ type: "lineage_kit:select", asset_id: id }, "*")' in doc


# --- the notebook widget and its static face ------------------------------------------------
def test_graph_view_carries_the_same_network_as_the_document(sample: lk.Store) -> None:
    res = sample.lineage(310, user_id=1, max_depth=2)
    view = graph_view(res, height_px=500)
    assert isinstance(view, GraphView) and view.height == 500 - 70
    data = graph_data(res, view.height)
    assert (view.nodes, view.edges, view.options) == (data.nodes, data.edges, data.options)
    assert view.selected == 310 and "Lineage of asset 310" in view.head
    view.lineage = sample.lineage(301, user_id=1)
    assert view.selected == 301 and sorted(n["id"] for n in view.nodes) == [301, 310, 320]


def test_vis_network_is_sent_on_request_never_stored(sample: lk.Store) -> None:
    """The views stay small: vis-network is sent once a page asks for it (the front end
    keeps it for every view on the page), never as a trait that a notebook would save."""
    view = graph_view(sample.lineage(310, user_id=1))
    assert len(view._esm) < 20_000
    assert all("vis-network" not in str(v)[:2000] for v in view.get_state().values())
    sent: list[dict] = []
    view.send = sent.append  # type: ignore[method-assign]
    view.receive({"type": "vis"})
    assert "vis-network" in sent[0]["source"][:2000] and len(sent[0]["source"]) > 400_000


def test_static_face_is_a_png_picture(sample: lk.Store) -> None:
    import base64
    import io

    from PIL import Image

    res = sample.lineage(604, user_id=1, direction="parents", max_depth=3)
    view = graph_view(res)
    widget, _ = view._repr_mimebundle_()
    assert set(widget) == {"application/vnd.jupyter.widget-view+json", "text/plain"}
    assert widget["text/plain"] == "Lineage graph of asset 604: 4 assets, 3 lineage rows"
    # The picture is an output of its own: a saved widget state cannot hide it.
    bundle = view.static_face()
    assert set(bundle) == {"text/html", "image/png"}
    assert f'<img src="data:image/png;base64,{bundle["image/png"]}"' in bundle["text/html"]
    assert "run the cell to use the graph" in bundle["text/html"]
    picture = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert picture.format == "PNG" and 400 <= picture.width <= 880
    assert base64.b64decode(bundle["image/png"]) == graph_picture(res)  # deterministic


def test_picture_draws_every_node_in_its_media_colour(sample: lk.Store) -> None:
    import io

    from PIL import Image

    res = sample.lineage(310, user_id=1, max_depth=2)
    picture = Image.open(io.BytesIO(graph_picture(res))).convert("RGB")
    colours = {c for _, c in picture.getcolors(maxcolors=1 << 20)}
    for media in {n.asset.media_type for n in res.nodes}:
        hex_colour = MEDIA_COLOURS[media]
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, media


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (({"root_asset_id": 1},), {}, TypeError, "lineage must be a lineage_kit.Lineage"),
        ((None,), {}, TypeError, "not NoneType"),
        ((), {"height_px": True}, TypeError, "height_px must be a number of pixels from 240"),
        ((), {"height_px": 600.0}, TypeError, "height_px must be a number of pixels from 240"),
        ((), {"height_px": 10}, ValueError, "from 240 to 4000; got 10"),
        ((), {"height_px": 100_000}, ValueError, "from 240 to 4000; got 100000"),
    ],
)
def test_bad_arguments_are_refused_clearly(
    sample: lk.Store, args: tuple[Any, ...], kwargs: dict[str, Any], error: type, message: str
) -> None:
    res = sample.lineage(310, user_id=1)
    call_args = args or (res,)
    for fn in (graph_document, graph_view):
        with pytest.raises(error, match=re.escape(message)):
            fn(*call_args, **kwargs)
