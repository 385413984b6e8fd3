"""Units, currencies and scale words for :mod:`rashomon.analyze.quantities`.

Every measure is converted to one canonical unit per dimension so that two
reports can be compared directly ("12 miles" vs "20 kilometres")::

    length       km            area      ha          volume   m³
    mass         kg            speed     km/h        power    MW
    temperature  °C (affine)   percent   percent     rate     percentage_point
    money        money (the currency code is kept apart; currencies are never
                 converted into each other, so different currencies never compare)

Conversion factors are the international definitions (1 mile = 1.609344 km,
1 nautical mile = 1.852 km, 1 acre = 0.40468564 ha, 1 US gallon = 3.785411784 L).
"tons" is read as metric tonnes: news copy outside the US nearly always means
that, and short tons differ by only 9 %.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from text_to_num import text2num

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unit:
    """``canonical = value * factor + offset`` (offset only for temperatures)."""

    canonical: str
    dimension: str
    factor: float = 1.0
    offset: float = 0.0

    @property
    def affine(self) -> bool:
        return self.offset != 0.0 or self.dimension == "temperature"


_KM = Unit("km", "length")
_HA = Unit("ha", "area")
_M3 = Unit("m³", "volume")
_KG = Unit("kg", "mass")
_C = Unit("°C", "temperature")
_F = Unit("°C", "temperature", 5 / 9, -32 * 5 / 9)
_PCT = Unit("percent", "percent")
_PP = Unit("percentage_point", "rate")

# surface form (lower case) -> unit.  Plurals and spelling variants are listed
# rather than generated so the table can be read as documentation.
WORD_UNITS: dict[str, Unit] = {
    # length
    **dict.fromkeys(["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"], _KM),
    **dict.fromkeys(["mile", "miles", "mi"], Unit("km", "length", 1.609344)),
    **dict.fromkeys(["nautical mile", "nautical miles", "nmi"], Unit("km", "length", 1.852)),
    **dict.fromkeys(["metre", "metres", "meter", "meters"], Unit("km", "length", 1e-3)),
    **dict.fromkeys(
        ["cm", "centimetre", "centimetres", "centimeter", "centimeters"], Unit("km", "length", 1e-5)
    ),
    **dict.fromkeys(
        ["mm", "millimetre", "millimetres", "millimeter", "millimeters"], Unit("km", "length", 1e-6)
    ),
    **dict.fromkeys(["ft", "foot", "feet"], Unit("km", "length", 3.048e-4)),
    **dict.fromkeys(["inch", "inches"], Unit("km", "length", 2.54e-5)),
    **dict.fromkeys(["yard", "yards"], Unit("km", "length", 9.144e-4)),
    # area
    **dict.fromkeys(["ha", "hectare", "hectares"], _HA),
    **dict.fromkeys(["acre", "acres"], Unit("ha", "area", 0.40468564224)),
    **dict.fromkeys(
        [
            "km²",
            "km2",
            "sq km",
            "square kilometre",
            "square kilometres",
            "square kilometer",
            "square kilometers",
        ],
        Unit("ha", "area", 100.0),
    ),
    **dict.fromkeys(["square mile", "square miles", "sq mi"], Unit("ha", "area", 258.998811)),
    **dict.fromkeys(
        ["m²", "square metre", "square metres", "square meter", "square meters"], Unit("ha", "area", 1e-4)
    ),
    **dict.fromkeys(["square foot", "square feet", "sq ft"], Unit("ha", "area", 9.290304e-6)),
    # volume
    **dict.fromkeys(["m³", "m3", "cubic metre", "cubic metres", "cubic meter", "cubic meters"], _M3),
    **dict.fromkeys(["hm³", "hm3", "cubic hectometre", "cubic hectometres"], Unit("m³", "volume", 1e6)),
    **dict.fromkeys(["km³", "km3", "cubic kilometre", "cubic kilometres"], Unit("m³", "volume", 1e9)),
    **dict.fromkeys(["litre", "litres", "liter", "liters"], Unit("m³", "volume", 1e-3)),
    **dict.fromkeys(["gallon", "gallons"], Unit("m³", "volume", 3.785411784e-3)),
    **dict.fromkeys(["barrel", "barrels"], Unit("m³", "volume", 0.158987294928)),
    **dict.fromkeys(["cubic foot", "cubic feet"], Unit("m³", "volume", 0.028316846592)),
    # mass
    **dict.fromkeys(["tonne", "tonnes", "ton", "tons", "metric tons"], Unit("kg", "mass", 1000.0)),
    **dict.fromkeys(["kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"], _KG),
    **dict.fromkeys(["gram", "grams"], Unit("kg", "mass", 1e-3)),
    **dict.fromkeys(["mg", "milligram", "milligrams"], Unit("kg", "mass", 1e-6)),
    **dict.fromkeys(["microgram", "micrograms"], Unit("kg", "mass", 1e-9)),
    **dict.fromkeys(["ng", "nanogram", "nanograms"], Unit("kg", "mass", 1e-12)),
    **dict.fromkeys(["lb", "lbs", "pound", "pounds"], Unit("kg", "mass", 0.45359237)),
    # speed
    **dict.fromkeys(
        ["km/h", "kph", "kmh", "kilometres per hour", "kilometers per hour"], Unit("km/h", "speed")
    ),
    **dict.fromkeys(["mph", "miles per hour"], Unit("km/h", "speed", 1.609344)),
    **dict.fromkeys(["knot", "knots"], Unit("km/h", "speed", 1.852)),
    **dict.fromkeys(["m/s", "metres per second", "meters per second"], Unit("km/h", "speed", 3.6)),
    # power
    **dict.fromkeys(["mw", "megawatt", "megawatts"], Unit("MW", "power")),
    **dict.fromkeys(["gw", "gigawatt", "gigawatts"], Unit("MW", "power", 1000.0)),
    **dict.fromkeys(["kw", "kilowatt", "kilowatts"], Unit("MW", "power", 1e-3)),
    # temperature
    **dict.fromkeys(["°c", "ºc", "° c", "degrees celsius", "degrees c", "degree celsius", "celsius"], _C),
    **dict.fromkeys(["°f", "ºf", "° f", "degrees fahrenheit", "degrees f", "fahrenheit"], _F),
    # percentages and rates
    **dict.fromkeys(["%", "percent", "per cent", "pc", "pct"], _PCT),
    **dict.fromkeys(["percentage point", "percentage points", "pp", "ppt", "ppts"], _PP),
    **dict.fromkeys(["basis point", "basis points", "bp", "bps"], Unit("percentage_point", "rate", 0.01)),
}

# Single letters are units only when glued to the number ("45C", "113F",
# "5m"), where nothing else is likely to be meant.
GLUED_UNITS: dict[str, Unit] = {"c": _C, "f": _F, "m": WORD_UNITS["metres"], "t": WORD_UNITS["tonnes"]}

CANONICAL: dict[str, Unit] = {u.canonical: Unit(u.canonical, u.dimension) for u in WORD_UNITS.values()} | {
    "money": Unit("money", "money")
}

# Scale words; "m"/"k" only count as scales right after a currency ("$5m").
MULTIPLIERS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
}
CURRENCY_MULTIPLIERS: dict[str, float] = {"m": 1e6, "k": 1e3, "b": 1e9}

# Currency signs written before the number.  A bare "$" stays "$": an
# Australian paper's "$5 million" is not US dollars, so it must not be
# compared with a "US$3.3 million" (the comparison skips different codes).
CURRENCY_PREFIXES: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "nz$": "NZD",
    "nzd": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "$": "$",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs.": "INR",
    "rs": "INR",
    "inr": "INR",
    "₱": "PHP",
    "php": "PHP",
    "gh₵": "GHS",
    "ghs": "GHS",
    "₵": "GHS",
    "zar": "ZAR",
    "₦": "NGN",
    "ngn": "NGN",
    "kes": "KES",
    "ksh": "KES",
    "₩": "KRW",
    "₽": "RUB",
    "chf": "CHF",
    "r": "ZAR",
    "rp": "IDR",
    "idr": "IDR",
    "czk": "CZK",
    "kč": "CZK",
    "kgs": "KGS",
    "tjs": "TJS",
}
# Currency words written after the number ("512 crore rupees", "8 rupees").
CURRENCY_WORDS: dict[str, str] = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "dollars": "$",
    "dollar": "$",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "rupees": "INR",
    "rupee": "INR",
    "cedis": "GHS",
    "cedi": "GHS",
    "rand": "ZAR",
    "pesos": "PHP",
    "peso": "PHP",
    "naira": "NGN",
    "shillings": "KES",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "reais": "BRL",
    "reals": "BRL",
    "rupiah": "IDR",
    "koruna": "CZK",
    "korunas": "CZK",
    "crowns": "CZK",
    "somoni": "TJS",
    "som": "KGS",
    "francs": "CHF",
    "roubles": "RUB",
    "rubles": "RUB",
}


# Vague amounts: "hundreds of" people is at least two hundred and under a thousand.
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24, 144),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "millions": (2e6, 999_999_999),
    "billions": (2e9, 999_999_999_999),
    "tens of thousands": (2e4, 99_999),
    "hundreds of thousands": (2e5, 999_999),
    "tens of millions": (2e7, 99_999_999),
    "hundreds of millions": (2e8, 999_999_999),
}
FEW: dict[str, tuple[float, float]] = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 3)}
SCALE_WORDS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1e6}

_W1 = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_W10 = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD = rf"(?:(?:{_W10})(?:[- ](?:{_W1}))?|{_W1}|hundred|thousand|million|billion|dozen)"
WORDS_RE = re.compile(
    rf"\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{_WORD}(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*\b",
    re.I,
)
VAGUE_RE = re.compile(
    r"\b(?:(?P<few>several|a few|a couple of)\s+(?P<scale>dozen|hundred|thousand|million)"
    r"|(?P<v>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|scores|hundreds|thousands|millions|billions))\b",
    re.I,
)
POINT_RE = re.compile(
    r"\b(?:(?P<n>half\s+a|a\s+quarter(?:\s+of\s+a)?)\s+(?:percentage\s+)?|a\s+(?:full\s+)?(?:percentage\s+)?(?<=full |tage ))point\b(?!s)",
    re.I,
)


# Words around a number that make it a date, a clock time, a duration, an
# ordinal or a label ("Gate 7", "Aurelis-17") rather than a quantity.
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
DATE_RIGHT = re.compile(
    rf"^(?:\s*(?:-|–|to|and)\s*\d{{1,2}})?(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?", re.I
)
DATE_LEFT = re.compile(rf"\b(?:{MONTH}|{WEEKDAY})\.?,?\s+(?:the\s+)?$", re.I)
TIME_RIGHT = re.compile(
    r"^(?:[:.h]\d{2}\b|\s?(?:a\.?m\b|p\.?m\b|hrs\b|gmt\b|utc\b|o'clock)|\s+(?:at\s+night|in\s+the\s+(?:morning|afternoon|evening)))",
    re.I,
)
DURATION_RIGHT = re.compile(
    r"^[- ]?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|decades?|centur(?:y|ies)|quarters?)\b(?![- ]old)",
    re.I,
)
AGE_RIGHT = re.compile(r"[- ]years?[- ]old\b", re.I)
NUMERIC_DATE_RE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([./])\d{1,2}\1\d{2,4}|\d{1,3}(?:\.\d+){2,})\b"
)
ORDINAL_RIGHT = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
ID_LEFT = re.compile(
    r"(?:\b(?:no|nos|number|gate|highway|route|road|flight|section|article|room|platform|terminal|channel|page|"
    r"chapter|level|category|phase|stage|block|ward|lot|item|bill|decree|resolution|grade|line|bus|train|box|"
    r"fm|am|version|call|dial|phone|tel|fax|ext|act|case|motion|paragraph|clause|row|seat|apollo|model)\.?\s*#?"
    r"|[A-Za-z]-?|[\n^]\s*[-•*]?\s*#)$",
    re.I,
)


def words_value(words: str) -> float | None:
    w = re.sub(r"^(?:a|an)\s+", "one ", words.lower().strip())
    w = re.sub(r"\s+and\s+", " and ", w)
    try:
        if "dozen" in w:
            head, _, tail = w.partition("dozen")
            if tail.strip():
                return None
            return (text2num(head.strip(" -"), "en") if head.strip(" -") else 1) * 12.0
        if w in ("hundred", "thousand", "million", "billion"):
            return None  # a bare scale word is not a number ("by the hundred")
        return float(text2num(w, "en"))
    except ValueError:
        log.debug("not a number: %r", words)
        return None


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


# The unit right after a number (after optional space); word units must end
# at a word boundary so "m" never eats "metres" and "mi" never eats "million".
UNIT_RE = re.compile(r"[ \u00a0\u202f]?(" + _alternation(list(WORD_UNITS)) + r")(?![\w²³])", re.I)
GLUED_UNIT_RE = re.compile(r"([cftm])(?![\w²³])", re.I)
MULTIPLIER_RE = re.compile(r"[ \u00a0\u202f]?(" + _alternation(list(MULTIPLIERS)) + r")\b", re.I)
CURRENCY_MULTIPLIER_RE = re.compile(r"([mkb])\b", re.I)
CURRENCY_PREFIX_RE = re.compile(
    r"(?<![^\W\d_])(" + _alternation(list(CURRENCY_PREFIXES)) + r")[ \u00a0]?$", re.I
)
CURRENCY_WORD_RE = re.compile(r"[ \u00a0]?(" + _alternation(list(CURRENCY_WORDS)) + r")\b", re.I)


def lookup(unit: str) -> Unit | None:
    """The unit for a surface form ("miles", "°F") or canonical name ("km")."""
    key = unit.strip().lower()
    return WORD_UNITS.get(key) or CANONICAL.get(unit.strip()) or CANONICAL.get(key)


def convert(value: float, unit: str) -> tuple[float, str]:
    """``value`` in ``unit`` expressed in the canonical unit of its dimension.

    >>> convert(12, "miles")
    (19.312128, 'km')
    >>> convert(113, "°F")
    (45.0, '°C')

    An unknown unit is returned unchanged.
    """
    u = lookup(unit)
    if u is None:
        return value, unit
    return round_sig(value * u.factor + u.offset), u.canonical


def same_dimension(u1: str | None, u2: str | None) -> bool:
    """Whether two units (surface or canonical) measure the same thing.

    Two counts (``None``) are of the same dimension; a count and a measure are not.
    """
    if u1 is None or u2 is None:
        return u1 is None and u2 is None
    a, b = lookup(u1), lookup(u2)
    if a is None or b is None:
        return u1 == u2
    return a.dimension == b.dimension


def round_sig(x: float, digits: int = 10) -> float:
    """Round away binary noise (700 * 1.1 = 770.0000000000001)."""
    if x == 0 or x != x or x in (float("inf"), float("-inf")):
        return x
    return float(f"{x:.{digits}g}")
