"""Frozen dataclasses passed between the pipeline stages.

Everything inside the library is one of these; pydantic lives only at the
edges (settings, HTTP bodies).  Offsets are always character offsets into
``Article.text`` (the extracted text, not the raw file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Role = Literal["title", "body", "caption"]


@dataclass(frozen=True)
class Paragraph:
    """A block of the article's extracted text."""

    start: int
    end: int
    role: Role = "body"


@dataclass(frozen=True)
class Article:
    """One news report, as read by :mod:`rashomon.ingest`.

    ``text`` holds the title, captions and body paragraphs separated by blank
    lines; furniture (bylines, photo credits, "Related article" lines, URL
    lines) is removed from it and kept in ``metadata`` where useful.
    """

    id: str
    source: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    outlet: str | None = None
    origin: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date or datetime
    language: str = "en"
    url: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def published_date(self) -> date | None:
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    def meta(self, key: str) -> str | None:
        for k, v in self.metadata:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Sentence:
    i: int
    start: int
    end: int
    text: str
    role: Role = "body"


@dataclass(frozen=True)
class Mention:
    """A named-entity mention; ``entity`` is the canonical id once linked."""

    sentence: int
    start: int
    end: int
    text: str
    label: str  # spaCy label, after clean-up (PERSON, ORG, GPE, NORP, LOC, FAC, ...)
    key: str = ""  # normalised surface form used for linking
    entity: str | None = None


@dataclass(frozen=True)
class Interval:
    """A closed numeric interval ``[low, high]``."""

    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression resolved to a closed interval of calendar days."""

    sentence: int
    start: int
    end: int
    text: str
    first: date | None  # first day of the interval (None: unresolved)
    last: date | None  # last day of the interval
    granularity: str  # day, week, month, quarter, year, decade, part (early/mid/late)...
    value: str | None = None  # TimeML-like value: 2024-04-10, 2023-12, 2024, PRESENT_REF...
    kind: str = "DATE"  # DATE, TIME, DURATION, SET
    time_of_day: str | None = None  # "22:00" / "night" / "morning" where given

    def overlaps(self, other: TimeExpr) -> bool:
        if None in (self.first, self.last, other.first, other.last):
            return True
        return self.first <= other.last and other.first <= self.last  # type: ignore[operator]


@dataclass(frozen=True)
class Quantity:
    """A count or measure with its counted noun, as an interval."""

    sentence: int
    start: int
    end: int
    text: str  # the number phrase as written: "about 700"
    low: float
    high: float
    unit: str | None = None  # canonical unit (km, kg, USD, percent, ...) or None for counts
    head: str | None = None  # counted noun lemma: "serviceman", "troop"
    head_text: str | None = None  # the noun phrase as written
    approx: str | None = None  # about, more_than, less_than, at_least, at_most, nearly, exact
    value: float | None = None  # the number as written, before hedging (700)
    currency: str | None = None
    is_update: bool = False  # "rose to 30", "up from 1,800"

    @property
    def interval(self) -> Interval:
        return Interval(self.low, self.high)


@dataclass(frozen=True)
class Attribution:
    """Who says a sentence's content: direct or reported speech."""

    sentence: int
    speaker: str | None
    cue: str | None
    kind: str = "reported"  # direct, reported, according_to
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None


@dataclass(frozen=True)
class Warning:
    article: str
    kind: str
    text: str
    message: str
    sentence: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: tuple[tuple[str, Mention], ...]  # (article id, mention)
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleAnalysis:
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpr, ...]
    quantities: tuple[Quantity, ...]
    attributions: tuple[Attribution, ...]
    warnings: tuple[Warning, ...] = ()
    subject: str | None = None  # the main country / place the article is about


@dataclass(frozen=True)
class Analysis:
    """All articles of one comparison, with entities linked across them."""

    articles: tuple[ArticleAnalysis, ...]
    entities: tuple[Entity, ...]
    warnings: tuple[Warning, ...] = ()
    stage_versions: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Claim:
    """One atomic assertion: a clause of a body sentence, with its slots."""

    id: str  # "a1.c3"
    article: str
    sentence: int
    start: int
    end: int
    text: str  # verbatim article[start:end]
    predicate: str  # lemma of the clause head
    clause: str  # main, conj, ccomp, advcl, relcl, acl, pcomp, sentence
    negated: bool = False
    hedge: str | None = None  # reportedly, allegedly, expected to, ...
    agent: str | None = None  # entity id, or the subject's head lemma
    agent_text: str | None = None
    entities: tuple[str, ...] = ()  # canonical entity ids mentioned in the clause
    persons: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    attribution: Attribution | None = None
    lemmas: tuple[str, ...] = ()  # content lemmas, for lexical overlap
    theme: tuple[str, ...] = ()  # lemmas of what the clause is about (object / passive subject + compounds)

    @property
    def hedged(self) -> bool:
        return self.hedge is not None


@dataclass(frozen=True)
class ConflictValue:
    article: str
    claim: str  # claim id
    text: str  # the value as written ("about 700")
    value: tuple[tuple[str, object], ...]  # normalised value as key/value pairs (low/high, first/last, ...)


@dataclass(frozen=True)
class Conflict:
    kind: str  # quantity, date, person, place, attribution, negation
    values: tuple[ConflictValue, ...]
    note: str = ""


@dataclass(frozen=True)
class Fact:
    id: str
    summary: str
    status: str  # corroborated, contested, single_source
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...] = ()
    independent_sources: int = 1
    score: float = 0.0  # alignment confidence (mean pair score), 1.0 for single-source


@dataclass(frozen=True)
class Comparison:
    """The comparison of one event: analysis, claims, facts and per-article findings."""

    analysis: Analysis
    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...]
    omissions: tuple[tuple[str, str], ...]  # (article id, fact id)
    copies: tuple[tuple[str, str], ...] = ()  # (article id, copy_of id)
    warnings: tuple[Warning, ...] = ()
    framing: tuple[Framing, ...] = ()
    loaded: tuple[Loaded, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class FramingTerm:
    article: str
    text: str  # the words as written (≤ 80 chars), verbatim from the article
    sentence: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Framing:
    """The words each article chooses for the same actor, act or event."""

    refers_to: str  # entity id, fact id, or a short key
    label: str  # a neutral description of the referent
    terms: tuple[FramingTerm, ...]
    note: str = ""  # how the terms differ (connotation, evaluation)


@dataclass(frozen=True)
class Loaded:
    """Words or phrases carrying judgement or emotion beyond the facts."""

    article: str
    sentence: int
    text: str
    start: int
    end: int
    kind: str  # loaded, label, hedge, unsupported_attribution, scare_quotes
    note: str = ""
    score: float | None = None  # lexicon strength where one applies


@dataclass(frozen=True)
class Source:
    """Who an article relies on: a person, body or outlet it quotes or cites."""

    article: str
    name: str
    kind: str  # official, state_media, agency, outlet, expert, witness, anonymous, document, other
    affiliation: str | None = None
    sentences: tuple[int, ...] = ()
    origin: str | None = None  # canonical origin key ("Niger state broadcaster") for independence counts
