"""The lineage-over-time commands as a user runs them: real processes, real exit codes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import lineage_kit as lk
from tests.support.cli import ok, run
from tests.support.pixsim_db import PixsimDB, sample_generations, sample_rows


def test_snapshot_writes_one_file_and_says_so(tmp_path: Path) -> None:
    cp = run("snapshot", "--user", "1", "-o", "before.parquet", cwd=tmp_path)
    assert cp.returncode == 0 and cp.stdout == ""
    assert "wrote Snapshot(user_id=1, whole lineage: 43 rows" in cp.stderr
    snap = lk.load_snapshot(tmp_path / "before.parquet")
    assert snap.user_id == 1 and len(snap) == 43
    assert sorted(p.name for p in tmp_path.iterdir()) == ["before.parquet"]
    cp = run(
        "snapshot",
        "--all-users",
        "--asset",
        "310",
        "--asset",
        "pixverse:374351757700910",
        "--depth",
        "2",
        "-o",
        "n.parquet",
        cwd=tmp_path,
    )
    assert cp.returncode == 0, cp.stderr
    assert lk.load_snapshot(tmp_path / "n.parquet").scope.roots == (310, 910)


def test_snapshot_needs_a_scope_and_a_file(tmp_path: Path) -> None:
    assert run("snapshot", "-o", "x.parquet", cwd=tmp_path).returncode == 2
    assert run("snapshot", "--user", "1", cwd=tmp_path).returncode == 2
    cp = run("snapshot", "--user", "1", "--asset", "703", "-o", "x.parquet", cwd=tmp_path)
    assert cp.returncode == 1 and "not found" in cp.stderr  # another owner's asset
    assert not (tmp_path / "x.parquet").exists()


def test_diff_exits_like_diff(tmp_path: Path, sample_store: lk.Store) -> None:
    ok("snapshot", "--user", "1", "-o", "before.parquet", cwd=tmp_path)
    same = run("diff", "before.parquet", cwd=tmp_path)  # against the database now
    assert same.returncode == 0, same.stderr
    assert same.stdout.strip().endswith(": no change")
    frames = sample_store.frames(user_id=1)
    edges = frames.edges[frames.edges["id"] != 86].copy()
    edges.loc[edges["id"] == 31, "parent_frame"] = 49
    lk.snapshot(lk.Frames(frames.assets, edges), user_id=1).save(tmp_path / "after.parquet")
    changed = run("diff", "before.parquet", "after.parquet", cwd=tmp_path)
    assert changed.returncode == 1, changed.stderr
    assert "1 row removed, 1 changed; asset 950 lost every parent" in changed.stdout
    assert "rows removed:" in changed.stdout and "rows changed:" in changed.stdout
    data = json.loads(run("diff", "before.parquet", "after.parquet", "--json", cwd=tmp_path).stdout)
    assert data["counts"]["removed"] == 1 and data["removed"][0]["id"] == 86
    assert data["changed"][0]["parent_frame_after"] == 49


def test_diff_trouble_is_exit_two(tmp_path: Path) -> None:
    ok("snapshot", "--user", "2", "-o", "two.parquet", cwd=tmp_path)
    (tmp_path / "notes.parquet").write_text("hello")
    for args, said in (
        (("missing.parquet",), "no such file"),
        (("notes.parquet",), "not a lineage_kit snapshot"),
        (("two.parquet", "--user", "1"), "argument --user: two.parquet is a snapshot of user 2"),
        (("two.parquet", "--db", "mysql://nowhere/db"), "argument --db"),
        (("two.parquet", "--db", f"sqlite:///{tmp_path / 'none.db'}"), "error"),
    ):
        cp = run("diff", *args, cwd=tmp_path)
        assert cp.returncode == 2, (args, cp.stderr)
        assert said in cp.stderr and cp.stdout == "", (args, cp.stderr)
        assert len(cp.stderr.strip().splitlines()) == 1


def test_diff_against_a_postgresql_database_refreshed_as_pixsim7_does(
    tmp_path: Path, empty_db: PixsimDB
) -> None:
    empty_db.load(*sample_rows(), generations=sample_generations())
    ok("snapshot", "--user", "1", "--db", empty_db.url, "-o", "before.parquet", cwd=tmp_path)
    rows = [r for r in sample_rows()[1] if r["child_asset_id"] == 910]
    now = datetime(2026, 12, 7, 14, 2)
    empty_db.refresh_child(910, [{**r, "id": 2000 + r["id"], "created_at": now} for r in rows])
    assert run("diff", "before.parquet", "--db", empty_db.url, cwd=tmp_path).returncode == 0
    empty_db.refresh_child(910, [{**r, "id": 3000 + r["id"]} for r in rows if r["id"] != 93])
    cp = run("diff", "before.parquet", "--db", empty_db.url, "--user", "1", cwd=tmp_path)
    assert cp.returncode == 1 and "1 row removed" in cp.stdout


def test_generation_and_expected(tmp_path: Path) -> None:
    text = ok("generation", "902", "--user", "1", cwd=tmp_path)
    assert text.splitlines()[0] == (
        "asset 902 (user 1): made by generation 812 · completed · pixverse · 40 credits"
    )
    data = json.loads(ok("generation", "902", "--user", "1", "--json", cwd=tmp_path))
    assert data["id"] == 812 and data["inputs"][0]["asset_id"] == 901
    assert "no generation made it" in ok("generation", "901", "--user", "1", cwd=tmp_path)
    assert json.loads(ok("generation", "901", "--user", "1", "--json", cwd=tmp_path)) is None
    foreign = run("generation", "702", "--user", "1", cwd=tmp_path)
    assert foreign.returncode == 1 and "not found" in foreign.stderr
    expected = ok("expected", "910", "--user", "1", cwd=tmp_path)
    assert expected.splitlines()[0] == "what a refresh of asset 910 would link (user 1): 4 row(s)"
    rows = json.loads(ok("expected", "910", "--user", "1", "--skipped", "--json", cwd=tmp_path))[
        "rows"
    ]
    assert [r["written"] for r in rows] == [True, True, True, False, False, True]
    assert run("expected", "910", cwd=tmp_path).returncode == 2  # no scope given
