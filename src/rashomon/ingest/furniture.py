"""Separate an article's words from the furniture around them.

Furniture is everything a reader skips: mastheads, bylines, date lines,
photo credits, "Related article:" and "Original url:" lines, "Source: X"
trailers, press-release marks ("-ENDS-", "###", "Media contact:") and
share/subscribe prompts.  It must not reach ``Article.text`` (it would turn
into claims), but much of it says who published what and when, so it is
moved into the draft's candidate fields and metadata.

Three passes over the draft's blocks, then the dateline of the first body
paragraph:

* anywhere: end marks, "Original url", "Related article", share prompts,
  captions;
* trailer, from the bottom: "Source:", "(Agency)" sign-offs, reporting
  credits, contacts, copyright lines;
* header, from the top (:mod:`rashomon.ingest.header`): masthead, title,
  bylines, date lines, release labels.
"""

from __future__ import annotations

import logging
import re

from rashomon.ingest.captions import find_caption
from rashomon.ingest.datelines import find_dateline
from rashomon.ingest.draft import Block, Draft, join_lines, tidy
from rashomon.ingest.header import plain_line, pull_header, word_count
from rashomon.ingest.markdown import strip_inline
from rashomon.ingest.outlets import agency_name

log = logging.getLogger(__name__)

_SOURCE = re.compile(r"^sources?\s*:\s*(?P<rest>.+)$", re.I)
_PAREN_LINE = re.compile(r"^\((?P<inner>[^()]{2,100})\)\.?$")
_CREDITS = re.compile(r"^(?:\(?\s*)(?:reporting|writing|editing|edited|additional reporting|compiled|"
                      r"translated|written)\s+(?:by\b|from\b)", re.I)
_ISSUED = re.compile(r"^issued by\s*:?\s*(?P<rest>.+)$", re.I)
_CONTACT = re.compile(r"^(?:(?:media|press|news)\s+(?:contacts?|enquiries|inquiries|office)|contacts?|"
                      r"for (?:more|further) information|for media (?:enquiries|inquiries))\b\s*:?", re.I)
_END_MARK = re.compile(r"^(?:-+\s*ends?\s*-+|ends|end|###|#\s#\s#|-\s*30\s*-|\*\s*\*\s*\*)$", re.I)
_ORIGINAL_URL = re.compile(r"^original\s+(?:url|link|article|source)\s*:?\s*(?P<rest>.*)$", re.I)
_URL_LINE = re.compile(r"^<?(?P<url>https?://[^\s<>]+)>?$")
_RELATED = re.compile(r"^(?:related(?: article| articles| story| stories| coverage| content| reading)?|"
                      r"read more|read also|also read|see also|more on this(?: story)?|recommended)\s*:\s*(?P<rest>.*)$",
                      re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b|all rights reserved)", re.I)
_TAGS = re.compile(r"^(?:tags|topics|filed under|categories)\s*:", re.I)
_SHARE = re.compile(
    r"^(?:share(?: this| this article| this story| on \w+| via \w+)?|tweet|email|print|advertisement|"
    r"subscribe(?: now| today| to .+)?|sign up(?: .+)?|follow us(?: on .+)?|follow .+ on (?:twitter|x|facebook|"
    r"instagram|telegram|whatsapp).*|click here .+|listen to this article.*|download (?:our|the) app.*|"
    r"support (?:our|independent) journalism.*|newsletter.*|comments?|leave a comment)$", re.I)


# --- anywhere ---------------------------------------------------------------------------------

def _is_share(plain: str) -> bool:
    return word_count(plain) <= 12 and bool(_SHARE.match(plain.rstrip(".!:")))


def _pull_anywhere(draft: Draft) -> None:
    kept: list[Block] = []
    blocks = draft.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        lines = [ln for ln in block.lines if ln.strip()]
        first = plain_line(draft, lines[0]) if lines else ""
        if kept and not block.heading and _END_MARK.match(first):
            # Everything after a press release's end mark is boilerplate ("About X", contacts).
            for rest in blocks[i + 1:]:
                joined = " ".join(plain_line(draft, ln) for ln in rest.lines)
                if _CONTACT.match(joined):
                    draft.add_meta("media_contact", _CONTACT.sub("", joined).strip(" :"))
            break
        m = _ORIGINAL_URL.match(first) if not block.heading else None
        if m:
            value = m.group("rest").strip() or " ".join(plain_line(draft, ln) for ln in lines[1:])
            if not value and i + 1 < len(blocks) and blocks[i + 1].lines:
                nxt = plain_line(draft, " ".join(blocks[i + 1].lines))
                if _URL_LINE.match(nxt):
                    value = nxt
                    i += 1
            url = _URL_LINE.match(value.strip("<> "))
            if url:
                draft.add_meta("original_url", url.group("url"))
                draft.url = draft.url or url.group("url")
            i += 1
            continue
        body_lines = []
        for ln in lines:
            plain = plain_line(draft, ln)
            rel = _RELATED.match(plain)
            if rel:
                draft.add_meta("related", rel.group("rest").strip())
            elif _is_share(plain) and len(lines) <= 3:
                draft.add_meta("furniture", plain)
            else:
                body_lines.append(ln)
        if not body_lines:
            i += 1
            continue
        block.lines = body_lines
        if not block.heading and block.text is None:
            cap = find_caption("\n".join(body_lines))
            if cap is not None:
                if cap.credit:
                    draft.add_meta("photo_credit", plain_line(draft, cap.credit))
                block.role = "caption"
                block.text = plain_line(draft, cap.text)
                if not block.text:
                    i += 1
                    continue
        kept.append(block)
        i += 1
    draft.blocks = kept


