"""W3C PROV-JSON through the ``prov`` package."""

from __future__ import annotations

from typing import Any

from ..model.lineage import Lineage
from ..sources.frames import Frames
from .drawing import DrawModel, draw_model

__all__ = ["PROV_NAMESPACES", "prov", "prov_document"]

PROV_NAMESPACES = {
    "asset": "urn:pixsim7:asset:",
    "row": "urn:pixsim7:asset_lineage:",
    "op": "urn:pixsim7:operation:",
    "lk": "urn:lineage-kit:",
}
"""Prefixes of the PROV-JSON document: assets, lineage rows, operations, attributes."""


def prov_document(obj: Lineage | Frames) -> Any:
    """The lineage as a ``prov.model.ProvDocument`` (see the module docstring for its shape).

    >>> import lineage_kit as lk
    >>> doc = prov_document(lk.connect().lineage(102, user_id=1))
    >>> sorted(str(e.identifier) for e in doc.get_records() if e.is_element())[:2]
    ['asset:101', 'asset:102']
    """
    return _prov_document(draw_model(obj))


def _prov_document(model: DrawModel) -> Any:
    from prov.constants import PROV_TYPE
    from prov.model import ProvDocument

    doc = ProvDocument()
    ns = {prefix: doc.add_namespace(prefix, uri) for prefix, uri in PROV_NAMESPACES.items()}
    lk = ns["lk"]
    for i, attrs in model.nodes.items():
        doc.entity(
            ns["asset"][str(i)],
            {lk[k]: v for k, v in attrs.items() if v is not None and k != "id"},
        )
    activities: dict[tuple[int, str], Any] = {}
    for e in model.edges:
        activity = None
        if e.operation_type is not None:
            key = (e.child_asset_id, e.operation_type)
            if key not in activities:
                activities[key] = doc.activity(
                    ns["op"][f"{e.child_asset_id}_{e.operation_type}"],
                    other_attributes={
                        PROV_TYPE: lk[e.operation_type],
                        lk["operation_type"]: e.operation_type,
                    },
                )
            activity = activities[key]
        kept = {
            lk[k]: v
            for k, v in e.to_dict().items()
            if v is not None and k not in ("id", "parent_asset_id", "child_asset_id")
        }
        doc.wasDerivedFrom(
            ns["asset"][str(e.child_asset_id)],
            ns["asset"][str(e.parent_asset_id)],
            activity,
            identifier=ns["row"][str(e.id)],
            other_attributes=kept,
        )
    return doc


def prov(obj: Any, model: DrawModel) -> str:
    text: str = _prov_document(model).serialize(format="json", indent=2)
    return text + "\n"
