"""Thumbnails by pixsim7's rules: the URL its API reports, its origin, its storage folder.

The rule table follows ``compute_urls`` (pixsim7 ``shared/schemas/asset_schemas.py``),
``storage_key_to_url`` (``shared/storage_utils.py``) and the Pixverse URL normalisation
(``services/provider/adapters/pixverse_url_resolver.py``), as read at commit 3d20eed.
"""

from __future__ import annotations

import base64
import json
import os
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from lineage_kit.model.thumbnails import (
    _NORMAL,
    _normalised,
    absolute,
    normalise_pixverse_url,
    thumbnail_url,
)
from lineage_kit.sources.media import MediaFolder, media_settings
from tests.support.pixsim_db import PixsimDB
from tests.support.pixsim_today import keys, today_assets, today_lineage

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 20
WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 20
PV = "https://media.pixverse.ai"


def row(**kw: Any) -> dict[str, Any]:
    return {"id": 7, "media_type": "IMAGE", "provider_id": "pixverse", **kw}


# --- pixsim7's rules -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rec", "expected"),
    [
        # thumbnail_key first, served at /api/v1/media/<key> with spaces as %20
        (
            row(media_type="VIDEO", thumbnail_key="u/1/thumbnails/a b.jpg", thumbnail_url="x"),
            "/api/v1/media/u/1/thumbnails/a%20b.jpg",
        ),
        # then the provider's own thumbnail from media_metadata (dict or JSON text)
        (
            row(media_type="VIDEO", media_metadata={"provider_thumbnail_url": f"{PV}/t.jpg"}),
            f"{PV}/t.jpg",
        ),
        (
            row(
                media_type="VIDEO",
                media_metadata=json.dumps({"provider_thumbnail_url": "http://p/t"}),
            ),
            "http://p/t",
        ),
        (row(media_type="VIDEO", provider_thumbnail_url=f"{PV}/t.jpg"), f"{PV}/t.jpg"),
        (row(media_type="VIDEO", media_metadata={"provider_thumbnail_url": "ftp://p/t.jpg"}), None),
        (row(media_type="VIDEO", media_metadata="not json"), None),
        # a video's file is never its thumbnail
        (row(media_type="VIDEO", stored_key="u/1/content/v.mp4", remote_url=f"{PV}/v.mp4"), None),
        # the legacy column, where today's rules find no key and no provider thumbnail
        (row(media_type="VIDEO", thumbnail_url="https://old/t.png"), "https://old/t.png"),
        (row(thumbnail_url="https://old/t.png", stored_key="u/1/c.png"), "https://old/t.png"),
        (
            row(thumbnail_key="u/1/t.jpg", thumbnail_url="https://old/t.png"),
            "/api/v1/media/u/1/t.jpg",
        ),
        (
            row(
                thumbnail_url="https://old/t.png",
                media_metadata={"provider_thumbnail_url": "http://p"},
            ),
            "http://p",
        ),
        # images (and anything but videos) fall back to the file: stored_key, local_path, remote
        (
            row(stored_key="u/1/content/i.png", remote_url=f"{PV}/i.png"),
            "/api/v1/media/u/1/content/i.png",
        ),
        (row(local_path="/srv/x.png", remote_url=f"{PV}/i.png"), "/api/v1/assets/7/file"),
        (row(remote_url=f"{PV}/i.png"), f"{PV}/i.png"),
        (row(media_type="MODEL_3D", remote_url="https://cdn/m.glb"), "https://cdn/m.glb"),
        (row(media_type="audio", remote_url="https://cdn/a.mp3"), "https://cdn/a.mp3"),
        # Pixverse remote URLs are normalised first; others are taken as stored
        (row(remote_url="upload/i.jpg"), f"{PV}/upload/i.jpg"),
        (
            row(remote_url="HTTPS://Media.Pixverse.AI/openapi/output/a%20b.png/"),
            f"{PV}/openapi/output/a b.png",
        ),
        (row(provider_id="other", remote_url="upload/i.jpg"), None),
        (row(provider_id="other", remote_url="HTTPS://cdn/i.jpg"), None),  # http(s) check is exact
        (
            row(
                provider_id="other",
                remote_url="upload/i.jpg",
                original_source_url="https://src/i.jpg",
            ),
            "https://src/i.jpg",
        ),
        (row(remote_url=None), None),
    ],
)
def test_thumbnail_url_follows_pixsim7s_priority(rec: dict[str, Any], expected: str | None) -> None:
    assert thumbnail_url(rec) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"{PV}/openapi/output/x.mp4", f"{PV}/openapi/output/x.mp4"),
        ("HTTPS://MEDIA.PIXVERSE.AI/Web/Ori/B%20C/", f"{PV}/Web/Ori/B C"),
        ("/openapi/output/x.png", f"{PV}/openapi/output/x.png"),
        ("pixverse\\jpg\\x.jpg", f"{PV}/pixverse/jpg/x.jpg"),
        ("media.pixverse.ai/pixverse/x.jpg", f"{PV}/pixverse/x.jpg"),
        (f"{PV}/x.mp4?token=1#frag", f"{PV}/x.mp4?token=1"),
        (f"{PV}/", f"{PV}/"),
        ("374351749764234", "374351749764234"),  # an id, not a URL: kept
        ("  ", ""),
        (None, None),
    ],
)
def test_pixverse_urls_are_normalised_like_pixsim7(raw: str | None, expected: str | None) -> None:
    assert normalise_pixverse_url(raw) == expected


