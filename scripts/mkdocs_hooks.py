"""MkDocs hooks: the site shows files that live outside docs/, and links that work in the
repository work on the site too.

The committed notebooks (``notebooks/*.ipynb``) and ``benchmarks/RESULTS.md`` are
mounted into the site at the same paths they have in the repository
(``notebooks/01_quickstart.ipynb``, ``benchmarks/RESULTS.md``), read where they
are: nothing is copied into the working tree. A guide page links to them as the
repository lays them out (``../../benchmarks/RESULTS.md`` from ``docs/guide/``),
which a repository viewer follows; :func:`on_page_markdown` rewrites such a link
to the mounted page for the site. A link to any other file outside ``docs/`` is
left as it is, and strict mode reports it.

The API reference reads the package as it installs: ``lineage_kit`` with
``widgets/`` as ``lineage_kit.widgets`` and ``data_samples/`` as
``lineage_kit.data_samples``. :func:`on_config` lays that out with symbolic
links in a temporary folder (removed at shutdown) and points mkdocstrings at it,
so the docstrings are read without importing anything.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

REPO = Path(__file__).resolve().parent.parent
MOUNTED = ("notebooks/*.ipynb", "benchmarks/RESULTS.md")
"""Repository files shown on the site, by glob."""

LINK = re.compile(r"(\]\()([^)\s#]+)(#[^)\s]*)?(\))")


def _mounted() -> list[str]:
    return sorted(p.relative_to(REPO).as_posix() for pattern in MOUNTED for p in REPO.glob(pattern))


_layout: list[Path] = []


@event_priority(100)  # before mkdocstrings makes its handler from these settings
def on_config(config: Any) -> Any:
    root = Path(tempfile.mkdtemp(prefix="lineage-kit-docs-"))
    _layout.append(root)
    package = root / "lineage_kit"
    package.mkdir()
    for entry in (REPO / "lineage_kit").iterdir():
        (package / entry.name).symlink_to(entry)
    (package / "widgets").symlink_to(REPO / "widgets")
    (package / "data_samples").symlink_to(REPO / "data_samples")
    handler = config["plugins"]["mkdocstrings"].config["handlers"]["python"]
    handler["paths"] = [str(root)]
    return config


def on_shutdown() -> None:
    while _layout:
        shutil.rmtree(_layout.pop(), ignore_errors=True)


@event_priority(100)  # before mkdocs-jupyter turns the notebooks into pages
def on_files(files: Files, config: Any) -> Files:
    for path in _mounted():
        # A file of the site whose source folder is the repository: read where it is.
        files.append(File(path, str(REPO), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    docs = Path(config["docs_dir"]).resolve()
    real = page.file.abs_src_path
    if real is None or not Path(real).resolve().is_relative_to(docs):
        return markdown  # a mounted file: its links are the repository's own
    here = Path(real).resolve().parent
    mounted = set(_mounted())

    def rewrite(m: re.Match[str]) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("/", "mailto:")):
            return m.group(0)
        try:
            repo_path = (here / target).resolve().relative_to(REPO).as_posix()
        except ValueError:
            return m.group(0)
        if repo_path not in mounted:
            return m.group(0)
        page_dir = posixpath.dirname(page.file.src_uri)
        site_target = posixpath.relpath(repo_path, page_dir or ".")
        return f"{m.group(1)}{site_target}{m.group(3) or ''}{m.group(4)}"

    return LINK.sub(rewrite, markdown)
