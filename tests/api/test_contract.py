"""The API's pydantic models describe exactly what ``Lineage.to_dict()`` and ``flat()`` produce.

When a result grows (or loses) a key, these tests fail and name the one file to update:
``lineage_kit/api/models.py``. The keys are read from real results, once with every
optional value filled in (every key that can appear) and once with every optional value
empty (the keys that always appear).
"""

from __future__ import annotations

import dataclasses
import json
import typing
from typing import Any

import pytest
from pydantic import BaseModel

import lineage_kit as lk
from lineage_kit.api import models

MODELS_FILE = "lineage_kit/api/models.py"
_FILLERS: dict[Any, Any] = {str: "x", bool: True, int: 7, float: 1.5}


def _optional_fields(obj: Any) -> dict[str, Any]:
    """``{name: a value of its type}`` for every field of the dataclass ``obj`` that may be None."""
    hints = typing.get_type_hints(type(obj))
    out = {}
    for f in dataclasses.fields(obj):
        args = typing.get_args(hints[f.name])
        if f.init and type(None) in args:
            out[f.name] = _FILLERS[next(a for a in args if a is not type(None))]
    return out


def _with(res: lk.Lineage, *, filled: bool) -> lk.Lineage:
    """``res`` with every optional value of its assets and edges filled in, or emptied."""

    def change(obj: Any) -> Any:
        values = _optional_fields(obj)
        return dataclasses.replace(obj, **(values if filled else dict.fromkeys(values)))

    nodes = tuple(dataclasses.replace(n, asset=change(n.asset)) for n in res.nodes)
    return lk.Lineage(
        root_asset_id=res.root_asset_id,
        user_id=res.user_id,
        direction=res.direction,
        max_depth=res.max_depth,
        max_nodes=res.max_nodes,
        count_limit=res.count_limit,
        truncated=res.truncated,
        nodes=nodes,
        edges=tuple(change(e) for e in res.edges),
    )


@pytest.fixture(scope="module")
def full(sample_store: lk.Store) -> lk.Lineage:
    return _with(sample_store.lineage(310, user_id=1, max_depth=2), filled=True)


@pytest.fixture(scope="module")
def bare(sample_store: lk.Store) -> lk.Lineage:
    return _with(sample_store.lineage(310, user_id=1, max_depth=2), filled=False)


def assert_matches(model: type[BaseModel], produced: dict[str, Any], what: str, *, always: bool):
    """The model's fields (all of them, or the required ones) are ``produced``'s keys, in order."""
    fields = [n for n, f in model.model_fields.items() if f.is_required() or not always]
    keys = list(produced)
    assert fields == keys, (
        f"{model.__name__} in {MODELS_FILE} no longer matches {what}: "
        f"add {[k for k in keys if k not in fields]}, drop {[f for f in fields if f not in keys]}, "
        f"in the order {keys} ({'keys always present' if always else 'every key'})"
    )


def test_lineage_response_matches_to_dict(full: lk.Lineage, bare: lk.Lineage) -> None:
    for res, always in ((full, False), (bare, True)):
        d = res.to_dict()
        assert_matches(models.LineageResponse, d, "Lineage.to_dict()", always=always)
        assert_matches(models.NodeModel, d["nodes"][0], "Node.to_dict()", always=always)
        assert_matches(
            models.AssetSummary, d["nodes"][0]["asset"], "Asset.to_dict()", always=always
        )
        assert_matches(models.EdgeModel, d["edges"][0], "Edge.to_dict()", always=always)


def test_flat_response_matches_flat(full: lk.Lineage, bare: lk.Lineage) -> None:
    for res, always in ((full, False), (bare, True)):
        flat = res.flat()
        assert_matches(models.FlatResponse, flat, "Lineage.flat()", always=always)
        assert_matches(models.FlatEntry, flat["parents"][0], "a flat() entry", always=always)


def test_the_filled_result_really_has_every_optional_key(full: lk.Lineage) -> None:
    """The check above is not blind: filling in optional values adds keys to the JSON."""
    asset = full.to_dict()["nodes"][0]["asset"]
    assert {"local_path", "is_archived"} <= set(asset)
    assert all(v is not None for v in asset.values())


@pytest.mark.parametrize("uid", [1, 2, None])
def test_every_sample_answer_round_trips_through_the_models(
    sample_store: lk.Store, uid: Any
) -> None:
    roots = {1: (101, 202, 310, 410, 501, 603, 801, 804), 2: (701, 703), None: (103, 202, 801)}
    for root in roots[uid]:
        res = sample_store.lineage(root, user_id=uid, max_depth=3)
        for model, data in (
            (models.LineageResponse, res.to_dict()),
            (models.FlatResponse, res.flat()),
        ):
            again = model.model_validate(data).model_dump(mode="json", exclude_unset=True)
            assert json.dumps(again) == json.dumps(data), (model.__name__, root, uid)


def test_a_key_the_models_do_not_know_is_refused(sample_store: lk.Store) -> None:
    """An answer never drops a field silently: an unknown key fails validation (a 500, and
    the tests above), it is not left out of the JSON."""
    data = sample_store.lineage(310, user_id=1).to_dict()
    data["nodes"][0]["grandchild_count"] = 0
    with pytest.raises(ValueError, match="grandchild_count"):
        models.LineageResponse.model_validate(data)
