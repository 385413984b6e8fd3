"""Event clustering on ECB+: B-cubed precision, recall and F1 against the gold events.

    python scripts/eval_events.py --data ../shared/data/ecbplus/ecbplus_docs.jsonl [--split all]

Reads the JSONL (``doc_id``, ``sentences`` tokenised, ``event_cluster`` gold),
detokenises each document (a leading URL line becomes ``EventDoc.url``, the first
other line the title), and feeds the documents to
:class:`rashomon.events.EventClusterer` in file order. The documents carry no
publication dates; what dates there are come from the text and URLs. ``topic`` is
read only to split the corpus (``--split tune``: odd topics, ``test``: even topics);
it is never given to the clusterer. The last line printed is exactly
``B3 P=0.xxxx R=0.xxxx F1=0.xxxx``.

``--baseline`` scores a TF-IDF + cosine threshold clusterer instead (single pass,
each document joins the most similar cluster centroid at cosine >= threshold, idf over
the evaluated documents), with its threshold swept on the evaluated split itself.
``--check-floor`` exits 1 when F1 falls below ``scripts/events_floor.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rashomon.events import EventClusterer, EventDoc, Weights
from rashomon.events.features import content_terms, extract_features
from rashomon.events.people import PeopleTagger
from rashomon.events.scoring import FEATURES, PAIR_FEATURES, PairWeights, doc_pair_features, pair_view

FLOOR_FILE = Path(__file__).resolve().parent / "events_floor.json"


def detokenise(tokens: str) -> str:
    if tokens.startswith("http") or tokens.startswith("www"):
        return tokens.replace(" ", "")
    s = tokens.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r" ([,.;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = re.sub(r"(\w) - (\w)", r"\1-\2", s)
    # the ECB+ half of the corpus splits figures, dates and times the ECB half keeps whole:
    # "4 . 6 magnitude", "$2 . 5 million", "05 / 02 / 2013", "11 : 00 AM"
    s = re.sub(r"(?<=\d)\. (?=\d)", ".", s)
    s = re.sub(r"(?<=\d) ?([/:]) ?(?=\d)", r"\1", s)
    return s


def load_docs(path: Path) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
    return docs


def to_event_doc(raw: dict) -> EventDoc:
    lines = [detokenise(s) for s in raw["sentences"] if s.strip()]
    url = None
    if lines and re.match(r"(?:https?:|www\.)", lines[0]):
        url = lines.pop(0)
    title = lines[0] if lines else ""
    return EventDoc(key=raw["doc_id"], title=title, text="\n".join(lines[1:]), published=None, url=url)


def split_docs(docs: list[dict], split: str) -> list[dict]:
    if split == "all":
        return docs
    parity = 1 if split == "tune" else 0
    return [d for d in docs if int(re.sub(r"\D", "", str(d["topic"])) or 0) % 2 == parity]


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    pairs = Counter(zip(pred, gold, strict=True))
    psize, gsize = Counter(pred), Counter(gold)
    p = sum(n * n / psize[pc] for (pc, _), n in pairs.items()) / len(pred)
    r = sum(n * n / gsize[gc] for (_, gc), n in pairs.items()) / len(pred)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def baseline_clusters(docs: list[EventDoc], threshold: float) -> list[str]:
    tfs = [content_terms(f"{d.title}\n{d.text}") for d in docs]
    df: Counter[str] = Counter()
    for tf in tfs:
        df.update(tf.keys())
    n = len(docs)
    vecs = []
    for tf in tfs:
        v = {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 1)) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    centroids: list[dict[str, float]] = []
    norms: list[float] = []
    out = []
    for v in vecs:
        best, best_s = -1, -1.0
        for i, c in enumerate(centroids):
            s = sum(x * c.get(t, 0.0) for t, x in v.items()) / norms[i]
            if s > best_s:
                best, best_s = i, s
        if best < 0 or best_s < threshold:
            centroids.append({})
            norms.append(1.0)
            best = len(centroids) - 1
        c = centroids[best]
        for t, x in v.items():
            c[t] = c.get(t, 0.0) + x
        norms[best] = math.sqrt(sum(x * x for x in c.values())) or 1.0
        out.append(f"b{best}")
    return out


def fit_weights(docs: list[EventDoc], gold: list[str], embeddings: list | None, window_days: int | None,
                l2: float = 1e-3, steps: int = 4000) -> Weights:
    """Logistic regression over the features of each article against the gold events before it."""
    import numpy as np

    cl = EventClusterer(window_days=window_days, repair_every=0, people=False)  # gold events only: no repair
    event_of: dict[str, str] = {}
    xs: list[tuple[float, ...]] = []
    ys: list[float] = []
    for i, (doc, g) in enumerate(zip(docs, gold, strict=True)):
        emb = embeddings[i] if embeddings is not None else None
        target = event_of.get(g)
        for ev_id, x in cl.candidate_features(doc, emb, also=[target] if target else []):
            xs.append(x)
            ys.append(float(ev_id == target))
        cl.threshold = float("inf")  # an article of a gold event not seen yet opens one
        event_of[g] = cl.add(doc, emb, event_id=target).event_id
    x_arr, y_arr = np.array(xs), np.array(ys)
    w, b = np.zeros(x_arr.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x_arr @ w + b)))
        w -= 1.0 * ((x_arr.T @ (p - y_arr)) / len(y_arr) + l2 * w)
        b -= 1.0 * float(np.mean(p - y_arr))
    print(f"fitted on {len(ys)} article-event pairs ({int(y_arr.sum())} positive)")
    return Weights(bias=round(b, 3), **{n: round(float(v), 3) for n, v in zip(FEATURES, w, strict=True)})


def final_labels(cl: EventClusterer, docs: list[EventDoc]) -> list[str]:
    """Each article's event at the end of the stream (repairs may have moved it since its add)."""
    final = {k: s.id for s in cl.drain_frozen() for k in s.keys}
    final.update(cl.assignments())
    return [final[d.key] for d in docs]


