"""Score rashomon.analyze.dates on the TempEval-3 platinum test set.

    python scripts/eval_dates.py --data ../shared/data/tempeval3/te3-platinum [--spacy] [-v]

Each .tml file's TimeML tags are stripped (character offsets kept); the
``<DCT>`` TIMEX3 value is the anchor.  Only the ``<TEXT>`` part is scored (the
DCT itself is not an expression to find).  Reported:

1. value accuracy on the gold DATE and TIME spans: each gold span's text goes
   through ``resolve_time_expression`` (tense guessed from its clause by
   ``guess_tense``, as ``find_time_expressions`` does) and the value is
   compared with the gold ``value`` attribute.  Strict: whole values equal
   after upper-casing.  Day-level: both values cut at "T" (so a gold
   "2013-03-22TAF" and a predicted "2013-03-22" count as equal); reported
   beside, never instead.  ``mod`` (START/END/APPROX) is not compared,
   as in TempEval-3's value score;
2. relaxed extraction P/R/F1: predicted DATE/TIME expressions from
   ``find_time_expressions`` that overlap a gold DATE/TIME span, and value
   F1 on those matches (a match counts if its value is also right);
   the same over all TIMEX3 types (DURATION and SET included) as a second line.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rashomon.analyze.dates import find_time_expressions, guess_tense, resolve_time_expression

HEIDELTIME_VALUE_F1 = 0.78  # reported for TempEval-3 platinum (UzZaman et al. 2013)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Doc:
    name: str
    anchor: date
    text: str
    gold: list[Gold]


def read_tml(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    if not dct:
        raise ValueError(f"{path.name}: no DCT")
    anchor = date.fromisoformat(dct.group(1)[:10])
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Gold] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, attr = open_timex
            text = "".join(out)
            gold.append(Gold(start, length, text[start:length], attr.get("type", ""), attr.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return Doc(path.name, anchor, "".join(out), gold)


def norm(value: str | None, day_level: bool = False) -> str:
    v = (value or "").strip().upper()
    return v.split("T")[0] if day_level and re.match(r"^\d{4}|^XXXX", v) else v


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[Doc], nlp: Any = None, verbose: bool = False) -> dict[str, Any]:
    """Value accuracy on gold spans and relaxed extraction counts, as a dict."""
    t0 = time.perf_counter()
    n_dt = strict = day_level = 0
    ext = {"dt": [0, 0, 0, 0], "all": [0, 0, 0, 0]}  # tp, value-correct, n_pred, n_gold
    for doc in docs:
        dt_gold = [g for g in doc.gold if g.type in ("DATE", "TIME")]
        for g in dt_gold:
            res = resolve_time_expression(g.text, doc.anchor, tense=guess_tense(doc.text, g.start, g.end))
            pred = res.value if res else None
            n_dt += 1
            strict += norm(pred) == norm(g.value)
            day_level += norm(pred, True) == norm(g.value, True)
            if verbose and norm(pred) != norm(g.value):
                print(f"  value  {doc.name:28} {g.text!r:24} gold={g.value:16} got={pred}")
        hints: tuple[tuple[int, int, str], ...] = ()
        if nlp is not None:
            hints = tuple((e.start_char, e.end_char, e.label_) for e in nlp(doc.text).ents)
        predicted = find_time_expressions(doc.text, doc.anchor, hints)
        for key, golds, preds in (
            ("dt", dt_gold, [p for p in predicted if p.kind in ("DATE", "TIME")]),
            ("all", doc.gold, predicted),
        ):
            row = ext[key]
            row[2] += len(preds)
            row[3] += len(golds)
            for p in preds:
                match = next((g for g in golds if p.start < g.end and g.start < p.end), None)
                if match is None:
                    if verbose and key == "dt":
                        print(f"  extra  {doc.name:28} {p.text!r:24} got={p.value}")
                    continue
                row[0] += 1
                row[1] += norm(p.value) == norm(match.value)
                if verbose and key == "dt" and norm(p.value) != norm(match.value):
                    print(f"  wrong  {doc.name:28} {p.text!r:24} gold={match.value:16} got={p.value}"
                          f" (gold span {match.text!r})")  # fmt: skip
            if verbose and key == "dt":
                for g in golds:
                    if not any(p.start < g.end and g.start < p.end for p in preds):
                        print(f"  missed {doc.name:28} {g.text!r:24} gold={g.value}")
    return {
        "n_docs": len(docs),
        "n_gold": n_dt,
        "strict": strict,
        "day_level": day_level,
        "ext": ext,
        "seconds": time.perf_counter() - t0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tempeval3/te3-platinum"))
    ap.add_argument("--spacy", action="store_true", help="pass spaCy DATE/TIME entities as hints")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    files = sorted(args.data.glob("*.tml")) if args.data.is_dir() else []
    if not files:
        # Not an error: the benchmark data lives outside the repository.
        print(f"eval_dates: no TempEval-3 .tml files in {args.data}; skipped, nothing scored.", file=sys.stderr)
        return 0
    nlp = None
    if args.spacy:
        # Plain spaCy, not rashomon's full pipeline: only the entities are needed.
        import spacy

        from rashomon.analyze.nlp import resolve_model_name

        nlp = spacy.load(resolve_model_name())
    docs = [read_tml(f) for f in files]
    res = evaluate(docs, nlp, args.verbose)
    n_dt, strict, day_level, ext = res["n_gold"], res["strict"], res["day_level"], res["ext"]
    print(f"TempEval-3 platinum: {res['n_docs']} documents, {n_dt} gold DATE/TIME expressions"
          f" ({'with' if nlp else 'without'} spaCy hints)")  # fmt: skip
    print(f"value accuracy on gold spans: strict {strict / n_dt:.3f} ({strict}/{n_dt}),"
          f" day-level {day_level / n_dt:.3f} ({day_level}/{n_dt})")  # fmt: skip
    for key, label in (("dt", "DATE/TIME"), ("all", "all TIMEX3")):
        tp, ok, n_pred, n_gold = ext[key]
        p, r, f = prf(tp, n_pred, n_gold)
        vp, vr, vf = prf(ok, n_pred, n_gold)
        print(f"extraction ({label}, relaxed): P {p:.3f} R {r:.3f} F1 {f:.3f}"
              f" | value P {vp:.3f} R {vr:.3f} F1 {vf:.3f}")  # fmt: skip
    print(f"  beside: HeidelTime ~{HEIDELTIME_VALUE_F1:.2f} value F1 (reported)")
    print(f"time: {res['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
