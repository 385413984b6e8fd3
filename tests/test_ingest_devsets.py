"""Every shared development article reads with its outlet, date and gold anchors intact.

The gold anchors are verbatim substrings of each article's words; if one
goes missing, ingest dropped or altered article text (or kept furniture
glued to it).  Needs the shared evaluation data beside the repository
(``../shared``, or ``RASHOMON_SHARED``); skipped without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from rashomon.ingest import read_source
from rashomon.models import Article

SHARED = Path(os.environ.get("RASHOMON_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
GOLD = SHARED / "eval" / "gold"

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason=f"shared evaluation data not found at {GOLD}")

# Outlet and publication date per article, as DEV-SETS.md and the articles themselves state them.
EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    ("niger-2024-04", "a1"): ("Rossa Primavera News Agency", "2024-04-13"),
    ("niger-2024-04", "a2"): ("The Moscow Times", "2024-04-12"),
    ("dev01-wildfire-evacuation", "a1"): ("Thompson Valley News", "2025-07-07"),
    ("dev01-wildfire-evacuation", "a2"): ("Cascadia Press Wire", "2025-07-07"),
    ("dev01-wildfire-evacuation", "a3"): ("CFKL 98.3 Kamloops", "2025-07-08"),
    ("dev02-ferry-sinking", "a1"): ("Pacific Rim News Agency", "2025-10-12"),
    ("dev02-ferry-sinking", "a2"): ("The Visayan Tribune", "2025-10-12"),
    ("dev02-ferry-sinking", "a3"): ("Philippine Daily Ledger", "2025-10-13"),
    ("dev03-central-bank-rate", "a1"): ("Bank of Ghana", "2025-03-24"),
    ("dev03-central-bank-rate", "a2"): ("Accra Business Journal", "2025-03-25"),
    ("dev03-central-bank-rate", "a3"): ("Metro Money FM 104.9", "2025-03-26"),
    ("dev04-stadium-crush", "a1"): ("Highveld News Agency", "2025-08-10"),
    ("dev04-stadium-crush", "a2"): ("The Daily Klaxon", "2025-08-11"),
    ("dev04-stadium-crush", "a3"): ("SAPS Gauteng", "2025-08-10"),
    ("dev05-hospital-cyberattack", "a1"): ("The Wagga Wagga Wire", "2025-06-18"),
    ("dev05-hospital-cyberattack", "a2"): ("Riverina Health Network", "2025-06-17"),
    ("dev05-hospital-cyberattack", "a3"): ("PacketLine", "2025-06-19"),
    ("dev06-volcano-flights", "a1"): ("East Flores Herald", "2025-11-04"),
    ("dev06-volcano-flights", "a2"): ("Wayfarer Daily", "2025-11-05"),
    ("dev06-volcano-flights", "a3"): ("Asia Aviation Report", "2025-11-04"),
    ("dev07-border-clash", "a1"): ("PAYGOM National Information Agency", "2025-09-16"),
    ("dev07-border-clash", "a2"): ("Batken Today", "2025-09-15"),
    ("dev07-border-clash", "a3"): ("Eurasia Wire Service", "2025-09-16"),
    ("dev08-pharma-recall", "a1"): ("Bharat Business Wire", "2025-05-15"),
    ("dev08-pharma-recall", "a2"): ("HealthBeat US", "2025-05-16"),
    ("dev08-pharma-recall", "a3"): ("Pharma Ledger", "2025-05-16"),
    ("dev09-heatwave-deaths", "a1"): ("Sahel Observer", "2025-04-11"),
    ("dev09-heatwave-deaths", "a2"): ("Global Health Dispatch", "2025-04-12"),
    ("dev09-heatwave-deaths", "a3"): ("Ministry of Public Health, Population and Social Affairs", "2025-04-10"),
    ("dev10-no-confidence-vote", "a1"): ("Central Europe Press Agency", "2025-06-18"),
    ("dev10-no-confidence-vote", "a2"): ("Prague Pulse", "2025-06-19"),
    ("dev10-no-confidence-vote", "a3"): ("The Prague Courier", "2025-06-19"),
    ("dev11-satellite-collision", "a1"): ("Orbit Ledger", "2025-02-06"),
    ("dev11-satellite-collision", "a2"): ("Frontier Science Weekly", "2025-02-07"),
    ("dev11-satellite-collision", "a3"): ("Aurelis Space Newsroom", "2025-02-06"),
    ("dev12-dam-failure", "a1"): ("Southern Cone Wire", "2025-12-07"),
    ("dev12-dam-failure", "a2"): ("Rio Grande do Sul State Civil Defence", "2025-12-08"),
    ("dev12-dam-failure", "a3"): ("The Meridian Review", "2025-12-14"),
}


def _gold_files() -> list[Path]:
    if not GOLD.is_dir():
        return []
    return sorted(GOLD.glob("*.json")) + sorted(GOLD.glob("dev*/gold.json"))


def _set_name(gold_path: Path) -> str:
    return gold_path.stem if gold_path.name != "gold.json" else gold_path.parent.name


def _anchors(gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(article id, anchor) for every anchored item of a gold key."""
    out: list[tuple[str, str]] = []
    for key in ("corroborated", "contested", "not_conflicts"):
        for item in gold.get(key, []):
            out.extend(item.get("anchors", {}).items())
    for item in gold.get("single_source", []):
        out.append((item["article"], item["anchor"]))
    for item in gold.get("framing", []):
        out.extend(item.get("terms", {}).items())
    return out


