"""Facts with a status, conflicts, omissions and independent-source counts."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from rashomon.align.align import group_claims, score_matrix
from rashomon.align.features import ClaimVectors
from rashomon.compare.conflicts import ConflictFinder, find_conflicts
from rashomon.compare.nli import NliJudge, judge_both_ways
from rashomon.compare.roles import role_conflicts
from rashomon.models import Analysis, Article, Claim, Comparison, Conflict, ConflictValue, Fact

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.compare.v1"

# Two articles are copies of one wire story when this share of the shorter
# one's word 5-grams also occurs in the other.  Republished wire copy with a
# new headline, cuts and an added local paragraph keeps > 0.5; independent
# reports of one event share < 0.1 (measured on the dev sets' copy pair and
# all other pairs of the shared dev sets and our own event sets).
COPY_CONTAINMENT = 0.5
SHINGLE = 5


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """article id -> id of the earlier article it republishes."""
    sh = [_shingles(a.text) for a in articles]
    copies: dict[str, str] = {}
    for j in range(len(articles)):
        for i in range(j):
            if not sh[i] or not sh[j]:
                continue
            containment = len(sh[i] & sh[j]) / min(len(sh[i]), len(sh[j]))
            if containment < COPY_CONTAINMENT:
                continue
            a, b = articles[i], articles[j]
            # the later publication is the copy; same day: the later one in input order
            earlier, later = (a, b)
            if a.published and b.published and b.published < a.published:
                earlier, later = b, a
            root = copies.get(earlier.id, earlier.id)
            if later.id not in copies:
                copies[later.id] = root
    return copies


def summarise(claims: Sequence[Claim]) -> str:
    """A short label for a fact: its most central claim, trimmed."""
    best = min(claims, key=lambda c: (len(c.text) if len(c.text) >= 30 else 10_000, c.article))
    text = best.text.strip()
    if len(text) > 120:
        cut = text[:117].rsplit(" ", 1)[0]
        text = cut + "…"
    return text


# NLI thresholds (only with a user-supplied cross-encoder; no default model ships):
# a slot conflict between two claims the model reads as entailing each other is
# dropped, and a polarity difference the model reads as a contradiction becomes
# a negation conflict.  0.9 / 0.8: deliberately conservative, precision first.
NLI_VETO_ENTAILMENT = 0.9
NLI_NEGATION_CONTRADICTION = 0.8


def nli_review(nli: NliJudge, claims: Sequence[Claim], conflicts: tuple[Conflict, ...],
               scores: dict[tuple[str, str], float], copies: dict[str, str]) -> tuple[Conflict, ...]:
    """Let the NLI judge veto slot conflicts and confirm polarity conflicts."""
    by_id = {c.id: c for c in claims}
    kept = []
    for k in conflicts:
        a, b = (by_id.get(v.claim) for v in k.values[:2])
        if a is not None and b is not None and k.kind in ("quantity", "date", "place", "person"):
            if judge_both_ways(nli, a.text, b.text)["entailment"] >= NLI_VETO_ENTAILMENT:
                log.info("NLI vetoed %s conflict between %s and %s", k.kind, a.id, b.id)
                continue
        kept.append(k)
    if not any(k.kind == "negation" for k in kept):
        for i, a in enumerate(claims):
            for b in claims[i + 1:]:
                if (a.article == b.article or a.negated == b.negated
                        or copies.get(a.article, a.article) == copies.get(b.article, b.article)):
                    continue
                if judge_both_ways(nli, a.text, b.text)["contradiction"] >= NLI_NEGATION_CONTRADICTION:
                    kept.append(Conflict("negation", (
                        ConflictValue(a.article, a.id, a.text, (("negated", a.negated),)),
                        ConflictValue(b.article, b.id, b.text, (("negated", b.negated),)),
                    ), note="NLI: contradiction"))
                    return tuple(kept)
    return tuple(kept)


def _add_role_conflicts(facts: list[Fact], analysis: Analysis, claims: Sequence[Claim],
                        copies: dict[str, str]) -> list[Fact]:
    """Two holders of one post: a person conflict, on the fact holding both claims or a new one."""
    for members, conflict in role_conflicts(analysis, claims, copies):
        home = [n for n, f in enumerate(facts) if all(c in f.claims for c in members)]
        if home:
            f = facts[home[0]]
            if not any(k.kind == "person" for k in f.conflicts):
                facts[home[0]] = replace(f, status="contested", conflicts=(*f.conflicts, conflict))
            continue
        arts = {c.article for c in members}
        facts.append(Fact(id=f"f{len(facts) + 1}", summary=conflict.note.capitalize(), status="contested",
                          claims=members, conflicts=(conflict,),
                          independent_sources=len({copies.get(a, a) for a in arts}), score=0.0))
    return facts


def build_comparison(analysis: Analysis, claims: Sequence[Claim], vectors: ClaimVectors,
                     head_sim: Callable[[str, str], float], nli: NliJudge | None = None) -> Comparison:
    articles = [aa.article for aa in analysis.articles]
    copies = find_copies(articles)
    scores = score_matrix(claims, vectors)
    groups = group_claims(claims, scores)
    pair_scores: dict[tuple[str, str], float] = {}
    for g in groups:
        for x in g:
            for y in g:
                if x < y and claims[x].article != claims[y].article:
                    pair_scores[(claims[x].id, claims[y].id)] = float(scores[x, y])
    finder = ConflictFinder(analysis, head_sim)
    facts: list[Fact] = []
    for n, g in enumerate(groups):
        fclaims = tuple(claims[k] for k in g)
        arts = {c.article for c in fclaims}
        independent = len({copies.get(a, a) for a in arts})
        conflicts = tuple(find_conflicts(finder, fclaims, pair_scores, copies)) if len(arts) > 1 else ()
        if nli is not None and len(arts) > 1:
            conflicts = nli_review(nli, fclaims, conflicts, pair_scores, copies)
        if conflicts:
            status = "contested"
        elif independent >= 2:
            status = "corroborated"
        else:
            status = "single_source"
        mean = [pair_scores[(claims[x].id, claims[y].id)] for x in g for y in g
                if x < y and (claims[x].id, claims[y].id) in pair_scores]
        facts.append(Fact(id=f"f{n + 1}", summary=summarise(fclaims), status=status, claims=fclaims,
                          conflicts=conflicts, independent_sources=independent,
                          score=round(float(np.mean(mean)), 4) if mean else 1.0))
    facts = _add_role_conflicts(facts, analysis, claims, copies)
    omissions = []
    ids = [a.id for a in articles]
    for f in facts:
        present = {c.article for c in f.claims}
        for aid in ids:
            if aid not in present:
                omissions.append((aid, f.id))
    return Comparison(analysis=analysis, claims=tuple(claims), facts=tuple(facts),
                      omissions=tuple(omissions), copies=tuple(sorted(copies.items())),
                      warnings=analysis.warnings)
