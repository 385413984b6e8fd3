"""The partitioned ingest, shared by the in-process and the Dask runs.

    read units ─(tasks)→ article metadata ─client: partition by time window→
    analyse each window ─(tasks)→ client: cluster and write, window by window, in time order

Only *where* the tasks run differs between :func:`run_corpus_local` and
:func:`rashomon.scale.dask_runner.run_corpus` (an :class:`Executor`); the partitioning,
the order and the writing are this module's, so both store the same rows and the
same events. The order-dependent steps (the incremental event clusterer and the
store writes) run on the client, one window after the other, each article in
``ArticleMeta.order()``: (date, source, key). Each window is one transaction that
also saves the clusterer's state, so an interrupted run leaves whole windows and a
re-run finishes the job (stored articles come back as duplicates).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rashomon.corpus import IngestSummary, load_clusterer, save_clusterer, store_and_assign
from rashomon.events import EventClusterer
from rashomon.scale.tasks import (
    ArticleMeta,
    Prepared,
    UnitRead,
    expand_sources,
    prepare_window,
    read_unit,
    unit_summary,
    window_of,
    window_order,
)
from rashomon.settings import Config, load_config
from rashomon.store import Store, open_store

log = logging.getLogger(__name__)

WINDOW_DAYS = 7  # partition width; ISO weeks (the event clusterer's own window is separate)
# articles per analysis task: seconds of spaCy work (tens of milliseconds per short article
# in tests/test_scale_dask.py), long next to Dask's per-task overhead (about a millisecond)
CHUNK_SIZE = 64
OnArticle = Callable[[str, str], None]


@dataclass
class ScaleSummary(IngestSummary):
    """:class:`rashomon.corpus.IngestSummary` plus how the work was partitioned."""

    units: int = 0  # files, URLs, feeds and WARC files read
    windows: int = 0  # time-window partitions analysed
    analysed: int = 0  # analyses saved


class Executor(Protocol):
    """Runs the two task kinds of :mod:`rashomon.scale.tasks` somewhere."""

    def read(self, units: list[str], config: Config) -> list[tuple[tuple[ArticleMeta, ...],
                                                                   tuple[tuple[str, str], ...]]]: ...

    def submit_window(self, wanted: list[tuple[int, int, bool]], config: Config) -> Any: ...

    def result(self, handle: Any) -> list[Prepared]: ...

    def release(self, handle: Any) -> None: ...


class LocalExecutor:
    """The tasks in this process, in order (windows computed when their result is asked for)."""

    def __init__(self) -> None:
        self._reads: list[UnitRead] = []

    def read(self, units: list[str], config: Config) -> list[tuple[tuple[ArticleMeta, ...],
                                                                   tuple[tuple[str, str], ...]]]:
        self._reads = [read_unit(i, unit, config) for i, unit in enumerate(units)]
        return [unit_summary(r) for r in self._reads]

    def submit_window(self, wanted: list[tuple[int, int, bool]], config: Config) -> Any:
        needed = sorted({u for u, _, _ in wanted})
        return window_task_args(wanted, needed), [self._reads[u] for u in needed], config

    def result(self, handle: Any) -> list[Prepared]:
        local_wanted, reads, config = handle
        return prepare_window(local_wanted, config, *reads)

    def release(self, handle: Any) -> None:
        return None


def window_task_args(wanted: list[tuple[int, int, bool]], needed: list[int]) -> list[tuple[int, int, bool]]:
    """``wanted`` with unit numbers replaced by their position among the ``needed`` units."""
    pos = {u: i for i, u in enumerate(needed)}
    return [(pos[u], index, analyze) for u, index, analyze in wanted]


def _stage_versions() -> dict[str, str]:
    from rashomon.pipeline import STAGE_VERSIONS

    return dict(STAGE_VERSIONS)


def ingest_partitioned(executor: Executor, sources: Sequence[str], store: Store, *,
                       window_days: int = WINDOW_DAYS, analyze: bool = True, config: Config | None = None,
                       on_article: OnArticle | None = None, chunk_size: int = CHUNK_SIZE) -> ScaleSummary:
    """Read, analyse (by ``executor``), cluster and store ``sources``; see the module docstring."""
    if window_days < 1 or chunk_size < 1:
        raise ValueError(f"window_days and chunk_size must be 1 or more, got {window_days}, {chunk_size}")
    config = config or load_config()
    summary = ScaleSummary()
    units = expand_sources(list(sources))
    summary.units = len(units)
    windows: dict[str, list[ArticleMeta]] = defaultdict(list)
    for metas, failures in executor.read(units, config):
        summary.failed.extend(failures)
        for meta in metas:
            windows[window_of(meta, window_days)].append(meta)
    for source, _message in summary.failed:
        if on_article:
            on_article(source, "failed")
    versions = _stage_versions() if analyze else {}
    # an article already stored with an analysis by these stage versions is not analysed again
    check = analyze and store.stats().analyses > 0
    labels = sorted(windows, key=window_order)
    handles: list[list[Any]] = []
    for label in labels:
        members = sorted(windows[label], key=ArticleMeta.order)
        wanted = [(m.unit, m.index, analyze and not (check and store.get_analysis(m.key, versions) is not None))
                  for m in members]
        # a busy week is split into several tasks (each article is analysed on its own, so
        # how a window is split changes nothing but the parallelism)
        handles.append([executor.submit_window(wanted[i:i + chunk_size], config)
                        for i in range(0, len(wanted), chunk_size)])
    summary.windows = len(labels)
    clusterer = load_clusterer(store)
    known: set[str] = set()  # ids of events known to be stored (rashomon.corpus.store_and_assign)
    for label, chunks in zip(labels, handles, strict=True):
        prepared = [item for handle in chunks for item in executor.result(handle)]
        with store.transaction():
            statuses = [_store_one(store, clusterer, item, versions, summary, known) for item in prepared]
            drained = save_clusterer(store, clusterer, known)
        known.difference_update(drained)
        for handle in chunks:
            executor.release(handle)
        log.info("window %s: %d articles stored", label, len(prepared))
        if on_article:
            for item, status in zip(prepared, statuses, strict=True):
                on_article(item.article.source, status)
    return summary


def _store_one(store: Store, clusterer: EventClusterer, item: Prepared, versions: dict[str, str],
               summary: ScaleSummary, known: set[str]) -> str:
    """Store one article and its analysis, and assign it to an event (the corpus ingest's own step)."""
    result = store_and_assign(store, clusterer, item.article, summary, known)
    if item.analysis is not None and (result.status != "duplicate"
                                      or store.get_analysis(result.key, versions) is None):
        store.save_analysis(result.key, versions, item.analysis)
        summary.analysed += 1
    return result.status


def run_corpus_local(sources: Sequence[str], store_url: str | None, *, window_days: int = WINDOW_DAYS,
                     analyze: bool = True, config: Config | None = None, on_article: OnArticle | None = None,
                     chunk_size: int = CHUNK_SIZE) -> ScaleSummary:
    """The partitioned ingest in this process (no Dask): the reference the Dask run equals."""
    with open_store(store_url) as store:
        return ingest_partitioned(LocalExecutor(), sources, store, window_days=window_days, analyze=analyze,
                                  config=config, on_article=on_article, chunk_size=chunk_size)