def _read_set(gold_path: Path) -> tuple[dict[str, Any], dict[str, Article]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    articles = {}
    for aid, rel in gold["articles"].items():
        got = read_source(str(gold_path.parent / rel))
        assert len(got) == 1
        articles[aid] = got[0]
    return gold, articles


@pytest.mark.parametrize("gold_path", _gold_files(), ids=_set_name)
def test_ingest_devsets_outlet_date_and_anchors(gold_path: Path) -> None:
    gold, articles = _read_set(gold_path)
    name = _set_name(gold_path)
    for aid, article in articles.items():
        outlet, published = EXPECTED[(name, aid)]
        assert article.outlet == outlet, f"{name}/{aid}"
        assert article.published_date is not None and article.published_date.isoformat() == published, \
            f"{name}/{aid}: {article.published}"
        for p in article.paragraphs:
            chunk = article.text[p.start:p.end]
            assert chunk and chunk == chunk.strip(), f"{name}/{aid}: bad paragraph offsets {p}"
    missing = [(aid, anchor) for aid, anchor in _anchors(gold) if anchor not in articles[aid].text]
    assert not missing, f"{name}: anchors missing from text: {missing}"
    # Names may live in the fields instead of the text: "The Daily Klaxon" only in the
    # byline (outlet), the photographer "Moussa Ali" only in a photo credit (metadata).
    everything = "\n".join(f"{a.text}\n{a.outlet}\n{a.origin}\n{a.metadata}" for a in articles.values())
    for group in gold.get("same_entity", []) + gold.get("different_entities", []):
        for variant in group:
            assert variant in everything, f"{name}: entity name {variant!r} lost"


@pytest.mark.parametrize("gold_path", _gold_files(), ids=_set_name)
def test_ingest_devsets_no_furniture_in_text(gold_path: Path) -> None:
    _, articles = _read_set(gold_path)
    for aid, article in articles.items():
        for needle in ("Related article", "Original url", "Source:", "Media contact", "Photo:", "](#)",
                       "**", "&middot;", "&amp;", "By ["):
            assert needle not in article.text, f"{_set_name(gold_path)}/{aid}: {needle!r} in text"
        assert article.paragraphs[0].role == "title" and article.title


def test_ingest_devsets_cover_all_articles() -> None:
    seen = set()
    for gold_path in _gold_files():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        seen.update((_set_name(gold_path), aid) for aid in gold["articles"])
    assert seen == set(EXPECTED)
