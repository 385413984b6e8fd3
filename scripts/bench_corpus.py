#!/usr/bin/env python3
"""Corpus growth benchmark: ingest + event clustering throughput and peak memory as the corpus grows.

    python scripts/bench_corpus.py [--shared ../shared] [--sizes 1000,10000,100000]
                                   [--dask-sizes 1000,10000,100000] [--baseline-sizes 1000] [--workers 2]
                                   [--timeout 3600] [--budget SECONDS] [--perturb light|all] [--no-doc]

A stream of N articles is synthesised by replaying the 982 ECB+ documents (detokenised)
as JSONL files, one file per day, about 300 articles a day, so N articles span N/300
days.  Each replay keeps an ECB+ event's documents together in the stream, shifts the
dates forward, and perturbs the text so that a replay is another event: every capitalised
word of the event and its most distinctive lower-case words get a replay-specific suffix,
numbers are shifted and a sentence may be dropped (``--perturb all``, the default). With
``--perturb light`` only one or two names per event are suffixed, so a replay reads as a
republication of the same event a few days later and events never leave the window; its
results go to their own section of the document.

Each measurement runs in a fresh subprocess (this script with ``--phase``) so that peak
RSS (``ru_maxrss``) belongs to that run alone:

* ``inproc``: :func:`rashomon.corpus.ingest_corpus` into a fresh SQLite file, in
  transactions of :data:`rashomon.corpus.BATCH` articles;
* ``baseline``: the same with ``batch_size=1``: one transaction, and one save of the
  clusterer's state, per article (what ``ingest_corpus`` did before it batched); the
  in-process rows give their throughput as a ratio to it;
* ``dask``: :func:`rashomon.scale.run_corpus` with ``workers`` local Dask worker
  processes and ``analyze=False`` (no analysis stage; reading on the workers, storing and
  clustering, with the clusterer's people tagger, on the client).

Per-article cost is sampled by wrapping ``EventClusterer.add``: its wall time and
``comparisons_last_add`` (candidate events scored), compared over the first and last
1,000 articles; the time per article (read + cluster + store) is the time between
progress callbacks, over the first and last 1,000 or more articles cut at commit
boundaries (progress arrives a whole batch, or for Dask a whole window, at a time). The raw figures go to ``build/bench_corpus[-all].json``.  Results are printed as a table and written as the section
"## Corpus growth (ingest + cluster)" at the end of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Corpus growth (ingest + cluster)"
SECTION_ALL = "## Corpus growth, distinct replayed events (ingest + cluster)"
ROWS = ROOT / "build"  # bench_corpus[-all].json: the raw figures of the last run
PER_DAY = 300
START = date(2020, 1, 1)
KEYWORDS = 15  # an event's distinctive lower-case words also perturbed with --perturb all
TAIL = 1000  # articles in the "first" and "last" cost samples
OUTLETS = ["Daily Ledger", "Morning Post", "Evening Star", "Harbour Times", "Valley Courier", "Metro Wire",
           "Northern Echo", "City Herald", "Coastal News", "Capital Report", "Union Gazette", "Plains Journal"]
STOP_NAMES = {"The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "I", "But", "And", "This",
              "That", "Mr", "Mrs", "Ms", "Dr", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "According", "After", "As", "For", "His", "Her"}


# ---------------------------------------------------------------- synthesis
def detok(sentence: str | list[str]) -> str:
    s = " ".join(sentence) if isinstance(sentence, list) else sentence
    s = re.sub(r"``\s*", '"', s)
    s = re.sub(r"\s*''", '"', s)
    s = re.sub(r"\s+([.,;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b)", r"\1", s)
    s = re.sub(r"([(\[{$])\s+", r"\1", s)
    return s.strip()


def ecb_docs(shared: Path) -> list[dict]:
    with open(shared / "data" / "ecbplus" / "ecbplus_docs.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _suffix(replay: int) -> str:
    """A lower-case letter suffix unique to the replay (1 -> "b", 26 -> "ba" …): names stay name-like."""
    out, n = "", replay
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def _names(sentences: list[str], anywhere: bool = False) -> list[str]:
    """Capitalised words, commonest first: not sentence-initial ones, or (``anywhere``) every one,
    inner capitals included ("McCain", "LaRue")."""
    seen: dict[str, int] = {}
    for s in sentences:
        if anywhere:
            toks = re.findall(r"\b[A-Z][A-Za-z]{2,}\b", s)
        else:
            toks = [t for i, t in enumerate(s.split()) if i > 0 and re.fullmatch(r"[A-Z][a-z]{2,}", t)]
        for tok in toks:
            if tok not in STOP_NAMES:
                seen[tok] = seen.get(tok, 0) + 1
    return sorted(seen, key=lambda t: (-seen[t], t))


def _keywords(by_event: dict[str, list[str]], k: int = KEYWORDS) -> dict[str, list[str]]:
    """Each event's ``k`` most distinctive lower-case words (count in the event x log idf over events)."""
    counts = {ev: Counter(w for s in sents for w in re.findall(r"\b[a-z]{5,}\b", s)) for ev, sents in by_event.items()}
    df = Counter(w for c in counts.values() for w in c)
    n = len(counts)
    return {ev: sorted(c, key=lambda w: (-c[w] * math.log(n / df[w]), w))[:k] for ev, c in counts.items()}


