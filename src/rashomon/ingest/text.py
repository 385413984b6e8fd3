"""Plain-text and markdown articles.

Paragraphs are separated by blank lines; lines inside a paragraph are
joined (hard-wrapped copy) except list items, which keep their own lines.
Markdown headings always stand alone, even without a blank line around
them, because pasted copy often omits it.
"""

from __future__ import annotations

import re

from rashomon.ingest.draft import Block, Draft, build_article
from rashomon.ingest.furniture import structure
from rashomon.ingest.markdown import heading_level, is_rule, looks_like_markdown, strip_quote
from rashomon.models import Article

# Underlines and separators in plain text ("=====", "-----"); never words.
_TEXT_RULE = re.compile(r"^\s*([=\-_*~])\1{2,}\s*$")


def split_blocks(raw: str, markdown: bool) -> list[Block]:
    """Blank-line separated blocks of raw lines (markup kept)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(lines=list(current)))
            current.clear()

    for line in raw.split("\n"):
        if not line.strip():
            flush()
            continue
        if markdown:
            heading = heading_level(line)
            if heading:
                flush()
                if heading[1].strip():
                    blocks.append(Block(lines=[heading[1]], heading=heading[0]))
                continue
            if is_rule(line):
                flush()
                continue
            line = strip_quote(line)
        elif _TEXT_RULE.match(line):
            flush()
            continue
        current.append(line.rstrip())
    flush()
    return blocks


def parse_text(raw: str, source: str, *, markdown: bool | None = None, draft: Draft | None = None) -> Article:
    """Read one plain-text or markdown article.

    ``draft`` carries fields already known from elsewhere (a JSON object's
    title or outlet); ``markdown=None`` decides from the content.
    """
    md = looks_like_markdown(raw) if markdown is None else markdown
    d = draft if draft is not None else Draft(source=source, blocks=[])
    d.blocks = split_blocks(raw, md)
    d.markdown = md
    structure(d)
    return build_article(d)