def fit_pair_weights(docs: list[EventDoc], gold: list[str], min_text: float = 0.05, l2: float = 1e-3,
                     steps: int = 4000, people: bool = True) -> PairWeights:
    """Logistic regression over every pair of articles whose term cosine is at least ``min_text``."""
    import numpy as np

    tagged = PeopleTagger()(docs) if people else [[] for _ in docs]  # no people: those features stay 0
    feats = [extract_features(d, p) for d, p in zip(docs, tagged, strict=True)]
    n = len(feats)
    term_df: Counter[str] = Counter()
    name_df: Counter[str] = Counter()
    for f in feats:
        term_df.update(f.terms.keys())
        name_df.update(f.names.keys())

    def idf(df: Counter[str]) -> Callable[[str], float]:
        return lambda t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

    views = [pair_view(f, None, idf(term_df), idf(name_df)) for f in feats]
    xs, ys = [], []
    for i in range(n):
        for j in range(i + 1, n):
            x = doc_pair_features(views[i], views[j])
            if x[0] >= min_text:
                xs.append(x)
                ys.append(float(gold[i] == gold[j]))
    x_arr, y_arr = np.array(xs), np.array(ys)
    used = [k for k, name in enumerate(PAIR_FEATURES) if name != "embedding"]
    w, b = np.zeros(len(used)), 0.0
    xu = x_arr[:, used]
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xu @ w + b)))
        w -= 1.0 * ((xu.T @ (p - y_arr)) / len(y_arr) + l2 * w)
        b -= 1.0 * float(np.mean(p - y_arr))
    print(f"fitted on {len(ys)} article pairs ({int(y_arr.sum())} same event)")
    coef = dict.fromkeys(PAIR_FEATURES, 0.0)
    coef.update({PAIR_FEATURES[k]: round(float(v), 3) for k, v in zip(used, w, strict=True)})
    return PairWeights(bias=round(b, 3), **coef)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", choices=["tune", "test", "all"], default="all")
    ap.add_argument("--threshold", type=float, default=None, help="override the clusterer's threshold")
    ap.add_argument("--window-days", type=int, default=None,
                    help="the clusterer's time window (default: none, since ECB+ has no publication dates "
                         "and is not in time order: dates read from the text would freeze events early)")
    ap.add_argument("--embed", action="store_true", help="add MiniLM title+lead similarity")
    ap.add_argument("--sweep", action="store_true", help="print F1 over a range of thresholds")
    ap.add_argument("--baseline", action="store_true", help="TF-IDF + cosine threshold baseline instead")
    ap.add_argument("--fit", action="store_true", help="fit the score's weights on this split and use them")
    ap.add_argument("--fit-split", choices=["tune", "test", "all"], default=None,
                    help="with --fit: fit on this split instead of the evaluated one")
    ap.add_argument("--fit-pairs", action="store_true",
                    help="fit the repair step's article-pair model (on --fit-split, else this split)")
    ap.add_argument("--sweep-repair", action="store_true", help="print F1 over repair thresholds")
    ap.add_argument("--sweep-bisect", action="store_true", help="print F1 over bisection cuts (normalised cut)")
    ap.add_argument("--bisect-ncut", type=float, default=None, help="override the clusterer's bisection cut")
    ap.add_argument("--no-people", action="store_true",
                    help="without the people features (ablation; refit the pair model with --fit-pairs)")
    ap.add_argument("--repair-cut", type=float, default=None, help="override the clusterer's repair cut")
    ap.add_argument("--no-repair", action="store_true", help="stream assignments only, no repair step")
    ap.add_argument("--full-repair", action="store_true", help="end with a repair of every active event")
    ap.add_argument("--check-floor", action="store_true")
    ap.add_argument("--floor-file", type=Path, default=FLOOR_FILE)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    if not args.data.exists():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2
    everything = load_docs(args.data)
    raw = split_docs(everything, args.split)
    docs = [to_event_doc(r) for r in raw]
    gold = [r["event_cluster"] for r in raw]
    print(f"{len(docs)} documents, {len(set(gold))} gold events, split={args.split}")

    t0 = time.perf_counter()
    if args.baseline:
        results = []
        for i in range(4, 61, 2):
            th = i / 100
            results.append((bcubed(baseline_clusters(docs, th), gold), th))
        for (p, r, f), th in results:
            print(f"baseline threshold={th:.2f} P={p:.4f} R={r:.4f} F1={f:.4f}")
        (p, r, f), th = max(results, key=lambda x: (x[0][2], -x[1]))
        print(f"baseline best threshold (chosen on this split) = {th:.2f}")
        pred = baseline_clusters(docs, th)
    else:
        embedder = None
        embeddings = None
        if args.embed:
            from rashomon.align.embeddings import load_embedder
            from rashomon.events.features import title_and_lead

            embedder = load_embedder()
            embeddings = list(embedder.encode([title_and_lead(d) for d in docs]))
            print(f"embedded {len(docs)} title+lead texts in {time.perf_counter() - t0:.1f}s")
        weights = None
        if args.fit and args.fit_split not in (None, args.split):
            fraw = split_docs(everything, args.fit_split)
            fdocs = [to_event_doc(r) for r in fraw]
            femb = None
            if embedder is not None:
                from rashomon.events.features import title_and_lead

                femb = list(embedder.encode([title_and_lead(d) for d in fdocs]))
            weights = fit_weights(fdocs, [r["event_cluster"] for r in fraw], femb, args.window_days)
            print(f"weights (fitted on {args.fit_split}): {weights}")
        elif args.fit:
            weights = fit_weights(docs, gold, embeddings, args.window_days)
            print(f"weights: {weights}")
        pair_weights = None
        if args.fit_pairs:
            fraw = split_docs(everything, args.fit_split or args.split)
            pair_weights = fit_pair_weights([to_event_doc(r) for r in fraw], [r["event_cluster"] for r in fraw],
                                            people=not args.no_people)
            print(f"pair weights: {pair_weights}")
        # tagged once for every run below (the clusterer would tag each add); --no-people: nobody
        people = [[] for _ in docs] if args.no_people else PeopleTagger()(docs)
        thresholds: list[float | None] = [args.threshold]
        repairs: list[float | None] = [args.repair_cut]
        bisects: list[float | None] = [args.bisect_ncut]
        if args.sweep:
            thresholds = [i / 4 for i in range(-16, 9)]
        if args.sweep_repair:
            repairs = [i / 4 for i in range(-6, 3)]
            thresholds = [args.threshold] * len(repairs)
        elif args.sweep_bisect:
            bisects = [0.0] + [i / 100 for i in range(76, 95, 2)]  # 0: no bisection
            thresholds = [args.threshold] * len(bisects)
            repairs = repairs * len(thresholds)
        else:
            repairs = repairs * len(thresholds)
        bisects = bisects * (len(thresholds) // len(bisects))
        for cut, repair, bisect in zip(thresholds, repairs, bisects, strict=True):
            cl = EventClusterer(window_days=args.window_days, embedder=embedder, weights=weights)
            if cut is not None:
                cl.threshold = cut
            if repair is not None:
                cl.repair_threshold = repair
            if bisect is not None:
                cl.bisect_ncut = bisect
            if pair_weights is not None:
                cl.pair_weights = pair_weights
            if args.no_repair:
                cl.repair_every = 0
            for i, d in enumerate(docs):
                cl.add(d, embeddings[i] if embeddings is not None else None, people=people[i])
            if not args.no_repair:
                cl.repair(everything=args.full_repair)
            pred = final_labels(cl, docs)
            if args.sweep or args.sweep_repair or args.sweep_bisect:
                p, r, f = bcubed(pred, gold)
                print(f"threshold={cl.threshold:.2f} repair={cl.repair_threshold:.2f} bisect={cl.bisect_ncut:.2f} "
                      f"P={p:.4f} R={r:.4f} F1={f:.4f} events={len(set(pred))}")
        if args.sweep or args.sweep_repair or args.sweep_bisect:
            return 0
    elapsed = time.perf_counter() - t0
    p, r, f = bcubed(pred, gold)
    print(f"{len(set(pred))} predicted events in {elapsed:.1f}s ({len(docs) / max(elapsed, 1e-9):.0f} docs/s)")
    status = 0
    if args.check_floor:
        floors = json.loads(args.floor_file.read_text(encoding="utf-8"))
        floor = floors.get(args.split, {}).get("f1")
        if floor is None:
            print(f"no floor pinned for split {args.split!r} in {args.floor_file}")
        elif round(f, 4) < floor:
            print(f"FAIL: B-cubed F1 {f:.4f} is below the pinned floor {floor:.4f}")
            status = 1
        else:
            print(f"floor {floor:.4f} holds")
    print(f"B3 P={p:.4f} R={r:.4f} F1={f:.4f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
