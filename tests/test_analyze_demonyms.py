"""Article subject and demonyms of a look-alike country (hand-built articles, real spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.analyze.demonyms import article_subject, demonym_warnings
from rashomon.analyze.entities import extract_mentions
from rashomon.models import Sentence, Warning

GOLD = Path("/work/shared/eval/gold")


@pytest.fixture(scope="module")
def nlp():
    from rashomon.analyze.nlp import load_nlp

    return load_nlp()


def warn(nlp, text: str, title: str | None = None, dateline: str | None = None) -> tuple[str | None, list[Warning]]:
    doc = nlp(text)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    mentions = extract_mentions(doc, sentences)
    subject = article_subject(text, mentions, title, dateline)
    return subject, demonym_warnings("a1", text, mentions, sentences, subject)


NIGER = ("Russian military arrive in Niger\n\n"
         "An air defence system and 100 Russian instructors arrived in Niger on Friday. "
         "Colonel Amadou Abdraman, a representative of the Nigerian government, announced this on RTN TV. "
         "The instructors will train the army of Niger.")


def test_analyze_demonyms_nigerian_government_in_niger_article(nlp):
    subject, warnings = warn(nlp, NIGER, title="Russian military arrive in Niger")
    assert subject == "Niger"
    assert [w.text for w in warnings] == ["Nigerian government"]
    w = warnings[0]
    assert w.kind == "demonym" and w.article == "a1"
    assert w.message == "'Nigerian' refers to Nigeria; this article is about Niger (Nigerien)."
    assert NIGER[w.start : w.start + len("Nigerian")] == "Nigerian"


def test_analyze_demonyms_no_warning_about_nigeria(nlp):
    text = ("Nigeria raises fuel prices\n\nThe Nigerian government raised fuel prices in Abuja on Monday. "
            "Nigeria's unions called a strike, and Nigerian officials said talks would continue.")
    subject, warnings = warn(nlp, text, title="Nigeria raises fuel prices")
    assert subject == "Nigeria"
    assert warnings == []


def test_analyze_demonyms_no_warning_when_both_are_discussed(nlp):
    text = ("Niger and Nigeria reopen their border\n\nNiger reopened its border with Nigeria on Monday. "
            "The Nigerian government in Abuja welcomed the move. Traders in Niger said prices would fall.")
    subject, warnings = warn(nlp, text, title="Niger and Nigeria reopen their border")
    assert warnings == [], (subject, warnings)


def test_analyze_demonyms_capital_contradiction_and_real_neighbour(nlp):
    text = ("Heatwave kills dozens in Niger\n\n"
            "A heatwave in Niger has killed 52 people, Nigerian health officials said, as temperatures in "
            "the Nigerian capital, Niamey, climbed. "
            "In neighbouring Nigeria, the northern city of Sokoto recorded 45C, Nigerian forecasters said.")
    subject, warnings = warn(nlp, text, title="Heatwave kills dozens in Niger")
    assert subject == "Niger"
    assert {w.text for w in warnings} == {"Nigerian health officials", "Nigerian capital"}


def test_analyze_demonyms_subject_from_dateline_city(nlp):
    text = "Officials met on Monday to discuss the budget of the national assembly."
    subject, warnings = warn(nlp, text, title=None, dateline="NIAMEY")
    assert subject == "Niger" and warnings == []


def test_analyze_demonyms_no_subject_no_warning(nlp):
    subject, warnings = warn(nlp, "The committee met on Monday. Nigerian officials attended.")
    assert subject is None or warnings == [] or subject == "Nigeria"


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir(), reason="shared gold not present")
def test_analyze_demonyms_dev09_heatwave(nlp):
    text = (GOLD / "dev09-heatwave-deaths" / "a2-global-health-dispatch.md").read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("# ")
    subject, warnings = warn(nlp, text, title=title)
    assert subject == "Niger"
    texts = {w.text for w in warnings}
    assert {"Nigerian health officials", "Nigerian capital"} <= texts
    sokoto = text.index("Sokoto")
    assert all(not (w.start is not None and abs(w.start - sokoto) < 80) for w in warnings)


@pytest.mark.slow
@pytest.mark.skipif(not (GOLD / "niger-2024-04.json").exists(), reason="shared gold not present")
def test_analyze_demonyms_niger_gold(nlp):
    import json

    gold = json.loads((GOLD / "niger-2024-04.json").read_text(encoding="utf-8"))
    for item in gold.get("demonym_misuse", []):
        path = (GOLD / gold["articles"][item["article"]]).resolve()
        if not path.exists():
            pytest.skip("example article not present")
        text = path.read_text(encoding="utf-8")
        subject, warnings = warn(nlp, text, title=text.splitlines()[0])
        assert subject == item["means"]
        assert item["text"] in {w.text for w in warnings}
