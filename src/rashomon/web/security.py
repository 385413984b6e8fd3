"""What keeps a shared server safe: the web errors, the API token, body limits, headers.

Web errors extend the library's tree (codes R6xx) so the API answers every
refusal the same way, ``{"error": {"code": "R603", "message": "..."}}``::

    RashomonError
    └── WebError                   R600
        ├── BadRequest             R601  a request body the API cannot read (422)
        ├── Unauthorized           R602  missing or wrong API token (401)
        ├── RequestTooLarge        R603  body over max_upload_bytes (413)
        ├── ReportNotFound         R604  no stored comparison with that id (404)
        └── TooManyArticles        R605  more than max_articles in one request (422)

Internal errors answer ``R999`` with a generic message; the traceback goes to
the server log only.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from rashomon.errors import (
    ConfigError,
    FetchError,
    FetchFailed,
    FetchTimeout,
    InputError,
    ModelError,
    RashomonError,
    SourceTooLarge,
)
from rashomon.store import StoreError, StoreLocked, StoreNotFound, StoreQueryError, StoreURLError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "rashomon_token"
TOKEN_HEADER = "x-rashomon-token"

#: Pages load only our own stylesheet and scripts; report text can never run.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: FastAPI's /docs and /redoc pages load Swagger UI / ReDoc from a CDN; they get no CSP of ours.
NO_CSP_PATHS = ("/docs", "/redoc")


class WebError(RashomonError):
    code = "R600"
    status = 400


class BadRequest(WebError):
    code = "R601"
    status = 422


class Unauthorized(WebError):
    code = "R602"
    status = 401


class RequestTooLarge(WebError):
    code = "R603"
    status = 413


class ReportNotFound(WebError):
    code = "R604"
    status = 404


class TooManyArticles(WebError):
    code = "R605"
    status = 422


def http_status(error: RashomonError) -> int:
    """The HTTP status a library or web error answers with."""
    if isinstance(error, WebError):
        return error.status
    if isinstance(error, SourceTooLarge):
        return 413
    if isinstance(error, FetchTimeout):
        return 504
    if isinstance(error, FetchFailed):
        return 502
    if isinstance(error, FetchError):  # refused address, content type, HTTP error of the remote page
        return 400
    if isinstance(error, InputError):
        return 422
    if isinstance(error, StoreNotFound):  # an unknown event id (or no database file)
        return 404
    if isinstance(error, StoreQueryError | StoreURLError):
        return 400
    if isinstance(error, StoreLocked):
        return 503
    if isinstance(error, StoreError):
        return 500
    if isinstance(error, ModelError | ConfigError):
        return 500
    return 400


def error_body(error: RashomonError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": str(error)}
    if error.source:
        body["source"] = error.source
    return {"error": body}


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time comparison; an empty configured token means no token is needed."""
    if not token:
        return True
    return bool(given) and hmac.compare_digest(str(given).encode("utf-8"), token.encode("utf-8"))


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed.

    A declared Content-Length over the limit is answered before the body is
    read; a chunked body raises :class:`RequestTooLarge` inside the app as soon
    as it passes the limit, which the app's error handler turns into 413.
    """

    def __init__(self, app: ASGIApp, limit: int, page: Callable[[int, dict[str, Any]], str] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.page = page  # renders the refusal for people (paths outside /api/)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            body = error_body(RequestTooLarge(f"request body of {int(declared):,} bytes is over the "
                                              f"{self.limit:,}-byte limit (setting max_upload_bytes)"))
            if self.page is not None and not scope.get("path", "").startswith("/api/"):
                await _send(send, 413, self.page(413, body["error"]).encode("utf-8"), b"text/html; charset=utf-8")
            else:
                await _send(send, 413, json.dumps(body).encode("utf-8"), b"application/json")
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise RequestTooLarge(f"request body is over the {self.limit:,}-byte limit "
                                          "(setting max_upload_bytes)")
            return message

        await self.app(scope, limited, send)


class SecurityHeadersMiddleware:
    """Headers every response carries; pages also get a strict Content-Security-Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {name.lower() for name, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY")]
                if not path.startswith(NO_CSP_PATHS) and b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", PAGE_CSP.encode("ascii")))
                message["headers"] = headers + [(k, v) for k, v in extra if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


class TokenMiddleware:
    """With a token configured: the API needs it in a header, pages need it once as ``?token=``.

    ``?token=`` is moved into an HttpOnly, SameSite=Strict cookie and dropped
    from the address (303 to the same page), so it does not linger in history
    or Referer headers.  The API does not accept the cookie: a cross-site page
    cannot make a visitor's browser call it.
    """

    def __init__(self, app: ASGIApp, token: str, open_paths: tuple[str, ...],
                 page: Callable[[int, dict[str, Any]], str]) -> None:
        self.app = app
        self.token = token
        self.open_paths = open_paths
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.token or scope.get("path", "").startswith(self.open_paths):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        response: Response | None = None
        if path.startswith("/api/"):
            given = bearer(request.headers.get("authorization")) or request.headers.get(TOKEN_HEADER)
            if not token_matches(given, self.token):
                response = JSONResponse(error_body(Unauthorized(
                    "this server needs a token: send 'Authorization: Bearer TOKEN' or 'X-Rashomon-Token: TOKEN'")),
                    status_code=401, headers={"WWW-Authenticate": "Bearer"})
        elif "token" in request.query_params:
            given = request.query_params["token"]
            if token_matches(given, self.token):
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                response = RedirectResponse(path + ("?" + urlencode(rest) if rest else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict",
                                    secure=request.url.scheme == "https", path="/")
            else:
                response = self._refuse_page()
        elif not token_matches(request.cookies.get(TOKEN_COOKIE), self.token):
            response = self._refuse_page()
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    def _refuse_page(self) -> Response:
        error = {"code": Unauthorized.code, "message": "This server needs a token: open it once as "
                 "/?token=YOUR_TOKEN (it is then kept in a cookie for this site)."}
        return HTMLResponse(self.page(401, error), status_code=401)


async def _send(send: Send, status: int, data: bytes, content_type: bytes) -> None:
    # Connection: close, since the unread body is left behind on the connection.
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})
