"""Scale-out: the ingest / analyse / cluster pipeline on a Dask cluster, partitioned by time window.

::

    from rashomon.scale import run_corpus, run_corpus_local

    run_corpus(sources, "postgresql://…", scheduler="tcp://host:8786")   # or workers=4, or client=…
    run_corpus_local(sources, "corpus.db")                                # same results, no Dask

How it is partitioned and why both give the same store: ``docs/scale.md``.
"""

from rashomon.scale.dask_runner import dask_client, run_corpus
from rashomon.scale.runner import WINDOW_DAYS, ScaleSummary, ingest_partitioned, run_corpus_local

__all__ = ["WINDOW_DAYS", "ScaleSummary", "dask_client", "ingest_partitioned", "run_corpus", "run_corpus_local"]
