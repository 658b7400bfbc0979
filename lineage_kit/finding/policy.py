"""What finding an asset means: the query, what it is compared with, and the order of hits.

One policy for every source (the SQL store on SQLite and PostgreSQL, DataFrames,
networkx); the sources only decide how to compute it.

**Exact matches**, against the query as typed (surrounding spaces dropped):
``id`` (a whole number, or ``#N`` / ``id:N`` for the database id alone),
``provider_asset_id`` of any provider (``provider:id`` also names the provider),
``sha256`` (64 hex digits, any case; pixsim7 stores lower case), ``stored_key``
and ``local_path``.

**Text matches**, ignoring the case of ASCII letters (other characters compare
as they are, on every source and whatever the database's locale):

- ``description``: every *term* of the query (the query split at spaces) occurs
  in it as a substring, as pixsim7's own gallery search matches descriptions; a
  trigram index serves it.
- ``prompt``: every *word* of the query is a word of the prompt, in any order;
  a full-text index serves it. Words are runs of ASCII letters and digits and
  any other non-ASCII character; a run glued behind ``. / ~ @ < &`` (host and
  file names, e-mail addresses, tags), a run joined by ``-`` or ``_`` to such a
  compound (``running`` in ``cat-running.mp4``), a port behind a host, anything
  after a ``/`` up to the next space (a path) or a number glued behind
  ``+``/``-`` is part of a compound token, not a word; ``<…>`` tags and ``&…;``
  entities are left out (:data:`READING`). PostgreSQL's parser reads text the same
  way or keeps more words, which is what lets its full-text index find every
  candidate (see :mod:`lineage_kit.finding.sql`).

Each asset is reported once, for its best match. Hits are ordered by
:data:`RANKS` (exact fields first, then whole-phrase text matches, then
scattered terms and words), then newest first (``created_at`` descending,
unknown dates last, then ``id`` descending), as the gallery lists assets.

>>> q = SearchQuery.parse("  Pixverse:374351749764234 ")
>>> q.provider, q.asset_id, q.terms
(('pixverse', '374351749764234'), None, ('pixverse:374351749764234',))
>>> prompt_words("A cat.mp4 on a <b>neon</b> street, -5 stops")
['a', 'cat', 'on', 'a', 'neon', 'street', 'stops']
>>> description_rank("Base clip: a cat rides a skateboard", SearchQuery.parse("CAT skate"))
9
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidArgument, InvalidArgumentType
from ..model.validate import ID_MAX, bounded_int, check_text
from ..sources.order import newest_first_key

__all__ = [
    "DEFAULT_LIMIT",
    "ENTITIES",
    "EXACT_FIELDS",
    "FIELDS",
    "FOLD_TABLE",
    "JOINED_AHEAD",
    "JOINED_BEHIND_REVERSED",
    "LIMIT_MAX",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "PATH",
    "RANKS",
    "READING",
    "READ_ONLY_WITH",
    "TAGS",
    "TEXT_FIELDS",
    "Candidate",
    "SearchQuery",
    "check_limit",
    "description_rank",
    "fold",
    "order",
    "prompt_rank",
    "prompt_words",
    "rank_field",
    "strip_markup",
    "word_pattern",
]

MAX_QUERY_LENGTH = 500
"""Characters a query may hold (a long ``local_path`` fits; a word stays under
PostgreSQL's 2,047-byte limit on indexed words)."""
MAX_TERMS = 16
"""Terms (words) a query may hold: each one is a condition of the search."""
DEFAULT_LIMIT = 20
LIMIT_MAX = 500

EXACT_FIELDS = ("id", "provider_asset_id", "sha256", "stored_key", "local_path")
TEXT_FIELDS = ("description", "prompt")
FIELDS = EXACT_FIELDS + TEXT_FIELDS
"""The fields a hit may have matched, as ``Hit.field`` names them."""

RANKS = (
    ("id", "database id"),
    ("provider_asset_id", "provider asset id"),
    ("sha256", "content hash"),
    ("stored_key", "storage key"),
    ("local_path", "local path"),
    ("description", "equals the query"),
    ("description", "starts with the query"),
    ("description", "contains the query"),
    ("prompt", "contains the query"),
    ("description", "contains every term"),
    ("prompt", "has every word"),
)
"""Every kind of match, best first: ``(field, how)``; a hit's rank is its position here."""
(
    ID,
    PROVIDER_ASSET_ID,
    SHA256,
    STORED_KEY,
    LOCAL_PATH,
    DESCRIPTION_EQUALS,
    DESCRIPTION_PREFIX,
    DESCRIPTION_PHRASE,
    PROMPT_PHRASE,
    DESCRIPTION_TERMS,
    PROMPT_WORDS,
) = range(len(RANKS))
EXACT_RANK = {field: rank for rank, (field, _) in enumerate(RANKS) if field in EXACT_FIELDS}
TEXT_FROM = DESCRIPTION_EQUALS
"""Ranks from here on are text matches."""

FOLD_TABLE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
"""The kit's case rule as a :meth:`str.translate` table: ASCII letters to lower case."""
WORD_CHARS = r"a-z0-9\u0080-\U0010ffff"
"""A word's characters, in the bracket syntax that Python's and PostgreSQL's regular
expressions share: ASCII letters (folded) and digits, and every non-ASCII character
(PostgreSQL's parser in the C locale reads them as letters)."""
TAGS = r"<[^<>]*>"
"""Tags, which PostgreSQL's parser leaves out of a text's words."""
PATH = r"/[^\x01-\x20]*"
"""A ``/`` and what follows it up to the next space: PostgreSQL's parser reads a path
(``clips/cat.mp4``, ``cdn.io/a&amp;b+c``) as one token, so nothing after the ``/`` is a
word of the text; the ``/`` stays, as glue."""
ENTITIES = rf"&#?[{WORD_CHARS}:._-]+;"
"""Character entities (names of letters, digits and ``: . _ -``, or ``#`` and a number),
which PostgreSQL's parser leaves out of a text's words."""
_GLUE = "./~@"
_JOINERS = "_-"
_CHAIN = f"[{WORD_CHARS}{_JOINERS}]*"
JOINED_AHEAD = rf"(?<=[{WORD_CHARS}])[{_JOINERS}](?={_CHAIN}[{_GLUE}][{WORD_CHARS}])"
"""A ``-`` or ``_`` inside a compound that goes on with ``. / ~ @`` and a word character
(``cat-running.mp4``, ``a-b@c.com``): PostgreSQL's parser reads the compound as one token
(a host, file or e-mail name), so the runs behind the joiner are not words of the text."""
JOINED_BEHIND_REVERSED = (
    rf"(?<=[{WORD_CHARS}])[{_JOINERS}](?={_CHAIN}[{_GLUE}])"
    rf"|(?<=[0-9]):(?={_CHAIN}[{_GLUE}][{WORD_CHARS}])"
)
"""The same for a compound that starts at ``. ~ @`` (``~clips_cat-running``, ``x.y-z``),
and for a port behind a host name (``cdn.io:8080``), written for the *reversed* text:
both regular-expression engines (Python's and PostgreSQL's) read it alike, which a
look-behind of any length would not allow."""
READING: tuple[tuple[str, str, bool], ...] = (
    (TAGS, " ", False),
    (PATH, "/", False),
    (ENTITIES, " ", False),
    (JOINED_AHEAD, ".", False),
    (JOINED_BEHIND_REVERSED, ".", True),
)
"""How the word rules read a folded text, step by step: ``(pattern, replacement,
on the reversed text)``, every match replaced. :func:`strip_markup` applies them in
Python, :mod:`lineage_kit.finding.sql` in PostgreSQL (``regexp_replace``, ``reverse``);
held to PostgreSQL's parser by ``tests/find/test_words_as_postgresql_reads_them.py``."""
READ_ONLY_WITH = "[<&/:_-]"
"""A text without any of these characters is read as it is: each step of :data:`READING`
needs one of them, so most prompts skip the steps."""
_GLUED = "./~@<&"
_SIGNS = "+-"
_RUN = re.compile(f"[{WORD_CHARS}]+")
_READING = tuple((re.compile(pattern), by, rev) for pattern, by, rev in READING)
_READ_ONLY_WITH = re.compile(READ_ONLY_WITH)
_ID_FORM = re.compile(r"#\s*([0-9]+)|id:\s*(.*)", re.IGNORECASE | re.DOTALL)
_PROVIDER_FORM = re.compile(r"([A-Za-z][A-Za-z0-9_.-]{0,63}):(.+)", re.DOTALL)
_WHOLE = re.compile(r"0|[1-9][0-9]{0,18}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def fold(text: str) -> str:
    """ASCII letters in lower case, everything else as it is (the kit's case rule).

    >>> fold("Crème BRÛLÉE")
    'crème brÛlÉe'
    """
    return text.translate(FOLD_TABLE)


def strip_markup(folded: str) -> str:
    """A folded text as the word rules read it (:data:`READING`): tags and entities
    replaced by spaces, paths cut after their ``/``, and the joiners of compounds that
    PostgreSQL reads as one token made glue (``.``).

    >>> strip_markup("<b>cat-running.mp4</b> &amp; ~clips/dog-walk, golden-hour.")
    ' cat.running.mp4    ~clips/ golden-hour.'
    """
    t = folded
    if not _READ_ONLY_WITH.search(t):
        return t
    for pattern, by, reverse in _READING:
        t = pattern.sub(by, t[::-1])[::-1] if reverse else pattern.sub(by, t)
    return t


def prompt_words(text: str) -> list[str]:
    """The words of a text, folded and in order (see the module's rules).

    >>> prompt_words("golden-hour, 35mm f/1.8 at x.com; http://h.io +5 -dog")
    ['golden', 'hour', '35mm', 'f', 'at', 'x', 'dog']
    >>> prompt_words("cat-running.mp4 in /clips/dog-walk, a_b@c.io at cdn.io:8080, 10:30")
    ['cat', 'in', 'a', 'at', 'cdn', '10', '30']
    """
    t = strip_markup(fold(text))
    words = []
    for m in _RUN.finditer(t):
        before = t[m.start() - 1] if m.start() else " "
        word = m.group()
        if before in _GLUED or (before in _SIGNS and word[0].isascii() and word[0].isdigit()):
            continue
        if t.startswith(":/", m.end()):  # a protocol, "http://" (its path cut to "/")
            continue
        words.append(word)
    return words


def word_pattern(word: str) -> str:
    """The regular expression, valid for Python and PostgreSQL alike, that finds ``word``
    as a word of a folded and stripped text (:func:`fold`, :func:`strip_markup`).

    >>> bool(re.search(word_pattern("cat"), "a cat.mp4 and a cat"))
    True
    >>> bool(re.search(word_pattern("mp4"), "a cat.mp4"))
    False
    """
    if not _RUN.fullmatch(word):
        raise InvalidArgument(f"not a word: {word!r} (a run of letters and digits)")
    sign = "(?<![+-])" if word[0].isascii() and word[0].isdigit() else ""
    return f"(?<![{WORD_CHARS}./~@<&]){sign}{word}(?![{WORD_CHARS}])(?!:/)"


@dataclass(frozen=True)
class SearchQuery:
    """A checked query and what each field is compared with.

    ``text`` goes to the exact string fields, ``asset_id`` to ``id``, ``provider``
    to ``(provider_id, provider_asset_id)``, ``sha256`` to ``sha256``, ``terms``
    to ``description`` and ``words`` to ``prompt``. ``only_id`` (``#N``, ``id:N``)
    compares the database id and nothing else.
    """

    text: str
    folded: str
    asset_id: int | None = None
    only_id: bool = False
    provider: tuple[str, str] | None = None
    sha256: str | None = None
    terms: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: Any) -> SearchQuery:
        """Check ``value`` (text, or an int for a database id) and read what it may mean.

        >>> SearchQuery.parse("#310").asset_id, SearchQuery.parse("#310").only_id
        (310, True)
        >>> SearchQuery.parse("   ")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        lineage_kit.errors.InvalidArgument: query must not be empty: give a database id, ...
        """
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise InvalidArgumentType(
                f"query must be text (or an integer database id), not {type(value).__name__}"
            )
        text = check_text("query", value).strip()
        if not text:
            raise InvalidArgument(
                "query must not be empty: give a database id, a provider asset id "
                "(374351749764234 or pixverse:374351749764234), a sha256, a storage key, "
                "a local path, or words of a description or prompt"
            )
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidArgument(
                f"query must be at most {MAX_QUERY_LENGTH} characters; got {len(text)}"
            )
        folded = fold(text)
        only = _ID_FORM.fullmatch(text)  # "#12" (not "#sunset"), or "id:12" and nothing else
        if only:
            digits = (only.group(1) or only.group(2)).strip()
            if not _WHOLE.fullmatch(digits) or int(digits) > ID_MAX:
                raise InvalidArgument(
                    f"query {text!r}: #N and id:N take a database id, a whole number "
                    f"from 0 to {ID_MAX}"
                )
            return cls(text=text, folded=folded, asset_id=int(digits), only_id=True)
        terms = tuple(dict.fromkeys(folded.split()))
        words = tuple(dict.fromkeys(prompt_words(text)))
        if max(len(terms), len(words)) > MAX_TERMS:
            raise InvalidArgument(
                f"query must hold at most {MAX_TERMS} words; got {max(len(terms), len(words))}"
            )
        provider = None
        form = _PROVIDER_FORM.fullmatch(text)
        if form and form.group(2).strip():
            provider = (form.group(1).lower(), form.group(2).strip())
        whole = _WHOLE.fullmatch(text) and int(text) <= ID_MAX
        return cls(
            text=text,
            folded=folded,
            asset_id=int(text) if whole else None,
            provider=provider,
            sha256=text.lower() if _SHA256.fullmatch(text) else None,
            terms=terms,
            words=words,
        )


def check_limit(limit: Any) -> int:
    """The number of hits asked for: an int from 1 to :data:`LIMIT_MAX`."""
    return bounded_int("limit", limit, 1, LIMIT_MAX)


def description_rank(value: str | None, q: SearchQuery) -> int | None:
    """The rank of a description match (None: no match)."""
    if value is None or not q.terms:
        return None
    v = fold(value)
    if not all(t in v for t in q.terms):
        return None
    if v == q.folded:
        return DESCRIPTION_EQUALS
    if v.startswith(q.folded):
        return DESCRIPTION_PREFIX
    return DESCRIPTION_PHRASE if q.folded in v else DESCRIPTION_TERMS


def prompt_rank(value: str | None, q: SearchQuery) -> int | None:
    """The rank of a prompt match (None: no match).

    >>> prompt_rank("Neon city at night, rain", SearchQuery.parse("night neon"))
    10
    """
    if value is None or not q.words:
        return None
    v = fold(value)
    t = strip_markup(v)
    if not all(re.search(word_pattern(w), t) for w in q.words):
        return None
    return PROMPT_PHRASE if q.folded in v else PROMPT_WORDS


def rank_field(rank: int) -> tuple[str, str]:
    """``(field, how)`` of a rank."""
    return RANKS[rank]


@dataclass(frozen=True)
class Candidate:
    """One asset a source found: its best rank, date, and the matched field's value."""

    asset_id: int
    rank: int
    created_at: Any
    value: str | None


def order(candidates: Iterable[Candidate], limit: int) -> list[Candidate]:
    """Each asset once, for its best rank; by rank, newest first, then ``id``
    descending; at most ``limit`` of them.

    >>> c = [Candidate(1, 9, None, "a"), Candidate(2, 9, None, "b"), Candidate(1, 5, None, "c")]
    >>> [(x.asset_id, x.rank) for x in order(c, 5)]
    [(1, 5), (2, 9)]
    """
    best: dict[int, Candidate] = {}
    for c in candidates:
        if c.asset_id not in best or c.rank < best[c.asset_id].rank:
            best[c.asset_id] = c
    items = sorted(best.values(), key=lambda c: newest_first_key(c.created_at, c.asset_id))
    items.reverse()
    items.sort(key=lambda c: c.rank)
    return items[:limit]
