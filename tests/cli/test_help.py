"""``lineage-kit --version``, and help that says every option's default."""

from __future__ import annotations

import argparse
import importlib.metadata
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import lineage_kit as lk
from lineage_kit.cli import main
from lineage_kit.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
NO_DEFAULT = {"--user", "--token-file", "--format"}
"""Options that have no default: a choice the user must make (the help says so)."""


def _parsers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path or "lineage-kit", parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}".strip())


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"lineage-kit {lk.__version__}\n"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert lk.__version__ == project["version"] == importlib.metadata.version("lineage-kit")


def test_every_option_says_its_default() -> None:
    missing = []
    for where, parser in _parsers(build_parser()):
        text = parser.format_help()
        for action in parser._actions:
            flag = isinstance(
                action,
                (
                    argparse._StoreTrueAction,
                    argparse._HelpAction,
                    argparse._VersionAction,
                    argparse._SubParsersAction,
                ),
            )
            if not action.option_strings or flag or set(action.option_strings) & NO_DEFAULT:
                continue
            helped = parser._get_formatter()._expand_help(action)  # as printed, %(default)s done
            if "default" not in helped:
                missing.append(f"{where} {action.option_strings[0]}")
            assert helped.split()[0] in text.split()  # really in the printed help
    assert not missing, missing


def test_help_shows_the_default_values(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["show", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: both)" in out and "default 1)" in out and "default 50)" in out
    with pytest.raises(SystemExit):
        main(["ask", "paths", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "default 8)" in out and "default 10000)" in out and "default 100)" in out
