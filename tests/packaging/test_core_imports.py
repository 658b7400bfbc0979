"""The core never pulls in the notebook UI (pyvis, ipywidgets, IPython) nor the HTTP API's
packages (FastAPI, pydantic, uvicorn): only ``lineage_kit.widgets`` and ``lineage_kit.api`` do.

Checked in a fresh interpreter, since this test session itself has imported them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI_MODULES = ("pyvis", "ipywidgets", "IPython")
API_MODULES = ("fastapi", "pydantic", "uvicorn", "starlette")

PROBE = """
import json, sys
import lineage_kit as lk
seen = {"import": [m for m in UI_MODULES if m in sys.modules]}
store = lk.connect()
res = store.lineage(310, user_id=1, direction="both", max_depth=2, max_nodes=50)
res.to_dict(); res.flat(); res.to_networkx(); res.nodes_frame(); res.edges_frame()
res._repr_html_(); repr(res)
frames = store.frames(user_id=1)
lk.lineage(frames, 310, user_id=1, max_depth=2)
lk.lineage(frames.to_networkx(), 310, user_id=1, max_depth=2)
lk.list_assets(store, user_id=1); lk.facets(store, user_id=1)
lk.asset_details(store, [310], user_id=1)
from lineage_kit.cli import main
main(["--json", "show", "310", "--user", "1"])
seen["query"] = [m for m in UI_MODULES if m in sys.modules]
seen["loaded"] = sorted(m for m in sys.modules if m.split(".")[0] in UI_MODULES)
print(json.dumps(seen))
"""


def python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a fresh interpreter at the repository root."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_core_import_and_query_load_no_ui_or_api_module() -> None:
    out = python(f"UI_MODULES = {UI_MODULES + API_MODULES!r}\n{PROBE}")
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"import": [], "query": [], "loaded": []}


@pytest.mark.parametrize(
    ("module", "watched", "loads"),
    [
        ("lineage_kit.widgets.graph", UI_MODULES, {"pyvis", "IPython"}),
        ("lineage_kit.api", API_MODULES, set(API_MODULES)),
    ],
)
def test_probe_detects_a_ui_or_api_import(
    module: str, watched: tuple[str, ...], loads: set[str]
) -> None:
    """The probe is not blind: importing the graph view or the API does load their packages."""
    out = python(
        f"import sys, json, {module}\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))\n"
    )
    assert out.returncode == 0, out.stderr
    assert loads <= set(json.loads(out.stdout.strip().splitlines()[-1]))


WITHOUT_FASTAPI = "import sys\nsys.modules['fastapi'] = None  # as if the api extra were missing\n"
HINT = "the HTTP API needs the 'api' extra: pip install 'lineage-kit[api]'"


def test_the_api_without_its_extra_names_the_extra_to_install() -> None:
    out = python(
        WITHOUT_FASTAPI + "import lineage_kit as lk\n"
        "try:\n"
        "    import lineage_kit.api\n"
        "except lk.MissingExtra as exc:\n"
        "    print(isinstance(exc, ImportError), exc)\n"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"True {HINT}"


def test_serve_without_the_extra_is_one_line() -> None:
    out = python(
        WITHOUT_FASTAPI
        + "from lineage_kit.cli import main\nsys.exit(main(['serve', '--all-users']))\n"
    )
    assert (out.returncode, out.stderr) == (1, f"lineage-kit: {HINT}\n")
