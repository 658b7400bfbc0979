"""The widgets package as a user installs it: its extra, its docstring examples, its size.

``widgets/`` installs as ``lineage_kit.widgets``; pytest's ``--doctest-modules`` would
import the folder under the wrong name, so the examples run here, module by module,
under the name users import.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import lineage_kit.widgets

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(lineage_kit.widgets.__path__, "lineage_kit.widgets.")
)
EXTRA_LINE = "lineage_kit.widgets needs the 'widgets' extra: pip install 'lineage-kit[widgets]'"

BLOCKED = """
import sys
sys.modules[{blocked!r}] = None  # as if the package were not installed
import lineage_kit as lk
try:
    import {module}
except lk.MissingExtra as exc:
    assert isinstance(exc, ImportError) and exc.extra == "widgets"
    assert exc.__cause__ is None and exc.__suppress_context__
    print(exc)
else:
    print("imported")
"""


@pytest.mark.parametrize("blocked", ["ipywidgets", "anywidget", "pyvis", "PIL"])
@pytest.mark.parametrize("module", ["lineage_kit.widgets", "lineage_kit.widgets.inspector"])
def test_a_missing_extra_fails_with_one_line_naming_it(blocked: str, module: str) -> None:
    code = BLOCKED.format(blocked=blocked, module=module)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [EXTRA_LINE]


def test_the_uncaught_error_is_one_line_too() -> None:
    code = "import sys; sys.modules['pyvis'] = None; import lineage_kit.widgets.graph"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1] == f"lineage_kit.errors.MissingExtra: {EXTRA_LINE}"
    assert "During handling" not in out.stderr  # no chained ImportError above it


def test_every_module_is_found_under_its_installed_name() -> None:
    assert "lineage_kit.widgets.inspector" in MODULES
    assert "lineage_kit.widgets.graph.picture" in MODULES
    assert all(importlib.import_module(m).__name__ == m for m in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no runnable example"


@pytest.mark.parametrize("path", sorted((ROOT / "widgets").rglob("*.py")), ids=str)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 300


def test_the_committed_inspector_notebook_stays_light() -> None:
    """The executed inspector.ipynb, its widget state and static faces stored, stays under
    150 KB: one model per view, and no vis-network source unless a graph was drawn."""
    path = ROOT / "notebooks" / "inspector.ipynb"
    assert path.stat().st_size <= 150_000


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_carry_what_the_kernel_writes(path: Path) -> None:
    """Opening a committed notebook must not modify it: JupyterLab writes the kernel's
    kernelspec and language_info into the metadata, so they must already be there."""
    import json

    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    meta = json.loads(path.read_text())["metadata"]
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert meta["kernelspec"] == {
        "display_name": spec.display_name,
        "language": spec.language,
        "name": "python3",
    }
    info = IPythonKernel.language_info
    for key in ("name", "mimetype", "file_extension", "pygments_lexer", "nbconvert_exporter"):
        assert meta["language_info"][key] == info[key], key
