"""Static faces: what a notebook shows where the widgets cannot run.

An untrusted notebook, ``jupyter nbconvert --to html`` and repository viewers show the
static parts of an output's MIME bundle, not its widget view. Each widget of this package
therefore displays with a readable ``text/plain`` line and a ``text/html`` summary (the
selected asset, its parents and children as a table, and a PNG picture of the graph: the
one image format all of them render), beside the widget view that takes over wherever it
can run. Nothing here is an ``<iframe>`` or ``<svg>``, which sanitizers strip.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> bundle, _ = LineageInspector(lk.connect(), user_id=1, asset_id=310)._repr_mimebundle_()
>>> bundle["text/plain"]
'Lineage Inspector · asset 310 (video) · 4 parents, 0 children · run the cell to use it'
>>> '<img src="data:image/png;base64,' in bundle["text/html"]
True
>>> "order 1 · 2–5 s · duration 3 s · “boats set sail”" in bundle["text/html"]
True
"""

from __future__ import annotations

import base64
from typing import Any

import lineage_kit as lk

from .cards import Section
from .templating import render

__all__ = ["StaticFace", "inspector_face", "picture_uri"]


class StaticFace:
    """Mixin for a widget: its MIME bundle gains a readable text and a static face.

    ``_static_face()`` returns the ``text/plain`` line and the ``text/html`` summary;
    ``_static_parts()`` may add other static types (the graph's ``image/png``).
    """

    def _static_face(self) -> tuple[str, str]:
        raise NotImplementedError

    def _static_parts(self) -> dict[str, str]:
        plain, html = self._static_face()
        return {"text/plain": plain, "text/html": html}

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        found = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        # ipywidgets returns the bundle, anywidget a (bundle, metadata) pair.
        data, metadata = found if isinstance(found, tuple) else (found, {})
        return {**data, **self._static_parts()}, metadata


def picture_uri(res: lk.Lineage) -> str:
    """The graph picture of ``res`` as a ``data:image/png`` URI."""
    from .graph import graph_picture

    return "data:image/png;base64," + base64.b64encode(graph_picture(res)).decode()


def _rows(sections: list[Section]) -> list[dict[str, Any]]:
    """One table row per card: the card's details and prompt, as the card shows them."""
    rows = []
    for s in sections:
        for c in s.cards:
            details = [n.text for n in c.details if n.kind != "via"]
            details += [f"“{c.prompt}”" if c.prompt else "", c.via]
            rows.append(
                {
                    "section": s.title,
                    "node": c.node,
                    "edge": c.edge,
                    "details": " · ".join(d for d in details if d),
                }
            )
    return rows


def inspector_summary(res: lk.Lineage | None, error: str) -> str:
    """The one-line text face of an inspector."""
    if res is None:
        return "Lineage Inspector · no asset shown" + (f" · {error}" if error else "")
    parents = len(res.parents_of(res.root_asset_id))
    children = len(res.children_of(res.root_asset_id))
    return (
        f"Lineage Inspector · asset {res.root_asset_id} ({res.root.asset.media_type}) · "
        f"{parents} parent{'s' * (parents != 1)}, {children} child{'ren' * (children != 1)} · "
        "run the cell to use it"
    )


def inspector_face(res: lk.Lineage | None, sections: list[Section], error: str) -> tuple[str, str]:
    """The text and HTML faces of an inspector showing ``res``."""
    html = render(
        "static_inspector.html.j2",
        res=res,
        rows=_rows(sections),
        error=error,
        picture=picture_uri(res) if res is not None else None,
    )
    return inspector_summary(res, error), html
