"""Attribution extraction over the real en_core_web_sm parses."""

from __future__ import annotations

import pytest

from rashomon.analyze.attributions import extract_attributions, find_quotes
from rashomon.models import Attribution, Sentence


@pytest.fixture(scope="module")
def nlp():
    from rashomon.analyze.nlp import load_nlp

    return load_nlp()


def attribute(nlp, *sentences: str, sep: str = " ") -> tuple[str, dict[int, Attribution]]:
    """Parse the sentences as one article; attributions keyed by sentence index."""
    parts, offsets, pos = [], [], 0
    for s in sentences:
        parts.append(s)
        offsets.append((pos, pos + len(s)))
        pos += len(s) + len(sep)
    text = sep.join(parts)
    doc = nlp(text)
    sents = [Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(offsets)]
    found = extract_attributions(doc, sents)
    assert len({a.sentence for a in found}) == len(found), "one attribution per sentence"
    return text, {a.sentence: a for a in found}


def content(text: str, att: Attribution) -> str | None:
    if att.content_start is None or att.content_end is None:
        return None
    return text[att.content_start : att.content_end]


def check(text: str, att: Attribution, speaker: str | None, cue: str, kind: str) -> None:
    assert (att.speaker, att.cue, att.kind) == (speaker, cue, kind)
    if speaker is not None:
        assert text[att.speaker_start : att.speaker_end] == speaker
    assert text[att.cue_start : att.cue_end] == cue


# ------------------------------------------------------------------ the Niger pair


def test_attributions_trailing_reporting_clause_misparsed(nlp):
    text, found = attribute(
        nlp,
        "An air defense system and 100 Russian military instructors of the African Corps arrived in "
        "Niger, the press service of the Russian Defense Ministry’s African Corps informed on April 12.",
    )
    check(
        text,
        found[0],
        "the press service of the Russian Defense Ministry’s African Corps",
        "informed",
        "reported",
    )
    assert content(text, found[0]).startswith("An air defense system")
    assert content(text, found[0]).endswith("arrived in Niger")


def test_attributions_speaker_without_apposition_and_pronoun_resolved(nlp):
    text, found = attribute(
        nlp,
        "Colonel Amadou Abdraman, a representative of the Nigerian government, announced this on the "
        "local RTN TV channel.",
        "“Russian military instructors will provide quality training to our troops to ensure effective "
        "use of the air defense system. Thanks to this new acquisition of military equipment, our "
        "airspace will now be better protected,” he said.",
    )
    check(text, found[0], "Colonel Amadou Abdraman", "announced", "reported")
    check(text, found[1], "Colonel Amadou Abdraman", "said", "direct")
    # resolved speakers point at the antecedent in the earlier sentence
    assert found[1].speaker_start == found[0].speaker_start
    assert content(text, found[1]).startswith("Russian military instructors will provide")
    assert content(text, found[1]).endswith("better protected")


def test_attributions_it_resolved_to_previous_subject(nlp):
    text, found = attribute(
        nlp,
        "Russian military instructors have arrived in Niger with an air defense system and other "
        "equipment as part of the West African nation's deepening security ties with Moscow, state "
        "television announced late Thursday.",
        "Niger's military government agreed in January to step up military cooperation with Russia.",
        "The Tele Sahel broadcaster showed a Russian transport plane arriving at Niamey airport on "
        "Wednesday night.",
        'It said that the "latest military equipment and military instructors from the Russian Defense '
        'Ministry" had arrived.',
        'Russia will help "install an air defense system ... to ensure complete control of our airspace," '
        "the report said.",
    )
    check(text, found[0], "state television", "announced", "reported")
    assert 1 not in found  # "agreed to step up" is not speech
    assert 2 not in found
    assert found[3].speaker == "The Tele Sahel broadcaster" and found[3].cue == "said"
    assert content(text, found[3]).startswith("latest military equipment")
    check(text, found[4], "the report", "said", "direct")


def test_attributions_quoted_as_saying_over_two_sentences(nlp):
    text, found = attribute(
        nlp,
        '"We are here to train the Niger army and help it use the equipment that has just arrived.',
        'The equipment is for different military specialties," one of the Russian instructors was '
        "quoted as saying.",
    )
    check(text, found[1], "one of the Russian instructors", "was quoted as saying", "direct")
    assert found[0].speaker == "one of the Russian instructors"
    assert found[0].kind == "direct"
    assert content(text, found[0]).startswith("We are here")


def test_attributions_anonymous_passive_hedge(nlp):
    text, found = attribute(
        nlp,
        "During that call, the two leaders were said to have discussed security cooperation as well as "
        '"global strategic cooperation" against "current threats."',
    )
    check(text, found[0], None, "were said to", "reported")
    assert found[0].speaker_start is None
    assert "discussed security cooperation" in content(text, found[0])


