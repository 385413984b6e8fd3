"""The `rashomon` command: a thin shell over the library.

Each command parses its arguments, calls one library function, renders the
result, and turns library errors into a one-line message and an exit code.
Set ``RASHOMON_DEBUG=1`` to see tracebacks of unexpected errors.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from rashomon.errors import InputError, RashomonError
from rashomon.version import __version__

log = logging.getLogger(__name__)

EXIT_PARTIAL = 2  # output written, but some inputs failed
EXIT_INTERNAL = 70


def _fail(message: str, code: int) -> None:
    click.echo(f"rashomon: {message}", err=True)
    sys.exit(code)


def _guard(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except RashomonError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        _fail(f"[R999] internal error: {type(exc).__name__}: {exc} (set RASHOMON_DEBUG=1 for details)",
              EXIT_INTERNAL)


@contextmanager
def _one_shot_gc() -> Iterator[None]:
    """No automatic garbage collection while a one-shot command (compare, analyze) runs.

    Importing spaCy and loading the models create ~130,000 long-lived tracked objects and
    almost no cyclic garbage (33 unreachable objects after a comparison of the seed pair;
    reference counting frees the rest).  Each automatic full collection walks all of them
    (three during a cold ``rashomon compare``, 0.15-0.2 s), and interpreter exit walked them
    again (0.3-0.6 s of teardown, measured on this 2-core machine).  So collection is off
    while the command runs, and what it built is frozen at the end: exit and any later
    collection skip it.  ``gc.set_threshold(0)`` rather than ``gc.disable()``, because
    srsly calls ``gc.enable()`` after every msgpack read while spaCy loads.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


PRELOAD_JOIN_SECONDS = 30.0  # how long an exit waits for the embedder preload to finish


def _preload_embedder(spec: str) -> None:
    """Load the embedding model in a thread while the main thread imports spaCy (start-up time).

    A command that fails before it needs the model (a missing file) exits while the thread may
    still be inside the ONNX runtime's native code; killing it there aborts the process
    ("terminate called without an active exception", exit -6) after the one-line error. So the
    exit waits for the load to end (about a second at most) before the interpreter shuts down."""
    import atexit
    import threading

    from rashomon.align.embeddings import load_embedder

    def load() -> None:
        try:
            load_embedder(spec)
        except Exception:  # the pipeline loads it again and reports any error properly
            log.debug("embedder preload failed", exc_info=True)

    thread = threading.Thread(target=load, name="preload-embedder", daemon=True)
    thread.start()
    atexit.register(thread.join, PRELOAD_JOIN_SECONDS)


def _report_failures(failures: Sequence[tuple[str, RashomonError]]) -> None:
    for _source, err in failures:
        click.echo(f"rashomon: {err}", err=True)


def _write(text: str, output: str | None) -> None:
    if output:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written report behind
        click.echo(f"wrote {path}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rashomon")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """Compare news reports of one event, claim by claim."""
    # errors reach the user as one line from _guard / _report_failures; logs only on request
    level = logging.ERROR if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