def synthesise(shared: Path, n: int, out_dir: Path, seed: int = 7, perturb: str = "light") -> list[str]:
    """Write ``n`` articles as one JSONL file per day into ``out_dir``; return the files in date order.

    ``perturb``: "light" suffixes one or two of an event's six commonest names in each
    replay; "all" suffixes every capitalised word of the event and its :data:`KEYWORDS` most
    distinctive lower-case words, so a replay reads as another event of the same kind
    (other people, places, organisations and particulars)."""
    docs = ecb_docs(shared)
    by_event: dict[str, list[dict]] = {}
    for d in docs:
        by_event.setdefault(d["event_cluster"], []).append(
            {"id": d["doc_id"], "sentences": [detok(s) for s in d["sentences"]]})
    sents = {ev: [s for d in g for s in d["sentences"]] for ev, g in by_event.items()}
    if perturb == "light":
        names = {ev: _names(ss)[:6] for ev, ss in sents.items()}
    else:  # every name and the event's own vocabulary
        words = _keywords(sents)
        names = {ev: _names(ss, anywhere=True) + words[ev] for ev, ss in sents.items()}
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    written, replay, fh, day = 0, 0, None, -1
    try:
        while written < n:
            events = list(by_event)
            rng.shuffle(events)
            for ev in events:
                pool = names[ev]
                if not replay:
                    renamed = []
                elif perturb == "light":
                    renamed = rng.sample(pool, min(len(pool), rng.choice((1, 2))))
                else:
                    renamed = pool
                shift = rng.randint(1, 9) if replay else 0
                for d in by_event[ev]:
                    if written >= n:
                        break
                    sents = list(d["sentences"])
                    if replay and len(sents) > 3 and rng.random() < 0.5:
                        del sents[rng.randrange(1, len(sents))]
                    text = " ".join(sents)
                    if renamed:
                        suffix = _suffix(replay)
                        text = re.sub(r"\b(?:" + "|".join(map(re.escape, renamed)) + r")\b",
                                      lambda m, x=suffix: m.group(0) + x, text)
                    if shift:
                        text = re.sub(r"\b(\d{1,3})\b", lambda m, k=shift: str(int(m.group(1)) + k), text)
                    title = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0][:140]
                    i = written
                    if i // PER_DAY != day:
                        day = i // PER_DAY
                        if fh:
                            fh.close()
                        path = out_dir / f"day-{day:05d}.jsonl"
                        files.append(str(path))
                        fh = open(path, "w", encoding="utf-8")
                    when = START + timedelta(days=day)
                    stamp = f"{when.isoformat()}T{(i % PER_DAY) * 24 // PER_DAY:02d}:{i % 60:02d}:00Z"
                    outlet = OUTLETS[i % len(OUTLETS)]
                    slug = outlet.lower().replace(" ", "")
                    fh.write(json.dumps({"title": title, "text": text, "published": stamp, "outlet": outlet,
                                         "url": f"https://{slug}.example/r{replay}/{d['id']}-{i}"}) + "\n")
                    written += 1
                if written >= n:
                    break
            replay += 1
    finally:
        if fh:
            fh.close()
    return files


