"""What kind of source is this?  Cheap checks, free of the readers' heavy imports.

The dispatcher asks these for every source; the readers (httpx, trafilatura,
feedparser, warcio) are imported only when a source of their kind turns up,
which keeps a plain two-file comparison from paying for them at start-up.
"""

from __future__ import annotations

import re

from rashomon.errors import FetchRefused

WARC_EXTENSIONS = (".warc", ".warc.gz")
FEED_EXTENSIONS = (".xml", ".rss", ".atom")
FEED_PREFIX = "feed:"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/x-rss+xml")
_REFUSED_TYPE = re.compile(r"content type '([^']*)'")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_warc_path(path: str) -> bool:
    return path.lower().endswith(WARC_EXTENSIONS)


def is_feed_source(source: str) -> bool:
    """Named as a feed: the ``feed:`` prefix or a feed file extension."""
    lower = source.lower()
    return lower.startswith(FEED_PREFIX) or (not is_url(source) and lower.endswith(FEED_EXTENSIONS))


def refused_as_feed(error: FetchRefused) -> bool:
    """True when the URL reader refused a page only because it is served as a feed."""
    m = _REFUSED_TYPE.search(error.message)
    return bool(m and m.group(1) in FEED_TYPES)