def analyze(sources: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Analyse articles: sentences, entities, dates, quantities, attributions.

    SOURCES are files, directories, http(s) URLs, or - for stdin.
    """

    def run() -> int:
        from rashomon.pipeline import analyze as analyze_articles
        from rashomon.pipeline import ingest
        from rashomon.report.jsonreport import analysis_to_dict

        result = ingest(list(sources))
        _report_failures(result.failures)
        if not result.articles:
            if result.failures:
                return result.failures[0][1].exit_code  # already reported above
            raise RashomonError("no articles read")
        data = analysis_to_dict(analyze_articles(result.articles))
        if fmt == "json":
            _write(json.dumps(data, ensure_ascii=False, indent=2), output)
        else:
            _write(_analysis_text(data), output)
        return EXIT_PARTIAL if result.failures else 0

    with _one_shot_gc():
        code = _guard(run)
    sys.exit(code)


def _analysis_text(data: dict) -> str:
    lines = []
    for a in data["articles"]:
        lines.append(f"{a['id']}  {a.get('outlet') or '?'}  {a.get('published') or 'no date'}  {a.get('title') or ''}")
        for t in a["times"]:
            lines.append(f"    date  {t['text']!r} -> {t['first']}..{t['last']}")
        for q in a["quantities"]:
            lines.append(f"    qty   {q['text']!r} {q.get('head') or ''} -> {q['low']}..{q['high']} {q.get('unit') or ''}")
        for x in a["attributions"]:
            lines.append(f"    said  s{x['sentence']}: {x['speaker']} ({x['cue']})")
        for w in a["warnings"]:
            lines.append(f"    warn  {w['message']}")
    lines.append("entities:")
    for e in data["entities"]:
        variants = sorted({m["text"] for m in e["mentions"]})
        lines.append(f"    {e['id']} {e['name']} [{e['type']}]  {' | '.join(variants)}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "html", "md", "text"]), default=None,
              help="Output format (default: text on a terminal, json otherwise).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--embedding-model", default=None, help="minilm-int8 (default), st:NAME_OR_PATH, or none.")
@click.option("--event", "event_id", default=None, help="Compare the stored articles of this event (see `rashomon events`).")
@click.option("--db", default=None, help="Store: a SQLite file or a postgresql:// URL (default: $RASHOMON_DB or ./rashomon.db).")
def compare(sources: tuple[str, ...], fmt: str | None, output: str | None, embedding_model: str | None,
            event_id: str | None, db: str | None) -> None:
    """Compare 2+ reports of one event: corroborated, contested, single-source, omissions.

    SOURCES are files (.txt .md .html .json .jsonl), directories, http(s) URLs, or - for stdin.
    """
    if fmt is None:
        fmt = "text" if sys.stdout.isatty() and not output else "json"

    def run() -> int:
        from rashomon.settings import load_config

        config = load_config(embedding_model=embedding_model)
        _preload_embedder(config.embedding_model)

        from rashomon.pipeline import compare_sources
        from rashomon.report.jsonreport import comparison_to_dict

        failures: tuple = ()
        if event_id is not None:
            if sources:
                raise InputError("give either SOURCES or --event, not both")
            from rashomon.corpus import event_comparison
            from rashomon.store import open_store

            with open_store(db) as store:
                comparison = event_comparison(store, event_id, config)
        else:
            if not sources:
                raise InputError("nothing to compare: give two or more SOURCES, or --event ID")
            comparison, result = compare_sources(list(sources), config)
            failures = result.failures
        _report_failures(failures)
        data = comparison_to_dict(comparison)
        if fmt == "json":
            _write(json.dumps(data, ensure_ascii=False, indent=2), output)
        elif fmt == "html":
            from rashomon.report.html import render_html

            _write(render_html(data), output)
        elif fmt == "md":
            from rashomon.report.markdown import render_markdown

            _write(render_markdown(data), output)
        else:
            if output:
                from rashomon.report.terminal import render_text

                _write(render_text(data), output)
            else:
                from rashomon.report.terminal import render_terminal

                render_terminal(data)
        return EXIT_PARTIAL if failures else 0

    with _one_shot_gc():
        code = _guard(run)
    sys.exit(code)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--allow-private-urls", is_flag=True,
              help="Let URL fetches reach loopback, private and link-local addresses (off: refused).")
@click.option("--token", envvar="RASHOMON_TOKEN", default=None,
              help="Require this token for the API and pages (env RASHOMON_TOKEN).")
@click.option("--store-dir", type=click.Path(file_okay=False), default=None,
              help="Keep comparisons as JSON files in DIR (default: in memory).")
@click.option("--db", default=None,
              help="Serve the events of this store (SQLite file or postgresql:// URL) at /events "
                   "(default: $RASHOMON_DB, or ./rashomon.db if it exists).")
def serve(host: str, port: int, allow_private_urls: bool, token: str | None, store_dir: str | None,
          db: str | None) -> None:
    """Run the web UI and HTTP API (http://HOST:PORT/, API under /api/, docs at /docs)."""

    def run() -> int:
        from rashomon.web import serve as serve_app

        extra = {"db": db} if db is not None else {}  # None: the app looks for $RASHOMON_DB, ./rashomon.db
        serve_app(host, port, allow_private_urls=allow_private_urls, token=token or None, store_dir=store_dir,
                  **extra)
        return 0

    sys.exit(_guard(run))


DB_HELP = "Store: a SQLite file or a postgresql:// URL (default: $RASHOMON_DB or ./rashomon.db)."


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default=None, help=DB_HELP)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Run on a local Dask cluster of N worker processes.")
def ingest(sources: tuple[str, ...], db: str | None, progress: bool | None, scheduler: str | None,
           workers: int | None) -> None:
    """Store articles and group them into events as they arrive.

    SOURCES are files, directories, JSONL, http(s) URLs, RSS/Atom feeds (feed:URL or .rss/.atom files)
    and WARC files. Re-running is safe: the same article twice is stored once.
    """

    def run() -> int:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn

        from rashomon.corpus import IngestSummary, ingest_corpus
        from rashomon.store import open_store

        show = sys.stderr.isatty() if progress is None else progress
        console = Console(stderr=True)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, disable=not show,
                      transient=True) as bar:
            task = bar.add_task("ingesting", total=None)
            counts = {"n": 0}

            def tick(source: str, status: str) -> None:
                counts["n"] += 1
                bar.update(task, description=f"{counts['n']} articles · {status}: {source[-60:]}")

            summary: IngestSummary
            if scheduler or workers:
                if logging.getLogger().level > logging.INFO:
                    # distributed sets its loggers to INFO from its config on import; keep stderr to our lines
                    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
                from rashomon.scale import run_corpus

                summary = run_corpus(list(sources), db, scheduler=scheduler, workers=workers, on_article=tick)
            else:
                with open_store(db) as store:
                    summary = ingest_corpus(list(sources), store, on_article=tick)
        for source, message in summary.failed:
            click.echo(f"rashomon: {message}" if message.startswith("[") else f"rashomon: {source}: {message}",
                       err=True)
        click.echo(f"added {summary.added}, duplicates {summary.duplicates}, new versions {summary.new_versions}, "
                   f"failed {len(summary.failed)}; events opened {summary.events_opened}, "
                   f"joined {summary.events_joined}")
        return EXIT_PARTIAL if summary.failed else 0

    sys.exit(_guard(run))