_URL_TAIL = st.text(alphabet="aZ09./%#?;:@-_~[]\\ \t", max_size=24)


@settings(max_examples=400)
@given(
    st.sampled_from(["", "https://", "http://", "HTTPS://", "/", f"{PV}", f"{PV}/", "media."]),
    _URL_TAIL,
)
def test_urls_already_normal_skip_the_parse_with_the_same_result(head: str, tail: str) -> None:
    """The shortcut for URLs that need no change (most stored ones) answers exactly what
    the full normalisation does, whatever the text."""
    url = head + tail
    if url:
        assert normalise_pixverse_url(url) == _normalised(url), url


def test_the_usual_stored_url_takes_the_shortcut() -> None:
    assert _NORMAL.fullmatch(f"{PV}/openapi/output/0a1b-c_d.mp4")
    assert not _NORMAL.fullmatch(f"{PV}/openapi/output/a%20b.mp4")


def test_summary_reports_pixsim7s_remote_url_and_the_key() -> None:
    asset = lk.Asset.from_record(row(remote_url="upload/i.jpg", thumbnail_key="u/1/t.jpg"))
    assert asset.remote_url == f"{PV}/upload/i.jpg"
    assert asset.thumbnail_key == "u/1/t.jpg" and asset.to_dict()["thumbnail_key"] == "u/1/t.jpg"
    other = lk.Asset.from_record(row(provider_id="other", remote_url="upload/i.jpg"))
    assert other.remote_url == "upload/i.jpg"


# --- the pixsim7 origin --------------------------------------------------------------------------
def test_origin_makes_server_paths_absolute() -> None:
    assert absolute("/api/v1/media/k.jpg", "http://h:8000") == "http://h:8000/api/v1/media/k.jpg"
    assert (
        absolute("/api/v1/media/k.jpg", "https://h/pixsim") == "https://h/pixsim/api/v1/media/k.jpg"
    )
    assert absolute("https://cdn/k.jpg", "http://h") == "https://cdn/k.jpg"
    assert absolute("//cdn/k.jpg", "http://h") == "//cdn/k.jpg"
    assert absolute("data:image/png;base64,xx", "http://h") == "data:image/png;base64,xx"


@pytest.mark.parametrize(
    "bad",
    ["localhost:8000", "ftp://h", "http://", "http://h/?q=1", "http://u:p@h", "http://h:99999"],
)
def test_bad_origin_is_refused_by_name(bad: str) -> None:
    with pytest.raises(lk.InvalidArgument, match="pixsim7_url"):
        lk.connect(pixsim7_url=bad)
    with pytest.raises(lk.InvalidArgumentType, match="pixsim7_url"):
        lk.connect(pixsim7_url=8000)  # type: ignore[arg-type]


