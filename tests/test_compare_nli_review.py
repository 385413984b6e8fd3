"""The optional NLI judge vetoes slot conflicts it reads as entailment and confirms polarity conflicts."""

from rashomon.compare.compare import nli_review
from rashomon.models import Claim, Conflict, ConflictValue


class ScriptedJudge:
    """An NliJudge whose verdicts are fixed by the test (the real loaders are tested in test_compare_nli)."""

    name = "scripted"

    def __init__(self, verdict: dict[str, float]) -> None:
        self.verdict = verdict

    def judge(self, pairs):
        return [dict(self.verdict) for _ in pairs]


def claim(cid, article, text, negated=False):
    return Claim(id=cid, article=article, sentence=0, start=0, end=len(text), text=text, predicate="x",
                 clause="main", negated=negated)


def test_compare_nli_review_vetoes_entailed_quantity_conflict():
    a, b = claim("a1.c1", "a1", "about 300 flights were cancelled"), claim("a2.c1", "a2", "312 flights were cancelled")
    k = Conflict("quantity", (ConflictValue("a1", a.id, "about 300", ()), ConflictValue("a2", b.id, "312", ())))
    judge = ScriptedJudge({"entailment": 0.95, "contradiction": 0.01, "neutral": 0.04})
    assert nli_review(judge, [a, b], (k,), {}, {}) == ()


def test_compare_nli_review_keeps_conflict_when_not_entailed_and_adds_negation():
    a = claim("a1.c1", "a1", "the sirens sounded")
    b = claim("a2.c1", "a2", "the sirens never sounded", negated=True)
    k = Conflict("date", (ConflictValue("a1", a.id, "Monday", ()), ConflictValue("a2", b.id, "Tuesday", ())))
    judge = ScriptedJudge({"entailment": 0.05, "contradiction": 0.9, "neutral": 0.05})
    out = nli_review(judge, [a, b], (k,), {}, {})
    assert [c.kind for c in out] == ["date", "negation"]


def test_compare_nli_review_ignores_copies():
    a = claim("a1.c1", "a1", "the sirens sounded")
    b = claim("a2.c1", "a2", "the sirens never sounded", negated=True)
    judge = ScriptedJudge({"entailment": 0.0, "contradiction": 1.0, "neutral": 0.0})
    assert nli_review(judge, [a, b], (), {}, {"a2": "a1"}) == ()