# --- trailer ----------------------------------------------------------------------------------

def _source_name(value: str) -> str:
    """"Metro Money FM 104.9 newsroom, Accra" → "Metro Money FM 104.9".

    Trailing comma parts that are a department or a place (one or two
    capitalised words) are dropped; longer parts stay,
    since they are often part of the name ("Ministry of Health, Population and
    Social Affairs").
    """
    parts = [p.strip() for p in value.split(",")]
    dept = re.compile(r"\b(?:department|communications?|office|desk|unit|newsroom|bureau|press service)\b", re.I)

    def droppable(part: str) -> bool:
        words = part.split()
        return (dept.search(part) is not None
                or (len(words) <= 2 and all(w[:1].isupper() for w in words)))

    while len(parts) > 1 and droppable(parts[-1]):
        parts.pop()
    name = ", ".join(parts)
    trail = (r"\s+(?:(?:provincial|corporate|national|regional)\s+)?(?:communications?|newsroom|news desk|desk|"
             r"media release|press release|press office|media office|statement|website|press service)$")
    while True:
        shorter = re.sub(trail, "", name, flags=re.I).strip()
        if shorter == name or not shorter:
            return name
        name = shorter


def _trailer_line(draft: Draft, plain: str, apply: bool) -> bool:
    """Whether a line is trailer furniture; with ``apply``, file its contents."""
    m = _SOURCE.match(plain)
    if m and word_count(plain) <= 16:
        if apply:
            value = m.group("rest").strip().rstrip(".")
            draft.add_meta("source_credit", value)
            canon = agency_name(value)
            if canon:
                draft.offer(draft.origins, "source", canon)
            else:
                draft.offer(draft.outlets, "source", _source_name(value))
        return True
    m = _PAREN_LINE.match(plain)
    if m:
        inner = m.group("inner").strip()
        if _CREDITS.match(inner):
            if apply:
                draft.add_meta("credits", inner)
            return True
        if word_count(inner) <= 6:
            if apply:
                draft.add_meta("signoff", inner)
                draft.offer(draft.origins, "signoff", agency_name(inner) or inner)
                if not agency_name(inner):
                    draft.offer(draft.outlets, "signoff", inner)
            return True
        return False
    if _CREDITS.match(plain) and word_count(plain) <= 20:
        if apply:
            draft.add_meta("credits", plain)
        return True
    m = _ISSUED.match(plain)
    if m:
        if apply:
            draft.add_meta("issued_by", m.group("rest").strip())
        return True
    m = _ORIGINAL_URL.match(plain) or _URL_LINE.match(plain)
    if m:
        if apply:
            url = m.groupdict().get("url") or m.groupdict().get("rest", "")
            if url:
                draft.add_meta("original_url", url.strip("<> "))
                draft.url = draft.url or url.strip("<> ")
        return True
    if _END_MARK.match(plain) or _COPYRIGHT.match(plain) or _TAGS.match(plain) or _is_share(plain):
        if apply:
            draft.add_meta("furniture", plain)
        return True
    return False


def _pull_trailer(draft: Draft) -> None:
    while draft.blocks:
        block = draft.blocks[-1]
        if block.role == "caption" or block.heading:
            break
        plains = [plain_line(draft, ln) for ln in block.lines if ln.strip()]
        if plains and _CONTACT.match(plains[0]) and word_count(" ".join(plains)) <= 60:
            draft.add_meta("media_contact", _CONTACT.sub("", " ".join(plains)).strip(" :"))
        elif plains and all(_trailer_line(draft, p, apply=False) for p in plains):
            for p in plains:
                _trailer_line(draft, p, apply=True)
        else:
            break
        draft.blocks.pop()


# --- dateline ---------------------------------------------------------------------------------

def _finalize(draft: Draft) -> None:
    """Fix each block's wording: lines joined, markup removed."""
    for block in draft.blocks:
        if block.text is None:
            joined = join_lines(block.lines)
            block.text = tidy(strip_inline(joined)) if draft.markdown else joined


def _pull_dateline(draft: Draft) -> None:
    for block in draft.blocks:
        if block.role != "body" or block.heading:
            continue
        text = block.text or ""
        dl = find_dateline(text)
        if dl is None:
            return
        draft.add_meta("dateline_place", dl.place)
        if dl.date_text:
            draft.add_meta("dateline_date", dl.date_text)
        if dl.iso:
            draft.offer(draft.published, "dateline", dl.iso)
        if dl.agency:
            draft.offer(draft.origins, "dateline", agency_name(dl.agency) or dl.agency)
            draft.offer(draft.outlets, "dateline", dl.agency)
        if dl.end:
            block.text = text[dl.end:].lstrip()
        return


def structure(draft: Draft) -> None:
    """Run the furniture passes over a draft's blocks, in place."""
    _pull_anywhere(draft)
    # Trailer before header: a file holding nothing but a "Source:" line must come out
    # empty, not with that line taken for its headline.
    _pull_trailer(draft)
    pull_header(draft)
    _finalize(draft)
    _pull_dateline(draft)
    log.debug("%s: %d blocks after furniture", draft.source, len(draft.blocks))