def test_origin_from_the_environment(monkeypatch: pytest.MonkeyPatch, empty_db: PixsimDB) -> None:
    empty_db.load(today_assets(), today_lineage())
    monkeypatch.setenv("LINEAGE_KIT_PIXSIM7_URL", "http://pixsim.local:8000/")
    store = lk.connect(empty_db.url)
    root = store.lineage(1, user_id=1, max_depth=0).root.asset
    assert root.thumbnail_url == "http://pixsim.local:8000" + thumbnail_url(today_assets()[0])
    # an explicit argument wins over the environment
    explicit = lk.connect(empty_db.url, pixsim7_url="https://other.example")
    assert explicit.lineage(1, user_id=1, max_depth=0).root.asset.thumbnail_url.startswith(
        "https://other.example/api/v1/media/u/1/thumbnails/"
    )
    explicit.close()
    store.close()
    monkeypatch.setenv("LINEAGE_KIT_PIXSIM7_URL", "pixsim.local")
    with pytest.raises(lk.InvalidArgument, match="LINEAGE_KIT_PIXSIM7_URL"):
        lk.connect(empty_db.url)


# --- a database written by pixsim7 today, on both backends ---------------------------------------
def test_every_summary_is_pixsim7s_answer(empty_db: PixsimDB) -> None:
    assets = today_assets()
    empty_db.load(assets, today_lineage())
    origin = "http://pixsim.local:8000"
    store = lk.connect(empty_db.url, pixsim7_url=origin)
    frames = store.frames(user_id=None)
    graph = frames.to_networkx()
    for source in (store, frames, graph):
        page = lk.list_assets(source, user_id=None, limit=500)
        got = {n.id: (n.asset.thumbnail_url, n.asset.thumbnail_key) for n in page.items}
        assert got == {
            a["id"]: (absolute(thumbnail_url(a), origin), a.get("thumbnail_key")) for a in assets
        }
    # the legacy column is empty everywhere; only videos with neither a key nor a provider
    # thumbnail have no picture (pixsim7 never shows a video file as a thumbnail)
    missing = sorted(i for i, (url, _) in got.items() if url is None)
    assert missing == [14, 20, 60]
    res = store.lineage(2, user_id=1)
    assert (
        res.root.asset.thumbnail_url == f"{origin}/api/v1/media/{keys(2, '.mp4')['thumbnail_key']}"
    )
    assert res.node(3).asset.thumbnail_url == f"{PV}/openapi/output/3-last.jpg"
    store.close()


def test_missing_key_columns_read_as_null(empty_db: PixsimDB) -> None:
    """An older database without the key columns answers with the legacy column."""
    empty_db.load(
        [{**row(id=1, user_id=1, provider_asset_id="p"), "thumbnail_url": "https://t"}], []
    )
    with empty_db.writer.begin() as conn:
        for col in ("stored_key", "thumbnail_key", "preview_key", "original_source_url"):
            conn.exec_driver_sql(f"ALTER TABLE assets DROP COLUMN {col}")
    store = lk.connect(empty_db.url)
    asset = store.lineage(1, user_id=1).root.asset
    assert (asset.thumbnail_url, asset.thumbnail_key) == ("https://t", None)
    store.close()


# --- pixsim7's storage folder, read strictly ------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "u/1/thumbnails").mkdir(parents=True)
    for name, data in [("a.jpg", JPEG), ("b.png", PNG), ("c.gif", GIF), ("d.webp", WEBP)]:
        (root / "u/1/thumbnails" / name).write_bytes(data)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(JPEG)
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    return root


