"""Reprs that stay short on a terminal: a ``data:`` URI is shown as its type and length.

A thumbnail read from pixsim7's storage folder is a ``data:`` URI of tens of
kilobytes of base64. The values keep it whole (JSON, a UI, ``==``); only what a
terminal prints is cut, so ``res.to_dict()`` or ``res.flat()["parents"]`` at a
prompt shows the answer rather than screens of base64.

>>> d = Summary(id=5, thumbnail_url="data:image/jpeg;base64," + "A" * 5000)
>>> d
{'id': 5, 'thumbnail_url': <data:image/jpeg;base64 URI, 5,023 characters>}
>>> len(d["thumbnail_url"]), d == {"id": 5, "thumbnail_url": d["thumbnail_url"]}
(5023, True)
"""

from __future__ import annotations

from typing import Any

__all__ = ["CUT_FROM", "Summary", "shown"]

CUT_FROM = 100
"""A ``data:`` URI longer than this many characters is shown as its type and length."""


class _Cut:
    """What a repr shows in place of a long ``data:`` URI."""

    __slots__ = ("text",)

    def __init__(self, uri: str) -> None:
        head = uri.split(",", 1)[0]
        self.text = f"<{head} URI, {len(uri):,} characters>"

    def __repr__(self) -> str:
        return self.text


def shown(value: Any) -> Any:
    """``value`` as a repr should show it: a long ``data:`` URI cut, anything else as it is.

    >>> shown("data:image/png;base64," + "A" * 200), shown("https://x/y.jpg")
    (<data:image/png;base64 URI, 222 characters>, 'https://x/y.jpg')
    """
    if isinstance(value, str) and len(value) > CUT_FROM and value.startswith("data:"):
        return _Cut(value)
    return value


class Summary(dict[str, Any]):
    """A plain ``dict`` (JSON, ``==``, pickling as one) whose repr cuts ``data:`` URIs."""

    __slots__ = ()

    def _shown(self) -> dict[str, Any]:
        return {key: shown(value) for key, value in self.items()}

    def __repr__(self) -> str:
        return repr(self._shown())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's pretty printer: the same cut, in its layout."""
        if cycle:
            printer.text("{...}")
        else:
            printer.pretty(self._shown())