@main.command()
@click.option("--db", default=None, help=DB_HELP)
@click.option("--limit", type=int, default=None, help="Show at most N events (newest first).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def events(db: str | None, limit: int | None, fmt: str) -> None:
    """List the events in the store: id, title, dates, outlets, article count."""

    def run() -> int:
        from rashomon.corpus import list_events
        from rashomon.store import open_store

        with open_store(db) as store:
            rows = list_events(store, limit)
        if fmt == "json":
            click.echo(json.dumps([{"id": r.id, "title": r.title, "first_seen": r.first_seen,
                                    "last_seen": r.last_seen, "outlets": list(r.outlets),
                                    "articles": r.article_count} for r in rows], ensure_ascii=False, indent=2))
            return 0
        for r in rows:
            dates = f"{r.first_seen or '?'}..{r.last_seen or '?'}"
            outlets = ", ".join(o for o in r.outlets if o) or "?"
            click.echo(f"{r.id}\t{r.article_count} articles\t{dates}\t{r.title}\t[{outlets}]")
        if not rows:
            click.echo("no events yet: rashomon ingest SOURCE...", err=True)
        return 0

    sys.exit(_guard(run))


@main.command()
@click.argument("query")
@click.option("--db", default=None, help=DB_HELP)
@click.option("--limit", type=int, default=20, show_default=True)
def search(query: str, db: str | None, limit: int) -> None:
    """Full-text search over stored articles."""

    def run() -> int:
        from rashomon.corpus import search_articles
        from rashomon.store import open_store

        with open_store(db) as store:
            hits = search_articles(store, query, limit)
        for h in hits:
            click.echo(f"{h.key}\t{h.published or '?'}\t{h.outlet or '?'}\t{h.title or ''}\n    {h.snippet}")
        if not hits:
            click.echo("no matches", err=True)
        return 0

    sys.exit(_guard(run))


if __name__ == "__main__":  # pragma: no cover
    main()
