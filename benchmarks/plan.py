"""The benchmark dataset's design: families of assets, the lineage rows of each, the hubs,
and the :class:`Plan` that derives every size and landmark id from the scale.

>>> plan = Plan.for_scale(1.0)
>>> plan.assets, plan.hub_children, plan.hub2_children
(1010006, 100000, 10000)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "BLOCK",
    "FAMILY",
    "HUB2_ANCESTORS",
    "OWNERS",
    "POSITIONS",
    "ROWS_PER_FAMILY",
    "TEMPLATE",
    "Plan",
]

OWNERS = 100
FAMILY = 20  # assets per family
BLOCK = OWNERS * FAMILY  # one family per owner, ids interleaved
HUB_CHILDREN_AT_SCALE_1 = 100_000
HUB2_CHILDREN_AT_SCALE_1 = 10_000
HUB2_OWNER = 3
HUB2_ANCESTORS = 4  # parents A and B, A's parent C, C's parent D


# position in family -> (media type label, assets.operation_type, upload_method)
POSITIONS = [
    (0, "IMAGE", "text_to_image", "generated"),  # image_to_image from the previous block
    (1, "IMAGE", "text_to_image", "generated"),
    (2, "IMAGE", "image_edit", "generated"),
    (3, "VIDEO", "image_to_video", "pixverse_sync"),
    (4, "VIDEO", "video_extend", "pixverse_sync"),
    (5, "VIDEO", "video_extend", "pixverse_sync"),
    (6, "VIDEO", "video_extend", "pixverse_sync"),
    (7, "VIDEO", "video_extend", "pixverse_sync"),
    (8, "IMAGE", None, "video_capture"),
    (9, "IMAGE", None, "video_capture"),
    (10, "VIDEO", "image_to_video", "pixverse_sync"),
    (11, "VIDEO", "video_transition", "pixverse_sync"),
    (12, "VIDEO", "video_transition", "pixverse_sync"),
    (13, "VIDEO", "fusion", "pixverse_sync"),
    (14, "VIDEO", "video_extend", "pixverse_sync"),
    (15, "VIDEO", "video_extend", "pixverse_sync"),
    (16, "IMAGE", "image_edit", "generated"),
    (17, "VIDEO", "image_to_video", "pixverse_sync"),
    (18, "VIDEO", "video_transition", "pixverse_sync"),
    (19, "VIDEO", "video_extend", "pixverse_sync"),
]

# (child position, parent position, relation_type, operationtype label, sequence_order,
#  parent_frame, parent_start_time, parent_end_time); a parent of 100 + k is position k
# of the same owner's family in the previous block, 200 + k position k in the first
# block of the decade (a favourite image that later transitions and fusions reuse).
# Labels mix the legacy upper-case enum labels with today's lower-case ones, as a live
# database does.
TEMPLATE: list[tuple[Any, ...]] = [
    (0, 116, "SOURCE_IMAGE", "image_to_image", 0, None, None, None),
    (1, 116, "SOURCE_IMAGE", "image_to_image", 0, None, None, None),
    (2, 0, "SOURCE_IMAGE", "image_edit", 0, None, None, None),
    (3, 0, "SOURCE_IMAGE", "IMAGE_TO_VIDEO", 0, None, None, None),
    (3, 0, "source", "image_to_video", 0, None, None, None),
    (4, 3, "SOURCE_VIDEO", "VIDEO_EXTEND", 0, None, None, None),
    (5, 4, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
    (6, 5, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
    (7, 6, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
    (8, 7, "PAUSED_FRAME", "frame_extraction", 0, 84, 3.5, None),
    (9, 7, "PAUSED_FRAME", "frame_extraction", 0, 30, 1.25, None),
    (10, 8, "SOURCE_IMAGE", "image_to_video", 0, None, None, None),
    (11, 0, "TRANSITION_INPUT", "video_transition", 0, None, 0.0, 5.0),
    (11, 1, "TRANSITION_INPUT", "video_transition", 1, None, 5.0, 10.0),
    (11, 2, "TRANSITION_INPUT", "video_transition", 2, None, 10.0, 15.0),
    (11, 0, "TRANSITION_INPUT", "video_transition", 3, None, 15.0, 20.0),
    (12, 1, "TRANSITION_INPUT", "VIDEO_TRANSITION", 0, None, 0.0, 5.0),
    (12, 8, "TRANSITION_INPUT", "VIDEO_TRANSITION", 1, None, 5.0, 10.0),
    (12, 9, "TRANSITION_INPUT", "VIDEO_TRANSITION", 2, None, 10.0, 15.0),
    (13, 0, "COMPOSITION_MAIN_CHARACTER", "fusion", 0, None, None, None),
    (13, 1, "COMPOSITION_COMPANION", "fusion", 1, None, None, None),
    (13, 2, "COMPOSITION_ENVIRONMENT", "fusion", 2, None, None, None),
    (13, 201, "COMPOSITION_PROP", "fusion", 3, None, None, None),
    (13, 8, "COMPOSITION_STYLE_REFERENCE", "fusion", 4, None, None, None),
    (14, 11, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
    (15, 14, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
    (16, 2, "SOURCE_IMAGE", "image_edit", 0, None, None, None),
    (17, 16, "SOURCE_IMAGE", "image_to_video", 0, None, None, None),
    (18, 16, "TRANSITION_INPUT", "video_transition", 0, None, 0.0, 5.0),
    (18, 201, "TRANSITION_INPUT", "video_transition", 1, None, 5.0, 10.0),
    (18, 16, "TRANSITION_INPUT", "video_transition", 2, None, 10.0, 15.0),
    (18, 2, "TRANSITION_INPUT", "video_transition", 3, None, 15.0, 20.0),
    (18, 9, "TRANSITION_INPUT", "video_transition", 4, None, 20.0, 25.0),
    (19, 18, "SOURCE_VIDEO", "video_extend", 0, None, None, None),
]
ROWS_PER_FAMILY = len(TEMPLATE)


@dataclass(frozen=True)
class Plan:
    """Sizes and landmark ids of a generated dataset (all derived from ``scale``)."""

    scale: float
    blocks: int
    hub_children: int
    hub2_children: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        """The plan for ``scale`` (1.0 = one million assets).

        >>> Plan.for_scale(0.01).assets
        9106
        """
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not scale > 0:
            raise ValueError(f"scale must be a positive number (1.0 = 1M assets), not {scale!r}")
        hub = max(100, round(HUB_CHILDREN_AT_SCALE_1 * scale))
        hub2 = max(100, round(HUB2_CHILDREN_AT_SCALE_1 * scale))
        blocks = max(2, round((1_000_000 * scale - hub - 1) / BLOCK))
        return cls(scale=float(scale), blocks=blocks, hub_children=hub, hub2_children=hub2)

    @property
    def family_assets(self) -> int:
        return self.blocks * BLOCK

    @property
    def hub_id(self) -> int:
        return self.family_assets + 1

    @property
    def hub_owner(self) -> int:
        return 1

    @property
    def hub2_id(self) -> int:
        """The second hub; its ancestors follow it, then its children."""
        return self.hub_id + 1 + self.hub_children

    @property
    def hub2_ancestors(self) -> list[int]:
        """``[A, B, C, D]``: A and B are hub2's parents, C is A's parent, D is C's."""
        return [self.hub2_id + 1 + k for k in range(HUB2_ANCESTORS)]

    @property
    def hub2_owner(self) -> int:
        return HUB2_OWNER

    @property
    def assets(self) -> int:
        return self.hub2_id + HUB2_ANCESTORS + self.hub2_children

    @property
    def cross_owner_rows(self) -> int:
        return sum(1 for b in range(self.blocks) if b % 10 == 1)

    @property
    def lineage_rows(self) -> int:
        back = sum(1 for row in TEMPLATE if 100 <= row[1] < 200)  # block 0 has no previous
        family_rows = self.blocks * OWNERS * ROWS_PER_FAMILY - OWNERS * back
        return family_rows + self.cross_owner_rows + self.hub_children + self.hub2_rows

    @property
    def hub2_rows(self) -> int:
        return HUB2_ANCESTORS + self.hub2_children

    def owner_of(self, asset_id: int) -> int:
        """The owner the generator gives ``asset_id``.

        >>> Plan.for_scale(0.01).owner_of(1), Plan.for_scale(0.01).owner_of(2)
        (1, 2)
        """
        if asset_id >= self.hub2_id:
            return self.hub2_owner
        if asset_id > self.family_assets:
            return self.hub_owner
        return (asset_id - 1) % OWNERS + 1
