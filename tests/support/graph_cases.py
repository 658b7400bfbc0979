"""Graphs shared by the graph-view tests and their browser twin: a 50-node truncated
neighbourhood, hostile asset text, and the data a graph document embeds."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pandas as pd

import lineage_kit as lk


class _DataParser(HTMLParser):
    """Collects the JSON of the document's ``<script type="application/json">`` element."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script" and ("id", "lk-graph-data") in attrs

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found.append(data)

    def handle_endtag(self, tag: str) -> None:
        self.inside = False


def drawn(doc: str) -> dict[str, Any]:
    """The node and edge records (and options) serialised into a graph document."""
    parser = _DataParser()
    parser.feed(doc)
    (text,) = parser.found
    found = json.loads(text)
    assert set(found) == {"nodes", "edges", "options"}, "the document must embed its data"
    return found


def fifty_node_frames() -> lk.Frames:
    """A pixsim-like neighbourhood of video 1000 with more than 50 assets in reach.

    Above the root: an extend chain and a transition that uses one image twice. Below: six
    children (extends, a modify, two extracted frames), each with six children of its own,
    and a dozen great-grandchildren, so ``max_nodes=50`` truncates a wide, deep result.
    """
    assets: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []

    def asset(i: int, media: str, desc: str) -> None:
        assets.append(
            {
                "id": i,
                "user_id": 1,
                "media_type": media.upper(),
                "provider_id": "pixverse",
                "provider_asset_id": f"px-{i}",
                "description": desc,
            }
        )

    def row(parent: int, child: int, rel: str, op: str, seq: int = 0) -> None:
        rows.append(
            {
                "id": len(rows) + 1,
                "parent_asset_id": parent,
                "child_asset_id": child,
                "relation_type": rel,
                "operation_type": op,
                "sequence_order": seq,
            }
        )

    asset(1000, "video", "the clip everyone extends")
    asset(900, "video", "base clip")
    asset(901, "image", "start frame")
    asset(902, "image", "end frame")
    asset(800, "video", "first clip")
    asset(801, "image", "sketch")
    row(900, 1000, "SOURCE_VIDEO", "video_extend")
    row(901, 1000, "TRANSITION_INPUT", "video_transition", 0)
    row(902, 1000, "TRANSITION_INPUT", "video_transition", 1)
    row(901, 1000, "TRANSITION_INPUT", "video_transition", 2)
    row(800, 900, "SOURCE_VIDEO", "video_extend")
    row(801, 901, "SOURCE_IMAGE", "image_to_image")
    kinds = [
        ("video", "SOURCE_VIDEO", "video_extend"),
        ("video", "SOURCE_VIDEO", "video_extend"),
        ("video", "SOURCE_VIDEO", "video_modify"),
        ("image", "PAUSED_FRAME", "frame_extraction"),
        ("image", "PAUSED_FRAME", "frame_extraction"),
        ("video", "SOURCE_VIDEO", "video_extend"),
    ]
    next_id = 2000
    grandchildren = []
    for k, (media, rel, op) in enumerate(kinds):
        kid = next_id
        next_id += 1
        asset(kid, media, f"child {k}")
        row(1000, kid, rel, op)
        for j in range(6):
            asset(next_id, "video", f"grandchild {k}.{j}")
            if media == "image":
                row(kid, next_id, "SOURCE_IMAGE", "image_to_video")
            else:
                row(kid, next_id, "SOURCE_VIDEO", "video_extend")
            grandchildren.append(next_id)
            next_id += 1
    for g in grandchildren[:12]:
        asset(next_id, "video", "great-grandchild")
        row(g, next_id, "SOURCE_VIDEO", "video_extend")
        next_id += 1
    return lk.Frames(assets=pd.DataFrame(assets), edges=pd.DataFrame(rows))


def fifty(source: Any = None) -> lk.Lineage:
    res = lk.lineage(
        source if source is not None else fifty_node_frames(),
        1000,
        user_id=1,
        max_depth=3,
        max_nodes=50,
    )
    assert len(res.nodes) == 50 and res.truncated
    return res


def hostile_frames() -> lk.Frames:
    """Asset text written to break out of every context the document puts it in."""
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> href'
    assets = pd.DataFrame(
        [
            {
                "id": 1,
                "user_id": 1,
                "media_type": "VIDEO",
                "provider_id": "</script><b>p</b>",
                "provider_asset_id": "a'b\"c",
                "description": evil,
            },
            {
                "id": 2,
                "user_id": 1,
                "media_type": "IMAGE",
                "provider_id": "local",
                "provider_asset_id": "x",
                "description": "plain",
            },
        ]
    )
    lineage = pd.DataFrame(
        [
            {
                "id": 5,
                "parent_asset_id": 2,
                "child_asset_id": 1,
                "relation_type": "<img src=x onerror=alert(1)>",
                "operation_type": "<i>op</i>",
                "sequence_order": 0,
            }
        ]
    )
    return lk.Frames(assets=assets, edges=lineage)
