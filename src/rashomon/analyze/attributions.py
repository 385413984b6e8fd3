"""Who says what: direct and reported speech with its speaker and cue.

``extract_attributions(doc, sentences)`` returns at most one
:class:`~rashomon.models.Attribution` per sentence: the *main* one, i.e. the
cue highest in the sentence's dependency tree ("X, the coast guard said, adding
that Y" → "said").  A sentence holding several quotes still gets one; its
content runs from the first quoted word to the last.  Found, in order:

* speech verbs (:mod:`rashomon.analyze.speech_cues`) with their subject as
  speaker, expanded to its noun phrase minus appositions and relative clauses
  ("Colonel Amadou Abdraman", not "..., a representative of ...");
* trailing reporting clauses the parser gets wrong ("X arrived, the press
  service of ... informed on April 12"): the noun phrase after the last comma;
* "was quoted as saying", "by X" agents, and anonymous passive hedges ("were
  said to", "it was reported that": speaker ``None``);
* "according to X" (``kind="according_to"``).

``kind`` is ``"direct"`` when a quotation of at least :data:`MIN_QUOTE_WORDS`
words touches the sentence (one- or two-word scare quotes do not count);
anonymous hedges stay ``"reported"``.

Pronoun speakers (he, she, it, they) are resolved to the nearest compatible
earlier speaker or subject (else entity) within :data:`PRONOUN_WINDOW`
sentences.  The attribution then carries the antecedent's text *and offsets*
(in an earlier sentence), so ``doc.text[speaker_start:speaker_end] == speaker``
always holds; an unresolved pronoun is kept as written.  Sentences that are
only quoted text take the attribution of their quote (opened here, closed later
by "he said") or of the sentence before when that one is direct or ends with a
colon; their cue and speaker offsets point to where the cue was found.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rashomon.analyze.speech_cues import (
    ANONYMOUS_PASSIVE_VERBS,
    DASHES,
    NP_PREPOSITIONS,
    OPEN_QUOTES,
    PERSON_NOUNS,
    PLATFORMS,
    QUOTE_CHARS,
    RELATIVE_PRONOUNS,
    RESOLVABLE_PRONOUNS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    STRONG_SPEECH_VERBS,
)
from rashomon.models import Attribution, Sentence

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.attributions.v1"

MIN_QUOTE_WORDS = 3
PRONOUN_WINDOW = 3  # sentences looked back for a pronoun's antecedent

_CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
# Children cut from a speaker's noun phrase: "Reyes, 45, a spokesperson ...".
_NP_CUT_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "parataxis", "ccomp"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Tokens allowed in the noun phrase of a trailing reporting clause.
_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "CCONJ", "PRON"})
_BOUNDARIES = frozenset({",", ";", *DASHES, *QUOTE_CHARS})


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def find_quotes(text: str) -> list[Quote]:
    """Pair quotation marks over the whole text.

    Straight quotes are read as opening or closing from their neighbours; a
    quote still open at a paragraph break ends there (the convention for
    quotes running over several paragraphs reopens it on the next one).
    """
    quotes: list[Quote] = []
    open_at: int | None = None

    def close(end: int, inner_end: int) -> None:
        if open_at is not None and inner_end > open_at + 1:
            quotes.append(Quote(open_at, end, open_at + 1, inner_end))

    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1 : i + 2] == "\n" and open_at is not None:
            close(i, i)
            open_at = None
        elif ch in QUOTE_CHARS:
            prev, nxt = text[i - 1 : i] or " ", text[i + 1 : i + 2] or " "
            before_word = (prev.isspace() or prev in "([{—–-/") and not nxt.isspace()
            after_word = nxt.isspace() or nxt in ".,;:!?)]}—–-"
            if ch in OPEN_QUOTES or (ch == '"' and (before_word or (not after_word and open_at is None))):
                close(i, i)  # an unclosed quote ends where the next one opens
                open_at = i
            elif open_at is not None:
                close(i + 1, i)
                open_at = None
    close(len(text), len(text))
    return quotes


@dataclass(frozen=True)
class _Candidate:
    cue: tuple[int, int]  # token range
    speaker: tuple[int, int] | None  # token range
    kind: str
    content: tuple[int, int] | None  # char offsets
    depth: int
    strong: bool


def extract_attributions(doc: Doc, sentences: Sequence[Sentence]) -> list[Attribution]:
    """The main attribution of each sentence that reports speech (see module doc)."""
    quotes = find_quotes(doc.text)
    spans: list[Span | None] = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences]
    found: dict[int, Attribution] = {}
    for pos, (sent, span) in enumerate(zip(sentences, spans, strict=True)):
        if span is None or not len(span):
            continue
        cands = list(_candidates(span, quotes))
        if not cands:
            continue
        best = min(cands, key=lambda c: (c.depth, c.kind != "according_to", not c.strong, c.cue[0]))
        found[pos] = _to_attribution(doc, sent.i, best, spans, pos, found)
    _attribute_quote_only(doc, sentences, quotes, found)
    log.debug("%d attributions in %d sentences", len(found), len(sentences))
    return [found[p] for p in sorted(found)]


# --------------------------------------------------------------------------- cues


def _candidates(span: Span, quotes: Sequence[Quote]) -> Iterator[_Candidate]:
    doc = span.doc
    local = [q for q in quotes if q.start < span.end_char and q.end > span.start_char]
    used: set[int] = set()
    for tok in span:
        if tok.i in used or any(q.inner_start <= tok.idx < q.inner_end for q in local):
            continue
        cand: _Candidate | None = None
        if tok.lower_ == "according" and tok.i + 1 < span.end and doc[tok.i + 1].lower_ == "to":
            cand = _according_to(tok, span)
        elif (
            tok.pos_ in ("VERB", "AUX")
            and tok.lemma_.lower() in SPEECH_VERBS
            and tok.dep_ not in ("amod", "compound", "nmod")
        ):
            cand = _speech_verb(tok, span, local)
        if cand is not None:
            used.update(range(*cand.cue))
            yield cand


def _depth(tok: Token, span: Span) -> int:
    return sum(1 for a in tok.ancestors if span.start <= a.i < span.end)


def _according_to(tok: Token, span: Span) -> _Candidate:
    to = span.doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    speaker = _np_bounds(pobj, span) if pobj is not None else None
    after = speaker[1] if speaker else to.i + 1
    # "X, according to Y, ..." keeps X; "According to Y, X." keeps X
    left_clause = any(t.pos_ in ("VERB", "AUX") for t in span.doc[span.start : tok.i])
    body = (span.start, tok.i) if left_clause else (after, span.end)
    # it scopes the whole sentence, so it outranks verbs below the root
    depth = min(_depth(tok, span), 1)
    return _Candidate((tok.i, to.i + 1), speaker, "according_to", _char_range(span, *body), depth, True)


def _speech_verb(tok: Token, span: Span, quotes: Sequence[Quote]) -> _Candidate | None:
    doc = span.doc
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    by_dep = {c.dep_: c for c in reversed(children)}  # the first child of each relation
    cue_lo, cue_hi = tok.i, tok.i + 1
    aux = [c.i for c in children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
    passive = "auxpass" in by_dep or "nsubjpass" in by_dep
    speaker_tok: Token | None = None
    anonymous = False
    fallback: tuple[tuple[int, int], int] | None = None

    if lemma == "point":
        prt = by_dep.get("prt")
        if prt is None or prt.lower_ != "out":
            return None
        cue_hi = prt.i + 1
    if lemma in ("quote", "cite"):
        saying = _as_saying(tok)
        if saying is None:
            return None
        children += list(saying.children)  # its clause is the content
        if passive:
            speaker_tok = by_dep.get("nsubjpass")
            cue_lo, cue_hi = (min(aux) if aux else tok.i), saying.i + 1
        else:
            speaker_tok = by_dep.get("dobj")
    elif passive:
        agent = by_dep.get("agent")
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            speaker_tok = pobj
        elif lemma in ANONYMOUS_PASSIVE_VERBS and ({"xcomp", "ccomp"} & by_dep.keys()):
            anonymous = True
            cue_lo = min(aux) if aux else tok.i
            if tok.i + 1 < span.end and doc[tok.i + 1].lower_ == "to":
                cue_hi = tok.i + 2
        else:
            return None  # "residents were told to leave": the subject is the hearer
    else:
        speaker_tok = by_dep.get("nsubj")
        if speaker_tok is not None and speaker_tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            speaker_tok = tok.head
        if speaker_tok is None:
            fallback = _trailing_speaker(tok, span)
        if speaker_tok is None and fallback is None and tok.dep_ in ("conj", "xcomp", "advcl"):
            speaker_tok = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if speaker_tok is None and fallback is None and not anonymous:
        return None
    if speaker_tok is not None and (
        not span.start <= speaker_tok.i < span.end
        or speaker_tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "PUNCT")
    ):
        return None

    # "vowed to rebuild" is speech, "agreed to step up" is not
    with_xcomp = anonymous or lemma in STRONG_SPEECH_VERBS
    clause = [
        c for c in children if c.dep_ in _CLAUSE_DEPS or (with_xcomp and c.dep_ == "xcomp" and c.i > tok.i)
    ]
    content: tuple[int, int] | None = None
    if clause:
        lo = min(c.left_edge.i for c in clause)
        hi = max(c.right_edge.i for c in clause) + 1
        if anonymous and "nsubjpass" in by_dep and "xcomp" in by_dep:  # "the leaders were said to ..."
            lo = min(lo, by_dep["nsubjpass"].left_edge.i)
        content = _char_range(span, lo, hi)
    elif fallback is not None:
        content = _char_range(span, span.start, fallback[1])
    else:
        content = _untagged_content(tok, span, speaker_tok)
    quoted = [q for q in quotes if _quote_words(span, q) >= MIN_QUOTE_WORDS]
    direct = bool(quoted) and not anonymous
    if direct:
        first, last = quoted[0], quoted[-1]
        content = _trim(
            span.doc.text, max(first.inner_start, span.start_char), min(last.inner_end, span.end_char)
        )
    if lemma not in STRONG_SPEECH_VERBS and not (clause or fallback or direct or _on_platform(tok)):
        return None
    speaker = (
        fallback[0] if fallback else (_np_bounds(speaker_tok, span) if speaker_tok is not None else None)
    )
    kind = "direct" if direct else "reported"
    depth = 1 if fallback else _depth(tok, span)
    return _Candidate((cue_lo, cue_hi), speaker, kind, content, depth, lemma in STRONG_SPEECH_VERBS)


def _untagged_content(tok: Token, span: Span, speaker_tok: Token | None) -> tuple[int, int] | None:
    """Content the parser did not attach to the cue as a clause."""
    if speaker_tok is not None and speaker_tok.i < tok.i:
        lo = speaker_tok.left_edge.i
        if tok.dep_ != "ROOT" and any(t.pos_ in ("VERB", "AUX") for t in span.doc[span.start : lo]):
            return _char_range(span, span.start, lo)  # "X sank, killing 11, the coast guard said"
    that = next((t for t in span.doc[tok.i + 1 : span.end] if t.dep_ == "mark" and t.lower_ == "that"), None)
    if that is not None:
        return _char_range(span, that.i + 1, span.end)  # "said in a statement that ..."
    return None


def _as_saying(tok: Token) -> Token | None:
    """The "saying" of "was quoted as saying"."""
    preps = (p for p in tok.children if p.dep_ == "prep" and p.lower_ == "as")
    return next(
        (c for p in preps for c in p.children if c.lemma_.lower() in ("say", "tell", "add", "write")), None
    )


def _on_platform(tok: Token) -> bool:
    """ "wrote on X", "posted on Facebook"."""
    preps = (p for p in tok.children if p.dep_ == "prep" and p.lower_ in ("on", "in", "via"))
    return any(c.dep_ == "pobj" and c.lower_ in PLATFORMS for p in preps for c in p.children)


def _trailing_speaker(tok: Token, span: Span) -> tuple[tuple[int, int], int] | None:
    """``(speaker token range, index of the comma)`` for "..., NP cue [PP]."."""
    doc = span.doc
    i = np_end = tok.i
    if doc[i - 1].text in DASHES:  # "..., Liza Reyes — no relation — told": skip the aside
        i = next((k for k in range(i - 2, max(span.start, i - 15), -1) if doc[k].text in DASHES), span.start)
        np_end = i
    i -= 1
    while i > span.start and doc[i].text not in _BOUNDARIES:
        t = doc[i]
        if (
            t.pos_ not in _NP_POS
            and not (t.pos_ == "ADP" and t.lower_ in NP_PREPOSITIONS)
            and t.text not in ("-", "'s")
        ):
            return None
        i -= 1
    np = doc[i + 1 : np_end]
    if i <= span.start or not len(np) or np[0].pos_ == "CCONJ":
        return None
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in np):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc[tok.i + 1 : span.end]):
        return None
    end = i
    while end > span.start and doc[end - 1].is_punct:
        end -= 1
    return (i + 1, np_end), end


def _np_bounds(head: Token, span: Span) -> tuple[int, int]:
    """The token range of ``head``'s noun phrase minus appositions and clauses."""
    cut: set[int] = set()
    for c in head.subtree:
        if c.i != head.i and c.dep_ in _NP_CUT_DEPS:
            cut.update(t.i for t in c.subtree)
    keep = {t.i for t in head.subtree if span.start <= t.i < span.end} - cut
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    doc = head.doc
    while lo > span.start and doc[lo].pos_ == "PROPN" and doc[lo - 1].pos_ == "PROPN" and lo - 1 not in cut:
        lo -= 1  # the parser split a name: "Bridget" ROOT, "Hollis" subject
    while hi + 1 in keep:
        hi += 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi + 1 < span.end and doc[hi + 1].text == ")" and "(" in doc[lo : hi + 1].text:
        hi += 1  # "the Centre for ... (PVMBG)"
    return lo, hi + 1


