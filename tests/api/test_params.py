"""Every bad parameter is a 422 naming it and what is allowed, in the Python API's words.

HTTP parameters are text: text that reads as an integer is that integer for the kit's
validators, any other text is handed over as a string, so the message is the one a Python
caller gets for the same value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import lineage_kit as lk
from lineage_kit.api import ServeLimits
from tests.support.http import Served, serve_sample


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    with serve_sample(request) as s:
        yield s


def python_message(store: lk.Store, asset_id: Any = 310, **kw: Any) -> str:
    """What the Python API says about the same arguments."""
    with pytest.raises((lk.InvalidArgument, lk.InvalidArgumentType)) as err:
        store.lineage(asset_id, user_id=1, **kw)
    return str(err.value)


BAD_QUERY = [
    # (parameter, as sent, as Python sees it)
    ("direction", "up", "up"),
    ("direction", "BOTH", "BOTH"),
    ("direction", "", ""),
    ("max_depth", "-1", -1),
    ("max_depth", "65", 65),
    ("max_depth", "2.5", "2.5"),
    ("max_depth", "true", "true"),
    ("max_depth", "", ""),
    ("max_depth", "1e3", "1e3"),
    ("max_nodes", "0", 0),
    ("max_nodes", "100001", 100001),
    ("count_limit", "0", 0),
    ("count_limit", "1000001", 1000001),
    ("count_limit", "many", "many"),
    ("max_nodes", "fifty", "fifty"),
    ("max_nodes", "99999999999999999999999", 99999999999999999999999),
]


@pytest.mark.parametrize(("name", "sent", "value"), BAD_QUERY)
def test_bad_query_parameter_is_a_422_with_the_python_message(
    served: Served, name: str, sent: str, value: Any
) -> None:
    resp = served.get("/assets/310/lineage", **{name: sent})
    assert resp.status_code == 422
    (error,) = resp.json()["detail"]
    assert error["loc"] == ["query", name]
    assert error["msg"] == python_message(served.store, **{name: value})
    assert error["msg"].startswith(name + " must be")
    assert error["input"] == sent and error["type"] == "value_error"


@pytest.mark.parametrize(
    ("sent", "value"),
    [
        ("x", "x"),
        ("-1", -1),
        ("1.0", "1.0"),
        ("0x10", "0x10"),
        ("9223372036854775808", 2**63),  # one past the largest 64-bit id
    ],
)
def test_bad_asset_id_is_a_422_with_the_python_message(
    served: Served, sent: str, value: Any
) -> None:
    for path in ("/assets/{}/lineage", "/assets/{}/lineage/flat"):
        resp = served.get(path.format(sent))
        assert resp.status_code == 422
        (error,) = resp.json()["detail"]
        assert error["loc"] == ["path", "asset_id"]
        assert error["msg"] == python_message(served.store, value)


def test_every_bad_parameter_is_named_at_once(served: Served) -> None:
    resp = served.get("/assets/x/lineage", direction="up", max_depth="-1", max_nodes="0")
    assert resp.status_code == 422
    assert [e["loc"] for e in resp.json()["detail"]] == [
        ["path", "asset_id"],
        ["query", "direction"],
        ["query", "max_depth"],
        ["query", "max_nodes"],
    ]


@pytest.mark.parametrize(("name", "sent", "value"), [q for q in BAD_QUERY if q[0] != "max_depth"])
def test_flat_checks_its_parameters_the_same_way(
    served: Served, name: str, sent: str, value: Any
) -> None:
    resp = served.get("/assets/310/lineage/flat", **{name: sent})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["msg"] == python_message(served.store, **{name: value})


def test_limits_themselves_are_accepted(served: Served) -> None:
    """The library's depth limit, and the server's largest answer (ServeLimits)."""
    assert served.lineage(310, max_depth=0, max_nodes=1)["nodes"][0]["depth"] == 0
    largest = ServeLimits().max_nodes
    got = served.lineage(801, max_depth=64, max_nodes=largest, direction="children")
    assert (
        got
        == served.store.lineage(
            801, user_id=1, max_depth=64, max_nodes=largest, direction="children"
        ).to_dict()
    )
    assert served.lineage(310, max_depth="+2")["max_depth"] == 2  # int("+2") in Python too


def test_count_limit_caps_the_counts_as_in_python(served: Served) -> None:
    """Image 301 has three child rows: with count_limit=2 its node reads 2, capped."""
    got = served.lineage(301, count_limit=2)
    assert got == served.store.lineage(301, user_id=1, count_limit=2).to_dict()
    root = got["nodes"][0]
    assert (root["child_count"], root["child_count_capped"]) == (2, True)
    assert (root["parent_count"], root["parent_count_capped"]) == (0, False)
    assert served.lineage(301)["nodes"][0]["child_count_capped"] is False


def test_flat_ignores_max_depth(served: Served) -> None:
    """The flat view is the direct neighbours: depth 1 whatever the caller sends."""
    assert served.flat(102, max_depth=5) == served.store.lineage(102, user_id=1).flat()


def test_no_token_is_a_401_before_the_parameters_are_looked_at(served: Served) -> None:
    with served.server.client() as anonymous:
        resp = anonymous.get("/assets/x/lineage", params={"max_depth": "-1"})
    assert resp.status_code == 401
