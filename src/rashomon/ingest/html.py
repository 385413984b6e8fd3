"""HTML pages: the article's paragraphs through trafilatura, metadata read directly.

trafilatura finds the article body among navigation, footers and comments
(precision favoured: a stray menu item would become a claim).  The page's
own statements about itself are read here without it, because they are
exact and cheap: ``og:site_name``, ``article:published_time``, ``<html
lang>``, the canonical URL and JSON-LD ``NewsArticle`` objects.
trafilatura's own date guess (htmldate) comes last, since it may pick up a
date from the story itself.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from lxml import html as lxml_html

from rashomon.errors import NoArticleBody
from rashomon.ingest.dates import parse_iso
from rashomon.ingest.draft import Block, Draft, build_article
from rashomon.ingest.furniture import structure
from rashomon.models import Article

log = logging.getLogger(__name__)

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "report", "webpage", "liveblogposting"}
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|—|–|::|»)\s+")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or bool(re.search(r"<(?:body|article|p|div)\b", head))


def _meta(tree: Any) -> dict[str, str]:
    """<meta property|name=... content=...>, keys lower-cased, first occurrence wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip()
        value = (el.get("content") or "").strip()
        if key and value and key.lower() not in out:
            out[key.lower()] = value
    return out


def _walk_jsonld(node: Any) -> list[dict[str, Any]]:
    """Every dict in a JSON-LD document (objects may sit in lists or under @graph)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_walk_jsonld(item))
    elif isinstance(node, dict):
        found.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                found.extend(_walk_jsonld(node[key]))
    return found


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object, or a list of either."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def jsonld_article(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object typed as an article, or {}."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            doc = json.loads(script.text_content() or "null")
        except (json.JSONDecodeError, ValueError):
            log.debug("unparseable JSON-LD block skipped")
            continue
        for obj in _walk_jsonld(doc):
            types = obj.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                return obj
    return {}


def _language(tree: Any, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  meta.get("content-language"), ld.get("inLanguage"), meta.get("og:locale")):
        if isinstance(value, str) and re.match(r"^[a-zA-Z]{2,3}(?:[-_]|$)", value.strip()):
            return re.split(r"[-_]", value.strip())[0].lower()
    return None


def _body_blocks(doc: Any) -> list[Block]:
    """One block per paragraph of trafilatura's body (lists give one block per item)."""
    blocks: list[Block] = []
    body = getattr(doc, "body", None)
    if body is None:
        return blocks
    for el in body:
        items = list(el.iter("item")) if el.tag == "list" else [el]
        for item in items:
            if item.tag not in ("p", "head", "quote", "item", "code"):
                continue
            text = " ".join("".join(item.itertext()).split())
            if not text:
                continue
            heading = 0
            if item.tag == "head":
                rend = (item.get("rend") or "h2").lower()
                heading = int(rend[1]) if re.match(r"^h[1-6]$", rend) else 2
            blocks.append(Block(lines=[text], heading=heading))
    return blocks


def _fallback_blocks(tree: Any) -> list[Block]:
    """<p> elements of the one <article> (or <main>) when trafilatura found nothing."""
    for xpath in ("//article", "//main"):
        containers = tree.xpath(xpath)
        if len(containers) == 1:
            paras = [" ".join(p.text_content().split()) for p in containers[0].iter("p", "h1", "h2", "h3")]
            blocks = [Block(lines=[t]) for t in paras if t]
            if blocks:
                return blocks
    return []


def _clean_title(title: str, outlet: str | None) -> str:
    """"Headline | Outlet" → "Headline"."""
    parts = _TITLE_SPLIT.split(title)
    if len(parts) > 1 and outlet and parts[-1].strip().lower() == outlet.lower():
        return " - ".join(parts[:-1]).strip()
    return title.strip()


def parse_html(raw: str, source: str, *, url: str | None = None, draft: Draft | None = None) -> Article:
    """Read one HTML page; raises NoArticleBody when it holds no article text."""
    d = draft if draft is not None else Draft(source=source, blocks=[])
    try:
        tree = lxml_html.document_fromstring(raw)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise NoArticleBody(f"not parseable as HTML ({exc})", source=source) from exc
    meta = _meta(tree)
    ld = jsonld_article(tree)
    import trafilatura  # imported on first HTML page: ~0.15 s nobody reading text files should pay

    doc = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, favor_precision=True,
        include_tables=False, include_images=False, include_formatting=False, include_links=False,
        deduplicate=False,
    )
    blocks = _body_blocks(doc) if doc is not None else []
    if not any(not b.heading for b in blocks):
        blocks = _fallback_blocks(tree)
    if not any(not b.heading for b in blocks):
        raise NoArticleBody("no article text found in the page", source=source)

    outlet_meta = meta.get("og:site_name") or meta.get("application-name")
    d.offer(d.outlets, "explicit", outlet_meta)
    d.offer(d.outlets, "jsonld", next(iter(_names(ld.get("publisher"))), None))
    d.offer(d.outlets, "sitename", getattr(doc, "sitename", None))
    for key in ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"):
        if meta.get(key):
            d.offer(d.published, "explicit" if key == "article:published_time" else "meta", parse_iso(meta[key]))
    if isinstance(ld.get("datePublished"), str):
        d.offer(d.published, "jsonld", parse_iso(ld["datePublished"]))
    guessed = getattr(doc, "date", None)
    if guessed:
        d.offer(d.published, "extractor", parse_iso(str(guessed)))
    authors = _names(ld.get("author")) or [a for a in (meta.get("author"), meta.get("article:author")) if a]
    if authors and not d.byline:
        d.byline = ", ".join(authors)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    page_url = url or meta.get("og:url") or (canonical[0] if canonical else None) or ld.get("url")
    if isinstance(page_url, str) and page_url.startswith(("http://", "https://")):
        d.url = d.url or page_url
    d.language = d.language or _language(tree, meta, ld)

    if d.title is None:
        first = blocks[0] if blocks else None
        if first is not None and first.heading == 1:
            d.title = first.lines[0]
            blocks = blocks[1:]
        else:
            headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
            raw_title = meta.get("og:title") or headline or getattr(doc, "title", None)
            if raw_title:
                d.title = _clean_title(raw_title, outlet_meta)
            if not raw_title and tree.findtext(".//title"):
                d.title = _clean_title(tree.findtext(".//title"), outlet_meta)
        if d.title and blocks and blocks[0].lines[0] == d.title:
            blocks = blocks[1:]
    d.offer(d.outlets, "title", _title_outlet(tree.findtext(".//title") or ""))
    d.title_fixed = True
    d.blocks = blocks
    structure(d)
    if not d.blocks:
        raise NoArticleBody("the page has a title but no article text", source=source)
    return build_article(d)


def _title_outlet(title: str) -> str | None:
    """The site name a <title> often ends with ("Headline | Outlet")."""
    parts = _TITLE_SPLIT.split(title.strip())
    return parts[-1].strip() if len(parts) > 1 and len(parts[-1].split()) <= 5 else None
