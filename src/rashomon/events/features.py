"""What an article brings to event clustering: terms, names, dates, numbers, shingles.

Everything but the people is cheap and model-free (regular expressions over the text), so
a stream of thousands of articles is featurised in seconds; the people come from spaCy's NER
over the lead only (:mod:`rashomon.events.people`, about 8 ms an article):

* **terms**: lower-cased content words with sublinear counts; weighted later by the
  stream's own idf (:class:`rashomon.events.cluster.EventClusterer` keeps it).
* **names**: capitalised word runs that are not sentence-initial function words
  ("Lindsay Lohan", "Betty Ford Center"), each run and its last word ("lohan") as keys.
  A capitalised-token heuristic rather than spaCy's NER over the whole text, for cost (it
  cannot tell a person from a team: that is what **lead_people** adds). Title Case and ALL
  CAPS lines are skipped (their capitals say nothing).
* **dates**: the report's own date (the publication date, else a date in the URL, else
  a full date in the first lines, "May 03, 2013") and the years the text mentions.
* **numbers**: figures with the word after them ("7.6 magnitude", "40 palestinians").
* **quantities**: what the title and lead say the event measured, typed: earthquake
  magnitudes ("magnitude 4.6") and sums of money in the common currencies ("money 2600000"). Two
  look-alike events (two quakes at one place, two heists in one street) differ here;
  casualty counts are left out, as they rise while an event is reported.
* **lead_people**: the people the title and lead name (spaCy's PERSON entities, read by
  :class:`rashomon.events.people.PeopleTagger` over the title and first 250 characters only,
  about 8 ms an article), counted by surname; the one named at least twice is the lead's
  *main person*. Two look-alike stories (two players' drink-driving arrests, two offers to
  one player by two clubs) share every term and most names, but not whom they lead with.
* **shingles**: hashes of word 5-grams, sampled 1 in ``SHINGLE_SAMPLE``, for
  containment between near-duplicates and wire republications.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

SHINGLE_SIZE = 5
LEAD_CHARS = 250  # "the lead": the title and about the first sentence of the body
LEAD_CONTEXT = 150  # characters a people tagger reads past the lead, so a name cut at its end is whole
MAIN_PERSON_MENTIONS = 2  # a lead's main person is named at least this often (title and lead together)
LEAD_TITLE_CHARS = 300  # of a title, what lead_quantities reads (a run-on "title" is a first paragraph)
SHINGLE_SAMPLE = 4  # keep hashes with h % 4 == 0: a consistent 1-in-4 sample, containment stays unbiased

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*")
_NAME_RUN = re.compile(r"\b[A-Z][\w'’\-.]*(?:\s+(?:of|de|al|la|von|van|the)?\s*[A-Z][\w'’\-]*)*")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_EDGE_PUNCT = ".,;:!?\"'’“”()[]"
_POSSESSIVE = re.compile(r"['’]s?$")
_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20[0-4]\d)(?![\d/.-]?\d)")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s+(?:-\s*)?([a-z][a-z\-]+)")
_URL_DATE = re.compile(r"/(20[0-4]\d|19[5-9]\d)[/_-]?(0[1-9]|1[0-2]|[1-9])(?:[/_-]?(0[1-9]|[12]\d|3[01]))?(?=/|$|\D)")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_FULL_DATE = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*((?:19|20)\d\d)\b",
    re.IGNORECASE)
# what the lead says the event measured: an earthquake's magnitude, a sum of money. Two quakes in one
# place, two heists in one street, share every word but these ("4.4" / "4.6", "$137 million" / "$2.6 million")
_HEDGE = r"(?:\s+(?:at\s+least|about|around|nearly|some))?"
_NOT_A_UNIT = r"(?!\d|\s*(?:%|percent|per\s*cent|m\b|metres|meters|feet|ft\b|km\b|cm\b|miles|degrees|inches|kilo))"
_MAGNITUDE = re.compile(
    r"magnitude(?:\s+of)?" + _HEDGE + r"[\s-]*(\d\.\d)" + _NOT_A_UNIT
    + r"|(?<![\d.])(\d\.\d)\s*-?\s*(?:magnitude|quake|earthquake|tremor|temblor)"
    + r"|(?:measuring|measured|registering|registered)" + _HEDGE + r"\s+(\d\.\d)" + _NOT_A_UNIT)
# magnitudes count in a lead about an earthquake ("Richter" alone may be a surname)
_QUAKE = re.compile(r"quake|tremor|temblor|seismic|richter scale")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "tn": 1e12, "trillion": 1e12}
_FIG = r"(?P<fig>\d+(?:[.,]\d+)*|" + "|".join(_NUMBER_WORDS) + r")"
_SCALE_WORD = r"(?P<scale>k|thousand|mn|mln|million|bn|billion|tn|trillion|m|b)\b"
_CURRENCY_WORD = r"(?:euros?|dollars?|pounds?|sterling|yen|yuan|rupees?|francs?|rubles?|roubles?|pesos?|naira)\b"
_MONEY = tuple(re.compile(p) for p in (
    # "$2.6 million", "€2m", "US$5 million", "£1.2bn", "$25,000"
    r"(?:[$€£¥₹]|\b(?:us|au|a|c|hk|nz|s)\$)\s?" + _FIG + r"(?:\s*-?\s*" + _SCALE_WORD + ")?",
    # "USD 5 million", "EUR 85m", "CHF 10,000"
    r"\b(?:usd|eur|gbp|chf|jpy|cny|inr|rub)\s?" + _FIG + r"(?:\s*-?\s*" + _SCALE_WORD + ")?",
    # "e80 million", "p70m": a currency sign lost in conversion, taken only with a scale ("P1000" is a model)
    r"\b[ep](?=\d)" + _FIG + r"\s*-?\s*" + _SCALE_WORD,
    # "85 million euros", "2 mn-euro", "50,000 dollars", "Two million euro"
    r"\b" + _FIG + r"(?:\s*-?\s*" + _SCALE_WORD + r")?\s*-?\s*" + _CURRENCY_WORD,
))
MONEY_FACTOR = 3.0  # two sums of money within this factor may be one sum in two currencies or two estimates
_DAY_FIRST_DATE = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s*,?\s*((?:19|20)\d\d)\b",
    re.IGNORECASE)

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say told tell according also one two three new
year years day days week weeks month months time times people percent last first mr mrs ms would
could may might must shall us it's don't i'm he's she's that's there's what's they're we're
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning night
evening afternoon ago since just like get got make made many much well back even still way
""".split())
# capitalised words that are not names: sentence openers, titles, months, days
NOT_NAMES = STOPWORDS | frozenset(_MONTHS) | frozenset("""
president minister police officials official news report reports reported update updated
breaking video photos photo read more click share email print advertisement copyright reuters ap afp
mr mrs ms dr gov sen rep gen col lt st inc corp co ltd jr sr http https www com
""".split())


