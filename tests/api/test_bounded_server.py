"""The HTTP API's bounds, one rule per test: the largest answer is the server's setting,
answers are built off the event loop and within the request's time, and every answer
carries ``Cache-Control: no-store``; the schema answers only the API's callers.

A source that blocks on an event makes the timing deterministic: while one request's
answer is being built, the event loop still answers; a request that finds no worker
free within its time is a 503.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

import lineage_kit as lk
from lineage_kit.api import ServeLimits, create_app, lineage_router
from lineage_kit.api.answers import STORE_TIMEOUT
from lineage_kit.cli.parser import SERVE_MAX_NODES
from tests.support.http import TOKENS, ServerThread, client, token_of


class Blocking:
    """The sample's Frames as a source whose every query waits for ``go`` (and says when
    it started waiting, and in which thread)."""

    def __init__(self, frames: lk.Frames) -> None:
        self.frames = frames
        self.go = threading.Event()
        self.waiting = threading.Event()
        self.threads: list[int] = []

    def neighbour_source(self) -> Any:
        self.threads.append(threading.get_ident())
        self.waiting.set()
        assert self.go.wait(30)
        return lk.as_source(self.frames)


@pytest.fixture(scope="module")
def frames(sample_store: lk.Store) -> lk.Frames:
    return sample_store.frames(user_id=None)


@pytest.fixture(scope="module")
def served(sample_store: lk.Store) -> Iterator[ServerThread]:
    limits = ServeLimits(max_nodes=20, max_count_limit=5000)
    with ServerThread(create_app(sample_store, tokens=TOKENS, limits=limits)) as server:
        yield server


def test_the_largest_answer_is_the_servers_setting(served: ServerThread) -> None:
    with served.client(1) as c:
        ok = c.get("/assets/310/lineage", params={"max_nodes": 20, "max_depth": 3})
        too_many = c.get("/assets/310/lineage", params={"max_nodes": 21})
        counts = c.get("/assets/310/lineage/flat", params={"count_limit": 5001})
        default = c.get("/assets/310/lineage")
    assert ok.status_code == 200 and default.json()["max_nodes"] == 20  # 50 capped to 20
    assert too_many.status_code == 422
    assert too_many.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["query", "max_nodes"],
            "msg": "max_nodes must be an integer from 1 to 20; got 21",
            "input": "21",
        }
    ]
    assert counts.status_code == 422 and "from 1 to 5000" in counts.text
    schema = create_app(lk.connect(), all_users=True, limits=ServeLimits(max_nodes=20)).openapi()
    params = schema["paths"]["/assets/{asset_id}/lineage"]["get"]["parameters"]
    nodes = next(p for p in params if p["name"] == "max_nodes")
    assert nodes["schema"]["maximum"] == 20 and "largest answer: 20" in nodes["description"]


def test_the_cli_default_is_the_servers_default() -> None:
    assert ServeLimits().max_nodes == SERVE_MAX_NODES


@pytest.mark.parametrize(
    ("path", "user", "status"),
    [
        ("/assets/310/lineage", 1, 200),
        ("/assets/310/lineage/flat", 1, 200),
        ("/assets/701/lineage", 1, 404),
        ("/assets/310/lineage?max_depth=x", 1, 422),
        ("/assets/x/lineage", 1, 422),
        ("/assets/310/lineage", None, 401),
        ("/healthz", None, 200),
        ("/no/such/path", None, 404),
        ("/openapi.json", 1, 200),
        ("/openapi.json", None, 401),
        ("/docs", 1, 200),
    ],
)
def test_every_answer_says_no_store(
    served: ServerThread, path: str, user: int | None, status: int
) -> None:
    with served.client(user) as c:
        resp = c.get(path)
    assert resp.status_code == status
    assert resp.headers["cache-control"] == "no-store"


def test_the_schema_answers_only_callers_and_can_be_left_out(sample_store: lk.Store) -> None:
    with ServerThread(create_app(sample_store, tokens=TOKENS, docs=False)) as server:
        for path in ("/openapi.json", "/docs", "/redoc"):
            assert httpx.get(server.url + path).status_code == 404
            with server.client(1) as c:
                assert c.get(path).status_code == 404
    with ServerThread(create_app(sample_store, tokens=TOKENS)) as server:
        assert httpx.get(server.url + "/openapi.json").status_code == 401
        wrong = {"Authorization": "Bearer " + token_of(1)[::-1]}
        assert httpx.get(server.url + "/docs", headers=wrong).status_code == 401
        with server.client(2) as c:
            assert "/assets/{asset_id}/lineage" in c.get("/openapi.json").json()["paths"]


def test_answers_are_built_off_the_event_loop(frames: lk.Frames) -> None:
    source = Blocking(frames)
    app = create_app(source, all_users=True, limits=ServeLimits(timeout=20))
    with ServerThread(app) as server, ThreadPoolExecutor(1) as pool:
        pending = pool.submit(httpx.get, server.url + "/assets/310/lineage", timeout=30)
        assert source.waiting.wait(10)  # the answer is being built ...
        t0 = time.monotonic()
        assert httpx.get(server.url + "/healthz", timeout=5).status_code == 200  # ... and yet
        assert time.monotonic() - t0 < 1.0
        source.go.set()
        assert pending.result().status_code == 200
    assert server.thread.ident not in source.threads  # built on a worker, not the loop's


def test_no_worker_free_in_time_is_a_503(frames: lk.Frames) -> None:
    source = Blocking(frames)
    app = create_app(source, all_users=True, limits=ServeLimits(workers=1, timeout=1))
    with ServerThread(app) as server, ThreadPoolExecutor(1) as pool:
        first = pool.submit(httpx.get, server.url + "/assets/310/lineage", timeout=30)
        assert source.waiting.wait(10)  # the only worker is taken
        t0 = time.monotonic()
        second = httpx.get(server.url + "/assets/310/lineage/flat", timeout=30)
        waited = time.monotonic() - t0
        source.go.set()
        first.result()
    assert second.status_code == 503 and second.json() == {"detail": STORE_TIMEOUT}
    assert second.headers["retry-after"] == "1" and second.headers["cache-control"] == "no-store"
    assert 0.9 <= waited <= 2.0


def test_a_mounted_router_has_the_same_bounds(sample_store: lk.Store) -> None:
    from fastapi import FastAPI

    app = FastAPI()
    limits = ServeLimits(max_nodes=10)
    app.include_router(lineage_router(sample_store, lambda: 1, limits=limits), prefix="/api")
    with ServerThread(app) as server, client(server.url) as c:
        assert c.get("/api/assets/310/lineage", params={"max_nodes": 11}).status_code == 422
        resp = c.get("/api/assets/310/lineage/flat")
        missing = c.get("/api/assets/701/lineage")
    assert resp.status_code == 200 and resp.headers["cache-control"] == "no-store"
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"
