"""Errors of the corpus store, under :class:`rashomon.errors.RashomonError`::

    StoreError                 R700  the store cannot do what was asked
    ├── StoreURLError          R701  an unknown database URL scheme, or a bad path
    ├── StoreSchemaError       R702  the database was written by a newer Rashomon (or is not ours)
    ├── StoreLocked            R703  another process holds the write lock past the busy timeout
    ├── StoreReadOnly          R704  the file, its directory or the connection is read-only
    ├── StoreDiskFull          R705  the disk (or the size cap) filled; the transaction was rolled back
    ├── StoreQueryError        R706  a full-text query the search engine cannot parse
    ├── StoreNotFound          R707  no article, event or report with that key
    └── StoreBackendMissing    R708  the database driver is not installed (psycopg for PostgreSQL)

Every message is one line (``[R703] rashomon.db: database is locked: ...``);
the CLI prints ``str(error)`` and exits with :attr:`StoreError.exit_code`.
"""

from __future__ import annotations

from rashomon.errors import RashomonError


class StoreError(RashomonError):
    code = "R700"
    exit_code = 6  # 5 is ReportInvalid


class StoreURLError(StoreError):
    code = "R701"
    exit_code = 2


class StoreSchemaError(StoreError):
    code = "R702"


class StoreLocked(StoreError):
    code = "R703"


class StoreReadOnly(StoreError):
    code = "R704"


class StoreDiskFull(StoreError):
    code = "R705"


class StoreQueryError(StoreError):
    code = "R706"
    exit_code = 2


class StoreNotFound(StoreError):
    code = "R707"


class StoreBackendMissing(StoreError):
    code = "R708"
