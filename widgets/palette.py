"""Colours shared by the inspector's badges and the graph view, so both read alike.

Relation types are grouped by family (image inputs, video inputs, composition /
fusion roles, generic), operation types each have their own hue, media types
their own node colour. Unknown values fall back to grey.
"""

from __future__ import annotations

__all__ = [
    "MEDIA_COLOURS",
    "OPERATION_COLOURS",
    "RELATION_COLOURS",
    "ROOT_COLOUR",
    "UNKNOWN",
    "colour_for",
    "text_colour_on",
]

RELATION_COLOURS: dict[str, str] = {
    # image inputs
    "SOURCE_IMAGE": "#b45309",
    "REFERENCE_IMAGE": "#d97706",
    "PAUSED_FRAME": "#0f766e",
    "CROPPED_REGION": "#0d9488",
    "TRANSITION_INPUT": "#7c3aed",
    # video inputs
    "SOURCE_VIDEO": "#1d4ed8",
    "KEYFRAME": "#0e7490",
    "VIDEO_CLIP": "#2563eb",
    # composition / fusion roles (retired FUSION_* names share the family colour)
    "COMPOSITION_MAIN_CHARACTER": "#be185d",
    "COMPOSITION_COMPANION": "#db2777",
    "COMPOSITION_ENVIRONMENT": "#15803d",
    "COMPOSITION_PROP": "#65a30d",
    "COMPOSITION_STYLE_REFERENCE": "#a16207",
    "COMPOSITION_EFFECT": "#9333ea",
    "FUSION_CHARACTER": "#be185d",
    "FUSION_BACKGROUND": "#15803d",
    "FUSION_REFERENCE": "#a16207",
    # generic
    "SOURCE": "#475569",
    "source": "#475569",
    "DERIVATION": "#334155",
    "REFERENCE": "#64748b",
}

OPERATION_COLOURS: dict[str, str] = {
    "text_to_image": "#f59e0b",
    "image_to_image": "#d97706",
    "text_to_video": "#3b82f6",
    "image_to_video": "#0ea5e9",
    "video_extend": "#1d4ed8",
    "video_transition": "#7c3aed",
    "video_modify": "#6366f1",
    "fusion": "#db2777",
    "frame_extraction": "#0f766e",
    "image_edit": "#ca8a04",
    "image_composite": "#c026d3",
}

MEDIA_COLOURS: dict[str, str] = {
    "video": "#1f4e79",
    "image": "#7a3e00",
    "audio": "#166534",
    "3d_model": "#581c87",
}

UNKNOWN = "#6b7280"
ROOT_COLOUR = "#dc2626"
"""The ring that marks the root of a lineage, in the graph and its picture."""


def colour_for(kind: str, value: str | None) -> str:
    """Colour for a ``"relation"``, ``"operation"`` or ``"media"`` value (grey when unknown).

    >>> colour_for("relation", "SOURCE_VIDEO")
    '#1d4ed8'
    """
    table = {"relation": RELATION_COLOURS, "operation": OPERATION_COLOURS, "media": MEDIA_COLOURS}
    if kind not in table:
        raise ValueError(f"kind must be one of relation, operation, media; got {kind!r}")
    return table[kind].get(value or "", UNKNOWN)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on a ``#rrggbb`` background.

    >>> text_colour_on("#f59e0b"), text_colour_on("#1d4ed8")
    ('#111827', '#ffffff')
    """
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # Contrast against white is (1.05)/(lum+0.05); against near-black (lum+0.05)/0.06.
    return "#111827" if (lum + 0.05) / 0.06 > 1.05 / (lum + 0.05) else "#ffffff"
