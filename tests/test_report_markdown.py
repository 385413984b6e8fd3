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
                                     "## Sources each article relies on", "## Warnings"])
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
