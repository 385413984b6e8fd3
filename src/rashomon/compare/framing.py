"""Framing: the words each article chooses for the same actor, act or event.

Two reports can agree on every fact and still tell different stories: one
writes "the military authorities of Niger", the other "Niger's ruling junta";
"the fight against terrorism" against "jihadist rebellions"; "a crush" against
"a terrifying stampede" against "a tragic incident".

Method (no parse of the event itself is needed):

1. A table of *families* (``resources/framing/*.tsv``) groups the words news
   reports use for one kind of referent (who rules, who fights, who protests,
   what happened), each word with a connotation score from -2 to +2.
2. Every occurrence of a family word in an article is found on the spaCy
   parse (lemma match; multi-word terms on the text) and widened to its noun
   phrase ("The military authorities of Niger", "a crush at a football
   stadium", "an act of aggression").  Actor words are tied to the entity that
   owns them (possessive, compound, "of X", demonym adjective); when two or
   more articles tie a family to the same entity, only those occurrences
   count, so Niger's rulers are not compared with Washington's.
3. For each family and article, the most characteristic word is the one the
   article uses more than the others do (then the more loaded, then the more
   frequent).  When the chosen words differ between articles, that is a
   framing entry; the phrase shown for each article is its most evaluative
   occurrence (modifiers scored with the VADER lexicon where installed).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from rashomon.models import ArticleAnalysis, Comparison, Framing, FramingTerm

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.framing.v1"

MAX_TERM_CHARS = 80  # the contract's (and the scorer's) limit for a term
# At most this many entries per comparison: the gold sets list 1–4 framing items per event;
# the ranking puts the widest connotation gaps first.
MAX_FRAMINGS = 6
# prepositions whose object is kept in a term's phrase ("crush at a stadium", "authorities of Niger")
PHRASE_PREPS = frozenset({"of", "at", "in", "on", "against"})
# nouns that only say what kind of thing their "of" object is: "an act of aggression", "a wave of protests"
LIGHT_HEADS = frozenset({"act", "case", "form", "kind", "type", "wave", "series", "campaign", "spate", "outbreak"})
# connotation gap (table score + modifier valence) below which two words count as the same tone
MIN_TONE_GAP = 0.5
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos"})
ACTOR_KINDS = frozenset({"actor", "adversary"})


@dataclass(frozen=True)
class Family:
    name: str
    kind: str  # actor, adversary, event
    label: str
    order: int


@dataclass(frozen=True)
class Lexicon:
    families: Mapping[str, Family]
    words: Mapping[str, tuple[tuple[str, int], ...]]  # lemma -> ((family, connotation), ...)
    phrases: tuple[tuple[re.Pattern[str], str, str, int], ...]  # (pattern, term, family, connotation)


def _rows(name: str) -> Iterable[list[str]]:
    path = resources.files("rashomon.resources").joinpath("framing", name)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    families = {row[0]: Family(row[0], row[1], row[2], n) for n, row in enumerate(_rows("families.tsv"))}
    words: dict[str, list[tuple[str, int]]] = defaultdict(list)
    phrases = []
    for family, term, conn in _rows("terms.tsv"):
        if family not in families:
            raise ValueError(f"framing terms.tsv: unknown family {family!r}")
        if " " in term or "-" in term:
            pattern = re.compile(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+") + r"s?(?![\w-])",
                                 re.IGNORECASE)
            phrases.append((pattern, term, family, int(conn)))
        else:
            words[term].append((family, int(conn)))
    return Lexicon(families, {k: tuple(v) for k, v in words.items()}, tuple(phrases))


@lru_cache(maxsize=1)
def _valence() -> Mapping[str, float]:
    """VADER's word valences (-4..4), or nothing when vaderSentiment is not installed."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        log.info("vaderSentiment not installed: framing modifiers are scored by the family table only")
        return {}
    return dict(SentimentIntensityAnalyzer().lexicon)


def word_valence(word: str) -> float:
    """Evaluative weight of a modifier: VADER valence scaled to -2..2 (0 when unknown)."""
    return float(_valence().get(word.lower(), 0.0)) / 2.0


@dataclass(frozen=True)
class Occurrence:
    article: str
    family: str
    term: str  # the table's term (lemma or phrase)
    connotation: int
    start: int  # the phrase shown for it
    end: int
    sentence: int
    role: str
    anchor: str | None  # entity id of whose actor it is
    evaluation: float  # valence of its modifiers
    modifiers: int  # adjectives and nouns before it ("armed provocation", "deadly border clash")


def _lemma_keys(tok: Token) -> list[str]:
    lower = tok.lower_
    keys = [tok.lemma_.lower(), lower]
    # all-caps headlines are often tagged PROPN with the plural kept as the lemma
    if lower.endswith("ies"):
        keys.append(lower[:-3] + "y")
    if lower.endswith("es"):
        keys.append(lower[:-2])
    if lower.endswith("s"):
        keys.append(lower[:-1])
    return keys