@dataclass(frozen=True)
class EventDoc:
    """One article as the event clusterer sees it: no store, no analysis needed."""

    key: str
    title: str
    text: str
    published: date | None = None
    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class DocFeatures:
    terms: dict[str, float]  # sublinear term weight 1 + log(tf), before idf
    title_terms: dict[str, float]
    names: dict[str, float]  # name keys with sublinear counts
    report_date: date | None  # the report's own date, when known
    years: frozenset[int]
    numbers: frozenset[str]  # "40 palestinians", "7.6 magnitude"
    shingles: frozenset[int] = field(default_factory=frozenset)
    shingle_total: int = 0  # sampled shingles in the whole document
    lead_names: frozenset[str] = field(default_factory=frozenset)  # names in the title and first lines
    # people (spaCy PERSON mentions) in the title and first lines, by surname key, in order of first mention
    lead_people: dict[str, int] = field(default_factory=dict)
    # what the title and first lines say was measured: "magnitude 4.6", "money 2600000" (see lead_quantities)
    quantities: frozenset[str] = field(default_factory=frozenset)

    @property
    def main_person(self) -> str | None:
        """Who the title and lead are about: the person they name at least twice (most often;
        ties to the first named), else None."""
        return main_person(self.lead_people)


def main_person(lead_people: dict[str, int]) -> str | None:
    """The key named most often, at least :data:`MAIN_PERSON_MENTIONS` times; ties go to the first
    named (the order of ``lead_people``, which the clusterer's state keeps as a list of pairs)."""
    best = max(lead_people.items(), key=lambda kv: kv[1], default=None)  # max keeps the first of ties
    return best[0] if best is not None and best[1] >= MAIN_PERSON_MENTIONS else None


