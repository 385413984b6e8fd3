"""Rashomon: compare news reports of one event, claim by claim.

    >>> from rashomon import compare_sources
    >>> comparison, _ = compare_sources(["a.txt", "b.md"])
"""

from rashomon.version import __version__

__all__ = ["__version__", "analyze", "compare_articles", "compare_sources", "ingest"]


def __getattr__(name: str):
    # lazy: importing rashomon must stay cheap (the CLI starts fast); pipeline pulls spaCy
    if name in ("analyze", "compare_articles", "compare_sources", "ingest"):
        from rashomon import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
