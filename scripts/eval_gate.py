#!/usr/bin/env python3
"""Accuracy gate: score Rashomon on annotated event sets, fail below pinned floors.

    python scripts/eval_gate.py [--shared ../shared] [--verbose] [--update-floors]

Runs the comparison in-process (models load once) on every gold key in
``<shared>/eval/gold/`` (the seed pair and the 12 dev sets) and in
``tests/fixtures/events/`` (our own sets), scores each report with the shared
scorer (``<shared>/eval/score.py``, imported, not copied), prints one line per
set and a TOTAL per collection, then checks the totals against
``scripts/accuracy_floors.json``.  Scores may go up, never down silently:
``--update-floors`` pins the current numbers (minus a small slack).
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "scripts" / "accuracy_floors.json"
# recall/precision may wobble by one item between runs of different set sizes;
# floors are pinned this many points under the measured value
SLACK = 1.5


def load_scorer(shared: Path):
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("rashomon_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"eval_gate: cannot load scorer {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_files(shared: Path) -> dict[str, list[Path]]:
    sets = {
        "shared": sorted([shared / "eval" / "gold" / "niger-2024-04.json",
                          *[Path(p) for p in glob.glob(str(shared / "eval" / "gold" / "dev*" / "gold.json"))]]),
        "own": sorted(Path(p) for p in glob.glob(str(ROOT / "tests" / "fixtures" / "events" / "*" / "gold.json"))),
    }
    return {k: [p for p in v if p.exists()] for k, v in sets.items()}


def run_set(scorer, gold_path: Path) -> dict:
    from rashomon.pipeline import compare_sources
    from rashomon.report.jsonreport import comparison_to_dict

    gold = scorer.load(str(gold_path))
    base = gold_path.parent
    files = [os.path.normpath(str(base / f)) for f in gold["articles"].values()]
    try:
        comparison, _ = compare_sources(files)
        report = json.loads(json.dumps(comparison_to_dict(comparison)))
    except Exception as exc:
        return {"gold": str(gold_path), "error": f"{type(exc).__name__}: {exc}", "_gold": gold}
    res = scorer.score(gold, report)
    res["gold"] = gold_path.parent.name if gold_path.name == "gold.json" else gold_path.name
    res["_gold"] = gold
    return res


def totals(scorer, results: list[dict]) -> dict:
    t = {k: 0 for k in scorer.COUNT_KEYS}
    t.update(false_alarms=0, wrongly_merged=0, errors=0, max_claims_per_article_in_a_fact=0)
    for r in results:
        if "error" in r:
            t["errors"] += 1
            for key, section in scorer.GOLD_KEYS.items():
                t[key] += len(r["_gold"].get(section, []))
            continue
        for k in scorer.COUNT_KEYS:
            t[k] += r.get(k, 0)
        t["false_alarms"] += len(r["false_alarms"])
        t["wrongly_merged"] += len(r["wrongly_merged"])
        t["max_claims_per_article_in_a_fact"] = max(t["max_claims_per_article_in_a_fact"],
                                                    r["max_claims_per_article_in_a_fact"])

    def pct(a: int, b: int) -> float | None:
        return round(100.0 * a / b, 1) if b else None

    t["contested_recall"] = pct(t["contested_hit"], t["contested_gold"])
    t["contested_precision"] = pct(t["contested_predicted"] - t["unmatched_contested"], t["contested_predicted"])
    t["corroborated_recall"] = pct(t["corroborated_hit"], t["corroborated_gold"])
    t["single_source_recall"] = pct(t["single_source_hit"], t["single_source_gold"])
    t["same_entity_recall"] = pct(t["same_entity_hit"], t["same_entity_gold"])
    t["framing_recall"] = pct(t["framing_hit"], t["framing_gold"])
    return t


HIGHER = ["contested_recall", "corroborated_recall", "single_source_recall", "same_entity_recall",
          "framing_recall", "copies_hit"]
LOWER = ["false_alarms", "wrongly_merged", "errors", "bad_claims", "unmatched_contested", "false_copies"]


def check(name: str, total: dict, floors: dict) -> list[str]:
    problems = []
    for k in HIGHER:
        if k in floors and total.get(k) is not None and total[k] < floors[k]:
            problems.append(f"{name}: {k} {total[k]} < floor {floors[k]}")
    for k in LOWER:
        if k in floors and total.get(k, 0) > floors[k]:
            problems.append(f"{name}: {k} {total[k]} > ceiling {floors[k]}")
    if total.get("max_claims_per_article_in_a_fact", 0) > 3:
        problems.append(f"{name}: a fact holds more than 3 claims from one article")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", choices=["shared", "own"], help="score one collection")
    ap.add_argument("--update-floors", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "eval" / "score.py").exists():
        print(f"eval_gate: {shared}/eval/score.py not found; nothing to score (skipped)")
        return 0
    scorer = load_scorer(shared)
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    problems: list[str] = []
    new_floors: dict[str, dict] = {}
    for name, paths in gold_files(shared).items():
        if args.only and name != args.only:
            continue
        results = [run_set(scorer, p) for p in paths]
        for r in results:
            shown = {k: v for k, v in r.items() if not k.startswith("_")}
            if not args.verbose:
                shown = {k: v for k, v in shown.items()
                         if not isinstance(v, list) or k in ("false_alarms", "wrongly_merged")}
            print(json.dumps(shown, ensure_ascii=False))
        total = totals(scorer, results)
        print(f"TOTAL[{name}] " + json.dumps(total))
        problems += check(name, total, floors.get(name, {}))
        new_floors[name] = {
            **{k: (max(0.0, round(total[k] - SLACK, 1)) if k.endswith("_recall") else total[k])
               for k in HIGHER if total.get(k) is not None},
            **{k: total[k] for k in LOWER},
        }
    if args.update_floors:
        FLOORS.write_text(json.dumps(new_floors, indent=2) + "\n")
        print(f"pinned floors in {FLOORS}")
        return 0
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
