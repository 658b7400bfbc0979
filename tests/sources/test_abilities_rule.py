"""Outside ``lineage_kit/sources/`` nothing tells sources apart by their concrete class: the
audit, the exports, finding, snapshots and the refresh ask for an ability (the protocols of
``sources/base.py``, reached from ``as_source``). See docs/design.md, "Sources and their
abilities"."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import lineage_kit
from lineage_kit.sources import base

ROOT = Path(lineage_kit.__file__).parent
SOURCES = ROOT / "sources"
REPO = ROOT.parent


def _concrete_classes() -> set[str]:
    names: set[str] = set()
    for path in [*SOURCES.rglob("*.py"), ROOT / "store.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
    abilities = {
        n for n, v in vars(base).items() if inspect.isclass(v) and getattr(v, "_is_protocol", False)
    }
    return names - abilities


CONCRETE = _concrete_classes()
OUTSIDE = sorted(
    p
    for folder in (ROOT, REPO / "widgets")
    for p in folder.rglob("*.py")
    if SOURCES not in p.parents and p != ROOT / "store.py"
)


def _class_checks(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, name)`` of every class named in an isinstance/issubclass check."""
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"isinstance", "issubclass"}
            and len(node.args) == 2
        ):
            kinds = node.args[1]
            for part in kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]:
                name = part.attr if isinstance(part, ast.Attribute) else getattr(part, "id", None)
                if name:
                    out.append((node.lineno, name))
    return out


def test_the_rule_knows_the_concrete_sources() -> None:
    assert {
        "Store",
        "SqlSource",
        "Frames",
        "FrameCatalog",
        "ArraySource",
        "GraphSource",
    } <= CONCRETE
    assert "InDatabase" not in CONCRETE and "InMemory" not in CONCRETE


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(REPO)))
def test_no_concrete_source_class_is_checked_outside_sources(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [(line, name) for line, name in _class_checks(tree) if name in CONCRETE]
    assert not bad, f"{path.relative_to(REPO)} checks concrete source classes: {bad}"


def test_the_check_finds_a_concrete_class_check() -> None:
    tree = ast.parse("if isinstance(src, (lk.Store, Frames)):\n    pass\n")
    assert [name for _, name in _class_checks(tree) if name in CONCRETE] == ["Store", "Frames"]
