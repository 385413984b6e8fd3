"""One view of a report, shared by the HTML, Markdown and terminal renderers.

The renderers take the report as a plain dict in the ``rashomon/report@1``
shape (``json.loads`` of the JSON report).  :func:`build_view` turns it into
frozen dataclasses that already hold everything a renderer shows: per-sentence
status, facts grouped by status, conflict values lined up per article with
their sentences, single-source facts and omissions per outlet, entity name
variants.  Renderers only lay this out; they never walk the raw dict.

The view reads only contract fields plus the documented optional extras
(``fact.summary``, ``claim.attribution``, ``claim.hedged``, ``claim.negated``,
``article.byline``, ``article.url``, ``article.warnings``,
``report.generated_by``, ``fact.independent_origins``, ``fact.origin_note``,
``framing[].note``, ``framing[].terms[].sentence``, ``loaded_language[].score``,
``sources[].origin``, ``sources[].credited``, ``report.sourcing``), and
tolerates dangling ids: a reference to an unknown article or fact is shown by
its id rather than failing.  Every extra may be missing: the per-article
sourcing summary is then worked out from ``sources`` and the sentence roles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rashomon.report.formatting import format_value, safe_url, split_around

log = logging.getLogger(__name__)

#: Worst first: a sentence takes the status of the worst fact it carries.
STATUSES = ("contested", "single_source", "corroborated")
STATUS_LABELS = {
    "contested": "contested",
    "single_source": "single-source",
    "corroborated": "corroborated",
    "none": "no claim",
}
#: Icons are shown next to the text label, never instead of it.
STATUS_ICONS = {"contested": "⚠", "single_source": "●", "corroborated": "✓", "none": ""}
ROLE_LABELS = {"title": "title", "body": "body", "caption": "caption"}
#: Source kinds in the order the sourcing section lists them, with their headings.
SOURCE_KINDS = {
    "official": "Officials", "state_media": "State media", "agency": "News agencies", "outlet": "Other outlets",
    "expert": "Experts", "witness": "Witnesses", "anonymous": "Anonymous sources", "document": "Documents",
    "other": "Other sources",
}
#: Loaded-language kinds in display order, with their headings.
LOADED_KINDS = {
    "loaded": "Loaded wording", "label": "Loaded labels", "hedge": "Hedges",
    "unsupported_attribution": "Unsupported attributions", "scare_quotes": "Scare quotes",
}
CREDIT_SUFFIX = " (credited wire)"  # how the report names the wire an article credits
SUMMARY_MAX = 90  # characters of claim text used when a fact has no summary


@dataclass(frozen=True)
class SentenceView:
    i: int
    text: str
    role: str
    status: str  # one of STATUSES or "none"
    fact_ids: tuple[str, ...]
    fact_summaries: tuple[str, ...]


@dataclass(frozen=True)
class ArticleView:
    id: str
    label: str  # outlet, made unique across the report
    outlet: str | None
    title: str | None
    source: str
    url: str | None  # only http(s) URLs, safe to use as a link target
    published: str | None
    origin: str | None
    copy_of: str | None
    copy_of_label: str | None
    byline: str | None
    language: str | None
    sentences: tuple[SentenceView, ...]


@dataclass(frozen=True)
class ClaimView:
    article: str
    label: str
    sentence: int
    text: str
    speaker: str | None
    cue: str | None
    hedged: bool
    negated: bool


@dataclass(frozen=True)
class ClaimGroup:
    """The claims one article makes for a fact."""

    article: str
    label: str
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class ValueCell:
    """One article's value in a conflict, with the sentence that gives it.

    The sentence is split around the value so renderers can emphasise it
    without ever building markup out of report text.
    """

    article: str
    label: str
    text: str
    value: str  # the normalised value, formatted ("630–770")
    before: str
    match: str
    after: str

    @property
    def sentence(self) -> str:
        return self.before + self.match + self.after


@dataclass(frozen=True)
class ConflictView:
    fact_id: str
    summary: str
    kind: str
    values: tuple[ValueCell, ...]
    cells: tuple[tuple[ValueCell, ...], ...]  # one entry per article, in article order
    origins: str | None = None  # the fact's origin badge (FactView.origins)


@dataclass(frozen=True)
class FactView:
    id: str
    summary: str
    status: str
    status_label: str
    icon: str
    independent_sources: int
    groups: tuple[ClaimGroup, ...]
    conflicts: tuple[ConflictView, ...]
    independent_origins: int | None = None  # origins behind the claims (wire copies and shared sources once)
    origin_note: str | None = None  # "two outlets repeat one source: X"

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(group.label for group in self.groups)

    @property
    def repeats_one_source(self) -> bool:
        """True when the reports of this fact go back to fewer origins than outlets: a caution."""
        return bool(self.origin_note) or (self.independent_origins is not None
                                           and self.independent_origins < self.independent_sources)

    @property
    def origin_count(self) -> str | None:
        """ "3 independent origins" when the report gives a count that differs from the outlets'."""
        n = self.independent_origins
        if n is None or (n == self.independent_sources and not self.origin_note):
            return None
        return f"{n} independent origin{'' if n == 1 else 's'}"

    @property
    def origins(self) -> str | None:
        """The caution badge: "1 independent origin — two outlets repeat one source: X", else None."""
        if not self.repeats_one_source:
            return None
        parts = [p for p in (self.origin_count, self.origin_note) if p]
        return " — ".join(parts) or None


