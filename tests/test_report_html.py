"""The self-contained HTML report: sections, sentence status, escaping."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from rashomon.report.html import render_html

GOLDEN = Path(__file__).parent / "golden"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """Every element with its attributes and the text under it, for assertions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.text_by_id: dict[str, str] = {}
        self.open_ids: list[tuple[str, str]] = []
        self.contents: dict[str, list[str]] = {}
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.by_id[str(attributes["id"])] = attributes
            self.open_ids.append((tag, str(attributes["id"])))
            self.text_by_id[str(attributes["id"])] = ""
        if tag not in ("meta", "br", "link", "img", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if self.open_ids and self.open_ids[-1][0] == tag and tag not in self.stack:
            self.open_ids.pop()

    def handle_data(self, data: str) -> None:
        for _, element_id in self.open_ids:
            self.text_by_id[element_id] += data
        if self.stack and self.stack[-1] in ("script", "style"):
            self.contents.setdefault(self.stack[-1], []).append(data)


def load(name: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    return report


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def small_html() -> str:
    return render_html(load("report-small.json"))


@pytest.fixture(scope="module")
def xss_html() -> str:
    return render_html(load("report-xss.json"))


def test_report_html_parses_as_one_document(small_html: str) -> None:
    assert small_html.startswith("<!doctype html>")
    page = parse(small_html)
    assert [t for t, _ in page.tags].count("html") == 1
    assert page.stack == []  # every element closed


def test_report_html_is_self_contained(small_html: str) -> None:
    page = parse(small_html)
    tags = [t for t, _ in page.tags]
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert all("src" not in attrs for _, attrs in page.tags)
    assert "@import" not in small_html and "url(" not in small_html


def test_report_html_csp_pins_inline_style_and_script(small_html: str) -> None:
    page = parse(small_html)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        body = "".join(page.contents[kind])
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


@pytest.mark.parametrize("section", ["summary", "articles", "conflicts", "facts", "outlets", "entities", "framing",
                                     "loaded", "sources", "warnings"])
def test_report_html_has_every_section(small_html: str, section: str) -> None:
    assert section in parse(small_html).by_id


def test_report_html_sections_show_the_small_report(small_html: str) -> None:
    page = parse(small_html)
    text = page.text_by_id
    assert "about 700" in text["conflicts"] and "some 1,000" in text["conflicts"]
    assert "630–770" in text["conflicts"] and "900–1,100" in text["conflicts"]
    # <q> supplies the quotation marks, so the text has none.
    assert "Mohammad Bazoum" in text["entities"] and "Mohamed Bazoum" in text["entities"]
    assert "2 variants" in text["entities"]
    assert "ruling junta" in text["framing"] and "military authorities" in text["framing"]
    assert "Nigerian government" in text["warnings"] and "demonym" in text["warnings"]
    assert "Under French influence" in text["loaded"]
    assert "Tele Sahel" in text["sources"]
    assert "Only in this article (2)" in text["outlets"] and "Left out, reported by others (2)" in text["outlets"]
    assert re.search(r"1\s*⚠\s*contested", text["summary"])
    assert re.search(r"3\s*●\s*single-source", text["summary"])
    assert re.search(r"1\s*conflict\b", text["summary"])
    assert "AFP" in text["card-a2"] and "2024-04-12" in text["card-a2"]


def test_report_html_legend_has_text_labels(small_html: str) -> None:
    page = parse(small_html)
    legend = next(i for i, (t, a) in enumerate(page.tags) if t == "ul" and a.get("aria-label") == "Legend")
    assert legend >= 0
    section = page.text_by_id["articles"]
    for icon, label in (("✓", "corroborated"), ("⚠", "contested"), ("●", "single-source")):
        assert f"{icon}{label}" in section.replace(" ", "")
    assert "Caption" in section


def status_of(page: Page, element_id: str) -> tuple[set[str], str | None]:
    attrs = page.by_id[element_id]
    return set(str(attrs.get("class")).split()), attrs.get("data-facts")


def test_report_html_sentence_status_classes(small_html: str) -> None:
    page = parse(small_html)
    expected = {
        "a1-s0": ("st-none", "role-title", None), "a1-s1": ("st-corroborated", "role-body", "f2"),
        "a1-s2": ("st-none", "role-body", None), "a1-s4": ("st-single_source", "role-body", "f3"),
        "a1-s6": ("st-contested", "role-body", "f1"), "a2-s1": ("st-none", "role-caption", None),
        "a2-s5": ("st-contested", "role-body", "f1"), "a2-s4": ("st-single_source", "role-body", "f4"),
    }
    for element_id, (status, role, facts) in expected.items():
        classes, data_facts = status_of(page, element_id)
        assert {status, role} <= classes, element_id
        assert data_facts == facts, element_id
        assert (page.by_id[element_id].get("tabindex") == "0") == (facts is not None)


def test_report_html_sentence_takes_worst_status_of_its_facts() -> None:
    report = load("report-small.json")
    corroborated = report["facts"][1]
    assert corroborated["status"] == "corroborated"
    # The contested sentence a1-s6 and the single-source a1-s4 also carry the corroborated fact.
    for i in (6, 4):
        sentence = report["articles"][0]["sentences"][i]
        corroborated["claims"].append({"article": "a1", "sentence": i, "text": sentence["text"],
                                       "start": sentence["start"], "end": sentence["end"]})
    page = parse(render_html(report))
    assert status_of(page, "a1-s6") == ({"s", "st-contested", "role-body"}, "f1 f2")
    assert status_of(page, "a1-s4") == ({"s", "st-single_source", "role-body"}, "f2 f3")


def test_report_html_highlight_links_claims_across_articles(small_html: str) -> None:
    page = parse(small_html)
    holders = [a.get("id") for _, a in page.tags if "f1" in str(a.get("data-facts") or "").split()]
    assert {"a1-s6", "a2-s5"} <= set(holders)
    assert "addEventListener" in small_html and "CSS.escape" in small_html


def test_report_html_escapes_report_text(xss_html: str) -> None:
    assert SCRIPT not in xss_html
    assert "<img" not in xss_html
    assert "onerror=alert(1)>" not in xss_html
    escaped_script = "&lt;script&gt;alert(1)&lt;/script&gt;"
    escaped_img = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
    # title, outlet (cards, headings, table heads…), sentence, entity, warning, framing, source, byline
    assert xss_html.count(escaped_script) >= 8
    assert xss_html.count(escaped_img) >= 6
    page = parse(xss_html)
    tags = [t for t, _ in page.tags]
    assert tags.count("script") == 1 and "img" not in tags
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]


@pytest.mark.parametrize("where", ["title", "outlet", "sentence", "entity", "warning"])
def test_report_html_payload_is_shown_as_text(xss_html: str, where: str) -> None:
    page = parse(xss_html)
    places = {"title": "card-a1", "outlet": "col-a2", "sentence": "a1-s6", "entity": "entities",
              "warning": "warnings"}
    text = page.text_by_id[places[where]]
    assert SCRIPT in text or IMG in text


def test_report_html_links_only_http_urls(xss_html: str) -> None:
    hrefs = [str(a["href"]) for t, a in parse(xss_html).tags if t == "a" and "href" in a]
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs)
    assert "javascript:" not in xss_html


