"""Who published a report and which wire it came from.

Two small tables: well-known news domains → outlet names, and wire
agencies with the spellings they are credited under.  Anything not in the
tables falls back to a readable guess (``example-news.com`` → "Example News").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Domains whose name part does not title-case into the outlet's name.
OUTLET_DOMAINS: dict[str, str] = {
    "themoscowtimes.com": "The Moscow Times",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "afp.com": "AFP",
    "france24.com": "France 24",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "bloomberg.com": "Bloomberg",
    "theguardian.com": "The Guardian",
    "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times",
    "dailymail.co.uk": "Daily Mail",
    "aljazeera.com": "Al Jazeera",
    "cnn.com": "CNN",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "foxnews.com": "Fox News",
    "npr.org": "NPR",
    "latimes.com": "Los Angeles Times",
    "usatoday.com": "USA Today",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "axios.com": "Axios",
    "dw.com": "DW",
    "euronews.com": "Euronews",
    "rfi.fr": "RFI",
    "lemonde.fr": "Le Monde",
    "voanews.com": "Voice of America",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "ria.ru": "RIA Novosti",
    "rt.com": "RT",
    "interfax.com": "Interfax",
    "meduza.io": "Meduza",
    "kyivindependent.com": "The Kyiv Independent",
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "globaltimes.cn": "Global Times",
    "scmp.com": "South China Morning Post",
    "japantimes.co.jp": "The Japan Times",
    "straitstimes.com": "The Straits Times",
    "thehindu.com": "The Hindu",
    "hindustantimes.com": "Hindustan Times",
    "indiatimes.com": "The Times of India",
    "abc.net.au": "ABC News (Australia)",
    "smh.com.au": "The Sydney Morning Herald",
    "cbc.ca": "CBC News",
    "theglobeandmail.com": "The Globe and Mail",
    "africanews.com": "Africanews",
    "news24.com": "News24",
    "premiumtimesng.com": "Premium Times",
    "aa.com.tr": "Anadolu Agency",
}

# Canonical agency name → spellings it is credited under (matched whole-word, case-sensitive
# for the short acronyms so that "ap" in running text is never an agency).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Sputnik": ("Sputnik",),
    "Xinhua": ("Xinhua",),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",),
    "AAP": ("AAP", "Australian Associated Press"),
    "PA": ("PA", "PA Media", "Press Association"),
    "KCNA": ("KCNA",),
    "IRNA": ("IRNA",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "APS": ("APS",),
    "MENA": ("MENA",),
    "WAFA": ("WAFA",),
}

_AGENCY_LOOKUP: dict[str, str] = {
    spelling.lower(): canon for canon, spellings in AGENCIES.items() for spelling in spellings
}
# Second-level suffixes under which the registrable name is one label further left.
_TWO_LEVEL_SUFFIXES = {
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.za",
    "co.jp", "co.in", "com.br", "com.ng", "com.gh", "com.tr", "co.ke", "com.sg", "com.my",
    "com.pk", "com.ar", "com.mx", "com.cn", "com.hk", "co.kr", "com.ua",
}
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "de", "do", "da", "du", "des", "la", "le", "el", "y"}


def agency_name(text: str) -> str | None:
    """The canonical agency for a credit such as "AFP" or "The Associated Press", else None."""
    key = text.strip().strip(".").strip()
    canon = _AGENCY_LOOKUP.get(key.lower())
    if canon is None:
        return None
    # Short acronyms only count when written in capitals ("AP", not "ap").
    if len(key) <= 4 and key != key.upper() and key.lower() != "dpa":
        return None
    return canon


def find_agencies(text: str) -> list[str]:
    """Canonical agencies credited anywhere in a short credit line ("Sam Mednick / AP / TASS")."""
    found: list[str] = []
    for part in re.split(r"\s*(?:/|,|;|\band\b|&|\|)\s*", text):
        canon = agency_name(part)
        if canon and canon not in found:
            found.append(canon)
    return found


def registered_domain(url_or_host: str) -> str | None:
    """``https://www.news.example.co.uk/x`` → ``example.co.uk``."""
    host = url_or_host
    if "://" in url_or_host or url_or_host.startswith("//"):
        host = urlsplit(url_or_host).hostname or ""
    host = host.lower().strip(".").split(":")[0]
    if not host or "." not in host:
        return None
    labels = host.split(".")
    n = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    return ".".join(labels[-n:])


def outlet_from_url(url: str) -> str | None:
    """The outlet name for a URL's domain: table first, then a title-cased guess."""
    host = urlsplit(url).hostname if "://" in url else url
    if not host:
        return None
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    if host in OUTLET_DOMAINS:
        return OUTLET_DOMAINS[host]
    domain = registered_domain(host)
    if domain is None:
        return None
    if domain in OUTLET_DOMAINS:
        return OUTLET_DOMAINS[domain]
    name = domain.split(".")[0]
    if not name or name.isdigit() or name in {"localhost"}:
        return None
    words = [w for w in re.split(r"[-_]+", name) if w]
    return " ".join(w.upper() if len(w) <= 2 else w.capitalize() for w in words) or None


def smart_title(text: str) -> str:
    """Title-case an all-capitals masthead ("BANK OF GHANA" → "Bank of Ghana")."""
    if any(c.islower() for c in text):
        return text
    out = []
    for i, word in enumerate(text.split()):
        low = word.lower()
        out.append(low if i and low in _SMALL_WORDS else word[:1] + word[1:].lower())
    return " ".join(out)


OUTLET_WORDS = re.compile(
    r"\b(News|Times|Post|Journal|Tribune|Herald|Daily|Weekly|Wire|Agency|Press|Ledger|Review|"
    r"Observer|Dispatch|Today|Pulse|FM|Radio|TV|Television|Media|Gazette|Chronicle|Courier|"
    r"Telegraph|Guardian|Express|Mail|Standard|Monitor|Reporter|Magazine|Report|Insider|Star|"
    r"Sun|Mirror|Independent|Inquirer|Bulletin|Newsroom|Broadcasting|Network|Service|Online|Post)\b"
)


def looks_like_outlet(text: str) -> bool:
    """Whether a short name reads like a publication rather than a person."""
    return bool(OUTLET_WORDS.search(text)) or text.startswith("The ") or agency_name(text) is not None
