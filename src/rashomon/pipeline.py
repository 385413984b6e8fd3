"""Runs the stages in order; the only module that knows the order.

    sources ─ingest→ Articles ─spaCy (one parse)→ sentences, mentions, times,
    quantities, attributions ─link→ Analysis ─claims→ Claims ─embed/align→
    groups ─compare→ Comparison ─report→ JSON / HTML / Markdown / text
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from rashomon.align import align as align_stage
from rashomon.align.embeddings import Embedder, load_embedder
from rashomon.align.features import claim_vectors
from rashomon.analyze import attributions as attributions_stage
from rashomon.analyze import dates as dates_stage
from rashomon.analyze import demonyms as demonyms_stage
from rashomon.analyze import entities as entities_stage
from rashomon.analyze import loaded as loaded_stage
from rashomon.analyze import quantities as quantities_stage
from rashomon.analyze import sentences as sentences_stage
from rashomon.analyze.nlp import load_nlp
from rashomon.claims import extract as claims_stage
from rashomon.compare import compare as compare_stage
from rashomon.compare import framing as framing_stage
from rashomon.compare import sources as sources_stage
from rashomon.compare.nli import load_nli
from rashomon.errors import RashomonError, TooFewArticles
from rashomon.ingest import IngestResult, read_sources
from rashomon.models import Analysis, Article, ArticleAnalysis, Claim, Comparison, Warning
from rashomon.settings import Config, load_config

log = logging.getLogger(__name__)

STAGE_VERSIONS: tuple[tuple[str, str], ...] = (
    ("sentences", sentences_stage.STAGE_VERSION),
    ("claims", claims_stage.STAGE_VERSION),
    ("align", align_stage.STAGE_VERSION),
    ("compare", compare_stage.STAGE_VERSION),
    ("framing", framing_stage.STAGE_VERSION),
    ("loaded", loaded_stage.STAGE_VERSION),
    ("sources", sources_stage.STAGE_VERSION),
)


@dataclass(frozen=True)
class Parsed:
    """An article's analysis plus its spaCy Doc (kept in memory for the claims stage)."""

    analysis: ArticleAnalysis
    doc: Doc


