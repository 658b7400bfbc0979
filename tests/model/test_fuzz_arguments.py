"""Arbitrary Python values at every public entry point: an answer or a clear, named error.

Never another exception type, never a raw SQL or driver error.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from([101, 310, 701, 9999, 1, 2, "both", "parents", "children", 0, 64, 10_000]),
)
# Each is a LineageKitError too: one ``except lk.LineageKitError`` catches all the kit raises.
ALLOWED = (lk.InvalidArgument, lk.InvalidArgumentType, lk.AssetNotFound)
NAMES = ("asset_id", "user_id", "direction", "max_depth", "max_nodes")
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(call: Any, names: tuple[str, ...]) -> None:
    try:
        call()
    except ALLOWED as exc:
        if not isinstance(exc, lk.AssetNotFound):
            assert any(n in str(exc) for n in names), f"{exc!r} names no argument"


@FUZZ
@given(asset_id=ANYTHING, user_id=ANYTHING, direction=ANYTHING, depth=ANYTHING, cap=ANYTHING)
def test_lineage_arguments(
    store: lk.Store, asset_id: Any, user_id: Any, direction: Any, depth: Any, cap: Any
) -> None:
    def call() -> None:
        store.lineage(
            asset_id, user_id=user_id, direction=direction, max_depth=depth, max_nodes=cap
        )

    _check(call, NAMES)


@FUZZ
@given(asset_id=ANYTHING, user_id=ANYTHING, depth=ANYTHING)
def test_lineage_over_memory_sources(
    sample_store: lk.Store, asset_id: Any, user_id: Any, depth: Any
) -> None:
    frames = _frames(sample_store)
    for source in (frames, _graph(sample_store)):
        _check(lambda s=source: lk.lineage(s, asset_id, user_id=user_id, max_depth=depth), NAMES)


@FUZZ
@given(user_id=ANYTHING, media=ANYTHING, offset=ANYTHING, limit=ANYTHING, ids=ANYTHING)
def test_catalog_arguments(
    store: lk.Store, user_id: Any, media: Any, offset: Any, limit: Any, ids: Any
) -> None:
    _check(
        lambda: lk.list_assets(
            store, user_id=user_id, media_type=media, offset=offset, limit=limit
        ),
        ("user_id", "media_type", "offset", "limit"),
    )
    _check(lambda: lk.facets(store, user_id=user_id), ("user_id",))
    _check(lambda: lk.asset_details(store, ids, user_id=user_id), ("ids", "user_id"))
    _check(lambda: store.frames(user_id=user_id), ("user_id",))


@settings(max_examples=100)
@given(url=ANYTHING, timeout=ANYTHING)
def test_connect_arguments(url: Any, timeout: Any) -> None:
    if url is None or (isinstance(url, str) and url.startswith(("postgres", "sqlite"))):
        url = "sqlite:///nowhere/at/all.db"  # never reach a real server from a fuzz test
    try:
        lk.connect(url, timeout=timeout)
    except (lk.InvalidArgument, lk.InvalidArgumentType, lk.StoreError) as exc:
        assert any(n in str(exc) for n in ("url", "timeout", "SQLite database")), repr(exc)


_cache: dict[str, Any] = {}


def _frames(store: lk.Store) -> lk.Frames:
    if "frames" not in _cache:
        _cache["frames"] = store.frames(user_id=None)
    return _cache["frames"]


def _graph(store: lk.Store) -> Any:
    if "graph" not in _cache:
        _cache["graph"] = _frames(store).to_networkx()
    return _cache["graph"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**63, -(2**63)])
def test_extreme_numbers(sample_store: lk.Store, value: Any) -> None:
    _check(lambda: sample_store.lineage(value, user_id=1), NAMES)
    _check(lambda: sample_store.lineage(101, user_id=value), NAMES)
