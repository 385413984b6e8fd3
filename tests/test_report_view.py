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
        ({"first": "2023-12-01", "last": "2023-12-31", "value": "2023-12"}, "2023-12"),
        ({"first": "2024-04-11", "last": "2024-04-11"}, "2024-04-11"),
        ({"first": "2024-04-11", "last": "2024-04-12"}, "2024-04-11–2024-04-12"),
        ({"low": 20, "high": 20, "unit": "km"}, "20 km"),
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


def small() -> dict:
    report: dict = json.loads((GOLDEN / "report-small.json").read_text(encoding="utf-8"))
    return report


def test_report_view_origins_badge() -> None:
    report = small()
    report["facts"][1].update(independent_origins=1, origin_note="two outlets repeat one source: ORTN")
    report["facts"][0].update(independent_origins=3, origin_note=None)
    view = build_view(report)
    facts = {f.id: f for _, fs in view.facts_by_status for f in fs}
    assert facts["f2"].origins == "1 independent origin — two outlets repeat one source: ORTN"
    assert facts["f1"].origins is None and facts["f1"].origin_count == "3 independent origins"
    assert facts["f3"].origins is None and facts["f3"].origin_count is None  # 1 origin, 1 source: nothing to say
    assert facts["f5"].independent_origins is None  # field absent: tolerated
    assert view.conflicts[0].origins is None


def test_report_view_sourcing_from_report() -> None:
    view = build_view(small())
    a1, a2 = view.sourcing
    assert (a1.attributed, a1.unattributed, a1.body_sentences) == ((1, 2), (3, 4, 5, 6), 6)
    assert a1.share_label == "33% of body sentences attributed (2 of 6)" and a1.credited_wire is None
    assert [g.heading for g in a1.groups] == ["Officials", "State media"]
    assert [g.heading for g in a2.groups] == ["State media", "News agencies"]
    assert a2.credited_wire == "AFP" and a2.groups[1].sources[0].shown_name == "AFP"
    # ORTN is shared (RTN TV, Tele Sahel); each article also relies on something the other does not.
    assert [o.origin for o in view.shared_origins] == ["ORTN (Niger state broadcaster)"]
    assert [o.origin for o in a1.alone] == ["Russian Defense Ministry’s African Corps"]
    assert [o.origin for o in a2.alone] == ["AFP"]
    assert a1.groups[1].sources[0].shown_origin == "ORTN (Niger state broadcaster)"


def test_report_view_sourcing_worked_out_without_summary() -> None:
    report = small()
    del report["sourcing"]
    for s in report["sources"]:
        s.pop("origin"), s.pop("credited")
    view = build_view(report)
    a1, a2 = view.sourcing
    assert a1.attributed == (1, 2) and a1.unattributed == (3, 4, 5, 6) and a1.share == 2 / 6
    assert a2.credited_wire == "AFP"  # from the article's origin
    # Without origins, sources match across articles only by name.
    assert view.shared_origins == ()
    assert [o.origin for o in a2.alone] == ["Tele Sahel", "AFP (credited wire)"]


def test_report_view_loaded_grouped_and_split_at_offsets() -> None:
    report = small()
    sentence = report["articles"][1]["sentences"][1]
    # "junta" alone, at its own offset (the sentence has only one, but the offset decides).
    at = sentence["text"].index("junta")
    report["loaded_language"].append({"article": "a2", "sentence": 1, "text": "junta", "start": sentence["start"] + at,
                                      "end": sentence["start"] + at + 5, "kind": "label", "note": ""})
    view = build_view(report)
    a1, a2 = view.loaded_by_article
    assert [g.heading for g in a1.groups] == ["Unsupported attributions"]
    assert [len(g.items) for g in a2.groups] == [2] and a2.count == 2
    item = a2.groups[0].items[1]
    assert (item.match, item.after, item.note) == ("junta", ".", None)
    assert view.framing[0].terms[1][1].sentence == 1 and view.framing[0].note
