#!/usr/bin/env python3
"""Where do gold anchors land? Pair scores for gold corroborated/contested pairs and
for single-source anchors (best score to another article), to calibrate align thresholds.

    python scripts/calibrate_align.py GOLD.json [GOLD.json ...]
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

from rashomon.align.align import pair_score
from rashomon.align.embeddings import load_embedder
from rashomon.claims.extract import extract_claims
from rashomon.ingest import read_sources
from rashomon.pipeline import parse_articles


def main(paths: list[str]) -> None:
    emb = load_embedder()
    pos, neg = [], []
    for gp in paths:
        gold = json.load(open(gp))
        base = os.path.dirname(os.path.abspath(gp))
        files = [os.path.normpath(os.path.join(base, f)) for f in gold["articles"].values()]
        res = read_sources(files)
        keys = {os.path.basename(a.source): a.id for a in res.articles}
        ids = {k: keys.get(os.path.basename(f)) for k, f in gold["articles"].items()}
        parsed, _ = parse_articles(res.articles)
        claims = [c for p in parsed for c in extract_claims(p.doc, p.analysis)]
        vec = emb.encode([c.text for c in claims])
        def holders(k, anchor):
            return [i for i, c in enumerate(claims) if c.article == ids.get(k) and anchor in c.text]
        def best(ia, ib):
            out = None
            for i in ia:
                for j in ib:
                    s = pair_score(claims[i], claims[j], float(vec[i] @ vec[j]))
                    cos = float(vec[i] @ vec[j])
                    if out is None or s > out[0]:
                        out = (s, cos, claims[i].text[:70], claims[j].text[:70])
            return out
        name = os.path.basename(base) if gp.endswith("gold.json") else os.path.basename(gp)
        for section in ("corroborated", "contested"):
            for item in gold.get(section, []):
                ks = list(item["anchors"])
                for x in range(len(ks)):
                    for y in range(x + 1, len(ks)):
                        b = best(holders(ks[x], item["anchors"][ks[x]]), holders(ks[y], item["anchors"][ks[y]]))
                        if b is None:
                            print(f"{name} {section} NO-CLAIM {item['what'][:60]}")
                            continue
                        pos.append(b[0])
                        print(f"{name} {section} {b[0]:.3f} cos={b[1]:.3f} | {b[2]} || {b[3]}")
        for item in gold.get("single_source", []):
            h = holders(item["article"], item["anchor"])
            others = [j for j, c in enumerate(claims) if c.article != ids.get(item["article"])]
            b = best(h, others)
            if b:
                neg.append(b[0])
                print(f"{name} single {b[0]:.3f} cos={b[1]:.3f} | {b[2]} || {b[3]}")
    pos_a, neg_a = np.array(pos), np.array(neg)
    for t in np.arange(0.45, 0.80, 0.025):
        print(f"t={t:.3f} pos>=t {np.mean(pos_a >= t):.2f}  single<t {np.mean(neg_a < t):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
