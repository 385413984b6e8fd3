"""Claim-level conflict rules on hand-built claims (no models)."""

from datetime import date

from rashomon.compare.conflicts import ConflictFinder, _polarity, _same_quote
from rashomon.models import (
    Analysis,
    Article,
    ArticleAnalysis,
    Attribution,
    Claim,
    Paragraph,
    Quantity,
    TimeExpr,
)


def article(aid, text):
    return ArticleAnalysis(article=Article(id=aid, source=f"{aid}.txt", text=text,
                                           paragraphs=(Paragraph(0, len(text)),)),
                           sentences=(), mentions=(), times=(), quantities=(), attributions=())


def finder(texts):
    analysis = Analysis(articles=tuple(article(a, t) for a, t in texts.items()), entities=())
    return ConflictFinder(analysis, lambda x, y: 1.0 if x == y else 0.0)


def claim(cid, text, **kw):
    base = dict(id=cid, article=cid.split(".")[0], sentence=0, start=0, end=len(text), text=text,
                predicate="x", clause="main")
    base.update(kw)
    return Claim(**base)


def qty(text, low, high, head, start=0, approx="exact"):
    return Quantity(sentence=0, start=start, end=start + len(text), text=text, low=low, high=high, head=head,
                    approx=approx, value=low)


def test_compare_conflicts_negative_verbs_keep_polarity():
    not_received = claim("a1.c1", "children have not received the dose", predicate="receive", negated=True)
    missed = claim("a2.c1", "children have missed the dose", predicate="miss")
    assert _polarity(not_received) == _polarity(missed)
    f = finder({"a1": not_received.text, "a2": missed.text})
    assert f.negation(not_received, missed) is None


def test_compare_conflicts_negation_on_shared_theme():
    a = claim("a1.c1", "police did not use tear gas", predicate="use", negated=True, theme=("gas", "tear"))
    b = claim("a2.c1", "police fired tear gas at fans", predicate="fire", theme=("gas", "tear"))
    f = finder({"a1": a.text, "a2": b.text})
    conflict = f.negation(a, b)
    assert conflict is not None and conflict.kind == "negation"


def test_compare_conflicts_quantity_any_reading_agrees():
    # "peaked at 49C, above the April average of about 41C" vs "above 45C": 49 fits, no conflict
    ta = "temperatures peaked at 49C, well above the April average of about 41C"
    tb = "temperatures above 45C"
    a = claim("a1.c1", ta, quantities=(qty("49C", 49, 49, "temperature", 22),
                                       qty("about 41C", 39, 43, "temperature", 60)))
    b = claim("a2.c1", tb, quantities=(qty("above 45C", 45, 60, "temperature", 13, "more_than"),))
    assert finder({"a1": ta, "a2": tb}).quantity(a, b) is None


def test_compare_conflicts_quantity_far_apart_is_not_a_conflict():
    ta, tb = "62 ships were queued", "the canal carried 26,900 ships last year"
    a = claim("a1.c1", ta, quantities=(qty("62", 62, 62, "ship"),))
    b = claim("a2.c1", tb, quantities=(qty("26,900", 26900, 26900, "ship", 18),))
    assert finder({"a1": ta, "a2": tb}).quantity(a, b) is None


def test_compare_conflicts_counts_at_different_times_are_readings():
    day1 = TimeExpr(sentence=0, start=0, end=6, text="Monday", first=date(2025, 1, 6), last=date(2025, 1, 6),
                    granularity="day")
    day2 = TimeExpr(sentence=0, start=0, end=7, text="Tuesday", first=date(2025, 1, 7), last=date(2025, 1, 7),
                    granularity="day")
    ta, tb = "40 vessels were waiting on Monday", "48 vessels were waiting on Tuesday"
    a = claim("a1.c1", ta, quantities=(qty("40", 40, 40, "vessel"),), times=(day1,))
    b = claim("a2.c1", tb, quantities=(qty("48", 48, 48, "vessel"),), times=(day2,))
    assert finder({"a1": ta, "a2": tb}).quantity(a, b) is None


def test_compare_conflicts_same_quote_needs_direct_speech():
    said = Attribution(sentence=0, speaker="X", cue="said", kind="direct")
    a = claim("a1.c1", "We are paying the price", attribution=said, lemmas=("pay", "price"))
    b = claim("a2.c1", "We are paying the price", attribution=said, lemmas=("pay", "price"))
    assert _same_quote(a, b)
    reported = Attribution(sentence=0, speaker="X", cue="said", kind="reported")
    assert not _same_quote(a, claim("a2.c2", "x", attribution=reported, lemmas=("pay", "price")))
