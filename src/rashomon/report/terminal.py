"""The report in a terminal, with rich tables.

Report text reaches rich only as :class:`rich.text.Text` (never parsed for
markup or emoji) or through :func:`rich.markup.escape` where it is part of a
markup string, so ``[bold]`` or ``:smile:`` in an article stays literal.
Status is shown by icon and word as well as colour.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from rashomon.report.view import STATUS_ICONS, STATUS_LABELS, FactView, ReportView, ValueCell, build_view

log = logging.getLogger(__name__)

TEXT_WIDTH = 100
STATUS_STYLES = {"corroborated": "bold blue", "contested": "bold dark_orange", "single_source": "bold magenta",
                 "none": ""}


def _status(status: str) -> Text:
    label = f"{STATUS_ICONS.get(status, '')} {STATUS_LABELS.get(status, status)}".strip()
    return Text(label, style=STATUS_STYLES.get(status, ""))


def _quote(before: str, match: str, after: str) -> Text:
    text = Text("“")
    text.append(before)
    text.append(match, style="bold reverse")
    text.append(after)
    text.append("”")
    return text


def _table(title: str, *columns: str, lines: bool = False, expand: bool = True) -> Table:
    table = Table(title=escape(title), title_justify="left", title_style="bold", box=box.ROUNDED,
                  show_lines=lines, expand=expand)
    for column in columns:
        table.add_column(escape(column), overflow="fold")
    return table


def _value(v: ValueCell) -> Text:
    text = Text(v.text, style="bold")
    text.append(f" ({v.value})", style="dim")
    text.append("\n")
    return text + _quote(v.before, v.match, v.after)


def _claims(fact: FactView, skip: str | None = None) -> Text:
    text = Text(fact.summary, style="bold")
    text.append(f"  {fact.id}", style="dim")
    if fact.origins:
        text.append("\n")
        text.append(f"⚑ {fact.origins}", style="yellow")
    for group in fact.groups:
        if group.article == skip:
            continue
        for claim in group.claims:
            text.append("\n")
            text.append(f"{group.label}: ", style="italic")
            text.append(f"“{claim.text}”")
    return text


def _articles(view: ReportView) -> Table:
    table = _table("Articles", "", "Outlet", "Title", "Published", "Wire", "Copy of")
    for a in view.articles:
        table.add_row(Text(a.id), Text(a.label), Text(a.title or "(untitled)"), Text(a.published or "unknown"),
                      Text(a.origin or "—"), Text(f"{a.copy_of_label} ({a.copy_of})" if a.copy_of else "—"))
    return table


def _counts(view: ReportView) -> Table:
    table = _table("Summary", "", "Count", expand=False)
    for status, n in view.counts.items():
        table.add_row(_status(status), Text(str(n)))
    table.add_row(Text("conflicts"), Text(str(len(view.conflicts))))
    table.add_row(Text("warnings"), Text(str(len(view.warnings))))
    table.columns[1].justify = "right"
    return table


def _conflicts(view: ReportView) -> Table:
    table = _table("Conflicts", "Fact", "Kind", *(a.label for a in view.articles), lines=True)
    for c in view.conflicts:
        cells = [Text("\n").join(_value(v) for v in cell) if cell else Text("—") for cell in c.cells]
        summary = Text(c.summary)
        if c.origins:
            summary.append(f"\n⚑ {c.origins}", style="yellow")
        table.add_row(summary, Text(c.kind), *cells)
    return table


def _facts(view: ReportView) -> Table:
    table = _table("Facts by status", "Status", "Fact, as each outlet words it", "Sources", lines=True)
    for status, facts in view.facts_by_status:
        for f in facts:
            sources = Text(str(f.independent_sources))
            if f.origin_count:
                sources.append(f"\n{f.origin_count}", style="dim")
            table.add_row(_status(status), _claims(f), sources)
    return table


def _single_source(view: ReportView) -> Table:
    table = _table("Single-source facts, per outlet", "Outlet", "Reported only here", lines=True)
    for o in view.outlets:
        facts = [_claims(f) for f in o.single_source]
        table.add_row(Text(o.article.label), Text("\n").join(facts) if facts else Text("—"))
    return table


def _omissions(view: ReportView) -> Table:
    table = _table("Omissions: reported by others, left out here", "Outlet", "Left out", lines=True)
    for o in view.outlets:
        facts = [_claims(f, skip=o.article.id) for f in o.omitted]
        table.add_row(Text(o.article.label), Text("\n").join(facts) if facts else Text("—"))
    return table


def _entities(view: ReportView) -> Table:
    table = _table("Entities and name variants", "Entity", "Type", "As written")
    for e in view.entities:
        variants = Text("\n").join(
            Text(f"“{v.text}” — " + ", ".join(f"{label} ×{n}" for label, n in v.articles)) for v in e.variants)
        table.add_row(Text(e.name), Text(e.type), variants)
    return table


def _sentences(indexes: tuple[int, ...]) -> str:
    return ("sentence " if len(indexes) == 1 else "sentences ") + ", ".join(str(i) for i in indexes)


def _framing(view: ReportView) -> Table:
    table = _table("Framing", "Refers to", *(a.label for a in view.articles), lines=True)
    for f in view.framing:
        label = Text(f.label, style="bold")
        if f.note:
            label.append(f"\n{f.note}", style="dim")
        cells = [Text("\n").join(Text(f"“{t.text}”") + Text(f" s{t.sentence}" if t.sentence >= 0 else "", style="dim")
                                 for t in terms) if terms else Text("—") for terms in f.terms]
        table.add_row(label, *cells)
    return table


def _loaded(view: ReportView) -> Table:
    table = _table("Loaded language", "Outlet", "Kind", "Wording", "In context", lines=True)
    for al in view.loaded_by_article:
        for group in al.groups:
            for x in group.items:
                wording = Text(f"“{x.text}”", style="bold")
                notes = [n for n in (x.note, _sentences((x.sentence,)) if x.sentence >= 0 else None) if n]
                if notes:
                    wording.append("\n" + " · ".join(notes), style="dim")
                table.add_row(Text(al.article.label), Text(group.heading), wording,
                              _quote(x.before, x.match, x.after))
    return table


def _sources(view: ReportView) -> Table:
    table = _table("Sources and sourcing", "Outlet", "Sourcing", "Sources by kind", lines=True)
    for sv in view.sourcing:
        if not sv.groups and not sv.body_sentences:
            continue
        summary = Text(sv.share_label, style="bold")
        summary.append(f"\nUnattributed: {len(sv.unattributed)} body sentence{'' if len(sv.unattributed) == 1 else 's'}")
        summary.append(f"\nCredited wire: {sv.credited_wire or 'none credited'}")
        if sv.alone:
            summary.append("\nRelied on alone: " + "; ".join(o.origin for o in sv.alone))
        groups = []
        for group in sv.groups:
            text = Text(group.heading, style="italic")
            for src in group.sources:
                extra = [x for x in (src.affiliation, "credited wire" if src.credited else None,
                                     f"origin: {src.shown_origin}" if src.shown_origin else None) if x]
                text.append("\n• " + src.shown_name + (f" ({'; '.join(extra)})" if extra else ""))
                if src.sentences:
                    text.append(f" — {_sentences(src.sentences)}", style="dim")
            groups.append(text)
        table.add_row(Text(sv.article.label), summary, Text("\n").join(groups) if groups else Text("—"))
    for o in view.shared_origins:
        used = "; ".join(f"{label}: " + ", ".join(f"“{n}”" for n in names) for label, names in o.names)
        table.add_row(Text("shared"), Text(o.origin, style="bold"), Text(used))
    return table


def _warnings(view: ReportView) -> Table:
    table = _table("Warnings", "Outlet", "Kind", "Message")
    for w in view.warnings:
        message = Text(f"“{w.text}”: ", style="bold") if w.text else Text()
        table.add_row(Text(w.label or "—"), Text(w.kind), message + Text(w.message))
    return table


def render_terminal_view(view: ReportView, console: Console | None = None) -> None:
    """Print an already built :class:`ReportView` to ``console`` (stdout by default)."""
    console = console or Console()
    console.rule(Text(f"Rashomon · {len(view.articles)} reports of one event, compared claim by claim",
                      style="bold"))
    sections = [_articles(view), _counts(view)]
    if view.conflicts:
        sections.append(_conflicts(view))
    sections += [table for table in (_framing(view), _loaded(view), _sources(view)) if table.row_count]
    sections += [_facts(view), _single_source(view), _omissions(view)]
    sections += [table for table in (_entities(view), _warnings(view)) if table.row_count]
    for section in sections:
        console.print()
        console.print(section)
    console.print()
    generated = f"{view.tool} {view.version}" if view.version else view.tool
    console.print(Text(f"{view.schema} · generated by {generated}", style="dim"))
    log.debug("rendered terminal report: %d sections", len(sections))


def render_terminal(report: Mapping[str, Any], console: Console | None = None) -> None:
    """Print the report dict (``rashomon/report@1``) as rich tables."""
    render_terminal_view(build_view(report), console)


def render_text(report: Mapping[str, Any]) -> str:
    """The terminal rendering as plain text: no colour, 100 columns."""
    console = Console(file=io.StringIO(), record=True, width=TEXT_WIDTH, color_system=None, no_color=True,
                      force_terminal=False, force_jupyter=False, emoji=False, highlight=False,
                      legacy_windows=False)
    render_terminal(report, console)
    return console.export_text(styles=False)
