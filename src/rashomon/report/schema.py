"""The JSON Schema of the ``rashomon/report@1`` contract, and a validator.

``schema.json`` mirrors docs/report-contract.md field for field.  Every object
allows extra properties because the contract lets the builder add fields; what
it pins down is which fields must be present, their types and the closed
vocabularies (fact status, conflict kind, loaded kind, source kind, sentence
role).

:mod:`jsonschema` is imported lazily: it is a dev dependency today, and the
renderers must work without it.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from typing import Any

from rashomon.errors import RashomonError

log = logging.getLogger(__name__)

SCHEMA_ID = "rashomon/report@1"


class ReportInvalid(RashomonError):
    """A report does not follow the ``rashomon/report@1`` contract.

    ``path`` is the JSON path (``$.facts[2].status``) of the first problem.
    """

    code = "R500"
    exit_code = 5

    def __init__(self, message: str, *, path: str = "$") -> None:
        self.path = path
        super().__init__(message, source=path)


@cache
def _schema_text() -> str:
    return resources.files("rashomon.report").joinpath("schema.json").read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return a fresh copy of the report JSON Schema (draft 2020-12)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def validate_report(report: Any) -> None:
    """Raise :class:`ReportInvalid` unless ``report`` follows the contract.

    The error names the JSON path of the most relevant problem (jsonschema's
    ``best_match``: shallow errors first, so a missing top-level field wins
    over a bad value deep inside it).
    """
    try:
        import jsonschema
    except ImportError as exc:  # pragma: no cover - jsonschema ships with the dev extra
        raise ReportInvalid("cannot validate: the jsonschema package is not installed") from exc

    validator = jsonschema.Draft202012Validator(load_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(report))
    if error is None:
        return
    path = error.json_path
    log.debug("report invalid at %s: %s", path, error.message)
    raise ReportInvalid(error.message, path=path)
