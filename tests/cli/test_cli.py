"""The ``lineage-kit`` command.

Every command runs at least once as a real subprocess of the installed console
script (SQLite sample and PostgreSQL), with the exit statuses and the one-line
errors; the detailed matrix (tree layout, each question, each bad argument)
calls :func:`lineage_kit.cli.main` in-process, which is the same code without
paying an interpreter start per case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import lineage_kit as lk
from lineage_kit import questions as provenance
from lineage_kit.cli import main
from lineage_kit.export import FORMATS, export
from tests.support.cli import SCRIPT, SECRET, ok, run


class Called:
    """The result of ``main(argv)`` in-process: status, stdout and stderr."""

    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("LINEAGE_KIT_DB", raising=False)

    def call(*args: str) -> Called:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse's own exits (--help, usage errors)
            status = int(exc.code or 0)
        captured = capsys.readouterr()
        return Called(status, captured.out, captured.err)

    return call


# --- real subprocesses -----------------------------------------------------------------------
def test_the_console_script_is_installed() -> None:
    assert SCRIPT.exists(), "pip install -e . declares lineage-kit = lineage_kit.cli:main"


def test_show_draws_parents_above_and_children_below(tmp_path: Path) -> None:
    lines = ok("show", "102", "--user", "1", "--depth", "2", cwd=tmp_path).splitlines()
    assert lines[0] == "asset 102 (user 1), direction both, depth ≤ 2: 3 assets, 2 lineage rows"
    assert lines[1].startswith("┌─[SOURCE_VIDEO · video_extend]─ 101 video pixverse")
    assert lines[1].endswith("0↑ 2↓")
    assert lines[2] == '● 102 video pixverse "Extended: the cat jumps a ramp"  1↑ 1↓'
    assert lines[3].startswith("└─[SOURCE_VIDEO · video_extend]→ 103 video pixverse")
    assert len(lines) == 4  # 103's child 703 belongs to owner 2
    assert os.listdir(tmp_path) == []


def test_show_and_flat_json_are_the_query_results(tmp_path: Path, sample_store: lk.Store) -> None:
    # Options may come before the command.
    shown = json.loads(ok("--json", "show", "801", "--all-users", "--depth", "2", cwd=tmp_path))
    assert shown == sample_store.lineage(801, user_id=None, max_depth=2).to_dict()
    flat = json.loads(ok("flat", "202", "--user", "1", "--json", cwd=tmp_path))
    assert flat == sample_store.lineage(202, user_id=1).flat()


def test_audit_export_and_ask(tmp_path: Path, sample_store: lk.Store) -> None:
    lines = ok("audit", "--all-users", cwd=tmp_path).splitlines()
    found = len(lk.audit(sample_store, user_id=None))
    assert lines[0] == f"audit of embedded sample (all owners): {found} finding(s)"
    assert [line.split()[0] for line in lines[1:10]] == [
        "dangling",
        "self_loops",
        "cycles",
        "duplicates",
        "cross_owner",
        "sequence_gaps",
        "unknown_values",
        "legacy_labels",
        "repeated_inputs",
    ]
    cp = run(
        "export", "--all", "--format", "graphml", "--user", "1", "-o", "g.graphml", cwd=tmp_path
    )
    assert cp.returncode == 0 and cp.stdout == ""
    graph = nx.read_graphml(tmp_path / "g.graphml", node_type=int, edge_key_type=int)
    frames = sample_store.frames(user_id=1)
    assert sorted(graph.nodes) == sorted(frames.assets["id"])
    assert graph.number_of_edges() == len(frames.edges)
    paths = json.loads(ok("ask", "paths", "801", "803", "--user", "1", "--json", cwd=tmp_path))
    assert paths["paths"] == 2 and paths["truncated"] is False
    assert [r["lineage_id"] for r in paths["rows"]] == [70, 71, 73, 71]


def test_against_the_postgresql_sample(
    tmp_path: Path, sample_pg: Any, sample_store: lk.Store
) -> None:
    # The test server trusts local connections: the password is accepted and ignored.
    url = sample_pg.url.replace("://postgres@", f"://postgres:{SECRET}@")
    assert SECRET in url
    env = {"LINEAGE_KIT_DB": url}
    shown = json.loads(ok("show", "310", "--user", "1", "--json", cwd=tmp_path, env=env))
    assert shown == sample_store.lineage(310, user_id=1).to_dict()
    audit = run("audit", "--all-users", cwd=tmp_path, env=env)
    assert audit.returncode == 0
    assert audit.stdout.splitlines()[0].startswith("audit of postgresql+psycopg://postgres:***@")
    assert f"{len(lk.audit(sample_store, user_id=None))} finding(s)" in audit.stdout
    missing = run("show", "701", "--user", "1", "--db", url, cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        1,
        "lineage-kit: asset 701 not found for user_id=1\n",
    )
    for out in (audit.stdout, audit.stderr, missing.stdout, missing.stderr):
        assert SECRET not in out


EXITS = [
    (("show", "310"), 2, "give --user ID or --all-users"),
    (("show", "310", "--user", "1", "--depth", "65"), 2, "argument --depth"),
    (("show", "701", "--user", "1"), 1, "asset 701 not found for user_id=1"),
    (("show", "1", "--user", "1", "--db", f"mysql://bob:{SECRET}@h/x"), 2, "argument --db"),
    (
        ("show", "1", "--user", "1", "--db", f"postgresql://bob:{SECRET}@127.0.0.1:1/x"),
        1,
        "opening the database failed",
    ),
]


def test_exit_status_and_one_line_errors_from_the_console_script(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda case: run(*case[0], cwd=tmp_path), EXITS))
    for (args, status, message), cp in zip(EXITS, results, strict=True):
        where = f"lineage-kit {' '.join(args)}"
        assert cp.returncode == status, f"{where}: {cp.returncode} {cp.stderr}"
        assert cp.stdout == "", where
        lines = cp.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("lineage-kit: "), f"{where}: {cp.stderr}"
        assert message in lines[0], f"{where}: {lines[0]}"
        assert "Traceback" not in cp.stderr and SECRET not in cp.stderr, where


def test_module_entry_point_and_help(tmp_path: Path) -> None:
    cp = subprocess.run(
        [sys.executable, "-m", "lineage_kit.cli", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cp.returncode == 0
    for word in ("show", "flat", "audit", "export", "ask", "--user", "--all-users", "--db"):
        assert word in cp.stdout


# --- the same code in-process: layout, every question, every bad argument --------------------
def test_tree_stacks_ancestors_above_their_children(cli: Any) -> None:
    chain = cli("--user", "1", "show", "103", "--depth", "2", "--direction", "parents")
    lines = chain.out.splitlines()
    assert [line.split("─ ")[1].split()[0] for line in lines[1:3]] == ["101", "102"]
    assert lines[1].startswith("   ┌─") and lines[2].startswith("┌─")
    assert lines[3].startswith("● 103") and len(lines) == 4


def test_tree_keeps_the_inputs_in_sequence_order(cli: Any) -> None:
    lines = cli("show", "310", "--user", "1").out.splitlines()
    assert [line[:2] for line in lines[1:5]] == ["┌─", "├─", "├─", "├─"]
    assert [line.split("· seq ")[1][0] for line in lines[1:5]] == ["0", "1", "2", "3"]
    assert [line.split("─ ")[1].split()[0] for line in lines[1:5]] == ["301", "302", "303", "301"]
    assert lines[5].startswith("● 310") and lines[5].endswith("4↑ 0↓")


def test_tree_marks_cycles_repeats_and_archived_assets(cli: Any) -> None:
    lines = cli("show", "801", "--user", "1", "--depth", "2").out.splitlines()
    assert lines[1].endswith("(↺ depth +1)")  # 802 above 803: it is a descendant of 801 too
    assert lines[-1].endswith("(see above)")  # the second row 801 → 802
    loop = cli("show", "804", "--user", "1").out.splitlines()
    assert loop[0].endswith("1 asset, 1 lineage row")
    assert loop[1].endswith("(↺ the root)") and loop[3].endswith("(↺ the root)")
    extended = cli("show", "101", "--user", "1", "--direction", "children").out
    assert extended.splitlines()[-1].endswith("[archived]")
    capped = cli("show", "310", "--user", "1", "--max-nodes", "2").out
    assert capped.splitlines()[0].endswith("— truncated at 2 assets")


def test_capped_counts_read_n_plus(cli: Any) -> None:
    out = cli("show", "301", "--user", "1", "--count-limit", "2").out
    assert '301 image pixverse "Sunrise over the harbour"  0↑ 2+↓' in out
    data = json.loads(cli("show", "301", "--user", "1", "--count-limit", "2", "--json").out)
    assert (data["nodes"][0]["child_count"], data["nodes"][0]["child_count_capped"]) == (2, True)
    exact = cli("show", "301", "--user", "1").out
    assert "0↑ 3↓" in exact and "+↓" not in exact


def test_flat_text(cli: Any) -> None:
    out = cli("flat", "202", "--user", "1").out
    assert "parents of 202 (2 rows)" in out and "children of 202 (0 rows)" in out
    assert "source" in out and "SOURCE_IMAGE" in out


@pytest.mark.parametrize(
    ("args", "function", "call"),
    [
        (("transition-inputs", "310"), "transition_inputs", (310,)),
        (("extensions", "101", "--depth", "1"), "extensions_of", (101,)),
        (("paused-frames", "501"), "paused_frames", (501,)),
        (("paused-frames", "501", "--captured-only"), "paused_frames", (501,)),
        (("fusion-inputs", "420"), "fusion_inputs", (420,)),
        (("paths", "803", "802", "--max-paths", "1"), "derivation_paths", (803, 802)),
        (("origins", "604", "--max-nodes", "3"), "origins", (604,)),
    ],
)
def test_ask_answers_as_the_library_does(
    cli: Any, sample_store: lk.Store, args: tuple[str, ...], function: str, call: tuple[int, ...]
) -> None:
    kw: dict[str, Any] = {}
    if "--depth" in args:
        kw["max_depth"] = int(args[args.index("--depth") + 1])
    if "--max-paths" in args:
        kw["max_paths"] = int(args[args.index("--max-paths") + 1])
    if "--captured-only" in args:
        kw["captured_only"] = True
    if "--max-nodes" in args:
        kw["max_nodes"] = int(args[args.index("--max-nodes") + 1])
    want = getattr(provenance, function)(sample_store, *call, user_id=1, **kw)
    data = json.loads(cli("ask", *args, "--user", "1", "--json").out)
    assert data["rows"] == json.loads(want.to_json(orient="records"))
    assert data["truncated"] == want.attrs["truncated"]
    text = cli("ask", *args, "--user", "1").out.splitlines()
    assert text[0].endswith("— truncated") == want.attrs["truncated"]
    assert len(text) == (2 if want.empty else len(want) + 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_prints_what_export_returns(cli: Any, sample_store: lk.Store, fmt: str) -> None:
    res = sample_store.lineage(101, user_id=1, max_depth=2, direction="children")
    got = cli(
        "export", "101", "--format", fmt, "--user", "1", "--depth", "2", "--direction", "children"
    )
    assert got.status == 0 and got.out == export(res, fmt)


def test_db_option_wins_over_the_environment(
    cli: Any, monkeypatch: pytest.MonkeyPatch, sample_store: lk.Store, empty_db: Any
) -> None:
    monkeypatch.setenv("LINEAGE_KIT_DB", "sqlite:////nonexistent/pixsim.db")
    assert cli("show", "310", "--user", "1").status == 1
    empty_db.load(
        [
            {
                "id": 5,
                "user_id": 1,
                "media_type": "image",
                "provider_id": "p",
                "provider_asset_id": "a",
            }
        ],
        [],
    )
    got = cli("show", "5", "--user", "1", "--db", empty_db.url)
    assert got.status == 0 and got.out.startswith("asset 5 (user 1)")


BAD_INPUT = [
    ((), 2, "COMMAND"),
    (("show", "310"), 2, "give --user ID or --all-users"),
    (("show", "310", "--user", "1", "--all-users"), 2, "--all-users"),
    (("show", "310", "--user", "one"), 2, "argument --user"),
    (("show", "310", "--user", "-3"), 2, "argument --user"),
    (("show", "310", "--user", "1", "--depth", "65"), 2, "argument --depth"),
    (("show", "310", "--user", "1", "--depth", "1.5"), 2, "argument --depth"),
    (("show", "310", "--user", "1", "--max-nodes", "0"), 2, "argument --max-nodes"),
    (("show", "310", "--user", "1", "--count-limit", "0"), 2, "argument --count-limit"),
    (("flat", "310", "--user", "1", "--count-limit", "many"), 2, "argument --count-limit"),
    (("show", "310", "--user", "1", "--direction", "sideways"), 2, "argument --direction"),
    (("show", "", "--user", "1"), 2, "argument ID"),
    (("show", "zebra", "--user", "1"), 1, "no asset matches 'zebra' for user_id=1"),
    (("flat", "310", "--user", "1", "--depth", "2"), 2, "--depth"),
    (("export", "310", "--format", "xml", "--user", "1"), 2, "argument --format"),
    (("export", "310", "--user", "1"), 2, "--format"),
    (("export", "--format", "json", "--user", "1"), 2, "--all"),
    (("export", "310", "--all", "--format", "json", "--user", "1"), 2, "--all"),
    (("ask", "paths", "801", "--user", "1"), 2, "DESCENDANT"),
    (("ask", "paths", "801", "803", "--max-paths", "0", "--user", "1"), 2, "argument --max-paths"),
    (("ask", "why", "801", "--user", "1"), 2, "QUESTION"),
    (("show", "1", "--user", "1", "--db", f"mysql://bob:{SECRET}@h/x"), 2, "argument --db"),
    (("show", "1", "--user", "1", "--db", f"not a url {SECRET}"), 2, "argument --db"),
    (("show", "701", "--user", "1"), 1, "asset 701 not found for user_id=1"),
    (("ask", "origins", "123456", "--all-users"), 1, "asset 123456 not found for any owner"),
    (("ask", "paths", "101", "701", "--user", "1"), 1, "asset 701 not found"),
    (
        ("show", "1", "--user", "1", "--db", "sqlite:////nonexistent/pixsim.db"),
        1,
        "no SQLite database",
    ),
]


@pytest.mark.parametrize(("args", "status", "message"), BAD_INPUT)
def test_bad_input_is_one_line_naming_the_argument(
    cli: Any, args: tuple[str, ...], status: int, message: str
) -> None:
    got = cli(*args)
    assert got.status == status
    assert got.out == ""
    lines = got.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lineage-kit: "), got.err
    assert message in lines[0]
    assert SECRET not in got.err


def test_descriptions_cannot_drive_the_terminal(cli: Any, empty_db: Any) -> None:
    empty_db.load(
        [
            {
                "id": 1,
                "user_id": 1,
                "media_type": "image",
                "provider_id": "p",
                "provider_asset_id": "a",
                "description": "red \x1b[31mALERT\x1b[0m\nnext\x9bline",
            }
        ],
        [],
    )
    out = cli("show", "1", "--user", "1", "--db", empty_db.url).out
    assert "\x1b" not in out and "\x9b" not in out
    assert '"red \ufffd[31mALERT\ufffd[0m next\ufffdline"' in out.splitlines()[1]
    raw = cli("show", "1", "--user", "1", "--json", "--db", empty_db.url).out
    assert "\x1b" not in raw and "\x9b" not in raw  # escaped inside the JSON strings
    assert json.loads(raw)["nodes"][0]["asset"]["description"].startswith("red \x1b[31m")


def test_an_internal_error_is_not_dressed_as_bad_input(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 2 is for bad arguments only: a bug (here a ValueError from deep inside) shows."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("an internal bug, not the user's input")

    monkeypatch.setattr("lineage_kit.cli.commands.tree", broken)
    with pytest.raises(ValueError, match="internal bug"):
        cli("show", "310", "--user", "1")
