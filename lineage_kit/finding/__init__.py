"""Finding the clip first: by database id, provider asset id, key, path, description or prompt.

What a match is and how hits are ordered is :mod:`lineage_kit.finding.policy`'s
policy, the same for every source; a source only computes it (SQL on PostgreSQL
riding pixsim7's own indexes, plain scans elsewhere). Read-only, owner-scoped
like every query, bound parameters only.

Examples
--------
>>> import lineage_kit as lk
>>> store = lk.connect()
>>> [(h.id, h.field) for h in lk.find_assets(store, "pixverse:374351749764234", user_id=1)]
[(101, 'provider_asset_id')]
>>> [(h.id, h.how) for h in lk.find_assets(store, "the cat", user_id=1)]
[(104, 'contains the query'), (103, 'contains the query'), (102, 'contains the query')]
>>> lk.resolve_asset(store, "374351749764301", user_id=1)
102
"""

from __future__ import annotations

from typing import Any

from ..catalog import asset_nodes
from ..model.validate import check_user_id
from ..sources import as_catalog
from .hits import FindResult, Hit
from .policy import DEFAULT_LIMIT, SearchQuery, check_limit, order, rank_field
from .searchers import as_searcher

__all__ = ["RESOLVE_LIMIT", "find_assets", "resolve_asset"]

RESOLVE_LIMIT = 10
"""Hits a resolution reads: enough to list the choices when a reference is ambiguous."""


def find_assets(
    source: Any,
    query: str | int,
    *,
    user_id: int | None,
    limit: int = DEFAULT_LIMIT,
    text: bool = True,
) -> FindResult:
    """Assets that match ``query``, best first, each with the field it matched.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    query
        A database id (``310``, ``#310``, ``id:310``), a provider asset id
        (``374351749764234``, or ``pixverse:374351749764234`` for one provider),
        a ``sha256``, a ``stored_key`` or ``local_path``, or words of a description or
        prompt; 1 to 500 characters, at most 16 words.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    limit
        Hits to return, 1 to 500; the result says ``truncated`` when more matched.
    text
        ``False`` compares the exact fields only (ids, keys, paths, hashes).

    Returns
    -------
    FindResult
        Exact matches first (database id, provider asset id, sha256, stored_key,
        local_path), then descriptions and prompts, whole phrases before scattered
        words, newest first within each kind; each :class:`~lineage_kit.Hit` carries
        the asset's summary with its degree counts, the field and how it matched.

    Raises
    ------
    lineage_kit.InvalidArgument
        An empty or oversized query, too many words, or a bad ``limit``.
    lineage_kit.InvalidArgumentType
        A query that is not text, or a source that cannot search.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> found = lk.find_assets(lk.connect(), "skateboard", user_id=1)
    >>> [(h.id, h.field, h.value) for h in found]
    [(101, 'description', 'Base clip: a cat rides a skateboard'), \
(104, 'prompt', 'The cat falls off the skateboard, comic timing')]
    >>> lk.find_assets(lk.connect(), "", user_id=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgument: query must not be empty: give a database id, ...
    """
    uid = check_user_id(user_id)
    q = SearchQuery.parse(query)
    limit = check_limit(limit)
    src = as_catalog(source)
    searcher = as_searcher(src)
    ranked = order(searcher.find_candidates(q, limit + 1, uid, bool(text)), limit + 1)
    kept = ranked[:limit]
    nodes = asset_nodes(src, [c.asset_id for c in kept], uid)
    hits = [
        Hit(node=node, field=rank_field(c.rank)[0], rank=c.rank, value=c.value)
        for c, node in zip(kept, nodes, strict=True)
    ]
    return FindResult(
        query=q.text, user_id=uid, limit=limit, truncated=len(ranked) > limit, hits=tuple(hits)
    )


def resolve_asset(source: Any, ref: str | int, *, user_id: int | None, text: bool = False) -> int:
    """The database id of the one asset ``ref`` names, as a command line or id box reads it.

    ``ref`` is what :func:`find_assets` takes. Exact matches (an id, a provider asset
    id, a hash, a key, a path) decide when there are any: one names its asset, several
    are ambiguous. Words never name an asset unless ``text=True``, and then only when
    exactly one asset's description or prompt matches them; words that match are
    never reported as "not found".

    Raises
    ------
    lineage_kit.AssetNotFound
        Nothing in scope matches (the same whether missing or another owner's).
    lineage_kit.AmbiguousAsset
        Several assets match, or (without ``text=True``) only words match; the error
        lists them (``id:N`` picks one).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> lk.resolve_asset(lk.connect(), "pixverse:374351749764377", user_id=1)
    103
    >>> lk.resolve_asset(lk.connect(), "pixverse:374351749764377", user_id=2)
    Traceback (most recent call last):
    ...
    lineage_kit.errors.AssetNotFound: no asset matches 'pixverse:374351749764377' for user_id=2
    >>> lk.resolve_asset(lk.connect(), "harbour", user_id=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lineage_kit.errors.AmbiguousAsset: 'harbour' names no asset by id, key or path ...
    """
    exact = find_assets(source, ref, user_id=user_id, limit=RESOLVE_LIMIT, text=False)
    if exact.hits:
        return exact.unique.id
    # No exact match: the words decide between "not found" and "these match".
    found = find_assets(source, ref, user_id=user_id, limit=RESOLVE_LIMIT, text=True)
    if found.hits and not text:
        raise found.ambiguous(by_words=True)
    return found.unique.id
