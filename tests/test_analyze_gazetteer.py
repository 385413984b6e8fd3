"""The gazetteer's pickle in the user cache: built on a fresh machine, keyed so it is never stale."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from rashomon.analyze import gazetteer as gz


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache, as on a machine that never ran rashomon."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("RASHOMON_NO_CACHE", raising=False)
    return tmp_path


def _small() -> gz.Gazetteer:
    niger = gz.Country("NE", "Niger", "Niamey", ("Nigerien",), ())
    return gz.Gazetteer({"NE": niger}, [gz.City("Agadez", "NE", 118_000), gz.City("Zinder", "NE", 235_000)])


def _load() -> gz.Gazetteer:
    return gz.gazetteer.__wrapped__()  # type: ignore[attr-defined]  # bypass the per-process lru_cache


def test_analyze_gazetteer_cache_built_on_a_fresh_machine(cache_home: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gz, "_build_gazetteer", _small)
    path = gz._cache_path()
    assert path is not None and path.parent == cache_home / "rashomon" and not path.exists()
    built = _load()
    assert path.exists()

    def no_build() -> gz.Gazetteer:
        raise AssertionError("the cached gazetteer should have been read")

    monkeypatch.setattr(gz, "_build_gazetteer", no_build)
    read = _load()
    assert read.city("Agadez") == built.city("Agadez") == gz.City("Agadez", "NE", 118_000)
    assert read.city("niamey") == gz.City("Niamey", "NE", 10**9)  # a capital, whatever its size
    assert read.city("Timbuktu") is None
    assert read.country("niger") == "NE" and read.demonym_countries("Nigerien") == ["NE"]


def test_analyze_gazetteer_cache_key_follows_this_module(cache_home: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing gazetteer.py (the pickled classes, the code that builds them) changes the file name."""
    before = gz._cache_path()
    edited = tmp_path / "gazetteer.py"
    shutil.copy(gz.__file__, edited)
    with edited.open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    monkeypatch.setattr(gz, "__file__", str(edited))
    after = gz._cache_path()
    assert before is not None and after is not None and before != after


def test_analyze_gazetteer_unreadable_cache_is_rebuilt(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gz, "_build_gazetteer", _small)
    path = gz._cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert _load().city("Zinder") == gz.City("Zinder", "NE", 235_000)
    with path.open("rb") as fh:
        assert isinstance(pickle.load(fh), gz.Gazetteer)  # rewritten


def test_analyze_gazetteer_no_cache_when_asked(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_NO_CACHE", "1")
    monkeypatch.setattr(gz, "_build_gazetteer", _small)
    assert gz._cache_path() is None
    assert _load().city("Agadez") is not None
    assert not (cache_home / "rashomon").exists()
