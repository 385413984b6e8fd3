"""Full-text search, one query language on both backends.

Queries use web-search syntax: words (all must match), ``"quoted phrases"``,
``OR`` between alternatives, ``-word`` to exclude, ``word*`` for a prefix
(SQLite only; PostgreSQL matches the stem).  On SQLite it is translated to an
FTS5 expression, every word quoted so punctuation (``Niger's``) is never
parsed as FTS5 syntax; on PostgreSQL it goes to ``websearch_to_tsquery``,
with an ILIKE scan when the query holds only stop words.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from rashomon.store.errors import StoreQueryError
from rashomon.store.records import SearchHit

_TOKEN = re.compile(r'-?"[^"]*"\*?|\S+')


def _quote(term: str) -> str:
    prefix = term.endswith("*")
    body = term.rstrip("*").strip('"')
    if not re.search(r"\w", body):
        return ""
    return '"' + body.replace('"', '""') + '"' + ("*" if prefix else "")


def to_fts5(query: str) -> str:
    """The FTS5 MATCH expression for a web-search style query (StoreQueryError if there is none)."""
    check_query(query)
    groups: list[list[str]] = [[]]  # OR-separated groups of AND-ed terms
    excluded: list[str] = []
    for token in _TOKEN.findall(query):
        if token == "OR":
            if groups[-1]:
                groups.append([])
            continue
        negated = token.startswith("-") and len(token) > 1
        term = _quote(token[1:] if negated else token)
        if term:
            (excluded if negated else groups[-1]).append(term)
    alternatives = [" AND ".join(g) for g in groups if g]
    if not alternatives:
        raise StoreQueryError(f"search query {query!r} has no word to look for (only operators, "
                              "punctuation or excluded words)")
    expr = " OR ".join(f"({a})" for a in alternatives) if len(alternatives) > 1 else alternatives[0]
    for term in excluded:
        expr = f"({expr}) NOT {term}"
    return expr


def check_query(query: str) -> None:
    if not query or not query.strip():
        raise StoreQueryError("empty search query")
    if query.count('"') % 2:
        raise StoreQueryError(f"search query {query!r} has an unclosed quote")


_SQLITE_SEARCH = sa.text(
    "SELECT a.key, a.title, a.outlet, a.published,"
    " snippet(article_fts, -1, '[', ']', '…', 16) AS snippet,"
    " -bm25(article_fts, 4.0, 1.0) AS score"  # a word in the title weighs four in the body
    " FROM article_fts JOIN articles a ON a.id = article_fts.rowid"
    " WHERE article_fts MATCH :q ORDER BY bm25(article_fts, 4.0, 1.0), a.id LIMIT :n"
)

_POSTGRES_SEARCH = sa.text(
    "SELECT a.key, a.title, a.outlet, a.published,"
    " ts_headline('english', a.text, q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet,"
    " ts_rank(a.search_vector, q) AS score"
    " FROM articles a, websearch_to_tsquery('english', :q) q"
    " WHERE a.search_vector @@ q ORDER BY score DESC, a.id LIMIT :n"
)

_POSTGRES_TSQUERY_EMPTY = sa.text("SELECT numnode(websearch_to_tsquery('english', :q)) = 0")

_POSTGRES_ILIKE = sa.text(
    "SELECT a.key, a.title, a.outlet, a.published, substr(a.text, 1, 160) AS snippet, 0.0 AS score"
    " FROM articles a WHERE a.title ILIKE :p OR a.text ILIKE :p ORDER BY a.id LIMIT :n"
)


def search(conn: sa.Connection, query: str, limit: int) -> list[SearchHit]:
    if conn.dialect.name == "postgresql":
        check_query(query)
        params = {"q": query, "n": limit}
        if conn.execute(_POSTGRES_TSQUERY_EMPTY, params).scalar():
            # only stop words ("the who"): the tsquery matches nothing; scan for the phrase instead
            escaped = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = conn.execute(_POSTGRES_ILIKE, {"p": f"%{escaped}%", "n": limit})
        else:
            rows = conn.execute(_POSTGRES_SEARCH, params)
    else:
        expr = to_fts5(query)
        try:
            rows = conn.execute(_SQLITE_SEARCH, {"q": expr, "n": limit})
        except sa.exc.OperationalError as exc:
            msg = str(exc.orig).splitlines()[0]
            if "fts5" in msg or "syntax" in msg or "no such column" in msg:
                raise StoreQueryError(f"cannot parse search query {query!r}: {msg}") from None
            raise
    return [SearchHit(key=r.key, title=r.title, outlet=r.outlet, published=r.published,
                      snippet=r.snippet or "", score=float(r.score)) for r in rows]
