"""The `rashomon/report@1` JSON contract (../shared/docs/report-contract.md).

``comparison_to_dict`` builds the one data object every renderer (HTML,
Markdown, terminal, web) reads; ``analysis_to_dict`` is the output of
``rashomon analyze``.
"""

from __future__ import annotations

from typing import Any

from rashomon.compare import sources as sources_stage
from rashomon.models import (
    Analysis,
    ArticleAnalysis,
    Attribution,
    Claim,
    Comparison,
    Entity,
    Quantity,
    TimeExpr,
    Warning,
)
from rashomon.version import __version__

SCHEMA = "rashomon/report@1"


def _article(aa: ArticleAnalysis, copy_of: str | None = None) -> dict[str, Any]:
    a = aa.article
    return {
        "id": a.id,
        "source": a.source,
        "outlet": a.outlet,
        "origin": a.origin,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "copy_of": copy_of,
        "byline": a.byline,
        "url": a.url,
        "subject": aa.subject,
        "sentences": [{"i": s.i, "start": s.start, "end": s.end, "text": s.text, "role": s.role}
                      for s in aa.sentences],
    }


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "variants": list(e.variants),
        "mentions": [{"article": aid, "sentence": m.sentence, "text": m.text, "start": m.start, "end": m.end}
                     for aid, m in e.mentions],
    }


def _attribution(a: Attribution | None) -> dict[str, Any]:
    if a is None:
        return {"speaker": None, "cue": None}
    return {"speaker": a.speaker, "cue": a.cue, "kind": a.kind}


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "article": c.article,
        "sentence": c.sentence,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "predicate": c.predicate,
        "negated": c.negated,
        "hedged": c.hedged,
        "hedge": c.hedge,
        "attribution": _attribution(c.attribution),
    }


def _warning(w: Warning) -> dict[str, Any]:
    out: dict[str, Any] = {"article": w.article, "kind": w.kind, "text": w.text, "message": w.message}
    if w.sentence is not None:
        out["sentence"] = w.sentence
    return out


def comparison_to_dict(cmp: Comparison) -> dict[str, Any]:
    copies = dict(cmp.copies)
    per_article: dict[str, list] = {}
    for src in cmp.sources:
        per_article.setdefault(src.article, []).append(src)
    return {
        "schema": SCHEMA,
        "generated_by": {"tool": "rashomon", "version": __version__,
                         "stages": dict(cmp.analysis.stage_versions)},
        "articles": [_article(aa, copies.get(aa.article.id)) for aa in cmp.analysis.articles],
        "entities": [_entity(e) for e in cmp.analysis.entities],
        "facts": [
            {
                "id": f.id,
                "summary": f.summary,
                "status": f.status,
                "claims": [_claim(c) for c in f.claims],
                "conflicts": [
                    {"kind": k.kind,
                     "values": [{"article": v.article, "claim": v.claim, "text": v.text, "value": dict(v.value)}
                                for v in k.values]}
                    for k in f.conflicts
                ],
                "independent_sources": f.independent_sources,
                "independent_origins": sources_stage.independent_origins(f, per_article, cmp.copies),
                "origin_note": sources_stage.origin_note(f, per_article, cmp.copies),
                "alignment_score": f.score,
            }
            for f in cmp.facts
        ],
        "omissions": [{"article": a, "fact": f} for a, f in cmp.omissions],
        "framing": [
            {"refers_to": fr.refers_to, "label": fr.label, "note": fr.note,
             "terms": [{"article": t.article, "text": t.text, "sentence": t.sentence, "start": t.start,
                        "end": t.end} for t in fr.terms]}
            for fr in cmp.framing
        ],
        "loaded_language": [
            {"article": x.article, "sentence": x.sentence, "text": x.text, "start": x.start, "end": x.end,
             "kind": x.kind, "note": x.note, "score": x.score}
            for x in cmp.loaded
        ],
        "sources": [
            {"article": x.article, "name": x.name, "kind": x.kind, "affiliation": x.affiliation,
             "sentences": list(x.sentences), "origin": x.origin, "credited": sources_stage.is_credit(x)}
            for x in cmp.sources
        ],
        "sourcing": {aa.article.id: sources_stage.sourcing_summary(aa, per_article.get(aa.article.id, []))
                     for aa in cmp.analysis.articles},
        "warnings": [_warning(w) for w in cmp.warnings],
    }


def _time(t: TimeExpr) -> dict[str, Any]:
    return {"sentence": t.sentence, "start": t.start, "end": t.end, "text": t.text, "kind": t.kind,
            "first": t.first.isoformat() if t.first else None, "last": t.last.isoformat() if t.last else None,
            "granularity": t.granularity, "value": t.value, "time": t.time_of_day}


def _num(x: float) -> float | int | None:
    if x in (float("inf"), float("-inf")):
        return None
    return int(x) if float(x).is_integer() else x


def _quantity(q: Quantity) -> dict[str, Any]:
    return {"sentence": q.sentence, "start": q.start, "end": q.end, "text": q.text, "low": _num(q.low),
            "high": _num(q.high), "value": q.value, "approx": q.approx, "unit": q.unit, "currency": q.currency,
            "head": q.head, "head_text": q.head_text, "is_update": q.is_update}


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """Everything the analysis layer found, per article, plus linked entities."""
    arts = []
    for aa in analysis.articles:
        a = aa.article
        d = _article(aa)
        d.update({
            "metadata": dict(a.metadata),
            "paragraphs": [{"start": p.start, "end": p.end, "role": p.role} for p in a.paragraphs],
            "mentions": [{"sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
                          "label": m.label, "entity": m.entity} for m in aa.mentions],
            "times": [_time(t) for t in aa.times],
            "quantities": [_quantity(q) for q in aa.quantities],
            "attributions": [{"sentence": x.sentence, "speaker": x.speaker, "cue": x.cue, "kind": x.kind,
                              "speaker_start": x.speaker_start, "speaker_end": x.speaker_end}
                             for x in aa.attributions],
            "warnings": [_warning(w) for w in aa.warnings],
        })
        arts.append(d)
    return {
        "schema": "rashomon/analysis@1",
        "generated_by": {"tool": "rashomon", "version": __version__, "stages": dict(analysis.stage_versions)},
        "articles": arts,
        "entities": [_entity(e) for e in analysis.entities],
        "warnings": [_warning(w) for w in analysis.warnings],
    }
