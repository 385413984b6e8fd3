"""Loading the spaCy pipeline: the start-up shortcuts must give the same pipeline as a plain load."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.analyze.nlp import EMPTY_TOKENIZER, load_nlp, load_options, model_dir, resolve_model_name

CONFIG = """\
[nlp]
lang = "en"
pipeline = ["tok2vec","senter"]
disabled = {disabled}
tokenizer = {tokenizer}
"""


def _pipeline_dir(tmp_path: Path, *, disabled: str = '["senter"]',
                  tokenizer: str = '{"@tokenizers":"spacy.Tokenizer.v1"}', tokenizer_file: bool = True) -> Path:
    (tmp_path / "config.cfg").write_text(CONFIG.format(disabled=disabled, tokenizer=tokenizer), encoding="utf-8")
    if tokenizer_file:
        (tmp_path / "tokenizer").write_bytes(b"")
    return tmp_path


def test_analyze_nlp_load_options_for_the_usual_pipeline(tmp_path: Path) -> None:
    options = load_options(_pipeline_dir(tmp_path))
    assert options["exclude"] == ["senter"]
    assert options["config"] == {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}


def test_analyze_nlp_load_options_keep_a_custom_tokenizer(tmp_path: Path) -> None:
    options = load_options(_pipeline_dir(tmp_path, tokenizer='{"@tokenizers":"spacy.ja.JapaneseTokenizer"}'))
    assert "config" not in options


def test_analyze_nlp_load_options_keep_the_default_tokenizer_without_its_file(tmp_path: Path) -> None:
    assert "config" not in load_options(_pipeline_dir(tmp_path, tokenizer_file=False))


def test_analyze_nlp_load_options_nothing_disabled(tmp_path: Path) -> None:
    assert "exclude" not in load_options(_pipeline_dir(tmp_path, disabled="[]"))


def test_analyze_nlp_load_options_plain_load_without_a_config(tmp_path: Path) -> None:
    assert load_options(None) == {}
    assert load_options(tmp_path) == {}
    (tmp_path / "config.cfg").write_text("[nlp\nbroken", encoding="utf-8")
    assert load_options(tmp_path) == {}


def test_analyze_nlp_model_dir_of_the_installed_pipeline() -> None:
    directory = model_dir(resolve_model_name(""))
    assert directory is not None and (directory / "config.cfg").is_file()
    assert model_dir("no_such_pipeline_installed") is None


def test_analyze_nlp_fast_load_is_the_plain_pipeline() -> None:
    """Same tokenizer state byte for byte (its vocab aside: the session's pipeline has seen other
    texts by now), same components in the same order (ours added)."""
    import spacy

    name = resolve_model_name("")
    if not load_options(model_dir(name)):
        pytest.skip(f"{name}: no start-up shortcut applies")
    plain = spacy.load(name)
    fast = load_nlp(name)
    assert fast.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    assert [p for p in fast.pipe_names if p != "rashomon_paragraph_starts"] == plain.pipe_names
    text = "Dr. Smith didn't arrive in the U.S. on Jan. 3rd, 2024 :) -- see https://example.org/x?y=1."
    assert [t.text for t in fast(text)] == [t.text for t in plain(text)]
