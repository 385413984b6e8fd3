"""Person conflicts through roles: one post, a different holder in each report.

"Stadium manager Sipho Mahlangu" in one article and "stadium manager Themba
Khumalo" in another name two people for a post only one person holds.  This
does not need the two sentences to be aligned: the role phrase itself is the
key.  Precision rules: only posts held by one person at a time (a lexicon of
unique posts; ambiguous one-word posts such as "manager" or "minister" must
carry the same qualifier on both sides: "stadium manager", "finance minister"),
never with an indefinite or plural reading ("a spokesperson", "one of the
directors", "deputy"), and only when neither article mentions the other's
person at all (an article that names both knows they are different people).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.models import Analysis, Claim, Conflict, ConflictValue

# unique posts, longest first; value = canonical key
_UNIQUE = {
    "chief executive officer": "chief executive", "chief executive": "chief executive", "ceo": "chief executive",
    "chief financial officer": "chief financial officer", "cfo": "chief financial officer",
    "chief operating officer": "chief operating officer", "coo": "chief operating officer",
    "returning officer": "returning officer", "chief of staff": "chief of staff",
    "prime minister": "prime minister", "secretary-general": "secretary-general",
    "director-general": "director-general", "director general": "director-general",
    "attorney general": "attorney general", "managing director": "managing director",
    "police chief": "police chief", "fire chief": "fire chief", "governor": "governor", "mayor": "mayor",
    "owner": "owner", "founder": "founder",
}
# posts that need a qualifier ("stadium manager", "health minister", "INDECI head")
_QUALIFIED = ("manager", "director", "head", "president", "chairman", "chairwoman", "chair", "minister",
              "commander", "coordinator", "superintendent", "commissioner", "chief")
_NOT_UNIQUE = re.compile(r"\b(?:deputy|vice|assistant|acting|former|ex|a|an|one|another|some|associate|"
                         r"interim)\b", re.I)
_ROLE_BEFORE = re.compile(r"((?:[\w’'-]+\s+){0,4}?[\w’'-]+)[\s,]*(?:identified as\s+)?$")


@dataclass(frozen=True)
class RoleMention:
    article: str
    role: str  # canonical key
    entity: str
    name: str
    start: int  # start of "role ... name" in the article text
    end: int


def _role_key(phrase: str) -> str | None:
    words = phrase.lower().replace("’", "'").split()
    if not words or _NOT_UNIQUE.search(" ".join(words[-3:])):
        return None
    for n in (3, 2, 1):
        tail = " ".join(words[-n:])
        if tail in _UNIQUE:
            return _UNIQUE[tail]
    last = words[-1]
    if last in _QUALIFIED and len(words) >= 2:
        qual = re.sub(r"'s$", "", words[-2])
        if qual in ("the", "its", "their", "his", "her"):
            return None
        return f"{qual} {last}"
    return None


def role_mentions(analysis: Analysis) -> list[RoleMention]:
    out = []
    for aa in analysis.articles:
        text = aa.article.text
        for m in aa.mentions:
            if m.label != "PERSON" or not m.entity:
                continue
            before = text[max(0, m.start - 60):m.start]
            before = before.split("\n")[-1]
            match = _ROLE_BEFORE.search(before)
            if not match:
                continue
            phrase = match.group(1)
            # the role must sit right before the name (only spaces, a comma or "identified as")
            key = _role_key(phrase)
            if key is None:
                continue
            start = m.start - len(before) + match.start(1)
            out.append(RoleMention(aa.article.id, key, m.entity, m.text, start, m.end))
    return out


def role_conflicts(analysis: Analysis, claims: Sequence[Claim],
                   copies: dict[str, str]) -> list[tuple[tuple[Claim, ...], Conflict]]:
    """(the claims naming a post's holders, person conflict) for each post given two holders."""
    mentioned = {aa.article.id: {m.entity for m in aa.mentions if m.entity} for aa in analysis.articles}
    names = {e.id: e.name for e in analysis.entities}
    by_role: dict[str, list[RoleMention]] = {}
    for rm in role_mentions(analysis):
        by_role.setdefault(rm.role, []).append(rm)
    found: list[tuple[tuple[Claim, ...], Conflict]] = []
    for role, rms in by_role.items():
        pair = None
        for i, ra in enumerate(rms):
            for rb in rms[i + 1:]:
                if (ra.entity != rb.entity
                        and copies.get(ra.article, ra.article) != copies.get(rb.article, rb.article)
                        and ra.entity not in mentioned[rb.article] and rb.entity not in mentioned[ra.article]):
                    pair = (ra, rb)
                    break
            if pair:
                break
        if pair is None:
            continue
        ra, rb = pair
        ca, cb = _claim_at(claims, ra), _claim_at(claims, rb)
        if ca is None or cb is None:
            continue
        # every article's claim naming a holder of the post joins the fact (one per article)
        members: dict[str, Claim] = {}
        for rm in rms:
            c = _claim_at(claims, rm)
            if c is not None and rm.article not in members:
                members[rm.article] = c
        conflict = Conflict("person", (
            ConflictValue(ra.article, ca.id, names.get(ra.entity, ra.name), (("entity", ra.entity), ("role", role))),
            ConflictValue(rb.article, cb.id, names.get(rb.entity, rb.name), (("entity", rb.entity), ("role", role))),
        ), note=f"two holders of one post: {role}")
        found.append((tuple(sorted(members.values(), key=lambda c: (c.article, c.start))), conflict))
    return found


def _claim_at(claims: Sequence[Claim], rm: RoleMention) -> Claim | None:
    """The claim whose text holds the role and the name (the shortest such)."""
    holding = [c for c in claims if c.article == rm.article and c.start <= rm.start and rm.end <= c.end]
    if not holding:
        holding = [c for c in claims if c.article == rm.article and c.start <= rm.end - 1 < c.end]
    return min(holding, key=lambda c: c.end - c.start) if holding else None