@dataclass(frozen=True)
class VariantView:
    text: str
    articles: tuple[tuple[str, int], ...]  # (article label, mentions)


@dataclass(frozen=True)
class EntityView:
    id: str
    name: str
    type: str
    mentions: int
    variants: tuple[VariantView, ...]


@dataclass(frozen=True)
class TermView:
    """One article's word for a framed referent, and the sentence it is in (-1 if unknown)."""

    article: str
    text: str
    sentence: int


@dataclass(frozen=True)
class FramingView:
    label: str
    refers_to: str | None  # the entity's name when it is known
    terms: tuple[tuple[TermView, ...], ...]  # one entry per article, in article order
    note: str | None = None


@dataclass(frozen=True)
class LoadedView:
    article: str
    label: str
    text: str
    kind: str
    note: str | None
    before: str  # the sentence, split around the phrase as in ValueCell
    match: str
    after: str
    sentence: int = -1
    score: float | None = None

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")


@dataclass(frozen=True)
class LoadedGroup:
    """One article's loaded language of one kind."""

    kind: str
    heading: str
    items: tuple[LoadedView, ...]


@dataclass(frozen=True)
class ArticleLoadedView:
    article: ArticleView
    groups: tuple[LoadedGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)


@dataclass(frozen=True)
class SourceView:
    article: str
    label: str
    name: str
    kind: str
    affiliation: str | None
    sentences: tuple[int, ...]
    origin: str | None = None  # the origin key: two sources with one origin are one source
    credited: bool = False  # the wire the article credits, holding the sentences nobody else carries

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")

    @property
    def shown_name(self) -> str:
        """The name without the "(credited wire)" suffix: renderers say so with a tag."""
        return self.name.removesuffix(CREDIT_SUFFIX) if self.credited else self.name

    @property
    def shown_origin(self) -> str | None:
        """The origin when it tells the reader more than the name ("local RTN TV channel" → ORTN)."""
        if not self.origin or self.credited or re.search(r"\(a\d+\)$", self.origin):
            return None
        fold = " ".join(self.origin.lower().split())
        return None if fold in " ".join(self.name.lower().split()) else self.origin


@dataclass(frozen=True)
class SourceGroup:
    kind: str
    heading: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class OriginView:
    """An origin some articles rely on, and the names each of them gives it."""

    origin: str  # readable: the origin key, or the source's own name for per-article keys
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (article label, names used there)


@dataclass(frozen=True)
class SourcingView:
    """Who one article relies on and how much of its body is attributed."""

    article: ArticleView
    groups: tuple[SourceGroup, ...]  # by kind, in SOURCE_KINDS order
    body_sentences: int
    attributed: tuple[int, ...]
    unattributed: tuple[int, ...]
    share: float | None  # attributed / body sentences
    credited_wire: str | None
    alone: tuple[OriginView, ...]  # origins this article relies on and no other article does

    @property
    def share_label(self) -> str:
        if self.share is None or not self.body_sentences:
            return "no body sentences"
        return (f"{round(self.share * 100)}% of body sentences attributed "
                f"({len(self.attributed)} of {self.body_sentences})")

    @property
    def n_sources(self) -> int:
        return sum(len(g.sources) for g in self.groups)


@dataclass(frozen=True)
class WarningView:
    article: str | None
    label: str | None
    kind: str
    text: str | None
    message: str


