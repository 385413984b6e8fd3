"""The shared report view: sentence status, value formatting, safe links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.report.formatting import format_value, safe_url, split_around
from rashomon.report.view import build_view, fact_summary

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"low": 630, "high": 770}, "630–770"),
        ({"low": 900.0, "high": 1100.0}, "900–1,100"),
        ({"low": 1000, "high": 1000}, "1,000"),
        ({"low": "2024-04-12", "high": "2024-04-14"}, "2024-04-12–2024-04-14"),
        (0.5, "0.5"),
        ("Niamey", "Niamey"),
        (None, ""),
        ({"name": "x"}, '{"name": "x"}'),
    ],
)
def test_report_view_format_value(value: object, shown: str) -> None:
    assert format_value(value) == shown


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("examples/a.txt", None),
        (None, None),
    ],
)
def test_report_view_safe_url(url: object, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_report_view_split_around() -> None:
    assert split_around("about 700 men", "700") == ("about ", "700", " men")
    assert split_around("about 700 men", "800") == ("about 700 men", "", "")


def test_report_view_fact_summary_falls_back_to_claim_text() -> None:
    assert fact_summary({"id": "f1", "summary": "Troops"}) == "Troops"
    long = "word " * 40
    summary = fact_summary({"id": "f1", "claims": [{"text": long}]})
    assert summary.endswith("…") and len(summary) <= 90
    assert fact_summary({"id": "f9", "claims": []}) == "f9"


def test_report_view_small_report() -> None:
    view = build_view(json.loads((GOLDEN / "report-small.json").read_text(encoding="utf-8")))
    assert dict(view.counts) == {"contested": 1, "single_source": 3, "corroborated": 1}
    assert [s.status for s in view.articles[0].sentences] == [
        "none", "corroborated", "none", "none", "single_source", "single_source", "contested"]
    (conflict,) = view.conflicts
    assert [cell[0].value for cell in conflict.cells] == ["630–770", "900–1,100"]
    assert [f.id for f in view.outlets[1].omitted] == ["f3", "f5"]
    bazoum = view.entities[0]
    assert [v.text for v in bazoum.variants] == ["Mohammad Bazoum", "Mohamed Bazoum"]


def test_report_view_labels_disambiguate_shared_outlets() -> None:
    report = json.loads((GOLDEN / "report-small.json").read_text(encoding="utf-8"))
    report["articles"][1]["outlet"] = report["articles"][0]["outlet"]
    report["articles"][1]["copy_of"] = "a1"
    view = build_view(report)
    assert [a.label for a in view.articles] == ["Rossa Primavera News Agency (a1)", "Rossa Primavera News Agency (a2)"]
    assert view.articles[1].copy_of_label == "Rossa Primavera News Agency (a1)"


def test_report_view_tolerates_empty_report() -> None:
    view = build_view({"schema": "rashomon/report@1"})
    assert view.articles == () and view.n_facts == 0 and view.conflicts == ()


def test_report_view_every_renderer_handles_an_empty_report() -> None:
    from rashomon.report import render_html, render_markdown, render_text

    report = {"schema": "rashomon/report@1", "articles": [], "entities": [], "facts": [], "omissions": [],
              "framing": [], "loaded_language": [], "sources": [], "warnings": []}
    assert "No conflicting values." in render_html(report)
    assert "*No warnings.*" in render_markdown(report)
    assert "Summary" in render_text(report)
