"""What country an article is about, and demonyms of a look-alike country used for it.

"Nigerian government" in a report about Niger is the classic slip: Niger's people
are Nigerien. The rule is general: the article's subject X and the demonym's country
Y are *confusable* (:meth:`Gazetteer.confusable`: Niger/Nigeria, Iran/Iraq,
Austria/Australia, Sudan/South Sudan...), and the phrase is about X, not Y:

* Y itself is never named in the article (neither the country nor one of its cities), or
* the phrase's sentence names a city or region of X and nothing of Y ("Nigerian health
  officials ... in Niamey"), or
* it contradicts a gazetteer fact: "the Nigerian capital, Niamey".

A genuine mention of Y ("In neighbouring Nigeria, the city of Sokoto") never warns,
and neither does a sentence that names Y or one of its places.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from rashomon.analyze.gazetteer import RELABEL_MIN_POPULATION, Gazetteer, gazetteer
from rashomon.models import Mention, Sentence, Warning

log = logging.getLogger(__name__)

# Weights picked by hand on the dev09 and niger-2024-04 articles: the headline and the
# dateline say what a report is about more than one passing mention in the body.
TITLE_WEIGHT = 3.0
DATELINE_WEIGHT = 2.0
CITY_WEIGHT = 0.5
PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "PRODUCT")  # en_core_web_sm mislabels places
_CAPITAL_APPOSITION = re.compile(r"capital(?:\s+city)?\s*,?\s+(?:of\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _place_iso(g: Gazetteer, m: Mention) -> tuple[str | None, bool]:
    """(ISO code, is the country itself) of a place mention; (None, False) otherwise."""
    if m.label == "NORP" or m.label not in PLACE_LABELS:
        return None, False
    iso = g.country(m.text)
    if iso:
        return iso, True
    if m.label in ("GPE", "LOC") or g.is_place(m.text):
        return g.city_country(m.text), False
    return None, False


def _countries_named(g: Gazetteer, mentions: Sequence[Mention]) -> set[str]:
    named: set[str] = set()
    for m in mentions:
        dem = g.demonym_countries(m.text) if m.label == "NORP" else []
        named.update(dem if len(dem) == 1 else ())
        words = m.text.split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                iso = g.country(" ".join(words[i : i + n]))
                if iso and m.label != "NORP":
                    named.add(iso)
    return named


def article_subject(
    text: str, mentions: Sequence[Mention], title: str | None, dateline_place: str | None = None
) -> str | None:
    """The country an article is mostly about (gazetteer name), or None if it names none."""
    g = gazetteer()
    votes: dict[str, float] = {}
    named = _countries_named(g, mentions)
    for m in mentions:
        iso, is_country = _place_iso(g, m)
        # a city votes only for a country the article names (even inside "Bank of Ghana"), or when it
        # names none: city names repeat across countries ("Bali" is also a town in India)
        if iso and (is_country or iso in named or not named):
            votes[iso] = votes.get(iso, 0.0) + (1.0 if is_country else CITY_WEIGHT)
    if title:
        for phrase in re.findall(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}", title):
            words = phrase.split()
            for n in range(len(words), 0, -1):  # longest known place inside the phrase
                grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
                found = [(iso, TITLE_WEIGHT) for w in grams if (iso := g.country(w))]
                # a headline city must be a large one: "Police" (Poland), "Metro" (Indonesia) are towns
                found += [(iso, TITLE_WEIGHT * CITY_WEIGHT) for w in grams
                          if not g.country(w) and not w.isupper() and g.is_place(w, RELABEL_MIN_POPULATION)
                          and (iso := g.city_country(w)) and (iso in named or not named)]
                if found:
                    for iso, weight in found:
                        votes[iso] = votes.get(iso, 0.0) + weight
                    break
    if dateline_place:
        iso = g.place_country(dateline_place.strip().title()) or g.place_country(dateline_place)
        if iso:
            votes[iso] = votes.get(iso, 0.0) + DATELINE_WEIGHT
    if not votes:
        return None
    best, score = max(votes.items(), key=lambda kv: kv[1])
    log.debug("subject votes %s", sorted(votes.items(), key=lambda kv: -kv[1])[:3])
    return g.name_of(best) if score > 0 else None


def _phrase(sentence_text: str, offset: int, demonym: str) -> str:
    """The demonym and the noun it modifies: "Nigerian government", "Nigerian health officials"."""
    from rashomon.analyze.nlp import load_nlp

    doc = load_nlp()(sentence_text)
    span = doc.char_span(offset, offset + len(demonym), alignment_mode="expand")
    if span is None:
        return demonym
    tok = span[-1]
    head = tok.head
    if head.i <= tok.i or head.pos_ not in ("NOUN", "PROPN"):
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        return f"{demonym} {nxt.text}" if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") else demonym
    words = []
    for t in doc[tok.i + 1 : head.i + 1]:
        if t.ent_type_ == "PERSON" or t.is_punct or (t.text.rstrip(".").lower() in _TITLE_STOP):
            break
        words.append(t.text)
    return " ".join([demonym, *words])


_TITLE_STOP = {"dr", "mr", "mrs", "ms", "prof", "colonel", "general", "president"}


def demonym_warnings(
    article_id: str, text: str, mentions: Sequence[Mention], sentences: Sequence[Sentence], subject: str | None
) -> list[Warning]:
    """Warnings for demonyms of a country confusable with the article's subject (module doc)."""
    g = gazetteer()
    x = g.country(subject) if subject else None
    if not x:
        return []
    places: list[tuple[int, str, bool]] = []  # (sentence, iso, is the country itself)
    for m in mentions:
        iso, is_country = _place_iso(g, m)
        if iso:
            places.append((m.sentence, iso, is_country))
    by_i = {s.i: s for s in sentences}
    x_demonym = g.countries[x].demonyms[0] if g.countries[x].demonyms else x
    out: list[Warning] = []
    seen: set[str] = set()
    for m in mentions:
        if m.label != "NORP":
            continue
        isos = g.demonym_countries(m.text)
        if not isos or x in isos:
            continue
        for y in isos:
            if not g.confusable(x, y):
                continue
            near = [(iso, c) for s, iso, c in places if s == m.sentence]
            y_near = any(iso == y for iso, _ in near)
            y_anywhere = any(iso == y for _, iso, _ in places)
            x_town_near = any(iso == x and not c for iso, c in near)
            sent = by_i.get(m.sentence)
            contradiction = False
            if sent is not None:
                after = text[m.end : min(sent.end, m.end + 60)]
                cap = _CAPITAL_APPOSITION.match(after.strip())
                contradiction = cap is not None and g.is_capital(cap.group(1)) and g.city_country(cap.group(1)) == x
            if y_near and not contradiction:
                continue
            if y_anywhere and not (x_town_near or contradiction):
                continue
            phrase = _phrase(sent.text, m.start - sent.start, m.text) if sent is not None else m.text
            if phrase in seen:
                continue
            seen.add(phrase)
            message = (
                f"'{m.text}' refers to {g.name_of(y)}; this article is about {g.name_of(x)} ({x_demonym})."
            )
            out.append(Warning(article_id, "demonym", phrase, message, m.sentence, m.start, m.start + len(phrase)))
    return out
