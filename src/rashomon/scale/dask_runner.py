"""The partitioned ingest on a Dask cluster (``rashomon ingest --scheduler/--workers``).

::

    from rashomon.scale import run_corpus

    run_corpus(["feeds/", "cc-news.warc.gz"], "postgresql://…/corpus", scheduler="tcp://host:8786")
    run_corpus(["examples/"], "corpus.db", workers=4)           # a LocalCluster of 4 processes

Reading each unit and analysing each time window are Dask tasks; the articles
stay on the workers until their window is written. The client keeps only the
per-article metadata and the window being written, and is the single writer of
the store. See ``docs/scale.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rashomon.errors import ConfigError
from rashomon.scale.runner import (
    CHUNK_SIZE,
    WINDOW_DAYS,
    OnArticle,
    ScaleSummary,
    ingest_partitioned,
    window_task_args,
)
from rashomon.scale.tasks import ArticleMeta, Prepared, prepare_window, read_unit, unit_summary
from rashomon.settings import Config
from rashomon.store import open_store
from rashomon.version import __version__

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)


class DaskExecutor:
    """The tasks of :mod:`rashomon.scale.tasks` on a ``distributed.Client``."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._reads: list[Any] = []

    def read(self, units: list[str], config: Config) -> list[tuple[tuple[ArticleMeta, ...],
                                                                   tuple[tuple[str, str], ...]]]:
        # pure=False: a file or feed may have changed since an earlier run on the same cluster
        self._reads = [self.client.submit(read_unit, i, unit, config, pure=False) for i, unit in enumerate(units)]
        summaries = self.client.map(unit_summary, self._reads, pure=False)
        try:
            return list(self.client.gather(summaries))
        finally:
            for f in summaries:
                f.release()

    def submit_window(self, wanted: list[tuple[int, int, bool]], config: Config) -> Any:
        needed = sorted({u for u, _, _ in wanted})
        return self.client.submit(prepare_window, window_task_args(wanted, needed), config,
                                  *[self._reads[u] for u in needed], pure=False)

    def result(self, handle: Any) -> list[Prepared]:
        return list(handle.result())

    def release(self, handle: Any) -> None:
        handle.release()

    def close(self) -> None:
        for f in self._reads:
            f.release()
        self._reads = []


def _worker_version() -> str:
    from rashomon.version import __version__ as version

    return version


def check_workers(client: Client) -> None:
    """Every worker must run this Rashomon version, or results would not equal the in-process run."""
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # ImportError on the worker arrives as itself, or wrapped
        raise ConfigError(f"Dask workers cannot import rashomon ({exc}); install it on every worker") from exc
    if not versions:
        raise ConfigError("the Dask cluster has no workers")
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        raise ConfigError(f"Dask workers run another rashomon version than the client ({__version__}): "
                          + ", ".join(f"{w}={v}" for w, v in sorted(other.items())))


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, else of a new ``LocalCluster`` of ``workers``
    processes (default: one per CPU) with one thread each: the analysis holds the GIL."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise ConfigError("Dask is not installed: pip install 'dask[distributed]'") from exc
    if scheduler is not None and workers is not None:
        raise ConfigError("give either a scheduler address or a number of local workers, not both")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be 1 or more, got {workers}")
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def run_corpus(sources: Sequence[str], store_url: str | None, *, scheduler: str | None = None,
               workers: int | None = None, client: Client | None = None, window_days: int = WINDOW_DAYS,
               analyze: bool = True, config: Config | None = None, on_article: OnArticle | None = None,
               chunk_size: int = CHUNK_SIZE) -> ScaleSummary:
    """Ingest ``sources`` into the store at ``store_url`` with the reading and the analysis on Dask.

    The cluster is ``client`` (an existing ``distributed.Client``: a KubeCluster's, a
    SLURMCluster's…), else the scheduler at ``scheduler`` (``tcp://host:8786``), else a
    ``LocalCluster`` of ``workers`` processes. The stored articles, analyses and events
    equal those of :func:`rashomon.scale.run_corpus_local` with the same arguments
    (``chunk_size``, the most articles per analysis task, changes only the parallelism).
    """
    if client is not None:
        if scheduler is not None or workers is not None:
            raise ConfigError("give a Dask client, a scheduler address or a number of workers, not several")
        return _run_on(client, sources, store_url, window_days=window_days, analyze=analyze, config=config,
                       on_article=on_article, chunk_size=chunk_size)
    with dask_client(scheduler, workers) as own:
        return _run_on(own, sources, store_url, window_days=window_days, analyze=analyze, config=config,
                       on_article=on_article, chunk_size=chunk_size)


def _run_on(client: Client, sources: Sequence[str], store_url: str | None, *, window_days: int,
            analyze: bool, config: Config | None, on_article: OnArticle | None, chunk_size: int) -> ScaleSummary:
    check_workers(client)
    executor = DaskExecutor(client)
    try:
        with open_store(store_url) as store:
            return ingest_partitioned(executor, sources, store, window_days=window_days, analyze=analyze,
                                      config=config, on_article=on_article, chunk_size=chunk_size)
    finally:
        executor.close()