@dataclass(frozen=True)
class OutletView:
    """What one article alone reports, and what it leaves out."""

    article: ArticleView
    single_source: tuple[FactView, ...]
    omitted: tuple[FactView, ...]


@dataclass(frozen=True)
class ReportView:
    schema: str
    tool: str
    version: str | None
    articles: tuple[ArticleView, ...]
    counts: Mapping[str, int]
    facts_by_status: tuple[tuple[str, tuple[FactView, ...]], ...]
    conflicts: tuple[ConflictView, ...]
    outlets: tuple[OutletView, ...]
    entities: tuple[EntityView, ...]
    framing: tuple[FramingView, ...]
    loaded: tuple[LoadedView, ...]
    sources: tuple[SourceView, ...]
    warnings: tuple[WarningView, ...]
    loaded_by_article: tuple[ArticleLoadedView, ...] = ()
    sourcing: tuple[SourcingView, ...] = ()
    shared_origins: tuple[OriginView, ...] = ()  # origins two or more articles rely on

    @property
    def n_facts(self) -> int:
        return sum(len(facts) for _, facts in self.facts_by_status)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _index(value: Any) -> int:
    """A sentence index, or -1 when missing or not an integer."""
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _ints(value: Any) -> tuple[int, ...]:
    return tuple(i for i in _list(value) if isinstance(i, int) and not isinstance(i, bool))


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def fact_summary(fact: Mapping[str, Any]) -> str:
    summary = _opt(fact.get("summary"))
    if summary:
        return summary
    claims = _dicts(fact.get("claims"))
    text = " ".join(_str(claims[0].get("text")).split()) if claims else ""
    if len(text) > SUMMARY_MAX:
        text = text[: SUMMARY_MAX - 1].rstrip() + "…"
    return text or _str(fact.get("id"))


def _article_labels(articles: list[Mapping[str, Any]]) -> dict[str, str]:
    """Outlet names, with the article id added where two articles share one."""
    names = {_str(a.get("id")): _opt(a.get("outlet")) or _opt(a.get("source")) or _str(a.get("id"))
             for a in articles}
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {aid: (f"{name} ({aid})" if seen[name] > 1 else name) for aid, name in names.items()}


def _sentence_status(facts: list[Mapping[str, Any]]) -> dict[tuple[str, int], tuple[str, list[str]]]:
    """(article, sentence) → (worst status of its facts, fact ids)."""
    rank = {status: n for n, status in enumerate(STATUSES)}
    found: dict[tuple[str, int], tuple[str, list[str]]] = {}
    for fact in facts:
        status, fid = _str(fact.get("status")), _str(fact.get("id"))
        if status not in rank:
            continue
        for claim in _dicts(fact.get("claims")):
            key = (_str(claim.get("article")), _index(claim.get("sentence")))
            if key[1] < 0:
                continue
            worst, ids = found.get(key, (status, []))
            if rank[status] < rank[worst]:
                worst = status
            if fid not in ids:
                ids.append(fid)
            found[key] = (worst, ids)
    return found


