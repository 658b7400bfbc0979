"""The user's world: a wheel built from the repository, installed into a clean venv, used
from an unrelated folder.

The wheel (``tests/support/wheel.py``) is installed with its ``demo`` extra into a
fresh venv, as a user would. Then, from an empty temporary folder: ``lk.connect()``
on the packaged sample, every ``lineage-kit`` subcommand, ``import
lineage_kit.widgets`` and ``lineage-kit demo`` serving the inspector. The other
extras, each in a venv of its own, are ``test_extras.py``'s.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
import zipfile

import pytest

from lineage_kit.widgets.voila import free_port
from tests.support.wheel import Installed

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def installed(venvs: dict[str, Installed]) -> Installed:
    return venvs["demo"]


def test_the_wheel_holds_lineage_kit_only(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"lineage_kit"}
    assert not [n for n in names if "/tests/" in n or n.startswith("tests/")]
    for packaged in (
        "lineage_kit/data_samples/assets.csv",
        "lineage_kit/data_samples/lineage.csv",
        "lineage_kit/widgets/voila_template/index.html.j2",
        "lineage_kit/model/templates/lineage.html.j2",
        "lineage_kit/py.typed",
        "lineage_kit/api/router.py",
    ):
        assert packaged in names


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    cp = installed.run(
        str(installed.python),
        "-c",
        "import json, importlib.util, lineage_kit, lineage_kit.widgets; print(json.dumps("
        "[lineage_kit.__file__, lineage_kit.widgets.__file__,"
        " importlib.util.find_spec('widgets') is None]))",
    )
    assert cp.returncode == 0, cp.stderr
    core, ui, no_top_level_widgets = json.loads(cp.stdout)
    site_packages = str(installed.python.parent.parent)
    assert core.startswith(site_packages) and ui.startswith(site_packages)
    assert no_top_level_widgets


def test_connect_finds_the_packaged_sample_from_another_folder(installed: Installed) -> None:
    code = (
        "import lineage_kit as lk\n"
        "res = lk.connect().lineage(310, user_id=1)\n"
        "print([e.parent_asset_id for e in res.parents_of(310)])\n"
    )
    cp = installed.run(str(installed.python), "-c", code)
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.strip() == "[301, 302, 303, 301]"
    assert list(installed.workdir.iterdir()) == []  # nothing written into the working folder


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("show", "310", "--user", "1"), "● 310 video"),
        (("flat", "501", "--user", "1"), "children of 501"),
        (("audit", "--all-users"), "audit of embedded sample"),
        (("indexes",), "every index the kit recommends is there"),
        (("export", "310", "--user", "1", "--format", "mermaid"), "flowchart TD"),
        (("ask", "transition-inputs", "310", "--user", "1"), "transition inputs of 310"),
        (("ask", "extensions", "101", "--user", "1"), "extensions of 101"),
        (("ask", "paused-frames", "501", "--user", "1"), "paused frames of 501"),
        (("ask", "paths", "101", "103", "--user", "1"), "derivation paths from 101 to 103"),
        (("ask", "origins", "604", "--user", "1"), "origins of 604"),
    ],
)
def test_every_subcommand_works_from_the_install(
    installed: Installed, args: tuple[str, ...], expect: str
) -> None:
    cp = installed.cli(*args)
    assert cp.returncode == 0, cp.stderr
    assert expect in cp.stdout


def test_the_cli_reports_bad_input_and_missing_assets_in_one_line(installed: Installed) -> None:
    bad = installed.cli("show", "310", "--user", "1", "--depth", "-1")
    missing = installed.cli("show", "999", "--user", "1")
    assert (bad.returncode, missing.returncode) == (2, 1)
    assert len(bad.stderr.strip().splitlines()) == len(missing.stderr.strip().splitlines()) == 1


def test_serve_without_the_api_extra_says_which_extra_to_install(installed: Installed) -> None:
    """The wheel went in with the demo extra only: no FastAPI, so no HTTP API."""
    hint = "the HTTP API needs the 'api' extra: pip install 'lineage-kit[api]'"
    cp = installed.cli("serve", "--all-users")
    assert (cp.returncode, cp.stderr) == (1, f"lineage-kit: {hint}\n")
    code = "import lineage_kit.api"
    cp = installed.run(str(installed.python), "-c", code)
    assert cp.returncode == 1 and cp.stderr.strip().endswith(f"MissingExtra: {hint}")


def test_the_widgets_import_from_the_install(installed: Installed) -> None:
    code = (
        "import lineage_kit as lk\n"
        "from lineage_kit.widgets.layout import lineage_app\n"
        "app = lineage_app(lk.connect(), user_id=1, asset_id=310)\n"
        "print(app.inspector.result.root_asset_id)\n"
    )
    cp = installed.run(str(installed.python), "-c", code)
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.strip().splitlines()[-1] == "310"


def test_the_demo_serves_the_inspector_from_the_install(installed: Installed) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [str(installed.bin / "lineage-kit"), "demo", "--port", str(port)],
        cwd=installed.workdir,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        lines: list[str] = []
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Lineage Inspector" in line and url in line:
                break
        assert any(url in line for line in lines), "".join(lines)
        with urllib.request.urlopen(url, timeout=60) as page:
            body = page.read().decode()
        assert page.status == 200 and "voila" in body.lower()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert list(installed.workdir.iterdir()) == []
