"""Readers: files, folders, URLs, stdin and JSON → :class:`~rashomon.models.Article`.

>>> from rashomon.ingest import read_sources
>>> result = read_sources(["report.txt", "https://example.com/story"])  # doctest: +SKIP
>>> [a.id for a in result.articles], result.failures  # doctest: +SKIP

Supported inputs: ``.txt``/``.md``/``.markdown`` (plain text or markdown),
``.html``/``.htm``, ``.json`` (one object or a list), ``.jsonl``, a folder
of such files (not recursive, sorted by name), an ``http(s)://`` URL, and
``-`` for stdin.  Errors are :class:`~rashomon.errors.InputError` or
:class:`~rashomon.errors.FetchError` subclasses.
"""

from rashomon.ingest.reader import IngestResult, read_source, read_sources

__all__ = ["IngestResult", "read_source", "read_sources"]
