"""Wire datelines at the head of the first body paragraph.

``GENEVA, 3 March 2025 (Reuters) -`` and ``NIAMEY, April 12 (AFP) —`` are
furniture: the place, date and agency go to metadata / ``published`` /
``origin`` and the rest of the paragraph stays.  A place-only dateline
(``MANILA — A ferry sank``) is left in the text: without a date or an agency
it is part of the sentence as printed, and removing it buys nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.ingest.dates import find_date, find_partial_date
from rashomon.ingest.outlets import agency_name, looks_like_outlet

_UP = "A-ZÀ-ÖØ-Þ"
# Capitals: "SANTA CRUZ DO SUL", "BISHKEK/DUSHANBE", "ST. LOUIS".
_PLACE_CAPS = rf"[{_UP}][{_UP}'’.\-]*(?:[ /][{_UP}][{_UP}'’.\-]*)*"
# Any capitalised words; only trusted when an agency in brackets follows.
_PLACE_ANY = rf"[{_UP}][\w'’.\-]*(?:[ /][{_UP}][\w'’.\-]*)*"
_REGION = rf"(?:,\s*[{_UP}][\w'’.\-]*(?:\s+(?:[{_UP}][\w'’.\-]*|do|de|da|del|of|and))*)"
_DASH = r"(?:—|–|--|-|:)"
_AGENCY = r"\((?P<agency>[^()]{2,60})\)"

_WIRE = re.compile(
    rf"^(?P<place>{_PLACE_ANY})(?P<region>{_REGION})?\s*,\s*(?P<date>[^()]{{3,40}}?)\s*{_AGENCY}\s*{_DASH}\s+")
_WIRE_UNDATED = re.compile(rf"^(?P<place>{_PLACE_ANY})(?P<region>{_REGION})?\s*{_AGENCY}\s*{_DASH}\s+")
_DATED = re.compile(
    rf"^(?P<place>{_PLACE_CAPS})(?P<region>{_REGION})?\s*,\s*(?P<date>[^()—–]{{3,40}}?)\s*(?:—|–|--)\s+")
_PLACE_ONLY = re.compile(rf"^(?P<place>{_PLACE_CAPS})(?P<region>{_REGION})?\s*(?:—|–|--)\s+")


@dataclass(frozen=True)
class Dateline:
    end: int  # characters to remove from the paragraph (0: keep the text as it is)
    place: str
    date_text: str | None
    iso: str | None  # full date when the dateline gives a year
    agency: str | None


def _date_ok(text: str) -> tuple[str | None, bool]:
    """(iso or None, whether the text is a date at all) for a dateline's date part."""
    full = find_date(text)
    if full:
        rest = text[: full.start] + text[full.end:]
        return full.iso, len(rest.split()) <= 2
    part = find_partial_date(text)
    if part:
        rest = text[: part[0]] + text[part[1]:]
        return None, len(rest.split()) <= 2
    return None, False


def _place(m: re.Match[str]) -> str:
    region = (m.group("region") or "").lstrip(", ").strip()
    return m.group("place").strip() + (", " + region if region else "")


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, or None."""
    head = paragraph[:200]
    m = _WIRE.match(head)
    if m:
        iso, ok = _date_ok(m.group("date"))
        if ok:
            return Dateline(m.end(), _place(m), m.group("date").strip(), iso, m.group("agency").strip())
    m = _WIRE_UNDATED.match(head)
    if m and (m.group("place").isupper() or agency_name(m.group("agency"))
              or looks_like_outlet(m.group("agency"))):
        return Dateline(m.end(), _place(m), None, None, m.group("agency").strip())
    m = _DATED.match(head)
    if m:
        iso, ok = _date_ok(m.group("date"))
        if ok:
            return Dateline(m.end(), _place(m), m.group("date").strip(), iso, None)
    m = _PLACE_ONLY.match(head)
    if m and len(m.group("place")) >= 3:
        return Dateline(0, _place(m), None, None, None)
    return None
