"""Export formats: JSON, GraphML and PROV-JSON read back node for node and edge for edge."""

from __future__ import annotations

import io
import json
import os
import re
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from prov.model import ProvDerivation, ProvDocument, ProvEntity

import lineage_kit as lk
from lineage_kit import Edge, schema
from lineage_kit.export import FORMATS, PROV_NAMESPACES, export

HOSTILE = 'Quote " hash # <b>bold</b> & pipe | back\\slash `tick`\nnew line \x01 [x] {y}'


@pytest.fixture(scope="module")
def cycle(sample_store: lk.Store) -> lk.Lineage:
    """801's neighbourhood: a cycle with two parallel rows 801 → 802 (70 and 73)."""
    return sample_store.lineage(801, user_id=1, max_depth=2)


@pytest.fixture(scope="module")
def transition(sample_store: lk.Store) -> lk.Lineage:
    return sample_store.lineage(310, user_id=1)


@pytest.fixture(scope="module")
def hostile() -> lk.Frames:
    """Two assets whose description and relation carry every character a format must escape."""
    assets = pd.DataFrame(
        [
            {
                "id": 1,
                "user_id": 1,
                "media_type": "IMAGE",
                "provider_id": "p<1>",
                "provider_asset_id": "a",
                "description": HOSTILE,
                "is_archived": True,
            },
            {
                "id": 2,
                "user_id": 1,
                "media_type": "VIDEO",
                "provider_id": "p",
                "provider_asset_id": "b",
                "description": None,
                "is_archived": False,
            },
        ]
    )
    lineage = pd.DataFrame(
        [
            {
                "id": 9,
                "parent_asset_id": 1,
                "child_asset_id": 2,
                "relation_type": 'SOURCE "x"',
                "operation_type": "IMAGE_TO_VIDEO",
                "sequence_order": 0,
            },
            {
                "id": 10,
                "parent_asset_id": 1,
                "child_asset_id": 2,
                "relation_type": "REFERENCE",
                "operation_type": "image_to_video",
                "sequence_order": 1,
                "parent_frame": 7,
            },
        ]
    )
    return lk.Frames(assets, lineage)


def _expected(obj: Any) -> tuple[dict[int, dict[str, Any]], dict[int, Edge]]:
    """What every format must carry: node attributes by id, and the rows by id."""
    if isinstance(obj, lk.Lineage):
        nodes = {n.id: {**n.asset.to_dict(), "depth": n.depth, **n.counts()} for n in obj.nodes}
        return nodes, {e.id: e for e in obj.edges}
    g = obj.to_networkx()
    nodes = {
        i: {
            **obj.media_settings().asset({**a, "id": i}).to_dict(),
            "parent_count": g.in_degree(i),
            "child_count": g.out_degree(i),
            "parent_count_capped": False,
            "child_count_capped": False,
        }
        for i, a in g.nodes(data=True)
    }
    return nodes, {d["id"]: Edge.from_record(d) for _, _, d in g.edges(data=True)}


def _no_nulls(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None}


# --- JSON ----------------------------------------------------------------------------------------
def test_json_is_the_api_shape(cycle: lk.Lineage) -> None:
    assert json.loads(export(cycle, "json")) == cycle.to_dict()


def test_json_of_a_whole_scoped_graph(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=1)
    data = json.loads(export(frames, "json"))
    assert data["root_asset_id"] is None and data["truncated"] is False
    assert [n["asset"]["id"] for n in data["nodes"]] == sorted(frames.assets["id"])
    assert [e["id"] for e in data["edges"]] == frames.edges["id"].tolist()  # contract order
    node = next(n for n in data["nodes"] if n["asset"]["id"] == 310)
    assert (node["parent_count"], node["child_count"]) == (4, 0)
    assert set(node) == {
        "asset",
        "parent_count",
        "child_count",
        "parent_count_capped",
        "child_count_capped",
    }


# --- GraphML -------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["cycle", "transition", "frames"])
def test_graphml_reads_back_node_for_node_and_edge_for_edge(
    which: str, request: pytest.FixtureRequest, sample_store: lk.Store, tmp_path: Any
) -> None:
    obj = sample_store.frames(user_id=1) if which == "frames" else request.getfixturevalue(which)
    path = tmp_path / "lineage.graphml"
    text = export(obj, "graphml", path)
    assert path.read_text(encoding="utf-8") == text
    back = nx.read_graphml(path, node_type=int, edge_key_type=int, force_multigraph=True)
    nodes, edges = _expected(obj)
    assert back.is_directed() and back.is_multigraph()
    assert dict(back.nodes(data=True)) == {i: _no_nulls(a) for i, a in nodes.items()}
    got_edges = {k: (u, v, d) for u, v, k, d in back.edges(keys=True, data=True)}
    assert got_edges == {
        e.id: (e.parent_asset_id, e.child_asset_id, _no_nulls(e.to_dict())) for e in edges.values()
    }


