"""`rashomon compare` end to end, in-process: the Niger example, every format, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rashomon.cli import main
from rashomon.report.schema import validate_report

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def niger_report(niger_sources: list[str]) -> dict:
    result = CliRunner().invoke(main, ["compare", *niger_sources, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _assert_clean_failure(result: Result, code_prefix: str = "R1") -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"rashomon: [{code_prefix}"), result.stderr


# -- the Niger example --------------------------------------------------------

def test_cli_compare_json_follows_the_contract(niger_report: dict) -> None:
    validate_report(niger_report)
    assert niger_report["schema"] == "rashomon/report@1"
    assert [a["id"] for a in niger_report["articles"]] == ["a1", "a2"]
    assert [a["outlet"] for a in niger_report["articles"]] == ["Rossa Primavera News Agency", "The Moscow Times"]


def test_cli_compare_niger_troop_count_is_contested(niger_report: dict) -> None:
    contested = [f for f in niger_report["facts"] if f["status"] == "contested"]
    assert contested
    quantity = [c for f in contested for c in f["conflicts"] if c["kind"] == "quantity"]
    texts = [" ".join(v["text"] for v in c["values"]) for c in quantity]
    assert any("700" in t and "1,000" in t for t in texts), texts


def test_cli_compare_claims_are_verbatim(niger_report: dict) -> None:
    sentences = {a["id"]: {s["i"]: s["text"] for s in a["sentences"]} for a in niger_report["articles"]}
    for fact in niger_report["facts"]:
        for claim in fact["claims"]:
            assert claim["text"] in sentences[claim["article"]][claim["sentence"]]


def test_cli_compare_omissions_point_at_facts(niger_report: dict) -> None:
    facts = {f["id"]: f for f in niger_report["facts"]}
    for om in niger_report["omissions"]:
        assert om["article"] not in {c["article"] for c in facts[om["fact"]]["claims"]}


def test_cli_compare_default_format_off_a_terminal_is_json(runner: CliRunner, niger_sources: list[str]) -> None:
    result = runner.invoke(main, ["compare", *niger_sources])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == "rashomon/report@1"


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_cli_compare_other_formats_run(runner: CliRunner, niger_sources: list[str], fmt: str) -> None:
    result = runner.invoke(main, ["compare", *niger_sources, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "The Moscow Times" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("json", '"schema": "rashomon/report@1"'),
                                             ("html", "<!doctype html>"),
                                             ("md", "# "),
                                             ("text", "The Moscow Times")])
def test_cli_compare_output_file(runner: CliRunner, niger_sources: list[str], tmp_path: Path, fmt: str,
                                 marker: str) -> None:
    out = tmp_path / "out" / f"report.{fmt}"
    result = runner.invoke(main, ["compare", *niger_sources, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    assert marker in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no .tmp left behind


# -- HTML never runs article text -----------------------------------------------

class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_script = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "script":
            self.in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data) -> None:
        if self.in_script:
            self.scripts[-1] += data


def test_cli_compare_html_escapes_script_in_article(runner: CliRunner, niger_sources: list[str],
                                                    tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        f"# Troops {XSS} in Niger\n\n"
        f"NIAMEY (AFP) — About 700 US servicemen {XSS} are still stationed in Niger, officials said.\n",
        encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["compare", str(hostile), niger_sources[0], "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped
    parser = _Scripts()
    parser.feed(html)
    assert all("alert(1)" not in s for s in parser.scripts)


# -- bad input -----------------------------------------------------------------

@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return {"missing": str(tmp_path / "missing.txt"), "empty": str(tmp_path / "empty.txt"),
            "binary": str(tmp_path / "binary.txt")}


@pytest.mark.parametrize(("kind", "code"), [("missing", "R101"), ("empty", "R102"), ("binary", "R103")])
def test_cli_compare_bad_input_one_coded_line(runner: CliRunner, niger_sources: list[str],
                                              bad_files: dict[str, str], kind: str, code: str) -> None:
    result = runner.invoke(main, ["compare", bad_files[kind], niger_sources[0]])
    _assert_clean_failure(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rashomon: [{code}] {bad_files[kind]}")
    assert result.stdout == ""


def test_cli_compare_one_article_is_too_few(runner: CliRunner, niger_sources: list[str]) -> None:
    result = runner.invoke(main, ["compare", niger_sources[0]])
    _assert_clean_failure(result)
    assert result.exit_code == 2
    assert result.stderr.startswith("rashomon: [R107]")


def test_cli_compare_folder_with_one_good_and_one_bad_file(runner: CliRunner, niger_sources: list[str],
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(Path(niger_sources[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\xff\x00" * 300)
    result = runner.invoke(main, ["compare", str(folder)])
    _assert_clean_failure(result)
    assert "bad.txt" in result.stderr


def test_cli_compare_partial_run_still_reports(runner: CliRunner, niger_sources: list[str],
                                               bad_files: dict[str, str]) -> None:
    result = runner.invoke(main, ["compare", *niger_sources, bad_files["binary"], "--format", "json"])
    assert result.exit_code == 2  # partial: report written, one input failed
    assert "Traceback" not in result.output
    assert result.stderr.startswith("rashomon: [R103]")
    report = json.loads(result.stdout)
    validate_report(report)
    assert len(report["articles"]) == 2


def test_cli_compare_unknown_embedding_model_is_a_model_error(runner: CliRunner,
                                                               niger_sources: list[str]) -> None:
    result = runner.invoke(main, ["compare", *niger_sources, "--embedding-model", "no-such-model"])
    _assert_clean_failure(result, "R300")
    assert result.exit_code == 4


def test_cli_compare_bad_setting_is_a_config_error(runner: CliRunner, niger_sources: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_FETCH_TIMEOUT", "soon")
    result = runner.invoke(main, ["compare", *niger_sources])
    _assert_clean_failure(result, "R400")
    assert result.exit_code == 2
    assert "RASHOMON_FETCH_TIMEOUT" in result.stderr


def test_cli_compare_bad_input_stderr_is_one_line_in_a_real_process(niger_sources: list[str],
                                                                    tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "rashomon.cli", "compare", missing, niger_sources[0]],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"rashomon: [R101] {missing}: no such file or directory"]


# -- start-up time ------------------------------------------------------------

def test_cli_compare_one_shot_gc_restores_the_collector() -> None:
    import gc

    from rashomon.cli import _one_shot_gc

    before = gc.get_threshold()
    try:
        with _one_shot_gc():
            assert gc.get_threshold()[0] == 0  # no automatic collections while the command runs
            gc.enable()  # what srsly does after each msgpack read: must not turn collection back on
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_cli_compare_json_report_needs_no_renderer() -> None:
    """The JSON path imports neither the HTML/Markdown/terminal renderers nor jinja2 and rich."""
    code = ("import sys, rashomon.cli, rashomon.report.jsonreport\n"
            "from rashomon.report import ReportInvalid\n"
            "loaded = sorted(m for m in sys.modules if m.startswith(('rashomon.report.', 'jinja2', 'rich')))\n"
            "print(' '.join(loaded))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.split() == ["rashomon.report.jsonreport", "rashomon.report.schema"]
