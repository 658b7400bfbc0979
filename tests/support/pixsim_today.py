"""Rows shaped the way pixsim7's writers write them today (Sakenfor/pixsim7 at 3d20eed).

Our own fixtures, written from reading the writers (never copied from them):

- generated outputs (``services/asset/_creation.py`` through
  ``asset_factory.create_lineage_links_with_metadata``): storage keys instead of
  the legacy ``thumbnail_url``, the asset's own ``operation_type`` column, the
  provider's thumbnail in ``media_metadata.provider_thumbnail_url``, one row per
  input with the role's relation, the input's ``sequence_order`` and time/frame;
- Pixverse sync and enrichment (``services/asset/enrichment.py`` with the
  embedded extractor): the child's payload nested under
  ``media_metadata.customer_paths``, the asset's ``operation_type`` column left
  null, parents created with a ``pixverse_transition`` / ``pixverse_fusion``
  block, ``sequence_order`` from ``image_index``, transition times as running
  sums of ``durations`` (an image past the end of an N−1 list gets none), and a
  repeated input URL dropped by the extractor's de-duplication;
- captures (``asset_factory.create_capture_lineage``): one ``PAUSED_FRAME`` or
  ``CROPPED_REGION`` row, operation ``frame_extraction``, the timestamp in
  ``parent_start_time`` only, the frame number, order 0;
- a generation from a paused moment (role ``paused_frame``): a ``PAUSED_FRAME``
  row whose operation is the generation's (``image_to_video``);
- composition (``services/asset/lineage.py``,
  ``build_lineage_from_composition_metadata``): relation ``SOURCE`` with the
  influence fields (weight 1/n, region ``full``);
- one legacy row whose operation still holds the upper-case enum label
  ``VIDEO_EXTEND`` (pixsim7's ORM cannot load it).

Asset ids are small and grouped by case; owner 1 unless said otherwise.
"""

from __future__ import annotations

from typing import Any

PV = "https://media.pixverse.ai"
I11_URL, I12_URL, I13_URL = (f"{PV}/upload/i11.jpg", f"{PV}/upload/i12.jpg", f"{PV}/upload/i13.jpg")


def keys(asset_id: int, ext: str, *, thumb: bool = True, preview: bool = False) -> dict[str, str]:
    """Storage keys laid out as pixsim7's storage service lays them out."""
    digest = f"{asset_id:02d}" + "ab" * 31
    out = {"stored_key": f"u/1/content/{digest[:2]}/{digest}{ext}"}
    if thumb:
        out["thumbnail_key"] = f"u/1/thumbnails/{digest[:2]}/{digest}.jpg"
    if preview:
        out["preview_key"] = f"u/1/previews/{asset_id}.jpg"
    return out


def _asset(asset_id: int, media_type: str, provider_id: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": asset_id,
        "user_id": kw.pop("user_id", 1),
        "media_type": media_type,
        "provider_id": provider_id,
        "provider_asset_id": kw.pop("provider_asset_id", f"{provider_id}-{asset_id}"),
        "description": kw.pop("description", f"asset {asset_id}"),
        "created_at": kw.pop(
            "created_at", f"2026-06-01 {10 + asset_id // 60}:{asset_id % 60:02d}:00"
        ),
        "is_archived": False,
        **kw,
    }


def _transition_block(prompts: list[str], durations: list[int], index: int, video: str) -> dict:
    return {
        "pixverse_transition": {
            "create_mode": "transition",
            "prompts": prompts,
            "durations": durations,
            "image_index": index,
            "source_video_id": video,
        }
    }


T10_PROMPTS = ["the tide goes out", "gulls take off"]  # N−1 = 2 prompts for 3 images
T10_DURATIONS = [5, 3]


