"""The pure, per-partition work of a scaled ingest: what a Dask worker runs.

Two kinds of task, both pure functions of their arguments (no store, no shared
state), so running them on one machine or on a hundred gives the same values:

* :func:`read_unit` reads one *unit* (a file, URL, feed or WARC file; a directory
  is expanded into its files on the client by :func:`expand_sources`) into
  articles, each with its content hash and its :class:`ArticleMeta` (the date it
  is filed under and the key it is sorted by);
* :func:`prepare_window` takes the articles of one time window (every unit that
  holds one of them) and runs the per-article analysis over them: one spaCy parse
  and every analysis stage (:func:`rashomon.pipeline.parse_articles`), serialised
  with :func:`rashomon.report.jsonreport.analysis_to_dict` for ``Store.save_analysis``.

Each article is analysed on its own (a batch of one), so its stored analysis does
not depend on which other articles shared its window or its worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from rashomon.corpus import CORPUS_EXTENSIONS, _articles_of, _event_doc
from rashomon.events.features import report_date
from rashomon.models import Article
from rashomon.settings import Config
from rashomon.store import content_hash
from rashomon.store.store import KEY_LENGTH

UNDATED = "undated"
# windows start on Mondays, so 7-day windows are ISO weeks (1970-01-05 was a Monday)
_WINDOW_EPOCH = date(1970, 1, 5)


@dataclass(frozen=True)
class ArticleMeta:
    """What the client needs to place one article: small, sent back for every article."""

    unit: int  # index of the unit (file, URL…) it was read from
    index: int  # its position among that unit's articles
    digest: str  # content hash (as the store computes it)
    stamp: str | None  # published (ISO), else the report date found in the URL or lead; None: undated
    source: str

    @property
    def key(self) -> str:
        return self.digest[:KEY_LENGTH]

    def order(self) -> tuple[int, str, str, str, int, int]:
        """Time order: by stamp (undated last), then source, key, and where it was read."""
        return (self.stamp is None, self.stamp or "", self.source, self.key, self.unit, self.index)


@dataclass(frozen=True)
class UnitRead:
    """One unit read: its articles (in reading order) and its failures (source, message)."""

    articles: tuple[Article, ...]
    metas: tuple[ArticleMeta, ...]
    failures: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Prepared:
    """One article ready for the single writer: the article and (optionally) its analysis."""

    meta: ArticleMeta
    article: Article
    analysis: dict[str, Any] | None


def expand_sources(sources: list[str] | tuple[str, ...]) -> list[str]:
    """Directories walked into their corpus files (as :func:`rashomon.corpus.ingest_corpus`
    walks them: sorted, hidden entries skipped); every other source is one unit."""
    units: list[str] = []
    for source in sources:
        if not os.path.isdir(source):
            units.append(source)
            continue
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            units.extend(os.path.join(root, name) for name in sorted(files)
                         if not name.startswith(".") and name.lower().endswith(CORPUS_EXTENSIONS))
    return units


def _stamp(article: Article, digest: str) -> str | None:
    if article.published_date is not None and article.published:
        return article.published
    found = report_date(_event_doc(article, digest[:KEY_LENGTH]))
    return found.isoformat() if found else None


def read_unit(position: int, unit: str, config: Config) -> UnitRead:
    """Read one unit (a task): the same reader ``rashomon ingest`` uses, failures kept as text."""
    articles: list[Article] = []
    metas: list[ArticleMeta] = []
    failures: list[tuple[str, str]] = []
    for item in _articles_of(unit, config):
        if isinstance(item, tuple):
            failures.append((item[0], str(item[1])))
            continue
        digest = content_hash(item.text)
        metas.append(ArticleMeta(position, len(articles), digest, _stamp(item, digest), item.source))
        articles.append(item)
    return UnitRead(tuple(articles), tuple(metas), tuple(failures))


def unit_summary(read: UnitRead) -> tuple[tuple[ArticleMeta, ...], tuple[tuple[str, str], ...]]:
    """The small part of a :class:`UnitRead` the client gathers (the articles stay on the worker)."""
    return read.metas, read.failures


def window_of(meta: ArticleMeta, window_days: int) -> str:
    """The time window an article is partitioned into: its first day (ISO), or ``undated``."""
    if meta.stamp is None:
        return UNDATED
    try:
        day = date.fromisoformat(meta.stamp[:10])
    except ValueError:
        return UNDATED
    start = _WINDOW_EPOCH + timedelta(days=(day - _WINDOW_EPOCH).days // window_days * window_days)
    return start.isoformat()


def window_order(label: str) -> tuple[bool, str]:
    return (label == UNDATED, label)


def analyse_article(article: Article, key: str, config: Config) -> dict[str, Any]:
    """The stored analysis of one article (id = its store key)."""
    # imported here: spaCy loads only where (and when) articles are analysed
    from rashomon.pipeline import analyze as analyze_articles
    from rashomon.report.jsonreport import analysis_to_dict

    return analysis_to_dict(analyze_articles([replace(article, id=key)], config))


def prepare_window(wanted: list[tuple[int, int, bool]], config: Config, *reads: UnitRead) -> list[Prepared]:
    """One time window (a task): ``wanted`` lists (position in ``reads``, article index,
    analyse it?), already in time order; returns the articles, with their analyses."""
    out: list[Prepared] = []
    for pos, index, analyze in wanted:
        read = reads[pos]
        article, meta = read.articles[index], read.metas[index]
        payload = analyse_article(article, meta.key, config) if analyze else None
        out.append(Prepared(meta, article, payload))
    return out
