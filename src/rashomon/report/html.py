"""The HTML report: one self-contained file (inline CSS and JS, nothing fetched).

Layout lives in ``templates/``: ``report.html`` is the document shell and
``report_body.html`` the report itself, which the web UI can include in its
own page ("one view, two renderings").  Autoescape is on for every template
and report data is never marked safe; the only markup inserted verbatim is
our own stylesheet and script.  A Content-Security-Policy pins those two by
hash, so even a hypothetical escaping bug could not load or run anything else.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from rashomon.report.view import STATUS_ICONS, STATUS_LABELS, STATUSES, ReportView, build_view

log = logging.getLogger(__name__)


@cache
def template_environment() -> Environment:
    """The Jinja environment for the report templates (autoescape always on)."""
    env = Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Sorted worst first, as in the rest of the report.
    env.globals.update(statuses=STATUSES, labels=STATUS_LABELS, icons=STATUS_ICONS)
    return env


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _asset(name: str) -> str:
    env = template_environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    if "</" in source:
        # Would end the <style>/<script> element early.
        raise ValueError(f"{name} must not contain '</'")
    return source


def render_html_view(view: ReportView) -> str:
    """Render an already built :class:`ReportView` as a complete HTML page."""
    style, script = _asset("report.css"), _asset("report.js")
    html = template_environment().get_template("report.html").render(
        view=view,
        style=Markup(style),  # our stylesheet, not report data
        script=Markup(script),  # our script, not report data
        style_hash=_csp_hash(style),
        script_hash=_csp_hash(script),
    )
    log.debug("rendered HTML report: %d articles, %d characters", len(view.articles), len(html))
    return html


def render_html(report: Mapping[str, Any]) -> str:
    """The report dict (``rashomon/report@1``) as one self-contained HTML page."""
    return render_html_view(build_view(report))
