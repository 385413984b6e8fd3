"""The half-read article every reader fills in, and its assembly into an Article.

Readers (text, markdown, HTML, JSON) turn their input into a :class:`Draft`:
raw blocks plus whatever metadata the format states outright.  The
furniture pass (:mod:`rashomon.ingest.furniture`) then moves bylines, date
lines, credits and trailers out of the blocks into candidate fields, and
:func:`build_article` settles each field from its candidates in a fixed
order of trust and lays the paragraphs out with exact offsets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from rashomon.errors import EmptySource
from rashomon.ingest.outlets import outlet_from_url
from rashomon.models import Article, Paragraph, Role

log = logging.getLogger(__name__)

# Where a field's value came from, most trusted first.  Metadata a publisher
# states outright (HTML meta tags, JSON fields) beats what the copy says; a
# byline link ("By [Outlet](#)") and the page's own domain beat a "Source:"
# trailer, which may credit a wire the outlet republished.
OUTLET_ORDER = ("explicit", "jsonld", "byline", "url", "source", "signoff", "dateline", "header",
                "masthead", "sitename", "title")
PUBLISHED_ORDER = ("explicit", "jsonld", "meta", "header", "dateline", "extractor")
ORIGIN_ORDER = ("explicit", "byline", "dateline", "source", "signoff")

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


@dataclass
class Block:
    """A paragraph-sized chunk of the input, before furniture is removed."""

    lines: list[str]
    role: Role = "body"
    heading: int = 0  # markdown heading level, or 1 for an HTML <h1>
    text: str | None = None  # set once the block's final wording is known (captions, HTML)


@dataclass
class Draft:
    source: str
    blocks: list[Block]
    markdown: bool = False
    title: str | None = None
    title_fixed: bool = False  # the format gave the title; do not look for one in the blocks
    outlets: dict[str, str] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    byline: str | None = None
    language: str | None = None
    url: str | None = None
    metadata: list[tuple[str, str]] = field(default_factory=list)

    def offer(self, slot: dict[str, str], how: str, value: str | None) -> None:
        """Record a candidate value unless one from the same place came first."""
        if value and value.strip() and how not in slot:
            slot[how] = value.strip()

    def add_meta(self, key: str, value: str | None) -> None:
        if value and value.strip() and (key, value.strip()) not in self.metadata:
            self.metadata.append((key, value.strip()))


def _first(slot: dict[str, str], order: tuple[str, ...]) -> str | None:
    for how in order:
        if how in slot:
            return slot[how]
    return None


def join_lines(lines: list[str]) -> str:
    """A block's lines as one paragraph: wrapped lines joined, list items kept on their own lines."""
    out: list[str] = []
    for ln in (ln.strip() for ln in lines):
        if not ln:
            continue
        if out and _LIST_ITEM.match(ln):
            out.append("\n" + ln)
        else:
            out.append((" " if out else "") + ln)
    return tidy("".join(out))


def tidy(text: str) -> str:
    """Collapse runs of spaces (not newlines) and trim."""
    return re.sub(r"[ \t\r\f\v\u00a0]+", " ", text).strip()


def build_article(draft: Draft) -> Article:
    """Settle the fields and lay the paragraphs out; raises EmptySource when no text is left."""
    parts: list[tuple[str, Role]] = []
    for block in draft.blocks:
        text = tidy(block.text) if block.text is not None else join_lines(block.lines)
        if text:
            parts.append((text, block.role))
    title = re.sub(r"\s+", " ", draft.title).strip() if draft.title else None
    if not any(role != "title" for _, role in parts):
        if not title:
            raise EmptySource("no article text left after removing bylines and credits",
                              source=draft.source)
        # A lone headline-like line is still the text the user gave us.
        log.debug("%s: only a title; keeping it as the body", draft.source)
        parts, title = [(title, "body")], None
    if title:
        parts.insert(0, (title, "title"))
    paragraphs: list[Paragraph] = []
    chunks: list[str] = []
    pos = 0
    for text, role in parts:
        if chunks:
            pos += 2  # the "\n\n" separator
        paragraphs.append(Paragraph(pos, pos + len(text), role))
        chunks.append(text)
        pos += len(text)
    url = draft.url
    outlets = dict(draft.outlets)
    if url and "url" not in outlets:
        guess = outlet_from_url(url)
        if guess:
            outlets["url"] = guess
    return Article(
        id="",
        source=draft.source,
        text="\n\n".join(chunks),
        paragraphs=tuple(paragraphs),
        outlet=_first(outlets, OUTLET_ORDER),
        origin=_first(draft.origins, ORIGIN_ORDER),
        title=title,
        byline=draft.byline,
        published=_first(draft.published, PUBLISHED_ORDER),
        language=draft.language or "en",
        url=url,
        metadata=tuple(draft.metadata),
    )
