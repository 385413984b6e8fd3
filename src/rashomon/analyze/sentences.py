"""Sentences with character offsets into the article text.

spaCy's parser finds sentence boundaries; we add two constraints it does not
know about: a paragraph break always ends a sentence (so a title or caption
never runs into the body), and a "sentence" that starts in lower case or
inside an open quotation is glued back to the one before it (the small model
splits after "..." and inside quotes).
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.models import Paragraph, Role, Sentence

STAGE_VERSION = "rashomon.sentences.v1"

_SENTENCE_END = frozenset({".", "!", "?", "…", "”", '"', ":", ";", ")"})
_OPEN_QUOTES = "“\""
_CLOSE_QUOTES = "”\""


def mark_paragraph_starts(doc):  # spaCy component: Doc -> Doc
    """Force a sentence start after every line break (runs before the parser)."""
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            if not tok.is_space:
                tok.is_sent_start = True
        elif tok.text[:1].islower() and not prev.is_space and prev.text not in _SENTENCE_END:
            # "100 people were evacuated": the small model sometimes opens a sentence at
            # "people"; a lower-case word after a non-final token never starts one
            tok.is_sent_start = False
    return doc


def _role_at(paragraphs: Sequence[Paragraph], offset: int) -> tuple[Role, int, int] | None:
    for p in paragraphs:
        if p.start <= offset < p.end:
            return p.role, p.start, p.end
    return None


def _quote_balance(text: str) -> int:
    """Open curly/straight quotes minus closed ones (straight quotes alternate)."""
    opened = text.count("“") - text.count("”")
    straight = text.count('"')
    return opened + (straight % 2)


def split_sentences(doc, paragraphs: Sequence[Paragraph]) -> list[Sentence]:
    """Sentences of ``doc`` (parsed over the whole article text), clipped to paragraphs."""
    text = doc.text
    spans: list[tuple[int, int, Role]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        # clip at paragraph boundaries; a spaCy sentence may straddle two
        pos = start
        while pos < end:
            where = _role_at(paragraphs, pos)
            if where is None:
                pos += 1
                continue
            role, _pstart, pend = where
            seg_end = min(end, pend)
            spans.append((pos, seg_end, role))
            pos = seg_end
    # trim whitespace and merge fragments
    merged: list[list] = []
    for start, end, role in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged:
            pstart, pend, prole = merged[-1]
            same_para = prole == role and "\n" not in text[pend:start]
            first = text[start]
            glue = same_para and (
                first.islower()
                or first in ",;:)]…"
                or _quote_balance(text[pstart:pend]) > 0
                or not any(ch.isalnum() for ch in text[start:end])
            )
            if glue:
                merged[-1][1] = end
                continue
        merged.append([start, end, role])
    return [Sentence(i=i, start=s, end=e, text=text[s:e], role=r) for i, (s, e, r) in enumerate(merged)]
