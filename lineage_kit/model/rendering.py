"""HTML from Jinja2 templates with autoescaping: what a notebook shows for the kit's values.

Every value from the database (descriptions, ids, relation names) is escaped by
the template engine, never by hand.

>>> print(render("lineage.html.j2", res=None, rows=[]).strip().splitlines()[0])
<div class="lineage-kit-lineage">
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("lineage_kit.model", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates (``lineage_kit/model/templates``)."""
    return _environment().get_template(template).render(**context)
