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
    origins = f"; {md(fact.origin_count)}" if fact.origin_count and not fact.origins else ""
    lines = [f"- {_status(fact.status)}: **{md(fact.summary)}** "
             f"({md(fact.id)}; {_plural(fact.independent_sources, 'independent source')}{origins}; "
             f"reported by {reported_by})"]
    if fact.origins:
        lines.append(f"  - ⚑ *Caution:* {md(fact.origins)}")
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


def _sentences(indexes: Iterable[int]) -> str:
    shown = list(indexes)
    return ("sentence " if len(shown) == 1 else "sentences ") + ", ".join(str(i) for i in shown)


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
        summary = md(c.summary) + (f" ⚑ *{md(c.origins)}*" if c.origins else "")
        rows.append([summary, md(c.kind), *cells])
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
    rows = []
    for f in view.framing:
        refers = md(f.label) + (f" ({md(f.refers_to)})" if f.refers_to and f.refers_to != f.label else "")
        if f.note:
            refers += f" — *{md(f.note)}*"
        cells = ["; ".join(f"“{md(t.text)}”" + (f" ({t.sentence})" if t.sentence >= 0 else "") for t in terms)
                 or "—" for terms in f.terms]
        rows.append([refers, *cells])
    return lines + _table(["Refers to", *(md(a.label) for a in view.articles)], rows)


def _loaded(view: ReportView) -> list[str]:
    lines = ["## Loaded language", ""]
    if not view.loaded:
        return [*lines, "*No loaded language found.*", ""]
    for al in view.loaded_by_article:
        lines += [f"### {_article_header(al.article)}", ""]
        if not al.groups:
            lines += ["*None found.*", ""]
        for group in al.groups:
            lines += [f"**{md(group.heading)} ({len(group.items)})**", ""]
            for x in group.items:
                where = [md(x.note)] if x.note else []
                where += [_sentences([x.sentence])] if x.sentence >= 0 else []
                lines.append(f"- {_quote(x.before, x.match, x.after)}" + (f" — {'; '.join(where)}" if where else ""))
            lines.append("")
    return lines


def _sources(view: ReportView) -> list[str]:
    lines = ["## Sources and sourcing", ""]
    if not view.sources and not any(sv.body_sentences for sv in view.sourcing):
        return [*lines, "*No sources identified.*", ""]
    if view.shared_origins:
        lines += ["**Relied on by more than one article**", ""]
        for o in view.shared_origins:
            used = "; ".join(f"{md(label)}: " + ", ".join(f"“{md(n)}”" for n in names) for label, names in o.names)
            lines.append(f"- **{md(o.origin)}** — {used}")
        lines.append("")
    for sv in view.sourcing:
        unattributed = f"{_plural(len(sv.unattributed), 'body sentence')}"
        if sv.unattributed:
            unattributed += f" ({', '.join(str(i) for i in sv.unattributed)})"
        lines += [f"### {_article_header(sv.article)}", "",
                  f"- **Attributed:** {md(sv.share_label)}",
                  f"- **Unattributed:** {unattributed}",
                  f"- **Credited wire:** {md(sv.credited_wire or 'none credited')}"]
        if sv.alone:
            lines.append(f"- **Relied on by this article alone:** {', '.join(md(o.origin) for o in sv.alone)}")
        lines.append("")
        for group in sv.groups:
            lines += [f"**{md(group.heading)} ({len(group.sources)})**", ""]
            for src in group.sources:
                extra = [md(src.affiliation)] if src.affiliation else []
                extra += ["credited wire"] if src.credited else []
                extra += [f"origin: {md(src.shown_origin)}"] if src.shown_origin else []
                tail = f" ({'; '.join(extra)})" if extra else ""
                carried = f" — {_sentences(src.sentences)}" if src.sentences else ""
                lines.append(f"- {md(src.shown_name)}{tail}{carried}")
            lines.append("")
        if not sv.groups:
            lines += ["*No sources identified.*", ""]
    return lines


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
    for section in (_articles, _summary, _texts, _conflicts, _framing, _loaded, _sources, _facts, _outlets,
                    _entities, _warnings):
        lines += section(view)
    text = "\n".join(lines).rstrip("\n") + "\n"
    log.debug("rendered Markdown report: %d lines", text.count("\n"))
    return text


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report dict (``rashomon/report@1``) as Markdown."""
    return render_markdown_view(build_view(report))
