"""A wire story republished by two outlets plus one independent report (issue: origin and independence).

The copies must be linked to the wire story, count once, and a fact that only the copies report
must stay single-source however many outlets print it.
"""

import pytest

from rashomon.ingest import read_sources
from rashomon.pipeline import compare_articles

WIRE = """# Floods cut off villages in northern Albania

By [Balkan Wire](#)

March 3, 2025

Floodwaters cut off at least 14 villages in northern Albania on Sunday after two days of heavy rain, the interior ministry said.

Rescue teams used boats to evacuate about 300 residents from homes along the Drin river near Shkodër, the ministry said in a statement.

A 64-year-old shepherd was missing after his hut was swept away near the village of Dajç, local police said.

The ministry said the water level at the Vau i Dejës dam had risen by 1.2 metres overnight and that engineers were monitoring the structure.

Schools in the district will remain closed until Wednesday, the education office said.
"""

COPY_1 = WIRE.replace("# Floods cut off villages in northern Albania", "# Albania floods: villages isolated").replace(
    "By [Balkan Wire](#)", "By [Tirana Daily](#)").replace(
    "Schools in the district will remain closed until Wednesday, the education office said.",
    "Schools in the district will remain closed until Wednesday, the education office said.\n\n"
    "Tirana Daily readers sent photographs of flooded streets in the city centre.")

COPY_2 = WIRE.replace("# Floods cut off villages in northern Albania", "# Northern Albania under water").replace(
    "By [Balkan Wire](#)", "By [Adriatic Post](#)").replace(
    "A 64-year-old shepherd was missing after his hut was swept away near the village of Dajç, local police said.\n\n",
    "")

INDEPENDENT = """# Shkodër residents wait on rooftops as river bursts its banks

By [Kosovo Herald](#)

March 4, 2025

Residents of Shkodër waited on rooftops on Sunday as the Drin river burst its banks, and rescue teams evacuated about 300 people by boat, according to the local prefect.

"We lost everything in one night," said Arta Hoxha, who runs a bakery near the river.

The prefect, Gent Leka, said 14 villages had been cut off and that army trucks were bringing drinking water.
"""


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    d = tmp_path_factory.mktemp("copies")
    paths = []
    for name, text in (("wire.md", WIRE), ("copy1.md", COPY_1), ("copy2.md", COPY_2), ("herald.md", INDEPENDENT)):
        p = d / name
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    result = read_sources(paths)
    assert len(result.articles) == 4, result.failures
    return compare_articles(result.articles)


def test_pipeline_copies_are_linked_to_the_wire_story(comparison):
    copies = dict(comparison.copies)
    assert copies == {"a2": "a1", "a3": "a1"}


def test_pipeline_copies_fact_only_in_copies_is_single_source(comparison):
    # the dam level is reported by the wire and both copies, never by the independent report
    dam = [f for f in comparison.facts if any("Vau i Dejës" in c.text for c in f.claims)]
    assert dam, "the dam claim is missing"
    for f in dam:
        assert f.independent_sources == 1
        assert f.status == "single_source"
        assert "a4" not in {c.article for c in f.claims}


def test_pipeline_copies_corroboration_counts_the_wire_once(comparison):
    evac = [f for f in comparison.facts if any("300" in c.text for c in f.claims)
            and "a4" in {c.article for c in f.claims}]
    assert evac, "the evacuation fact is not aligned across wire and independent report"
    assert all(f.independent_sources == 2 for f in evac)
