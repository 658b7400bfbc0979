"""MkDocs hooks: the site shows files that live outside docs/, and links that work in the
repository work on the site too.

``benchmarks/RESULTS.md`` and the committed notebooks (``notebooks/*.ipynb``)
are pages of the site, read where they are: nothing is copied into the working
tree. A notebook becomes a page with its stored outputs, rendered by nbconvert
(never executed: they are the outputs nbval checks). A guide page links to these
files as the repository lays them out (``../../benchmarks/RESULTS.md`` from
``docs/guide/``), which a repository viewer follows; :func:`on_page_markdown`
rewrites such a link to the page on the site. A link to any other file outside
``docs/`` is left as it is, and strict mode reports it.

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
LINK = re.compile(r"(\]\()([^)\s#]+)(#[^)\s]*)?(\))")

_layout: list[Path] = []


def mounted() -> dict[str, str]:
    """Repository files shown on the site: repository path → the page's path on the site."""
    pages = {"benchmarks/RESULTS.md": "benchmarks/RESULTS.md"}
    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        pages[f"notebooks/{nb.name}"] = f"notebooks/{nb.stem}.md"
    return pages


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


def notebook_page(path: Path) -> str:
    """A notebook as a page: its cells and stored outputs as nbconvert renders them."""
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="basic").from_notebook_node(
        nbformat.read(path, as_version=4)
    )
    source = f"notebooks/{path.name}"
    return (
        f'<div class="lk-notebook">\n{body}\n</div>\n\n'
        f"*The notebook `{source}` with the outputs it is committed with "
        "(the test suite runs it and compares them).*\n"
    )


def on_files(files: Files, config: Any) -> Files:
    for repo_path, page in mounted().items():
        if repo_path.endswith(".ipynb"):
            content = notebook_page(REPO / repo_path)
            files.append(File.generated(config, page, content=content))
        else:  # a page whose source folder is the repository: read where it is
            files.append(File(page, str(REPO), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    docs = Path(config["docs_dir"]).resolve()
    real = page.file.abs_src_path
    pages = mounted()
    if real is None or not Path(real).resolve().is_relative_to(docs):
        return markdown  # a mounted file or a notebook: its links are the repository's own
    here = Path(real).resolve().parent

    def rewrite(m: re.Match[str]) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("/", "mailto:")):
            return m.group(0)
        try:
            repo_path = (here / target).resolve().relative_to(REPO).as_posix()
        except ValueError:
            return m.group(0)
        if repo_path not in pages:
            return m.group(0)
        page_dir = posixpath.dirname(page.file.src_uri)
        site_target = posixpath.relpath(pages[repo_path], page_dir or ".")
        return f"{m.group(1)}{site_target}{m.group(3) or ''}{m.group(4)}"

    return LINK.sub(rewrite, markdown)
