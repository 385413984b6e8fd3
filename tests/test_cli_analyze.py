"""`rashomon analyze` end to end, in-process: the Niger example and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rashomon.cli import main


@pytest.fixture(scope="module")
def niger_analysis(niger_sources: list[str]) -> dict:
    result = CliRunner().invoke(main, ["analyze", *niger_sources, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _article(data: dict, outlet: str) -> dict:
    return next(a for a in data["articles"] if a["outlet"] == outlet)


def _sentence(article: dict, needle: str) -> dict:
    return next(s for s in article["sentences"] if needle in s["text"])


def _assert_clean_failure(result: Result) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines and lines[0].startswith("rashomon: [R1"), result.stderr


# -- the Niger example --------------------------------------------------------

def test_cli_analyze_niger_outlets_origins_dates(niger_analysis: dict) -> None:
    assert niger_analysis["schema"] == "rashomon/analysis@1"
    rossa = _article(niger_analysis, "Rossa Primavera News Agency")
    mt = _article(niger_analysis, "The Moscow Times")
    assert [rossa["id"], mt["id"]] == ["a1", "a2"]
    assert rossa["published"] == "2024-04-13"
    assert mt["published"] == "2024-04-12"
    assert mt["origin"] == "AFP"


def test_cli_analyze_niger_caption_sentence(niger_analysis: dict) -> None:
    mt = _article(niger_analysis, "The Moscow Times")
    caption = [s for s in mt["sentences"] if s["role"] == "caption"]
    assert len(caption) == 1
    cap = caption[0]
    assert "Mohamed Bazoum" in cap["text"] and "ruling junta" in cap["text"]
    assert any(m["sentence"] == cap["i"] for m in mt["mentions"]), "no entity mention in the caption"


def test_cli_analyze_niger_sentence_offsets(niger_analysis: dict) -> None:
    for article in niger_analysis["articles"]:
        for s in article["sentences"]:
            assert s["end"] - s["start"] == len(s["text"])


@pytest.mark.parametrize("furniture", ["Sam Mednick", "Related article", "Original url"])
def test_cli_analyze_niger_furniture_not_in_sentences(niger_analysis: dict, furniture: str) -> None:
    for article in niger_analysis["articles"]:
        for s in article["sentences"]:
            assert furniture.lower() not in s["text"].lower(), (article["id"], s["text"])


def test_cli_analyze_niger_time_expressions(niger_analysis: dict) -> None:
    rossa = _article(niger_analysis, "Rossa Primavera News Agency")
    mt = _article(niger_analysis, "The Moscow Times")
    december = next(t for t in rossa["times"] if t["text"] == "last December")
    assert (december["first"], december["last"]) == ("2023-12-01", "2023-12-31")
    january = next(t for t in mt["times"] if t["text"] in ("in January", "January"))
    assert (january["first"], january["last"]) == ("2024-01-01", "2024-01-31")


def test_cli_analyze_niger_quantities(niger_analysis: dict) -> None:
    rossa = _article(niger_analysis, "Rossa Primavera News Agency")
    mt = _article(niger_analysis, "The Moscow Times")
    about_700 = next(q for q in rossa["quantities"] if q["text"] == "about 700")
    some_1000 = next(q for q in mt["quantities"] if q["text"] == "some 1,000")
    assert (about_700["low"], about_700["high"]) == (630, 770)
    assert (some_1000["low"], some_1000["high"]) == (900, 1100)
    assert about_700["high"] < some_1000["low"], "the two troop counts must not overlap"


def test_cli_analyze_niger_bazoum_spellings_linked(niger_analysis: dict) -> None:
    def spells(entity: dict, name: str) -> bool:
        return any(name in m["text"] for m in entity["mentions"])

    linked = [e for e in niger_analysis["entities"]
              if spells(e, "Mohammad Bazoum") and spells(e, "Mohamed Bazoum")]
    assert len(linked) == 1
    assert {m["article"] for m in linked[0]["mentions"]} == {"a1", "a2"}


def test_cli_analyze_niger_demonym_warning(niger_analysis: dict) -> None:
    warnings = niger_analysis["warnings"]
    hit = [w for w in warnings if w["kind"] == "demonym" and "Nigerian government" in w["text"]]
    assert hit and hit[0]["article"] == _article(niger_analysis, "Rossa Primavera News Agency")["id"]
    assert "Niger" in hit[0]["message"]


def test_cli_analyze_niger_attribution_of_quote(niger_analysis: dict) -> None:
    rossa = _article(niger_analysis, "Rossa Primavera News Agency")
    quote = _sentence(rossa, "quality training")
    speakers = [x["speaker"] or "" for x in rossa["attributions"] if x["sentence"] == quote["i"]]
    assert any("Amadou Abdraman" in s for s in speakers), speakers


def test_cli_analyze_text_format(runner: CliRunner, niger_sources: list[str]) -> None:
    result = runner.invoke(main, ["analyze", *niger_sources, "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "Rossa Primavera News Agency" in result.stdout
    assert "'last December' -> 2023-12-01..2023-12-31" in result.stdout
    assert "entities:" in result.stdout


def test_cli_analyze_output_file(runner: CliRunner, niger_sources: list[str], tmp_path: Path) -> None:
    out = tmp_path / "sub" / "analysis.json"
    result = runner.invoke(main, ["analyze", niger_sources[0], "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["outlet"] for a in data["articles"]] == ["Rossa Primavera News Agency"]
    assert not (tmp_path / "sub" / "analysis.json.tmp").exists()


def test_cli_analyze_stdin(runner: CliRunner, niger_sources: list[str]) -> None:
    text = Path(niger_sources[0]).read_text(encoding="utf-8")
    result = runner.invoke(main, ["analyze", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"][0]["outlet"] == "Rossa Primavera News Agency"


# -- bad input -----------------------------------------------------------------

@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return {"missing": str(tmp_path / "missing.txt"), "empty": str(tmp_path / "empty.txt"),
            "binary": str(tmp_path / "binary.txt")}


@pytest.mark.parametrize(("kind", "code"), [("missing", "R101"), ("empty", "R102"), ("binary", "R103")])
def test_cli_analyze_bad_input_one_coded_line(runner: CliRunner, bad_files: dict[str, str], kind: str,
                                              code: str) -> None:
    result = runner.invoke(main, ["analyze", bad_files[kind]])
    _assert_clean_failure(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rashomon: [{code}] {bad_files[kind]}")
    assert result.stdout == ""


def test_cli_analyze_bad_input_message_printed_once(runner: CliRunner, bad_files: dict[str, str]) -> None:
    result = runner.invoke(main, ["analyze", bad_files["missing"]])
    assert len([ln for ln in result.stderr.splitlines() if ln.strip()]) == 1, result.stderr


def test_cli_analyze_partial_run_prints_good_article(runner: CliRunner, niger_sources: list[str],
                                                     bad_files: dict[str, str]) -> None:
    result = runner.invoke(main, ["analyze", niger_sources[0], bad_files["binary"], "--format", "json"])
    assert result.exit_code == 2  # partial: output written, some input failed
    assert "Traceback" not in result.output
    assert result.stderr.startswith("rashomon: [R103]")
    data = json.loads(result.stdout)
    assert [a["outlet"] for a in data["articles"]] == ["Rossa Primavera News Agency"]


def test_cli_analyze_folder_with_one_bad_file(runner: CliRunner, niger_sources: list[str],
                                              tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(Path(niger_sources[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 300)
    result = runner.invoke(main, ["analyze", str(folder), "--format", "text"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith("rashomon: [R103]") and "bad.txt" in result.stderr
    assert "Rossa Primavera News Agency" in result.stdout

