"""The import graph of the whole package has no circle, lazy imports and imports made only
for type checking included: the layers of docs/design.md point one way, and a module can
be read (and moved) without the ones that import it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"lineage_kit": ROOT / "lineage_kit", "lineage_kit.widgets": ROOT / "widgets"}


def _modules() -> dict[str, Path]:
    out = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([package, *parts])] = path
    return out


def _imports(name: str, path: Path, modules: set[str] | dict[str, Path] = ()) -> set[str]:
    """Every module of the kit this one imports, wherever the import statement is
    (``from . import schema`` imports the module ``schema``, not its package's names)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.update(
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {t for t in found if t.startswith("lineage_kit")}


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    seen: dict[str, int] = {}

    def visit(n: str, path: list[str]) -> list[str] | None:
        seen[n] = 1
        for t in sorted(graph[n]):
            if seen.get(t) == 1:
                return [*path[path.index(t) :], t]
            if t not in seen and (found := visit(t, [*path, t])):
                return found
        seen[n] = 2
        return None

    for n in sorted(graph):
        if n not in seen and (found := visit(n, [n])):
            return found
    return None


def test_the_package_has_no_import_circle() -> None:
    modules = _modules()
    graph = {
        n: {t for t in _imports(n, p, modules) if t in modules and t != n}
        for n, p in modules.items()
    }
    circle = _circle(graph)
    assert circle is None, "import circle: " + " → ".join(circle or [])


def test_the_check_finds_a_circle() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("text", ["if TYPE_CHECKING:\n    from .database import Database\n"])
def test_type_checking_imports_count(text: str, tmp_path: Path) -> None:
    path = tmp_path / "session.py"
    path.write_text(text)
    modules = {"lineage_kit.sources.sql.database"}
    found = _imports("lineage_kit.sources.sql.session", path, modules)
    assert "lineage_kit.sources.sql.database" in found
