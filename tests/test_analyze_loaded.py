"""Loaded language: lexicon words, labels, hedges, unsourced motives, scare quotes.

Hand-built sentences go through the real spaCy pipeline and the real
analysis stages (attributions, mentions) via ``parse_articles``, because the
detector reads both: a motive phrase counts only in a sentence nobody is
quoted as saying, and a quoted word is the speaker's, not the outlet's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from rashomon.analyze.loaded import FACTUAL, find_loaded, vader_lexicon
from rashomon.analyze.nlp import load_nlp
from rashomon.ingest import read_sources
from rashomon.models import Article, Loaded, Paragraph
from rashomon.pipeline import Parsed, parse_articles

Find = Callable[[str], list[Loaded]]


def _find(p: Parsed) -> list[Loaded]:
    assert isinstance(p.doc, Doc)  # Parsed.doc is typed object
    return find_loaded(p.doc, p.analysis)


@pytest.fixture(scope="module")
def find() -> Find:
    load_nlp()  # once for the module; parse_articles reuses it

    def run(text: str) -> list[Loaded]:
        article = Article(id="a1", source="test", text=text, paragraphs=(Paragraph(0, len(text)),))
        [parsed], _ = parse_articles([article])
        found = _find(parsed)
        for f in found:
            assert text[f.start : f.end] == f.text
        return found

    return run


def _kinds(found: list[Loaded]) -> set[tuple[str, str]]:
    return {(f.kind, f.text) for f in found}


def test_loaded_motive_without_source(find: Find) -> None:
    found = find("Under French influence, the West African bloc threatened a military invasion.")
    [motive] = [f for f in found if f.kind == "unsupported_attribution"]
    assert motive.text == "Under French influence"
    assert motive.note == "motive attributed without a source"
    assert (motive.start, motive.end) == (0, 22)


def test_loaded_motive_with_a_source_is_not_flagged(find: Find) -> None:
    found = find("The opposition said the arrests were made in a bid to silence critics.")
    assert not [f for f in found if f.kind == "unsupported_attribution"]
    found = find("The arrests were made in a bid to silence critics.")
    assert ("unsupported_attribution", "in a bid to") in _kinds(found)


def test_loaded_label_for_trigger_happy_cops(find: Find) -> None:
    found = find("Saturday's derby turned into chaos when trigger-happy cops forced open Gate 12.")
    assert ("label", "trigger-happy cops") in _kinds(found)
    assert ("loaded", "chaos") in _kinds(found)


def test_loaded_label_nouns(find: Find) -> None:
    assert ("label", "junta") in _kinds(find("The junta expelled the French ambassador on Monday."))
    assert ("label", "police goons") in _kinds(find("Marchers were met by police goons with tear gas."))
    # "regime" of visas names no actor
    assert not find("The ministry tightened the visa regime for foreign workers.")


def test_loaded_hedges(find: Find) -> None:
    assert ("hedge", "reportedly") in _kinds(find("The minister reportedly resigned on Friday."))
    assert ("hedge", "were said to") in _kinds(
        find("During that call, the two leaders were said to have discussed security cooperation.")
    )
    assert ("hedge", "It is believed that") in _kinds(find("It is believed that the convoy left at dawn."))


def test_loaded_scare_quotes(find: Find) -> None:
    found = find('The government unveiled its "reforms" on Monday.')
    [scare] = [f for f in found if f.kind == "scare_quotes"]
    assert scare.text == '"reforms"'
    assert ("scare_quotes", "'security cooperation'") in _kinds(
        find("The two leaders talked about 'security cooperation' in Moscow.")
    )


def test_loaded_partial_quote_of_a_named_speaker_is_not_a_scare_quote(find: Find) -> None:
    found = find('Ager said his campaign had evidence of "inflated figures" from 40 polling stations.')
    assert not [f for f in found if f.kind == "scare_quotes"]


def test_loaded_neutral_wire_sentence(find: Find) -> None:
    assert find("Nine people were killed in a crush at a stadium on Saturday, police said.") == []
    assert find("A garment worker was killed and dozens of people were injured on Monday.") == []


def test_loaded_words_in_a_speakers_quote_are_not_the_outlets(find: Find) -> None:
    text = '"This is a horrifying, disgusting tragedy and a total disgrace," said supporter Lucky Mthembu.'
    found = find(text)
    assert not [f for f in found if f.start < text.index('," said')]
    # the same words in the outlet's own voice are flagged
    own = find("It was a horrifying, disgusting tragedy and a total disgrace.")
    # adjacent loaded words merge into one phrase
    assert [f.text for f in own if f.kind == "loaded"] == ["horrifying", "disgusting tragedy"]


def test_loaded_capitals_for_emphasis(find: Find) -> None:
    found = find("SEVEN innocent football fans are DEAD and families are asking questions.")
    assert ("loaded", "DEAD") in _kinds(found)
    assert ("loaded", "innocent") in _kinds(found)
    [dead] = [f for f in found if f.text == "DEAD"]
    assert dead.note == "capitals for emphasis"
    # a headline set wholly in capitals is typography, not emphasis
    assert find("EXECUTIVE DECLARES STATE OF EMERGENCY IN DISTRICTS AFFECTED BY QUAKE") == []


def test_loaded_lexicon_is_vader_and_factual_words_are_rated_there() -> None:
    lexicon = vader_lexicon()
    assert len(lexicon) > 7000
    assert lexicon["terrifying"] < -2
    # the factual list only matters for words VADER rates: most entries are there
    assert sum(w in lexicon for w in FACTUAL) > len(FACTUAL) // 2


def test_loaded_niger_pair(niger_sources: list[str]) -> None:
    result = read_sources(niger_sources)
    parsed, _ = parse_articles(result.articles)
    rossa, afp = (_find(p) for p in parsed)
    assert ("unsupported_attribution", "Under French influence") in _kinds(rossa)
    assert ("label", "junta") in _kinds(afp)
    assert ("hedge", "were said to") in _kinds(afp)
    assert {f.kind for f in afp} <= {"label", "hedge", "scare_quotes"}
    for p, found in zip(parsed, (rossa, afp), strict=True):
        text = p.analysis.article.text
        assert all(text[f.start : f.end] == f.text for f in found)


def test_loaded_daily_klaxon(shared: Callable[..., object]) -> None:
    path = shared("eval", "gold", "dev04-stadium-crush", "a2-daily-klaxon.md")
    [article] = read_sources([str(path)]).articles
    [p], _ = parse_articles([article])
    found = _find(p)
    kinds = _kinds(found)
    assert ("label", "trigger-happy cops") in kinds
    assert ("label", "Greedy officials") in kinds
    assert ("loaded", "terrifying") in kinds
    assert ("loaded", "DEATH TRAP") in kinds
    # the eyewitness's quote is his, not the Klaxon's
    quote_start = article.text.index('"The police just pushed')
    quote_end = article.text.index('," said Royals')
    assert not [f for f in found if quote_start <= f.start < quote_end]
