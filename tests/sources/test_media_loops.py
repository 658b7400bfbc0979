"""Every way a key's path can fail to resolve is a refusal (warned once), never a crash.

A loop of symbolic links under ``media_dir`` made ``Path.resolve()`` raise
``RuntimeError`` (not :class:`~lineage_kit.MediaRefused`), so every answer holding
that asset, or its neighbour, was an HTTP 500. Here the loops are real links on disk:
a file linked to itself, two links to each other, a folder linked to itself; beside
them a name the file system cannot encode and a name too long.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import httpx
import pytest

import lineage_kit as lk
from lineage_kit.api import create_app
from lineage_kit.sources.media import MediaFolder
from lineage_kit.sources.sample import sample_media_dir
from tests.support.http import ServerThread

THUMB_901 = "u/1/thumbnails/fa/faca2ad6c062d6a1e27737a0dce1f9d5cbc3f4e69361a2d4a6c092ccbac4ef58.jpg"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    (root / "self.jpg").symlink_to(root / "self.jpg")
    (root / "ping.jpg").symlink_to(root / "pong.jpg")
    (root / "pong.jpg").symlink_to(root / "ping.jpg")
    (root / "round").symlink_to(root / "round")
    return root


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("self.jpg", "a loop of symbolic links"),
        ("ping.jpg", "a loop of symbolic links"),
        ("round/x.jpg", "a loop of symbolic links"),
        ("round/round/x.jpg", "a loop of symbolic links"),
        ("x\ud800.jpg", "a name the file system cannot encode"),
        ("n" * 5000 + ".jpg", "name too long"),
    ],
)
def test_a_path_that_cannot_be_resolved_is_refused(folder: Path, key: str, why: str) -> None:
    media = MediaFolder(folder)
    with pytest.raises(lk.MediaRefused, match=why):
        media.data_uri(key)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert media.thumbnail(key, 7) is None
        assert media.thumbnail(key, 7) is None  # warned once per key
    assert [w.category for w in caught] == [lk.MediaWarning]


@pytest.fixture
def looped_sample(tmp_path: Path) -> Path:
    """The sample's storage folder with asset 901's thumbnail replaced by a loop of links."""
    copy = tmp_path / "media"
    shutil.copytree(sample_media_dir(), copy)
    thumb = copy / THUMB_901
    thumb.unlink()
    thumb.symlink_to(thumb)
    return copy


def test_an_answer_with_a_looped_thumbnail_keeps_pixsim7s_url(looped_sample: Path) -> None:
    store = lk.connect(media_dir=looped_sample)
    with pytest.warns(lk.MediaWarning, match="a loop of symbolic links"):
        res = store.lineage(901, user_id=1, direction="children")
        asset = res.root.asset
    assert asset.thumbnail_url == f"/api/v1/media/{THUMB_901}"
    assert all(n.asset.thumbnail_url for n in res.nodes)


def test_the_http_answers_holding_it_are_200(looped_sample: Path) -> None:
    store = lk.connect(media_dir=looped_sample)
    with (
        warnings.catch_warnings(),
        ServerThread(create_app(store, all_users=True)) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        warnings.simplefilter("ignore", lk.MediaWarning)  # (warned once: tested above)
        neighbours = [n.id for n in store.lineage(901, user_id=1, direction="both").nodes]
        assert len(neighbours) > 1
        for root in neighbours:  # the asset itself, and every answer that holds it
            for path in (f"/assets/{root}/lineage", f"/assets/{root}/lineage/flat"):
                resp = http.get(path, params={"direction": "both"})
                assert resp.status_code == 200, (path, resp.text)