# ---------------------------------------------------------------- phases (run in subprocesses)
def _instrument(stop: list[bool]) -> tuple[array, array, array]:
    """Wrap EventClusterer.add: per-add wall time and candidate count; per-article completion time.
    Once ``stop[0]`` is set, the next add raises :class:`_Budget`: the run stops between two
    articles, after a commit's callbacks have all come."""
    from rashomon.events import EventClusterer

    add_s, comps, done = array("d"), array("l"), array("d")
    orig = EventClusterer.add

    def add(self, *a, **k):  # type: ignore[no-untyped-def]
        if stop[0]:
            raise _Budget
        t = time.perf_counter()
        out = orig(self, *a, **k)
        add_s.append(time.perf_counter() - t)
        comps.append(self.comparisons_last_add)
        return out

    EventClusterer.add = add  # type: ignore[method-assign]
    return add_s, comps, done


BURST_GAP = 0.002  # seconds: progress callbacks closer than this came from one commit


def _whole_batches(done: array, wall_start: float, k: int) -> tuple[float, float]:
    """Mean seconds per article (read + cluster + store) over the first and the last ``k`` or more
    articles, each window cut at commit boundaries: callbacks arrive a whole batch at a time when
    its transaction commits, so a window must hold whole batches to mean anything."""
    n = len(done)
    starts = [0] + [i for i in range(1, n) if done[i] - done[i - 1] > BURST_GAP]  # first of each commit
    end = next((i for i in starts if i >= k), n)  # the first window: [0, end)
    first = (done[end - 1] - wall_start) / end
    begin = max((i for i in starts if i <= n - k), default=0)  # the last window: [begin, n)
    last = (done[n - 1] - (done[begin - 1] if begin else wall_start)) / (n - begin)
    return first, last


def _tails(add_s: array, comps: array, done: array, wall_start: float) -> dict:
    k = min(TAIL, len(add_s))
    out = {"adds": len(add_s)}
    if k:
        out.update(first_add_ms=statistics.fmean(add_s[:k]) * 1e3, last_add_ms=statistics.fmean(add_s[-k:]) * 1e3,
                   first_comps=statistics.fmean(comps[:k]), last_comps=statistics.fmean(comps[-k:]),
                   max_comps=max(comps))
    if done:
        first, last = _whole_batches(done, wall_start, min(TAIL, len(done)))
        out.update(first_article_ms=first * 1e3, last_article_ms=last * 1e3)
    return out


class _Budget(Exception):
    """Raised between articles when the run's time budget is spent (the store stays consistent)."""


def phase(kind: str, data_dir: str, db: str, workers: int, budget: float | None = None) -> dict:
    """One measured run (in this process); ``kind``: inproc, baseline or dask."""
    files = sorted(str(p) for p in Path(data_dir).glob("day-*.jsonl"))
    stop = [False]
    add_s, comps, done = _instrument(stop)
    stop_at = time.perf_counter() + budget if budget else None

    def on_article(*_a: object) -> None:
        done.append(time.perf_counter())
        if stop_at is not None and done[-1] > stop_at:
            stop[0] = True  # the next article's add stops the run: this commit's callbacks all count

    if kind in ("inproc", "baseline"):
        from rashomon.corpus import BATCH, ingest_corpus
        from rashomon.store import open_store

        batch = 1 if kind == "baseline" else BATCH
        t0 = time.perf_counter()
        try:
            with open_store(db) as store:
                # the baseline writes every article at once, however long the state takes to save
                s = ingest_corpus(files, store, on_article=on_article, batch_size=batch,
                                  save_factor=0.0 if kind == "baseline" else None)
            counts = {"added": s.added, "duplicates": s.duplicates, "failed": len(s.failed)}
        except _Budget:
            counts = {}
        wall = time.perf_counter() - t0
    else:
        from rashomon.scale import run_corpus

        t0 = time.perf_counter()
        try:
            s = run_corpus(files, db, workers=workers, analyze=False, on_article=on_article)
            counts = {"added": s.added, "duplicates": s.duplicates, "failed": len(s.failed)}
        except _Budget:
            counts = {}
        wall = time.perf_counter() - t0
    wall = done[-1] - t0 if counts == {} and done else wall
    return {"done": len(done), "partial": counts == {}, "wall_s": wall,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "db_mib": os.path.getsize(db) / 2**20 if os.path.exists(db) else None,
            **counts, **stored(db), **_tails(add_s, comps, done, t0)}


