"""Small text helpers shared by the report view: values, links, quotes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) URL, else None (no ``javascript:`` links)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _number(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str("" if x is None else x)
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:,.6g}"


def format_value(value: Any) -> str:
    """A normalised conflict value for people: intervals as ``low–high``."""
    if isinstance(value, Mapping):
        if "low" in value or "high" in value:
            low, high = value.get("low"), value.get("high")
            if low == high or high is None:
                shown = _number(low)
            elif low is None:
                shown = _number(high)
            else:
                shown = f"{_number(low)}–{_number(high)}"
            unit = value.get("unit") or value.get("currency")
            return f"{shown} {unit}" if isinstance(unit, str) and unit else shown
        if "first" in value or "last" in value:
            # A date or period: as written in ISO form ("2023-12"), else its first and last day.
            first, last, written = value.get("first"), value.get("last"), value.get("value")
            if isinstance(written, str) and written:
                shown = written
            elif first == last or last is None:
                shown = _number(first)
            elif first is None:
                shown = _number(last)
            else:
                shown = f"{first}–{last}"
            time = value.get("time")
            return f"{shown} {time}" if isinstance(time, str) and time else shown
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    return _number(value)


def split_around(sentence: str, text: str) -> tuple[str, str, str]:
    """``sentence`` as (before, text, after); ``(sentence, "", "")`` if text is not in it."""
    at = sentence.find(text) if text else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], text, sentence[at + len(text):]
