"""The views as widgets: one model each (the app at most five), bugs as tracebacks, the
static face as an output of its own, and the messages the front ends send."""

from __future__ import annotations

import warnings

import ipywidgets as w
import pytest

import lineage_kit as lk
from lineage_kit.widgets.faces import face_hint
from lineage_kit.widgets.gallery import AssetGallery
from lineage_kit.widgets.inspector import LineageInspector
from lineage_kit.widgets.layout import lineage_app


def models() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return set(w.Widget.widgets)


def test_an_app_is_at_most_five_widget_models(sample_store: lk.Store) -> None:
    before = models()
    app = lineage_app(sample_store, user_id=1, asset_id=310)
    made = models() - before
    assert len(made) == 3  # the app, the gallery, the inspector
    assert len(made) <= 5, sorted(type(w.Widget.widgets[m]).__name__ for m in made)
    app.inspector.receive({"type": "tab", "name": "graph"})
    app.inspector.cards[0].click()
    app.gallery.receive({"type": "search", "text": "harbour"})
    app.gallery.tiles[0].click()
    app.inspector.receive({"type": "back"})
    assert len(models() - before) == 4 <= 5  # the graph tab's view, made when first opened
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert all(w.Widget.widgets[m].layout is None for m in made)  # no Layout models


def test_the_vis_network_source_is_a_message_never_saved_state(sample_store: lk.Store) -> None:
    app = lineage_app(sample_store, user_id=1, asset_id=310)
    app.inspector.tab = "graph"
    graph = app.inspector.graph
    assert max(len(str(v)) for v in graph.get_state().values()) < 100_000
    sent: list[dict] = []
    graph.send = sent.append  # type: ignore[method-assign]
    graph.receive({"type": "vis"})  # the first view on a page asks for it
    assert sent[0]["type"] == "vis" and len(sent[0]["source"]) > 400_000


class Buggy:
    """A neighbour source with a bug (not one of the kit's errors)."""

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        raise ZeroDivisionError("a bug in a source")

    neighbours = describe = edges_among = contains


def test_a_bug_reaches_the_notebook_as_a_traceback() -> None:
    with pytest.raises(ZeroDivisionError, match="a bug in a source"):
        LineageInspector(Buggy(), user_id=1, asset_id=5)


def test_a_bug_in_the_gallery_is_raised_too(
    sample_store: lk.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = AssetGallery(sample_store, user_id=1, page_size=5)

    def bug(*_a, **_k):
        raise KeyError("bug")

    monkeypatch.setattr(lk, "find_assets", bug)
    with pytest.raises(KeyError):
        g.search("harbour")


def test_the_static_face_is_an_output_of_its_own(sample_store: lk.Store) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown: list[dict] = []
    real = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append(data)
    try:
        app = lineage_app(sample_store, user_id=1, asset_id=310)
        app._ipython_display_()
    finally:
        shell.display_pub.publish = real
    widget, face = shown
    assert set(widget) == {"application/vnd.jupyter.widget-view+json", "text/plain"}
    assert widget["text/plain"] == (
        "Lineage Inspector app · asset 310 (video) · 4 parents, 0 children · gallery of 41 assets"
    )
    assert set(face) == {"text/html"}
    html = face["text/html"]
    assert f'data-lk-face="{app.face_id}"' in html  # the live view hides it by this id
    assert '<img src="data:image/png;base64,' in html and "<table" in html
    assert "trust" not in html and "run the cell to use the inspector" in html


def test_the_hint_fits_the_front_end(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    assert face_hint() == "A static picture: run the cell to use the inspector."
    fake = types.SimpleNamespace(running_in_notebook=lambda: True)
    monkeypatch.setitem(sys.modules, "marimo", fake)
    assert "marimo edit or marimo run" in face_hint()
    view = AssetGallery(lk.connect(), user_id=1, page_size=1)
    assert view.live_hint == "A saved copy: run the notebook (marimo edit or marimo run) to use it."


def test_unknown_messages_are_ignored(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    for message in (
        {"type": "__class__"},
        {"type": "select"},
        {"type": "open", "asset_id": True},
        {"type": "open", "asset_id": "310; drop"},
        {"type": "control", "name": "source", "value": "x"},
        {"type": 7},
        {},
    ):
        insp.receive(message)
    assert insp.asset_id == 310 and insp.error == "" and insp.history == [310]


def test_the_kernel_answers_the_front_ends_ping(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    sent: list[dict] = []
    insp.send = sent.append  # type: ignore[method-assign]
    insp.receive({"type": "ping"})
    assert sent == [{"type": "pong"}]


def test_graph_edge_labels_are_one_line(sample_store: lk.Store) -> None:
    """A wrapped label ("TRANSITION_ / INPUT #3") sits across its own edge."""
    from lineage_kit.widgets.graph import graph_data

    data = graph_data(sample_store.lineage(310, user_id=1, max_depth=2))
    assert {e["label"] for e in data.edges} >= {"TRANSITION_INPUT #0", "TRANSITION_INPUT #3"}
    assert not [e["label"] for e in data.edges if "\n" in e["label"]]
