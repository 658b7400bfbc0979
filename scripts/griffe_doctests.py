"""A Griffe extension for the API reference: doctest blocks read as code, roles as names.

The kit's docstrings show runnable examples (``>>>`` lines and their output)
in their prose as well as under numpydoc's *Examples* heading, as the standard
library does. Markdown would read such a block as a paragraph (and an output
such as ``[301, 302]`` as a link), so each block becomes a fenced ``pycon``
block before the docstring is parsed. Only the reference's rendering changes;
the docstrings (and the doctests the suite runs) stay as written.

The docstrings also name other objects with Sphinx roles (``:func:`lineage_kit.lineage```,
``:class:`~lineage_kit.Frames```), which Markdown would print as they are; each
becomes plain code (the last part of the name where the role asks for it with ``~``).
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

ROLE = re.compile(r":(?:py:)?[a-z]+:`(~?)([^`]+)`")


def plain_roles(text: str) -> str:
    """``:func:`~a.b``` → ```b```; ``:mod:`a.b``` → ```a.b```."""

    def name(m: re.Match[str]) -> str:
        target = m.group(2)
        return f"`{target.rsplit('.', 1)[-1] if m.group(1) else target}`"

    return ROLE.sub(name, text)


def fence_doctests(text: str) -> str:
    """``text`` with each run of doctest lines (prompts, then output up to a blank line)
    fenced as ``pycon``; already fenced code is left alone."""
    out: list[str] = []
    inside_fence = in_block = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```") and not in_block:
            inside_fence = not inside_fence
        elif not inside_fence and not in_block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append(f"{indent}```")
            in_block = False
        out.append(line)
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(Extension):
    """Fence the doctest blocks of every docstring Griffe loads."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_doctests(obj.docstring.value))
