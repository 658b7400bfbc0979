"""``FindResult`` is a sequence of hits, and ``.unique`` names one asset or says why not.

On the embedded sample (SQLite) and its Frames and networkx forms: quick tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import lineage_kit as lk


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, sample_store: lk.Store) -> Any:
    if request.param == "store":
        return sample_store
    frames = sample_store.frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


def test_a_find_result_is_a_sequence_of_hits(source: Any) -> None:
    found = lk.find_assets(source, "harbour", user_id=1)
    assert isinstance(found, Sequence)
    assert len(found) == 4 and bool(found)
    assert found[0] is found.hits[0] and found[-1] is found.hits[-1]
    assert found[:2] == found.hits[:2] and isinstance(found[1:], tuple)
    assert [h.id for h in found] == found.ids == [310, 303, 302, 301]
    assert found.hits[2] in found and found.index(found.hits[2]) == 2
    assert list(reversed(found)) == list(reversed(found.hits))
    with pytest.raises(IndexError):
        _ = found[4]
    assert not lk.find_assets(source, "zebra", user_id=1)


def test_unique_names_the_one_hit(source: Any) -> None:
    assert lk.find_assets(source, "374351749764234", user_id=1).unique.id == 101
    assert lk.find_assets(source, "rides a skateboard", user_id=1).unique.id == 101


def test_unique_of_several_hits_is_ambiguous(source: Any) -> None:
    found = lk.find_assets(source, "harbour", user_id=1)
    with pytest.raises(lk.AmbiguousAsset) as err:
        _ = found.unique
    assert [i for i, _ in err.value.matches] == [310, 303, 302, 301]
    assert "give one of them as id:N" in str(err.value)


def test_unique_of_no_hit_is_not_found_alike_for_missing_and_foreign(source: Any) -> None:
    with pytest.raises(lk.AssetNotFound) as missing:
        _ = lk.find_assets(source, "999999", user_id=1).unique
    with pytest.raises(lk.AssetNotFound) as foreign:
        _ = lk.find_assets(source, "701", user_id=1).unique  # owner 2's asset
    assert str(missing.value) == "asset 999999 not found for user_id=1"
    assert str(foreign.value) == "asset 701 not found for user_id=1"
    with pytest.raises(lk.AssetNotFound, match="no asset matches 'zebra'"):
        _ = lk.find_assets(source, "zebra", user_id=1).unique


def test_unique_of_a_truncated_result_is_ambiguous(source: Any) -> None:
    with pytest.raises(lk.AmbiguousAsset):
        _ = lk.find_assets(source, "harbour", user_id=1, limit=1).unique


def test_words_matching_several_assets_are_ambiguous_everywhere(source: Any) -> None:
    for text in (False, True):
        with pytest.raises(lk.AmbiguousAsset, match=r"310 \(description contains the query\)"):
            lk.resolve_asset(source, "harbour", user_id=1, text=text)
    assert lk.resolve_asset(source, "rides a skateboard", user_id=1, text=True) == 101