def stored(db: str) -> dict:
    """What the store holds at the end (for a stopped run: its committed batches): articles,
    events, and the size of the saved clusterer state and the articles in its window."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        row = conn.execute("SELECT value FROM state WHERE name = 'event_clusterer'").fetchone()
    state = json.loads(row[0]) if row else {}
    return {"stored": articles, "events": events, "state_mib": len(row[0]) / 2**20 if row else None,
            "window_docs": len(state.get("docs", ()))}


def run_phase(kind: str, n: int, data_dir: Path, workers: int, timeout: float, budget: float | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="rbench-db-") as tmp:
        db = os.path.join(tmp, "corpus.db")
        cmd = [sys.executable, __file__, "--phase", kind, "--data-dir", str(data_dir), "--db", db,
               "--workers", str(workers)] + (["--budget", str(budget)] if budget else [])
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"kind": kind, "n": n, "error": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0:
        return {"kind": kind, "n": n, "error": (p.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res.update(kind=kind, n=n, rate=res["done"] / res["wall_s"])
    return res


# ---------------------------------------------------------------- report
def _f(v: object, fmt: str) -> str:
    return "–" if v is None else format(v, fmt)


LABELS = {"baseline": "in-process, batch of 1 (baseline)", "inproc": "in-process"}


def _ratio(a: object, b: object) -> str:
    return f"{a / b:.2f}×" if isinstance(a, float) and isinstance(b, float) and b else "–"


def _article_ms(r: dict) -> str:
    return (f"{_f(r.get('first_article_ms'), '.1f')} → {_f(r.get('last_article_ms'), '.1f')} "
            f"({_ratio(r.get('last_article_ms'), r.get('first_article_ms'))})")


def table(rows: list[dict], workers: int) -> str:
    head = ("| path | articles | days | wall (s) | articles/s | vs baseline | peak RSS (MiB) | DB (MiB) "
            "| state (MiB) / articles in window | events | cands/add first→last 1k | add ms first→last 1k "
            "| article ms first→last 1k+ |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head]
    base = {r["n"]: r["rate"] for r in rows if r["kind"] == "baseline" and "error" not in r}
    base_rate = base[min(base)] if base else None
    for r in rows:
        label = LABELS.get(r["kind"], f"Dask, {workers} workers")
        days = -(-r["n"] // PER_DAY)
        if "error" in r:
            lines.append(f"| {label} | {r['n']:,} | {days} | not run: {r['error']} | | | | | | | | | |")
            continue
        peak = _f(r["peak_mib"], ".0f")
        if r["kind"] == "dask":
            peak += f" (client); {_f(r.get('children_peak_mib'), '.0f')} (largest worker)"
        wall = f"{r['wall_s']:.1f}"
        if r.get("partial"):
            wall += f" (stopped at the time budget after {r['done']:,} articles, {r['stored']:,} committed)"
        vs = "1.00× (itself)" if r["kind"] == "baseline" else _ratio(r["rate"], base_rate)
        if r["kind"] != "baseline" and base_rate is not None:
            vs += f" (of {min(base):,})"
        lines.append(
            f"| {label} | {r['n']:,} | {days} | {wall} | {r['rate']:.1f} | {vs} | {peak} | "
            f"{_f(r.get('db_mib'), '.0f')} | {_f(r.get('state_mib'), '.1f')} / {_f(r.get('window_docs'), ',')} | "
            f"{_f(r.get('events'), ',')} | "
            f"{_f(r.get('first_comps'), '.1f')} → {_f(r.get('last_comps'), '.1f')} | "
            f"{_f(r.get('first_add_ms'), '.1f')} → {_f(r.get('last_add_ms'), '.1f')} "
            f"({_ratio(r.get('last_add_ms'), r.get('first_add_ms'))}) | {_article_ms(r)} |")
    return "\n".join(lines)


def machine() -> str:
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GB RAM, Python {platform.python_version()}, "
            f"{platform.system()}")


def write_doc(text: str, title: str) -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    at = doc.find(title + "\n")
    if at >= 0:  # re-run: replace our own section, nothing else
        rest = doc[at + len(title):]
        nxt = rest.find("\n## ")
        doc = doc[:at].rstrip() + ("\n\n" + rest[nxt + 1:] if nxt >= 0 else "")
    DOC.write_text(doc.rstrip() + "\n\n" + text.rstrip() + "\n", encoding="utf-8")


STREAMS = {
    "light": ("suffixes one or two of the event's\ncapitalised names with a replay-specific string, shifts "
              "small numbers and may drop a\nsentence, so replays are near copies rather than exact ones "
              "(the store's exact\nduplicate check does not drop them; the clusterer may still group a "
              "replay with the\nprevious one when both fall inside its 7-day window)"),
    "all": ("suffixes every capitalised word of the\nevent and its "
            f"{KEYWORDS} most distinctive lower-case words (by count x idf over the\nevents) with a "
            "replay-specific string (\"Reid\" becomes \"Reidb\" in the second replay),\nshifts small numbers "
            "and may drop a sentence, so a replay reads as another event\nof the same kind, with other people, "
            "places, organisations and particulars"),
}


def section(rows: list[dict], args: argparse.Namespace, cmd: str) -> str:
    from rashomon.corpus import BATCH

    return f"""{section_title(args)}

