"""Named-entity mentions of one article, and entities linked across a comparison.

:func:`extract_mentions` cleans spaCy's ``doc.ents`` (spans cut at line breaks, a
leading "the" and a trailing "'s" dropped, labels fixed with the gazetteer) and adds
what en_core_web_sm misses: broadcasters, titled persons and capitalised acronyms.

:func:`link_entities` groups mentions of all articles into entities. Precision comes
first: a wrong merge is worse than a miss, so place names are never fuzzy-matched and
a bare surname links only when exactly one full name can own it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import JaroWinkler

from rashomon.analyze.gazetteer import (
    GENERIC,
    LEADING_TITLES,
    NOT_ACRONYMS,
    ORG_HEADS,
    ORG_SUFFIXES,
    RELABEL_MIN_POPULATION,
    STOP,
    TITLES,
    compact,
    fold,
    gazetteer,
)
from rashomon.models import Entity, Mention, Sentence

log = logging.getLogger(__name__)

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
# Given names "compatible" at Jaro-Winkler >= 0.84 (folded), with the same first letter. Calibrated
# on pairs written down by hand: same person Mohammad/Mohamed 0.92, Mohammed/Muhammad 0.85,
# Sergey/Sergei 0.93, Aleksandr/Alexander 0.90, Abdourahamane/Abdurahmane 0.94 (Yevgeny/Evgeny 0.95
# is lost to the first-letter rule); different people Tomas/Martin 0.58, Liza/Marites 0.43,
# Moussa/Hadiza 0.44. Jan/Jana 0.94 and Maria/Mario 0.92 are split by the gendered-ending rule.
GIVEN_NAME_MIN_JW = 0.84

_BROADCASTER = re.compile(
    r"\b(?:(?:T[ée]l[ée]|Radio)[ \t]+[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+)?"
    r"|(?:[A-Z][\w&'-]*[ \t]+){1,3}(?:TV|Radio|FM|Television|News Agency|News|Wire|Wire Service|Press Agency"
    r"|Broadcasting(?: Corporation)?))\b"
)
_DEFINED = re.compile(r"(?= \([A-Z][A-Za-z&]{1,9}\))")
_CODE_NAME = re.compile(r"\b[A-Z][a-z]+-\d+[A-Z]?\b")  # "Aurelis-17", "Kosmos-3M"
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,7}\b")
_TITLE_ALT = "|".join(sorted((t.capitalize() for t in LEADING_TITLES), key=len, reverse=True))
_TITLED = re.compile(r"\b(?:" + _TITLE_ALT + r")\.?[ \t]+([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})")


def _title_words(text: str) -> int:
    """How many leading words of ``text`` are titles ("President Mohamed Bazoum" -> 1)."""
    words = fold(text).split()
    n = 0
    while n < len(words) - 1 and words[n] in TITLES:
        n += 1
    return n


def linking_key(text: str, label: str) -> str:
    """Normalised form used for linking: folded, titles dropped, country aliases unified."""
    g = gazetteer()
    if label == "NORP":
        isos = g.demonym_countries(text)
        if len(isos) == 1:
            return "nationality:" + fold(g.name_of(isos[0]))
        return "nationality:" + fold(text)
    words = fold(text).split()
    words = words[_title_words(text):]
    if words and words[0] == "the":
        words = words[1:]
    if label in ("GPE", "LOC", "FAC") and words and words[0] in ("mount", "mt", "mountain"):
        words = words[1:]
    key = " ".join(words)
    if label in ("GPE", "LOC"):
        iso = g.country(text)
        if iso:
            return fold(g.name_of(iso))
    return key


# ---------------------------------------------------------------- extraction


def _clean_span(text: str, start: int, end: int, sent_start: bool) -> tuple[int, int]:
    """Trim a span: first line only, brackets/quotes, a leading "the", a trailing "'s"."""
    seg = text[start:end]
    cut = seg.find("\n")
    if cut >= 0:
        lines = [ln for ln in seg.split("\n") if ln.strip()]
        if lines:
            first = seg.index(lines[0])
            start, end = start + first, start + first + len(lines[0])
    while start < end and text[start] in " \t[(\"“‘'*#":
        start += 1
    while end > start and text[end - 1] in " \t])\"”’',;:*":
        end -= 1
    m = re.match(r"(the|The)\s+", text[start:end])
    # "The" is part of a name only mid-sentence ("reporters for The Daily Klaxon")
    if m and (m.group(1) == "the" or sent_start or start == 0 or text[start - 1] in "\n"):
        start += m.end()
    m = re.search(r"\s*[’']s$", text[start:end])
    if m:
        end -= len(m.group(0))
    m = re.search(r"\s+(of|in|and|for|&|at)$", text[start:end])
    if m:
        end -= len(m.group(0))
    return start, end


def _fix_label(text: str, label: str, single_common_noun: bool) -> str | None:
    """The label after clean-up, or None to drop the mention."""
    g = gazetteer()
    if g.country(text):
        return "GPE" if label != "NORP" or not g.demonym_countries(text) else "NORP"
    if g.demonym_countries(text):
        return "NORP"
    if label in ("PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW") and (
        g.is_capital(text) or g.is_place(text, RELABEL_MIN_POPULATION)
    ):
        return "GPE"
    if single_common_noun:
        return None  # "Evacuees", "Schools", "Turnstiles": sentence-initial common nouns
    words = fold(text).split()
    if label == "PERSON" and len(text.split()) > 1 and compact(text.split()[-1]) in ORG_HEADS:
        return "ORG"
    if label == "WORK_OF_ART" and words and words[-1] in ORG_HEADS:
        return "ORG"  # "The Visayan Tribune", "Global Health Dispatch"
    return label


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> int:
    for s in sentences:
        if s.start <= pos < s.end:
            return s.i
    best = max((s for s in sentences if s.start <= pos), key=lambda s: s.start, default=None)
    return best.i if best else 0


def _shouting(text: str, start: int) -> bool:
    """True inside an all-capitals line (headline, kicker, letterhead)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls : le if le >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _emphatic_caps(doc, start: int, end: int) -> bool:
    """An all-capitals word used for emphasis ("SEVEN fans are DEAD", "DEATH TRAP!"), not an acronym."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    if _shouting(doc.text, start):
        return True
    if tok.pos_ not in ("PROPN", "NOUN"):
        return True
    neighbours = [t for t in (tok.nbor(-1) if tok.i > 0 else None, tok.nbor(1) if tok.i + 1 < len(doc) else None)
                  if t is not None]
    return len(tok.text) >= 4 and any(t.text.isupper() and len(t.text) >= 4 and t.is_alpha for t in neighbours)


def extract_mentions(doc, sentences: Sequence[Sentence]) -> list[Mention]:
    """Named-entity mentions of one article, cleaned and completed (see module doc)."""
    text = doc.text
    sent_starts = {s.start for s in sentences}
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        tok = ent[0]
        start, end = _clean_span(text, ent.start_char, ent.end_char, tok.is_sent_start or tok.idx in sent_starts)
        if end <= start or not any(c.isupper() for c in text[start:end]):
            continue
        words = text[start:end].split()
        before = text[:start].rstrip()
        sent_initial = not before or before[-1] in ".!?:\n" or (before[-1] in "\"“" and before[-2:-1] in ("", " ", "\n"))
        common = len(words) == 1 and tok.tag_ in ("NN", "NNS") and not words[0].isupper() and sent_initial
        if len(words) == 1 and words[0].isupper() and len(words[0]) > 2 and _emphatic_caps(doc, start, end):
            continue  # "DEATH", "ENOUGH" in a headline
        label = _fix_label(text[start:end], ent.label_, common)
        if label:
            spans.append((start, end, label))
    spans = _add_patterns(doc, spans)
    spans = _pull_titles(text, spans)
    spans = _add_bare_surnames(text, spans)
    spans = [_given_name_before(doc, sp) for sp in spans]
    out = []
    for start, end, label in sorted(set(spans)):
        surface = text[start:end]
        out.append(Mention(_sentence_of(sentences, start), start, end, surface, label, linking_key(surface, label)))
    return out


def _overlaps(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    return [s for s in spans if s[0] < end and start < s[1]]


def _add(spans: list[tuple[int, int, str]], start: int, end: int, label: str) -> None:
    """Add a pattern span; it replaces spaCy spans it fully covers, and yields to the rest."""
    hit = _overlaps(spans, start, end)
    if all(start <= s[0] and s[1] <= end and (s[1] - s[0]) < end - start for s in hit):
        for s in hit:
            spans.remove(s)
        spans.append((start, end, label))


def _add_patterns(doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    text = doc.text
    spans = list(spans)
    for m in _DEFINED.finditer(text):  # "Centre for Volcanology and Geological Hazard Mitigation (PVMBG)"
        before = [s for s in spans if s[1] == m.start() and s[2] != "PERSON"]
        if before:
            left = [s for s in spans if s[2] != "PERSON" and re.fullmatch(r" (?:and|for|of|&) ", text[s[1] : before[0][0]])]
            if left:
                spans.remove(left[0])
                spans.remove(before[0])
                spans.append((left[0][0], before[0][1], "ORG"))
    for m in _CODE_NAME.finditer(text):
        if not _overlaps(spans, m.start(), m.end()):
            spans.append((m.start(), m.end(), "PRODUCT"))
    for m in _BROADCASTER.finditer(text):
        s, e = _clean_span(text, m.start(), m.end(), False)
        if re.match(r"(?:A|An|On|In|At|By|From|For|Local|State|National)\s", text[s:e]):
            s = text.index(" ", s) + 1
        if e > s:
            _add(spans, s, e, "ORG")
    for m in _TITLED.finditer(text):
        if not _overlaps(spans, m.start(1), m.end(1)):
            name = m.group(1)
            if not gazetteer().is_place(name) and not any(w.isupper() for w in name.split()):
                spans.append((m.start(1), m.end(1), "PERSON"))
    g = gazetteer()
    for m in _ACRONYM.finditer(text):
        word = m.group(0)
        if word in NOT_ACRONYMS or _overlaps(spans, m.start(), m.end()) or _emphatic_caps(doc, m.start(), m.end()):
            continue
        if re.match(r"[-.]\w", text[m.end() : m.end() + 2]):  # "U.S.", "COVID-19" handled elsewhere
            continue
        spans.append((m.start(), m.end(), "GPE" if g.country(word) else "ORG"))
    return spans


def _add_bare_surnames(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A surname standing alone ("Bazoum has been held") where spaCy missed it."""
    spans = list(spans)
    surnames = set()
    for start, end, label in spans:
        words = text[start:end].split()
        words = words[_title_words(text[start:end]) :]
        if label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3 and not gazetteer().is_place(words[-1]):
            surnames.add(words[-1])
    for surname in surnames:
        for m in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", text):
            if not _overlaps(spans, m.start(), m.end()):
                spans.append((m.start(), m.end(), "PERSON"))
    return spans


