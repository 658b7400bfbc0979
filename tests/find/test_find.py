"""Finding assets: one rule per test, the same answer from SQLite, bare PostgreSQL,
PostgreSQL with pixsim7's search indexes, Frames and networkx."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from tests.support.pgserver import PgServer
from tests.support.search_data import ASSETS, KINDS, LINEAGE, SHA_1, frames_of, search_sources


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, pg_server: PgServer) -> dict[str, Any]:
    return search_sources(tmp_path_factory.mktemp("find"), pg_server)


@pytest.fixture(params=KINDS)
def source(request: pytest.FixtureRequest, sources: dict[str, Any]) -> Any:
    return sources[request.param]


def ids(source: Any, query: Any, user_id: int | None = 1, **kw: Any) -> list[int]:
    return lk.find_assets(source, query, user_id=user_id, **kw).ids


def fields(source: Any, query: Any, user_id: int | None = 1) -> list[tuple[int, str]]:
    return [(h.id, h.field) for h in lk.find_assets(source, query, user_id=user_id)]


# --- exact fields ---------------------------------------------------------------------------
def test_a_database_id_matches_its_asset(source: Any) -> None:
    assert fields(source, "1") == [(1, "id")]
    assert fields(source, 5) == [(5, "id")]
    assert fields(source, "#2") == fields(source, "ID: 2") == [(2, "id")]


def test_id_form_compares_the_database_id_alone(source: Any) -> None:
    assert fields(source, "55") == [(55, "id"), (5, "provider_asset_id")]
    assert fields(source, "id:55") == [(55, "id")]
    assert fields(source, "#dusk") == [(6, "prompt")]  # a hashtag is words, not an id


def test_a_provider_asset_id_matches_any_provider(source: Any) -> None:
    assert fields(source, "374351749764234") == [(3, "provider_asset_id"), (1, "provider_asset_id")]


def test_provider_form_names_the_provider(source: Any) -> None:
    assert fields(source, "pixverse:374351749764234") == [(1, "provider_asset_id")]
    assert ids(source, "SORA:374351749764234") == [3]
    assert ids(source, "pixverse:374351749764234", user_id=None) == [7, 1]
    assert ids(source, "sora:374351749764301") == []


def test_sha256_in_any_case(source: Any) -> None:
    assert fields(source, SHA_1.upper()) == [(1, "sha256")]


def test_storage_key_and_local_path(source: Any) -> None:
    assert fields(source, "u1/clips/1.mp4") == [(1, "stored_key")]
    assert ids(source, "u1/clips/1.mp4", user_id=None) == [7, 1]
    assert fields(source, " /data/media/u1/4.jpg ") == [(4, "local_path")]


# --- text -----------------------------------------------------------------------------------
def test_description_terms_are_substrings_in_any_ascii_case(source: Any) -> None:
    assert ids(source, "skate") == [6, 4, 1]
    assert ids(source, "cat SKATEBOARD") == [4, 6, 1]  # 4 starts with it
    assert ids(source, "SKATEBOARD cat") == [6, 4, 1]
    assert ids(source, "amp") == [2]  # "ramp"; "&amp;" in a prompt is markup, not a word


def test_prompt_words_are_whole_words(source: Any) -> None:
    assert fields(source, "neon") == [(2, "prompt"), (1, "prompt")]
    assert ids(source, "Skating CAT") == [6]
    assert ids(source, "skatin") == []  # a word of a prompt, not a substring of one
    assert ids(source, "golden hour") == ids(source, "golden-hour") == [1]
    assert ids(source, "bold") == ids(source, "stops") == [4]  # inside and after markup


def test_compound_tokens_are_not_words(source: Any) -> None:
    """As PostgreSQL's parser reads them: file names, signed numbers, tags."""
    assert ids(source, "mp4") == []  # cat.mp4
    assert ids(source, "5") == [5]  # the id only: "-5" in a prompt is a signed number
    assert ids(source, "b") == [1, 6, 3, 4]  # descriptions only: <b> is a tag


def test_non_ascii_letters_compare_as_they_are(source: Any) -> None:
    assert fields(source, "café") == [(55, "description")]
    assert ids(source, "brûlée crème") == [55]
    assert ids(source, "CAFÉ") == []


def test_query_text_is_matched_literally(source: Any) -> None:
    for query in ("'; DROP TABLE assets; --", "%", "_", "\\", "a%t", "(.*)", "cat' OR '1'='1"):
        assert ids(source, query) == [], query
    assert ids(source, "cat") == [5, 6, 4, 2, 1]


# --- order ----------------------------------------------------------------------------------
def test_best_match_first_then_newest(source: Any) -> None:
    found = lk.find_assets(source, "cat", user_id=1)
    assert [(h.id, h.how) for h in found] == [
        (5, "equals the query"),
        (6, "starts with the query"),  # 09:30
        (4, "starts with the query"),  # 09:02
        (2, "contains the query"),
        (1, "contains the query"),
    ]