def test_graphml_keeps_parallel_rows_and_leaves_nulls_out(cycle: lk.Lineage) -> None:
    back = nx.read_graphml(
        io.BytesIO(export(cycle, "graphml").encode()), node_type=int, edge_key_type=int
    )
    assert sorted(back[801][802]) == [70, 73]
    assert "parent_frame" not in back.edges[801, 802, 70]  # None is not written
    assert "local_path" not in back.nodes[801]
    assert back.graph["root_asset_id"] == 801 and back.graph["truncated"] is False


def test_graphml_escapes_text_and_replaces_characters_xml_forbids(hostile: lk.Frames) -> None:
    back = nx.read_graphml(
        io.BytesIO(export(hostile, "graphml").encode()), node_type=int, edge_key_type=int
    )
    assert back.nodes[1]["description"] == HOSTILE.replace("\x01", "\ufffd")
    assert back.nodes[1]["provider_id"] == "p<1>"
    assert back.edges[1, 2, 9]["relation_type"] == 'SOURCE "x"'
    assert back.edges[1, 2, 9]["operation_type"] == "image_to_video"
    assert back.edges[1, 2, 10]["parent_frame"] == 7


# --- PROV-JSON -----------------------------------------------------------------------------------
def _prov_back(text: str) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    doc = ProvDocument.deserialize(content=text, format="json")
    entities: dict[int, dict[str, Any]] = {}
    derivations: dict[int, dict[str, Any]] = {}
    for record in doc.get_records():
        if isinstance(record, ProvEntity):
            assert record.identifier.namespace.uri == PROV_NAMESPACES["asset"]
            entities[int(record.identifier.localpart)] = {
                k.localpart: v for k, v in record.extra_attributes
            }
        elif isinstance(record, ProvDerivation):
            formal = {k.localpart: v for k, v in record.formal_attributes}
            derivations[int(record.identifier.localpart)] = {
                "child": int(formal["generatedEntity"].localpart),
                "parent": int(formal["usedEntity"].localpart),
                "activity": None if formal["activity"] is None else formal["activity"].localpart,
                **{k.localpart: v for k, v in record.extra_attributes},
            }
    return entities, derivations


@pytest.mark.parametrize("which", ["cycle", "transition", "frames"])
def test_prov_json_reads_back_node_for_node_and_edge_for_edge(
    which: str, request: pytest.FixtureRequest, sample_store: lk.Store
) -> None:
    obj = sample_store.frames(user_id=1) if which == "frames" else request.getfixturevalue(which)
    entities, derivations = _prov_back(export(obj, "prov"))
    nodes, edges = _expected(obj)
    assert entities == {
        i: {k: v for k, v in _no_nulls(a).items() if k != "id"} for i, a in nodes.items()
    }
    assert derivations == {
        e.id: {
            "child": e.child_asset_id,
            "parent": e.parent_asset_id,
            "activity": f"{e.child_asset_id}_{e.operation_type}",
            **{
                k: v
                for k, v in _no_nulls(e.to_dict()).items()
                if k not in ("id", "parent_asset_id", "child_asset_id")
            },
        }
        for e in edges.values()
    }


def test_prov_activity_is_the_operation_shared_by_a_childs_inputs(transition: lk.Lineage) -> None:
    doc = ProvDocument.deserialize(content=export(transition, "prov"), format="json")
    activities = [r for r in doc.get_records() if r.is_element() and not isinstance(r, ProvEntity)]
    assert [str(a.identifier) for a in activities] == ["op:310_video_transition"]
    assert {str(t) for t in activities[0].get_asserted_types()} == {"lk:video_transition"}
    _, derivations = _prov_back(export(transition, "prov"))
    assert sorted((d["parent"], d["sequence_order"]) for d in derivations.values()) == [
        (301, 0),
        (301, 3),
        (302, 1),
        (303, 2),  # image 301 used twice: two derivations
    ]
    assert {d["relation_type"] for d in derivations.values()} == {"TRANSITION_INPUT"}


# --- Mermaid and DOT -----------------------------------------------------------------------------
MERMAID_NODE = re.compile(r'^    a(\d+)\["([^"]*)"\]$')
MERMAID_EDGE = re.compile(r'^    a(\d+) -->\|"([^"|]*)"\| a(\d+)$')


def _mermaid_unescape(text: str) -> str:
    out = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)
    for name, char in (("quot", '"'), ("lt", "<"), ("gt", ">"), ("amp", "&")):
        out = out.replace(f"#{name};", char)
    return out


