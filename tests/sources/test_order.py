"""The two orders are written once (lineage_kit.sources.order): each form of a rule agrees
with the others."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lineage_kit.model.records import MISSING_ORDER
from lineage_kit.sources.order import ROW_KEY, ROW_ORDER, newest_first_frame, newest_first_key

ROWS = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 5)), st.integers(1, 10_000)),
    unique_by=lambda r: r[1],
    max_size=30,
)


@given(ROWS, st.booleans())
def test_row_key_sorts_as_row_order_names_its_keys(rows: list, upward: bool) -> None:
    frame = pd.DataFrame(rows, columns=["sequence_order", "id"], dtype="Int64")
    frame["sequence_order"] = frame["sequence_order"].fillna(MISSING_ORDER)
    by_names = frame.sort_values(list(ROW_ORDER[upward]), kind="stable")["id"].tolist()
    by_key = [rid for _, rid in sorted(rows, key=lambda r: ROW_KEY[upward](*r))]
    assert by_key == by_names


DATES = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 9)))


@given(st.lists(st.tuples(st.integers(1, 10_000), DATES), unique_by=lambda r: r[0], max_size=30))
def test_newest_first_is_the_same_in_pandas_and_python(assets: list) -> None:
    frame = pd.DataFrame(assets, columns=["id", "created_at"])
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    in_pandas = newest_first_frame(frame)["id"].tolist()
    in_python = [i for i, d in sorted(assets, key=lambda r: newest_first_key(r[1], r[0]))][::-1]
    assert in_pandas == in_python