def test_attributions_expletive_passive_is_anonymous(nlp):
    text, found = attribute(nlp, "It was reported that the dam had failed.")
    check(text, found[0], None, "was reported", "reported")
    assert content(text, found[0]) == "the dam had failed"


# -------------------------------------------------------------------- according to


@pytest.mark.parametrize(
    ("sentence", "speaker", "said"),
    [
        ("According to the police, 12 people died.", "the police", "12 people died"),
        ("12 people died, according to local officials.", "local officials", "12 people died"),
        (
            "Inflation eased to 23.1% in February, according to figures cited by the bank, down for a third month.",
            "figures",
            "Inflation eased to 23.1% in February",
        ),
    ],
)
def test_attributions_according_to(nlp, sentence, speaker, said):
    text, found = attribute(nlp, sentence)
    check(text, found[0], speaker, found[0].cue, "according_to")
    assert found[0].cue.lower() == "according to"
    assert content(text, found[0]) == said


# ------------------------------------------------------------------ reported speech


@pytest.mark.parametrize(
    ("sentence", "speaker", "cue", "said"),
    [
        ("Reyes said the vessel had capsized.", "Reyes", "said", "the vessel had capsized"),
        ("The minister told reporters that the border would stay closed.", "The minister", "told",
         "the border would stay closed"),
        ("The ministry said in a statement that the talks had collapsed.", "The ministry", "said",
         "the talks had collapsed"),
        ("The fire destroyed 40 homes, police said on Monday.", "police", "said", "The fire destroyed 40 homes"),
        ("A spokesperson for the airline said all flights were cancelled.", "A spokesperson for the airline",
         "said", "all flights were cancelled"),
        ("Sources told Reuters the deal was close.", "Sources", "told", "the deal was close"),
        ("Officials who asked not to be named said the talks had collapsed.", "Officials", "said",
         "the talks had collapsed"),
        ("The company claimed the recall was voluntary.", "The company", "claimed", "the recall was voluntary"),
        ("The army denied that its troops had crossed the border.", "The army", "denied",
         "its troops had crossed the border"),
        ("The minister wrote on X that the border was closed.", "The minister", "wrote", "the border was closed"),
        ("The mayor posted on Facebook that schools would reopen.", "The mayor", "posted",
         "schools would reopen"),
        ("Analysts warned that prices could rise further.", "Analysts", "warned", "prices could rise further"),
        ("The governor insisted that the dam was safe.", "The governor", "insisted", "the dam was safe"),
        ("Gauteng Police confirm that nine people have died.", "Gauteng Police", "confirm",
         "nine people have died"),
        ("A police spokesperson noted that no arrests had been made.", "A police spokesperson", "noted",
         "no arrests had been made"),
        ("Twelve of the injured remained in hospital, a provincial health department spokesperson said.",
         "a provincial health department spokesperson", "said", "Twelve of the injured remained in hospital"),
    ],
)  # fmt: skip
def test_attributions_reported_speech(nlp, sentence, speaker, cue, said):
    text, found = attribute(nlp, sentence)
    check(text, found[0], speaker, cue, "reported")
    assert content(text, found[0]) == said


def test_attributions_added_with_pronoun(nlp):
    text, found = attribute(
        nlp,
        "Philippine Coast Guard spokesperson Commander Liza Reyes told reporters the ferry had sunk.",
        "She added that divers would resume the search on Monday.",
    )
    check(text, found[0], "Philippine Coast Guard spokesperson Commander Liza Reyes", "told", "reported")
    check(text, found[1], "Philippine Coast Guard spokesperson Commander Liza Reyes", "added", "reported")


def test_attributions_they_resolves_to_group(nlp):
    text, found = attribute(
        nlp,
        "Local officials said the road was closed.",
        "They said it would reopen on Friday.",
    )
    assert found[1].speaker == "Local officials"


def test_attributions_pronoun_skips_names_inside_the_content(nlp):
    text, found = attribute(
        nlp,
        "Governor Yaw Asare-Mensah told reporters the committee had voted 5-2.",
        "Deputy Governor Efua Nyarko and external member Samuel Owusu-Ansah dissented, favouring a hold, he said.",
    )
    assert found[1].speaker == "Governor Yaw Asare-Mensah"


def test_attributions_unresolved_pronoun_kept_as_written(nlp):
    text, found = attribute(nlp, "She said the water rose quickly.")
    check(text, found[0], "She", "said", "reported")


# -------------------------------------------------------------------- direct speech


def test_attributions_inverted_direct_quote_strips_apposition(nlp):
    text, found = attribute(nlp, '"It was terrible," said Maria Santos, a survivor.')
    check(text, found[0], "Maria Santos", "said", "direct")
    assert content(text, found[0]) == "It was terrible"


