"""Canonical URLs and content hashes: what makes two articles "the same".

Two stored rows are the same article when their normalised texts hash alike
(a re-ingest, a feed that repeats an entry, a wire copy under another URL);
they are two versions of one article when their canonical URLs match but the
texts differ (the outlet edited the story).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE = re.compile(r"\s+")


def canonical_url(url: str | None) -> str | None:
    """``url`` with the scheme and host lower-cased, the default port, the
    fragment, ``utm_*`` tracking parameters and a trailing slash removed.

    Query parameters other than ``utm_*`` are kept in their order: some sites
    route on them (``?id=123``), so dropping or reordering them could merge
    different articles.
    """
    if not url or not url.strip():
        return None
    raw = url.strip()
    parts = urlsplit(raw)
    if not parts.scheme or not parts.netloc:
        return raw  # not an absolute URL (a file path, a bare id): keep as given
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    path = parts.path.rstrip("/")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    )
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """NFKC, whitespace runs collapsed to one space, ends stripped: formatting
    differences (re-wrapped lines, non-breaking spaces) do not make a new version."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def content_hash(text: str) -> str:
    """sha256 (hex) of :func:`normalise_text`."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def stage_versions_hash(stage_versions: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """A stable key for a set of stage versions, whatever order they come in."""
    pairs = sorted(dict(stage_versions).items())
    return hashlib.sha256(json.dumps(pairs, separators=(",", ":")).encode("utf-8")).hexdigest()[:32]
