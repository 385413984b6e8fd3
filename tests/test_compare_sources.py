"""Sourcing profile and origin independence (rashomon.compare.sources).

The Niger pair runs through the real pipeline (ingest → spaCy → attributions →
entity linking); alias, copy and summary rules use hand-built analyses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.compare.sources import (
    article_sources,
    classify,
    compare_sources,
    independent_origins,
    is_credit,
    origin_note,
    sourcing_summary,
)
from rashomon.ingest import read_sources
from rashomon.models import Article, ArticleAnalysis, Attribution, Claim, Fact, Paragraph, Sentence, Source
from rashomon.pipeline import parse_articles
from rashomon.settings import load_config

NIGER_STATE_TV = "ORTN (Niger state broadcaster)"


def _parse(paths: list[str]) -> tuple[dict[str, ArticleAnalysis], list]:
    config = load_config()
    result = read_sources(paths, config)
    parsed, entities = parse_articles(result.articles, config)
    return {p.analysis.article.outlet or p.analysis.article.id: p.analysis for p in parsed}, entities


@pytest.fixture(scope="module")
def niger(niger_sources: list[str]) -> tuple[dict[str, ArticleAnalysis], dict[str, list[Source]]]:
    analyses, entities = _parse(niger_sources)
    return analyses, {outlet: article_sources(aa, entities) for outlet, aa in analyses.items()}


def _by_name(sources: list[Source], part: str) -> Source:
    found = [s for s in sources if part.lower() in s.name.lower()]
    assert len(found) == 1, (part, sources)
    return found[0]


def test_compare_sources_rossa_primavera_profile(niger) -> None:
    analyses, per = niger
    sources = per["Rossa Primavera News Agency"]
    press = _by_name(sources, "press service")
    assert press.name == "press service of the Russian Defense Ministry’s African Corps"
    assert (press.kind, press.affiliation, press.sentences) == ("official", "Russia", (1,))
    colonel = _by_name(sources, "Abdraman")
    assert colonel.kind == "official"
    assert colonel.sentences == (5, 6)  # "announced this" and the quote "he said"
    rtn = _by_name(sources, "RTN")
    assert (rtn.kind, rtn.affiliation, rtn.origin) == ("state_media", "Niger", NIGER_STATE_TV)
    assert 5 in rtn.sentences
    assert not any(is_credit(s) for s in sources)  # no wire credited


def test_compare_sources_moscow_times_profile(niger) -> None:
    analyses, per = niger
    sources = per["The Moscow Times"]
    tele = _by_name(sources, "Tele Sahel")
    assert (tele.kind, tele.affiliation, tele.origin) == ("state_media", "Niger", NIGER_STATE_TV)
    assert {2, 4, 5} <= set(tele.sentences)  # "state television announced", "showed", "It said"
    instructor = _by_name(sources, "Russian instructors")
    assert instructor.affiliation == "Russia"
    readout = _by_name(sources, "readout")
    assert readout.kind in ("document", "anonymous")
    text = analyses["The Moscow Times"].sentences[readout.sentences[0]].text
    assert text.startswith("During that call, the two leaders were said to have discussed")
    report = _by_name(sources, "report")  # "the report said" goes back to the broadcaster
    assert (report.kind, report.origin) == ("document", NIGER_STATE_TV)
    credit = next(s for s in sources if is_credit(s))
    assert (credit.origin, credit.kind) == ("AFP", "agency")
    assert not set(credit.sentences) & set(tele.sentences)


def test_compare_sources_shared_origin_across_outlets(niger) -> None:
    _, per = niger
    summary = compare_sources(per)
    assert summary["shared"] == [NIGER_STATE_TV]
    assert "AFP" in summary["exclusive"]["The Moscow Times"]
    assert "Russian Defense Ministry’s African Corps" in summary["exclusive"]["Rossa Primavera News Agency"]


def test_compare_sources_origin_note_on_one_broadcaster(niger) -> None:
    analyses, per = niger
    by_id = {aa.article.id: per[outlet] for outlet, aa in analyses.items()}
    rp, mt = analyses["Rossa Primavera News Agency"], analyses["The Moscow Times"]
    # the colonel's quote on RTN and the Tele Sahel report both give the air-defence purpose
    fact = _fact((rp.article.id, 6), (mt.article.id, 6))
    assert origin_note(fact, by_id, ()) == f"two outlets repeat one source: {NIGER_STATE_TV}"
    assert independent_origins(fact, by_id, ()) == 1
    # the arrival: the Russian ministry's press service vs Niger state TV — two origins
    arrival = _fact((rp.article.id, 1), (mt.article.id, 2))
    assert origin_note(arrival, by_id, ()) is None
    assert independent_origins(arrival, by_id, ()) == 2


def test_compare_sources_summary_lists_unattributed_sentences(niger) -> None:
    analyses, per = niger
    aa = analyses["Rossa Primavera News Agency"]
    summary = sourcing_summary(aa, per["Rossa Primavera News Agency"])
    assert summary["attributed_sentences"] == [1, 5, 6]
    assert 15 in summary["unattributed_sentences"]  # "about 700 US servicemen": nobody cited
    assert 0 < summary["attributed_share"] < 0.5
    mt = sourcing_summary(analyses["The Moscow Times"], per["The Moscow Times"])
    assert mt["credited_wire"] == "AFP" and 9 in mt["attributed_sentences"]


def test_compare_sources_anonymous_familiar_with_the_matter(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Dam talks stall\n\nThe two governments broke off talks on Friday, according to sources familiar "
        "with the matter.\n\nA new round is planned for June.\n", encoding="utf-8")
    analyses, entities = _parse([str(path)])
    (aa,) = analyses.values()
    (src,) = [s for s in article_sources(aa, entities) if not is_credit(s)]
    assert (src.name, src.kind, src.sentences) == ("sources familiar with the matter", "anonymous", (1,))
    assert sourcing_summary(aa, [src])["unattributed_sentences"] == [2]


# ----------------------------------------------------------------- hand-built inputs


def _analysis(aid: str, body: list[str], speakers: dict[int, str], origin: str | None = None,
              subject: str | None = None) -> ArticleAnalysis:
    """An article of body sentences; ``speakers``: sentence index -> speaker phrase opening it."""
    text = "\n\n".join(body)
    sentences, attributions, pos = [], [], 0
    for i, s in enumerate(body):
        sentences.append(Sentence(i, pos, pos + len(s), s))
        if i in speakers:
            at = s.index(speakers[i])
            cue = s.index(" said", at)
            attributions.append(Attribution(i, speakers[i], "said", "reported", pos + at,
                                            pos + at + len(speakers[i]), pos + cue + 1, pos + cue + 5))
        pos += len(s) + 2
    article = Article(aid, f"{aid}.txt", text, tuple(Paragraph(s.start, s.end) for s in sentences),
                      outlet=f"Outlet {aid}", origin=origin)
    return ArticleAnalysis(article, tuple(sentences), (), (), (), tuple(attributions), subject=subject)


def _fact(*claims: tuple[str, int]) -> Fact:
    return Fact("f1", "x", "corroborated", tuple(
        Claim(f"{a}.c{n}", a, i, 0, 1, "x", "be", "main") for n, (a, i) in enumerate(claims)))


@pytest.mark.parametrize("alias", ["RTN", "ORTN", "Télé Sahel", "Tele Sahel", "Radio Télévision du Niger"])
def test_compare_sources_niger_broadcaster_aliases_share_one_origin(alias: str) -> None:
    aa = _analysis("a1", [f"Troops arrived, {alias} reported.", "They came by plane."], {})
    (src,) = article_sources(aa, [])
    assert (src.kind, src.origin, src.affiliation, src.sentences) == ("state_media", NIGER_STATE_TV, "Niger", (0,))


def test_compare_sources_state_television_resolves_to_subject_broadcaster() -> None:
    aa = _analysis("a1", ["Troops arrived, state television announced.", "The Tele Sahel broadcaster showed "
                          "a plane landing."], {}, subject="Niger")
    (src,) = article_sources(aa, [])  # one broadcaster, named once, merged
    assert (src.name, src.origin, src.sentences) == ("Tele Sahel broadcaster", NIGER_STATE_TV, (0, 1))


@pytest.mark.parametrize(("name", "context", "kind"), [
    ("Interior Minister Kithure Kindiki", "", "official"),
    ("a police spokesperson", "", "official"),
    ("Peter Mwangi", "a professor at the University of Nairobi", "expert"),
    ("Jane Wanjiru", "a resident who survived", "witness"),
    ("officials", "who asked not to be named", "anonymous"),
    ("a source familiar with the talks", "", "anonymous"),
    ("a notice from the ministry", "", "document"),
    ("Reuters", "", "agency"),
    ("Xinhua", "", "state_media"),
    ("Russian state media", "", "state_media"),
    ("The Premium Times", "", "outlet"),
])
def test_compare_sources_classify(name: str, context: str, kind: str) -> None:
    assert classify(name, context) == kind


def test_compare_sources_wire_copies_are_one_origin() -> None:
    a1 = _analysis("a1", ["Troops arrived on Thursday.", "The minister said more would come."],
                   {1: "The minister"}, origin="AFP")
    a2 = _analysis("a2", ["Troops arrived on Thursday.", "The minister said more would come."], {1: "The minister"})
    per = {"a1": article_sources(a1, []), "a2": article_sources(a2, [])}
    assert [s.name for s in per["a1"] if is_credit(s)] == ["AFP (credited wire)"]
    fact = _fact(("a1", 0), ("a2", 0))
    assert independent_origins(fact, per, {"a2": "a1"}) == 1
    assert origin_note(fact, per, [("a2", "a1")]) == "two outlets repeat one source: AFP"
    # without the copy link the two unattributed claims are each outlet's own reporting
    assert independent_origins(fact, per, {}) == 2
    assert origin_note(fact, per, {}) is None