def test_exact_fields_come_before_text(source: Any) -> None:
    found = lk.find_assets(source, "55", user_id=1)
    assert [h.exact for h in found] == [True, True]
    mixed = lk.find_assets(source, "2", user_id=None)
    assert mixed.hits[0].exact and mixed.hits[0].id == 2
    assert [h.id for h in mixed.hits[1:]] == [7]  # "(owner 2)" in its description


def test_ties_on_date_go_by_id_descending(source: Any) -> None:
    assert ids(source, "dusk") == [6, 55]
    assert ids(source, "cat", user_id=None) == [5, 6, 4, 7, 2, 1]


def test_each_asset_appears_once_for_its_best_field(source: Any) -> None:
    found = lk.find_assets(source, "cat", user_id=1)
    assert len(found.ids) == len(set(found.ids))
    assert dict(fields(source, "cat rides"))[1] == "description"  # its prompt matches too


# --- scope, limit, the answer -----------------------------------------------------------------
def test_another_owners_assets_are_never_found(source: Any) -> None:
    assert ids(source, "owner 2") == []
    assert ids(source, "owner 2", user_id=2) == [7]
    assert ids(source, "7") == []
    assert ids(source, "u1/clips/1.mp4", user_id=2) == [7]


def test_limit_cuts_and_says_so(source: Any) -> None:
    two = lk.find_assets(source, "cat", user_id=1, limit=2)
    assert two.ids == [5, 6] and two.truncated
    assert repr(two) == "FindResult('cat': 2+ hits — 5 description, 6 description)"
    five = lk.find_assets(source, "cat", user_id=1, limit=5)
    assert five.ids == [5, 6, 4, 2, 1] and not five.truncated


def test_hits_carry_the_summary_counts_and_matched_value(source: Any) -> None:
    hit = lk.find_assets(source, "skateboard", user_id=1).hits[-1]
    assert hit.id == 1 and hit.asset.provider_asset_id == "374351749764234"
    assert (hit.node.parent_count, hit.node.child_count) == (1, 1)
    assert hit.value == "Base clip: a cat rides a skateboard"
    assert hit.to_dict()["match"] == "contains the query" and not hit.exact
    prompt = lk.find_assets(source, "neon", user_id=1).hits[1]
    assert prompt.value.startswith("A ginger cat")


def test_results_are_the_same_everywhere(sources: dict[str, Any]) -> None:
    queries = ["cat", "374351749764234", "dusk", "skateboard cat", "neon", "55", SHA_1, "b"]
    for uid in (1, 2, None):
        for q in queries:
            answers = {k: lk.find_assets(s, q, user_id=uid).to_dict() for k, s in sources.items()}
            assert all(a == answers["frames"] for a in answers.values()), (q, uid)


def test_result_converts_and_pickles(sources: dict[str, Any]) -> None:
    found = lk.find_assets(sources["sqlite"], "cat", user_id=1)
    frame = found.frame()
    assert list(frame["id"]) == [5, 6, 4, 2, 1]
    assert list(frame.columns[:4]) == ["id", "field", "match", "value"]
    assert lk.find_assets(sources["frames"], "zzz", user_id=1).frame().empty
    assert "<q>cat</q>" in found._repr_html_() and "&lt;" not in found._repr_html_()
    assert pickle.loads(pickle.dumps(found)) == found
    d = found.to_dict()
    assert d["query"] == "cat" and d["hits"][0]["field"] == "description"


# --- resolving a reference ------------------------------------------------------------------
def test_resolve_takes_the_one_exact_match(source: Any) -> None:
    assert lk.resolve_asset(source, "pixverse:374351749764234", user_id=1) == 1
    assert lk.resolve_asset(source, "1", user_id=1) == 1
    assert lk.resolve_asset(source, SHA_1, user_id=1) == 1
    assert lk.resolve_asset(source, "id:55", user_id=1) == 55


def test_resolve_refuses_an_ambiguous_reference(source: Any) -> None:
    with pytest.raises(lk.AmbiguousAsset) as err:
        lk.resolve_asset(source, "374351749764234", user_id=1)
    assert err.value.matches == (
        (3, "sora asset 374351749764234"),
        (1, "pixverse asset 374351749764234"),
    )
    assert "give one of them as id:N" in str(err.value)
    with pytest.raises(lk.AmbiguousAsset, match=r"55 \(database id\), 5 \(pixverse asset 55\)"):
        lk.resolve_asset(source, "55", user_id=1)
    assert pickle.loads(pickle.dumps(err.value)).matches == err.value.matches


def test_resolve_names_what_was_not_found(source: Any) -> None:
    with pytest.raises(lk.AssetNotFound, match=r"^asset 7 not found for user_id=1$"):
        lk.resolve_asset(source, "7", user_id=1)
    with pytest.raises(lk.AssetNotFound, match="no asset matches 'pixverse:nope' for user_id=1"):
        lk.resolve_asset(source, "pixverse:nope", user_id=1)
    with pytest.raises(lk.AssetNotFound):
        lk.resolve_asset(source, "zebra", user_id=1)  # matches nothing at all


