"""Bad input fails with one clear, coded line naming the input; good input beside it still reads."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.errors import (
    BinarySource,
    EmptySource,
    FetchHTTPError,
    FetchTimeout,
    InputError,
    NoArticleBody,
    RashomonError,
    SourceNotFound,
    SourceTooLarge,
)
from rashomon.ingest import read_source, read_sources
from rashomon.settings import Config

GOOD = "Bridge reopens\n\nThe main bridge reopened to traffic on Wednesday after repairs.\n"


def _loopback():
    path = Path(__file__).parent / "fixtures" / "ingest" / "loopback.py"
    spec = importlib.util.spec_from_file_location("ingest_loopback_bad", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    with _loopback().serve() as srv:
        yield srv


def _assert_one_line(error: RashomonError, source: str, code: str) -> None:
    text = str(error)
    assert "\n" not in text
    assert text.startswith(f"[{code}] {source}: ")


def test_ingest_bad_input_missing_file(tmp_path: Path) -> None:
    source = str(tmp_path / "nope.txt")
    with pytest.raises(SourceNotFound) as info:
        read_source(source)
    _assert_one_line(info.value, source, "R101")
    assert isinstance(info.value, InputError) and info.value.exit_code == 2


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_ingest_bad_input_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptySource) as info:
        read_source(str(path))
    _assert_one_line(info.value, str(path), "R102")


def test_ingest_bad_input_only_furniture(tmp_path: Path) -> None:
    path = tmp_path / "furniture.txt"
    path.write_text("Source: Example Daily\n", encoding="utf-8")
    with pytest.raises(EmptySource):
        read_source(str(path))


@pytest.mark.parametrize(("name", "content"), [
    ("nul.txt", b"Some text\x00\x01\x02 with NUL bytes" * 20),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ("doc.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
    ("noise.html", bytes(range(1, 32)) * 50),
])
def test_ingest_bad_input_binary(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BinarySource) as info:
        read_source(str(path))
    _assert_one_line(info.value, str(path), "R103")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_ingest_bad_input_non_utf8_text_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = ("Élections à Genève\n\n"
            "Le maire sortant, François Müller, a été réélu dimanche à Genève avec 54 % des voix, "
            "devant Zoë Côté et André Nuñez. « C'est une victoire pour toute la ville », a déclaré "
            "M. Müller devant ses partisans réunis près du lac.\n\n"
            "La participation a atteint 41 %, un niveau élevé pour une élection municipale.\n")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [article] = read_source(str(path))
    assert "François Müller" in article.text
    assert "Zoë Côté et André Nuñez" in article.text
    assert article.title == "Élections à Genève"


def test_ingest_bad_input_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD + "More words follow here. " * 200, encoding="utf-8")
    with pytest.raises(SourceTooLarge) as info:
        read_source(str(path), Config(max_body_bytes=1_000))
    _assert_one_line(info.value, str(path), "R104")
    assert "1,000-byte limit" in str(info.value)


def test_ingest_bad_input_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5_000)))
    with pytest.raises(SourceTooLarge):
        read_source("-", Config(max_body_bytes=1_000))


def test_ingest_bad_input_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(NoArticleBody) as info:
        read_source(str(path))
    _assert_one_line(info.value, str(path), "R105")


def test_ingest_bad_input_url_errors(server) -> None:
    with pytest.raises(FetchHTTPError, match="HTTP 404"):
        read_source(server.base_url + "/404")
    with pytest.raises(FetchHTTPError, match="HTTP 500"):
        read_source(server.base_url + "/500")
    with pytest.raises(FetchTimeout) as info:
        read_source(server.base_url + "/slow", Config(fetch_timeout=0.2))
    _assert_one_line(info.value, server.base_url + "/slow", "R201")


def test_ingest_bad_input_folder_with_one_good_and_one_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b-bad.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    (folder / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    result = read_sources([str(folder)])
    assert [(a.id, a.source, a.title) for a in result.articles] == [
        ("a1", str(folder / "a-good.txt"), "Bridge reopens")]
    [(where, error)] = result.failures
    assert where == str(folder / "b-bad.txt")
    assert isinstance(error, BinarySource)
    with pytest.raises(BinarySource):  # read_source is all or nothing
        read_source(str(folder))


def test_ingest_bad_input_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(EmptySource, match="no article files"):
        read_source(str(tmp_path))


def test_ingest_bad_input_sources_keep_order_and_ids(tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(GOOD, encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("# Shelters close\n\nThe last shelters closed on Thursday.\n", encoding="utf-8")
    missing = str(tmp_path / "missing.txt")
    result = read_sources([str(first), missing, str(second)])
    assert [(a.id, a.title) for a in result.articles] == [("a1", "Bridge reopens"), ("a2", "Shelters close")]
    [(where, error)] = result.failures
    assert where == missing and isinstance(error, SourceNotFound)
