"""The Lineage result: documented JSON shape, flat view, networkx, frames, display."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import lineage_kit as lk


@pytest.fixture(scope="module")
def res(sample_store: lk.Store) -> lk.Lineage:
    return sample_store.lineage(310, user_id=1, max_depth=2)


def test_to_dict_has_exactly_the_documented_shape(res: lk.Lineage) -> None:
    d = res.to_dict()
    assert list(d) == [
        "root_asset_id",
        "direction",
        "max_depth",
        "max_nodes",
        "truncated",
        "nodes",
        "edges",
    ]
    node = d["nodes"][0]
    assert list(node) == [
        "asset",
        "depth",
        "parent_count",
        "child_count",
        "parent_count_capped",
        "child_count_capped",
    ]
    assert list(node["asset"])[:8] == [
        "id",
        "media_type",
        "provider_id",
        "provider_asset_id",
        "thumbnail_url",
        "thumbnail_key",
        "remote_url",
        "description",
    ]
    assert list(d["edges"][0]) == [
        "id",
        "parent_asset_id",
        "child_asset_id",
        "relation_type",
        "operation_type",
        "sequence_order",
        "parent_start_time",
        "parent_end_time",
        "parent_frame",
    ]
    assert json.loads(json.dumps(d)) == d  # plain JSON values only


def test_flat_view_one_entry_per_row(res: lk.Lineage) -> None:
    flat = res.flat()
    assert flat["asset_id"] == 310
    assert [p["lineage_id"] for p in flat["parents"]] == [11, 12, 10, 13]
    assert flat["children"] == []


def test_to_networkx_keeps_parallel_rows_and_attributes(res: lk.Lineage) -> None:
    g = res.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges(301, 310) == 2
    assert g.nodes[310]["depth"] == 0 and g.nodes[301]["depth"] == -1
    assert g.edges[301, 310, 13]["sequence_order"] == 3
    assert lk.lineage(g, 310, user_id=None, max_depth=2).edges == res.edges


def test_frames_of_the_result(res: lk.Lineage) -> None:
    nodes = res.nodes_frame()
    assert list(nodes["id"]) == [n.id for n in res.nodes]
    assert list(nodes.columns[:6]) == [
        "id",
        "depth",
        "parent_count",
        "child_count",
        "parent_count_capped",
        "child_count_capped",
    ]
    assert "media_type" in nodes.columns
    edges = res.edges_frame()
    assert list(edges["id"]) == [e.id for e in res.edges]


def test_repr_and_html_are_compact_and_script_free(sample_store: lk.Store) -> None:
    res = sample_store.lineage(101, user_id=1, max_nodes=2)
    assert repr(res) == (
        "Lineage(root=101, nodes=2, edges=1, direction='both', max_depth=1, truncated=True)"
    )
    html = res._repr_html_()
    assert "<table>" in html and "<script" not in html and "truncated" in html


def test_html_escapes_descriptions() -> None:
    import pandas as pd

    frames = lk.Frames(
        pd.DataFrame(
            [
                {
                    "id": 1,
                    "user_id": 1,
                    "media_type": "IMAGE",
                    "provider_id": "p",
                    "provider_asset_id": "x",
                    "description": "<script>alert(1)</script>",
                }
            ]
        ),
        pd.DataFrame(
            columns=[
                "id",
                "parent_asset_id",
                "child_asset_id",
                "relation_type",
                "operation_type",
                "sequence_order",
            ]
        ),
    )
    html = lk.lineage(frames, 1, user_id=1)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_result_is_immutable(res: lk.Lineage) -> None:
    with pytest.raises(AttributeError):
        res.truncated = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        res.nodes[0].depth = 3  # type: ignore[misc]