def test_words_that_match_are_ambiguous_never_not_found(source: Any) -> None:
    # Words name an asset only with text=True; without it, matching words are listed.
    with pytest.raises(lk.AmbiguousAsset) as err:
        lk.resolve_asset(source, "skateboard", user_id=1)
    assert err.value.by_words and [i for i, _ in err.value.matches] == [6, 4, 1]
    assert "names no asset by id, key or path" in str(err.value)
    with pytest.raises(lk.AmbiguousAsset) as one:
        lk.resolve_asset(source, "ramp", user_id=1)  # one match by words is still not a name
    assert one.value.matches == ((2, "description contains the query"),)
    assert pickle.loads(pickle.dumps(one.value)).by_words


def test_resolve_by_text_when_asked(source: Any) -> None:
    assert lk.resolve_asset(source, "ramp", user_id=1, text=True) == 2
    with pytest.raises(lk.AmbiguousAsset, match="description"):
        lk.resolve_asset(source, "skateboard", user_id=1, text=True)
    assert lk.resolve_asset(source, "1", user_id=None, text=True) == 1  # exact decides


# --- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "error", "message"),
    [
        ("", lk.InvalidArgument, "query must not be empty"),
        ("   \n ", lk.InvalidArgument, "query must not be empty"),
        ("x" * 501, lk.InvalidArgument, "at most 500 characters; got 501"),
        (" ".join(f"w{i}" for i in range(17)), lk.InvalidArgument, "at most 16 words; got 17"),
        ("a\x00b", lk.InvalidArgument, "NUL"),
        ("id:abc", lk.InvalidArgument, "id:N take a database id, a whole number from 0 to"),
        ("id: -3", lk.InvalidArgument, "id:N take a database id"),
        ("#99999999999999999999", lk.InvalidArgument, "id:N take a database id"),
        (None, lk.InvalidArgumentType, "query must be text"),
        (True, lk.InvalidArgumentType, "not bool"),
        (3.5, lk.InvalidArgumentType, "not float"),
        (["cat"], lk.InvalidArgumentType, "not list"),
    ],
)
def test_bad_queries_are_named_errors(
    sources: dict[str, Any], query: Any, error: type[Exception], message: str
) -> None:
    for source in sources.values():
        with pytest.raises(error, match=message):
            lk.find_assets(source, query, user_id=1)


def test_bad_arguments_are_named(sources: dict[str, Any]) -> None:
    src = sources["sqlite"]
    with pytest.raises(lk.InvalidArgument, match="limit must be an integer from 1 to 500"):
        lk.find_assets(src, "cat", user_id=1, limit=0)
    with pytest.raises(lk.InvalidArgumentType, match="limit"):
        lk.find_assets(src, "cat", user_id=1, limit="5")
    with pytest.raises(lk.InvalidArgumentType, match="user_id"):
        lk.find_assets(src, "cat", user_id="1")
    with pytest.raises(TypeError):
        lk.find_assets(src, "cat")  # type: ignore[call-arg]
    with pytest.raises(lk.InvalidArgumentType, match="source must be"):
        lk.find_assets(object(), "cat", user_id=1)


# --- sources without the searched columns ------------------------------------------------------
def test_frames_without_search_columns_find_what_they_hold() -> None:
    frames = lk.Frames(
        pd.DataFrame(
            {
                "id": [1, 2],
                "user_id": [1, 1],
                "media_type": ["VIDEO", "IMAGE"],
                "provider_id": ["pixverse", "pixverse"],
                "provider_asset_id": [111, 222],  # numbers in a hand-made frame
            }
        ),
        pd.DataFrame(columns=list(lk.schema.LINEAGE_REQUIRED)),
    )
    assert lk.find_assets(frames, "222", user_id=1).ids == [2]
    assert lk.find_assets(frames, "cat", user_id=1).ids == []
    assert lk.find_assets(frames.to_networkx(), "pixverse:111", user_id=1).ids == [1]


def test_unknown_dates_come_last(tmp_path: Path) -> None:
    rows = [dict(r) for r in ASSETS]
    rows[0]["created_at"] = None  # asset 1: pixsim7 always stamps it; a hand-made table may not
    frames = frames_of(rows, LINEAGE)
    assert lk.find_assets(frames, "cat", user_id=1).ids == [5, 6, 4, 2, 1]
    assert lk.find_assets(frames, "a", user_id=1).ids[-1] == 1
    from tests.support.search_data import database

    db = database("sqlite", tmp_path, None)
    db.load(rows, LINEAGE)
    try:
        assert (
            lk.find_assets(db.store, "a", user_id=1).ids
            == lk.find_assets(frames, "a", user_id=1).ids
        )
    finally:
        db.dispose()


def test_the_sample_finds_its_pixverse_clip(sample_store: lk.Store) -> None:
    found = lk.find_assets(sample_store, "374351749764234", user_id=1)
    assert [(h.id, h.field) for h in found] == [(101, "provider_asset_id")]
    assert lk.find_assets(sample_store, "374351749764234", user_id=2).ids == []
    assert lk.resolve_asset(sample_store, "pixverse:374351749764377", user_id=1) == 103