def person_keys(mentions: Sequence[str]) -> dict[str, int]:
    """Mentions of people ("Jamal Williams", "Williams'") counted by surname key ("williams")."""
    out: dict[str, int] = {}
    for m in mentions:
        words = [w.strip(_EDGE_PUNCT) for w in _POSSESSIVE.sub("", unicodedata.normalize("NFC", m.strip())).split()]
        words = [w for w in words if w]
        while len(words) > 1 and words[-1].lower().rstrip(".") in _NAME_SUFFIXES:  # "Martin Luther King Jr."
            words.pop()
        if not words:
            continue
        key = words[-1].lower().replace("’", "'")
        # a one-word mention that is a common word ("Monday", "Police") is a tagging slip; the
        # last word of a longer one is a surname even when it is a word too ("Theresa May")
        if len(key) > 1 and (len(words) > 1 or key not in NOT_NAMES):
            out[key] = out.get(key, 0) + 1
    return out


def lead_window(doc: EventDoc) -> tuple[str, int]:
    """The text a people tagger reads (the title and the start of the body, with some context after
    the lead) and where the lead ends in it: mentions that start before that offset count."""
    head = f"{doc.title}\n" if doc.title else ""
    body = doc.text
    if doc.title and body.lstrip().startswith(doc.title):  # ingested articles' text opens with the title
        body = body.lstrip()[len(doc.title):].lstrip()
    return head + body[:LEAD_CHARS + LEAD_CONTEXT], len(head) + LEAD_CHARS


def _figure(text: str) -> float | None:
    """A figure as written: "2.6", "25,000", "1,234.5", "1.000.000" (European thousands), "2,5", "two"."""
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text) and text.count(".") + text.count(",") > 1:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def lead_quantities(doc: EventDoc, max_chars: int = 400) -> frozenset[str]:
    """Earthquake magnitudes ("magnitude 4.6") and sums of money ("money 2600000", common currencies) in
    the title and the first ``max_chars`` characters of the body: what a report says the event measured."""
    text = title_and_lead(replace(doc, title=doc.title[:LEAD_TITLE_CHARS]), max_chars).lower()
    out: set[str] = set()
    for m in _MAGNITUDE.finditer(text) if _QUAKE.search(text) else ():
        magnitude = float(next(g for g in m.groups() if g))
        if 1.0 <= magnitude < 10.0:
            out.add(f"magnitude {magnitude:.1f}")
    seen: set[tuple[int, int]] = set()
    for pattern in _MONEY:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in seen):
                continue  # one sum, read by an earlier pattern ("$5 million dollars")
            seen.add(m.span())
            amount = _figure(m.group("fig"))
            if amount is not None and amount > 0:
                amount *= _SCALE.get(m.group("scale") or "", 1.0)
                if amount >= 1000:
                    out.add(f"money {amount:.0f}")
    return frozenset(out)


