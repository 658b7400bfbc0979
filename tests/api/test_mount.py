"""The router mounted in someone else's FastAPI app, the way pixsim7 would mount it.

pixsim7's own dependency chain is ``get_current_user`` → a principal → its effective
user id (``None`` for a principal with no user, answered 403 by pixsim7's lineage
routes). Here a header stands in for its JWT.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, HTTPException

import lineage_kit as lk
from lineage_kit.api import ServeLimits, create_app, lineage_router
from tests.support.http import ServerThread, client


@dataclass
class Principal:
    user_id: int | None


async def get_current_user(x_principal: Annotated[str, Header()]) -> Principal:
    if x_principal == "nobody":
        raise HTTPException(status_code=401, detail="Invalid or expired token")
    return Principal(None if x_principal == "service" else int(x_principal))


async def effective_user_id(user: Annotated[Principal, Depends(get_current_user)]) -> int | None:
    return user.user_id


def broken_dependency() -> Any:
    return "1"  # a bug in the host app: not an int


@pytest.fixture(scope="module")
def app_url(sample_store: lk.Store) -> Iterator[str]:
    app = FastAPI(title="pixsim7-like")
    app.include_router(lineage_router(sample_store, effective_user_id), prefix="/api/v1")
    app.include_router(lineage_router(sample_store, broken_dependency), prefix="/broken")
    with ServerThread(app) as server:
        yield server.url


def get(url: str, path: str, principal: str, **params: Any) -> Any:
    with client(url) as c:
        return c.get(path, params=params, headers={"X-Principal": principal})


def test_mounted_routes_answer_for_the_callers_user(app_url: str, sample_store: lk.Store) -> None:
    resp = get(app_url, "/api/v1/assets/310/lineage", "1", max_depth=2)
    assert resp.status_code == 200
    assert resp.json() == sample_store.lineage(310, user_id=1, max_depth=2).to_dict()
    flat = get(app_url, "/api/v1/assets/702/lineage/flat", "2")
    assert flat.json() == sample_store.lineage(702, user_id=2).flat()
    assert get(app_url, "/api/v1/assets/702/lineage", "1").status_code == 404


def test_the_host_apps_own_auth_errors_pass_through(app_url: str) -> None:
    assert get(app_url, "/api/v1/assets/310/lineage", "nobody").json() == {
        "detail": "Invalid or expired token"
    }


def test_a_principal_without_a_user_is_refused_403(app_url: str) -> None:
    resp = get(app_url, "/api/v1/assets/310/lineage", "service")
    assert resp.status_code == 403
    assert resp.json() == {"detail": "User-scoped principal required"}


def test_a_dependency_that_returns_no_int_is_a_bare_500(app_url: str) -> None:
    resp = get(app_url, "/broken/assets/310/lineage", "1")
    assert resp.status_code == 500 and "user_id" not in resp.text


def test_all_users_only_when_asked_for(sample_store: lk.Store) -> None:
    app = FastAPI()
    app.include_router(lineage_router(sample_store, effective_user_id, all_users=True))
    with ServerThread(app) as server:
        resp = get(server.url, "/assets/103/lineage/flat", "service")
    assert [c["id"] for c in resp.json()["children"]] == [703]  # the cross-owner row


def test_current_user_id_must_be_a_dependency(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="current_user_id"):
        lineage_router(sample_store, 1)  # type: ignore[arg-type]


def test_openapi_documents_the_models_parameters_and_errors(app_url: str) -> None:
    with client(app_url) as c:
        spec = c.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/assets/{asset_id}/lineage"]["get"]
    params = {p["name"]: p["schema"] for p in op["parameters"] if p["in"] != "header"}
    assert params["asset_id"]["type"] == "integer"
    assert params["direction"] == params["direction"] | {"enum": ["both", "parents", "children"]}
    assert params["direction"]["default"] == "both"
    assert (params["max_depth"]["default"], params["max_depth"]["maximum"]) == (1, 64)
    assert (params["max_nodes"]["default"], params["max_nodes"]["minimum"]) == (50, 1)
    assert (params["count_limit"]["default"], params["count_limit"]["maximum"]) == (
        1000,
        ServeLimits().max_count_limit,  # the router's own limit
    )
    assert params["max_nodes"]["maximum"] == ServeLimits().max_nodes
    ok = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/LineageResponse"}
    assert {"403", "404", "422", "503"} <= set(op["responses"])
    flat = spec["paths"]["/api/v1/assets/{asset_id}/lineage/flat"]["get"]
    assert "X-Lineage-Truncated" in flat["responses"]["200"]["headers"]
    node = spec["components"]["schemas"]["NodeModel"]
    assert node["required"] == [
        "asset",
        "depth",
        "parent_count",
        "child_count",
        "parent_count_capped",
        "child_count_capped",
    ]
    asset = spec["components"]["schemas"]["AssetSummary"]
    assert "is_archived" in asset["properties"] and "is_archived" not in asset["required"]


def test_only_reads(app_url: str) -> None:
    with client(app_url) as c:
        spec = c.get("/openapi.json").json()
        assert {m for p in spec["paths"].values() for m in p} == {"get"}
        assert c.post("/api/v1/assets/310/lineage").status_code == 405


def test_healthz_makes_no_database_round_trip(sample_store: lk.Store) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    app = create_app(sample_store, all_users=True)
    sa.event.listen(sample_store.engine, "before_cursor_execute", count)
    try:
        with ServerThread(app) as server, client(server.url) as c:
            assert [c.get("/healthz").json() for _ in range(20)] == [{"status": "ok"}] * 20
            assert statements == []
            assert c.get("/assets/310/lineage").status_code == 200
            assert statements  # the counter does see the store's statements
    finally:
        sa.event.remove(sample_store.engine, "before_cursor_execute", count)
