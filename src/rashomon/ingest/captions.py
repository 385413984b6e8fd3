"""Photo captions and their credits.

A caption is kept (role "caption") because its words can carry facts, but
its photo credit is furniture.  Recognition is deliberately conservative:
a block only becomes a caption when it says so ("Photo:", "Caption:", an
image) or ends with something that can only be a credit (a bold or
slash-separated credit naming a photographer or a photo agency).  A normal
body paragraph must stay body, so an unmarked short paragraph never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.ingest.outlets import find_agencies

# Longest caption text we accept for the credit-only patterns; real captions
# run 10-40 words, and body paragraphs ending in bold are usually longer.
MAX_CAPTION_WORDS = 60

_IMAGE_START = re.compile(r"^!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*(?P<rest>.*)$", re.S)
_ITALIC_WRAP = re.compile(r"^(?:\*(?!\*)(?P<a>.+)\*|_(?!_)(?P<b>.+)_)$", re.S)
_LABEL = re.compile(
    r"^(?:\*\*|__)?(?:photo caption|caption|photo|picture|image|pictured|above|top image|main image)"
    r"\s*:\s*(?:\*\*|__)?\s*(?P<rest>.+)$", re.I | re.S)
_BOLD_CREDIT = re.compile(r"^(?P<text>.+?[.!?\"”’)])\s*(?:\*\*|__)(?P<credit>[^*_]{2,80})(?:\*\*|__)\s*$", re.S)
_PAREN_PHOTO_CREDIT = re.compile(
    r"^(?P<text>.+?)\s*\((?:photo|picture|image|credit|photo credit|photograph)\s*:\s*(?P<credit>[^()]{2,80})\)\s*$",
    re.I | re.S)
_TRAILING_PHOTO_CREDIT = re.compile(
    r"^(?P<text>.+?[.!?\"”’])\s+(?:photo|picture|credit|photo credit|photograph)\s*:\s*(?P<credit>[^.]{2,80})$",
    re.I | re.S)
_SLASH_CREDIT = re.compile(
    r"^(?P<text>.+?[.!?\"”’])\s+(?P<credit>[A-Z][\w.'’ -]{1,40}(?:\s*/\s*[A-Z][\w.&'’ -]{1,30})+)$", re.S)
_TRAILING_PAREN = re.compile(r"^(?P<text>.+?)\s*\((?P<credit>[^()]{2,60})\)\s*\.?$", re.S)
_PHOTO_WORDS = re.compile(r"\b(?:photo|photos|getty|images|shutterstock|pool|handout|file|via|courtesy|stringer)\b",
                          re.I)


@dataclass(frozen=True)
class Caption:
    text: str  # the caption's words, markup still in place for markdown
    credit: str | None


def _words(text: str) -> int:
    return len(text.split())


def _credit_like(credit: str) -> bool:
    """Whether a short trailing phrase is a photo credit rather than prose."""
    credit = credit.strip()
    if not credit or _words(credit) > 8 or credit.endswith((".", ":", ",")):
        return False
    if "/" in credit or find_agencies(credit) or _PHOTO_WORDS.search(credit):
        return True
    # A bare photographer's name: every word capitalised.
    return all(w[:1].isupper() or w in {"de", "van", "von", "da", "al", "bin", "-"} for w in credit.split())


def _split_trailing_credit(text: str) -> tuple[str, str | None]:
    """"Shoes left behind. (Daily Klaxon)" → ("Shoes left behind.", "Daily Klaxon")."""
    m = _TRAILING_PAREN.match(text)
    if m and _credit_like(m.group("credit")):
        return m.group("text").strip(), m.group("credit").strip()
    for rx in (_PAREN_PHOTO_CREDIT, _TRAILING_PHOTO_CREDIT):
        m = rx.match(text)
        if m:
            return m.group("text").strip(), m.group("credit").strip()
    m = _BOLD_CREDIT.match(text)
    if m and _credit_like(m.group("credit")):
        return m.group("text").strip(), m.group("credit").strip()
    return text.strip(), None


def find_caption(raw: str) -> Caption | None:
    """The caption in one block of raw text (markdown markup kept), or None for body text."""
    text = " ".join(raw.split())
    m = _IMAGE_START.match(text)
    if m:
        words, credit = _split_trailing_credit((m.group("alt") + " " + m.group("rest")).strip())
        return Caption(words, credit)
    m = _ITALIC_WRAP.match(text)
    inner = (m.group("a") or m.group("b")).strip() if m else text
    m = _LABEL.match(inner)
    if m:
        words, credit = _split_trailing_credit(m.group("rest"))
        return Caption(words, credit)
    for rx in (_BOLD_CREDIT, _PAREN_PHOTO_CREDIT, _TRAILING_PHOTO_CREDIT, _SLASH_CREDIT):
        m = rx.match(inner)
        if not m or _words(m.group("text")) > MAX_CAPTION_WORDS:
            continue
        credit = m.group("credit").strip()
        if rx is _SLASH_CREDIT and not (find_agencies(credit) or _PHOTO_WORDS.search(credit)):
            continue
        if rx is _BOLD_CREDIT and not _credit_like(credit):
            continue
        return Caption(m.group("text").strip(), credit)
    return None