def _by_kind(quantities: Iterable[str]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for q in quantities:
        kind, value = q.split(" ", 1)
        out.setdefault(kind, []).append(float(value))
    return out


def quantities_agree(a: Iterable[str], b: Iterable[str]) -> tuple[float, float]:
    """(match, clash) over the kinds of quantity both name: a magnitude they share, or two sums of
    money within :data:`MONEY_FACTOR`, is a match; a kind both name with no such pair is a clash."""
    match = clash = 0.0
    ka = _by_kind(a)
    if not ka:
        return match, clash
    for kind, vb in _by_kind(b).items():
        va = ka.get(kind)
        if not va:
            continue
        if kind == "magnitude":
            met = any(abs(x - y) < 0.05 for x in va for y in vb)
        else:
            met = any(max(x, y) / min(x, y) <= MONEY_FACTOR for x in va for y in vb)
        if met:
            match = 1.0
        else:
            clash = 1.0
    return match, clash


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


def content_terms(text: str) -> Counter[str]:
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return Counter(w for w in words if len(w) > 2 and w not in STOPWORDS)


def name_keys(text: str) -> Counter[str]:
    """Capitalised runs ("Betty Ford Center") and their last word ("ford center" -> "center").

    A single word the same text also uses in lower case ("Firefighters said" /
    "the firefighters") is a common word, not a name; possessives are folded ("Palin's").
    """
    keys: Counter[str] = Counter()
    lower_words = {w for w in _WORD.findall(text) if w[0].islower()}
    for line in re.split(r"(?<=[.!?])\s+|\n+", text):
        if headline_cased(line):
            continue  # "Muslim Woman Shoots Co-workers": capitals say nothing about names here
        for m in _NAME_RUN.finditer(line):
            words = [_POSSESSIVE.sub("", w.strip(".'’-")).lower() for w in m.group(0).split()]
            words = [w for w in words if w]
            # a sentence's first word is capitalised anyway: drop it when it is not a name
            while words and words[0] in NOT_NAMES:
                words = words[1:]
            while words and words[-1] in NOT_NAMES:
                words = words[:-1]
            if not words or (m.start() == 0 and len(words) == 1 and words[0] in STOPWORDS):
                continue
            if len(words) > 1:
                keys[" ".join(words)] += 1
            if len(words[-1]) > 2 and words[-1] not in NOT_NAMES and words[-1] not in lower_words:
                keys[words[-1]] += 1
    return keys


def headline_cased(line: str) -> bool:
    """Title Case or ALL CAPS: most words of four letters or more start with a capital."""
    long_words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if len(long_words) < 3:
        return False
    return sum(1 for w in long_words if w[0].isupper()) >= 0.7 * len(long_words)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def report_date(doc: EventDoc) -> date | None:
    """The report's own date: published, else the URL's /2013/04/12/, else a full date near the top."""
    if doc.published:
        return doc.published
    if doc.url:
        m = _URL_DATE.search(doc.url)
        if m and m.group(3):
            return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    head = f"{doc.title}\n{doc.text[:400]}"
    m = _FULL_DATE.search(head)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
    m = _DAY_FIRST_DATE.search(head)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
    return None


def shingle_hashes(text: str) -> tuple[frozenset[int], int]:
    words = [w.lower() for w in _TOKEN.findall(text)]
    sample: set[int] = set()
    total = 0
    for i in range(len(words) - SHINGLE_SIZE + 1):
        h = zlib.crc32(" ".join(words[i:i + SHINGLE_SIZE]).encode("utf-8"))
        if h % SHINGLE_SAMPLE == 0:
            if h not in sample:
                total += 1
            sample.add(h)
    return frozenset(sample), total


def extract_features(doc: EventDoc, people: Sequence[str] = ()) -> DocFeatures:
    """What ``doc`` brings to clustering; ``people`` are the PERSON mentions a tagger found in
    its :func:`lead_window` (none: the people features stay empty)."""
    # the title counts twice: it names the event more reliably than any body sentence
    full = f"{doc.title}\n{doc.title}\n{doc.text}" if doc.title else doc.text
    numbers = frozenset(f"{n.replace(',', '')} {w}" for n, w in _NUMBER.findall(full.lower())
                        if w not in STOPWORDS and not _YEAR.fullmatch(n))
    shingles, total = shingle_hashes(f"{doc.title}\n{doc.text}")
    years = {int(y) for y in _YEAR.findall(full)}
    rdate = report_date(doc)
    if rdate:
        years.add(rdate.year)
    return DocFeatures(
        terms=_sublinear(content_terms(full)),
        title_terms=_sublinear(content_terms(doc.title)),
        names=_sublinear(name_keys(full)),
        report_date=rdate,
        years=frozenset(years),
        numbers=numbers,
        shingles=shingles,
        shingle_total=total,
        lead_names=frozenset(name_keys(title_and_lead(doc, LEAD_CHARS))),
        lead_people=person_keys(people),
        quantities=lead_quantities(doc),
    )


def title_and_lead(doc: EventDoc, max_chars: int = 300) -> str:
    """What the embedding model reads: the title and the first sentence(s) of the body."""
    lead = doc.text[:max_chars]
    return f"{doc.title}. {lead}" if doc.title else lead
