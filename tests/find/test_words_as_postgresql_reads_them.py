"""The prompt's word rules hold PostgreSQL's full-text index to a superset: every word the
policy sees in a text (:func:`~lineage_kit.finding.policy.prompt_words`) is found by the
full-text query the kit sends for it (:func:`~lineage_kit.finding.sql.prompt_tsquery`)
against ``to_tsvector('english', text)``, the expression of pixsim7's index; and
PostgreSQL reads a text as the policy does (:data:`~lineage_kit.finding.policy.READING`,
the same regular expressions in both engines). If either failed, a prompt search on a
database with the index would miss a prompt that SQLite, Frames and networkx find.

Real texts and PostgreSQL's parser on a real server; hypothesis draws texts from words and
the separators that build compound tokens (hosts, files, paths, e-mail addresses, ports,
tags, entities), and from raw characters.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lineage_kit.finding.policy import fold, prompt_words, strip_markup
from lineage_kit.finding.sql import as_words_read, prompt_tsquery
from tests.support.pgserver import PgServer

pytestmark = pytest.mark.postgres

WORDS = ["cat", "running", "runs", "5", "x1", "mp4", "com", "io", "neon", "café", "É", "amp"]
JOINS = [" ", "-", "_", ".", "/", "~", "@", ":", "+", "&", ";", "<", ">", "://", "#", ",", "\u00a0"]
CHARS = "ab5x-_./~@:+&;<># é"

# Each of these was a text in which a word of the policy's was no lexeme of PostgreSQL's.
FOUND_MISSING = [
    "cat cat-running.cat cat cat",  # a host with a hyphen
    "com.runs/&amp;_neon<CAFÉ",  # a URL path holds an entity
    "the.cat/a~http/a+5_com",  # and a plus
    ",~ run.run:5cat",  # a port behind a host
    "/arun-catb ",  # a file path with a hyphen
    " _run/_b",  # and an underscore
    "a.b-c",
    "a-b@c.com",
    ",&:5;;cata:",  # an entity whose name starts with a colon
    "&_é;&<",
]


@st.composite
def texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        parts = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
        out = parts[0]
        for w in parts[1:]:
            out += draw(st.sampled_from(JOINS)) + w
        return out
    return draw(st.text(alphabet=CHARS, min_size=1, max_size=14))


@pytest.fixture(scope="module")
def conn(pg_server: PgServer) -> Iterator[sa.Connection]:
    engine = sa.create_engine(pg_server.url())
    with engine.connect() as c:
        yield c
    engine.dispose()


READ = sa.select(as_words_read(sa.bindparam("t", type_=sa.Text)))
MATCHES = sa.text("SELECT to_tsvector('english'::regconfig, :t) @@ CAST(:q AS tsquery)")


def _examples(test):  # type: ignore[no-untyped-def]
    for text in FOUND_MISSING:
        test = example(text=text)(test)
    return test


@settings(max_examples=300, deadline=None)
@_examples
@given(text=texts())
def test_postgresql_reads_a_text_as_the_policy_does(conn: sa.Connection, text: str) -> None:
    folded = fold(text)
    assert conn.execute(READ, {"t": folded}).scalar_one() == strip_markup(folded)


@settings(max_examples=300, deadline=None)
@_examples
@given(text=texts())
def test_the_full_text_index_finds_every_word_of_a_text(conn: sa.Connection, text: str) -> None:
    for word in sorted(set(prompt_words(text))):
        tsq = prompt_tsquery(conn, [word])
        if tsq is None:  # a stop word: the search then reads every prompt in scope
            continue
        found = conn.execute(MATCHES, {"t": text, "q": tsq}).scalar_one()
        assert found, (text, word, tsq)


def test_the_rules_leave_prose_alone() -> None:
    text = "A golden-hour shot: cat_running, 35mm. Neon street!"
    assert prompt_words(text) == [
        "a",
        "golden",
        "hour",
        "shot",
        "cat",
        "running",
        "35mm",
        "neon",
        "street",
    ]
