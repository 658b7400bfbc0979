"""Writing a lineage answer, or a whole scoped graph, in formats other tools read.

:func:`export` takes a :class:`~lineage_kit.Lineage` (one bounded answer) or
:class:`~lineage_kit.Frames` (a whole, already scoped graph) and returns text:

``json``
    The API shape (:meth:`Lineage.to_dict`); for Frames the same keys, with
    ``root_asset_id`` null and no ``depth`` on the nodes.
``graphml``
    networkx's GraphML writer, a multigraph keyed by lineage row id. GraphML
    has no null: attributes whose value is ``None`` are left out of the
    element (an absent ``<data>`` reads back as a missing attribute), and
    characters XML 1.0 forbids are replaced by U+FFFD.
``mermaid``
    A ``flowchart TD`` (parents above children), one arrow per lineage row,
    labelled with the relation, operation and (for multi-input operations or
    a non-zero order) ``seq <sequence_order>``. Labels are escaped with Mermaid's
    entity codes; descriptions are cut to 60 characters. In both drawings
    line breaks are flattened and control characters replaced by U+FFFD.
``dot``
    Graphviz DOT, the same drawing; labels are double-quoted with ``\\`` and
    ``"`` escaped.
``prov``
    W3C PROV-JSON through the ``prov`` package: each asset an entity
    ``asset:<id>``; each lineage row a derivation ``row:<id>`` (child derived
    from parent) whose activity is the operation that made the child
    (``op:<child>_<operation>``, one per child and operation), keeping
    ``relation_type``, ``sequence_order`` and the row's temporal fields as
    ``lk:`` attributes. Null values are left out.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(102, user_id=1)
>>> print(export(res, "mermaid").splitlines()[0])
flowchart TD
"""

from __future__ import annotations

import os

from ..files import check_path, write_text
from ..model.lineage import Lineage
from ..model.validate import check_choice
from ..sources.frames import Frames
from .drawing import draw_model
from .prov import PROV_NAMESPACES, prov, prov_document
from .text import dot, graphml, json_text, mermaid

__all__ = ["FORMATS", "PROV_NAMESPACES", "export", "prov_document"]

FORMATS = ("json", "graphml", "mermaid", "dot", "prov")

_WRITERS = {"json": json_text, "graphml": graphml, "mermaid": mermaid, "dot": dot, "prov": prov}


def export(obj: Lineage | Frames, format: str, path: str | os.PathLike[str] | None = None) -> str:
    """Render a lineage answer or a whole scoped graph as text; write it only when asked.

    Parameters
    ----------
    obj
        A :class:`~lineage_kit.Lineage` or :class:`~lineage_kit.Frames`.
    format
        One of ``json``, ``graphml``, ``mermaid``, ``dot``, ``prov`` (see the
        module docstring for what each holds).
    path
        Where to write the text (UTF-8). ``None``, the default, writes nothing.

    Returns
    -------
    str
        The rendered text (also when it was written to ``path``).

    Raises
    ------
    ValueError, TypeError
        An unknown format, or an object or path of the wrong type.
    lineage_kit.WriteError
        The file could not be written (the message names the path and why).

    Examples
    --------
    >>> import json, lineage_kit as lk
    >>> res = lk.connect().lineage(310, user_id=1, direction="parents")
    >>> json.loads(export(res, "json")) == res.to_dict()
    True
    >>> 'a301 -->|"TRANSITION_INPUT · video_transition · seq 3"| a310' in export(res, "mermaid")
    True
    """
    check_choice("format", format, FORMATS)
    if path is not None:
        check_path("path", path)
    model = draw_model(obj)
    text = _WRITERS[format](obj, model)
    if path is not None:
        write_text(path, text)
    return text
