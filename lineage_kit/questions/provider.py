"""One asset's provider metadata, read as pixsim7 reads it (for cards and notebooks)."""

from __future__ import annotations

from typing import Any

from ..catalog import asset_details
from ..errors import AssetNotFound
from ..model.provider import PixverseMetadata, pixverse_metadata
from ..model.validate import check_asset_id, check_user_id

__all__ = ["provider_metadata"]


def provider_metadata(source: Any, asset_id: int, *, user_id: int | None) -> PixverseMetadata:
    """The asset's Pixverse payload as pixsim7's extractor reads it (one statement).

    What a card shows beside a lineage row: for a transition input of row
    ``e``, ``provider_metadata(src, e.child_asset_id, user_id=u).segment(e.sequence_order)``
    gives its prompt, duration and place in the video; for a fusion input,
    ``.fusion_entry(e.sequence_order)`` its name and type; for an extension,
    ``.original_video_id`` and ``.source_video_duration``. An asset without a
    Pixverse payload gives empty metadata.

    Raises
    ------
    AssetNotFound
        The asset is missing or belongs to another owner.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> provider_metadata(lk.connect(), 310, user_id=1).segment(1)
    Segment(prompt='boats set sail', duration=3.0, start=2.0, end=5.0)
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    found = asset_details(source, [root], user_id=uid)
    if root not in found:
        raise AssetNotFound(root, uid)
    return pixverse_metadata(found[root].get("media_metadata"))
