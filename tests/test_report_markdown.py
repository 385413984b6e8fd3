"""The Markdown report: sections, escaping, golden output."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from rashomon.report.markdown import escape_markdown, render_markdown

GOLDEN = Path(__file__).parent / "golden"


def load(name: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    return report


def to_html(markdown: str) -> str:
    # Raw HTML enabled on purpose: escaping must hold even where a renderer allows it.
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_report_markdown_matches_golden() -> None:
    rendered = render_markdown(load("report-small.json"))
    golden = GOLDEN / "report-small.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("heading", ["## Articles", "## Summary", "## Articles side by side", "## Conflicts",
                                     "## Facts by status", "## Single-source facts and omissions, per outlet",
                                     "## Entities and their name variants", "## Framing", "## Loaded language",
                                     "## Sources and sourcing", "## Warnings"])
def test_report_markdown_has_every_section(heading: str) -> None:
    assert re.search(rf"^{re.escape(heading)}", render_markdown(load("report-small.json")), re.MULTILINE)


def test_report_markdown_conflict_table_quotes_values() -> None:
    md = render_markdown(load("report-small.json"))
    row = next(line for line in md.splitlines() if line.startswith("| Number of US troops"))
    assert "**about 700** (630–770)" in row and "**some 1,000** (900–1,100)" in row
    assert "“At the moment, **about 700** US servicemen are still stationed in Niger.”" in row


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("[link](javascript:x)", "\\[link\\](javascript:x)"),
        ("`code` ~~s~~ & #", "\\`code\\` \\~\\~s\\~\\~ &amp; \\#"),
        ("two\nlines\r\n| x", "two lines \\| x"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_report_markdown_escape(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_report_markdown_article_text_cannot_inject_markup() -> None:
    md = render_markdown(load("report-xss.json"))
    assert "<" not in md  # raw HTML never reaches the Markdown
    html = to_html(md)
    assert "<script" not in html and "<img" not in html
    assert "<em>are</em>" not in html and "<a href" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_markdown_pipes_do_not_break_tables() -> None:
    md = render_markdown(load("report-xss.json"))
    html = to_html(md)
    # The conflicts table keeps its four columns although a quoted sentence holds a "|".
    table = html.split('<h2>Conflicts</h2>', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    assert len(rows) == 2
    assert all(len(re.findall(r"<t[hd]>", row)) == 4 for row in rows)
    assert "servicemen | " in table


def test_report_markdown_sourcing_and_origins() -> None:
    report = load("report-small.json")
    report["facts"][1].update(independent_origins=1, origin_note="two outlets repeat one source: ORTN")
    md = render_markdown(report)
    assert "  - ⚑ *Caution:* 1 independent origin — two outlets repeat one source: ORTN" in md
    sources = md.split("## Sources and sourcing", 1)[1].split("\n## ", 1)[0]
    assert "- **Attributed:** 33% of body sentences attributed (2 of 6)" in sources
    assert "- **Unattributed:** 4 body sentences (3, 4, 5, 6)" in sources
    assert "- **Credited wire:** AFP" in sources
    assert "- **ORTN (Niger state broadcaster)** — Rossa Primavera News Agency: “RTN TV”" in sources
    assert "**State media (1)**" in sources and "- Tele Sahel (Niger; origin: ORTN (Niger state broadcaster)) — sentences 2, 3" in sources
    assert "- AFP (credited wire) — sentences 4, 5" in sources
    loaded = md.split("## Loaded language", 1)[1].split("\n## ", 1)[0]
    assert "**Loaded labels (1)**" in loaded and "ruling **junta**" not in loaded
    assert "Niger's **ruling junta**.” — a loaded name for an actor; sentence 1" in loaded
    framing = md.split("## Framing", 1)[1].split("\n## ", 1)[0]
    assert "*different words for the same referent" in framing and "“military authorities” (5)" in framing


def test_report_markdown_new_sections_escape_payloads() -> None:
    md = render_markdown(load("report-xss.json"))
    assert "<" not in md
    html = to_html(md)
    assert "<script" not in html and "<img" not in html
    for section in ("Framing", "Loaded language", "Sources and sourcing"):
        part = html.split(f"<h2>{section}", 1)[1].split("<h2>", 1)[0]
        assert "&lt;script&gt;" in part or "&lt;img" in part, section
