"""The rich terminal report and its plain-text form."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from rich.console import Console

from rashomon.report.terminal import TEXT_WIDTH, render_terminal, render_text

GOLDEN = Path(__file__).parent / "golden"


def load(name: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    return report


def test_report_terminal_text_matches_golden() -> None:
    rendered = render_text(load("report-small.json"))
    golden = GOLDEN / "report-small.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_report_terminal_text_fits_width_without_colour() -> None:
    text = render_text(load("report-small.json"))
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= TEXT_WIDTH


def test_report_terminal_has_every_table() -> None:
    text = render_text(load("report-small.json"))
    for title in ("Articles", "Summary", "Conflicts", "Facts by status", "Single-source facts, per outlet",
                  "Omissions", "Entities and name variants", "Framing", "Loaded language", "Sources and sourcing", "Warnings"):
        assert f"\n{title}" in text, title
    assert "about 700 (630–770)" in text and "some 1,000 (900–1,100)" in text
    assert "“Mohammad Bazoum”" in text and "“Mohamed Bazoum”" in text
    assert "demonym" in text


def test_report_terminal_keeps_markup_in_article_text_literal() -> None:
    text = render_text(load("report-xss.json"))
    assert "[bold red]rich[/]" in text
    assert ":smile:" in text and "😄" not in text
    assert "onerror=alert(1)>" in text  # plain text: shown as written


def test_report_terminal_writes_to_given_console() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system="truecolor", force_terminal=True)
    render_terminal(load("report-small.json"), console)
    out = buffer.getvalue()
    assert "\x1b[" in out  # coloured on a terminal
    assert "contested" in out and "Rossa Primavera News Agency" in out


def wide(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    render_terminal(report, Console(file=buffer, width=400, color_system=None, emoji=False, highlight=False))
    return buffer.getvalue()


def test_report_terminal_shows_sourcing_origins_and_loaded_wording() -> None:
    report = load("report-small.json")
    report["facts"][1].update(independent_origins=1, origin_note="two outlets repeat one source: ORTN")
    text = wide(report)
    assert "⚑ 1 independent origin — two outlets repeat one source: ORTN" in text
    assert "33% of body sentences" in text and "Credited wire: AFP" in text
    assert "“ruling junta”" in text and "Loaded labels" in text
    assert "ORTN (Niger state broadcaster)" in text


def test_report_terminal_keeps_markup_in_new_sections_literal() -> None:
    report = load("report-xss.json")
    report["sources"][0]["name"] = "Source [bold]x[/] :smile:"
    report["framing"][0]["note"] = "note [red]y[/red]"
    out = wide(report)
    assert "Source [bold]x[/] :smile:" in out and "note [red]y[/red]" in out
    assert "Origin <script>alert(1)</script>" in out
