"""Fetching an article over HTTP(S), within the limits in :class:`~rashomon.settings.Config`.

The body is streamed and abandoned as soon as it passes
``fetch_max_bytes``, so a huge or endless response costs at most that much
memory.  Only text-like content types are accepted; a PDF or an image is
refused before its body is read.  Every failure maps onto one coded
:class:`~rashomon.errors.FetchError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from rashomon.errors import FetchFailed, FetchHTTPError, FetchRefused, FetchTimeout
from rashomon.ingest.decode import decode_bytes
from rashomon.settings import Config

log = logging.getLogger(__name__)

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json")
_ACCEPT_HEADER = "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str  # media type only, lower-case
    text: str


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, config: Config, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url`` and decode it; raises a FetchError subclass on any failure.

    ``transport`` lets tests substitute :class:`httpx.MockTransport`.
    """
    headers = {"User-Agent": config.user_agent, "Accept": _ACCEPT_HEADER}
    try:
        with httpx.Client(timeout=config.fetch_timeout, follow_redirects=True,
                          max_redirects=config.fetch_max_redirects, headers=headers,
                          transport=transport) as client:
            with client.stream("GET", url) as response:
                return _read_response(url, response, config)
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"no answer within {config.fetch_timeout:g} s", source=url) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchRefused(f"more than {config.fetch_max_redirects} redirects", source=url) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchRefused(f"not a fetchable URL ({exc})", source=url) from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"connection failed ({type(exc).__name__}: {exc})", source=url) from exc


def _read_response(url: str, response: httpx.Response, config: Config) -> Fetched:
    if response.status_code >= 400:
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise FetchHTTPError(f"HTTP {response.status_code}{reason}", source=url)
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in ACCEPTED_TYPES:
        raise FetchRefused(f"content type {media_type or 'missing'!r} is not an article "
                           f"(accepted: {', '.join(ACCEPTED_TYPES)})", source=url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > config.fetch_max_bytes:
        raise FetchRefused(f"page of {int(declared):,} bytes is over the {config.fetch_max_bytes:,}-byte limit",
                           source=url)
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > config.fetch_max_bytes:
            raise FetchRefused(f"page is over the {config.fetch_max_bytes:,}-byte limit", source=url)
    final = str(response.url)
    if final != url:
        log.info("%s: redirected to %s", url, final)
    text = decode_bytes(bytes(body), url, charset=response.charset_encoding)
    return Fetched(url=final, content_type=media_type, text=text)