How ingest + event clustering cost grows with the corpus (issue 5, item 6). The stream
is synthetic: the 982 ECB+ documents replayed with dates shifted forward, about
{PER_DAY} articles a day (N articles span N/{PER_DAY} days), one JSONL file per day.
Each replay keeps an ECB+ event's documents together, {STREAMS[args.perturb]}. Outlets and URLs are
synthetic.

* **in-process**: `ingest_corpus` into a fresh SQLite file: articles read and
  clustered outside any transaction, then stored with their event assignments and
  one save of the clusterer's state per transaction of {BATCH} articles
  (`rashomon.corpus.BATCH`; more when a state save takes over a tenth of the batch's
  time, `SAVE_FACTOR`).
* **in-process, batch of 1 (baseline)**: the same with `batch_size=1`, one
  transaction and one state save per article, as `ingest_corpus` worked before it
  batched; "vs baseline" is each row's articles/s over the baseline's, measured in
  the same run.
* **Dask**: `run_corpus(..., workers={args.workers}, analyze=False)`, a `LocalCluster`
  of {args.workers} worker processes reading the files; storing and clustering stay on the
  client, one transaction per 7-day window. No analysis stage in either path; in both, the
  event clusterer tags people (spaCy's NER over each title and lead, `rashomon.events.people`).

Each run is a fresh process; peak RSS is its `ru_maxrss` (for Dask: the client, and
the largest of the finished worker processes as seen by `RUSAGE_CHILDREN`). "state"
is the size of the saved clusterer state at the end and the number of articles in
its window (what memory is bounded by). "cands/add" is
`EventClusterer.comparisons_last_add`, the candidate events scored per article; it,
and the time per `add` (including the periodic repair step) are averaged over the
first and the last {TAIL:,} articles of the run; the time per article (read + cluster +
store: wall time over articles committed) over the first and the last {TAIL:,} or more,
cut where a transaction committed, since progress arrives a whole batch (Dask: a whole
window) at a time. The ratio in brackets is last over first: 1.00× means no growth. The
first {TAIL:,} articles meet an empty window, so the first→last ratios include the window
filling up (about {PER_DAY * 7:,} articles for 7 days); compare the "last" figures of the
10,000 and 100,000 rows for growth with corpus size at a full window. For a run stopped at its time budget, "last" is
the last {TAIL:,} articles before the stop.

{table(rows, args.workers)}

Command: {cmd}

Machine: {machine()}; other sessions may have been using the machine at the time.
"""


def row_order(r: dict) -> tuple[int, int]:
    return (["baseline", "inproc", "dask"].index(r["kind"]), r["n"])


def section_title(args: argparse.Namespace) -> str:
    return SECTION if args.perturb == "light" else SECTION_ALL


def publish(rows: list[dict], args: argparse.Namespace, cmd: str) -> None:
    """Print the table of ``rows`` and, unless --no-doc, write it as the stream's section."""
    rows = sorted(rows, key=row_order)
    print(table(rows, args.workers))
    if not args.no_doc:
        write_doc(section(rows, args, cmd), section_title(args))
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sizes", default="1000,10000,100000", help="in-process sizes (comma-separated)")
    ap.add_argument("--dask-sizes", default="1000,10000,100000", help="Dask sizes (comma-separated; empty: none)")
    ap.add_argument("--baseline-sizes", default="1000",
                    help="sizes to run in-process with one transaction per article (comma-separated; empty: none)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run before it is given up")
    ap.add_argument("--budget", type=float, default=None,
                    help="stop a run cleanly after this many seconds and report the articles done so far")
    ap.add_argument("--perturb", choices=["light", "all"], default="all",
                    help="how replays differ: every name and the event's own words, a distinct event (all, "
                         "the default), or one or two names, a republication (light)")
    ap.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--from-json", nargs="+", metavar="ROWS.json",
                    help="measure nothing: write the section from the raw rows of earlier runs (their "
                         "build/bench_corpus*.json), e.g. runs made in parallel; --note says how they ran")
    ap.add_argument("--note", default="", help="with --from-json: how the runs were made (goes in the doc)")
    ap.add_argument("--phase", choices=["inproc", "baseline", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--data-dir", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.phase:
        print(json.dumps(phase(args.phase, args.data_dir, args.db, args.workers, args.budget)))
        return
    if args.from_json:
        rows = [r for f in args.from_json for r in json.loads(Path(f).read_text(encoding="utf-8"))]
        publish(rows, args, args.note or "`python scripts/bench_corpus.py`")
        return

    shared = Path(args.shared)
    if not (shared / "data" / "ecbplus" / "ecbplus_docs.jsonl").exists():
        sys.exit(f"no ECB+ data under {shared}/data/ecbplus: nothing to replay")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    dask_sizes = [int(s) for s in args.dask_sizes.split(",") if s.strip()]
    base_sizes = [int(s) for s in args.baseline_sizes.split(",") if s.strip()]
    rows: list[dict] = []
    argv = " ".join(a for a in sys.argv[1:])
    cmd = "`python scripts/bench_corpus.py" + (f" {argv}" if argv else "") + "`"
    timeout = max(args.timeout, (args.budget or 0) + 900)  # a budgeted run stops itself first
    work = Path(tempfile.mkdtemp(prefix="rbench-corpus-"))
    try:
        for n in sorted(set(sizes) | set(dask_sizes) | set(base_sizes)):
            data = work / f"n{n}"
            t = time.perf_counter()
            files = synthesise(shared, n, data, perturb=args.perturb)
            print(f"synthesised {n:,} articles in {len(files)} files ({time.perf_counter() - t:.1f} s)",
                  file=sys.stderr)
            kinds = [k for k, wanted in (("baseline", base_sizes), ("inproc", sizes), ("dask", dask_sizes))
                     if n in wanted]
            for kind in kinds:
                r = run_phase(kind, n, data, args.workers, timeout, args.budget)
                print(f"  {kind} {n:,}: " + (r.get("error") or f"{r['wall_s']:.1f} s, {r['rate']:.0f}/s, "
                                             f"peak {r['peak_mib']:.0f} MiB"), file=sys.stderr)
                rows.append(r)
                ROWS.mkdir(exist_ok=True)
                (ROWS / f"bench_corpus{'' if args.perturb == 'light' else '-all'}.json").write_text(
                    json.dumps(rows, indent=1), encoding="utf-8")
                if not args.no_doc:  # after every run, so a long run leaves what it measured so far
                    write_doc(section(sorted(rows, key=row_order), args, cmd), section_title(args))
            shutil.rmtree(data, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    publish(rows, args, cmd)


if __name__ == "__main__":
    main()
