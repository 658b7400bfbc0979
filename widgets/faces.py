"""Static faces: what a notebook shows where the views cannot run.

An untrusted notebook, ``jupyter nbconvert --to html`` and repository viewers show the
static outputs of a cell, not a widget. And once a notebook carries its widget state (as
``nbconvert --execute`` stores it), the widget's MIME type wins over every other part of
its own output: a static part in the widget's bundle would never show. So a view is shown
as **two outputs**: the widget, whose bundle holds the widget view and a one-line
``text/plain`` summary, then the static face, an output of its own (``text/html``: the
selected asset, its parents and children as a table, and a PNG picture of the graph, the one
image format all of them render; no ``<iframe>`` or ``<svg>``, which sanitizers strip).

When the widget runs live, its front end hides the static face beside it (the two share a
``face_id``) as soon as the kernel answers its first message; a widget restored from saved
state with no kernel behind it keeps the face and says how to make it live.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=310)
>>> insp._repr_mimebundle_()[0]["text/plain"]
'Lineage Inspector · asset 310 (video) · 4 parents, 0 children'
>>> face = insp.static_face()
>>> '<img src="data:image/png;base64,' in face["text/html"], insp.face_id in face["text/html"]
(True, True)
>>> "order 1 · 2–5 s · duration 3 s · “boats set sail”" in face["text/html"]
True
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import markupsafe
import traitlets

import lineage_kit as lk

from .cards import Section
from .templating import render
from .view import in_marimo

__all__ = ["StaticFace", "face_hint", "inspector_face", "inspector_summary"]


def face_hint(what: str = "inspector") -> str:
    """What the static face says about using the view, in the words of this front end.

    A trusted notebook restores a saved widget without a kernel behind it, so only running
    the cell makes the view live: the hint says that, and nothing about trust.

    >>> face_hint("graph")
    'A static picture: run the cell to use the graph.'
    """
    how = "open the notebook with marimo edit or marimo run" if in_marimo() else "run the cell"
    return f"A static picture: {how} to use the {what}."


class StaticFace(traitlets.HasTraits):
    """Mixin for a view: a readable ``text/plain`` summary and a static face of its own.

    ``_summary()`` returns the one-line text; ``_face_parts()`` the static face's MIME
    parts (``text/html``, and an ``image/png`` where there is a picture).
    """

    face_id = traitlets.Unicode().tag(sync=True)
    _face_what = "inspector"

    @traitlets.default("face_id")
    def _new_face_id(self) -> str:
        return uuid.uuid4().hex

    def _summary(self) -> str:
        raise NotImplementedError

    def _face_parts(self) -> dict[str, str]:
        raise NotImplementedError

    def static_face(self) -> dict[str, str]:
        """The static face as a MIME bundle (it carries this view's ``face_id``)."""
        parts = self._face_parts()
        hint = face_hint(self._face_what)
        body = markupsafe.Markup(parts["text/html"])  # rendered by our own templates
        parts["text/html"] = render("face.html.j2", face_id=self.face_id, body=body, hint=hint)
        return parts

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        found = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        data, metadata = found if isinstance(found, tuple) else (found, {})
        return {**data, "text/plain": self._summary()}, metadata

    def _ipython_display_(self) -> None:
        from IPython.display import display

        data, metadata = self._repr_mimebundle_()
        display(data, metadata=metadata, raw=True)
        display(self.static_face(), raw=True)


def _rows(sections: list[Section], marks: Mapping[int, str]) -> list[dict[str, Any]]:
    """One table row per card: the card's details and prompt, as the card shows them, and its
    mark (``new``, ``changed``, ``removed``) after a Refresh."""
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
                    "mark": "removed" if s.key == "removed" else _mark(c, marks),
                }
            )
    return rows


def _mark(card: Any, marks: Mapping[int, str]) -> str:
    return marks.get(card.edge.id, "") if card.edge is not None else ""


def inspector_summary(res: lk.Lineage | None, error: str) -> str:
    """The one-line text face of an inspector.

    >>> inspector_summary(None, "")
    'Lineage Inspector · no asset shown'
    """
    if res is None:
        return "Lineage Inspector · no asset shown" + (f" · {error}" if error else "")
    parents = len(res.parents_of(res.root_asset_id))
    children = len(res.children_of(res.root_asset_id))
    return (
        f"Lineage Inspector · asset {res.root_asset_id} ({res.root.asset.media_type}) · "
        f"{parents} parent{'s' * (parents != 1)}, {children} child{'ren' * (children != 1)}"
    )


def inspector_face(
    res: lk.Lineage | None,
    sections: list[Section],
    error: str,
    picture: str | None,
    *,
    marks: Mapping[int, str] | None = None,
    note: str = "",
    generation: lk.Generation | None = None,
) -> str:
    """The static HTML of an inspector showing ``res`` (``picture``: a PNG ``data:`` URI),
    with what a Refresh found (``marks`` by row id, the header's ``note``) and the
    generation that made the asset."""
    return render(
        "static_inspector.html.j2",
        res=res,
        rows=_rows(sections, marks or {}),
        error=error,
        picture=picture,
        note=note,
        generation=generation,
    )
