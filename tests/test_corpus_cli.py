"""The kept corpus through the CLI: ingest (idempotent), events, search, compare --event."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from rashomon.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output, result.stderr if hasattr(result, "stderr") else ""


def test_corpus_cli_ingest_events_compare(tmp_path):
    db = str(tmp_path / "corpus.db")
    code, out, _ = run("ingest", str(ROOT / "examples"), "--db", db, "--no-progress")
    assert code == 0, out
    assert "added 2, duplicates 0" in out
    code, out, _ = run("ingest", str(ROOT / "examples"), "--db", db, "--no-progress")
    assert code == 0 and "added 0, duplicates 2" in out  # same articles again: stored once
    code, out, _ = run("events", "--db", db, "--format", "json")
    assert code == 0
    events = json.loads(out)
    assert len(events) == 1 and events[0]["articles"] == 2
    assert set(events[0]["outlets"]) == {"Rossa Primavera News Agency", "The Moscow Times"}
    code, out, _ = run("compare", "--event", events[0]["id"], "--db", db, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert len(report["articles"]) == 2
    kinds = {k["kind"] for f in report["facts"] if f["status"] == "contested" for k in f["conflicts"]}
    assert {"quantity", "date"} <= kinds
    code, out, _ = run("search", "air defense", "--db", db)
    assert code == 0 and "Air" in out


def test_corpus_cli_bad_file_is_reported_and_the_rest_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "examples", corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, err = run("ingest", str(corpus), "--db", str(tmp_path / "c.db"), "--no-progress")
    assert code == 2
    assert "added 2" in out and "failed 1" in out
    assert "Traceback" not in out + err


def test_corpus_cli_unknown_event_is_a_one_line_error(tmp_path):
    db = str(tmp_path / "c.db")
    run("ingest", str(ROOT / "examples"), "--db", db, "--no-progress")
    code, out, err = run("compare", "--event", "nope", "--db", db)
    assert code != 0
    assert "R707" in out + err and "Traceback" not in out + err
