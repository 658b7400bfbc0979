"""Lineage over time in a real browser (issue 26): the demo opens at the clip its address
names (``?asset=ID&user=ID``), the header names the generation that made it, and after the
database changes under the page, Refresh marks the new row, lists the removed one under
"Removed since HH:MM" and says so in the header — in Voilà (the demo's own notebook) and in
JupyterLab after Run All.

The database is a copy of the embedded sample in the test's folder, named by
``LINEAGE_KIT_DB`` as a user names theirs; the test edits the copy with sqlite3 while the
page shows it (the kit itself only ever reads).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage_kit.sources.sample import sample_database
from lineage_kit.widgets.demo import demo_notebook, demo_url
from tests.support.jupyter import run_all_cells, serve_jupyter
from tests.support.scenario import TIMEOUT_MS, click, header
from tests.support.voila import serve_notebook

pytestmark = pytest.mark.browser

NOTEBOOK_CELL = """\
import os

import lineage_kit as lk
from lineage_kit.widgets.inspector import LineageInspector

insp = LineageInspector(lk.connect(os.environ["LINEAGE_KIT_DB"]), user_id=1, asset_id=310)
insp"""


def _copy_of_the_sample(folder: Path) -> Path:
    db = folder / "pixsim.db"
    shutil.copyfile(sample_database(), db)
    return db


def _refresh_like_edit(db: Path) -> None:
    """What a pixsim7 refresh that lost an input looks like: transition 310's rows are
    deleted and written again with new ids, without the row of input 302 and with a new
    input 303 at order 4."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM asset_lineage WHERE child_asset_id = 310").fetchall()
        cols = [c[1] for c in conn.execute("PRAGMA table_info(asset_lineage)")]
        conn.execute("DELETE FROM asset_lineage WHERE child_asset_id = 310")
        kept = [dict(zip(cols, r, strict=True)) for r in rows]
        kept = [r for r in kept if r["parent_asset_id"] != 302]
        extra = {**next(r for r in kept if r["parent_asset_id"] == 303), "sequence_order": 4}
        for n, row in enumerate([*kept, extra]):
            row["id"] = 5000 + n
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            conn.execute(
                f"INSERT INTO asset_lineage ({names}) VALUES ({marks})", list(row.values())
            )


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Path]:
    db = _copy_of_the_sample(tmp_path)
    old = os.environ.get("LINEAGE_KIT_DB")
    os.environ["LINEAGE_KIT_DB"] = f"sqlite:///{db}"
    try:
        yield db
    finally:
        if old is None:
            os.environ.pop("LINEAGE_KIT_DB", None)
        else:
            os.environ["LINEAGE_KIT_DB"] = old


def _check_marks_after_refresh(page, view, db: Path, artifacts: Path, name: str) -> None:
    from playwright.sync_api import expect

    expect(header(view)).to_have_text("Asset 310", timeout=TIMEOUT_MS)
    expect(view.locator(".lk-section-parents .lk-card")).to_have_count(4)
    _refresh_like_edit(db)
    click(view.locator(".lk-refresh").first)
    note = view.locator(".lk-header-note")
    expect(note).to_contain_text("1 row added, 1 removed", timeout=TIMEOUT_MS)
    expect(note).to_contain_text(" since ")
    removed = view.locator(".lk-section-removed")
    expect(removed.locator(".lk-section-title")).to_contain_text("Removed since ")
    expect(removed.locator(".lk-mark-removed .lk-card-302")).to_have_count(1)
    new = view.locator(".lk-section-parents .lk-mark-new .lk-card-303")
    expect(new).to_have_count(1)
    expect(view.locator(".lk-section-parents .lk-card")).to_have_count(4)  # 301, 303, 301, 303
    new.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"{name}-refresh-marks.png"))


def test_the_demo_opens_at_its_address_and_refresh_shows_what_changed(
    database: Path, browser, tmp_path: Path, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    app = tmp_path / "served.ipynb"
    demo_notebook(app)
    with serve_notebook(app, tmp_path / "voila") as server:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(demo_url(server.url, 902, 1))  # the paused dance video, made by 812
            expect(header(page)).to_have_text("Asset 902", timeout=60_000)
            line = page.locator(".lk-header .lk-generation summary")
            expect(line).to_contain_text("made by generation 812")
            click(line)
            expect(page.locator(".lk-header .lk-generation")).to_contain_text("prompt")
            page.goto(demo_url(server.url, 310))
            _check_marks_after_refresh(page, page, database, artifacts, "voila")
        finally:
            page.close()
    assert server.returncode == 0, server.log_text()


def test_refresh_shows_what_changed_in_jupyterlab(
    database: Path, browser, tmp_path: Path, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    folder = tmp_path / "work"
    folder.mkdir()
    nb = json.loads(
        (Path(__file__).resolve().parents[2] / "notebooks" / "inspector.ipynb").read_text()
    )
    nb["cells"] = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "inspect",
            "metadata": {},
            "outputs": [],
            "source": NOTEBOOK_CELL,
        }
    ]
    (folder / "changes.ipynb").write_text(json.dumps(nb))
    with serve_jupyter("lab", folder, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(url + "lab/tree/changes.ipynb")
            expect(page.locator(".jp-Notebook:visible")).to_be_visible(timeout=90_000)
            run_all_cells(page)
            view = page.locator(".lk-inspector").first
            _check_marks_after_refresh(page, view, database, artifacts, "jupyterlab")
        finally:
            page.close()
