"""The widgets' house rules, checked on their source: only the kit's own errors shown
inline, no SQL, only the public API of the core (the import graph, widgets included, has
no circle: tests/packaging/test_import_graph.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "widgets"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["lineage_kit.widgets", *parts])


def _imports(path: Path) -> set[str]:
    """Every lineage_kit.widgets module this one imports, at the top or inside a function."""
    name = _name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base, *(f"{base}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found.update(t for t in targets if t.startswith("lineage_kit.widgets"))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_kits_errors_are_caught(path: Path) -> None:
    """A bug must reach the notebook as a traceback, never as an inline message."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ExceptHandler):
            caught = ast.unparse(node.type) if node.type is not None else "everything"
            assert caught not in ("Exception", "BaseException", "everything"), (
                f"{path.name}:{node.lineno} catches {caught}"
            )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_ui_uses_only_the_public_api_and_never_sql(path: Path) -> None:
    for target in _imports(path) | {
        n.module or ""
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.ImportFrom)
    }:
        assert not target.startswith(("sqlalchemy", "psycopg", "lineage_kit.sources")), target
    text = path.read_text()
    assert "import sqlalchemy" not in text and "from lineage_kit." not in text.replace(
        "from lineage_kit.widgets", ""
    )
