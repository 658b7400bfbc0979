"""A query's time is its whole work, on the kit's own engines; a caller's engine is used as
given, unless a deadline is set around the work (``lineage_kit.deadline.within``)."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.deadline import remaining, within
from lineage_kit.sources.sample import sample_database


def test_the_query_as_a_whole_is_held_to_the_timeout() -> None:
    store = lk.connect(timeout=1e-6)  # no time at all: the first wait is already too long
    with pytest.raises(lk.QueryTimeout, match=r"timeout=1e-06s"):
        store.lineage(310, user_id=1)
    store.close()


def test_a_callers_engine_gets_no_time_limit_but_a_deadline_around_it() -> None:
    engine = sa.create_engine(f"sqlite:///{sample_database()}")
    store = lk.connect(engine, timeout=1e-6)
    assert store.lineage(310, user_id=1).root.id == 310  # used as given
    with within(1e-6):
        time.sleep(0.01)
        with pytest.raises(lk.QueryTimeout):
            store.lineage(310, user_id=1)
    store.close()


def test_nested_deadlines_keep_the_earlier() -> None:
    assert remaining() is None
    with within(5), within(60):
        left = remaining()
        assert left is not None and left <= 5
    assert remaining() is None
    with pytest.raises(lk.InvalidArgument), within(0):
        pass
