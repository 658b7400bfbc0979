"""``lineage-kit demo`` without what it needs names the extra that brings it all: ``demo``.

Here the missing modules are simulated in-process; ``tests/packaging/test_extras.py``
installs each extra from the wheel into a clean venv and runs the real thing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from lineage_kit.cli import DEMO_MODULES, main

HINT = "lineage-kit: lineage-kit demo needs the 'demo' extra: pip install 'lineage-kit[demo]'\n"


@pytest.mark.parametrize("absent", DEMO_MODULES)
def test_a_missing_demo_module_names_the_demo_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], absent: str
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == absent else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert main(["demo", "--port", "1"]) == 1
    assert capsys.readouterr().err == HINT


def test_missing_widgets_name_the_demo_extra_not_widgets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    for name in [m for m in sys.modules if m.startswith("lineage_kit.widgets")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets fails
    assert main(["demo", "--port", "1"]) == 1
    assert capsys.readouterr().err == HINT
