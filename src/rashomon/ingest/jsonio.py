"""Articles given as JSON objects: one object, a list of them, or JSONL.

Field names vary between scrapers and APIs, so each field accepts the usual
spellings (``text``/``body``/``content``, ``outlet``/``source_name``/
``site_name``, ...).  Fields stated in the object beat anything found in the
body text; the body still goes through the furniture pass, because scraped
bodies carry bylines and trailers too.

JSONL choice: a bad line does not sink the file.  :func:`parse_json_source`
returns the good articles *and* one ``BadArticleObject`` per bad line
(naming the line number); ``read_sources`` reports those as failures and
keeps the rest, while ``read_source`` (all or nothing) raises the first.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from rashomon.errors import BadArticleObject, RashomonError
from rashomon.ingest.dates import parse_iso
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import looks_like_html, parse_html
from rashomon.ingest.outlets import agency_name
from rashomon.ingest.text import parse_text
from rashomon.models import Article

TEXT_KEYS = ("text", "body", "content", "article", "maintext", "full_text", "fulltext", "article_text",
             "story", "paragraphs")
TITLE_KEYS = ("title", "headline")
OUTLET_KEYS = ("outlet", "source_name", "site_name", "sitename", "publisher", "publication", "newspaper",
               "source", "media", "domain")
DATE_KEYS = ("published", "date", "published_at", "publish_date", "pubdate", "date_published",
             "datePublished", "publishedAt", "published_time", "date_publish", "time")
URL_KEYS = ("url", "link", "canonical_url", "source_url", "permalink")
BYLINE_KEYS = ("byline", "author", "authors", "creator")
ORIGIN_KEYS = ("origin", "agency", "wire")
LANGUAGE_KEYS = ("language", "lang", "inLanguage", "locale")
LIST_KEYS = ("articles", "items", "data", "results", "documents", "docs")
_KNOWN = set(TEXT_KEYS + TITLE_KEYS + OUTLET_KEYS + DATE_KEYS + URL_KEYS + BYLINE_KEYS + ORIGIN_KEYS
             + LANGUAGE_KEYS + ("id",))


def _pick(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in obj and obj[key] not in (None, "", [], {}):
            return obj[key]
    return None


def _as_name(value: Any) -> str | None:
    """A name from a string, ``{"name": ...}`` or a list of either (joined)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _as_name(value.get("name") or value.get("title"))
    if isinstance(value, list):
        names = [n for n in (_as_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def article_from_object(obj: Any, source: str, where: str) -> Article:
    """One article from one JSON object; ``where`` names it in errors ("line 3", "item 2")."""
    if not isinstance(obj, dict):
        raise BadArticleObject(f"{where}: expected an object with a text field, got {type(obj).__name__}",
                               source=source)
    body = _pick(obj, TEXT_KEYS)
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)
    if not isinstance(body, str) or not body.strip():
        raise BadArticleObject(f"{where}: no article text (expected one of: {', '.join(TEXT_KEYS[:3])})",
                               source=source)
    d = Draft(source=source, blocks=[])
    title = _as_name(_pick(obj, TITLE_KEYS))
    if title:
        d.title, d.title_fixed = title, True
    outlet = _pick(obj, OUTLET_KEYS)
    outlet_name = _as_name(outlet)
    if outlet_name and not re.match(r"^https?://", outlet_name):
        d.offer(d.outlets, "explicit", outlet_name)
    date = _pick(obj, DATE_KEYS)
    if isinstance(date, str):
        d.offer(d.published, "explicit", parse_iso(date))
    url = _pick(obj, URL_KEYS)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        d.url = url
    elif outlet_name and re.match(r"^https?://", outlet_name):
        d.url = outlet_name
    d.byline = _as_name(_pick(obj, BYLINE_KEYS))
    origin = _as_name(_pick(obj, ORIGIN_KEYS))
    if origin:
        d.offer(d.origins, "explicit", agency_name(origin) or origin)
    language = _pick(obj, LANGUAGE_KEYS)
    if isinstance(language, str) and re.match(r"^[a-zA-Z]{2,3}(?:[-_]|$)", language):
        d.language = re.split(r"[-_]", language)[0].lower()
    for key, value in obj.items():
        if key not in _KNOWN and isinstance(value, str | int | float) and not isinstance(value, bool):
            d.add_meta(key, str(value))
    if looks_like_html(body) and re.search(r"</(?:p|div|article)>", body, re.I):
        return parse_html(body, source, url=d.url, draft=d)
    return parse_text(body, source, draft=d)


def _objects(doc: Any) -> list[Any]:
    if isinstance(doc, dict):
        for key in LIST_KEYS:
            if isinstance(doc.get(key), list) and not _pick(doc, TEXT_KEYS):
                return list(doc[key])
        return [doc]
    if isinstance(doc, list):
        return doc
    return [doc]


def parse_json_source(raw: str, source: str, jsonl: bool) -> tuple[list[Article], list[RashomonError]]:
    """Articles from a JSON document or JSONL text, with one error per bad object."""
    articles: list[Article] = []
    errors: list[RashomonError] = []
    if not jsonl:
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadArticleObject(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                                   source=source) from exc
        objects = _objects(doc)
        for n, obj in enumerate(objects, 1):
            where = f"item {n}" if isinstance(doc, list) or len(objects) > 1 else "object"
            try:
                articles.append(_tag(article_from_object(obj, source, where), "json_item", n, len(objects)))
            except RashomonError as exc:
                errors.append(_located(exc, where, source))
        return articles, errors
    lines = raw.splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(BadArticleObject(f"line {n}: not valid JSON ({exc.msg})", source=source))
            continue
        try:
            articles.append(_tag(article_from_object(obj, source, f"line {n}"), "jsonl_line", n, 2))
        except RashomonError as exc:
            errors.append(_located(exc, f"line {n}", source))
    return articles, errors


def _located(exc: RashomonError, where: str, source: str) -> RashomonError:
    """The same kind of error, its message saying which object failed."""
    if exc.message.startswith(where):
        return exc
    located = type(exc)(f"{where}: {exc.message}", source=source)
    located.__cause__ = exc
    return located


def _tag(article: Article, key: str, n: int, total: int) -> Article:
    """Say which object of a multi-article file an article came from."""
    if total <= 1:
        return article
    return replace(article, metadata=(*article.metadata, (key, str(n))))