def test_report_html_survives_dangling_references() -> None:
    report = copy.deepcopy(load("report-small.json"))
    report["omissions"].append({"article": "a9", "fact": "f99"})
    report["facts"][2]["claims"][0]["article"] = "a7"
    report["framing"][0]["refers_to"] = "e99"
    html = render_html(report)
    assert "Number of US troops in Niger" in html


def test_report_html_origin_badge_in_facts_and_conflicts() -> None:
    report = copy.deepcopy(load("report-small.json"))
    report["facts"][0].update(independent_origins=1, origin_note="two outlets repeat one source: ORTN")
    page = parse(render_html(report))
    badge = "1 independent origin — two outlets repeat one source: ORTN"
    assert badge in page.text_by_id["conflicts"]
    assert badge in page.text_by_id["facts"]
    classes = [str(a.get("class")) for _, a in page.tags]
    assert "origin-note" in classes


def test_report_html_origin_count_without_note_is_quiet(small_html: str) -> None:
    # independent_origins equal to independent_sources adds nothing to say.
    assert "independent origin" not in parse(small_html).text_by_id["facts"]


def test_report_html_sourcing_section(small_html: str) -> None:
    page = parse(small_html)
    a1, a2 = page.text_by_id["sourcing-a1"], page.text_by_id["sourcing-a2"]
    assert "33% of body sentences attributed (2 of 6)" in a1 and "none credited" in a1
    assert "50% of body sentences attributed (2 of 4)" in a2 and "AFP" in a2
    assert re.search(r"Unattributed\s*2 body sentences", a2)
    assert "Officials (1)" in a1 and "State media (1)" in a1 and "News agencies (1)" in a2
    assert "Relied on by this article alone" in a1 and "Russian Defense Ministry’s African Corps" in a1
    shared = page.text_by_id["sources"]
    assert "Relied on by more than one article" in shared and "ORTN (Niger state broadcaster)" in shared
    hrefs = {str(a["href"]) for t, a in page.tags if t == "a" and "href" in a}
    assert {"#a2-s2", "#a2-s3", "#a1-s1", "#a1-s3"} <= hrefs  # source and unattributed sentences link back
    assert sum(1 for t, _ in page.tags if t == "meter") == 2


def test_report_html_framing_terms_side_by_side_with_note(small_html: str) -> None:
    page = parse(small_html)
    framing = page.text_by_id["framing"]
    assert "different words for the same referent" in framing
    hrefs = {str(a["href"]) for t, a in page.tags if t == "a" and "href" in a}
    assert {"#a1-s5", "#a2-s4", "#a2-s1"} <= hrefs


def test_report_html_loaded_language_per_article_by_kind(small_html: str) -> None:
    page = parse(small_html)
    a1, a2 = page.text_by_id["loaded-a1"], page.text_by_id["loaded-a2"]
    assert "Unsupported attributions (1)" in a1 and "Under French influence" in a1
    assert "Loaded labels (1)" in a2 and "ruling junta" in a2 and "Under French" not in a2
    assert "<mark>Under French influence</mark>" in small_html
    assert "<mark>ruling junta</mark>" in small_html


@pytest.mark.parametrize(("where", "payload"), [
    ("sources", "Source " + SCRIPT), ("sourcing-a2", "Wire " + IMG), ("sourcing-a2", "Wire " + SCRIPT),
    ("sources", "ORTN " + IMG), ("framing", "term " + SCRIPT), ("framing", "note " + SCRIPT),
    ("loaded-a1", IMG), ("loaded-a1", "quoted " + SCRIPT), ("facts", "Origin " + SCRIPT + " " + IMG),
])
def test_report_html_new_sections_show_payloads_as_text(xss_html: str, where: str, payload: str) -> None:
    assert payload in parse(xss_html).text_by_id[where]


def test_report_html_loaded_payload_is_highlighted_escaped(xss_html: str) -> None:
    assert "<mark>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</mark>" in xss_html