class _Builder:
    def __init__(self, report: Mapping[str, Any]) -> None:
        self.report = report
        self.raw_articles = _dicts(report.get("articles"))
        self.article_ids = [_str(a.get("id")) for a in self.raw_articles]
        self.labels = _article_labels(self.raw_articles)
        self.sentences: dict[tuple[str, int], str] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.body: dict[str, list[int]] = {}
        for article in self.raw_articles:
            aid = _str(article.get("id"))
            for sentence in _dicts(article.get("sentences")):
                if isinstance(sentence.get("i"), int):
                    self.sentences[(aid, sentence["i"])] = _str(sentence.get("text"))
                    if isinstance(sentence.get("start"), int):
                        self.starts[(aid, sentence["i"])] = sentence["start"]
                    if (_str(sentence.get("role")) or "body") == "body":
                        self.body.setdefault(aid, []).append(sentence["i"])
        self.raw_facts = _dicts(report.get("facts"))
        self.summaries = {_str(f.get("id")): fact_summary(f) for f in self.raw_facts}
        self.entity_names = {_str(e.get("id")): _str(e.get("name")) for e in _dicts(report.get("entities"))}

    def label(self, article: Any) -> str:
        return self.labels.get(_str(article), _str(article))

    def sentence(self, article: Any, i: Any) -> str:
        return self.sentences.get((_str(article), i), "") if isinstance(i, int) else ""

    def articles(self) -> tuple[ArticleView, ...]:
        status = _sentence_status(self.raw_facts)
        views = []
        for a in self.raw_articles:
            aid = _str(a.get("id"))
            sentences = []
            for s in _dicts(a.get("sentences")):
                i = _index(s.get("i"))
                st, ids = status.get((aid, i), ("none", []))
                sentences.append(SentenceView(
                    i=i, text=_str(s.get("text")),
                    role=_str(s.get("role")) or "body", status=st, fact_ids=tuple(ids),
                    fact_summaries=tuple(self.summaries.get(f, f) for f in ids)))
            copy_of = _opt(a.get("copy_of"))
            views.append(ArticleView(
                id=aid, label=self.label(aid), outlet=_opt(a.get("outlet")), title=_opt(a.get("title")),
                source=_str(a.get("source")), url=safe_url(a.get("url")) or safe_url(a.get("source")),
                published=_opt(a.get("published")), origin=_opt(a.get("origin")), copy_of=copy_of,
                copy_of_label=self.label(copy_of) if copy_of else None, byline=_opt(a.get("byline")),
                language=_opt(a.get("language")), sentences=tuple(sentences)))
        return tuple(views)

    def value_cell(self, fact: Mapping[str, Any], value: Mapping[str, Any]) -> ValueCell:
        aid, text = _str(value.get("article")), _str(value.get("text"))
        claims = [c for c in _dicts(fact.get("claims")) if _str(c.get("article")) == aid]
        # Quote the sentence of the claim that carries this value.
        chosen = next((c for c in claims if text and text in _str(c.get("text"))), claims[0] if claims else None)
        sentence = self.sentence(aid, chosen.get("sentence")) if chosen else ""
        sentence = sentence or (_str(chosen.get("text")) if chosen else "")
        before, match, after = split_around(sentence, text)
        return ValueCell(article=aid, label=self.label(aid), text=text, value=format_value(value.get("value")),
                         before=before, match=match, after=after)

    def fact(self, fact: Mapping[str, Any]) -> FactView:
        fid, status = _str(fact.get("id")), _str(fact.get("status"))
        grouped: dict[str, list[ClaimView]] = {}
        for c in _dicts(fact.get("claims")):
            aid = _str(c.get("article"))
            attribution = _map(c.get("attribution"))
            grouped.setdefault(aid, []).append(ClaimView(
                article=aid, label=self.label(aid), sentence=_index(c.get("sentence")),
                text=_str(c.get("text")), speaker=_opt(attribution.get("speaker")), cue=_opt(attribution.get("cue")),
                hedged=c.get("hedged") is True, negated=c.get("negated") is True))
        order = {aid: n for n, aid in enumerate(self.article_ids)}
        groups = tuple(ClaimGroup(aid, self.label(aid), tuple(cs))
                       for aid, cs in sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order))))
        conflicts = []
        for conflict in _dicts(fact.get("conflicts")):
            values = tuple(self.value_cell(fact, v) for v in _dicts(conflict.get("values")))
            cells = tuple(tuple(v for v in values if v.article == aid) for aid in self.article_ids)
            conflicts.append(ConflictView(fact_id=fid, summary=self.summaries.get(fid, fid),
                                          kind=_str(conflict.get("kind")), values=values, cells=cells))
        sources = fact.get("independent_sources")
        view = FactView(id=fid, summary=self.summaries.get(fid, fid), status=status,
                        status_label=STATUS_LABELS.get(status, status), icon=STATUS_ICONS.get(status, ""),
                        independent_sources=sources if isinstance(sources, int) else len(groups),
                        groups=groups, conflicts=(), independent_origins=_count(fact.get("independent_origins")),
                        origin_note=_opt(fact.get("origin_note")))
        return replace(view, conflicts=tuple(replace(c, origins=view.origins) for c in conflicts))

    def entities(self) -> tuple[EntityView, ...]:
        views = []
        for e in _dicts(self.report.get("entities")):
            variants: dict[str, dict[str, int]] = {}
            mentions = _dicts(e.get("mentions"))
            for m in mentions:
                per_article = variants.setdefault(_str(m.get("text")), {})
                aid = _str(m.get("article"))
                per_article[aid] = per_article.get(aid, 0) + 1
            views.append(EntityView(
                id=_str(e.get("id")), name=_str(e.get("name")), type=_str(e.get("type")), mentions=len(mentions),
                variants=tuple(VariantView(text, tuple((self.label(a), n) for a, n in per.items()))
                               for text, per in variants.items())))
        return tuple(views)

    def framing(self) -> tuple[FramingView, ...]:
        views = []
        for f in _dicts(self.report.get("framing")):
            terms = [TermView(_str(t.get("article")), _str(t.get("text")), _index(t.get("sentence")))
                     for t in _dicts(f.get("terms"))]
            per_article = tuple(tuple(t for t in terms if t.article == aid) for aid in self.article_ids)
            label = _str(f.get("label"))
            refers_to = self.entity_names.get(_str(f.get("refers_to"))) or None
            if refers_to and refers_to.lower() in label.lower():
                refers_to = None  # "Niger: rulers / government" already names Niger
            views.append(FramingView(label=label, refers_to=refers_to, terms=per_article, note=_opt(f.get("note"))))
        return tuple(views)

    def loaded(self, x: Mapping[str, Any]) -> LoadedView:
        aid, text, i = _str(x.get("article")), _str(x.get("text")), _index(x.get("sentence"))
        sentence = self.sentence(aid, i)
        # Split at the finding's own offsets when they agree with the text, else at the first occurrence.
        at, start = self.starts.get((aid, i)), x.get("start")
        parts = split_around(sentence or text, text)
        if sentence and text and isinstance(at, int) and isinstance(start, int):
            k = start - at
            if 0 <= k and sentence[k:k + len(text)] == text:
                parts = (sentence[:k], text, sentence[k + len(text):])
        score = x.get("score")
        return LoadedView(article=aid, label=self.label(aid), text=text, kind=_str(x.get("kind")),
                          note=_opt(x.get("note")), before=parts[0], match=parts[1], after=parts[2], sentence=i,
                          score=float(score) if isinstance(score, int | float) and not isinstance(score, bool)
                          else None)

    def source(self, s: Mapping[str, Any]) -> SourceView:
        return SourceView(article=_str(s.get("article")), label=self.label(s.get("article")),
                          name=_str(s.get("name")), kind=_str(s.get("kind")) or "other",
                          affiliation=_opt(s.get("affiliation")), sentences=_ints(s.get("sentences")),
                          origin=_opt(s.get("origin")), credited=s.get("credited") is True)

    def warnings(self) -> tuple[WarningView, ...]:
        views = []
        for w in _dicts(self.report.get("warnings")):
            aid = _opt(w.get("article"))
            views.append(WarningView(article=aid, label=self.label(aid) if aid else None, kind=_str(w.get("kind")),
                                     text=_opt(w.get("text")), message=_str(w.get("message"))))
        # Per-article warnings are an optional extra; accept strings or objects.
        for a in self.raw_articles:
            aid = _str(a.get("id"))
            for w in _list(a.get("warnings")):
                if isinstance(w, Mapping):
                    views.append(WarningView(aid, self.label(aid), _str(w.get("kind")) or "article",
                                             _opt(w.get("text")), _str(w.get("message"))))
                elif w:
                    views.append(WarningView(aid, self.label(aid), "article", None, _str(w)))
        return tuple(views)


