"""``store.missing_indexes()`` and ``lineage-kit indexes``: the advice matches what the server does.

Each case checks the advice against the database's own planner: an advised order
is reported as served exactly when the server finds a node's rows through an index
on its column and reads them in that order without a sort step (PostgreSQL
``EXPLAIN``, SQLite ``EXPLAIN QUERY PLAN``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.cli import main
from lineage_kit.sources.sql.indexes import RECOMMENDED_INDEXES
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB

CHILDREN, PARENTS = RECOMMENDED_INDEXES
ORDERS = {
    CHILDREN.name: "SELECT id FROM asset_lineage WHERE parent_asset_id = 1 ORDER BY id LIMIT 5",
    PARENTS.name: "SELECT id FROM asset_lineage WHERE child_asset_id = 1 "
    "ORDER BY sequence_order, id LIMIT 5",
}
"""A node's rows in the kit's order (:data:`lineage_kit.sources.base.ROW_ORDER`), per advice."""


LEADING = """SELECT a.attname FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE c.relname = ANY(%(names)s)"""
"""The first key column of the named indexes."""


def in_order(db: PixsimDB, advice: lk.IndexAdvice) -> bool:
    """Whether the server finds a node's rows through an index that begins with the node's
    column and reads them in the advised order, with no sort step."""
    column = advice.columns[0]
    with db.writer.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = [
                row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {ORDERS[advice.name]}")
            ]
            found = any("INDEX" in step and f"({column}=?)" in step for step in plan)
            return found and not any("TEMP B-TREE" in step for step in plan)
        # Index scans only: an empty table would be read whole and sorted otherwise.
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("SET enable_bitmapscan = off")
        plan = [
            row[0] for row in conn.exec_driver_sql(f"EXPLAIN (COSTS OFF) {ORDERS[advice.name]}")
        ]
        conn.rollback()
        scans = [re.search(r"Scan (?:Backward )?using (\w+)", step) for step in plan]
        used = [m.group(1) for m in scans if m]
        leading = conn.exec_driver_sql(LEADING, {"names": used}).scalars().all()
        return leading == [column] and not any("Sort" in step for step in plan)


def create(db: PixsimDB, statement: str) -> None:
    """Run DDL as the database's owner would (autocommit: CONCURRENTLY needs it)."""
    with db.writer.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(statement)


def names(store: lk.Store) -> list[str]:
    return [advice.name for advice in store.missing_indexes()]


def test_the_sample_needs_no_index_and_sorts_nothing(sample_store: lk.Store) -> None:
    """The sample's SQLite indexes end with the row id, which is ``id``."""
    assert sample_store.missing_indexes() == []
    sample = PixsimDB(sample_store.engine, "the sample")
    assert in_order(sample, CHILDREN) and in_order(sample, PARENTS)


def test_pixsim7s_own_indexes_lack_both_orders(pg_server: PgServer) -> None:
    db = PixsimDB.postgresql(pg_server)
    try:
        assert names(db.store) == [CHILDREN.name, PARENTS.name]
        assert not in_order(db, CHILDREN) and not in_order(db, PARENTS)
        for advice in db.store.missing_indexes():  # the statements the kit prints, as given
            create(db, advice.statement("postgresql"))
        assert db.store.missing_indexes() == []
        assert in_order(db, CHILDREN) and in_order(db, PARENTS)
    finally:
        db.dispose()


def test_on_sqlite_the_row_id_completes_an_index(tmp_path: Path) -> None:
    """pixsim7-shaped SQLite: an index on the parent serves children by id; one on the
    child alone does not serve parents by (sequence_order, id)."""
    db = PixsimDB.sqlite(tmp_path)
    try:
        assert names(db.store) == [PARENTS.name]
        assert in_order(db, CHILDREN) and not in_order(db, PARENTS)
        create(db, PARENTS.statement("sqlite"))
        assert db.store.missing_indexes() == [] and in_order(db, PARENTS)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("which", "index", "serves"),
    [
        ("children", "(parent_asset_id, id)", True),
        ("children", "(parent_asset_id DESC, id DESC)", True),  # read backwards
        ("children", "(parent_asset_id, id DESC)", True),
        ("children", "(parent_asset_id, id, relation_type)", True),  # its beginning serves
        ("children", "(parent_asset_id) INCLUDE (id)", False),  # carried, not ordered
        ("children", "(parent_asset_id, id) WHERE relation_type = 'SOURCE_VIDEO'", False),
        ("children", "USING hash (parent_asset_id)", False),
        ("children", "((parent_asset_id + 0), id)", False),  # an expression
        ("children", "(id, parent_asset_id)", False),  # the node's column must lead
        ("children", "(parent_asset_id, id NULLS FIRST)", False),
        ("parents", "(child_asset_id, sequence_order, id)", True),
        ("parents", "(child_asset_id DESC, sequence_order DESC, id DESC)", True),
        ("parents", "(child_asset_id, sequence_order DESC, id)", False),  # two directions
        ("parents", "(child_asset_id, sequence_order)", False),  # ties by id sorted
    ],
)
def test_an_index_serves_an_order_exactly_when_postgresql_reads_the_rows_in_it(
    pg_server: PgServer, which: str, index: str, serves: bool
) -> None:
    advice = CHILDREN if which == "children" else PARENTS
    db = PixsimDB.postgresql(pg_server)
    try:
        for own in (
            ["idx_lineage_parent"]
            if which == "children"
            else ["idx_lineage_child", "idx_lineage_child_full"]
        ):
            create(db, f"DROP INDEX {own}")
        create(db, f"CREATE INDEX candidate ON asset_lineage {index}")
        assert (advice.name not in names(db.store)) is serves
        assert in_order(db, advice) is serves
    finally:
        db.dispose()


def test_the_command_prints_the_statements_and_json(
    pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    db = PixsimDB.postgresql(pg_server)
    try:
        assert main(["indexes", "--db", db.url]) == 0
        text = capsys.readouterr().out
        assert "2 recommended indexes are missing" in text
        assert f"{CHILDREN.statement('postgresql')};" in text
        assert main(["indexes", "--db", db.url, "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert [a["columns"] for a in listed] == [list(CHILDREN.columns), list(PARENTS.columns)]
        for advice in listed:
            create(db, advice["statement"])
        assert main(["--db", db.url, "indexes"]) == 0
        assert "every index the kit recommends is there" in capsys.readouterr().out
        with db.writer.connect() as conn:  # what the printed statements made
            made = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'lineage_kit_%%'"
            ).scalar()
        assert made == 2
    finally:
        db.dispose()


def test_the_command_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indexes"]) == 0
    assert capsys.readouterr().out == "embedded sample: every index the kit recommends is there.\n"


def test_a_database_that_went_away_is_a_store_error(pg_server: PgServer) -> None:
    import psycopg

    db = PixsimDB.postgresql(pg_server)
    store = lk.connect(db.url)
    try:
        db.writer.dispose()
        admin = pg_server.url(driver="postgresql")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{sa.make_url(db.url).database}" WITH (FORCE)')
        with pytest.raises(lk.StoreError) as caught:
            store.missing_indexes()
        # Named by the store's label and what failed, whichever way the server said it.
        assert str(caught.value).startswith(f"{store.label}: a statement failed (")
    finally:
        store.close()
