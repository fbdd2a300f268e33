"""The query page over HTTP: which requests get the page (permalinks) and which get results as before, the
vocabulary and labels the page's script uses, and the page in French."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from rdflib import URIRef

from sahel_ld.web import create_app
from sahel_ld.web.i18n import MESSAGES
from sahel_ld.web.query_page import wants_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
QUERY = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"


@pytest.fixture(scope="module")
def app():
    application = create_app({"root": str(FIXTURE)})
    yield application
    application.extensions["sahel_ld_sparql"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


def script_data(response) -> dict:
    """The JSON the page hands to its script."""
    html = response.get_data(as_text=True)
    start = html.index('<script type="application/json" id="sparql-data">') + len(
        '<script type="application/json" id="sparql-data">')
    return json.loads(html[start:html.index("</script>", start)])


@pytest.mark.parametrize(("formats", "accept", "page"), [
    ((), BROWSER, True),
    ((), "text/html", True),
    ((), "application/xhtml+xml", True),
    (("csv",), BROWSER, False),
    ((), "", False),
    ((), "*/*", False),
    ((), "application/sparql-results+json", False),
    ((), "application/sparql-results+json, text/html;q=0.5", False),
    ((), "text/csv;q=1, text/html;q=0.9", False),
    ((), "text/html;q=0", False),
])
def test_only_browsers_asking_for_html_without_format_get_the_page(formats, accept, page):
    assert wants_page(formats, accept) is page


def test_a_browser_opening_a_query_address_gets_the_page_with_the_query_to_run(client):
    response = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    data = script_data(response)
    assert data["query"] == QUERY and data["run"] is True
    assert QUERY in unescape(response.get_data(as_text=True))  # also in the form, for readers without scripts


def test_other_clients_get_results_as_before_even_after_a_browser_asked(client):
    as_page = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": BROWSER})
    assert as_page.mimetype == "text/html"
    for accept in ("", "*/*", "application/sparql-results+json"):
        response = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": accept})
        assert response.mimetype == "application/sparql-results+json"
        assert "Sèrma" in {b["l"]["value"] for b in response.get_json()["results"]["bindings"]}
    csv = client.get("/sparql", query_string={"query": QUERY, "format": "csv"}, headers={"Accept": BROWSER})
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).startswith("s,l\r\n")


def test_an_answer_cached_for_an_api_client_is_never_sent_to_a_browser(client):
    query = QUERY + " LIMIT 2"
    for accept in ("application/sparql-results+xml", "application/xml", "application/sparql-results+json"):
        client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})  # now in the cache
        client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})  # answered from it
    again = client.get("/sparql", query_string={"query": query}, headers={"Accept": BROWSER})
    assert again.mimetype == "text/html" and script_data(again)["query"] == query


def test_the_page_without_a_query_shows_the_default_query_without_running_it(client):
    data = script_data(client.get("/sparql", headers={"Accept": BROWSER}))
    assert data["run"] is False and "SELECT" in data["query"]
    assert [e["summary"] for e in data["examples"]] == ["Members of a coalition"]


def test_the_editor_knows_our_classes_and_properties_with_their_labels(client):
    terms = {t["name"]: t for t in script_data(client.get("/sparql", headers={"Accept": BROWSER}))["terms"]}
    assert terms["rdfs:label"]["kind"] == "property"
    assert terms["org:memberOf"]["kind"] == "property"
    assert any(t["kind"] == "class" and t["name"].startswith("sahel:") for t in terms.values())
    assert all(":" in name and " " not in name for name in terms)


def test_labels_are_given_in_the_readers_language(client, app):
    jnim = "https://w3id.org/sahel-ld/id/org/jnim"
    loaded = app.extensions["sahel_ld"]
    for lang in ("en", "fr"):
        response = client.post(f"/sparql/labels?lang={lang}", json=[jnim, "http://example.org/unknown"])
        assert response.get_json() == {jnim: loaded.label(URIRef(jnim), lang)}
    assert loaded.label(URIRef(jnim), "fr") != loaded.label(URIRef(jnim), "en")


@pytest.mark.parametrize("body", ["not json", '{"iri": 1}', "[1, 2]"])
def test_bad_label_requests_are_400(client, body):
    response = client.post("/sparql/labels", data=body, content_type="application/json")
    assert response.status_code == 400 and "JSON list" in response.get_data(as_text=True)


def test_the_french_page_speaks_french(client):
    response = client.get("/sparql?lang=fr", headers={"Accept": BROWSER})
    html = unescape(response.get_data(as_text=True))
    data = script_data(response)
    assert data["lang"] == "fr" and data["messages"]["qp_run"] == MESSAGES["fr"]["qp_run"]
    assert f">{MESSAGES['fr']['qp_run']}</button>" in html and f">{MESSAGES['en']['qp_run']}</button>" not in html
    assert '<html lang="fr">' in html
