"""What a terminal prints of an answer stays short: thumbnails read from pixsim7's storage
folder (``data:`` URIs of kilobytes of base64) are shown as their type and length, while
the values keep them whole."""

from __future__ import annotations

import json
import pickle
import re
from typing import Any

import pytest
from IPython.lib.pretty import pretty

import lineage_kit as lk

BASE64_RUN = re.compile(r"base64,[A-Za-z0-9+/=]{40,}")
ROOTS = (901, 902, 910)  # the sample's assets written as pixsim7 writes today: stored thumbnails


def _printed(value: Any) -> list[str]:
    return [repr(value), str(value), pretty(value)]


@pytest.mark.parametrize("root", ROOTS)
def test_answers_print_without_base64(sample_store: lk.Store, root: int) -> None:
    res = sample_store.lineage(root, user_id=1)
    d, flat = res.to_dict(), res.flat()
    assert "data:image/" in json.dumps(d)  # the data is there ...
    shown = [d, flat, flat["parents"], flat["children"], d["nodes"], res.root, res.root.asset]
    shown += [lk.find_assets(sample_store, str(root), user_id=1).to_dict()]
    shown += [res.root.asset.to_dict(), lk.find_assets(sample_store, str(root), user_id=1)[0]]
    for value in shown:
        for text in _printed(value):
            assert not BASE64_RUN.search(text), text[:300]  # ... but not on the terminal
            assert "<data:image/" in text or "data:" not in text


def test_the_values_keep_the_whole_uri(sample_store: lk.Store) -> None:
    res = sample_store.lineage(901, user_id=1)
    asset = res.root.asset
    uri = asset.thumbnail_url
    assert uri is not None and uri.startswith("data:image/jpeg;base64,") and len(uri) > 1000
    d = res.to_dict()
    assert d["nodes"][0]["asset"]["thumbnail_url"] == uri
    assert f"<data:image/jpeg;base64 URI, {len(uri):,} characters>" in repr(d)
    assert json.loads(json.dumps(d)) == d == pickle.loads(pickle.dumps(d))
    assert isinstance(d["nodes"][0]["asset"], dict)
