"""The top of an article: masthead, headline, byline, date line, release label.

Read from the first block down, stopping at the first block of running text.
Each line is classified (byline, date line, release label, "Subject:",
capitals, other); a stack of short lines above the headline is a masthead
(organisation, label, date), the first other short line is the headline.
What is found goes into the draft's candidate fields, not the text -- except
an issued statement's "Place, date" line (see :func:`_is_issued_document`).
"""

from __future__ import annotations

import re

from rashomon.ingest.dates import DateMatch, find_date
from rashomon.ingest.draft import Block, Draft, tidy
from rashomon.ingest.markdown import strip_inline
from rashomon.ingest.outlets import agency_name, looks_like_outlet, smart_title

_WEEKDAYS_MONTHS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
                    r"april|may|june|july|august|september|october|november|december")
_BYLINE = re.compile(rf"^by\s+(?!(?:{_WEEKDAYS_MONTHS}|the end|then|now|noon|midnight|dawn|dusk|late|early|"
                     r"mid|last|next|this|that|contrast|comparison|law|far|most|all|some)\b)(?P<rest>\S.*)$", re.I)
_DATE_KEYWORD = re.compile(r"^(?:by\b|posted\b|published\b|first published\b|updated\b|last updated\b|"
                           r"date\s*:|dated\b|issued\b|released\b|on\b|at\b)", re.I)
_STAFF = re.compile(r"\b(?:staff|reporters?|desk|newsroom|correspondents?|team|bureau|editors?|writers?)$", re.I)
_TIME_SEG = re.compile(r"^(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?\s*(?:[A-Z]{2,5})?$", re.I)
_CONNECTORS = {"of", "the", "and", "for", "in", "on", "at", "de", "do", "da", "du", "del", "la", "le", "&", "-"}
_SEPARATORS = r"·|\||—|–|•|,|;|\s-\s"
_LABEL = re.compile(
    r"^(?P<label>for immediate release|immediate release|press release|media release|news release|"
    r"media statement|press statement|official statement|statement|official note|communiqu[eé]|"
    r"press note|media advisory|joint statement|information note|news brief)\b\s*(?P<rest>.*)$", re.I)
_SUBJECT = re.compile(r"^(?:subject|subj|re|object|objet)\s*:\s*(?P<rest>.+)$", re.I)


def plain_line(draft: Draft, raw: str) -> str:
    """A line as words, markup removed, for matching."""
    text = strip_inline(raw) if draft.markdown else raw
    return tidy(text)


def word_count(text: str) -> int:
    return len(text.split())


def _segments_ok(segments: list[str]) -> bool:
    """Whether the parts of a line around its date are all furniture-like."""
    for seg in segments:
        seg = seg.strip().rstrip(".:").strip()
        if not seg or _DATE_KEYWORD.match(seg) or _STAFF.search(seg) or _TIME_SEG.match(seg):
            continue
        words = seg.split()
        if len(words) > 6:
            return False
        if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS or not w[:1].isalpha()
                   for w in words):
            return False
    return True


def _date_line(plain: str) -> DateMatch | None:
    """The date of a header line made of a date and furniture ("Accra, Monday, 24 March 2025")."""
    if word_count(plain) > 25:
        return None
    found = find_date(plain)
    if found is None:
        return None
    rest = plain[: found.start] + " | " + plain[found.end:]
    return found if _segments_ok(re.split(_SEPARATORS, rest)) else None


def _apply_date_line(draft: Draft, plain: str, found: DateMatch) -> None:
    draft.offer(draft.published, "header", found.iso)
    before, after = plain[: found.start], plain[found.end:]
    place = None
    m = re.search(rf"(?:^|{_SEPARATORS})\s*([^·|—–•,;]+?)\s*([·,]|\s-\s)?\s*$", before)
    if m and m.group(1).strip() and (m.group(2) or m.end(1) == len(before.rstrip())):
        place = m.group(1).strip()
    elif not before.strip():
        m = re.match(r"^\s*[,·]\s*([^·|—–•,;]+?)\.?\s*$", after)
        place = m.group(1).strip() if m else None
    for seg in re.split(_SEPARATORS, before + " | " + after):
        seg = seg.strip().rstrip(".").strip()
        if not seg or _TIME_SEG.match(seg):
            continue
        if _BYLINE.match(seg) or _STAFF.search(seg):
            _apply_byline(draft, seg, seg)
        elif seg == place and not looks_like_outlet(seg) and word_count(seg) <= 4 and not _DATE_KEYWORD.match(seg):
            draft.add_meta("dateline_place", seg)
        elif _DATE_KEYWORD.match(seg):
            continue
        elif looks_like_outlet(seg) and agency_name(seg) is None:
            draft.offer(draft.outlets, "header", seg)
        else:
            draft.add_meta("section", seg)


