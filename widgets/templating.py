"""The UI's HTML and SVG come from Jinja2 templates in ``templates/``, always autoescaped.

Descriptions, provider ids and relation names are user data: an autoescaping
environment turns them into text wherever a template puts them, so no piece of
the UI is assembled by concatenating strings. The templates ship as package data
and are found with :class:`jinja2.PackageLoader`, so they work from a wheel.

Examples
--------
>>> from lineage_kit.widgets.templating import render
>>> render("message.html.j2", text="<b>not bold</b>", kind="error")
'<div class="lk-message-text lk-error">&lt;b&gt;not bold&lt;/b&gt;</div>'
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import markupsafe

from .palette import colour_for, text_colour_on

__all__ = ["environment", "render", "static_text"]


@cache
def environment() -> jinja2.Environment:
    """The one template environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lineage_kit.widgets", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["colour"] = lambda value, kind: colour_for(kind, value)
    env.filters["ink"] = text_colour_on
    env.filters["plural"] = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"
    return env


def render(name: str, /, **context: Any) -> str:
    """Render the template ``name`` with ``context`` (every value escaped unless marked safe).

    >>> render("message.html.j2", text="Asset 7 & 8", kind="notice")
    '<div class="lk-message-text lk-notice">Asset 7 &amp; 8</div>'
    """
    return environment().get_template(name).render(**context).strip()


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@cache
def static_text(name: str) -> str:
    """A file of ``static/`` (the CSS and JavaScript shipped with the package), compacted.

    Every view model carries its module and stylesheet, and a saved notebook stores them
    once per model: lines that are only a comment and the indentation are left out (the
    files themselves keep them).

    >>> ".lk-card" in static_text("assets.css")
    True
    >>> static_text("app.js").startswith("async function render(")
    True
    """
    text = (files("lineage_kit.widgets") / "static" / name).read_text(encoding="utf-8")
    if name.endswith(".css"):
        text = _CSS_COMMENT.sub("", text)
    lines = (line.strip() for line in text.splitlines())
    kept = [line for line in lines if line and not line.startswith("//")]
    return "\n".join(kept) + "\n"


def trusted(text: str) -> markupsafe.Markup:
    """Mark package-owned text (our CSS or JavaScript) as safe to insert unescaped."""
    return markupsafe.Markup(text)