def _origin_key(s: SourceView) -> str:
    return s.origin or " ".join(s.name.lower().split())


def _origin_name(key: str, sources: Sequence[SourceView]) -> str:
    """A readable origin: per-article keys ("officials (a2)") read as the source's own name."""
    if sources and (re.search(r"\(a\d+\)$", key) or not any(s.origin for s in sources)):
        return sources[0].shown_name  # a per-article key, or no origin given: the name as written
    return key


def _loaded_by_article(articles: Sequence[ArticleView], loaded: Sequence[LoadedView]) -> tuple[ArticleLoadedView, ...]:
    order = {kind: n for n, kind in enumerate(LOADED_KINDS)}
    views = []
    for a in articles:
        mine = [x for x in loaded if x.article == a.id]
        kinds = sorted({x.kind for x in mine}, key=lambda k: (order.get(k, len(order)), k))
        views.append(ArticleLoadedView(a, tuple(
            LoadedGroup(k, LOADED_KINDS.get(k, k.replace("_", " ")), tuple(x for x in mine if x.kind == k))
            for k in kinds)))
    return tuple(views)


def _sourcing(b: _Builder, articles: Sequence[ArticleView], sources: Sequence[SourceView]
              ) -> tuple[tuple[SourcingView, ...], tuple[OriginView, ...]]:
    """Per-article sources by kind and attribution share; origins shared and relied on alone."""
    raw = _map(b.report.get("sourcing"))
    users: dict[str, dict[str, list[SourceView]]] = {}  # origin → article → sources
    for s in sources:
        users.setdefault(_origin_key(s), {}).setdefault(s.article, []).append(s)

    def origin_view(key: str, per: Mapping[str, list[SourceView]]) -> OriginView:
        names = tuple((b.label(aid), tuple(dict.fromkeys(s.shown_name for s in ss))) for aid, ss in per.items())
        return OriginView(_origin_name(key, [s for ss in per.values() for s in ss]), names)

    kinds = {kind: n for n, kind in enumerate(SOURCE_KINDS)}
    views = []
    for a in articles:
        mine = [s for s in sources if s.article == a.id]
        present = sorted({s.kind for s in mine}, key=lambda k: (kinds.get(k, len(kinds)), k))
        groups = tuple(SourceGroup(k, SOURCE_KINDS.get(k, k.replace("_", " ").capitalize()),
                                   tuple(s for s in mine if s.kind == k)) for k in present)
        summary = _map(raw.get(a.id))
        body = b.body.get(a.id, [])
        if summary:
            n_body = _count(summary.get("body_sentences"))
            attributed = _ints(summary.get("attributed_sentences"))
            unattributed = _ints(summary.get("unattributed_sentences"))
            share = summary.get("attributed_share")
            wire = _opt(summary.get("credited_wire"))
        else:  # older reports: work it out from the sources (the credited wire does not count)
            n_body = None
            cited = {i for s in mine if not s.credited for i in s.sentences}
            attributed = tuple(i for i in body if i in cited)
            unattributed = tuple(i for i in body if i not in cited)
            share = None
            wire = next((s.shown_name for s in mine if s.credited), None)
        n_body = len(body) if n_body is None else n_body
        if not isinstance(share, int | float) or isinstance(share, bool):
            share = len(attributed) / n_body if n_body else None
        alone = tuple(origin_view(key, per) for key, per in users.items()
                      if set(per) == {a.id} and len(articles) > 1)
        views.append(SourcingView(article=a, groups=groups, body_sentences=n_body, attributed=attributed,
                                  unattributed=unattributed, share=float(share) if share is not None else None,
                                  credited_wire=wire or a.origin, alone=alone))
    shared = tuple(origin_view(key, per) for key, per in users.items() if len(per) > 1)
    return tuple(views), shared


