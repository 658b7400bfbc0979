"""What a refresh would rebuild, and the generation behind an asset.

pixsim7 rebuilds a child's lineage from two places (its refresh, ``POST
/api/v1/lineage/refresh``): the Pixverse payload in ``media_metadata`` and the
inputs of the generation that made the asset (``generations.inputs``).
:func:`expected_parents` reads both from the database alone, as pixsim7 would,
and says which rows the database already holds; :func:`generation_of` returns
the generation itself. The rules: :mod:`lineage_kit.model.refresh_rules`.

``generations`` is optional: a source without it answers ``None`` (and
``expected_parents`` reads the payload only), with a warning the first time
(:class:`~lineage_kit.errors.NoGenerations`), never an error.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import AssetNotFound, warn_no_generations
from ..model.asset_refs import asset_ref_id
from ..model.generation import Generation, GenerationInput, generation_from_record
from ..model.records import json_document
from ..model.schema import generations as generations_table
from ..model.validate import check_asset_id, check_flag, check_user_id
from .expected import EXPECTED_COLUMNS, expected_frame, expected_rows
from .facts import facts_of

__all__ = [
    "EXPECTED_COLUMNS",
    "Generation",
    "GenerationInput",
    "expected_parents",
    "generation_of",
]


def expected_parents(
    source: Any, asset_id: int, *, user_id: int | None, skipped: bool = False
) -> pd.DataFrame:
    """The parents pixsim7's refresh would link to ``asset_id``, read from the database alone.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store`, or :class:`~lineage_kit.Frames` (or a networkx
        graph made from them) holding ``generations`` for the generation's inputs.
    asset_id
        The child; it must be in the owner's scope.
    user_id
        The owner (``None``: every owner). Another owner's generation does not exist
        for the scope, and a parent out of scope reads as ``None``.
    skipped
        Also list the inputs the refresh skips (``written`` false; ``note`` says why:
        a reference form its writer does not link, a parent already linked by the
        payload, the asset itself, a repeated row, a batch its insert refuses).

    Returns
    -------
    pandas.DataFrame
        One row per input, in the order the refresh writes them (the payload's, then
        the generation's), columns :data:`EXPECTED_COLUMNS`: ``source`` (``payload`` or
        ``generation``), ``input`` (its position in the payload's list or in
        ``generations.inputs``), ``reference`` (the URL, or the ``asset`` value as
        stored), ``parent_asset_id`` (``None``: a placeholder pixsim7 would create, or
        an asset out of scope; ``note`` says which), ``relation_type``,
        ``operation_type``, ``sequence_order``, the time span and frame as pixsim7 writes
        them, ``linked`` (a row in scope already links that parent with that relation
        and order), ``written`` and ``note``.

    Raises
    ------
    AssetNotFound
        ``asset_id`` is not in scope (missing, or another owner's).
    InvalidArgument, InvalidArgumentType
        A bad argument, before anything is read.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> e = lk.expected_parents(lk.connect(), 910, user_id=1)
    >>> e[["source", "parent_asset_id", "sequence_order", "linked"]].values.tolist()
    [['payload', 911, 0, True], ['payload', 912, 1, True], ['payload', <NA>, 2, False], \
['generation', 913, 2, True]]
    """
    uid = check_user_id(user_id)
    child_id = check_asset_id(asset_id)
    more = check_flag("skipped", skipped)
    with facts_of(source) as facts:
        children = facts.children([child_id], uid)
        if not children:
            raise AssetNotFound(child_id, uid)
        if facts.missing is not None:
            warn_no_generations(facts.missing)
        rows = expected_rows(facts, children, uid)
        keys = facts.lineage_keys([child_id], uid)
    shown = rows if more else [r for r in rows if r.written]
    frame = expected_frame(shown, keys, [c for c in EXPECTED_COLUMNS if c != "child_asset_id"])
    frame.attrs["generations"] = facts.missing or "read"
    return frame


def generation_of(source: Any, asset_id: int, *, user_id: int | None) -> Generation | None:
    """The generation that made ``asset_id`` (``assets.source_generation_id``), or ``None``.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store`, or :class:`~lineage_kit.Frames` (or a networkx
        graph made from them) holding ``generations``.
    asset_id
        The asset; it must be in the owner's scope.
    user_id
        The owner (``None``: every owner). A generation of another owner does not
        exist for the scope (``None``); its inputs resolve only to assets in scope.

    Returns
    -------
    Generation or None
        ``None`` when the asset has no generation, when it belongs to another owner,
        or when the source has no ``generations`` table (then a
        :class:`~lineage_kit.errors.NoGenerations` warning says why, once).

    Raises
    ------
    AssetNotFound
        ``asset_id`` is not in scope (missing, or another owner's).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> g = lk.generation_of(lk.connect(), 902, user_id=1)
    >>> g.line()
    'made by generation 812 · completed · pixverse · 40 credits'
    >>> [(i.role, i.asset_id) for i in g.inputs]
    [('source_image', 901)]
    >>> lk.generation_of(lk.connect(), 901, user_id=1) is None   # an upload
    True
    """
    uid = check_user_id(user_id)
    child_id = check_asset_id(asset_id)
    columns = [c.name for c in generations_table.c if c.name != "id"]
    with facts_of(source) as facts:
        children = facts.children([child_id], uid, columns)
        if not children:
            raise AssetNotFound(child_id, uid)
        if facts.missing is not None:
            warn_no_generations(facts.missing)
            return None
        gen = children[0].generation
        if gen is None:
            return None
        record = {"id": gen["id"], **gen}
        refs = {
            ref
            for ref in (asset_ref_id(i.get("asset")) for i in _inputs(record))
            if ref is not None
        }
        scoped = facts.in_scope(refs, uid) if refs else set()
    return generation_from_record(record, scoped)


def _inputs(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The generation's inputs that name an asset (``inputs`` as JSON text or a list)."""
    raw = json_document(record.get("inputs"))
    if not isinstance(raw, list):
        return []
    return [i for i in raw if isinstance(i, dict) and i.get("asset")]
