"""The corpus store: articles, analyses, events and reports, in SQLite or PostgreSQL.

::

    from rashomon.store import open_store

    with open_store("corpus.db") as store, store.transaction():
        for article in articles:
            store.add_article(article)          # AddResult("added" | "duplicate" | "new_version", ...)
    hits = store.search('"coup" Niger -football')

Schema, migrations and scaling notes: ``docs/store.md``.
"""

from __future__ import annotations

from rashomon.store.errors import (
    StoreBackendMissing,
    StoreDiskFull,
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreQueryError,
    StoreReadOnly,
    StoreSchemaError,
    StoreURLError,
)
from rashomon.store.normalise import canonical_url, content_hash
from rashomon.store.records import AddResult, EventRow, SearchHit, StoredArticle, StoreStats
from rashomon.store.schema import LATEST as SCHEMA_VERSION
from rashomon.store.store import Store, open_store

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "EventRow",
    "SearchHit",
    "Store",
    "StoreBackendMissing",
    "StoreDiskFull",
    "StoreError",
    "StoreLocked",
    "StoreNotFound",
    "StoreQueryError",
    "StoreReadOnly",
    "StoreSchemaError",
    "StoreStats",
    "StoreURLError",
    "StoredArticle",
    "canonical_url",
    "content_hash",
    "open_store",
]