def build_view(report: Mapping[str, Any]) -> ReportView:
    """Everything the renderers show, computed once from a report dict."""
    b = _Builder(report)
    articles = b.articles()
    facts = [b.fact(f) for f in b.raw_facts]
    by_id = {f.id: f for f in facts}
    by_status = tuple((status, tuple(f for f in facts if f.status == status)) for status in STATUSES)
    counts = {status: len(group) for status, group in by_status}

    omitted: dict[str, list[FactView]] = {}
    for o in _dicts(report.get("omissions")):
        fact = by_id.get(_str(o.get("fact")))
        if fact is None:
            log.warning("omission names unknown fact %r", o.get("fact"))
            continue
        omitted.setdefault(_str(o.get("article")), []).append(fact)
    outlets = tuple(OutletView(
        article=a,
        single_source=tuple(f for f in facts if f.status == "single_source" and a.id in {g.article for g in f.groups}),
        omitted=tuple(omitted.get(a.id, ())))
        for a in articles)

    generated = _map(report.get("generated_by"))
    sources = tuple(b.source(s) for s in _dicts(report.get("sources")))
    loaded = tuple(b.loaded(x) for x in _dicts(report.get("loaded_language")))
    sourcing, shared = _sourcing(b, articles, sources)
    return ReportView(
        schema=_str(report.get("schema")),
        tool=_str(generated.get("tool")) or "rashomon",
        version=_opt(generated.get("version")),
        articles=articles,
        counts=counts,
        facts_by_status=by_status,
        conflicts=tuple(c for f in facts for c in f.conflicts),
        outlets=outlets,
        entities=b.entities(),
        framing=b.framing(),
        loaded=loaded,
        sources=sources,
        warnings=b.warnings(),
        loaded_by_article=_loaded_by_article(articles, loaded),
        sourcing=sourcing,
        shared_origins=shared,
    )
