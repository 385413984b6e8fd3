#!/usr/bin/env python3
"""Fit the claim-pair scorer of rashomon.align on gold event sets (our own, by default).

    python scripts/train_align.py [--eval GOLD ...] [TRAIN_GOLD ...]

Positive pairs: claims of two articles that hold the anchors of one gold
corroborated or contested fact.  Negative pairs: a claim holding the anchor
of gold fact X and a claim of another article holding the anchor of a
different gold fact Y, or of a single-source item.  Other pairs are
unlabelled and left out.  Prints the logistic weights (on raw features) to
paste into align.py, and precision/recall at several thresholds on the
training sets and, with --eval, on held-out sets.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
from pathlib import Path

import numpy as np

from rashomon.align.embeddings import load_embedder
from rashomon.align.features import FEATURES, claim_vectors, feature_matrix
from rashomon.claims.extract import extract_claims
from rashomon.ingest import read_sources
from rashomon.pipeline import parse_articles

ROOT = Path(__file__).resolve().parent.parent


def labelled_pairs(gold_path: str, encode) -> tuple[np.ndarray, np.ndarray]:
    gold = json.load(open(gold_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(gold_path))
    files = [os.path.normpath(os.path.join(base, f)) for f in gold["articles"].values()]
    res = read_sources(files)
    by_name = {os.path.basename(a.source): a.id for a in res.articles}
    ids = {k: by_name.get(os.path.basename(f)) for k, f in gold["articles"].items()}
    parsed, _ = parse_articles(res.articles)
    claims = [c for p in parsed for c in extract_claims(p.doc, p.analysis)]
    sent = {(p.analysis.article.id, s.i): s.text for p in parsed for s in p.analysis.sentences}
    vecs = claim_vectors(claims, [sent[(c.article, c.sentence)] for c in claims], encode)
    X, pairs = feature_matrix(claims, vecs)
    # which gold item(s) each claim holds an anchor of
    tags: list[set[str]] = [set() for _ in claims]
    items = []
    for sec in ("corroborated", "contested"):
        items += [(f"{sec}:{n}", it["anchors"]) for n, it in enumerate(gold.get(sec, []))]
    items += [(f"single:{n}", {it["article"]: it["anchor"]}) for n, it in enumerate(gold.get("single_source", []))]
    for tag, anchors in items:
        for k, anchor in anchors.items():
            for i, c in enumerate(claims):
                if c.article == ids.get(k) and anchor in c.text:
                    tags[i].add(tag)
    y = np.full(len(pairs), -1)
    for n, (i, j) in enumerate(pairs):
        if not tags[i] or not tags[j]:
            continue
        shared = {t for t in tags[i] & tags[j] if not t.startswith("single")}
        y[n] = 1 if shared else 0
    keep = y >= 0
    return X[keep], y[keep]


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 4000, lr: float = 0.5):
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    w, b = np.zeros(Z.shape[1]), 0.0
    pos_w = (len(y) - y.sum()) / max(y.sum(), 1)  # balance the classes
    sw = np.where(y == 1, pos_w, 1.0)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        w -= lr * (Z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    # back to raw-feature weights
    return w / sd, b - float((w / sd) @ mu)


def report(name: str, X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> None:
    p = 1 / (1 + np.exp(-(X @ w + b)))
    print(f"{name}: {int(y.sum())} positive / {int((1 - y).sum())} negative pairs")
    for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        prec = tp / max(int(pred.sum()), 1)
        rec = tp / max(int(y.sum()), 1)
        print(f"  t={t:.2f} precision={prec:.3f} recall={rec:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", nargs="*")
    ap.add_argument("--eval", nargs="*", default=[])
    args = ap.parse_args()
    train = args.train or sorted(glob.glob(str(ROOT / "tests/fixtures/events/*/gold.json")))
    encode = load_embedder().encode
    parts = [labelled_pairs(g, encode) for g in train]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w, b = fit(X, y)
    print("PAIR_WEIGHTS = {")
    for name, value in zip(FEATURES, w, strict=True):
        print(f'    "{name}": {value:.4f},')
    print("}")
    print(f"PAIR_BIAS = {b:.4f}")
    report("train", X, y, w, b)
    if args.eval:
        ev = [labelled_pairs(g, encode) for g in args.eval]
        report("eval", np.vstack([p[0] for p in ev]), np.concatenate([p[1] for p in ev]), w, b)


if __name__ == "__main__":
    main()