def _apply_byline(draft: Draft, raw: str, plain: str) -> None:
    """Credit the byline's agencies as origin and a linked outlet ("By [Outlet](#)") as outlet."""
    links = re.findall(r"\[([^\]]+)\]\(([^)]*)\)", raw)
    rest = re.sub(r"^by\s+", "", plain, flags=re.I).strip()
    parts = re.split(r"\s+(?:—|–|\||·|-)\s+", rest)
    who = parts[0].strip()
    for extra in parts[1:]:
        found = _date_line(extra)
        if found:
            draft.offer(draft.published, "header", found.iso)
        elif extra.strip():
            draft.add_meta("section", extra.strip())
    if draft.byline is None and who:
        draft.byline = who
    for text, href in links:
        canon = agency_name(text)
        if canon:
            draft.offer(draft.origins, "byline", canon)
        elif href.strip() in ("", "#") or looks_like_outlet(text):
            draft.offer(draft.outlets, "byline", text.strip())
    names = re.split(r",\s*|\s+and\s+|\s+&\s+|\s+with\s+|\s+for\s+", who)
    for name in names:
        canon = agency_name(name)
        if canon:
            draft.offer(draft.origins, "byline", canon)
    m = re.search(r"\s(?:with|and)\s+(?P<wire>.+)$", who)
    if m and (agency_name(m.group("wire")) or looks_like_outlet(m.group("wire"))):
        draft.offer(draft.origins, "byline", agency_name(m.group("wire")) or m.group("wire").strip())
    if not links and _STAFF.search(who):
        # "By Orbit Ledger staff", "Thompson Valley News staff": the outlet wrote it.
        name = re.sub(r"^the\s+", "", _STAFF.sub("", who).strip(), flags=re.I)
        name = re.sub(r"(?:\s+[a-z][\w-]*)+$", "", name).strip()
        if name and looks_like_outlet(name):
            draft.offer(draft.outlets, "byline", name)


def _is_byline(plain: str) -> bool:
    return bool(_BYLINE.match(plain)) and word_count(plain) <= 20 and not plain.endswith(".")


