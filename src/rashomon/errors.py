"""Errors that explain themselves.

Every error Rashomon raises on purpose derives from :class:`RashomonError`
and carries a stable code, so a message can be looked up and tested::

    RashomonError                  R000  root
    ├── InputError                 R1xx  a source cannot be used
    │   ├── SourceNotFound         R101  no such file or directory
    │   ├── EmptySource            R102  nothing readable in it
    │   ├── BinarySource           R103  not text (binary / unknown format)
    │   ├── SourceTooLarge         R104  body over the size cap
    │   ├── NoArticleBody          R105  HTML page with no article text
    │   ├── BadArticleObject       R106  JSON that is not an article object
    │   └── TooFewArticles         R107  a comparison needs two or more
    ├── FetchError                 R2xx  a URL could not be fetched
    │   ├── FetchTimeout           R201
    │   ├── FetchHTTPError         R202  4xx / 5xx
    │   ├── FetchRefused           R203  content type, size, redirects, address
    │   └── FetchFailed            R204  connection errors
    ├── ModelError                 R3xx  a model could not be loaded
    ├── ConfigError                R4xx  a bad setting
    └── ReportInvalid              R500  a report breaks the JSON contract (rashomon.report.schema)

The CLI prints ``str(error)`` (one line: ``[R101] path: no such file``) and
exits with :attr:`RashomonError.exit_code`.
"""

from __future__ import annotations


class RashomonError(Exception):
    code = "R000"
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.message}"


class InputError(RashomonError):
    code = "R100"
    exit_code = 2


class SourceNotFound(InputError):
    code = "R101"


class EmptySource(InputError):
    code = "R102"


class BinarySource(InputError):
    code = "R103"


class SourceTooLarge(InputError):
    code = "R104"


class NoArticleBody(InputError):
    code = "R105"


class BadArticleObject(InputError):
    code = "R106"


class TooFewArticles(InputError):
    code = "R107"


class FetchError(RashomonError):
    code = "R200"
    exit_code = 3


class FetchTimeout(FetchError):
    code = "R201"


class FetchHTTPError(FetchError):
    code = "R202"


class FetchRefused(FetchError):
    code = "R203"


class FetchFailed(FetchError):
    code = "R204"


class ModelError(RashomonError):
    code = "R300"
    exit_code = 4


class ConfigError(RashomonError):
    code = "R400"
    exit_code = 2
