"""Exported notebooks keep their static faces: ``jupyter nbconvert --to html`` of the
inspector notebook, with its saved widget state and without it, and of notebook 02 after
executing it, opened in Chromium offline. Once a widget's state is saved, its MIME type wins
over every other part of its own output; the static face is an output of its own, so it
shows (the table and the PNG picture) where the widget cannot run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _export(notebook: Path, out: Path, *, execute: bool = False) -> Path:
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook)]
    cmd += ["--output-dir", str(out)] + (["--execute"] if execute else [])
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=out)
    assert done.returncode == 0, done.stderr
    return out / (notebook.stem + ".html")


def _open_offline(browser, html: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    local = ("file:", "data:")
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort())
    page.goto(html.as_uri())
    return page


def _pictures_drawn(page) -> list[int]:
    return page.locator("img[src^='data:image/png']").evaluate_all(
        "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
    )


@pytest.mark.parametrize("state", ["with-widget-state", "without-widget-state"])
def test_the_exported_inspector_shows_its_static_face(
    state: str, browser, artifacts, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    nb = json.loads((NOTEBOOKS / "inspector.ipynb").read_text())
    assert "widgets" in nb["metadata"]  # the committed notebook carries its widget state
    if state == "without-widget-state":
        del nb["metadata"]["widgets"]
    copy = tmp_path / "inspector.ipynb"
    copy.write_text(json.dumps(nb))
    page = _open_offline(browser, _export(copy, tmp_path))
    try:
        face = page.locator(".lk-static-face")
        expect(face.locator("table")).to_be_visible()
        expect(face.locator("tbody tr")).to_have_count(5)  # the selection and its 4 parents
        expect(face).to_contain_text("A static picture: run the cell to use the inspector.")
        assert "trust" not in face.inner_text()
        drawn = _pictures_drawn(page)
        assert len(drawn) == 1 and drawn[0] >= 400, drawn
        face.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"export-inspector-{state}.png"))
    finally:
        page.close()


def test_executing_then_exporting_keeps_the_graph_picture(browser, tmp_path: Path) -> None:
    copy = tmp_path / "02_provenance_questions.ipynb"
    copy.write_text((NOTEBOOKS / "02_provenance_questions.ipynb").read_text())
    page = _open_offline(browser, _export(copy, tmp_path, execute=True))
    try:
        drawn = _pictures_drawn(page)
        assert len(drawn) == 1 and drawn[0] >= 400, drawn
        assert "run the cell to use the graph" in page.inner_text("body")
    finally:
        page.close()
