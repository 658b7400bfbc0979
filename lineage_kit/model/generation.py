"""The generation behind an asset: a frozen value with a one-line form for a header.

pixsim7 records each generation request in its ``generations`` table (operation,
provider, prompt, parameters, inputs, status, timings, credits); an asset made by
one points at it through ``assets.source_generation_id``.
:func:`lineage_kit.generation_of` reads it.

>>> g = Generation(id=812, status="completed", operation_type="image_to_video",
...                provider_id="pixverse", actual_credits=40)
>>> g.line()
'made by generation 812 · completed · pixverse · 40 credits'
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .asset_refs import asset_ref_id
from .records import json_document, opt_int, opt_str, plain
from .rendering import render
from .schema import operation_type_value

__all__ = ["Generation", "GenerationInput", "generation_from_record"]


@dataclass(frozen=True)
class GenerationInput:
    """One entry of ``generations.inputs``: its role, the asset it names, resolved in scope.

    ``reference`` is the ``asset`` value as stored (any form pixsim7 accepts);
    ``asset_id`` the asset it resolves to when that asset is in the query's scope
    (``None``: it names no asset, or one that is missing or another owner's).
    """

    position: int
    role: str | None
    reference: Any
    asset_id: int | None
    sequence_order: Any = None
    start_time: Any = None
    end_time: Any = None
    frame: Any = None

    def to_dict(self) -> dict[str, Any]:
        return _plain_json(asdict(self))


def _plain_json(value: Any) -> Any:
    """JSON-safe: NaN as None, datetimes as ISO text, anything else unknown as its text."""
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@dataclass(frozen=True)
class Generation:
    """A row of pixsim7's ``generations``, as the kit reads it.

    ``credits`` is what the header shows: ``actual_credits`` once charged, else the
    estimate. ``line()`` is the one-line form (``made by generation 812 · completed ·
    pixverse · 40 credits``); ``final_prompt`` and ``canonical_params`` are the detail.
    """

    id: int
    status: str | None = None
    operation_type: str | None = None
    provider_id: str | None = None
    final_prompt: str | None = None
    canonical_params: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[GenerationInput, ...] = ()
    created_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    error_message: str | None = None
    estimated_credits: int | None = None
    actual_credits: int | None = None
    credit_type: str | None = None
    asset_id: int | None = None
    origin: str | None = None

    @property
    def credits(self) -> int | None:
        return self.actual_credits if self.actual_credits is not None else self.estimated_credits

    def line(self) -> str:
        """``made by generation 812 · completed · pixverse · 40 credits`` (parts it lacks
        are left out; a failed one ends with its error)."""
        parts = [f"made by generation {self.id}"]
        parts += [p for p in (self.status, self.provider_id) if p]
        if self.credits is not None:
            estimate = "" if self.actual_credits is not None else " (estimate)"
            parts.append(f"{self.credits} credit{'s' * (self.credits != 1)}{estimate}")
        if self.error_message:
            parts.append(self.error_message.splitlines()[0][:80])
        return " · ".join(parts)

    def __str__(self) -> str:
        return self.line()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (datetimes as ISO text); ``credits`` and ``line`` included."""
        out = _plain_json({k: v for k, v in asdict(self).items() if k != "inputs"})
        out["inputs"] = [i.to_dict() for i in self.inputs]
        out["credits"] = self.credits
        out["line"] = self.line()
        return dict(out)

    def _repr_html_(self) -> str:
        params = json.dumps(_plain_json(self.canonical_params), indent=1, sort_keys=True)
        return render("generation.html.j2", g=self, params=params)


def _moment(value: Any) -> datetime | None:
    value = plain(value)
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def generation_from_record(rec: dict[str, Any], in_scope: set[int]) -> Generation:
    """A :class:`Generation` from a ``generations`` row (JSON as text or decoded);
    ``in_scope``: the asset ids its inputs may resolve to."""
    params = json_document(rec.get("canonical_params"))
    inputs = json_document(rec.get("inputs"))
    entries = []
    for position, entry in enumerate(inputs if isinstance(inputs, list) else []):
        if not isinstance(entry, dict):
            continue
        ref = entry.get("asset")
        target = asset_ref_id(ref) if ref else None
        time = entry.get("time")
        time = time if isinstance(time, dict) else {}
        entries.append(
            GenerationInput(
                position=position,
                role=opt_str(entry.get("role")),
                reference=ref,
                asset_id=target if target in in_scope else None,
                sequence_order=entry.get("sequence_order"),
                start_time=time.get("start"),
                end_time=time.get("end"),
                frame=entry.get("frame"),
            )
        )
    return Generation(
        id=int(rec["id"]),
        status=opt_str(rec.get("status")),
        operation_type=operation_type_value(opt_str(rec.get("operation_type"))),
        provider_id=opt_str(rec.get("provider_id")),
        final_prompt=opt_str(rec.get("final_prompt")),
        canonical_params=params if isinstance(params, dict) else {},
        inputs=tuple(entries),
        created_at=_moment(rec.get("created_at")),
        started_at=_moment(rec.get("started_at")),
        completed_at=_moment(rec.get("completed_at")),
        error_message=opt_str(rec.get("error_message")),
        estimated_credits=opt_int(rec.get("estimated_credits")),
        actual_credits=opt_int(rec.get("actual_credits")),
        credit_type=opt_str(rec.get("credit_type")),
        asset_id=opt_int(rec.get("asset_id")),
        origin=opt_str(rec.get("origin")),
    )
