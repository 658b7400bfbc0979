"""The committed notebooks in real JupyterLab 4 and Notebook 7 servers, driven by Chromium.

Each front end gets one server (per module) over a copy of ``notebooks/``, with fresh
Jupyter data folders, so every notebook opens as a colleague's would: never trusted. There
the stored outputs must show their static faces (the graph as a picture, the inspector as a
table) and never a raw widget repr. After "Run All Cells" the live widgets take over: a
card click updates the header, which stays in view, and the Graph tab draws exactly the
answer's nodes and edges. The HTML export of notebook 02 holds the static graph.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import lineage_kit as lk
from lineage_kit.widgets.voila import prepare_runtime
from tests.support.jupyter import run_all_cells, serve_jupyter
from tests.support.scenario import walk

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
OPEN = {"lab": "lab/tree/{name}", "notebook": "notebooks/{name}"}
RENDER_MS = 90_000


@pytest.fixture(scope="module", params=["lab", "notebook"])
def jupyter(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp(request.param)
    folder = tmp / "work"
    folder.mkdir()
    for nb in ("inspector.ipynb", "02_provenance_questions.ipynb"):
        shutil.copyfile(NOTEBOOKS / nb, folder / nb)
    shutil.copyfile(NOTEBOOKS / "inspector.ipynb", folder / "trusted.ipynb")
    old = json.loads((NOTEBOOKS / "01_quickstart.ipynb").read_text())
    old["metadata"]["kernelspec"]["display_name"] = "Python 3"  # as committed before
    (folder / "old-kernelspec.ipynb").write_text(json.dumps(old))
    env = prepare_runtime(tmp)  # the server's own data folder holds the trust database
    subprocess.run(
        [sys.executable, "-m", "jupyter", "trust", str(folder / "trusted.ipynb")],
        env=env,
        check=True,
        capture_output=True,
    )
    with serve_jupyter(request.param, folder, tmp) as url:
        yield request.param, url


@pytest.fixture()
def page_at(browser) -> Iterator:
    contexts = []

    def open_page(width: int):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


def _open(page, jupyter, name: str) -> None:
    app, url = jupyter
    page.goto(url + OPEN[app].format(name=name))


def test_committed_notebooks_opened_untrusted_show_static_faces(jupyter, page_at, artifacts):
    from playwright.sync_api import expect

    page = page_at(1280)
    _open(page, jupyter, "02_provenance_questions.ipynb")
    picture = page.locator(".jp-OutputArea-output img[src^='data:image/png']")
    expect(picture.first).to_be_visible(timeout=RENDER_MS)
    picture.first.scroll_into_view_if_needed()
    assert picture.first.evaluate("img => img.complete && img.naturalWidth") >= 400
    page.screenshot(path=str(artifacts / f"{jupyter[0]}-untrusted-02.png"))
    _open(page, jupyter, "inspector.ipynb")
    face = page.locator(".jp-OutputArea-output table").first
    expect(face).to_be_visible(timeout=RENDER_MS)
    hint = page.get_by_text("A static picture: run the cell to use the inspector")
    expect(hint.first).to_be_visible()
    assert not [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if "trust" in t]
    assert "LineageApp(children=" not in page.inner_text("body")
    assert page.locator(".jp-OutputArea-output img[src^='data:image/png']").count() >= 1
    page.screenshot(path=str(artifacts / f"{jupyter[0]}-untrusted-inspector.png"))


@pytest.mark.parametrize("width", [1000, 1400])
def test_after_run_all_the_inspector_works_and_keeps_the_selection_in_view(
    jupyter, page_at, artifacts, width: int
):
    from playwright.sync_api import expect

    page = page_at(width)
    _run_all(page, jupyter, "inspector.ipynb")
    header = page.locator(".lk-inspector .lk-header .lk-title").first
    try:
        expect(header).to_have_text("Asset 310", timeout=RENDER_MS)
    finally:
        page.screenshot(path=str(artifacts / f"{jupyter[0]}-{width}-run-all.png"))
    expect(page.locator(".lk-gallery .lk-tile")).to_have_count(24)  # the probe is not displayed
    app = page.locator(".lk-app").first
    # A tile near the bottom of the gallery: the header must be in view after the click.
    tile = app.locator(".lk-tile-202")  # the last of the first page
    tile.scroll_into_view_if_needed()
    tile.click()
    expect(header).to_have_text("Asset 202")
    box = header.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    card = app.locator(".lk-section-parents .lk-card-201").first  # 201 feeds 202 twice
    card.scroll_into_view_if_needed()
    card.click()
    expect(header).to_have_text("Asset 201")
    box = header.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    page.screenshot(path=str(artifacts / f"{jupyter[0]}-{width}-after-click.png"))
    # The Graph tab draws exactly the answer.
    app.locator(".lk-tab-graph").click()
    view = app.locator(".lk-graph-view")
    expect(view.locator("canvas")).to_be_visible(timeout=RENDER_MS)
    page.wait_for_function(
        "() => { const v = document.querySelector('.lk-app .lk-graph-view');"
        " return v && v.lineageKitNetwork; }"
    )
    drawn = view.evaluate(
        "el => [el.lineageKitNetwork.body.data.nodes.getIds().sort((a, b) => a - b),"
        " el.lineageKitNetwork.body.data.edges.getIds().sort((a, b) => a - b)]"
    )
    res = lk.connect().lineage(201, user_id=1)
    assert drawn == [sorted(n.id for n in res.nodes), sorted(e.id for e in res.edges)]
    page.screenshot(path=str(artifacts / f"{jupyter[0]}-{width}-graph.png"))


def _run_all(page, jupyter, name: str) -> None:
    from playwright.sync_api import expect

    _open(page, jupyter, name)
    expect(page.locator(".jp-Notebook:visible")).to_be_visible(timeout=RENDER_MS)
    run_all_cells(page)


def test_the_shared_walk_after_run_all(jupyter, page_at, artifacts) -> None:
    """The walk every front end drives (tests/support/scenario.py); the static face printed
    beside the live app is hidden once the kernel answers."""
    from playwright.sync_api import expect

    page = page_at(1280)
    _run_all(page, jupyter, "inspector.ipynb")
    app = page.locator(".lk-app").first
    walk(page, app)
    expect(page.locator(".lk-static-face").first).to_be_hidden()
    expect(app.locator(".lk-saved-copy")).to_have_count(0)
    page.mouse.move(0, 0)
    page.screenshot(path=str(artifacts / f"{jupyter[0]}-after-walk.png"))


def test_a_trusted_saved_notebook_says_it_is_a_copy(jupyter, page_at, artifacts) -> None:
    """Trusted, not run: the saved widget state is restored with no kernel behind it. The
    views say so in words that are true here (run the cell), and the static face beside them
    (table and picture) stays in view."""
    from playwright.sync_api import expect

    app_name = jupyter[0]
    page = page_at(1280)
    _open(page, jupyter, "trusted.ipynb")
    # JupyterLab restores the tabs of earlier tests: read the one on show
    banner = page.locator(".lk-app.lk-saved-copy > .lk-saved-banner").locator("visible=true").first
    expect(banner).to_have_text("A saved copy: run the cell to use it.", timeout=RENDER_MS)
    page.screenshot(path=str(artifacts / f"{app_name}-trusted-saved.png"))
    # the banner heads the app: above the inspector and the gallery
    body = page.locator(".lk-app > .lk-app-body").locator("visible=true").first
    assert banner.bounding_box()["y"] < body.bounding_box()["y"]
    face = page.locator(".lk-static-face table").locator("visible=true").first
    face.scroll_into_view_if_needed()
    expect(face).to_be_visible()
    assert not [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if "trust" in t]


@pytest.mark.parametrize("jupyter", ["lab"], indirect=True)
def test_opening_a_committed_notebook_leaves_it_unmodified(jupyter, page_at) -> None:
    """Its metadata is what the kernel writes, so opening it changes nothing (a copy with
    the old kernelspec name is the control: that one turns modified). Read on JupyterLab's
    tab, which marks a modified document (Notebook 7 shows no such mark)."""
    from playwright.sync_api import expect

    page = page_at(1280)
    for name, dirty in (("old-kernelspec.ipynb", 1), ("inspector.ipynb", 0)):
        _open(page, jupyter, name)
        select = page.locator(".jp-Dialog button", has_text="Select")
        try:
            select.wait_for(timeout=10_000)
            select.click()
        except Exception:
            pass
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        expect(idle.first).to_be_attached(timeout=RENDER_MS)
        page.wait_for_timeout(3000)  # the kernel's info reaches the metadata
        tab = page.locator(".lm-TabBar-tab.lm-mod-current")
        expect(tab.locator("xpath=self::*[contains(@class, 'jp-mod-dirty')]")).to_have_count(dirty)


def test_html_export_holds_the_static_graph(tmp_path: Path, browser) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "html",
            str(NOTEBOOKS / "02_provenance_questions.ipynb"),
            "--output-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    html_file = tmp_path / "02_provenance_questions.html"
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(html_file.as_uri())
        picture = page.locator("img[src^='data:image/png']")
        assert picture.count() == 1
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("img => img.complete && img.naturalWidth") >= 400
    finally:
        page.close()