def _chunk_of(doc: Doc, chunks: Mapping[int, Span], tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase around ``tok``."""
    span = chunks.get(tok.i)
    if span is not None:
        return span.start, span.end
    left = [t.i for t in tok.lefts if t.dep_ in ("amod", "compound", "det", "poss", "nummod")]
    return (min(left) if left else tok.i), tok.i + 1


def _phrase(doc: Doc, chunks: Mapping[int, Span], tok: Token) -> tuple[int, int]:
    """Char range of the phrase naming the referent: the noun chunk, its first of/at/in PP,
    and the noun it is the object of ("an act of aggression"), kept within the length limit."""
    start, end = _chunk_of(doc, chunks, tok)
    root = doc[start:end].root
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ in PHRASE_PREPS:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                _, pend = _chunk_of(doc, chunks, objs[0])
                if doc[start:pend].end_char - doc[start].idx <= MAX_TERM_CHARS:
                    end = max(end, pend)
            break
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in LIGHT_HEADS:
        hstart, _ = _chunk_of(doc, chunks, prep.head)
        if doc[min(start, hstart):end].end_char - doc[min(start, hstart)].idx <= MAX_TERM_CHARS:
            start = min(start, hstart)
    span = doc[start:end]
    if len(span.text) > MAX_TERM_CHARS:
        return tok.idx, tok.idx + len(tok.text)
    return span.start_char, span.end_char


def _anchor(tok: Token, entity_at: Mapping[int, str]) -> str | None:
    """The entity an actor noun belongs to: Niger's / Niger / of Niger / Nigerien."""
    root = tok if tok.dep_ not in ("amod", "compound") else tok.head
    own = entity_at.get(root.i)  # "The Executive Power" is a name, not the Executive's power
    for child in root.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and entity_at.get(child.i, own) != own:
            return entity_at[child.i]
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i in entity_at:
                    return entity_at[obj.i]
    return None


def _sentence_of(aa: ArticleAnalysis, offset: int) -> tuple[int, str] | None:
    for s in aa.sentences:
        if s.start <= offset < s.end:
            return s.i, s.role
    return None


def _may_name(tok: Token, titles: set[int], aa: ArticleAnalysis) -> bool:
    """A common noun (or an adversary adjective: "jihadist groups"); proper nouns only in
    all-caps or in a headline, where the tagger calls everything PROPN ("March" is a month)."""
    if tok.pos_ in ("NOUN", "ADJ", "X"):
        return True
    where = _sentence_of(aa, tok.idx)
    headline = tok.is_upper or (where is not None and where[0] in titles)
    if tok.pos_ == "VERB":  # "after deadly border clash": a noun the tagger read as a verb
        return headline and tok.dep_ in NOMINAL_DEPS and tok.tag_ in ("VB", "VBP", "VBZ")
    return tok.pos_ == "PROPN" and headline


def find_occurrences(aa: ArticleAnalysis, doc: Doc, lexicon: Lexicon | None = None) -> list[Occurrence]:
    """Every family word in one article, widened to its phrase."""
    lex = lexicon or load_lexicon()
    aid = aa.article.id
    entity_at: dict[int, str] = {}
    for m in aa.mentions:
        if m.entity is None or m.label == "PERSON":  # "Returning officer Joseph Chebet" is not his officer
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                entity_at[t.i] = m.entity
    named = set(entity_at)
    for m in aa.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        named.update(t.i for t in span or ())
    chunks = {t.i: nc for nc in doc.noun_chunks for t in nc}
    hits: dict[int, list[tuple[str, str, int]]] = defaultdict(list)  # token i -> (family, term, conn)
    taken: set[int] = set()
    text = doc.text  # a Doc joins its tokens on every .text: once, not once per phrase pattern
    for pattern, term, family, conn in lex.phrases:
        for found in pattern.finditer(text):
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if span is None:
                continue
            hits[span.root.i].append((family, term, conn))
            taken.update(t.i for t in span)
    titles = {s.i for s in aa.sentences if s.role == "title"}
    for tok in doc:
        # words inside a name are the name's ("Federal Railroad Administration"), except in all-caps
        # headlines, which the tagger reads as names
        if tok.i in taken or (tok.i in named and not tok.is_upper) or not _may_name(tok, titles, aa):
            continue
        for key in _lemma_keys(tok):
            if key in lex.words:
                hits[tok.i].extend((family, key, conn) for family, conn in lex.words[key]
                                   if tok.pos_ != "ADJ" or lex.families[family].kind == "adversary")
                break
    out = []
    for i, entries in hits.items():
        tok = doc[i]
        start, end = _phrase(doc, chunks, tok)
        where = _sentence_of(aa, tok.idx)
        if where is None:
            continue
        phrase = doc.char_span(start, end, alignment_mode="expand")
        mods = [t for t in tok.children if t.dep_ == "amod" or (t.dep_ == "compound" and tok.is_upper)]
        evaluation = sum(word_valence(t.text) for t in phrase if t.i != i) if phrase is not None else 0.0
        anchor = _anchor(tok, entity_at)
        for family, term, conn in entries:
            out.append(Occurrence(aid, family, term, conn, start, end, where[0], where[1],
                                  anchor if lex.families[family].kind in ACTOR_KINDS else None, evaluation,
                                  len(mods)))
    return out


def _choose(by_article: Mapping[str, list[Occurrence]]) -> dict[str, str]:
    """Per article, its most characteristic family word: one the other articles do not use,
    outside the headline (captions are the outlet's words too), then frequent and loaded (count x (1 + |connotation|)).  Picked so that
    "crush" (4 times) beats one "disaster", and "ruling junta" (once) beats "government" (twice)."""
    counts = {a: Counter(o.term for o in occ) for a, occ in by_article.items()}
    conn = {o.term: o.connotation for occ in by_article.values() for o in occ}
    in_body = {(o.article, o.term) for occ in by_article.values() for o in occ if o.role != "title"}
    chosen = {}
    for a, c in counts.items():
        elsewhere = Counter[str]()
        for b in counts:
            if b != a:
                elsewhere.update(counts[b])

        def key(term: str, a: str = a, c: Counter[str] = c, elsewhere: Counter[str] = elsewhere) -> tuple:
            return (elsewhere[term] == 0, (a, term) in in_body, c[term] * (1 + abs(conn[term])),
                    abs(conn[term]))
        chosen[a] = max(sorted(c), key=key)
    return chosen


def _shown(occ: Sequence[Occurrence]) -> Occurrence:
    """The occurrence to quote: most evaluative phrase, then the most modified, then body, then first."""
    return min(occ, key=lambda o: (-abs(o.evaluation), -o.modifiers, o.role != "body", o.start))


def _restrict_to_shared_anchor(by_article: dict[str, list[Occurrence]]) -> dict[str, list[Occurrence]]:
    anchors = Counter(e for occ in by_article.values() for e in {o.anchor for o in occ if o.anchor})
    shared = [e for e, n in anchors.most_common() if n >= 2]
    if not shared:
        return by_article
    kept = {a: [o for o in occ if o.anchor == shared[0]] for a, occ in by_article.items()}
    return {a: occ for a, occ in kept.items() if occ}


def _describe(chosen: Mapping[str, Occurrence]) -> str:
    def tone(x: float) -> str:
        return "negative" if x < -0.5 else "positive" if x > 0.5 else "neutral"
    parts = [f"{o.article}: '{o.term}' ({tone(o.connotation + o.evaluation)})" for o in chosen.values()]
    return "different words for the same referent — " + "; ".join(parts)


def find_framing(comparison: Comparison, docs: Mapping[str, Doc]) -> list[Framing]:
    """Framing entries of one comparison; ``docs`` maps article id -> the spaCy Doc of its text."""
    lex = load_lexicon()
    copies = dict(comparison.copies)
    occurrences: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    texts = {}
    for aa in comparison.analysis.articles:
        aid = aa.article.id
        if aid not in docs or aid in copies:  # a republished copy repeats its source's words
            continue
        texts[aid] = aa.article.text
        for o in find_occurrences(aa, docs[aid], lex):
            occurrences[o.family][aid].append(o)
    names = {e.id: e.name for e in comparison.analysis.entities}
    ranked: list[tuple[tuple[float, ...], Framing]] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for family_name, by_article in occurrences.items():
        family = lex.families[family_name]
        if family.kind in ACTOR_KINDS:
            by_article = _restrict_to_shared_anchor(by_article)
        if len(by_article) < 2:
            continue
        chosen_terms = _choose(by_article)
        if len(set(chosen_terms.values())) < 2:
            continue
        if all(len(lex.words.get(t, ())) > 1 for t in chosen_terms.values()):
            continue  # only words shared with other families ("incident", "attack"): not this referent
        signature = frozenset(chosen_terms.items())
        if signature in seen:
            continue
        seen.add(signature)
        chosen = {a: _shown([o for o in by_article[a] if o.term == t]) for a, t in sorted(chosen_terms.items())}
        tones = [o.connotation + o.evaluation for o in chosen.values()]
        # each word is its article's alone: one says "stewards", the other "marshals"
        exclusive = all(sum(any(o.term == t for o in occ) for occ in by_article.values()) == 1
                        for t in chosen_terms.values())
        if max(tones) - min(tones) < MIN_TONE_GAP and not exclusive:
            continue  # same tone, and the words are shared anyway ("government" / "authorities")
        anchor = next((o.anchor for o in chosen.values() if o.anchor), None)
        label = f"{names[anchor]}: {family.label}" if anchor in names else family.label
        terms = tuple(FramingTerm(a, texts[a][o.start:o.end], o.sentence, o.start, o.end)
                      for a, o in chosen.items())
        framing = Framing(refers_to=anchor or family_name, label=label, terms=terms, note=_describe(chosen))
        ranked.append(((-(max(tones) - min(tones)), -len(chosen), family.order), framing))
    ranked.sort(key=lambda r: r[0])
    return [f for _, f in ranked[:MAX_FRAMINGS]]
