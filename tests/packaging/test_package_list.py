"""The wheel holds every package of the source tree: pyproject's explicit list is complete.

pyproject.toml lists the packages by name (the top-level ``widgets/`` and
``data_samples/`` folders install inside ``lineage_kit``), so a new subpackage
that is not added there is silently left out of the wheel, and ``import
lineage_kit`` fails for everyone who installs it. This test reads the list and
the folders, without building anything (the wheel lane builds and installs it).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _configured() -> tuple[set[str], dict[str, str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool = config["tool"]["setuptools"]
    return set(tool["packages"]), dict(tool.get("package-dir", {}))


def _on_disk(package_dir: dict[str, str]) -> set[str]:
    roots = {"lineage_kit": ROOT / "lineage_kit"}
    roots |= {name: ROOT / folder for name, folder in package_dir.items()}
    found = set()
    for name, folder in roots.items():
        for init in folder.rglob("__init__.py"):
            rel = init.parent.relative_to(folder).parts
            if "__pycache__" in rel:
                continue
            found.add(".".join((name, *rel)))
    return found


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    listed, package_dir = _configured()
    on_disk = _on_disk(package_dir)
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == set(), "listed in pyproject.toml but not a package folder"
