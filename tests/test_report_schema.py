"""The JSON Schema of rashomon/report@1 and validate_report()."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon.errors import RashomonError
from rashomon.report.schema import ReportInvalid, load_schema, validate_report

GOLDEN = Path(__file__).parent / "golden"


def minimal_report() -> dict[str, Any]:
    """The smallest report that exercises every object type, built by hand."""
    sentence = {"i": 0, "start": 0, "end": 23, "text": "About 700 troops serve.", "role": "body"}
    claim = {"article": "a1", "sentence": 0, "text": "About 700 troops serve.", "start": 0, "end": 23}
    return {
        "schema": "rashomon/report@1",
        "articles": [
            {"id": "a1", "source": "one.txt", "outlet": "One", "origin": None, "title": None,
             "published": "2024-04-13", "language": "en", "copy_of": None, "sentences": [sentence]},
            {"id": "a2", "source": "two.txt", "outlet": None, "origin": "AFP", "title": "Two",
             "published": None, "language": "en", "copy_of": "a1", "sentences": []},
        ],
        "entities": [{"id": "e1", "name": "Niger", "type": "GPE",
                      "mentions": [{"article": "a1", "sentence": 0, "text": "Niger", "start": 0, "end": 5}]}],
        "facts": [{"id": "f1", "status": "contested", "claims": [claim], "independent_sources": 1,
                   "conflicts": [{"kind": "quantity", "values": [
                       {"article": "a1", "text": "About 700", "value": {"low": 630, "high": 770}}]}]}],
        "omissions": [{"article": "a2", "fact": "f1"}],
        "framing": [{"refers_to": None, "label": "x", "terms": [{"article": "a1", "text": "junta"}]}],
        "loaded_language": [{"article": "a1", "sentence": 0, "text": "About", "start": 0, "end": 5,
                             "kind": "hedge", "note": None}],
        "sources": [{"article": "a1", "name": "army", "kind": "official", "affiliation": None, "sentences": [0]}],
        "warnings": [{"article": "a1", "kind": "demonym", "text": "Nigerian", "message": "check"}],
    }


def invalid_path(report: dict[str, Any]) -> str:
    with pytest.raises(ReportInvalid) as info:
        validate_report(report)
    return info.value.path


def test_report_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_report_schema_minimal_report_validates() -> None:
    validate_report(minimal_report())


@pytest.mark.parametrize("name", ["report-small.json", "report-xss.json"])
def test_report_schema_fixtures_validate(name: str) -> None:
    validate_report(json.loads((GOLDEN / name).read_text(encoding="utf-8")))


def test_report_schema_allows_added_fields() -> None:
    report = minimal_report()
    report["extra"] = {"anything": 1}
    report["facts"][0]["summary"] = "Troops"
    report["facts"][0]["claims"][0].update(hedged=True, negated=False, attribution={"speaker": None, "cue": None})
    report["articles"][0].update(byline="AFP", url="https://example.org/a", warnings=["truncated"])
    report["generated_by"] = {"tool": "rashomon", "version": "0.1.0"}
    validate_report(report)


def test_report_schema_missing_schema_field_fails_at_root() -> None:
    report = minimal_report()
    del report["schema"]
    with pytest.raises(ReportInvalid) as info:
        validate_report(report)
    assert info.value.path == "$"
    assert "'schema' is a required property" in str(info.value)


def test_report_schema_error_is_coded_rashomon_error() -> None:
    report = minimal_report()
    report["facts"][0]["status"] = "maybe"
    with pytest.raises(RashomonError) as info:
        validate_report(report)
    assert info.value.code == "R500"
    assert str(info.value).startswith("[R500] $.facts[0].status: 'maybe' is not one of")


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda r: r.update(schema="rashomon/report@2"), "$.schema"),
        (lambda r: r["facts"][0].update(status="disputed"), "$.facts[0].status"),
        (lambda r: r["facts"][0]["conflicts"][0].update(kind="colour"), "$.facts[0].conflicts[0].kind"),
        (lambda r: r["articles"][0]["sentences"][0].update(role="footer"), "$.articles[0].sentences[0].role"),
        (lambda r: r["loaded_language"][0].update(kind="spin"), "$.loaded_language[0].kind"),
        (lambda r: r["sources"][0].update(kind="blogger"), "$.sources[0].kind"),
        (lambda r: r["articles"][1].pop("copy_of"), "$.articles[1]"),
        (lambda r: r["facts"][0].update(claims=[]), "$.facts[0].claims"),
        (lambda r: r["articles"][0].update(id="x1"), "$.articles[0].id"),
        (lambda r: r["facts"][0].update(independent_sources="two"), "$.facts[0].independent_sources"),
        (lambda r: r["omissions"][0].pop("fact"), "$.omissions[0]"),
        (lambda r: r["warnings"][0].pop("message"), "$.warnings[0]"),
    ],
)
def test_report_schema_rejects_with_json_path(mutate: Any, path: str) -> None:
    report = copy.deepcopy(minimal_report())
    mutate(report)
    assert invalid_path(report) == path
