"""Name search: the normalised comparison, the index over the real data, /api/search over HTTP, the results page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from openapi_spec_validator import validate
from rdflib import URIRef
from rdflib.namespace import SKOS

from sahel_ld.search import KINDS, SearchIndex, normalise

JNIM = "https://w3id.org/sahel-ld/id/org/jnim"
TIMBUKTU = "https://w3id.org/sahel-ld/id/place/timbuktu"
HTML = {"Accept": "text/html"}


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, {"detail": error.read().decode()}


@pytest.fixture(scope="module")
def index(app) -> SearchIndex:
    return SearchIndex.build(app.extensions["sahel_ld"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Groupe de soutien à l’islam", "groupe de soutien a lislam"),
    ("N’Djamena", "ndjamena"), ("al-Qaeda", "al qaeda"), ("  Katibat  Sèrma ", "katibat serma"),
    ("ŒUVRE", "oeuvre"), ("Ansar al-Din (AAD)", "ansar al din aad"), ("’-’", ""),
])
def test_names_compare_without_case_accents_apostrophes_or_hyphens(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(("text", "iri"), [
    ("gsim", JNIM), ("JNIM", JNIM), ("groupe de soutien a l'islam", JNIM), ("tombouctou", TIMBUKTU),
    ("Timbuktu", TIMBUKTU), ("TOMBOUCTOU", TIMBUKTU),
])
def test_well_known_names_find_their_resource_first(index, text, iri):
    assert index.search(text)[0].entry.iri == iri


def test_every_name_of_every_resource_finds_it(app, index):
    """Each label, French or English name and other name of the real data leads to its resource."""
    loaded = app.extensions["sahel_ld"]
    missed = []
    for entry in index.entries:
        for name in loaded.dataset.objects(URIRef(entry.iri), SKOS.altLabel):
            if entry.iri not in {h.entry.iri for h in index.search(str(name), limit=50)}:
                missed.append((entry.iri, str(name)))
    assert len(index.entries) > 100 and missed == []


def test_each_resource_is_found_once_with_the_name_that_matched(index):
    hits = index.search("jnim", limit=50)
    assert len({h.entry.iri for h in hits}) == len(hits)
    assert hits[0].name.text == "JNIM" and hits[0].score == 100
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_kind_keeps_one_kind_and_blank_text_finds_nothing(index):
    assert {h.entry.kind for h in index.search("tombouctou", kind="site", limit=50)} == {"site"}
    assert index.search(" ’- ") == ()


def test_api_answers_over_http_with_names_in_the_asked_language(live_server):
    status, body = get_json(f"{live_server.url}/api/search?q=gsim&lang=fr")
    assert status == 200
    first = body["results"][0]
    assert first["id"] == JNIM and first["kind"] == "org" and first["matched"] == "GSIM"
    assert first["label"] == "Groupe de soutien à l’islam et aux musulmans"
    assert first["url"] == "https://w3id.org/sahel-ld/doc/org/jnim"  # the configured base, never the Host
    assert first["page"] == "/doc/org/jnim"
    with urllib.request.urlopen(live_server.url + first["page"], timeout=10) as page:
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]
    status, body = get_json(f"{live_server.url}/api/search?q=tombouctou&kind=place&limit=1")
    assert [r["id"] for r in body["results"]] == [TIMBUKTU]


@pytest.mark.parametrize(("query", "named"), [
    ("", "q"), ("q=x&kind=claim", "kind"), ("q=x&limit=0", "limit"), ("q=x&limit=51", "limit"),
    ("q=x&limit=ten", "limit"), ("q=x&lang=de", "lang"), ("q=" + "x" * 201, "q"),
])
def test_bad_arguments_get_400_naming_the_argument(live_server, query, named):
    status, body = get_json(f"{live_server.url}/api/search?{query}")
    assert status == 400 and f"{named}:" in body["detail"]


def test_openapi_describes_the_search(client):
    document = client.get("/openapi.json").get_json()
    validate(document)
    operation = document["paths"]["/api/search"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q", "kind", "lang", "limit"]
    assert operation["parameters"][1]["schema"]["enum"] == list(KINDS)


def test_results_page_filters_by_kind_and_counts_each(client):
    text = client.get("/search?q=tombouctou", headers=HTML).get_data(as_text=True)
    assert 'href="/doc/place/timbuktu">Timbuktu</a>' in text
    assert 'href="/search?q=tombouctou&amp;kind=site">Bases and headquarters' in text
    only_sites = client.get("/search?q=tombouctou&kind=site&lang=fr", headers=HTML).get_data(as_text=True)
    assert 'href="/doc/place/timbuktu?lang=fr"' not in only_sites
    assert 'aria-current="true">Bases et quartiers généraux' in only_sites


def test_every_page_has_the_search_box(client):
    for path in ("/", "/doc/org/jnim", "/browse/", "/queries"):
        text = client.get(path, headers=HTML).get_data(as_text=True)
        assert 'role="search"' in text and 'id="find-text"' in text, path
