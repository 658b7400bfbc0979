"""Property: for random edit scripts on random lineage, the diff of the snapshots before and
after is the script's net effect, over SQLite, PostgreSQL, Frames and networkx alike.

The net effect is computed here from the rows as the script left them, by the rule
stated in :mod:`lineage_kit.history.comparing` written out plainly (Counters of row
contents, leftovers paired per key in order of values), not by the kit's code.
The script adds, deletes and edits rows and refreshes children as pixsim7 does
(the same rows again under new ids and a new ``created_at``); rows may repeat exactly,
point at missing assets or join two owners.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from tests.support.lanes import quick
from tests.support.pixsim_db import PixsimDB

ENDS = st.integers(1, 9)  # assets 1-8 may exist; 9 never does
RELATIONS = st.sampled_from(["SOURCE_IMAGE", "TRANSITION_INPUT", "source"])
OPERATIONS = st.sampled_from(["video_transition", "fusion", "video_extend", "VIDEO_EXTEND"])
TIMES = st.sampled_from([None, 0.0, 1.5, 2.0])
FRAMES = st.sampled_from([None, 0, 7])
CONTENT = st.fixed_dictionaries(
    {
        "parent_asset_id": ENDS,
        "child_asset_id": ENDS,
        "relation_type": RELATIONS,
        "operation_type": OPERATIONS,
        "sequence_order": st.integers(0, 2),
        "parent_start_time": TIMES,
        "parent_end_time": TIMES,
        "parent_frame": FRAMES,
    }
)
EDITS = st.one_of(
    st.tuples(st.just("add"), CONTENT),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("copy"), st.integers(0, 50)),  # an exact duplicate of a row
    st.tuples(st.just("edit"), st.integers(0, 50), st.just("operation_type"), OPERATIONS),
    st.tuples(st.just("edit"), st.integers(0, 50), st.just("parent_start_time"), TIMES),
    st.tuples(st.just("edit"), st.integers(0, 50), st.just("parent_frame"), FRAMES),
    st.tuples(st.just("edit"), st.integers(0, 50), st.just("sequence_order"), st.integers(0, 2)),
    st.tuples(st.just("refresh"), ENDS),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[int, int], list[dict], list[dict]]:
    owners = {i: draw(st.sampled_from([1, 1, 2])) for i in draw(st.sets(st.integers(1, 8)))}
    ids = itertools.count(1)
    before = [
        {"id": next(ids), "created_at": "2026-01-01 00:00:00", **c}
        for c in draw(st.lists(CONTENT, max_size=16))
    ]
    rows = [dict(r) for r in before]
    new_ids = itertools.count(1000)
    for edit in draw(st.lists(EDITS, max_size=8)):
        kind = edit[0]
        if kind == "add":
            rows.append({"id": next(new_ids), "created_at": "2026-12-07 14:00:00", **edit[1]})
        elif kind == "refresh":
            mine = [r for r in rows if r["child_asset_id"] == edit[1]]
            rows = [r for r in rows if r["child_asset_id"] != edit[1]]
            rows += [
                {**r, "id": next(new_ids), "created_at": "2026-12-07 14:00:00"}
                for r in reversed(mine)
            ]
        elif rows:
            k = edit[1] % len(rows)
            if kind == "delete":
                rows.pop(k)
            elif kind == "copy":
                rows.append({**rows[k], "id": next(new_ids)})
            else:
                rows[k] = {**rows[k], edit[2]: edit[3]}
    return owners, before, rows


def _scoped(rows: list[dict], owners: dict[int, int], uid: int | None) -> list[dict]:
    def mine(a: int) -> bool:
        return a in owners and (uid is None or owners[a] == uid)

    return [r for r in rows if mine(r["parent_asset_id"]) and mine(r["child_asset_id"])]


KEY = ("parent_asset_id", "child_asset_id", "relation_type", "sequence_order")
VALUES = ("operation_type", "parent_start_time", "parent_end_time", "parent_frame")


def _content(r: dict[str, Any]) -> tuple[Any, ...]:
    vals = [r[v] for v in VALUES]
    vals[0] = vals[0].lower()
    return (*(r[k] for k in KEY), *vals)


def _order(content: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None, v if v is not None else 0) for v in content[len(KEY) :])


def net_effect(before: list[dict], after: list[dict]) -> dict[str, Any]:
    b, a = Counter(map(_content, before)), Counter(map(_content, after))
    gone, new = b - a, a - b
    by_key: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for side, counts in ((0, gone), (1, new)):
        for content, n in counts.items():
            by_key[content[: len(KEY)]][side].extend([content] * n)
    removed, added, changed = [], [], []
    for olds, news in by_key.values():
        olds.sort(key=_order)
        news.sort(key=_order)
        pairs = min(len(olds), len(news))
        changed += list(zip(olds[:pairs], news[:pairs], strict=True))
        removed += olds[pairs:]
        added += news[pairs:]
    ends_b = {e for r in before for e in (r["parent_asset_id"], r["child_asset_id"])}
    ends_a = {e for r in after for e in (r["parent_asset_id"], r["child_asset_id"])}
    children_b = {r["child_asset_id"] for r in before}
    children_a = {r["child_asset_id"] for r in after}
    return {
        "removed": sorted(removed, key=repr),
        "added": sorted(added, key=repr),
        "changed": sorted(changed, key=repr),
        "vanished": sorted(ends_b - ends_a),
        "appeared": sorted(ends_a - ends_b),
        "orphaned": sorted(children_b - children_a),
        "unchanged": sum((b & a).values()),
    }


def _plain(v: Any) -> Any:
    return None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)


def observed(d: lk.LineageDiff) -> dict[str, Any]:
    def rows(frame: pd.DataFrame, suffix: str = "") -> list[tuple]:
        cols = [*KEY, *(f"{v}{suffix}" for v in VALUES)]
        return [tuple(_plain(v) for v in r) for r in frame[cols].itertuples(index=False)]

    return {
        "removed": sorted(rows(d.removed), key=repr),
        "added": sorted(rows(d.added), key=repr),
        "changed": sorted(
            zip(rows(d.changed, "_before"), rows(d.changed, "_after"), strict=True), key=repr
        ),
        "vanished": sorted(d.vanished["id"].tolist()),
        "appeared": sorted(d.appeared["id"].tolist()),
        "orphaned": sorted(d.orphaned),
        "unchanged": d.unchanged,
    }


def _assets(owners: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "user_id": u,
            "media_type": "video",
            "provider_id": "pixverse",
            "provider_asset_id": f"p{i}",
        }
        for i, u in sorted(owners.items())
    ]


def _frames(owners: dict[int, int], rows: list[dict]) -> lk.Frames:
    columns = ["id", "created_at", *KEY, *VALUES]
    assets = pd.DataFrame(
        _assets(owners), columns=["id", "user_id", "media_type", "provider_id", "provider_asset_id"]
    )
    return lk.Frames(assets, pd.DataFrame(rows, columns=columns))


def check(db: PixsimDB, owners: dict[int, int], before: list[dict], after: list[dict]) -> None:
    uids = (1, 2, None)
    wanted = {u: net_effect(_scoped(before, owners, u), _scoped(after, owners, u)) for u in uids}
    db.load(_assets(owners), before)
    snaps = {("store", u): lk.snapshot(db.store, user_id=u, progress=False) for u in uids}
    frames_b = _frames(owners, before)
    for u in uids:
        snaps[("frames", u)] = lk.snapshot(frames_b, user_id=u)
        snaps[("networkx", u)] = lk.snapshot(frames_b.to_networkx(), user_id=u)
    db.load(_assets(owners), after)
    frames_a = _frames(owners, after)
    afters = {"store": db.store, "frames": frames_a, "networkx": frames_a.to_networkx()}
    for k, ((kind, u), snap) in enumerate(snaps.items()):
        # Every other pair reads the after side live, for the snapshot's owner and scope.
        after = afters[kind] if k % 2 else lk.snapshot(afters[kind], user_id=u, progress=False)
        assert observed(lk.diff(snap, after)) == wanted[u], (kind, u, k % 2)


@settings(
    max_examples=20 if quick() else 60,  # the quick lane keeps make check short
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
def test_the_diff_is_the_scripts_net_effect_on_every_source(
    empty_db: PixsimDB, case: tuple[dict[int, int], list[dict], list[dict]]
) -> None:
    check(empty_db, *case)


def test_the_generator_meets_the_cases_that_matter(empty_db: PixsimDB) -> None:
    """Pinned: a duplicate removed, a refresh, a changed value, a cross-owner and a
    dangling row, an upper-case legacy label rewritten in value form."""
    owners = {1: 1, 2: 1, 3: 2, 4: 1}

    def row(i: int, p: int, c: int, **kw: Any) -> dict[str, Any]:
        base = dict.fromkeys(VALUES)
        base.update(operation_type="fusion", created_at="2026-01-01 00:00:00")
        return {
            "id": i,
            "parent_asset_id": p,
            "child_asset_id": c,
            "relation_type": "SOURCE_IMAGE",
            "sequence_order": 0,
            **base,
            **kw,
        }

    before = [
        row(1, 1, 2),
        row(2, 1, 2),
        row(3, 3, 2),
        row(4, 9, 2),
        row(5, 2, 4, parent_frame=7),
        row(6, 4, 1, operation_type="VIDEO_EXTEND"),
    ]
    after = [
        row(10, 1, 2),
        row(3, 3, 2),
        row(5, 2, 4, parent_frame=0),
        row(11, 4, 1, operation_type="video_extend"),
    ]
    effect = net_effect(_scoped(before, owners, 1), _scoped(after, owners, 1))
    assert effect["removed"] == [(1, 2, "SOURCE_IMAGE", 0, "fusion", None, None, None)]
    assert len(effect["changed"]) == 1 and effect["unchanged"] == 2
    check(empty_db, owners, before, after)