def _char_range(span: Span, lo: int, hi: int) -> tuple[int, int] | None:
    """Char offsets of tokens ``lo:hi`` without a leading "that" or edge punctuation."""
    toks = list(span.doc[max(lo, span.start) : min(hi, span.end)])
    while toks and (
        toks[0].is_punct or toks[0].is_space or (toks[0].tag_ == "IN" and toks[0].lower_ == "that")
    ):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    return (toks[0].idx, toks[-1].idx + len(toks[-1])) if toks else None


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (text[lo].isspace() or text[lo] in QUOTE_CHARS):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in QUOTE_CHARS + ",;:"):
        hi -= 1
    return lo, hi


def _quote_words(span: Span, q: Quote) -> int:
    """Words of a quote touching the span (all of it: it may run on from an earlier sentence)."""
    if q.inner_start >= span.end_char or q.inner_end <= span.start_char:
        return 0
    return sum(1 for w in span.doc.text[q.inner_start : q.inner_end].split() if any(ch.isalnum() for ch in w))


# --------------------------------------------------------------------- speakers


def _to_attribution(
    doc: Doc,
    sent_i: int,
    cand: _Candidate,
    spans: Sequence[Span | None],
    pos: int,
    found: dict[int, Attribution],
) -> Attribution:
    cue = doc[cand.cue[0] : cand.cue[1]]
    speaker: str | None = None
    sp_start = sp_end = None
    if cand.speaker is not None:
        sp = doc[cand.speaker[0] : cand.speaker[1]]
        speaker, sp_start, sp_end = sp.text, sp.start_char, sp.end_char
        if len(sp) == 1 and sp[0].lower_ in RESOLVABLE_PRONOUNS:
            ante = _antecedent(sp[0], spans, pos, found)
            if ante is not None:
                speaker, sp_start, sp_end = ante
    content = cand.content or (None, None)
    return Attribution(
        sent_i, speaker, cue.text, cand.kind, sp_start, sp_end, cue.start_char, cue.end_char, *content
    )


