"""What the store hands back: frozen dataclasses, and the Article <-> row mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rashomon.models import Article, Paragraph

AddStatus = Literal["added", "duplicate", "new_version"]


@dataclass(frozen=True)
class AddResult:
    """The outcome of :meth:`Store.add_article`.

    ``duplicate``: the same normalised text was already stored (``key`` is the
    stored copy's key, nothing was written); ``new_version``: the canonical URL
    was known with another text, and this is its ``version``-th text.
    """

    status: AddStatus
    key: str
    version: int


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: the :class:`Article` (its ``id`` is the store key)
    and its bookkeeping."""

    article: Article
    key: str
    version: int
    canonical_url: str | None
    content_hash: str
    ingested_at: str


@dataclass(frozen=True)
class SearchHit:
    key: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str  # matched terms between [ and ]
    score: float  # higher is better; only comparable within one search


@dataclass(frozen=True)
class EventRow:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    outlets: tuple[str, ...]
    article_count: int


@dataclass(frozen=True)
class StoreStats:
    backend: str  # "sqlite" or "postgresql"
    schema_version: int
    articles: int
    canonical_urls: int  # distinct stories (versions of one URL count once)
    events: int
    analyses: int
    reports: int


def article_to_row(article: Article) -> dict[str, Any]:
    """The columns of ``articles`` that come from the Article itself."""
    return {
        "source": article.source,
        "outlet": article.outlet,
        "origin": article.origin,
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "text": article.text,
        "paragraphs": [[p.start, p.end, p.role] for p in article.paragraphs],
        "metadata": [[k, v] for k, v in article.metadata],
    }


def row_to_stored(row: Mapping[Any, Any]) -> StoredArticle:
    article = Article(
        id=row["key"],
        source=row["source"],
        text=row["text"],
        paragraphs=tuple(Paragraph(int(s), int(e), r) for s, e, r in row["paragraphs"] or ()),
        outlet=row["outlet"],
        origin=row["origin"],
        title=row["title"],
        byline=row["byline"],
        published=row["published"],
        language=row["language"],
        url=row["url"],
        metadata=tuple((str(k), str(v)) for k, v in row["metadata"] or ()),
    )
    return StoredArticle(
        article=article,
        key=row["key"],
        version=int(row["version"]),
        canonical_url=row["canonical_url"],
        content_hash=row["content_hash"],
        ingested_at=row["ingested_at"],
    )
