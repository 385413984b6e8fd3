"""Who each article relies on, and how many independent origins stand behind a fact.

Ten outlets repeating one AFP wire are one source, not ten; two outlets quoting
one state broadcaster under two of its names (RTN, Télé Sahel) rely on one origin.

* :func:`article_sources`: the people, bodies, outlets and documents one article
  quotes or cites — the attribution stage's speakers (pronouns resolved) plus
  citations speech verbs miss: media in citation position ("the Tele Sahel
  broadcaster showed", "announced this on the local RTN TV channel"), documents
  ("according to a notice", passive hedges about a call → its readout) and
  anonymous sources ("sources familiar with the matter").  Merged per article
  (same entity, normalised name or known organisation) with ``kind``,
  ``affiliation`` and ``origin``.  The credited wire (``Article.origin``) is
  listed as "AFP (credited wire)" holding the body sentences no in-text source carries.
* :func:`sourcing_summary`: how much of an article's body is attributed.
* :func:`compare_sources`, :func:`independent_origins`, :func:`origin_note`: origins across articles and per fact.

Known organisations and their aliases: ``resources/sources/media.tsv``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rashomon.analyze.gazetteer import gazetteer
from rashomon.models import ArticleAnalysis, Attribution, Entity, Fact, Mention, Source

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.sources.v1"

CREDIT_SUFFIX = " (credited wire)"
ANAPHORA_WINDOW = 3  # sentences looked back for the owner of "the report", "the statement"
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class KnownMedia:
    key: str
    kind: str  # state_media, agency, outlet
    country: str | None  # ISO code
    medium: str


@lru_cache(maxsize=1)
def _media_table() -> tuple[dict[str, KnownMedia], re.Pattern[str], re.Pattern[str]]:
    """alias (folded) -> organisation, plus one case-sensitive and one case-insensitive alias regex."""
    path = resources.files("rashomon.resources") / "sources" / "media.tsv"
    by_alias: dict[str, KnownMedia] = {}
    exact: list[str] = []
    loose: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, kind, country, medium, aliases = (line.split("\t") + [""] * 5)[:5]
        media = KnownMedia(key.strip(), kind.strip(), country.strip() or None, medium.strip())
        for alias in (a.strip() for a in aliases.split(",")):
            if alias:
                by_alias[_fold(alias)] = media
                (exact if len(alias) <= 4 and alias.isupper() else loose).append(re.escape(alias))

    def alternation(names: list[str]) -> str:
        return r"(?<![\w-])(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")(?![\w-])"

    return by_alias, re.compile(alternation(exact)), re.compile(alternation(loose), re.IGNORECASE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"[^\w'/ -]+", " ", text).strip())
    return re.sub(r"[\s-]+", " ", text).strip()


def _known(text: str) -> tuple[KnownMedia, str] | None:
    """The known organisation named in ``text`` and the alias as written."""
    by_alias, exact, loose = _media_table()
    hits = [m for rx in (exact, loose) for m in rx.finditer(text)]
    if not hits:
        return None
    m = max(hits, key=lambda h: len(h.group()))
    return by_alias[_fold(m.group())], m.group()


# ------------------------------------------------------------------ classification

_STATE_MEDIA = re.compile(
    r"\bstate(?:[- ](?:run|owned|controlled|backed))?\s+"
    r"(?:television|tv|media|broadcaster|radio|news\s+agency|agency|channel|newspaper|press)\b", re.I)
_ANONYMOUS = re.compile(
    r"\b(?:sources?|insiders?)\b|familiar with|close to the|with (?:direct )?knowledge of|not (?:authori[sz]ed|"
    r"allowed|permitted) to|asked not to be|declined to be|requested anonymity|condition of anonymity|"
    r"\b(?:unnamed|anonymous|undisclosed|unidentified)\b", re.I)
_DOCUMENT_HEADS = frozenset({
    "report", "statement", "notice", "readout", "decree", "filing", "communique", "communiqué",
    "release", "document", "bulletin", "memo", "transcript", "letter", "order", "resolution",
    "indictment", "ruling", "complaint", "study", "survey"})  # fmt: skip
_WITNESS = re.compile(r"\b(?:eye)?witness(?:es)?\b|\bresidents?\b|\bsurvivors?\b|\bpassengers?\b|"
                      r"\bbystanders?\b|\bonlookers?\b|\blocals\b|\bvillagers?\b", re.I)
_EXPERT = re.compile(r"\b(?:analysts?|professors?|prof\.|researchers?|economists?|experts?|scholars?|"
                     r"scientists?|fellow|lecturer|academics?|historian|strategist|consultant)\b", re.I)
_OFFICIAL = re.compile(
    r"\b(?:colonel|col\.|general|gen\.|major|captain|lieutenant|commander|admiral|minister|ministry|"
    r"spokes(?:person|man|woman)|press (?:service|office|secretary)|secretary|government|authorit(?:y|ies)|"
    r"police|army|military|armed forces|officials?|representatives?|ambassador|envoy|embassy|president|"
    r"presidency|prime minister|governor|mayor|senator|lawmaker|deputy|parliament|kremlin|white house|"
    r"pentagon|department|agency|council|junta|prosecutors?|court|office|corps|command|defen[cs]e|(?:information|press|police|liaison) officers?|"
    r"service|directorate|bureau|administration|commission|regulator|guard|troops|forces|inspectorate)\b", re.I)
_OUTLET = re.compile(
    r"(?:\b(?:Times|Post|News|TV|Radio|Journal|Herald|Tribune|Gazette|Telegraph|Guardian|Monitor|Observer|"
    r"Express|Chronicle|Daily|Television|Channel|Broadcasting|Press|Mail|Today|Wire)\b)$|"
    r"\b(?:news\s+agency|newspaper|broadcaster|channel|television|tv|radio|station|website|outlet|daily|"
    r"news\s+site|magazine)\b", re.I)
_HEAD_SPLIT = re.compile(r"\s+(?:of|for|at|from|with|in|on)\s+", re.I)


def _head(name: str) -> str:
    words = _HEAD_SPLIT.split(name, maxsplit=1)[0].split()
    return _fold(words[-1]) if words else ""


def classify(name: str, context: str = "") -> str:
    """The kind of a source from its name and the words describing it (an apposition)."""
    text = f"{name} {context}"
    known = _known(name)
    if known is not None:
        return known[0].kind
    if _STATE_MEDIA.search(name):
        return "state_media"
    if _ANONYMOUS.search(text):
        return "anonymous"
    if _head(name) in _DOCUMENT_HEADS:
        return "document"
    if re.search(r"\bnews\s+agency\b", name, re.I):
        return "agency"
    if _OUTLET.search(name) and not re.search(r"\bpress service\b", name, re.I):
        return "outlet"
    if gazetteer().country(name):
        return "official"  # "Tajikistan said": its government
    for part in (name, context):  # the role nearest the head wins: "military analyst" is an expert
        found = [(m.start(), kind) for rx, kind in ((_OFFICIAL, "official"), (_WITNESS, "witness"),
                                                     (_EXPERT, "expert")) for m in rx.finditer(part)]
        if found:
            return max(found)[1]
    return "other"


# ------------------------------------------------------------------- raw citations

@dataclass(frozen=True)
class _Raw:
    sentence: int
    name: str
    start: int | None = None  # offsets of the name in the article text
    end: int | None = None
    context: str = ""  # apposition describing the source
    kind: str | None = None  # forced kind (readouts, unnamed speakers)
    inherit: bool = False  # "the report": origin of the source cited just before
    speaker_of: int | None = None  # medium of the speaker starting at this offset


_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.I)
_APPOSITION = re.compile(r"^\s*,\s*((?:a|an|the|who|one|its|his|her|their|which|speaking)\b[^,;:]{2,140}?)\s*,")
_CITE_VERB = re.compile(
    r"^\s+(?:(?:has|had|have|was|were|also|later|earlier|first|then|previously)\s+)*(?:reported|reports|showed|shows|shown|broadcast|broadcasts|"
    r"aired|airs|published|carried|quoted|quotes|cited|cites|said|says|announced|stated|wrote|posted|released|"
    r"issued|revealed|claimed|confirmed|noted|added|read)\b", re.I)
_CITE_BEFORE = re.compile(
    r"(?:according\s+to|reported\s+by|quoted\s+by|cited\s+by|carried\s+by|published\s+by|broadcast\s+by|"
    r"aired\s+by|released\s+by|shown\s+on|broadcast\s+on|aired\s+on|told|interview\s+with|remarks\s+to|"
    r"speaking\s+to|quoted\s+in|cited\s+in|seen\s+by|obtained\s+by|in)\s+$", re.I)
_MEDIUM_BEFORE = re.compile(r"\b(?:on|to|in|via|by)\s+$", re.I)
_MEDIA_NOUN = r"(?:TV|television|channel|radio|broadcaster|news\s+agency|agency|network|station|newspaper)"
_MEDIA_MODS = r"(?:(?:the|a|an|local|national|state|state-run|state-owned|public|official|private|pro-government)\s+)*"
_NAMED_MEDIA = re.compile(rf"{_MEDIA_MODS}(?:[A-Z][\w'’&.-]*\s+){{1,4}}{_MEDIA_NOUN}\b")
_GENERIC_STATE = re.compile(rf"{_MEDIA_MODS}(?:[A-Z]\w+\s+)?{_STATE_MEDIA.pattern}", re.I)
_DOCUMENT = re.compile(
    r"\b(?:a|an|the|its|his|her|their)\s+(?:[\w'’-]+\s+){0,3}?(?:report|statement|notice|readout|decree|filing|"
    r"communiqu[ée]|press\s+release|document|bulletin|memo|transcript)\b"
    r"(?:\s+(?:of|from|by|on|issued\s+by)\s+(?:the\s+)?(?:[A-Z][\w'’-]*|call|meeting|talks|conversation)"
    r"(?:\s+[A-Z][\w'’-]*){0,4})?", re.I)
_ANON_PHRASE = re.compile(
    r"\b(?:(?:a|an|two|three|several|multiple|some)\s+)?(?:[\w-]+\s+)?(?:sources?|officials?|people|diplomats?|"
    r"insiders?|persons?)\s+(?:(?:familiar\s+with|close\s+to|with\s+(?:direct\s+)?knowledge\s+of)\s+[\w\s'’-]+?|"
    r"who\s+(?:asked|spoke|requested|declined)[^,.;]*?)(?=\s*(?:[,.;]|\bsaid\b|\bsays\b|$))", re.I)
_CALL = re.compile(r"\b(?:(?:phone|telephone)\s+)?(call|conversation|talks|meeting|summit)\b", re.I)


def _context_after(text: str, end: int) -> str:
    m = _APPOSITION.match(text[end:end + 200])
    return m.group(1) if m else ""


def _clean(name: str) -> str:
    return _DETERMINERS.sub("", name.strip(" ,.;:\"“”'")).strip()


def _from_attributions(analysis: ArticleAnalysis) -> list[_Raw]:
    text = analysis.article.text
    raws: list[_Raw] = []
    for at in analysis.attributions:
        if at.speaker is None:
            raws.append(_unnamed(analysis, at))
            continue
        if at.speaker.lower() in ("he", "she", "it", "they", "we", "i"):
            prev = next((r for r in reversed(raws) if at.sentence - r.sentence <= ANAPHORA_WINDOW), None)
            if prev is not None:
                raws.append(_Raw(at.sentence, prev.name, prev.start, prev.end, prev.context, prev.kind))
            continue
        name = _clean(at.speaker)
        context = _context_after(text, at.speaker_end) if at.speaker_end is not None else ""
        owner_less = _head(name) in _DOCUMENT_HEADS and not _HEAD_SPLIT.search(name) and at.speaker.lower().startswith("the ")
        raws.append(_Raw(at.sentence, name, at.speaker_start, at.speaker_end, context, inherit=owner_less))
    return raws


def _unnamed(analysis: ArticleAnalysis, at: Attribution) -> _Raw:
    """A passive hedge with no speaker: a readout when the sentence is about a call or meeting."""
    here = analysis.sentences[at.sentence].text if at.sentence < len(analysis.sentences) else ""
    before = analysis.sentences[at.sentence - 1].text if 0 < at.sentence <= len(analysis.sentences) else ""
    call = _CALL.search(here) or _CALL.search(before)
    if call is not None:
        return _Raw(at.sentence, f"readout of the {call.group(1).lower()}", kind="document")
    return _Raw(at.sentence, "unnamed source", kind="anonymous")


def _media_span(text: str, m: re.Match[str]) -> tuple[int, int]:
    """A known name with its modifiers and media nouns: "the local RTN TV channel"."""
    right = re.match(rf"(?:\s+{_MEDIA_NOUN})+", text[m.end():])
    left = re.search(rf"{_MEDIA_MODS}$", text[:m.start()])
    return m.start() - (len(left.group()) if left else 0), m.end() + (len(right.group()) if right else 0)


def _from_patterns(analysis: ArticleAnalysis, taken: Sequence[tuple[int, int, int]]) -> list[_Raw]:
    """Citations in sentences the speech-verb rules miss or only half see."""
    text = analysis.article.text
    _, exact, loose = _media_table()
    by_sentence = {at.sentence: at for at in analysis.attributions}
    raws: list[_Raw] = []
    for s in analysis.sentences:
        spans: list[tuple[int, int, str]] = []
        spans += [(*_media_span(s.text, m), "media") for rx in (exact, loose) for m in rx.finditer(s.text)]
        spans += [(m.start(), m.end(), "media") for rx in (_NAMED_MEDIA, _GENERIC_STATE) for m in rx.finditer(s.text)]
        spans += [(m.start(), m.end(), "document") for m in _DOCUMENT.finditer(s.text)]
        spans += [(m.start(), m.end(), "anonymous") for m in _ANON_PHRASE.finditer(s.text)]
        at = by_sentence.get(s.i)
        kept: list[tuple[int, int]] = []
        for lo, hi, what in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
            a, b = s.start + lo, s.start + hi
            here = [(x, y) for x, y, i in taken if i == s.i]
            if any(x < b and a < y for x, y in (*here, *kept)):
                continue  # already a speaker, or inside a longer candidate
            before, after = s.text[:lo], s.text[hi:]
            medium = (what == "media" and at is not None and at.speaker_start is not None
                      and at.cue_end is not None and at.cue_end <= a and _MEDIUM_BEFORE.search(before))
            if what == "document" and at is not None and at.speaker is not None:
                continue  # "X said in a statement": the statement is X's
            if not (what == "anonymous" or medium or _CITE_VERB.match(after) or _CITE_BEFORE.search(before)):
                continue
            kept.append((a, b))
            name = _clean(text[a:b])
            owner_less = what == "document" and text[a:b].lower().startswith("the ") and not _HEAD_SPLIT.search(name)
            raws.append(_Raw(s.i, name, a, b, _context_after(text, b), inherit=owner_less,
                             speaker_of=at.speaker_start if medium and at is not None else None))
    return raws


# ------------------------------------------------------------------------ merging

def _country_in(text: str) -> str | None:
    """ISO code of the first country or unambiguous demonym named in ``text``."""
    g = gazetteer()
    words = re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text)
    for phrase in words:
        parts = re.sub(r"['’]s$", "", phrase).split()
        for n in range(len(parts), 0, -1):
            for i in range(len(parts) - n + 1):
                gram = " ".join(parts[i:i + n])
                iso = g.country(gram)
                dem = g.demonym_countries(re.sub(r"['’]s$", "", gram))
                if iso or len(dem) == 1:
                    return iso or dem[0]
    return None


def _affiliation(raw: _Raw, analysis: ArticleAnalysis, known: KnownMedia | None) -> str | None:
    g = gazetteer()
    iso = known.country if known else None
    for part in (raw.name, raw.context):
        if iso is None and part:
            iso = _country_in(part)
            if iso and raw.start is not None and _demonym_slip(analysis, raw, part):
                return analysis.subject  # "Nigerian government" in a report about Niger
    if iso is None and _STATE_MEDIA.search(raw.name) and analysis.subject:
        return analysis.subject  # "state television" in a report about Niger: Niger's
    if iso is not None:
        return g.name_of(iso) if iso in g.countries else iso
    # no country: an organisation it belongs to ("a professor at the University of Nairobi")
    own = _entity_of(raw, analysis.mentions)[0]
    orgs = [m for m in analysis.mentions if m.sentence == raw.sentence and m.label == "ORG"
            and m.entity != own and (m.text in raw.context or m.text in (_HEAD_SPLIT.split(raw.name, 1)[1:] or [""])[0])]
    return orgs[0].text if orgs else None


def _demonym_slip(analysis: ArticleAnalysis, raw: _Raw, part: str) -> bool:
    """True when the demonym stage flagged this phrase ("Nigerian government" about Niger)."""
    return any(w.kind == "demonym" and w.text and w.text in part for w in analysis.warnings)


def _entity_of(raw: _Raw, mentions: Sequence[Mention]) -> tuple[str | None, Mention | None]:
    """(entity id of the source itself, mention of the body it speaks for: "press service of X")."""
    if raw.start is None or raw.end is None:
        return None, None
    inside = [m for m in mentions if raw.start <= m.start and m.end <= raw.end and m.entity
              and m.label in ("PERSON", "ORG")]
    head = _HEAD_SPLIT.split(raw.name, maxsplit=1)[0].split()[-1:] or [""]
    for m in sorted(inside, key=lambda m: m.start - m.end):
        if head[0] and head[0] in m.text.split():
            return m.entity, m
    return None, (max(inside, key=lambda m: m.end - m.start) if inside else None)


def article_sources(analysis: ArticleAnalysis, entities: Sequence[Entity]) -> list[Source]:
    """Each person, body, outlet or document the article quotes or cites (see module doc)."""
    aid = analysis.article.id
    names = {e.id: e.name for e in entities}
    raws = _from_attributions(analysis)
    # a resolved pronoun's speaker lies in an earlier sentence: it does not hide a citation there
    taken = [(r.start, r.end, r.sentence) for r in raws if r.start is not None and r.end is not None]
    raws += _from_patterns(analysis, taken)
    raws.sort(key=lambda r: (r.sentence, r.start or 0))
    # a medium carries the sentences of the speaker who spoke on it ("announced this on RTN ... he said")
    raws += [_Raw(at.sentence, r.name, r.start, r.end, r.context) for r in raws if r.speaker_of is not None
             for at in analysis.attributions if at.speaker_start == r.speaker_of and at.sentence != r.sentence]

    groups: dict[str, dict] = {}
    alias: dict[str, str] = {}  # merge key -> group id
    for r in raws:
        known = (_known(r.name) or (None, ""))[0]
        ent, principal = _entity_of(r, analysis.mentions)
        kind = r.kind or classify(r.name, f"{r.context} {names.get(ent or '', '')}".strip())
        affiliation = _affiliation(r, analysis, known)
        origin = _origin(r, kind, known, ent, principal, names, affiliation, aid)
        if r.inherit:
            prev = [g for g in groups.values() if g["kind"] not in ("document", "anonymous")
                    and 0 <= r.sentence - max(g["sentences"]) <= ANAPHORA_WINDOW]
            if prev:
                origin = max(prev, key=lambda g: max(g["sentences"]))["origin"]
        keys = [f"name:{_fold(r.name)}", *([f"entity:{ent}"] if ent else [])]
        keys += [f"origin:{origin}"] if known or (kind == "state_media" and not r.inherit) else []
        gid = next((alias[k] for k in keys if k in alias), None)
        if gid is None:
            gid = keys[0]
            groups[gid] = {"name": r.name, "kind": kind, "affiliation": affiliation, "origin": origin,
                           "sentences": set(), "named": bool(known)}
        (g := groups[gid])["sentences"].add(r.sentence)
        g["affiliation"] = g["affiliation"] or affiliation
        if known and not g["named"]:  # "state television" then "the Tele Sahel broadcaster": keep the name
            g.update(name=r.name, kind=kind, origin=origin, named=True)
        for k in keys:
            alias.setdefault(k, gid)
    out = [Source(aid, g["name"], g["kind"], g["affiliation"], tuple(sorted(g["sentences"])), g["origin"])
           for g in groups.values()]
    credit = _credit(analysis, out)
    return out + ([credit] if credit else [])


def _origin(raw: _Raw, kind: str, known: KnownMedia | None, ent: str | None, principal: Mention | None,
            names: Mapping[str, str], affiliation: str | None, aid: str) -> str:
    if known is not None:
        return known.key
    if kind == "state_media" and affiliation:
        iso = gazetteer().country(affiliation)
        wants = "agency" if re.search(r"agency", raw.name, re.I) else (
            "tv" if re.search(r"television|tv|broadcaster|channel|radio", raw.name, re.I) else "")
        by_alias, _, _ = _media_table()
        same = [m for m in by_alias.values() if m.country == iso and m.kind == "state_media" and m.medium == wants]
        return same[0].key if same else f"{affiliation} state media"
    if ent is not None:
        return names.get(ent, raw.name)
    if principal is not None and principal.entity and kind in ("official", "document"):
        return names.get(principal.entity, principal.text)  # "the press service of X" speaks for X
    return f"{_fold(raw.name)} ({aid})"  # unnamed and generic sources are not matched across articles


def _credit(analysis: ArticleAnalysis, found: Sequence[Source]) -> Source | None:
    """The wire the article credits, holding the body sentences no in-text source carries."""
    wire = analysis.article.origin
    if not wire:
        return None
    known = _known(wire)
    covered = {i for s in found for i in s.sentences}
    own = tuple(s.i for s in analysis.sentences if s.role == "body" and s.i not in covered)
    kind, key = (known[0].kind, known[0].key) if known else ("agency", wire)
    return Source(analysis.article.id, wire + CREDIT_SUFFIX, kind, None, own, key)


def is_credit(source: Source) -> bool:
    return source.name.endswith(CREDIT_SUFFIX)


# ------------------------------------------------------------------------ summaries

def sourcing_summary(analysis: ArticleAnalysis, sources: Sequence[Source]) -> dict:
    """How much of the body is attributed, and which body sentences carry no attribution at all."""
    body = [s.i for s in analysis.sentences if s.role == "body"]
    cited = [s for s in sources if not is_credit(s)]
    attributed = sorted({i for s in cited for i in s.sentences} & set(body))
    by_kind: dict[str, int] = {}
    for s in cited:
        by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
    return {
        "article": analysis.article.id,
        "body_sentences": len(body),
        "attributed_sentences": attributed,
        "unattributed_sentences": [i for i in body if i not in attributed],
        "attributed_share": round(len(attributed) / len(body), 3) if body else 0.0,
        "sources_by_kind": dict(sorted(by_kind.items())),
        "credited_wire": analysis.article.origin,
    }


def compare_sources(per_article: Mapping[str, Sequence[Source]]) -> dict:
    """Origins each article relies on, which are shared, and which only one article uses."""
    origins: dict[str, dict] = {}
    for aid, sources in per_article.items():
        for s in sources:
            key = s.origin or _fold(s.name)
            entry = origins.setdefault(key, {"kind": s.kind, "articles": [], "names": {}})
            if aid not in entry["articles"]:
                entry["articles"].append(aid)
            entry["names"].setdefault(aid, []).append(s.name.removesuffix(CREDIT_SUFFIX))
    return {
        "origins": origins,
        "shared": sorted(k for k, v in origins.items() if len(v["articles"]) > 1),
        "exclusive": {aid: sorted(k for k, v in origins.items() if v["articles"] == [aid])
                      for aid in per_article},
    }


def _claim_origins(fact: Fact, per_article: Mapping[str, Sequence[Source]],
                   copies: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, set[str]]]:
    """(article, origins) per claim; a claim nobody is credited for is its outlet's own (or its wire's)."""
    roots = dict(copies.items()) if isinstance(copies, Mapping) else dict(copies)
    out = []
    for c in fact.claims:
        root = roots.get(c.article, c.article)
        found = {s.origin or _fold(s.name) for s in per_article.get(c.article, ())
                 if c.sentence in s.sentences and not is_credit(s)}
        if not found:
            group = [a for a in per_article if roots.get(a, a) == root]
            wires = {s.origin or s.name for a in group for s in per_article[a] if is_credit(s)}
            found = wires or {f"own:{root}"}
        out.append((c.article, found))
    return out


def _components(sets: Sequence[set[str]]) -> list[set[str]]:
    comps: list[set[str]] = []
    for s in sets:
        comps = [c for c in comps if not c & s] + [set(s).union(*(c for c in comps if c & s))]
    return comps


def independent_origins(fact: Fact, per_article_sources: Mapping[str, Sequence[Source]],
                        copies: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> int:
    """Origins behind a fact, counting once the claims that share an origin (or are copies)."""
    return len(_components([o for _, o in _claim_origins(fact, per_article_sources, copies)]))


def origin_note(fact: Fact, per_article_sources: Mapping[str, Sequence[Source]],
                copies: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> str | None:
    """ "two outlets repeat one source: X" when every article reporting the fact relies on one origin."""
    per_claim = _claim_origins(fact, per_article_sources, copies)
    articles = {a for a, _ in per_claim}
    if len(articles) < 2 or len(_components([o for _, o in per_claim])) != 1:
        return None
    by_article: dict[str, set[str]] = {}
    for a, o in per_claim:
        by_article.setdefault(a, set()).update(o)
    common = set.intersection(*by_article.values()) or set.union(*by_article.values())
    names = {s.origin or _fold(s.name): s.name.removesuffix(CREDIT_SUFFIX)
             for srcs in per_article_sources.values() for s in srcs}
    # article-scoped keys ("officials (a2)") read as the source's name; "own:a1" as the article's reporting
    label = " / ".join(sorted(f"the reporting of {k[4:]}" if k.startswith("own:") else
                              names.get(k, k) if re.search(r"\(a\d+\)$", k) else k for k in common))
    count = _NUMBER_WORDS[len(articles)] if len(articles) < len(_NUMBER_WORDS) else str(len(articles))
    return f"{count} outlets repeat one source: {label}"


__all__ = ["article_sources", "classify", "compare_sources", "independent_origins", "is_credit",
           "origin_note", "sourcing_summary"]
