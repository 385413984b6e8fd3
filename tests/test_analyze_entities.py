"""Entity mentions and cross-article linking (hand-built articles, real spaCy model)."""

from __future__ import annotations

import pytest

from rashomon.analyze.entities import extract_mentions, link_entities, linking_key
from rashomon.analyze.gazetteer import fold, gazetteer
from rashomon.models import Entity, Mention, Sentence


@pytest.fixture(scope="module")
def nlp():
    from rashomon.analyze.nlp import load_nlp

    return load_nlp()


def mentions_of(nlp, text: str) -> list[Mention]:
    doc = nlp(text)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    return extract_mentions(doc, sentences)


def link(nlp, *texts: str) -> list[Entity]:
    entities, _ = link_entities([(f"a{i}", mentions_of(nlp, t)) for i, t in enumerate(texts, 1)])
    return entities


def entity_with(entities: list[Entity], text: str) -> Entity:
    found = [e for e in entities if any(m.text == text for _, m in e.mentions)]
    assert len(found) == 1, (text, [(e.name, e.variants) for e in entities])
    return found[0]


def texts_of(entity: Entity) -> set[str]:
    return {m.text for _, m in entity.mentions}


def label_of(mentions: list[Mention], text: str) -> str:
    return next(m.label for m in mentions if m.text == text)


def test_analyze_entities_fold_and_key():
    assert fold("Šimánek") == "simanek"
    assert fold("U.S.") == "u s"
    assert linking_key("President Mohamed Bazoum", "PERSON") == "mohamed bazoum"
    assert linking_key("U.S.", "GPE") == linking_key("United States", "GPE")
    assert linking_key("Nigerian", "NORP") == "nationality:nigeria"
    assert linking_key("Nigerien", "NORP") == "nationality:niger"


def test_analyze_entities_bazoum_variants_merge(nlp):
    a1 = "The West African bloc threatened to restore deposed President Mohammad Bazoum to power."
    a2 = ("Soldiers detained President Mohamed Bazoum in Niamey in July 2023. "
          "Bazoum has been held in his residence since then.")
    entities = link(nlp, a1, a2)
    bazoum = next(e for e in entities if any("Bazoum" in m.text for _, m in e.mentions))
    texts = texts_of(bazoum)
    assert any("Mohammad Bazoum" in t for t in texts)
    assert any("Mohamed Bazoum" in t for t in texts)
    assert "Bazoum" in texts
    assert bazoum.type == "PERSON"
    assert bazoum.name in ("Mohamed Bazoum", "Mohammad Bazoum")
    assert len([e for e in entities if any("Bazoum" in m.text for _, m in e.mentions)]) == 1


def test_analyze_entities_niger_is_not_nigeria(nlp):
    a1 = "Russian instructors arrived in Niger on Friday. Niger expelled French troops last year."
    a2 = "In neighbouring Nigeria, the city of Sokoto recorded 45C. Nigeria reported no deaths."
    entities = link(nlp, a1, a2)
    assert entity_with(entities, "Niger") is not entity_with(entities, "Nigeria")
    assert entity_with(entities, "Niger").type == "GPE"


def test_analyze_entities_isfara_is_not_isfana(nlp):
    a1 = "Tajik guards opened fire near Isfara on Sunday evening."
    a2 = "Residents of Isfana said the shooting near the border lasted an hour."
    entities = link(nlp, a1, a2)
    assert entity_with(entities, "Isfara") is not entity_with(entities, "Isfana")


def test_analyze_entities_same_surname_two_people(nlp):
    a1 = ("Coast guard spokesperson Liza Reyes said 13 people had died. "
          "Reyes said divers reached the wreck on Monday.")
    a2 = ("Marites Reyes was asleep on the upper deck when the ferry lurched. "
          "\"The ship just rolled over,\" Reyes said from a hospital cot.")
    entities = link(nlp, a1, a2)
    liza, marites = entity_with(entities, "Liza Reyes"), entity_with(entities, "Marites Reyes")
    assert liza is not marites
    assert {aid for aid, m in liza.mentions if m.text == "Reyes"} == {"a1"}
    assert {aid for aid, m in marites.mentions if m.text == "Reyes"} == {"a2"}


def test_analyze_entities_ambiguous_surname_stays_apart(nlp):
    text = ("Survivor Marites Reyes was rescued by fishermen. Coast guard spokesperson Liza Reyes "
            "said the search continues. Reyes said the ship was overloaded.")
    entities = link(nlp, text)
    bare = entity_with(entities, "Reyes")
    assert "Liza Reyes" not in texts_of(bare) and "Marites Reyes" not in texts_of(bare)


