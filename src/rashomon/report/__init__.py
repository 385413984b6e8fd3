"""Reports: the JSON contract (``rashomon/report@1``) and its renderings.

Every renderer takes the report as a plain dict in the contract shape (what
``json.loads`` of the JSON report gives) and reads it through one shared view
(:mod:`rashomon.report.view`)::

    render_html(report) -> str          one self-contained page
    render_markdown(report) -> str
    render_terminal(report, console)    rich tables on a console
    render_text(report) -> str          the same, plain, 100 columns
    validate_report(report)             raises ReportInvalid [R500]

The renderers are imported on first use: ``rashomon compare --format json``
imports :mod:`rashomon.report.jsonreport` only, and should not pay for
jinja2, rich and the view layer (~0.1 s of a cold start).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rashomon.report.html import render_html
    from rashomon.report.markdown import render_markdown
    from rashomon.report.schema import ReportInvalid, load_schema, validate_report
    from rashomon.report.terminal import render_terminal, render_text

_HOME = {
    "ReportInvalid": "schema",
    "load_schema": "schema",
    "render_html": "html",
    "render_markdown": "markdown",
    "render_terminal": "terminal",
    "render_text": "terminal",
    "validate_report": "schema",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "ReportInvalid",
    "load_schema",
    "render_html",
    "render_markdown",
    "render_terminal",
    "render_text",
    "validate_report",
]
