"""The FastAPI app: pages for people, ``/api/`` for programs, one handler behind both.

    GET  /                     new comparison (paste text, give URLs, upload files)
    POST /c                    the form → 303 to /c/{id}
    GET  /c/{id}               the comparison page (report_body.html inside the site)
    GET  /c/{id}.json|.html|.md   downloads: the JSON, the self-contained HTML report, Markdown
    POST /api/compare          JSON or multipart → 201, the rashomon/report@1 JSON, Location: /c/{id}
    GET  /api/reports/{id}     a stored report's JSON
    GET  /events               events of the store (``--db``), newest first; ?q= searches its articles
    GET  /events/{id}          the event's comparison (computed once) → 303 to /c/{id}
    GET  /api/events           the events as JSON
    GET  /api/events/{id}/report   the rashomon/report@1 JSON of the event's comparison
    GET  /api/health           liveness
    GET  /openapi.json, /docs  FastAPI's schema and its explorer

Pydantic lives only here, at the edge; the work is done by
:class:`rashomon.web.views.Comparer` over the library.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon.errors import FetchRefused, RashomonError
from rashomon.settings import Config, load_config
from rashomon.store import StoreNotFound
from rashomon.version import __version__
from rashomon.web import views
from rashomon.web.security import (
    BadRequest,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    TokenMiddleware,
    WebError,
    error_body,
    http_status,
)

log = logging.getLogger(__name__)

#: Paths anyone may reach even when a token is configured.
OPEN_PATHS = ("/api/health", "/static/", "/openapi.json", "/docs", "/redoc")
#: Empty article slots on the new-comparison page.
FORM_SLOTS = 3


class ArticleIn(BaseModel):
    """One article given as text. Metadata fields are optional; the reader finds them in the text too."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the article: plain text, markdown, HTML or a JSON article object")
    source: str | None = Field(None, max_length=500, description="a name for it, e.g. a file name or outlet; "
                               "its extension (.txt .md .html .json) says how to read the text")
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=100, description="ISO date or datetime")
    url: str | None = Field(None, max_length=4000, description="where it was published (shown, never fetched)")