@pytest.mark.parametrize(
    ("name", "mime", "data"),
    [
        ("a.jpg", "image/jpeg", JPEG),
        ("b.png", "image/png", PNG),
        ("c.gif", "image/gif", GIF),
        ("d.webp", "image/webp", WEBP),
    ],
)
def test_small_images_read_as_data_uris(folder: Path, name: str, mime: str, data: bytes) -> None:
    uri = MediaFolder(folder).data_uri(f"u/1/thumbnails/{name}")
    assert uri == f"data:{mime};base64,{base64.b64encode(data).decode()}"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("../../etc/passwd", "goes up"),
        ("../outside/secret.jpg", "goes up"),
        ("u/1/../../../outside/secret.jpg", "goes up"),
        ("u\\..\\..\\outside\\secret.jpg", "goes up"),
        ("/etc/passwd", "absolute"),
        ("/u/1/thumbnails/a.jpg", "absolute"),
        ("C:\\Windows\\win.ini", "absolute"),
        ("\\\\server\\share\\x.jpg", "absolute"),
        ("u/1/thumbnails/a.jpg\x00.png", "NUL"),
        ("", "non-empty"),
        ("u/1/thumbnails/notes.txt", "not an image"),
        ("u/1/thumbnails/logo.svg", "not an image"),
        ("u/1/content/clip.mp4", "not an image"),
    ],
)
def test_hostile_keys_read_nothing_and_say_why(folder: Path, key: str, reason: str) -> None:
    with pytest.raises(lk.MediaRefused, match=reason) as info:
        MediaFolder(folder).data_uri(key)
    assert isinstance(info.value, ValueError) and isinstance(info.value, lk.LineageKitError)


def test_symbolic_links_out_of_the_folder_are_refused(folder: Path) -> None:
    outside = folder.parent / "outside"
    (folder / "u/1/thumbnails/out.jpg").symlink_to(outside / "secret.jpg")
    (folder / "u/1/escape").symlink_to(outside)
    (folder / "u/1/thumbnails/in.jpg").symlink_to(folder / "u/1/thumbnails/a.jpg")
    media = MediaFolder(folder)
    for key in ("u/1/thumbnails/out.jpg", "u/1/escape/secret.jpg"):
        with pytest.raises(lk.MediaRefused, match="symbolic link leads outside"):
            media.data_uri(key)
    assert media.data_uri("u/1/thumbnails/in.jpg") == media.data_uri("u/1/thumbnails/a.jpg")


