"""Who an article's title and lead name: spaCy's NER, run on the lead only.

The event clusterer's other features are regular expressions; this one needs a model, because
telling a person ("Jamal Williams") from a team or a place ("San Diego Chargers") is what
separates look-alike stories. Only the ``ner`` component runs (en_core_web_sm's has its own
token-to-vector layer), over the title and the first 400 characters of the body, counting the
mentions that start in the first 250 (the lead; the rest is context): about 8 ms an article on
one core, batched. The clusterer tags on the process that clusters (the client of a Dask run).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.analyze.nlp import load_nlp
from rashomon.events.features import EventDoc, lead_window


class PeopleTagger:
    """PERSON mentions in each article's :func:`~rashomon.events.features.lead_window`."""

    def __init__(self, model: str = "") -> None:
        self.model = model  # a spaCy pipeline name or path; empty: en_core_web_sm, else its PyPI twin
        self._nlp: Any = None
        self._off: list[str] = []

    def _load(self) -> Any:
        if self._nlp is None:
            nlp = load_nlp(self.model)
            self._off = [p for p in nlp.pipe_names if p != "ner"]
            self._nlp = nlp
        return self._nlp

    def __call__(self, docs: Sequence[EventDoc]) -> list[list[str]]:
        if not docs:
            return []
        nlp = self._load()
        windows = [lead_window(d) for d in docs]
        out = []
        # spaCy keeps every new word it reads in the shared vocabulary; a news stream brings new words
        # without end, so the strings of these parses are let go when the zone closes (only plain
        # strings leave it)
        with nlp.memory_zone():
            for (_, lead_end), parsed in zip(windows, nlp.pipe([w for w, _ in windows], disable=self._off),
                                             strict=True):
                out.append([str(e.text) for e in parsed.ents if e.label_ == "PERSON" and e.start_char < lead_end])
        return out
