"""The documentation: the site builds strictly and offline, and every link in the repository's
Markdown resolves, as a reader of the repository alone would follow it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), ROOT / "data_samples/README.md"]
)
OUTSIDE = re.compile(r"\b(DESIGN|RECIPES|STYLE|pixsim7-schema)\.md\b|\.\./shared\b")


def _links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)  # code is not a link
    return [m.group(1) for m in LINK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_in_the_repository(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            broken.append(target)
    assert broken == [], f"{page.relative_to(ROOT)} links to missing files"


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    opening = "\n".join(readme.splitlines()[:40])
    assert "make demo" in opening and "make test" in opening


def test_no_file_of_the_project_cites_a_document_outside_it() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    citing = [
        name
        for name in tracked
        if not name.endswith((".png", ".jpg", ".svg"))
        and (ROOT / name).is_file()
        and OUTSIDE.search((ROOT / name).read_text(errors="replace"))
        and name != "tests/docs/test_docs.py"
    ]
    assert citing == []


def _status() -> str:
    """What git sees in the working tree (a build must leave it as it was)."""
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_site_builds_strictly_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    before = _status()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "no_proxy": "*",
        "HTTPS_PROXY": "http://0.0.0.0:9",
    }
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    for page in (
        "index.html",
        "design.html",
        "guide/query.html",
        "reference/lineage_kit.html",
        "notebooks/01_quickstart.html",
        "benchmarks/RESULTS.html",
    ):
        assert (site / page).is_file(), page
    reference = (site / "reference/lineage_kit.html").read_text()
    assert "find_assets" in reference and "AssetNotFound" in reference
    notebook = (site / "notebooks/02_provenance_questions.html").read_text()
    assert "data:image/png;base64" in notebook  # stored outputs, not re-executed
    after = _status()
    assert after == before, "the build wrote into the working tree"