def test_attributions_quote_continues_in_next_sentence(nlp):
    text, found = attribute(
        nlp,
        '"Waves were up to four metres high when the distress call came in," Reyes said.',
        '"Our teams are doing everything possible to find the missing."',
        "Coast guard vessels had rescued 121 people by Sunday afternoon.",
    )
    check(text, found[0], "Reyes", "said", "direct")
    assert found[1].speaker == "Reyes" and found[1].kind == "direct"
    assert content(text, found[1]) == "Our teams are doing everything possible to find the missing."
    assert 2 not in found


def test_attributions_quote_over_three_sentences_closed_by_cue(nlp):
    text, found = attribute(
        nlp,
        "“The ship just rolled over.",
        "There was no announcement.",
        "Nobody came,” Marites Reyes said from a hospital cot.",
    )
    for i in range(3):
        assert found[i].speaker == "Marites Reyes"
        assert found[i].kind == "direct"
        assert found[i].cue == "said"


def test_attributions_short_scare_quote_stays_reported(nlp):
    text, found = attribute(nlp, 'The league said it was "devastated" by the crush.')
    check(text, found[0], "The league", "said", "reported")


def test_attributions_colon_introduces_quote(nlp):
    text, found = attribute(nlp, "The minister said:", "“We will rebuild every home that was lost.”")
    assert found[1].speaker == "The minister"
    assert found[1].kind == "direct"


# ------------------------------------------------------------------- no attribution


@pytest.mark.parametrize(
    "sentence",
    [
        "The ferry sank at around 2:30 a.m. off Banton Island.",
        "Niger's military government agreed in January to step up military cooperation with Russia.",
        "The company reported a net loss of $5 million.",
        "The bank added 200 branches last year.",
        "Residents were told to leave their homes.",
        "Sarvodaya Remedies did not respond to a request for comment.",
        "By Monday, 13 people were confirmed dead.",
        "The first reported case was in March.",
    ],
)
def test_attributions_none_without_speech(nlp, sentence):
    _, found = attribute(nlp, sentence)
    assert found == {}


def test_attributions_cue_inside_quote_is_not_the_speaker(nlp):
    text, found = attribute(nlp, '"They told us nothing," said Abena Osei.')
    check(text, found[0], "Abena Osei", "said", "direct")


# ----------------------------------------------------------------------- quotes


def test_find_quotes_pairs_curly_and_straight_marks():
    text = 'He said "yes" and “no.”\n\n"Open quote runs to the paragraph end\n\nNext.'
    quotes = find_quotes(text)
    assert [text[q.inner_start : q.inner_end] for q in quotes] == [
        "yes",
        "no.",
        "Open quote runs to the paragraph end",
    ]


def test_find_quotes_ignores_apostrophes():
    assert find_quotes("The ship's captain didn't say.") == []


@pytest.mark.parametrize(
    ("sentence", "speaker", "cue", "said"),
    [
        ("State media quoted the minister as saying the army was ready.", "the minister", "quoted",
         "the army was ready"),
        ("The minister went on to say that the border would reopen.", "The minister", "say",
         "the border would reopen"),
        ("The ministry pointed out that no patient data was lost.", "The ministry", "pointed out",
         "no patient data was lost"),
        ("The BBC reported that the talks had stalled.", "The BBC", "reported", "the talks had stalled"),
        ("The figures were confirmed by the health ministry.", "the health ministry", "confirmed", None),
    ],
)  # fmt: skip
def test_attributions_other_constructions(nlp, sentence, speaker, cue, said):
    text, found = attribute(nlp, sentence)
    check(text, found[0], speaker, cue, "reported")
    assert content(text, found[0]) == said


def test_attributions_quote_split_by_reporting_clause(nlp):
    text, found = attribute(
        nlp,
        "Marites Reyes survived the sinking.",
        "“We will rebuild,” she said, “and we will do it quickly.”",
    )
    check(text, found[1], "Marites Reyes", "said", "direct")
    # one attribution per sentence: the content runs from the first quoted word to the last
    assert content(text, found[1]).startswith("We will rebuild")
    assert content(text, found[1]).endswith("do it quickly.")


def test_attributions_article_with_paragraphs(nlp):
    text = (
        "Ferry sinks off Banton Island\n\n"
        "A ferry sank on Sunday, the coast guard said.\n\n"
        '"Waves were up to four metres high," Reyes said. "Our teams are doing everything possible.\n\n'
        '"We will not stop until everyone is found."\n\n'
        "Sea accidents are common in the Philippines."
    )
    doc = nlp(text)
    sents = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents) if s.text.strip()]
    found = {sents[a.sentence].text.strip(): a for a in extract_attributions(doc, sents)}
    assert found["A ferry sank on Sunday, the coast guard said."].speaker == "the coast guard"
    quoted = [a for s, a in found.items() if "Our teams" in s or "We will not stop" in s]
    assert len(quoted) == 2 and all(a.speaker == "Reyes" and a.kind == "direct" for a in quoted)
    assert not any("Sea accidents" in s or "Ferry sinks" in s for s in found)