def test_a_folder_behind_a_symlink_is_its_resolved_self(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "media-link"
    link.symlink_to(folder)
    assert MediaFolder(link).data_uri("u/1/thumbnails/a.jpg") is not None


def test_only_regular_small_image_files(folder: Path) -> None:
    thumbs = folder / "u/1/thumbnails"
    (thumbs / "fake.jpg").write_text("root:x:0:0")
    (thumbs / "big.jpg").write_bytes(JPEG + b"\x00" * 2000)
    (thumbs / "dir.jpg").mkdir()
    os.mkfifo(thumbs / "pipe.jpg")  # opening a FIFO must not block
    media = MediaFolder(folder, max_bytes=1000)
    with pytest.raises(lk.MediaRefused, match="not a JPEG, PNG, WebP or GIF"):
        media.data_uri("u/1/thumbnails/fake.jpg")
    with pytest.raises(lk.MediaRefused, match="more than max_bytes=1000"):
        media.data_uri("u/1/thumbnails/big.jpg")
    with pytest.raises(lk.MediaRefused, match="not a regular file"):
        media.data_uri("u/1/thumbnails/pipe.jpg")
    assert media.data_uri("u/1/thumbnails/dir.jpg") is None
    assert media.data_uri("u/1/thumbnails/missing.jpg") is None


def test_an_edited_file_is_read_again(folder: Path) -> None:
    media = MediaFolder(folder)
    first = media.data_uri("u/1/thumbnails/b.png")
    (folder / "u/1/thumbnails/b.png").write_bytes(PNG + b"\x01" * 8)
    assert media.data_uri("u/1/thumbnails/b.png") != first


@pytest.mark.parametrize(
    ("kw", "error", "name"),
    [
        ({"root": 3}, TypeError, "media_dir"),
        ({"root": "/no/such/folder"}, ValueError, "media_dir"),
        ({"max_bytes": 0}, ValueError, "max_bytes"),
        ({"max_bytes": True}, TypeError, "max_bytes"),
    ],
)
def test_bad_folder_settings_are_named(
    folder: Path, kw: dict[str, Any], error: type, name: str
) -> None:
    with pytest.raises(error, match=name):
        MediaFolder(**({"root": folder} | kw))


def _hostile_db(db: PixsimDB, folder: Path) -> None:
    hostile = ["../../etc/passwd", "/etc/passwd", "u/1/thumbnails/out.jpg", "u/1/content/c.mp4"]
    assets = [
        {**row(id=1, user_id=1, provider_asset_id="p1"), "thumbnail_key": "u/1/thumbnails/a.jpg"},
        {
            **row(id=2, user_id=1, provider_asset_id="p2"),
            "thumbnail_key": "u/1/thumbnails/gone.jpg",
        },
    ] + [
        {**row(id=10 + i, user_id=1, provider_asset_id=f"h{i}"), "thumbnail_key": key}
        for i, key in enumerate(hostile)
    ]
    lineage = [
        {
            "id": 10 + i,
            "parent_asset_id": 1,
            "child_asset_id": 10 + i,
            "relation_type": "SOURCE",
            "operation_type": "image_edit",
            "sequence_order": 0,
        }
        for i in range(len(hostile))
    ]
    db.load(assets, lineage)
    (folder / "u/1/thumbnails/out.jpg").symlink_to(folder.parent / "outside" / "secret.jpg")


def test_summaries_read_thumbnails_from_the_folder_and_warn_on_hostile_keys(
    empty_db: PixsimDB, folder: Path
) -> None:
    _hostile_db(empty_db, folder)
    store = lk.connect(empty_db.url, media_dir=folder, pixsim7_url="http://h:1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Summaries are made when a result's nodes are first read (the answer is lazy).
        res = store.lineage(1, user_id=1, direction="children")
        assert len(res.nodes) == 5
        again = store.lineage(1, user_id=1, direction="children")  # warned once per key
        assert len(again.nodes) == 5
    messages = [str(w.message) for w in caught if issubclass(w.category, lk.MediaWarning)]
    assert len(messages) == 4 and all("not read from the media folder" in m for m in messages)
    assert any("goes up" in m for m in messages) and any("symbolic link" in m for m in messages)
    assert res == again
    thumbs = {n.id: n.asset.thumbnail_url for n in res.nodes}
    assert thumbs[1] == "data:image/jpeg;base64," + base64.b64encode(JPEG).decode()
    # a refused key reads nothing: the summary keeps pixsim7's (absolute) URL
    assert thumbs[10] == "http://h:1/api/v1/media/../../etc/passwd"
    assert thumbs[11] == "http://h:1/api/v1/media//etc/passwd"
    assert thumbs[12] == "http://h:1/api/v1/media/u/1/thumbnails/out.jpg"
    assert not any("cm9vd" in (t or "") for t in thumbs.values())  # base64 of "root"
    # a missing file is not an error: pixsim7's URL, no warning
    assert store.lineage(2, user_id=1).root.asset.thumbnail_url == (
        "http://h:1/api/v1/media/u/1/thumbnails/gone.jpg"
    )
    store.close()


def test_every_source_reads_the_same_folder(empty_db: PixsimDB, folder: Path) -> None:
    _hostile_db(empty_db, folder)
    store = lk.connect(empty_db.url, media_dir=folder)
    frames = store.frames(user_id=1)
    graph = frames.to_networkx()
    assert graph.graph == {"media_dir": str(folder.resolve())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lk.MediaWarning)
        answers = [lk.lineage(s, 1, user_id=1).to_dict() for s in (store, frames, graph)]
        back = lk.Frames.from_networkx(graph)
        answers.append(lk.lineage(back, 1, user_id=1).to_dict())
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert answers[0]["nodes"][0]["asset"]["thumbnail_url"].startswith("data:image/jpeg;base64,")
    store.close()


def test_media_folder_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, empty_db: PixsimDB, folder: Path
) -> None:
    _hostile_db(empty_db, folder)
    monkeypatch.setenv("LINEAGE_KIT_MEDIA_DIR", str(folder))
    store = lk.connect(empty_db.url)
    assert store.lineage(1, user_id=1, max_depth=0).root.asset.thumbnail_url.startswith("data:")
    frames = lk.Frames(store.frames(user_id=1).assets, store.frames(user_id=1).edges)
    assert lk.lineage(frames, 1, user_id=1, max_depth=0).root.asset.thumbnail_url.startswith(
        "data:"
    )
    store.close()
    monkeypatch.setenv("LINEAGE_KIT_MEDIA_DIR", str(folder / "nope"))
    with pytest.raises(lk.InvalidArgument, match="LINEAGE_KIT_MEDIA_DIR"):
        lk.connect(empty_db.url)


def test_media_settings_are_shared_per_folder(folder: Path) -> None:
    assert media_settings(media_dir=folder) is media_settings(media_dir=str(folder))
    assert media_settings(media_dir=folder).folder is not None


# --- property: every source reports the same summary ---------------------------------------------
KEY_POOL = [
    None,
    "",
    "u/1/thumbnails/a.jpg",
    "u/1/thumbnails/gone.jpg",
    "../../etc/passwd",
    "u/1/x y.png",
]
URL_POOL = [
    None,
    "",
    "upload/i.jpg",
    f"{PV}/openapi/output/v.mp4/",
    "HTTPS://Cdn.Example/x.png",
    "https://cdn.example/y.png",
    "/relative/z.png",
    "374351749764234",
]
META_POOL = [
    None,
    {},
    {"provider_thumbnail_url": f"{PV}/last.jpg"},
    {"provider_thumbnail_url": 5},
    {"provider_thumbnail_url": "ftp://x"},
    {"customer_paths": {"prompts": ["a"]}},
]


@st.composite
def asset_shapes(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 8))
    return [
        {
            "id": i,
            "user_id": draw(st.sampled_from([1, 2])),
            "media_type": draw(st.sampled_from(["IMAGE", "VIDEO", "AUDIO", "MODEL_3D"])),
            "provider_id": draw(st.sampled_from(["pixverse", "local", "other"])),
            "provider_asset_id": f"p{i}",
            "thumbnail_key": draw(st.sampled_from(KEY_POOL)),
            "stored_key": draw(st.sampled_from(KEY_POOL)),
            "thumbnail_url": draw(st.sampled_from(URL_POOL)),
            "remote_url": draw(st.sampled_from(URL_POOL)),
            "original_source_url": draw(st.sampled_from(URL_POOL)),
            "local_path": draw(st.sampled_from([None, "/srv/m/x.png"])),
            "media_metadata": draw(st.sampled_from(META_POOL)),
            "is_archived": False,
        }
        for i in range(1, n + 1)
    ]


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(assets=asset_shapes(), origin=st.sampled_from([None, "http://pixsim.local:8000"]))
def test_sql_arrays_and_networkx_report_the_same_summaries(
    empty_db: PixsimDB, folder: Path, assets: list[dict[str, Any]], origin: str | None
) -> None:
    lineage = [
        {
            "id": a["id"],
            "parent_asset_id": 1,
            "child_asset_id": a["id"],
            "relation_type": "SOURCE",
            "operation_type": "image_edit",
            "sequence_order": 0,
        }
        for a in assets[1:]
    ]
    empty_db.load(assets, lineage)
    store = lk.connect(empty_db.url, pixsim7_url=origin, media_dir=folder)
    try:
        check_summaries(store, assets, lineage)
    finally:
        store.close()


def check_summaries(store: lk.Store, assets: list[dict[str, Any]], lineage: list[Any]) -> None:
    media = store.media
    frames = store.frames(user_id=None)
    columns = list(lk.schema.LINEAGE_REQUIRED)
    # media_metadata as dicts (a user's own frames), not JSON text as the store reads it
    own = lk.Frames(pd.DataFrame(assets), pd.DataFrame(lineage, columns=columns), media=media)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lk.MediaWarning)
        pages = [
            [n.asset for n in lk.list_assets(s, user_id=None, limit=50).items]
            for s in (store, frames, frames.to_networkx(), own, own.to_networkx())
        ]
        answers = [lk.lineage(s, 1, user_id=None).to_dict() for s in (store, frames, own)]
        expected = {a["id"]: media.thumbnail(a) for a in assets}
    assert all(page == pages[0] for page in pages)
    assert all(answer == answers[0] for answer in answers)
    assert {a.id: a.thumbnail_url for a in pages[0]} == expected
