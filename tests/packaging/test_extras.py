"""One clean venv per extra: each says which extra a missing part needs, and that extra works.

The wheel with no extra, with ``widgets``, and with ``api`` (``demo`` is
``test_installed_wheel.py``'s venv), each used from an empty folder. Whatever a
venv lacks, the message names the one extra that brings it: ``lineage-kit demo``
says ``[demo]`` (which includes the widgets; ``[widgets]`` alone lacks Voilà),
``lineage-kit serve`` says ``[api]``, ``import lineage_kit.widgets`` says
``[widgets]``; and the venv that has that extra runs the part. The core works in
all of them.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time

import httpx
import pytest

from tests.support.wheel import Installed

pytestmark = pytest.mark.wheel

DEMO_HINT = (
    "lineage-kit: lineage-kit demo needs the 'demo' extra: pip install 'lineage-kit[demo]'\n"
)
API_HINT = "lineage-kit: the HTTP API needs the 'api' extra: pip install 'lineage-kit[api]'\n"
WIDGETS_HINT = (
    "MissingExtra: lineage_kit.widgets needs the 'widgets' extra: "
    "pip install 'lineage-kit[widgets]'"
)
API_IMPORT_HINT = "MissingExtra: the HTTP API needs the 'api' extra: pip install 'lineage-kit[api]'"


@pytest.fixture(params=["", "widgets", "api"], ids=["base", "widgets", "api"])
def venv(request: pytest.FixtureRequest, venvs: dict[str, Installed]) -> Installed:
    return venvs[request.param]


def test_the_core_works_with_any_extra(venv: Installed) -> None:
    cp = venv.cli("show", "310", "--user", "1")
    assert cp.returncode == 0, cp.stderr
    assert "● 310 video" in cp.stdout
    assert venv.cli("--version").stdout.startswith("lineage-kit ")
    assert list(venv.workdir.iterdir()) == []


def test_demo_names_the_demo_extra_until_it_is_installed(venv: Installed) -> None:
    cp = venv.cli("demo", "--port", "0")
    assert (cp.returncode, cp.stderr, cp.stdout) == (1, DEMO_HINT, "")


def test_serve_names_the_api_extra_and_runs_with_it(venv: Installed) -> None:
    if venv.extra != "api":
        cp = venv.cli("serve", "--all-users")
        assert (cp.returncode, cp.stderr) == (1, API_HINT)
        imported = venv.py("import lineage_kit.api")
        assert imported.returncode == 1 and imported.stderr.strip().endswith(API_IMPORT_HINT)
        return
    proc = subprocess.Popen(
        [str(venv.bin / "lineage-kit"), "serve", "--all-users", "--port", "0"],
        cwd=venv.workdir,
        env=venv.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        match = re.search(r"at (http://\S+/) ", proc.stdout.readline())
        assert match, proc.stderr.read() if proc.poll() is not None else "no banner"
        url = match.group(1).rstrip("/")
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve did not answer"
            time.sleep(0.1)
        answer = httpx.get(url + "/assets/310/lineage/flat", timeout=30)
        assert answer.status_code == 200 and len(answer.json()["parents"]) == 4
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_the_widgets_name_their_extra_and_import_with_it(venv: Installed) -> None:
    code = (
        "import lineage_kit as lk\n"
        "from lineage_kit.widgets.layout import lineage_app\n"
        "print(lineage_app(lk.connect(), user_id=1, asset_id=310).inspector.result.root_asset_id)\n"
    )
    cp = venv.py(code)
    if venv.extra == "widgets":
        assert cp.returncode == 0, cp.stderr
        assert cp.stdout.strip().splitlines()[-1] == "310"
    else:
        assert cp.returncode == 1 and cp.stderr.strip().endswith(WIDGETS_HINT), cp.stderr
