"""Fetching an article over HTTP(S), within the limits in :class:`~rashomon.settings.Config`.

The body is streamed and abandoned as soon as it passes
``fetch_max_bytes``, so a huge or endless response costs at most that much
memory.  Only text-like content types are accepted; a PDF or an image is
refused before its body is read.  Every failure maps onto one coded
:class:`~rashomon.errors.FetchError`.

With ``allow_private_urls`` off (the web server's default), every request,
redirects included, is checked before it is sent: the host is resolved and
refused if any of its addresses is loopback, private, link-local, multicast,
reserved or otherwise not public.  (A DNS answer that changes between this
check and the connection is not caught; run the server behind an egress
filter where that matters.)
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass

import httpx

from rashomon.errors import FetchError, FetchFailed, FetchHTTPError, FetchRefused, FetchTimeout
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.kinds import is_url  # noqa: F401 - re-exported
from rashomon.settings import Config

log = logging.getLogger(__name__)

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json")
_ACCEPT_HEADER = "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str  # media type only, lower-case
    text: str




def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def check_public_address(url: httpx.URL) -> None:
    """Raise FetchRefused unless every address ``url``'s host resolves to is public."""
    host = url.host
    if not host:
        raise FetchRefused("no host in the URL", source=str(url))
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, url.port or 443, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchFailed(f"cannot resolve {host!r}", source=str(url)) from exc
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    private = sorted(str(ip) for ip in addresses if not _is_public(ip))
    if private or not addresses:
        raise FetchRefused(f"{host} is not a public address ({', '.join(private) or 'no address'}): "
                           "refused (setting allow_private_urls is off)",
                           source=str(url))


def _address_guard(request: httpx.Request) -> None:
    check_public_address(request.url)


def http_error(exc: httpx.HTTPError, url: str, config: Config) -> FetchError:
    """The coded error for an httpx failure (shared by the page and feed fetchers)."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(f"no answer within {config.fetch_timeout:g} s", source=url)
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchRefused(f"more than {config.fetch_max_redirects} redirects", source=url)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return FetchRefused(f"not a fetchable URL ({exc})", source=url)
    return FetchFailed(f"connection failed ({type(exc).__name__}: {exc})", source=url)


def fetch(url: str, config: Config, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url`` and decode it; raises a FetchError subclass on any failure.

    ``transport`` lets tests substitute :class:`httpx.MockTransport`.
    """
    headers = {"User-Agent": config.user_agent, "Accept": _ACCEPT_HEADER}
    try:
        with httpx.Client(timeout=config.fetch_timeout, follow_redirects=True,
                          max_redirects=config.fetch_max_redirects, headers=headers,
                          transport=transport,
                          event_hooks={"request": [] if config.allow_private_urls else [_address_guard]},
                          ) as client:
            with client.stream("GET", url) as response:
                return _read_response(url, response, config)
    except httpx.HTTPError as exc:
        raise http_error(exc, url, config) from exc


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