def today_assets() -> list[dict[str, Any]]:
    """Assets as pixsim7 writes them today."""
    return [
        # Upload, then a generation from it, then two extensions.
        _asset(1, "image", "local", upload_method="web", **keys(1, ".png")),
        _asset(
            2,
            "video",
            "pixverse",
            operation_type="image_to_video",
            upload_method="generated",
            remote_url=f"{PV}/openapi/output/2.mp4",
            media_metadata={"provider_thumbnail_url": f"{PV}/openapi/output/2-last.jpg"},
            **keys(2, ".mp4", preview=True),
        ),
        _asset(  # synced from Pixverse: the asset's operation column stays null
            3,
            "video",
            "pixverse",
            upload_method="pixverse_sync",
            remote_url=f"{PV}/openapi/output/3.mp4",
            media_metadata={
                "create_mode": "extend",
                "original_video_id": "pixverse-2",
                "provider_thumbnail_url": f"{PV}/openapi/output/3-last.jpg",
                "customer_paths": {
                    "create_mode": "extend",
                    "customer_video_url": f"{PV}/openapi/output/2.mp4",
                    "customer_video_duration": 5.0,
                    "customer_video_last_frame_url": f"{PV}/openapi/output/2-last.jpg",
                },
            },
        ),
        _asset(4, "video", "pixverse", operation_type="video_extend", **keys(4, ".mp4")),
        _asset(5, "video", "pixverse", operation_type="video_extend", **keys(5, ".mp4")),
        # A synced transition: nested payload, N−1 prompts; its inputs made by enrichment.
        _asset(
            10,
            "video",
            "pixverse",
            upload_method="pixverse_sync",
            **keys(10, ".mp4"),
            media_metadata={
                "create_mode": "transition",
                "customer_paths": {
                    "create_mode": "transition",
                    "customer_img_urls": [I11_URL, I12_URL, I13_URL],
                    "prompts": T10_PROMPTS,
                    "durations": T10_DURATIONS,
                },
            },
        ),
        *(
            _asset(
                i,
                "image",
                "pixverse",
                remote_url=url,
                media_metadata=_transition_block(T10_PROMPTS, T10_DURATIONS, n, "pixverse-10"),
            )
            for n, (i, url) in enumerate([(11, I11_URL), (12, I12_URL), (13, "upload/i13.jpg")])
        ),
        # A synced transition that used image 11 twice: the extractor kept it once.
        _asset(
            14,
            "video",
            "pixverse",
            upload_method="pixverse_sync",
            media_metadata={
                "customer_paths": {
                    "create_mode": "transition",
                    "customer_img_urls": [I11_URL, I12_URL, I11_URL],
                    "prompts": ["out", "back"],
                    "durations": [4, 4],
                }
            },
        ),
        # A synced fusion, nested payload; parents made by enrichment.
        _asset(
            20,
            "video",
            "pixverse",
            upload_method="pixverse_sync",
            media_metadata={
                "create_mode": "fusion",
                "customer_paths": {
                    "create_mode": "fusion",
                    "customer_img_urls": [f"{PV}/upload/f{i}.jpg" for i in (21, 22, 23)],
                    "fusion_name_list": ["pilot", "airfield", "watercolour"],
                    "fusion_type_list": ["subject", "background", "reference"],
                    "original_prompt": "@pilot waves on @airfield, painted like @watercolour",
                },
            },
        ),
        *(
            _asset(
                i,
                "image",
                "pixverse",
                remote_url=f"{PV}/upload/f{i}.jpg",
                media_metadata={"pixverse_fusion": {"image_index": n, "fusion_entry_type": t}},
            )
            for n, (i, t) in enumerate([(21, "subject"), (22, "background"), (23, "reference")])
        ),
        # A local video, a frame captured from it, a crop, and a video made from a paused moment.
        _asset(30, "video", "local", upload_method="web", **keys(30, ".mp4")),
        _asset(31, "image", "local", upload_method="video_capture", **keys(31, ".jpg")),
        _asset(32, "image", "local", upload_method="video_capture", **keys(32, ".jpg")),
        _asset(33, "video", "pixverse", operation_type="image_to_video", **keys(33, ".mp4")),
        # A composition of the upload and image 12 (12 first).
        _asset(40, "image", "pixverse", operation_type="image_composite", **keys(40, ".png")),
        # Owner 2 extended owner 1's video 2 (a cross-owner row, hidden from both owners).
        _asset(60, "video", "pixverse", user_id=2, operation_type="video_extend"),
    ]


def _row(rid: int, parent: int, child: int, relation: str, operation: str, seq: int = 0, **kw):
    return {
        "id": rid,
        "parent_asset_id": parent,
        "child_asset_id": child,
        "relation_type": relation,
        "operation_type": operation,
        "sequence_order": seq,
        "parent_start_time": kw.pop("start", None),
        "parent_end_time": kw.pop("end", None),
        "parent_frame": kw.pop("frame", None),
        "created_at": f"2026-06-01 11:00:{rid % 60:02d}",
        **kw,
    }


def today_lineage() -> list[dict[str, Any]]:
    """Lineage rows as the writers write them today, in the order they were written."""
    composition = {"influence_weight": 0.5, "influence_region": "full"}
    return [
        _row(101, 1, 2, "SOURCE_IMAGE", "image_to_video"),
        _row(102, 2, 3, "SOURCE_VIDEO", "video_extend"),
        _row(103, 3, 4, "SOURCE_VIDEO", "video_extend"),
        _row(104, 4, 5, "SOURCE_VIDEO", "VIDEO_EXTEND"),  # a legacy upper-case enum label
        _row(110, 11, 10, "TRANSITION_INPUT", "video_transition", 0, start=0, end=5),
        _row(111, 12, 10, "TRANSITION_INPUT", "video_transition", 1, start=5, end=8),
        _row(112, 13, 10, "TRANSITION_INPUT", "video_transition", 2),  # past the N−1 durations
        _row(113, 11, 14, "TRANSITION_INPUT", "video_transition", 0, start=0, end=4),
        _row(114, 12, 14, "TRANSITION_INPUT", "video_transition", 1, start=4, end=8),
        _row(120, 21, 20, "COMPOSITION_MAIN_CHARACTER", "fusion", 0),
        _row(121, 22, 20, "COMPOSITION_ENVIRONMENT", "fusion", 1),
        _row(122, 23, 20, "COMPOSITION_STYLE_REFERENCE", "fusion", 2),
        _row(130, 30, 31, "PAUSED_FRAME", "frame_extraction", start=2.5, frame=60),
        _row(131, 1, 32, "CROPPED_REGION", "frame_extraction"),
        _row(132, 30, 33, "PAUSED_FRAME", "image_to_video", start=2.5, frame=60),
        _row(140, 12, 40, "SOURCE", "image_composite", 0, influence_type="content", **composition),
        _row(141, 1, 40, "SOURCE", "image_composite", 1, influence_type="style", **composition),
        _row(150, 2, 60, "SOURCE_VIDEO", "video_extend"),
    ]