def _sentence_index(sentences, offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.i
    # between sentences (whitespace): the next one
    for s in sentences:
        if offset < s.start:
            return s.i
    return sentences[-1].i if sentences else 0


def _analyse_doc(article: Article, doc) -> ArticleAnalysis:
    sentences = sentences_stage.split_sentences(doc, article.paragraphs)
    anchor = article.published_date
    hints = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    times = [replace(t, sentence=_sentence_index(sentences, t.start))
             for t in dates_stage.find_time_expressions(article.text, anchor, hints)]
    quantities = [replace(q, sentence=_sentence_index(sentences, q.start))
                  for q in quantities_stage.extract_quantities(doc)]
    # a quantity that is really a date/time expression ("April 12") is dropped
    quantities = [q for q in quantities
                  if not any(t.start <= q.start and q.end <= t.end and t.kind in ("DATE", "TIME") for t in times)]
    attributions = attributions_stage.extract_attributions(doc, sentences)
    mentions = entities_stage.extract_mentions(doc, sentences)
    subject = demonyms_stage.article_subject(article.text, mentions, article.title, article.meta("dateline_place"))
    warnings = list(demonyms_stage.demonym_warnings(article.id, article.text, mentions, sentences, subject))
    if not article.published:
        warnings.append(Warning(article.id, "missing_date", article.source,
                                "No publication date found: relative dates ('on Monday') cannot be resolved."))
    return ArticleAnalysis(article=article, sentences=tuple(sentences), mentions=tuple(mentions),
                           times=tuple(times), quantities=tuple(quantities),
                           attributions=tuple(attributions), warnings=tuple(warnings), subject=subject)


def parse_articles(articles: Sequence[Article], config: Config | None = None) -> tuple[list[Parsed], list]:
    """One spaCy parse per article, every analysis stage over it, entities linked across articles."""
    config = config or load_config()
    nlp = load_nlp(config.spacy_model)
    per_article = []
    for article, doc in zip(articles, nlp.pipe([a.text for a in articles], batch_size=16), strict=True):
        per_article.append(Parsed(_analyse_doc(article, doc), doc))
    entities, by_span = entities_stage.link_entities(
        [(p.analysis.article.id, p.analysis.mentions) for p in per_article])
    linked = []
    for p in per_article:
        aid = p.analysis.article.id
        mentions = tuple(replace(m, entity=by_span.get((aid, m.start, m.end))) for m in p.analysis.mentions)
        linked.append(Parsed(replace(p.analysis, mentions=mentions), p.doc))
    return linked, entities


def analyze(articles: Sequence[Article], config: Config | None = None) -> Analysis:
    parsed, entities = parse_articles(articles, config)
    return _analysis_of(parsed, entities)


def _analysis_of(parsed: Sequence[Parsed], entities: Sequence) -> Analysis:
    warnings = tuple(w for p in parsed for w in p.analysis.warnings)
    return Analysis(articles=tuple(p.analysis for p in parsed), entities=tuple(entities), warnings=warnings,
                    stage_versions=STAGE_VERSIONS)


def head_similarity(embedder: Embedder):
    """Cosine of two words' embeddings (counted nouns), cached per word."""

    @lru_cache(maxsize=4096)
    def vector(word: str) -> np.ndarray:
        return embedder.encode([word])[0]

    def sim(a: str, b: str) -> float:
        return float(vector(a.lower()) @ vector(b.lower()))
    return sim


def compare_articles(articles: Sequence[Article], config: Config | None = None) -> Comparison:
    """The whole comparison of 2+ articles of one event."""
    if len(articles) < 2:
        raise TooFewArticles(f"a comparison needs two or more articles, got {len(articles)}")
    config = config or load_config()
    # the embedding model loads (native code, GIL released) while spaCy parses
    with ThreadPoolExecutor(max_workers=1) as pool:
        embedder_future = pool.submit(load_embedder, config.embedding_model)
        parsed, entities = parse_articles(articles, config)
        embedder = embedder_future.result()
    analysis = _analysis_of(parsed, entities)
    claims: list[Claim] = []
    for p in parsed:
        claims.extend(claims_stage.extract_claims(p.doc, p.analysis))
    sentence_text = {(aa.article.id, s.i): s.text for aa in analysis.articles for s in aa.sentences}
    vectors = claim_vectors(claims, [sentence_text[(c.article, c.sentence)] for c in claims], embedder.encode)
    nli = load_nli(config.nli_model) if config.nli_model else None
    comparison = compare_stage.build_comparison(analysis, claims, vectors, head_similarity(embedder), nli)
    docs = {p.analysis.article.id: p.doc for p in parsed}
    loaded = tuple(x for p in parsed for x in loaded_stage.find_loaded(p.doc, p.analysis))
    sources = tuple(s for aa in analysis.articles for s in sources_stage.article_sources(aa, analysis.entities))
    return replace(comparison, framing=tuple(framing_stage.find_framing(comparison, docs)), loaded=loaded,
                   sources=sources)


def ingest(sources: Sequence[str], config: Config | None = None) -> IngestResult:
    return read_sources(sources, config or load_config())


def compare_sources(sources: Sequence[str], config: Config | None = None) -> tuple[Comparison, IngestResult]:
    config = config or load_config()
    result = ingest(sources, config)
    if len(result.articles) < 2:
        if result.failures:
            raise result.failures[0][1]
        raise TooFewArticles(f"a comparison needs two or more articles, got {len(result.articles)}")
    return compare_articles(result.articles, config), result


__all__ = ["RashomonError", "analyze", "compare_articles", "compare_sources", "ingest", "parse_articles"]