def _given_name_before(doc, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """Extend a one-word PERSON over a capitalised name just before it ("Marites Reyes")."""
    start, end, label = span
    if label != "PERSON" or " " in doc.text[start:end]:
        return span
    toks = doc.char_span(start, end, alignment_mode="expand")
    if toks is None or toks.start == 0:
        return span
    prev = doc[toks.start - 1]
    if (prev.tag_ in ("NNP", "NNPS") and prev.is_alpha and prev.is_title and not prev.ent_type_
            and prev.lower_ not in TITLES and not gazetteer().is_place(prev.text)
            and not gazetteer().demonym_countries(prev.text)):
        return prev.idx, end, label
    return span


def _pull_titles(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Extend a PERSON span over the title just before it ("Commander Liza Reyes")."""
    out = []
    for start, end, label in spans:
        if label == "PERSON":
            window = max(0, start - 20)
            m = re.search(r"\b([A-Z][a-z]+)\.?[ \t]+$", text[window:start])
            if m and m.group(1).lower() in LEADING_TITLES:
                start = window + m.start(1)
        out.append((start, end, label))
    return out


# ---------------------------------------------------------------- linking


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def name_tokens(m: Mention) -> list[str]:
    """Folded words of a name without titles; hyphenated names stay one word."""
    words = m.text.split()
    return [fold(w) for w in words[_title_words(m.text):] if fold(w) and fold(w) != "the"]


def _given_names_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] or min(len(a), len(b)) < 3:
        return False
    short, long_ = sorted((a, b), key=len)
    vowels = "aeiouy"
    # Maria/Mario, Jan/Jana, Daniel/Daniela: a changed or added final vowel marks another person
    if long_[:-1] == short[:-1] and (long_[-1] in vowels or short[-1] in vowels):
        return False
    if long_[:-1] == short and long_[-1] in vowels:
        return False
    return JaroWinkler.similarity(a, b) >= GIVEN_NAME_MIN_JW


def _initials(words: list[str]) -> str:
    parts = [p for w in words for p in w.split() if p not in STOP]
    return "".join(p[0] for p in parts if p)


def _is_acronym(m: Mention) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&]{1,7}", m.text)) and m.label not in ("GPE", "NORP", "PERSON")


def _is_place(m: Mention) -> bool:
    return m.label in ("GPE", "LOC") or gazetteer().is_place(m.text) or bool(gazetteer().demonym_countries(m.text))


def link_entities(
    articles: Sequence[tuple[str, Sequence[Mention]]],
) -> tuple[list[Entity], dict[tuple[str, int, int], str]]:
    """Group the mentions of all articles into entities (see module doc for the rules)."""
    items: list[tuple[str, Mention]] = [(aid, m) for aid, ms in articles for m in ms]
    uf = _Union(len(items))
    toks = [name_tokens(m) for _, m in items]
    label = [m.label for _, m in items]
    is_full_person = [label[i] == "PERSON" and len(toks[i]) >= 2 for i in range(len(items))]
    surnames = {toks[i][-1] for i in range(len(items)) if is_full_person[i]}
    short = [len(toks[i]) == 1 and toks[i][0] in surnames and label[i] not in ("GPE", "LOC", "NORP")
             and not _is_acronym(items[i][1]) for i in range(len(items))]

    # 1. exact keys (short surname forms excluded: "Reyes" may be two people)
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, m) in enumerate(items):
        if m.key and not short[i]:
            cls = "per" if m.label == "PERSON" else "place" if m.label in ("GPE", "LOC") else "other"
            by_key[(m.key, cls)].append(i)
    for (key, cls), idx in by_key.items():
        for j in idx[1:]:
            uf.union(idx[0], j)
        if cls == "other":  # ORG "Aurelis Space" vs PERSON-labelled "Aurelis Space"
            for other in ("per", "place"):
                if (key, other) in by_key and not (other == "per" and len(key.split()) < 2):
                    uf.union(idx[0], by_key[(key, other)][0])

    # 2. full person names: same surname, compatible first given names
    full = [i for i in range(len(items)) if is_full_person[i]]
    for x, i in enumerate(full):
        for j in full[x + 1 :]:
            if toks[i][-1] == toks[j][-1] and _given_names_compatible(toks[i][0], toks[j][0]):
                uf.union(i, j)

    # 3. bare surnames: the one full name in the article, else the one in the comparison
    pending = []
    for i in range(len(items)):
        if not short[i]:
            continue
        aid = items[i][0]
        owners = {uf.find(j) for j in full if items[j][0] == aid and toks[j][-1] == toks[i][0]}
        if len(owners) == 1:
            uf.union(i, owners.pop())
            label[i] = "PERSON"
        elif not owners:
            pending.append(i)
    for i in pending:
        owners = {uf.find(j) for j in full if toks[j][-1] == toks[i][0]}
        if len(owners) == 1:
            uf.union(i, owners.pop())
            label[i] = "PERSON"

    _link_organisations(items, toks, label, short, uf)
    return _build_entities(items, label, uf)


def _link_organisations(items, toks, label, short, uf: _Union) -> None:
    """Acronyms, legal-form suffixes and one-word short names of organisations."""
    n = len(items)
    orgish = [label[i] not in ("PERSON", "GPE", "LOC", "NORP") and not _is_place(items[i][1]) for i in range(n)]
    multi = [i for i in range(n) if orgish[i] and len(items[i][1].key.split()) >= 2]
    # acronym defined in the text: "Economic Community of West African States (ECOWAS)"
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, (aid, _) in enumerate(items):
        by_article[aid].append(i)
    for idx in by_article.values():
        idx.sort(key=lambda i: items[i][1].start)
        for a, b in zip(idx, idx[1:], strict=False):
            ma, mb = items[a][1], items[b][1]
            # the acronym may be in another language (PVMBG), so its letters are not checked
            if _is_acronym(mb) and 1 <= mb.start - ma.end <= 2 and len(toks[a]) >= 2 and orgish[a]:
                uf.union(a, b)
    # acronym = initials of an expansion present in the comparison (a leading place may be dropped)
    for i in range(n):
        if not _is_acronym(items[i][1]):
            continue
        acr = fold(items[i][1].text)
        roots = set()
        for j in multi:
            words = items[j][1].key.split()
            forms = [words]
            lead = items[j][1].text.split()[0]
            if gazetteer().place_country(lead) or gazetteer().demonym_countries(lead):
                forms.append(words[len(fold(lead).split()) :])
            if any(len(f) >= 2 and _initials(f) == acr for f in forms):
                roots.add(uf.find(j))
        if len(roots) == 1:
            uf.union(i, roots.pop())
    # legal-form suffix: "Sarvodaya Remedies Ltd" = "Sarvodaya Remedies"
    key_index: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        if orgish[i]:
            key_index[items[i][1].key].append(i)
    for i in multi:
        key = items[i][1].key
        for suffix in ORG_SUFFIXES:
            if key.endswith(" " + suffix) and key_index.get(key[: -len(suffix) - 1]):
                uf.union(i, key_index[key[: -len(suffix) - 1]][0])
    # one-word short name: first or last word of exactly one organisation ("Klaxon", "Sarvodaya")
    for i in range(n):
        m = items[i][1]
        word = m.key
        loose_person = label[i] == "PERSON" and len(toks[i]) == 1 and _title_words(m.text) == 0
        if not (orgish[i] or loose_person) or short[i] or len(word.split()) != 1 or word in GENERIC:
            continue
        if _is_acronym(m) or _is_place(m):
            continue
        if any(fold(m.text) == t for j in range(n) if label[j] == "PERSON" for t in toks[j]):
            continue
        named = [j for j in multi if not any(c.isdigit() for c in items[j][1].key)]  # not "Aurelis 17"
        same = [j for j in named if items[j][0] == items[i][0]]
        for pool in (same, named):
            roots = {uf.find(j) for j in pool if word in (items[j][1].key.split()[0], items[j][1].key.split()[-1])
                     and uf.find(j) != uf.find(i)}
            if roots:
                if len(roots) == 1:
                    uf.union(i, roots.pop())
                break


def _display_name(m: Mention) -> str:
    words = m.text.split()
    return " ".join(words[_title_words(m.text):])


def _build_entities(items, label, uf: _Union) -> tuple[list[Entity], dict[tuple[str, int, int], str]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    ordered = sorted(groups.values(), key=lambda g: min(g))
    entities: list[Entity] = []
    index: dict[tuple[str, int, int], str] = {}
    for n, members in enumerate(ordered, start=1):
        eid = f"e{n}"
        names = Counter(_display_name(items[i][1]) for i in members)
        first_seen: dict[str, int] = {}
        for i in members:
            first_seen.setdefault(_display_name(items[i][1]), i)
        name = max(names, key=lambda s: (len(s.split()), names[s], -first_seen[s]))
        etype = Counter(label[i] for i in members).most_common(1)[0][0]
        mentions = []
        for i in members:
            aid, m = items[i]
            mentions.append((aid, replace(m, label=label[i], entity=eid)))
            index[(aid, m.start, m.end)] = eid
        variants = tuple(dict.fromkeys(items[i][1].text for i in members))
        entities.append(Entity(eid, name, etype, tuple(mentions), variants))
    log.debug("linked %d mentions into %d entities", len(items), len(entities))
    return entities, index