class CompareIn(BaseModel):
    """Two or more articles of one event: as text, as URLs to fetch, or both."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list, description="http(s) URLs to fetch, one article each")


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its $defs inlined (OpenAPI resolves refs against the whole document)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


_MULTIPART_SCHEMA = {
    "type": "object",
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "article files (.txt .md .html .json .jsonl)"},
        "text": {"type": "array", "items": {"type": "string"}, "description": "pasted article texts"},
        "source": {"type": "array", "items": {"type": "string"}, "description": "names for the texts, in order"},
        "urls": {"type": "string", "description": "URLs to fetch, one per line"},
    },
}


def _document(article: ArticleIn, n: int) -> views.Document:
    name = (article.source or "").strip() or f"article {n}"
    meta = {k: v for k, v in (("title", article.title), ("outlet", article.outlet),
                              ("published", article.published), ("url", article.url)) if v}
    if meta:  # an article object, so the reader takes the metadata as stated
        return views.Document(name, json.dumps({"text": article.text, **meta}).encode("utf-8"), ext=".json")
    return views.Document(name, article.text.encode("utf-8"))


def _input_from_json(body: CompareIn) -> views.ComparisonInput:
    docs = tuple(_document(a, n) for n, a in enumerate(body.articles, 1))
    return views.ComparisonInput(documents=docs, urls=tuple(u.strip() for u in body.urls if u.strip()))


async def _input_from_request_form(request: Request, config: Config
                                  ) -> tuple[views.ComparisonInput, dict[str, Any]]:
    """Read the form, take what we need from it, and close its spooled upload files."""
    form = await _read_form(request, config)
    try:
        return await _input_from_form(form, config)
    finally:
        await form.close()


async def _input_from_form(form: FormData, config: Config) -> tuple[views.ComparisonInput, dict[str, Any]]:
    """The documents and URLs of a multipart form, plus the typed values (to refill the form on error)."""
    texts = [v for v in form.getlist("text") if isinstance(v, str)]
    names = [v for v in form.getlist("source") if isinstance(v, str)]
    url_text = "\n".join(v for v in form.getlist("urls") if isinstance(v, str))
    docs = views.documents_from_texts(texts, names)
    for _key, value in form.multi_items():
        if isinstance(value, UploadFile) and (value.filename or value.size):
            data = await value.read(config.max_body_bytes + 1)
            docs.append(views.Document(value.filename or f"upload {len(docs) + 1}", data))
    urls = views.split_urls(url_text)
    refill = {"texts": texts, "names": names, "urls": url_text}
    return views.ComparisonInput(documents=tuple(docs), urls=tuple(urls)), refill


def _check_urls(request: views.ComparisonInput) -> None:
    bad = views.bad_urls(request.urls)
    if bad:
        raise FetchRefused("only http:// and https:// URLs can be fetched", source=bad[0][:200])


async def _read_form(request: Request, config: Config) -> FormData:
    try:
        return await request.form(max_files=config.max_articles, max_fields=8 * config.max_articles + 10,
                                  max_part_size=config.max_body_bytes + 1)
    except StarletteHTTPException as exc:  # malformed multipart, too many parts, a field over the size
        raise BadRequest(f"unreadable form: {exc.detail}") from exc


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(status: int, error: dict[str, Any], **context: Any) -> str:
    return views.render_page("error.html", status=status, error=error, **context)


def _error_response(request: Request, status: int, body: dict[str, Any], **context: Any) -> Response:
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    return HTMLResponse(_error_page(status, body["error"], **context), status_code=status)


def create_app(config: Config | None = None, *, allow_private_urls: bool = False, token: str | None = None,
               store_dir: str | os.PathLike[str] | None = None, db: str | None = None) -> FastAPI:
    """The web app. URL fetches refuse non-public addresses unless ``allow_private_urls``.

    ``token`` (default: the ``token`` setting, i.e. ``RASHOMON_TOKEN``) protects
    everything but health, static files and the OpenAPI pages.  ``store_dir``
    keeps comparisons as JSON files there; by default they live in memory.
    ``db`` is the corpus store the events pages read (a SQLite path or a
    ``postgresql://`` URL); None means ``$RASHOMON_DB``, else ``./rashomon.db``
    if it exists, else no events pages; ``""`` turns them off.
    """
    config = (config or load_config()).with_overrides(allow_private_urls=allow_private_urls)
    if token is not None:
        config = config.with_overrides(token=token)
    store = views.ReportStore(config.max_stored_reports, store_dir)
    comparer = views.Comparer(config, store)
    db_url = views.resolve_db(db)
    events = views.Events(db_url, comparer) if db_url else None
    nav = {"events_nav": events is not None}  # the "Events" link in the site header

    app = FastAPI(
        title="Rashomon",
        version=__version__,
        description="Compare news reports of one event claim by claim. POST two or more articles to "
                    "`/api/compare`; the answer is the `rashomon/report@1` JSON.",
    )
    app.state.config = config
    app.state.comparer = comparer
    app.state.events = events

    # --- errors: coded JSON for the API, a page for people, never a traceback -------------------

    @app.exception_handler(RashomonError)
    async def rashomon_error(request: Request, exc: RashomonError) -> Response:
        status = http_status(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return _error_response(request, status, error_body(exc), **nav)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return _error_response(request, exc.status_code, {"error": {"code": WebError.code, "message": message}},
                               **nav)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(request, 422, error_body(BadRequest(_summarise(exc.errors()))), **nav)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error_response(request, 500, {"error": {
            "code": "R999", "message": "internal error; the details are in the server log"}}, **nav)

    # Added innermost first: headers on every answer, then the size limit, then the token check,
    # so a request without the token is refused before its body is read.
    app.add_middleware(BodyLimitMiddleware, limit=config.max_upload_bytes, page=_error_page)
    app.add_middleware(TokenMiddleware, token=config.token, open_paths=OPEN_PATHS, page=_error_page)
    app.add_middleware(SecurityHeadersMiddleware)

    # --- pages ----------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def new_comparison() -> HTMLResponse:
        return HTMLResponse(_new_page(config, events_nav=nav["events_nav"]))

    @app.post("/c", include_in_schema=False)
    async def submit_comparison(request: Request) -> Response:
        refill: dict[str, Any] = {}
        try:
            given, refill = await _input_from_request_form(request, config)
            _check_urls(given)
            stored = await run_in_threadpool(comparer.compare, given)
        except RashomonError as exc:
            status = http_status(exc)
            if status >= 500:
                log.error("POST /c: %s", exc, exc_info=exc)
            return HTMLResponse(_new_page(config, error=error_body(exc)["error"], **refill,
                                          events_nav=nav["events_nav"]),
                                status_code=status)
        return RedirectResponse(stored.page, status_code=303)

    @app.get("/c/{cid}.json", include_in_schema=False)
    async def download_json(cid: str) -> Response:
        stored = store.get(cid)
        return JSONResponse(dict(stored.report), headers=_attachment(f"rashomon-{cid}.json"))

    @app.get("/c/{cid}.html", include_in_schema=False)
    async def download_html(cid: str) -> Response:
        stored = store.get(cid)
        # The report carries its own hash-pinned CSP in a <meta>; this header only adds the
        # frame/base limits (both policies apply, so inline code still needs the hashes).
        csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " \
              "base-uri 'none'; frame-ancestors 'none'"
        return HTMLResponse(views.render_report_html(stored),
                            headers={**_attachment(f"rashomon-{cid}.html"), "Content-Security-Policy": csp})

    @app.get("/c/{cid}.md", include_in_schema=False)
    async def download_markdown(cid: str) -> Response:
        stored = store.get(cid)
        return Response(views.render_report_markdown(stored), media_type="text/markdown; charset=utf-8",
                        headers=_attachment(f"rashomon-{cid}.md"))

    @app.get("/c/{cid}", response_class=HTMLResponse, include_in_schema=False)
    async def comparison_page(cid: str) -> HTMLResponse:
        return HTMLResponse(views.render_comparison_page(store.get(cid), **nav))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    async def events_page(q: str = "") -> HTMLResponse:
        query = q.strip()[:500]
        if events is None:
            return HTMLResponse(views.render_page("events.html", configured=False, query="", rows=[], hits=None,
                                                  error=None, **nav))
        error, hits, status = None, None, 200
        try:
            rows = await run_in_threadpool(events.rows)
            if query:
                hits = await run_in_threadpool(events.search, query)
        except RashomonError as exc:  # a query the search cannot parse, a locked or missing database
            status = http_status(exc)
            if status >= 500:
                log.error("GET /events: %s", exc, exc_info=exc)
            error, rows = error_body(exc)["error"], []
        return HTMLResponse(views.render_page("events.html", configured=True, query=query, rows=rows, hits=hits,
                                              error=error, **nav), status_code=status)

    @app.get("/events/{event_id}", include_in_schema=False)
    async def event_page(event_id: str) -> Response:
        stored = await run_in_threadpool(_events().comparison, event_id)
        return RedirectResponse(stored.page, status_code=303)

    def _events() -> views.Events:
        if events is None:
            raise StoreNotFound("no store configured: run `rashomon ingest SOURCES --db FILE` and "
                                "`rashomon serve --db FILE`")
        return events

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        # no icon: answer "no content" so browsers stop logging a 404 on every page
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        asset = views.static_assets().get(name)
        if asset is None:
            raise StarletteHTTPException(404, "no such file")
        data, media_type = asset
        return Response(data, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})

    # --- API ------------------------------------------------------------------------------------

    @app.post("/api/compare", status_code=201, tags=["api"], summary="Compare two or more articles",
              response_description="the rashomon/report@1 JSON; Location names the comparison page",
              responses={201: {"headers": {"Location": {"description": "the comparison page, /c/{id}",
                                                        "schema": {"type": "string"}}}},
                         400: {"description": "a URL refused or unreadable: {\"error\": {\"code\", \"message\"}}"},
                         401: {"description": "token missing or wrong (R602)"},
                         413: {"description": "body or an article over its size limit (R603, R104)"},
                         422: {"description": "unreadable input, fewer than two or too many articles"}},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": _inline_refs(CompareIn.model_json_schema())},
                  "multipart/form-data": {"schema": _MULTIPART_SCHEMA}}}})
    async def api_compare(request: Request) -> JSONResponse:
        """Articles as JSON (`{"articles": [{"text", "source"}...]}` and/or `{"urls": [...]}`) or as
        multipart files; answers the report JSON and stores it for its page."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            given, _ = await _input_from_request_form(request, config)
        elif content_type in ("application/json", ""):
            raw = await request.body()
            try:
                given = _input_from_json(CompareIn.model_validate_json(raw or b"{}"))
            except ValidationError as exc:
                raise BadRequest(_summarise(exc.errors())) from None
        else:
            raise BadRequest(f"content type {content_type!r} not accepted: send application/json or "
                             "multipart/form-data")
        _check_urls(given)
        stored = await run_in_threadpool(comparer.compare, given)
        return JSONResponse(dict(stored.report), status_code=201,
                            headers={"Location": stored.page, "X-Rashomon-Id": stored.id})

    @app.get("/api/reports/{cid}", tags=["api"], summary="A stored report",
             responses={404: {"description": "unknown or expired id (R604)"}})
    async def api_report(cid: str) -> JSONResponse:
        """The `rashomon/report@1` JSON of a stored comparison (the same data as its page)."""
        return JSONResponse(dict(store.get(cid).report))

    @app.get("/api/events", tags=["api"], summary="The events of the store",
             responses={404: {"description": "no store configured (R707)"}})
    async def api_events() -> JSONResponse:
        """Events of the corpus store (`serve --db`), most recently seen first: id, title, first and
        last seen, outlets, article count."""
        rows = await run_in_threadpool(_events().rows)
        return JSONResponse([views.event_to_dict(r) for r in rows])

    @app.get("/api/events/{event_id}/report", tags=["api"], summary="An event's comparison",
             responses={404: {"description": "unknown event, or no store configured (R707)"},
                        422: {"description": "the event has fewer than two articles (R107)"}})
    async def api_event_report(event_id: str) -> JSONResponse:
        """The `rashomon/report@1` JSON comparing the event's articles (computed once, then cached);
        `X-Rashomon-Id` and `Location` name its comparison page."""
        stored = await run_in_threadpool(_events().comparison, event_id)
        return JSONResponse(dict(stored.report), headers={"Location": stored.page, "X-Rashomon-Id": stored.id})

    @app.get("/api/health", tags=["api"], summary="Liveness")
    async def api_health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "schema": "rashomon/report@1",
                "token_required": bool(config.token), "allow_private_urls": config.allow_private_urls}

    return app


def _summarise(errors: Any) -> str:
    """Pydantic errors as one line; never echoes the input back."""
    parts = []
    for e in list(errors)[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _new_page(config: Config, error: dict[str, Any] | None = None, texts: list[str] | None = None,
              names: list[str] | None = None, urls: str = "", events_nav: bool = False) -> str:
    texts, names = list(texts or []), list(names or [])
    slots = max(FORM_SLOTS, len(texts))
    texts += [""] * (slots - len(texts))
    names += [""] * (slots - len(names))
    return views.render_page("new.html", error=error, slots=list(zip(texts, names, strict=False)), urls=urls,
                             config=config, events_nav=events_nav)


def serve(host: str = "127.0.0.1", port: int = 8000, *, allow_private_urls: bool = False,
          token: str | None = None, store_dir: str | None = None, db: str | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(allow_private_urls=allow_private_urls, token=token, store_dir=store_dir, db=db)
    if host not in ("127.0.0.1", "localhost", "::1") and not app.state.config.token:
        log.warning("listening on %s without a token: anyone who can reach it can run comparisons", host)
    uvicorn.run(app, host=host, port=port, log_level="info")
