"""``sahel-ld link check`` against a real Oxigraph server on 127.0.0.1 serving a Wikidata-shaped fixture."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fixtures.wikidata.servers import HTML_PAGE, OxigraphServer, ScriptedServer, SilentServer, free_port
from rdflib import Graph

from sahel_ld.cli import main
from sahel_ld.config import load_config
from sahel_ld.store import load
from sahel_ld.wikidata.check import check_links
from sahel_ld.wikidata.client import Endpoint
from sahel_ld.wikidata.links import links_in
from sahel_ld.wikidata.turtle import write_links

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata"
ORG, PERSON, PLACE = "https://w3id.org/sahel-ld/id/org/", "https://w3id.org/sahel-ld/id/person/", \
    "https://w3id.org/sahel-ld/id/place/"


def make_project(folder: Path) -> Path:
    """The fixture project with the real link terms of the ontology."""
    shutil.copytree(FIXTURE / "project", folder)
    shutil.copy(ROOT / "ontology" / "wikidata-links.ttl", folder / "ontology")
    return folder


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """Oxigraph serving the fixture; ``.url`` is its SPARQL endpoint."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("wikidata") / "project")


@pytest.fixture(scope="module")
def report(wikidata, project):
    loaded = load(load_config({"root": str(project)}))
    return check_links(loaded, Endpoint(wikidata.url, timeout=10), batch_size=3)


def outcomes(report, entity: str) -> dict[str, bool | None]:
    found = next(r for r in report.reports if str(r.link.entity) == entity)
    return {o.name: o.passed for o in found.outcomes}


def test_a_good_link_passes_every_check(report):
    assert outcomes(report, ORG + "jnim") == {
        "exists": True, "redirect": True, "names": True, "type": True, "distance": None}


def test_a_good_place_matches_names_regardless_of_case_and_accents_and_lies_near(report):
    assert outcomes(report, PLACE + "segou") == {
        "exists": True, "redirect": True, "names": True, "type": True, "distance": True}


def test_a_close_match_is_checked_like_the_others(report):
    assert all(passed is not False for passed in outcomes(report, "https://w3id.org/sahel-ld/id/community/dogon")
               .values())


def test_a_label_mismatch_fails_on_names_only(report):
    assert outcomes(report, ORG + "mnla") == {
        "exists": True, "redirect": True, "names": False, "type": True, "distance": None}


def test_a_person_linked_to_an_organisation_fails_on_type(report):
    assert outcomes(report, PERSON + "iyad-ag-ghali")["type"] is False


def test_a_place_too_far_away_fails_on_distance(report):
    assert outcomes(report, PLACE + "gao")["distance"] is False
    assert "111.0 km apart" in report.as_text()


def test_a_missing_item_fails_on_existence(report):
    assert outcomes(report, ORG + "mujao") == {"exists": False}


def test_a_redirected_item_fails_and_names_its_target(report):
    assert outcomes(report, ORG + "cma")["redirect"] is False
    assert "Q900006 was merged into Q900007" in report.as_text()


def test_queries_are_batched(report):
    # 8 linked items and one redirect target, 3 a query: status 3+1, facts 3, subclasses 3
    assert report.requests == 10


def test_the_text_report_lists_failures_first_and_ends_with_a_summary(report):
    text = report.as_text()
    assert text.startswith("FAIL ")
    assert text.rstrip().endswith(": 3 hold, 5 do not")


def test_the_command_exits_1_when_some_links_fail_and_reports_json(wikidata, project, capsys):
    code = main(["link", "check", "--root", str(project), "--endpoint", wikidata.url, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (document["links"], document["holding"], document["failing"]) == (8, 3, 5)
    assert {r["qid"] for r in document["results"] if not r["holds"]} == {
        "Q900002", "Q900003", "Q900004", "Q900005", "Q900006"}


def test_the_command_exits_0_when_every_link_holds(wikidata, tmp_path, capsys):
    project = make_project(tmp_path / "project")
    path = project / "data" / "wikidata.ttl"
    links = links_in(Graph().parse(path))
    write_links(path, [link for link in links if link.qid in ("Q900001", "Q900008", "Q900009")])
    assert main(["link", "check", "--root", str(project), "--endpoint", wikidata.url]) == 0
    assert capsys.readouterr().out.rstrip().endswith("3 links checked against " + wikidata.url + ": 3 hold, 0 do not")


def test_an_endpoint_that_is_down_exits_2_with_the_reason(project, capsys):
    assert main(["link", "check", "--root", str(project), "--endpoint",
                 f"http://127.0.0.1:{free_port()}/sparql"]) == 2
    assert "cannot connect" in capsys.readouterr().err


def test_an_endpoint_that_times_out_exits_2_with_the_reason(project, capsys):
    with SilentServer() as server:
        assert main(["link", "check", "--root", str(project), "--endpoint", server.url, "--timeout", "0.5"]) == 2
    assert "no answer within" in capsys.readouterr().err


def test_an_endpoint_that_returns_html_exits_2_with_the_reason(project, capsys):
    with ScriptedServer([HTML_PAGE]) as server:
        assert main(["link", "check", "--root", str(project), "--endpoint", server.url]) == 2
    assert "answered text/html" in capsys.readouterr().err