def test_analyze_entities_dvorak_namesakes_and_diacritics(nlp):
    a1 = ("Opposition leader Tomáš Dvořák called the vote. Prime Minister Radek Šimánek survived it, "
          "and Šimánek thanked his coalition.")
    a2 = ("Coalition rebel Martin Dvořák abstained. Radek Simanek won 101 votes, "
          "a result Simanek called a mandate.")
    entities = link(nlp, a1, a2)
    assert entity_with(entities, "Tomáš Dvořák") is not entity_with(entities, "Martin Dvořák")
    simanek = entity_with(entities, "Radek Šimánek")
    assert {"Radek Simanek", "Simanek", "Šimánek"} <= texts_of(simanek)


def test_analyze_entities_defined_acronym(nlp):
    a1 = ("Niger faced sanctions from the Economic Community of West African States (ECOWAS) "
          "after the coup. ECOWAS later lifted them.")
    a2 = "ECOWAS threatened a military invasion."
    entities = link(nlp, a1, a2)
    ecowas = entity_with(entities, "Economic Community of West African States")
    assert [aid for aid, m in ecowas.mentions if m.text == "ECOWAS"].count("a2") == 1
    assert ecowas.name == "Economic Community of West African States"


def test_analyze_entities_initials_and_legal_suffix(nlp):
    a1 = "The South African Police Service said nine people died. Sarvodaya Remedies Ltd recalled the drug."
    a2 = "SAPS members fired rubber bullets, witnesses said. Sarvodaya Remedies said the recall was voluntary."
    entities = link(nlp, a1, a2)
    assert "SAPS" in texts_of(entity_with(entities, "South African Police Service"))
    assert "Sarvodaya Remedies" in texts_of(entity_with(entities, "Sarvodaya Remedies Ltd"))


def test_analyze_entities_place_labels(nlp):
    ms = mentions_of(nlp, "Niger\n\n13.04.2024, Niamey.\n\nAn air defence system arrived in Niger. "
                          "Mali and Burkina Faso signed similar deals with Moscow.")
    assert label_of(ms, "Niger") == "GPE"
    assert label_of(ms, "Niamey") == "GPE"
    assert label_of(ms, "Mali") == "GPE"
    assert all("\n" not in m.text for m in ms)


def test_analyze_entities_demonyms_are_norp(nlp):
    ms = mentions_of(nlp, "The Nigerian authorities met Russian instructors.")
    assert label_of(ms, "Nigerian") == "NORP"
    assert label_of(ms, "Russian") == "NORP"
    assert next(m.key for m in ms if m.text == "Nigerian") == "nationality:nigeria"


def test_analyze_entities_broadcasters_and_titles(nlp):
    text = ("Colonel Amadou Abdraman, a representative of the government, announced this on the local "
            "RTN TV channel. The Tele Sahel broadcaster showed the aircraft.")
    ms = mentions_of(nlp, text)
    assert label_of(ms, "RTN TV") == "ORG"
    assert label_of(ms, "Tele Sahel") == "ORG"
    person = next(m for m in ms if "Amadou Abdraman" in m.text)
    assert person.label == "PERSON" and person.key == "amadou abdraman"


def test_analyze_entities_cleanup_and_sentences(nlp):
    text = "Troops left Mali. The Bank of Ghana's committee met in Accra."
    ms = mentions_of(nlp, text)
    bank = next(m for m in ms if "Bank of Ghana" in m.text)
    assert bank.text == "Bank of Ghana" and text[bank.start : bank.end] == "Bank of Ghana"
    assert bank.sentence == 1


def test_analyze_entities_index_and_order(nlp):
    ms = mentions_of(nlp, "Niger and Mali met in Niamey.")
    entities, index = link_entities([("x", ms)])
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    for e in entities:
        for aid, m in e.mentions:
            assert m.entity == e.id and index[(aid, m.start, m.end)] == e.id


def test_analyze_entities_gazetteer_confusables():
    g = gazetteer()
    assert g.confusable("NE", "NG") and g.confusable("SD", "SS") and g.confusable("AT", "AU")
    assert g.confusable("IR", "IQ") and g.confusable("ML", "MW") and g.confusable("SK", "SI")
    assert not g.confusable("GH", "CN") and not g.confusable("FR", "DE")
    assert g.city_country("Niamey") == "NE" and g.is_capital("Niamey")
