"""Reports: the JSON contract (``rashomon/report@1``) and its renderings.

Every renderer takes the report as a plain dict in the contract shape (what
``json.loads`` of the JSON report gives) and reads it through one shared view
(:mod:`rashomon.report.view`)::

    render_html(report) -> str          one self-contained page
    render_markdown(report) -> str
    render_terminal(report, console)    rich tables on a console
    render_text(report) -> str          the same, plain, 100 columns
    validate_report(report)             raises ReportInvalid [R500]
"""

from __future__ import annotations

from rashomon.report.html import render_html
from rashomon.report.markdown import render_markdown
from rashomon.report.schema import ReportInvalid, load_schema, validate_report
from rashomon.report.terminal import render_terminal, render_text

__all__ = [
    "ReportInvalid",
    "load_schema",
    "render_html",
    "render_markdown",
    "render_terminal",
    "render_text",
    "validate_report",
]