def _classes(np: Span) -> set[str]:
    """Which pronouns can refer to this noun phrase: a subset of {he, it, they}."""
    root = np.root
    labels = {e.label_ for e in np.ents}
    plural = root.tag_ in ("NNS", "NNPS")
    lemma = root.lemma_.lower()
    if root.ent_type_ == "PERSON" or (lemma in PERSON_NOUNS and not plural):
        return {"he"}
    if lemma in PERSON_NOUNS or root.ent_type_ == "NORP":
        return {"they"}
    if root.ent_type_ == "ORG" or lemma in SOURCE_NOUNS:
        return {"they"} if plural else {"it", "they"}
    if root.pos_ == "PROPN" and (not root.ent_type_ or "PERSON" in labels):
        return {"he", "it"}  # names the model did not label: "Ivone Schaefer"
    return set()


def _antecedent(
    pron: Token, spans: Sequence[Span | None], pos: int, found: dict[int, Attribution]
) -> tuple[str, int, int] | None:
    """The nearest earlier speaker, subject or entity the pronoun can refer to."""
    want = "they" if pron.lower_ == "they" else "it" if pron.lower_ == "it" else "he"
    doc = pron.doc
    best: dict[bool, tuple[int, str, int, int]] = {}  # primary? -> (end, text, start, end)
    own_clause = {t.i for t in pron.head.subtree}

    def consider(np: Span | None, primary: bool) -> None:
        if np is None or not len(np) or np.end_char > pron.idx or np.root.pos_ == "PRON":
            return
        if np.root.i in own_clause:  # "X dissented, he said": X is said, not saying
            return
        if want not in _classes(np):
            return
        if primary not in best or np.end_char > best[primary][0]:
            best[primary] = (np.end_char, np.text, np.start_char, np.end_char)

    for p in range(pos, max(-1, pos - PRONOUN_WINDOW - 1), -1):
        span = spans[p]
        if span is None:
            continue
        att = found.get(p)
        if att is not None and att.speaker_start is not None and att.speaker_end is not None:
            consider(doc.char_span(att.speaker_start, att.speaker_end, alignment_mode="expand"), True)
        for tok in span:
            if tok.dep_ in _SUBJECT_DEPS and tok.pos_ in ("NOUN", "PROPN"):
                lo, hi = _np_bounds(tok, span)
                consider(doc[lo:hi], True)
        for ent in span.ents:
            if ent.label_ in ("PERSON", "ORG", "NORP"):
                lo, hi = _np_bounds(ent.root, span)
                np = doc[lo:hi] if hi - lo <= 8 and lo <= ent.start and hi >= ent.end else ent
                consider(np, False)
        if True in best:
            break
    pick = best.get(True) or best.get(False)
    return pick[1:] if pick else None


