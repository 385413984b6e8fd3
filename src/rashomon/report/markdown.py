"""The report as Markdown: the same sections as the HTML report.

Article text is untrusted.  :func:`escape_markdown` neutralises everything a
Markdown renderer would turn into markup: emphasis (``*`` ``_`` ``~``), code,
links and images (``[`` ``]``), table cells (``|``), headings, and raw HTML
(``<`` ``>`` ``&`` become entities, which every renderer — CommonMark, GFM,
Python-Markdown — shows as text; a backslash before ``<`` is not understood by
all of them).  Newlines are folded so a value cannot end a table row or start
a block.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from rashomon.report.view import (
    STATUS_ICONS,
    STATUS_LABELS,
    ArticleView,
    FactView,
    ReportView,
    build_view,
)

log = logging.getLogger(__name__)

_ESCAPES = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "~": "\\~", "[": "\\[", "]": "\\]",
    "|": "\\|", "#": "\\#", "<": "&lt;", ">": "&gt;", "&": "&amp;",
})


def escape_markdown(text: Any) -> str:
    """``text`` as inert inline Markdown (one line, no markup, no HTML)."""
    return " ".join(str("" if text is None else text).split()).translate(_ESCAPES)


md = escape_markdown


def _quote(before: str, match: str, after: str) -> str:
    """A quoted sentence with the part that matters in bold."""
    middle = f"**{md(match)}**" if match else ""
    # Keep the spaces around the bold part: md() would strip them.
    pad_before = " " if before[-1:].isspace() else ""
    pad_after = " " if after[:1].isspace() else ""
    return f"“{md(before)}{pad_before}{middle}{pad_after}{md(after)}”"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def _status(status: str) -> str:
    icon = STATUS_ICONS.get(status, "")
    return f"{icon} {STATUS_LABELS.get(status, status)}".strip()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _fact(fact: FactView, skip: str | None = None) -> list[str]:
    """A fact as a list item: summary, then each outlet's claims quoted."""
    reported_by = ", ".join(md(g.label) for g in fact.groups)
    lines = [f"- {_status(fact.status)}: **{md(fact.summary)}** "
             f"({md(fact.id)}; {_plural(fact.independent_sources, 'independent source')}; "
             f"reported by {reported_by})"]
    for group in fact.groups:
        if group.article == skip:
            continue
        for claim in group.claims:
            extra = ""
            if claim.speaker or claim.cue:
                extra = f" — {md(claim.speaker or 'unnamed source')}" + (f" ({md(claim.cue)})" if claim.cue else "")
            tags = "".join(f" *\\[{tag}\\]*" for tag, on in (("hedged", claim.hedged), ("negated", claim.negated)) if on)
            lines.append(f"  - *{md(group.label)}:* “{md(claim.text)}”{extra}{tags}")
    return lines


def _article_header(a: ArticleView) -> str:
    return f"{md(a.label)} ({md(a.id)})"


def _articles(view: ReportView) -> list[str]:
    rows = [[md(a.id), md(a.outlet or a.label), md(a.title or "(untitled)"), md(a.published or "unknown"),
             md(a.origin or "—"), md(f"{a.copy_of_label} ({a.copy_of})" if a.copy_of else "—"),
             md(a.url or a.source)] for a in view.articles]
    return ["## Articles", "", *_table(["", "Outlet", "Title", "Published", "Wire", "Copy of", "Source"], rows)]


def _summary(view: ReportView) -> list[str]:
    header = [_status(s) for s in view.counts] + ["conflicts", "warnings"]
    row = [str(n) for n in view.counts.values()] + [str(len(view.conflicts)), str(len(view.warnings))]
    return ["## Summary", "", *_table(header, [row])]


def _texts(view: ReportView) -> list[str]:
    legend = " · ".join(_status(s) for s in view.counts)
    lines = ["## Articles side by side", "", f"Legend: {legend} · *Caption:* photo caption (not a claim)", ""]
    for a in view.articles:
        lines += [f"### {_article_header(a)}", ""]
        for s in a.sentences:
            role = {"title": "**Title:** ", "caption": "*Caption:* "}.get(s.role, "")
            mark = f"{_status(s.status)} ({md(', '.join(s.fact_ids))}): " if s.status != "none" else ""
            lines.append(f"- {mark}{role}{md(s.text)}")
        lines.append("")
    return lines


