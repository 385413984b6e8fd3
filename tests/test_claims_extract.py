"""Claims: one per asserting clause, verbatim spans, slots restricted to the clause."""

import pytest

from rashomon.claims.extract import extract_claims
from rashomon.ingest import read_sources
from rashomon.pipeline import parse_articles


@pytest.fixture(scope="module")
def claims_of(tmp_path_factory):
    d = tmp_path_factory.mktemp("claims")

    def run(body: str):
        p = d / f"a{abs(hash(body))}.md"
        p.write_text(f"# Title\n\nBy [Test Wire](#)\n\nApril 13, 2024\n\n{body}\n", encoding="utf-8")
        parsed, _ = parse_articles(read_sources([str(p)]).articles)
        art = parsed[0]
        return art.analysis.article.text, extract_claims(art.doc, art.analysis)

    return run


def test_claims_extract_coordinated_clauses_split(claims_of):
    text, claims = claims_of("In response, the authorities severed a military cooperation agreement with France, "
                             "expelled the French military, and formed an alliance with Mali.")
    texts = [c.text for c in claims]
    assert any(t.startswith("In response, the authorities severed") for t in texts)
    assert "expelled the French military" in texts
    assert any(t.startswith("formed an alliance") for t in texts)
    for c in claims:
        assert text[c.start:c.end] == c.text


def test_claims_extract_modifier_clause_keeps_its_noun_and_time(claims_of):
    _, claims = claims_of("The instructors arrived within the framework of the agreement on military cooperation "
                          "between the countries signed last December.")
    signed = [c for c in claims if c.predicate == "sign"]
    assert signed and signed[0].text.startswith("the agreement on military cooperation")
    assert [t.text for t in signed[0].times] == ["last December"]
    main = [c for c in claims if c.predicate == "arrive"][0]
    assert main.times == ()  # the date belongs to the signing, not the arrival


def test_claims_extract_negation_hedge_and_speaker(claims_of):
    _, claims = claims_of("The sirens never sounded, officials said. Troops reportedly crossed the border.")
    sirens = [c for c in claims if c.predicate == "sound"][0]
    assert sirens.negated
    assert "officials said" in sirens.text  # the speech act rides along with its content
    assert sirens.attribution is not None and sirens.attribution.cue == "said"
    crossed = [c for c in claims if c.predicate == "cross"][0]
    assert crossed.hedge == "reportedly" and not crossed.negated


def test_claims_extract_quantity_slot(claims_of):
    _, claims = claims_of("At the moment, about 700 US servicemen are still stationed in Niger.")
    (claim,) = claims
    assert [(q.low, q.high) for q in claim.quantities] == [(630, 770)]
    assert claim.theme or claim.predicate == "station"