# ------------------------------------------------------------ quote-only sentences


def _attribute_quote_only(
    doc: Doc, sentences: Sequence[Sentence], quotes: Sequence[Quote], found: dict[int, Attribution]
) -> None:
    """Give sentences that are only quoted text the attribution of their quote."""
    text = doc.text
    for pos, sent in enumerate(sentences):
        if pos in found:
            continue
        own = [q for q in quotes if q.inner_start < sent.end and q.inner_end > sent.start]
        quoted = sum(min(q.inner_end, sent.end) - max(q.inner_start, sent.start) for q in own)
        if not own or quoted < 0.5 * len(text[sent.start : sent.end].strip()):
            continue
        content = _trim(text, max(own[0].inner_start, sent.start), min(own[-1].inner_end, sent.end))
        source: Attribution | None = None
        # the same quote, attributed in another of its sentences
        for other, att in sorted(found.items(), key=lambda kv: abs(kv[0] - pos)):
            s2 = sentences[other]
            if att.kind == "direct" and any(q.start < s2.end and q.end > s2.start for q in own):
                source = att
                break
        # the next sentence or paragraph of the previous speaker's quote
        prev = found.get(pos - 1)
        if source is None and prev is not None and sentences[pos - 1].role == sent.role:
            if prev.kind == "direct" or text[
                sentences[pos - 1].start : sentences[pos - 1].end
            ].rstrip().endswith(":"):
                source = prev
        if source is not None:
            found[pos] = replace(
                source, sentence=sent.i, kind="direct", content_start=content[0], content_end=content[1]
            )