def _is_caps(plain: str) -> bool:
    letters = [c for c in plain if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def _label(plain: str) -> re.Match[str] | None:
    m = _LABEL.match(plain)
    if not m:
        return None
    if m.group("label").isupper() or not m.group("rest") or re.match(r"^(?:no\.?|n°|#)\s*\S+$", m.group("rest"), re.I):
        return m
    return None


def _is_nav(plain: str) -> bool:
    """A menu pasted with the copy: "Home | News | Sport | Weather"."""
    parts = [p.strip() for p in re.split(r"\s[|·•»>]\s", plain)]
    return len(parts) >= 3 and all(p and word_count(p) <= 3 for p in parts)


def _kind(plain: str) -> str:
    if _is_byline(plain):
        return "byline"
    if _date_line(plain):
        return "date"
    if _label(plain):
        return "label"
    if _SUBJECT.match(plain) and word_count(plain) <= 30:
        return "subject"
    if _is_nav(plain):
        return "nav"
    if _is_caps(plain):
        return "caps"
    return "other"


def _title_like(plain: str) -> bool:
    return 1 <= word_count(plain) <= 30 and len(plain) <= 300 and not plain.endswith((".", ":", ";", ",")) \
        and not plain[:1].islower()


_ISSUING_LINE = re.compile(r"^[A-ZÀ-Þ][\w'’. -]{1,40},\s*$")


def _apply_furniture(draft: Draft, raw: str, plain: str, kind: str, need_title: bool,
                     keep: list[str] | None = None) -> bool:
    """Apply one header line; returns True when the line set the title.

    ``keep`` collects lines that stay in the text: the "Place, date" issuing
    line of an official statement (see :func:`_is_issued_document`).
    """
    if kind == "byline":
        _apply_byline(draft, raw, plain)
    elif kind == "date":
        found = _date_line(plain)
        if found:
            _apply_date_line(draft, plain, found)
            if keep is not None and _ISSUING_LINE.match(plain[: found.start]) \
                    and not plain[found.end:].strip(" .,"):
                keep.append(plain)
    elif kind == "label":
        m = _label(plain)
        assert m is not None
        draft.add_meta("release", plain)
        rest = re.split(r"\s+(?:—|–|-|:)\s+", m.group("rest"), maxsplit=1)
        if need_title and len(rest) == 2 and _title_like(rest[1]):
            draft.title = rest[1].strip()
            return True
    elif kind == "subject":
        m = _SUBJECT.match(plain)
        assert m is not None
        if need_title:
            draft.title = m.group("rest").strip()
            return True
        draft.add_meta("subject", m.group("rest").strip())
    return False


def _is_masthead(lines: list[str], kinds: list[str]) -> bool:
    """A stack of short lines above the headline: organisation, release label, date."""
    if not 2 <= len(lines) <= 6:
        return False
    for plain, kind in zip(lines, kinds, strict=True):
        if kind in ("date", "label"):
            continue
        if word_count(plain) > 12 or plain.endswith((".", ";", ",")):
            return False
    has_marker = any(k in ("date", "label") for k in kinds)
    return has_marker or all(k == "caps" for k in kinds)


def _is_issued_document(draft: Draft) -> bool:
    """Whether the copy is an issued statement (masthead or release label) rather than a news report.

    A statement's "Niamey, 10 April 2025" line is part of the document as
    issued -- the statement's own record of when and where it was made, which
    other reports cite ("the ministry said on Thursday") -- so it stays in the
    text.  A news report's date line is the publisher's furniture and goes.
    """
    for block in draft.blocks[:4]:
        plains = [plain_line(draft, ln) for ln in block.lines if ln.strip()]
        if any(_label(p) for p in plains) or _is_masthead(plains, [_kind(p) for p in plains]):
            return True
    return False


def pull_header(draft: Draft) -> None:
    keep: list[str] = []
    end = _pull_header_blocks(draft, keep if _is_issued_document(draft) else None)
    if keep:
        draft.blocks.insert(end, Block(lines=[" ".join(keep)]))


def _pull_header_blocks(draft: Draft, keep: list[str] | None) -> int:
    """Remove the header blocks; returns the index where the body starts."""
    blocks = draft.blocks
    furniture = ("byline", "date", "label", "subject", "nav")
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "caption":
            i += 1
            continue
        need_title = draft.title is None and not draft.title_fixed
        if block.heading:
            if need_title:
                draft.title = plain_line(draft, " ".join(block.lines))
                del blocks[i]
                continue
            break
        raws = [ln for ln in block.lines if ln.strip()]
        plains = [plain_line(draft, ln) for ln in raws]
        kinds = [_kind(p) for p in plains]
        if all(k in furniture for k in kinds):
            for raw, plain, kind in zip(raws, plains, kinds, strict=True):
                need_title = not _apply_furniture(draft, raw, plain, kind, need_title, keep) and need_title
            del blocks[i]
            continue
        if not need_title:
            break
        if _is_masthead(plains, kinds):
            masthead = [p for p, k in zip(plains, kinds, strict=True) if k not in furniture]
            for raw, plain, kind in zip(raws, plains, kinds, strict=True):
                if kind in furniture:
                    _apply_furniture(draft, raw, plain, kind, False, keep)
            for line in masthead:
                draft.add_meta("masthead", line)
            if masthead:
                name, *section = re.split(r"\s+(?:—|–|\|)\s+", masthead[0], maxsplit=1)
                draft.offer(draft.outlets, "masthead", smart_title(name.strip().strip('"')))
                for sec in section:
                    draft.add_meta("section", sec)
            del blocks[i]
            continue
        others = [j for j, k in enumerate(kinds) if k not in furniture]
        if len(others) == 1 and _title_like(plains[others[0]]):
            for j, (raw, plain, kind) in enumerate(zip(raws, plains, kinds, strict=True)):
                if j != others[0]:
                    _apply_furniture(draft, raw, plain, kind, False, keep)
            draft.title = plains[others[0]]
            del blocks[i]
            continue
        break
    return i
