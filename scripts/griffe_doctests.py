"""A Griffe extension for the API reference: doctest blocks read as code.

The kit's docstrings show runnable examples (``>>>`` lines and their output)
in their prose as well as under numpydoc's *Examples* heading, as the standard
library does. Markdown would read such a block as a paragraph (and an output
such as ``[301, 302]`` as a link), so each block becomes a fenced ``pycon``
block before the docstring is parsed. Only the reference's rendering changes;
the docstrings (and the doctests the suite runs) stay as written.
"""

from __future__ import annotations

from typing import Any

from griffe import Extension, Object

PROMPTS = (">>>", "...")


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
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