def _conflicts(view: ReportView) -> list[str]:
    lines = ["## Conflicts", ""]
    if not view.conflicts:
        return [*lines, "*No conflicting values.*", ""]
    rows = []
    for c in view.conflicts:
        cells = [" / ".join(f"**{md(v.text)}** ({md(v.value)}): {_quote(v.before, v.match, v.after)}" for v in cell)
                 or "—" for cell in c.cells]
        rows.append([md(c.summary), md(c.kind), *cells])
    return lines + _table(["Fact", "Kind", *(md(a.label) for a in view.articles)], rows)


def _facts(view: ReportView) -> list[str]:
    lines = ["## Facts by status", ""]
    for status, facts in view.facts_by_status:
        lines += [f"### {_status(status)} ({len(facts)})", ""]
        for fact in facts:
            lines += _fact(fact)
        lines += [""] if facts else ["*None.*", ""]
    return lines


def _outlets(view: ReportView) -> list[str]:
    lines = ["## Single-source facts and omissions, per outlet", ""]
    for o in view.outlets:
        lines += [f"### {_article_header(o.article)}", "", f"**Only in this article ({len(o.single_source)})**", ""]
        for fact in o.single_source:
            lines += _fact(fact)
        lines += [] if o.single_source else ["*Nothing reported by this article alone.*"]
        lines += ["", f"**Left out, reported by others ({len(o.omitted)})**", ""]
        for fact in o.omitted:
            lines += _fact(fact, skip=o.article.id)
        lines += ([] if o.omitted else ["*No omissions found.*"]) + [""]
    return lines


def _entities(view: ReportView) -> list[str]:
    lines = ["## Entities and their name variants", ""]
    if not view.entities:
        return [*lines, "*No entities.*", ""]
    rows = [[md(e.name), md(e.type), str(e.mentions),
             "; ".join(f"“{md(v.text)}” ({', '.join(f'{md(label)} ×{n}' for label, n in v.articles)})"
                       for v in e.variants)] for e in view.entities]
    return lines + _table(["Entity", "Type", "Mentions", "As written"], rows)


def _framing(view: ReportView) -> list[str]:
    lines = ["## Framing: the same thing in different words", ""]
    if not view.framing:
        return [*lines, "*No framing differences found.*", ""]
    rows = [[md(f.label) + (f" ({md(f.refers_to)})" if f.refers_to and f.refers_to != f.label else ""),
             *(", ".join(f"“{md(t)}”" for t in terms) or "—" for terms in f.terms)] for f in view.framing]
    return lines + _table(["Refers to", *(md(a.label) for a in view.articles)], rows)


def _loaded(view: ReportView) -> list[str]:
    lines = ["## Loaded language", ""]
    if not view.loaded:
        return [*lines, "*No loaded language found.*", ""]
    rows = [[md(x.label), f"“{md(x.text)}”", md(x.kind.replace("_", " ")), md(x.note or ""),
             _quote(x.before, x.match, x.after)] for x in view.loaded]
    return lines + _table(["Outlet", "Wording", "Kind", "Note", "In context"], rows)


def _sources(view: ReportView) -> list[str]:
    lines = ["## Sources each article relies on", ""]
    if not view.sources:
        return [*lines, "*No sources identified.*", ""]
    rows = [[md(s.label), md(s.name), md(s.kind.replace("_", " ")), md(s.affiliation or "—"),
             ", ".join(str(i) for i in s.sentences)] for s in view.sources]
    return lines + _table(["Outlet", "Source", "Kind", "Affiliation", "Sentences"], rows)


def _warnings(view: ReportView) -> list[str]:
    lines = ["## Warnings", ""]
    if not view.warnings:
        return [*lines, "*No warnings.*", ""]
    for w in view.warnings:
        where = f" in {md(w.label)}" if w.label else ""
        text = f"“{md(w.text)}” — " if w.text else ""
        lines.append(f"- **{md(w.kind.replace('_', ' '))}**{where}: {text}{md(w.message)}")
    return [*lines, ""]


def render_markdown_view(view: ReportView) -> str:
    """Render an already built :class:`ReportView` as Markdown."""
    generated = f"{view.tool} {view.version}" if view.version else view.tool
    lines = [f"# {_plural(len(view.articles), 'report')} of one event, compared claim by claim", "",
             f"*Rashomon report · {md(view.schema)} · generated by {md(generated)}*", ""]
    for section in (_articles, _summary, _texts, _conflicts, _facts, _outlets, _entities, _framing, _loaded,
                    _sources, _warnings):
        lines += section(view)
    text = "\n".join(lines).rstrip("\n") + "\n"
    log.debug("rendered Markdown report: %d lines", text.count("\n"))
    return text


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report dict (``rashomon/report@1``) as Markdown."""
    return render_markdown_view(build_view(report))
