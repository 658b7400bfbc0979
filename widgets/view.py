"""The base of every view of the UI: one anywidget model, its events, its static face.

Each view (the inspector, the gallery, the graph, the app that holds two of them) is one
:class:`anywidget.AnyWidget`: its state is traitlets, its front end one ES module of
``static/`` that renders from the traits and sends the user's events back as messages
``{"type": ..., ...}``. :class:`ViewWidget` routes a message to the method ``on_<type>``
(unknown types are ignored: a message is what a browser sent, not a call to trust), answers
the front end's ``ping`` (so a view restored from a saved notebook, with no kernel behind
it, can tell it is a copy and say how to make it live), and keeps each view to one model:
ipywidgets gives every ``DOMWidget`` a ``Layout`` model of its own, which these views do not
use (their stylesheet lays them out), so they have none.

Where no widget can run (an untrusted notebook, ``nbconvert --to html``, a repository
viewer), what shows is the static face (:mod:`.faces`).

Examples
--------
>>> class Echo(ViewWidget):
...     _esm = "export default { render() {} }"
...     def on_hello(self, content):
...         self.heard = content["name"]
>>> echo = Echo()
>>> echo.receive({"type": "hello", "name": "kernel"})
>>> echo.heard, echo.layout
('kernel', None)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

__all__ = ["ViewWidget", "in_marimo"]


def in_marimo() -> bool:
    """Whether this kernel is marimo's (its static faces then say how marimo runs a notebook).

    >>> in_marimo()
    False
    """
    marimo = sys.modules.get("marimo")  # a marimo kernel has imported it already
    return marimo is not None and bool(marimo.running_in_notebook())


class ViewWidget(anywidget.AnyWidget):
    """One view, one model: messages from the front end reach ``on_<type>`` methods.

    Attributes
    ----------
    live_hint : str
        Trait: what the view says when it finds no kernel behind it (a saved copy), in the
        words of the front end it was made in.
    """

    # No Layout model: the stylesheet lays the views out (and a model per view is the budget).
    layout = traitlets.Instance(w.Layout, allow_none=True).tag(sync=True, **w.widget_serialization)
    live_hint = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("layout", None)
        super().__init__(**kwargs)
        self.live_hint = (
            "A saved copy: run the notebook (marimo edit or marimo run) to use it."
            if in_marimo()
            else "A saved copy: run the cell to use it."
        )
        self.on_msg(self._message)

    def receive(self, content: dict[str, Any]) -> None:
        """Handle ``content`` as if the front end had sent it (tests drive views this way)."""
        kind = content.get("type")
        if not isinstance(kind, str) or not kind.isidentifier():
            return
        handler = getattr(self, f"on_{kind}", None)
        if callable(handler):
            handler(content)

    def on_ping(self, _content: dict[str, Any]) -> None:
        """The front end asks whether a kernel is behind it: answer ``pong``."""
        self.send({"type": "pong"})

    def _message(self, _widget: Any, content: Any, _buffers: Sequence[Any]) -> None:
        if isinstance(content, dict):
            self.receive(content)