def test_mermaid_draws_every_asset_and_every_row(cycle: lk.Lineage) -> None:
    lines = export(cycle, "mermaid").splitlines()
    assert lines[0] == "flowchart TD"
    nodes = [MERMAID_NODE.match(line) for line in lines if MERMAID_NODE.match(line)]
    edges = [MERMAID_EDGE.match(line) for line in lines if MERMAID_EDGE.match(line)]
    assert [int(m.group(1)) for m in nodes] == [n.id for n in cycle.nodes]
    assert [(int(m.group(1)), int(m.group(3))) for m in edges] == [
        (e.parent_asset_id, e.child_asset_id) for e in cycle.edges
    ]
    assert [(int(m.group(1)), int(m.group(3))) for m in edges].count((801, 802)) == 2
    assert "    class a801 root" in lines
    # Every line is a node, an edge, or a class statement: nothing else leaked in.
    assert all(
        MERMAID_NODE.match(x)
        or MERMAID_EDGE.match(x)
        or x.startswith(("    class", "    classDef", "flowchart"))
        for x in lines
    )


def test_mermaid_labels_escape_what_mermaid_would_read(hostile: lk.Frames) -> None:
    text = export(hostile, "mermaid")
    lines = text.splitlines()
    node = next(MERMAID_NODE.match(x) for x in lines if x.startswith("    a1["))
    first, second = node.group(2).split("<br/>")
    assert _mermaid_unescape(first) == "1 · image · p<1> · archived"
    assert _mermaid_unescape(second) == (
        " ".join(HOSTILE.split()).replace("\x01", "\ufffd")[:59] + "…"
    )
    labels = [
        _mermaid_unescape(MERMAID_EDGE.match(x).group(2)) for x in lines if MERMAID_EDGE.match(x)
    ]
    assert labels == ['SOURCE "x" · image_to_video', "REFERENCE · image_to_video · seq 1"]
    assert "    class a1 archived" in lines


DOT_STRING = r'"(?:[^"\\]|\\.)*"'
DOT_NODE = re.compile(rf"^    n(\d+) \[label=({DOT_STRING})(?:, [a-z]+=[a-z0-9]+)*\];$")
DOT_EDGE = re.compile(rf'^    n(\d+) -> n(\d+) \[label=({DOT_STRING}), id="row(\d+)"\];$')


def _dot_unescape(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), quoted[1:-1])


def test_dot_draws_every_asset_and_every_row(cycle: lk.Lineage) -> None:
    lines = export(cycle, "dot").splitlines()
    assert lines[0] == "digraph lineage {" and lines[-1] == "}"
    nodes = [DOT_NODE.match(x) for x in lines if DOT_NODE.match(x)]
    edges = [DOT_EDGE.match(x) for x in lines if DOT_EDGE.match(x)]
    assert len(nodes) + len(edges) + 5 == len(lines)  # header (4 lines) and closing brace
    assert [int(m.group(1)) for m in nodes] == [n.id for n in cycle.nodes]
    assert [int(m.group(4)) for m in edges] == [e.id for e in cycle.edges]
    assert "penwidth=2" in next(x for x in lines if x.startswith("    n801 "))


def test_dot_labels_are_escaped(hostile: lk.Frames) -> None:
    lines = export(hostile, "dot").splitlines()
    node = next(DOT_NODE.match(x) for x in lines if x.startswith("    n1 "))
    assert node is not None, "the hostile label broke the node statement"
    assert _dot_unescape(node.group(2)).split("\n") == [
        "1 · image · p<1> · archived",
        " ".join(HOSTILE.split()).replace("\x01", "\ufffd")[:59] + "…",
    ]
    assert "style=dashed" in lines[lines.index(node.group(0))]
    edge = next(DOT_EDGE.match(x) for x in lines if DOT_EDGE.match(x))
    assert _dot_unescape(edge.group(3)) == 'SOURCE "x" · image_to_video'


# --- the function itself -------------------------------------------------------------------------
def test_export_writes_only_when_given_a_path(
    cycle: lk.Lineage, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in FORMATS:
        assert export(cycle, fmt)
    assert os.listdir(tmp_path) == []
    target = tmp_path / "out" / "g.mmd"
    target.parent.mkdir()
    assert export(cycle, "mermaid", str(target)) == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "error", "name"),
    [
        (("xml",), ValueError, "format"),
        ((None,), ValueError, "format"),
        (("json", 42), TypeError, "path"),
    ],
)
def test_bad_arguments_are_refused_naming_them(
    cycle: lk.Lineage, args: tuple[Any, ...], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        export(cycle, *args)


def test_only_a_lineage_or_frames_can_be_exported(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="obj"):
        export(sample_store, "json")  # type: ignore[arg-type]


def test_operation_labels_are_exported_in_value_form(hostile: lk.Frames) -> None:
    data = json.loads(export(hostile, "json"))
    assert {e["operation_type"] for e in data["edges"]} <= set(schema.OPERATION_TYPES)
