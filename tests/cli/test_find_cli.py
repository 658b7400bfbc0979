"""``lineage-kit find``, and provider asset ids wherever a command takes an asset id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import lineage_kit as lk
from lineage_kit.cli import main
from tests.support.cli import ok, run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("LINEAGE_KIT_DB", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exc:
            status = int(exc.code or 0)
        out = capsys.readouterr()
        return status, out.out, out.err

    return call


def test_find_prints_what_find_assets_returns(tmp_path: Path, sample_store: lk.Store) -> None:
    data = json.loads(ok("find", "374351749764234", "--user", "1", "--json", cwd=tmp_path))
    assert data == lk.find_assets(sample_store, "374351749764234", user_id=1).to_dict()
    assert data["hits"][0]["asset"]["id"] == 101 and data["hits"][0]["field"] == "provider_asset_id"
    lines = ok("find", "the", "cat", "--user", "1", cwd=tmp_path).splitlines()
    assert lines[0] == "3 hits for 'the cat' (user 1)"
    assert [line.split()[0] for line in lines[1:]] == ["104", "103", "102"]
    assert lines[3].split("  ") == [
        "102",
        "video",
        "pixverse:374351749764301",
        "1↑ 1↓",
        "description (contains the query)",
        '"Extended: the cat jumps a ramp"',
    ]


def test_find_says_when_more_match(cli: Any) -> None:
    status, out, _ = cli("find", "cat", "--all-users", "--limit", "2")
    assert status == 0
    assert out.splitlines()[0] == (
        "2 hits for 'cat' (all owners) — more match: refine the query or raise --limit (now 2)"
    )
    assert cli("find", "zebra", "--user", "1")[1] == "0 hits for 'zebra' (user 1)\n"


def test_every_id_argument_takes_a_provider_asset_id(cli: Any, sample_store: lk.Store) -> None:
    by_id = cli("show", "102", "--user", "1")
    assert by_id[0] == 0
    assert cli("show", "pixverse:374351749764301", "--user", "1") == by_id
    assert cli("show", "374351749764301", "--user", "1") == by_id
    assert cli("flat", "374351749764301", "--user", "1") == cli("flat", "102", "--user", "1")
    assert cli("export", "374351751100310", "--format", "mermaid", "--user", "1") == cli(
        "export", "310", "--format", "mermaid", "--user", "1"
    )
    assert cli("ask", "transition-inputs", "pixverse:374351751100310", "--user", "1") == cli(
        "ask", "transition-inputs", "310", "--user", "1"
    )
    paths = cli("ask", "paths", "374351749764234", "pixverse:374351749764377", "--user", "1")
    assert paths == cli("ask", "paths", "101", "103", "--user", "1") and paths[0] == 0
    local = cli("show", "/var/pixsim7/media/u1/202.mp4", "--user", "1", "--json")
    assert json.loads(local[1]) == sample_store.lineage(202, user_id=1).to_dict()


def test_a_reference_is_resolved_in_scope(cli: Any) -> None:
    assert cli("show", "pixverse:374351755500702", "--user", "1") == (
        1,
        "",
        "lineage-kit: no asset matches 'pixverse:374351755500702' for user_id=1\n",
    )
    assert cli("show", "pixverse:374351755500702", "--user", "2")[0] == 0
    assert cli("show", "zebra", "--user", "1")[2] == (
        "lineage-kit: no asset matches 'zebra' for user_id=1\n"
    )


def test_words_that_match_several_assets_are_ambiguous(cli: Any) -> None:
    # Words are for find, not ids: but words that match are listed, never "not found".
    status, out, err = cli("show", "harbour", "--user", "1")
    assert (status, out) == (1, "")
    assert err == (
        "lineage-kit: 'harbour' names no asset by id, key or path for user_id=1; by its words "
        "it matches 310 (description contains the query), 303 (description contains the "
        "query), 302 (description contains the query), 301 (description contains the query); "
        "give one of them as id:N\n"
    )
    assert cli("show", "harbour", "--user", "2")[2] == (
        "lineage-kit: no asset matches 'harbour' for user_id=2\n"
    )


def test_an_ambiguous_reference_is_one_line_listing_the_matches(cli: Any, empty_db: Any) -> None:
    rows = [
        {"id": 1, "user_id": 1, "media_type": "video", "provider_id": "pixverse",
         "provider_asset_id": "777"},
        {"id": 2, "user_id": 1, "media_type": "video", "provider_id": "sora",
         "provider_asset_id": "777"},
        {"id": 777, "user_id": 1, "media_type": "image", "provider_id": "pixverse",
         "provider_asset_id": "p777"},
    ]  # fmt: skip
    empty_db.load(rows, [])
    status, out, err = cli("show", "777", "--user", "1", "--db", empty_db.url)
    assert (status, out) == (1, "")
    assert err == (
        "lineage-kit: '777' matches several assets for user_id=1: 777 (database id), "
        "2 (sora asset 777), 1 (pixverse asset 777); give one of them as id:N\n"
    )
    assert cli("show", "id:777", "--user", "1", "--db", empty_db.url)[0] == 0
    assert cli("show", "sora:777", "--user", "1", "--db", empty_db.url)[1].startswith("asset 2 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("find", "cat"), "give --user ID or --all-users"),
        (("find", "", "--user", "1"), "query must not be empty"),
        (("find", "x", "--user", "1", "--limit", "0"), "argument --limit"),
        (("find", "x" * 501, "--user", "1"), "at most 500 characters"),
        (("find", "--user", "1"), "QUERY"),
        (
            ("show", "id:x", "--user", "1"),
            "argument ID: an asset id 'id:x': #N and id:N take a database id",
        ),
    ],
)
def test_bad_find_input_is_one_line_exit_2(cli: Any, args: tuple[str, ...], message: str) -> None:
    status, out, err = cli(*args)
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and message in err, err


def test_find_on_postgresql(tmp_path: Path, sample_pg: Any, sample_store: lk.Store) -> None:
    cp = run("find", "harbour", "--user", "1", "--json", "--db", sample_pg.url, cwd=tmp_path)
    assert cp.returncode == 0, cp.stderr
    assert json.loads(cp.stdout) == lk.find_assets(sample_store, "harbour", user_id=1).to_dict()
