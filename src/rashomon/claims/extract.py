"""Atomic claims: one per clause of a body sentence that asserts something.

A sentence is cut into clauses along the dependency parse: the main clause,
verb conjuncts ("severed X, expelled Y and formed Z"), clausal complements
of reporting verbs (the content of "X said that ..."), adverbial clauses
("after expelling French forces"), relative clauses that add a fact, and
participial modifiers that carry their own time or agent ("the agreement ...
signed last December").  Each clause becomes a :class:`Claim` whose text is
a contiguous, verbatim span of the article, and whose slots (entities,
quantities, times, attribution, polarity, hedging) come from the analysis
layer, restricted to the tokens the clause owns: a date inside a split-off
relative clause belongs to that clause, not to the main one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from rashomon.models import ArticleAnalysis, Attribution, Claim, Quantity, Sentence, TimeExpr

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.claims.v1"

SPEECH_LEMMAS = frozenset(
    """say tell announce inform state report add claim confirm deny note explain warn insist allege
    acknowledge write declare quote tweet post stress argue assert reveal disclose admit indicate
    suggest estimate accuse describe""".split()
)
HEDGE_WORDS = {
    "reportedly": "reportedly", "allegedly": "allegedly", "apparently": "apparently",
    "purportedly": "purportedly", "supposedly": "supposedly", "possibly": "possibly",
    "probably": "probably", "likely": "likely", "may": "may", "might": "might", "could": "could",
    "unconfirmed": "unconfirmed",
}
# "expected to", "believed to", "said to", "thought to", "set to": a raising verb with an xcomp
HEDGE_RAISERS = frozenset("expect believe say think set understand rumour rumor report estimate".split())
NEGATIVE_SUBJECTS = frozenset("nobody none nothing noone".split())
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "pcomp", "acl"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _is_clause_head(tok, time_tokens: set[int]) -> bool:
    dep = tok.dep_
    if dep == "ROOT":
        return True
    if dep not in CLAUSE_DEPS:
        return False
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if dep == "conj":
        # a verb conjunct of a verb: "severed ..., expelled ..." (not "killed or injured")
        head = tok.head
        if head.pos_ not in ("VERB", "AUX"):
            return False
        has_args = any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "prep", "attr", "ccomp", "xcomp", "agent")
                       for c in tok.children)
        return has_args
    if dep == "pcomp":
        return tok.tag_ == "VBG" and any(c.dep_ in ("dobj", "prep") for c in tok.children)
    if dep == "acl":
        # participial modifiers are facts of their own only when they carry a time or an agent
        sub = {t.i for t in tok.subtree}
        return bool(sub & time_tokens) or any(c.dep_ == "agent" for c in tok.children)
    if dep == "relcl":
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or tok.tag_ in ("VBD", "VBZ", "VBP")
    return True


# How many "of/on/between" steps a modifier's noun phrase may climb: the parser
# hangs "signed last December" on "countries" in "the agreement on military
# cooperation between the countries signed last December"; two steps reach the
# noun the clause is about without swallowing the whole sentence.
MAX_NP_CLIMB = 2


def _phrase_head(noun):
    """The noun a modifier clause is about: climb prepositional attachments inside a noun phrase."""
    for _ in range(MAX_NP_CLIMB):
        prep = noun.head
        if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = prep.head
    return noun


def _owner(tok, heads: set[int]):
    """Nearest clause head at or above ``tok``."""
    cur = tok
    while cur.i not in heads and cur.head.i != cur.i:
        cur = cur.head
    return cur.i if cur.i in heads else None


KEEP_AT_END = frozenset({"%", "°", "″", "'"})


def _trim(tokens: list) -> list:
    drop_edge = {"punct", "cc", "mark"}
    while tokens and (tokens[0].dep_ in ("punct", "cc") or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].dep_ in drop_edge or tokens[-1].is_space or tokens[-1].is_punct) \
            and tokens[-1].text not in KEEP_AT_END:
        if tokens[-1].text in ("”", '"', ")") and any(t.text in ("“", '"', "(") for t in tokens[:-1]):
            break
        tokens = tokens[:-1]
    return tokens


def _negated(head, owned: set[int], doc) -> bool:
    for c in head.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and c.i in owned:
            if c.lower_ in NEGATIVE_SUBJECTS:
                return True
            if any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                return True
    # "No one was killed": det "no" on "one"
    for i in owned:
        t = doc[i]
        if t.lower_ in ("never",) and t.head.i == head.i:
            return True
    return False


def _hedge(head, owned: set[int], doc) -> str | None:
    for i in sorted(owned):
        t = doc[i]
        w = HEDGE_WORDS.get(t.lower_)
        if w and (t.dep_ in ("advmod", "aux") or t.pos_ == "ADV"):
            return w
    # raising constructions: "is expected to", "were said to have"
    for c in head.children:
        if c.dep_ == "xcomp" and head.lemma_ in HEDGE_RAISERS and any(
            a.dep_ == "auxpass" for a in head.children
        ):
            return f"{head.text} to"
    if head.dep_ == "xcomp" and head.head.lemma_ in HEDGE_RAISERS and any(
        a.dep_ == "auxpass" for a in head.head.children
    ):
        return f"{head.head.text} to"
    return None


def _subject(head, heads_of: dict[int, object]):
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl"):
            return c
    if head.dep_ == "conj":
        return _subject(head.head, heads_of)
    if head.dep_ in ("relcl", "acl"):
        return head.head
    if head.dep_ == "xcomp":
        return _subject(head.head, heads_of)
    return None


def _theme(head) -> tuple[str, ...]:
    """What the predicate acts on: "fired tear gas" -> (gas, tear); "the sirens never sounded" -> (siren,)."""
    kids = list(head.children)
    noun = next((c for c in kids if c.dep_ in ("dobj", "nsubjpass", "attr")), None)
    if noun is None and not any(c.dep_ == "dobj" for c in kids):
        noun = next((c for c in kids if c.dep_ == "nsubj"), None)
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return ()
    words = [noun.lemma_.lower()] + [c.lemma_.lower() for c in noun.children if c.dep_ == "compound"]
    return tuple(words)


def _agent(head):
    """The doer: the by-agent of a passive, else the active subject."""
    for c in head.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in head.children:
        if c.dep_ == "nsubj":
            return c
    if head.dep_ == "conj":
        return _agent(head.head)
    return None


def extract_claims(doc, analysis: ArticleAnalysis) -> list[Claim]:
    """All claims of one article, in text order."""
    art_id = analysis.article.id
    attrib_by_sentence: dict[int, Attribution] = {}
    for a in analysis.attributions:
        attrib_by_sentence.setdefault(a.sentence, a)
    claims: list[Claim] = []
    for sent in analysis.sentences:
        if sent.role != "body":
            continue
        claims.extend(_sentence_claims(doc, sent, analysis, attrib_by_sentence.get(sent.i)))
    return [replace(c, id=f"{art_id}.c{i + 1}") for i, c in enumerate(claims)]



def _sentence_claims(doc, sent: Sentence, analysis: ArticleAnalysis, attrib: Attribution | None) -> list[Claim]:
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    times = [t for t in analysis.times if sent.start <= t.start and t.end <= sent.end]
    time_tokens: set[int] = set()
    for t in times:
        ts = doc.char_span(t.start, t.end, alignment_mode="expand")
        if ts is not None:
            time_tokens.update(tok.i for tok in ts)
    heads = {t.i for t in span if _is_clause_head(t, time_tokens)}
    # speech acts are attribution, not claims: "X said (that) ...", "..., the ministry informed"
    speech_heads = set()
    for i in list(heads):
        tok = doc[i]
        if tok.lemma_ in SPEECH_LEMMAS and any(
            c.i in heads or c.dep_ in ("ccomp", "parataxis") for c in tok.children
        ):
            speech_heads.add(i)
    if attrib is not None and attrib.cue_start is not None:
        for i in list(heads):
            tok = doc[i]
            if attrib.cue_start <= tok.idx < (attrib.cue_end or attrib.cue_start + 1):
                speech_heads.add(i)
    owned: dict[int, list] = {h: [] for h in heads}
    for tok in span:
        o = _owner(tok, heads)
        if o is not None:
            owned[o].append(tok)
    # the speech act ("the ministry said", "Reyes told reporters") rides along with the clause it
    # introduces, so a claim reads as the outlet printed it and keeps its speaker in its text
    content_heads = [h for h in heads if h not in speech_heads]
    speech_tokens: set[int] = set()  # in the claim's text, but not its slots ("said on Friday")
    for sh in speech_heads:
        if not content_heads:
            break
        target = min(content_heads, key=lambda h: (doc[h].head.i != sh, abs(h - sh)))
        owned[target] = owned[target] + owned[sh]
        speech_tokens.update(t.i for t in owned[sh])
    out: list[Claim] = []
    for h in sorted(content_heads):
        head = doc[h]
        toks = owned[h]
        if head.dep_ in ("relcl", "acl"):
            noun = _phrase_head(head.head)
            # the claim reads "the agreement ... signed last December": the noun phrase plus the clause
            toks = sorted({*toks, *[t for t in noun.subtree if _owner(t, heads) == _owner(noun, heads)
                                    and t.i < head.i]}, key=lambda t: t.i)
        toks = _trim(sorted(toks, key=lambda t: t.i))
        content = [t for t in toks if t.pos_ in CONTENT_POS and not t.is_stop]
        if len(content) < 2:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        out.append(_build_claim(doc, analysis, sent, head, start, end, {t.i for t in toks} - speech_tokens,
                                attrib, heads))
    if not out:
        toks = _trim([t for t in span])
        if toks:
            root = span.root
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            out.append(_build_claim(doc, analysis, sent, root, start, end, {t.i for t in toks}, attrib, heads,
                                    clause="sentence"))
    return out



def _char_runs(doc, token_ids: set[int]) -> list[tuple[int, int]]:
    return [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in sorted(token_ids)]


def _build_claim(doc, analysis: ArticleAnalysis, sent: Sentence, head, start: int, end: int,
                 token_ids: set[int], attrib: Attribution | None, heads: set[int],
                 clause: str | None = None) -> Claim:
    runs = _char_runs(doc, token_ids)

    def owned(s: int, e: int) -> bool:
        return any(rs <= s < re_ for rs, re_ in runs) and any(rs < e <= re_ for rs, re_ in runs)

    mentions = [m for m in analysis.mentions if m.sentence == sent.i and owned(m.start, m.end)]
    quantities: tuple[Quantity, ...] = tuple(q for q in analysis.quantities if owned(q.start, q.end))
    times: tuple[TimeExpr, ...] = tuple(t for t in analysis.times if owned(t.start, t.end))
    ents = tuple(dict.fromkeys(m.entity or m.key for m in mentions if (m.entity or m.key)))
    persons = tuple(dict.fromkeys(m.entity or m.key for m in mentions if m.label == "PERSON"))
    places = tuple(dict.fromkeys(m.entity or m.key for m in mentions if m.label in PLACE_LABELS))
    agent_tok = _agent(head)
    agent = agent_text = None
    if agent_tok is not None:
        a_start = agent_tok.left_edge.idx
        a_end = agent_tok.right_edge.idx + len(agent_tok.right_edge.text)
        agent_text = doc.text[a_start:a_end]
        linked = [m for m in analysis.mentions if a_start <= m.start and m.end <= a_end and m.entity]
        agent = linked[0].entity if linked else agent_tok.lemma_.lower()
    lemmas = tuple(sorted({doc[i].lemma_.lower() for i in token_ids
                           if doc[i].pos_ in CONTENT_POS and not doc[i].is_stop and doc[i].is_alpha}))
    use_attrib = attrib
    if attrib is not None and attrib.content_start is not None and attrib.content_end is not None:
        if not (attrib.content_start <= start < attrib.content_end or attrib.content_start < end <= attrib.content_end):
            use_attrib = None
    return Claim(
        id="",
        article=analysis.article.id,
        sentence=sent.i,
        start=start,
        end=end,
        text=doc.text[start:end],
        predicate=head.lemma_.lower(),
        clause=clause or ("main" if head.dep_ == "ROOT" else head.dep_),
        negated=_negated(head, token_ids, doc),
        hedge=_hedge(head, token_ids, doc),
        agent=agent,
        agent_text=agent_text,
        entities=ents,
        persons=persons,
        places=places,
        quantities=quantities,
        times=times,
        attribution=use_attrib,
        lemmas=lemmas,
        theme=_theme(head),
    )


def claims_of(claims: Sequence[Claim], article: str) -> list[Claim]:
    return [c for c in claims if c.article == article]
