"""The find benchmark runs end to end at a tiny scale and writes only its own section."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.find import SECTION, TARGETS_MS, WORKLOADS, replace_section
from tests.support.pgserver import PgServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_tiny_run_reports_targets_timings_and_plans(pg_server: PgServer, tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    out.write_text("# results\n\n## Other\n\nkept as it is\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "benchmarks.find", "--scale", "0.002", "--runs", "10"]
    cmd += ["--pg-url", pg_server.url(), "--out", str(out)]
    cp = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cp.returncode == 0, cp.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# results\n\n## Other\n\nkept as it is\n\n" + SECTION + "\n")
    body = text.split(SECTION, 1)[1]
    judged = [line for line in body.splitlines() if line.endswith(("**met** |", "**not met** |"))]
    assert len(judged) == len(TARGETS_MS)
    rows = [line for line in body.splitlines() if line.startswith("| ") and " | " in line]
    for label in WORKLOADS.values():
        row = next(r for r in rows if r.startswith(f"| {label} |"))
        assert re.fullmatch(r"\| .+ \| [\d.]+ \| [\d.]+ \| \d+ \| [\d.]+ \|", row), row
    assert body.count("```text") == len(WORKLOADS)
    assert "idx_asset_prompt_fts" in body and "idx_asset_description_trgm" in body
    assert "ix_assets_provider_asset_id" in body


def test_a_section_is_replaced_in_place(tmp_path: Path) -> None:
    path = tmp_path / "R.md"
    path.write_text("# r\n\n## A\n\nold\n\n## B\n\nb\n", encoding="utf-8")
    replace_section(path, "## A", "new")
    assert path.read_text(encoding="utf-8") == "# r\n\n## A\n\nnew\n\n## B\n\nb\n"
    replace_section(path, "## C", "c")
    assert path.read_text(encoding="utf-8").endswith("## B\n\nb\n\n## C\n\nc\n")


@pytest.mark.parametrize(
    ("option", "value"), [("--scale", "0"), ("--runs", "x"), ("--pg-url", "sqlite:///x.db")]
)
def test_a_bad_argument_is_refused_with_its_name(option: str, value: str) -> None:
    cp = subprocess.run(
        [sys.executable, "-m", "benchmarks.find", option, value],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (cp.returncode, cp.stdout) == (2, "") and option in cp.stderr, cp.stderr
