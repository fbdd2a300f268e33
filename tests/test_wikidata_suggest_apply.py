"""``sahel-ld link suggest`` and ``link apply``: candidates found and ranked, accepted rows become links."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from fixtures.wikidata.servers import OxigraphServer
from rdflib import Graph, URIRef

from sahel_ld.cli import main
from sahel_ld.config import load_config
from sahel_ld.shacl import validate
from sahel_ld.store import load, parse_turtle
from sahel_ld.wikidata.client import Endpoint
from sahel_ld.wikidata.links import links_in
from sahel_ld.wikidata.suggest import COLUMNS, suggest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata"
ANSAR, KIDAL = "https://w3id.org/sahel-ld/id/org/ansar-al-din", "https://w3id.org/sahel-ld/id/place/kidal"


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture()
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(FIXTURE / "project", folder)
    shutil.copy(ROOT / "ontology" / "wikidata-links.ttl", folder / "ontology")
    return folder


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)


def links_for(loaded, iri: str) -> list:
    """The Wikidata links of one entity of a loaded dataset."""
    return [link for link in links_in(loaded.dataset) if str(link.entity) == iri]


def test_candidates_are_found_for_unlinked_entities_only_and_ranked(wikidata, project):
    suggestions = suggest(load(load_config({"root": str(project)})), Endpoint(wikidata.url, timeout=10))
    ranked = {}
    for s in suggestions:
        ranked.setdefault(str(s.entity.iri), []).append((s.item.qid, s.score))
    assert list(ranked) == [ANSAR, KIDAL]
    # main label beats alias; the item of the wrong type is left out
    assert [qid for qid, _ in ranked[ANSAR]] == ["Q900012", "Q900010"]
    # the town nearby beats the region of the same name far away
    assert [qid for qid, _ in ranked[KIDAL]] == ["Q900020", "Q900021"]
    assert ranked[KIDAL][0][1] > 0.8 > 0.5 > ranked[KIDAL][1][1]


def test_suggest_writes_a_review_file_and_nothing_into_data(wikidata, project, tmp_path, capsys):
    before = {p: p.read_bytes() for p in (project / "data").iterdir()}
    review = tmp_path / "review.tsv"
    assert main(["link", "suggest", "--root", str(project), "--endpoint", wikidata.url, "--output", str(review)]) == 0
    rows = read_rows(review)
    assert [r["qid"] for r in rows] == ["Q900012", "Q900010", "Q900020", "Q900021"]
    assert all(r["decision"] == "" and r["status"] == "single-source" for r in rows)
    assert rows[0]["item_description"] == "Islamist group" and rows[0]["item_types"] == "Q43229"
    assert {p: p.read_bytes() for p in (project / "data").iterdir()} == before
    assert "4 candidate(s) for 2 entities" in capsys.readouterr().out


def test_suggest_refuses_to_write_into_data(wikidata, project, capsys):
    target = project / "data" / "review.tsv"
    assert main(["link", "suggest", "--root", str(project), "--endpoint", wikidata.url,
                 "--output", str(target)]) == 1
    assert not target.exists()


def test_apply_turns_accepted_rows_into_links(wikidata, project, tmp_path):
    review = tmp_path / "review.tsv"
    main(["link", "suggest", "--root", str(project), "--endpoint", wikidata.url, "--output", str(review)])
    rows = read_rows(review)
    rows[0]["decision"] = "accept"
    rows[1]["decision"] = "reject"
    rows[2].update(decision="accept", status="close-match", note="The town, not the commune.")
    write_rows(review, rows)
    assert main(["link", "apply", "--root", str(project), str(review)]) == 0
    loaded = load(load_config({"root": str(project)}))
    [ansar] = links_for(loaded, ANSAR)
    assert (ansar.qid, ansar.relation_key, ansar.status_key, ansar.method.split("/")[-1]) == (
        "Q900012", "sameAs", "single-source", "curator-review")
    assert "accepted by a curator" in ansar.note
    [kidal] = links_for(loaded, KIDAL)
    assert (kidal.qid, kidal.relation_key, kidal.note) == ("Q900020", "closeMatch", "The town, not the commune.")
    assert (URIRef(KIDAL), URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
            URIRef("http://www.wikidata.org/entity/Q900020")) in loaded.dataset
    # applying the same file again adds nothing
    assert main(["link", "apply", "--root", str(project), str(review)]) == 0
    assert len(links_in(Graph().parse(project / "data" / "wikidata.ttl"))) == 10


@pytest.mark.parametrize("row, message", [
    ({"decision": "accept", "entity": ANSAR, "qid": "Q0"}, "not a Wikidata item id"),
    ({"decision": "accept", "entity": ANSAR, "qid": "Q12", "status": "sure"}, "status 'sure'"),
    ({"decision": "accept", "entity": "https://w3id.org/sahel-ld/id/org/nobody", "qid": "Q12"}, "not a person"),
    ({"decision": "maybe", "entity": ANSAR, "qid": "Q12"}, "neither accept nor reject"),
    ({"decision": "accept", "entity": "https://w3id.org/sahel-ld/id/org/jnim", "qid": "Q12"},
     "already the same as Q900001"),
    ({"decision": "accept", "entity": ANSAR, "qid": "Q900001"}, "two entities cannot both be Q900001"),
])
def test_apply_rejects_a_wrong_row_and_writes_nothing(project, tmp_path, capsys, row, message):
    links = project / "data" / "wikidata.ttl"
    before = links.read_bytes()
    review = tmp_path / "review.tsv"
    write_rows(review, [{"decision": "accept", "entity": KIDAL, "qid": "Q900020"}, row])
    assert main(["link", "apply", "--root", str(project), str(review)]) == 1
    assert message in capsys.readouterr().err
    assert links.read_bytes() == before


def test_apply_of_a_file_without_the_columns_exits_2(project, tmp_path):
    review = tmp_path / "review.tsv"
    review.write_text("name\tid\nKidal\tQ900020\n", encoding="utf-8")
    assert main(["link", "apply", "--root", str(project), str(review)]) == 2


def test_applied_links_pass_the_shapes_of_the_real_project(tmp_path):
    project = tmp_path / "project"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, project / folder)
    review = tmp_path / "review.tsv"
    write_rows(review, [
        {"decision": "accept", "entity": "https://w3id.org/sahel-ld/id/person/iyad-ag-ghali", "qid": "Q900003"},
        {"decision": "accept", "entity": "https://w3id.org/sahel-ld/id/org/operation-barkhane", "qid": "Q900004",
         "status": "close-match", "note": "A test link."},
    ])
    assert main(["link", "apply", "--root", str(project), str(review)]) == 0
    loaded = load(load_config({"root": str(project)}))
    shapes = parse_turtle(project / "shapes" / "data.ttl", "shapes/data.ttl")
    links = loaded.dataset.graph(URIRef(loaded.base_iri + "graph/data/wikidata"))
    report = validate(loaded.data_graph(), shapes, loaded.ontology_graph(),
                      where=lambda node: "wikidata" if (node, None, None) in links else "")
    assert [r for r in report.results if r.file == "wikidata"] == []
    assert len(links_for(loaded, "https://w3id.org/sahel-ld/id/person/iyad-ag-ghali")) == 1
