"""Saved queries on the web: the list, the page with its form and table, the result twins, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sahel_ld.web import create_app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "queries"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
INJECTION = 'x" } DELETE WHERE { ?s ?p ?o } #'


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app({"root": str(FIXTURE), "sparql_workers": 1, "dumps_dir": str(tmp_path_factory.mktemp("d"))})
    yield app.test_client()
    app.extensions["sahel_ld_sparql"].close()


def members(response) -> list[str]:
    """The member labels of a SPARQL JSON answer of the members query."""
    return [b["memberLabel"]["value"] for b in json.loads(response.data)["results"]["bindings"]]


def test_list_is_a_page_with_summaries_and_tags(client):
    response = client.get("/queries", headers=HTML)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 'href="/queries/members"' in page and "Members of a coalition" in page and ">membership<" in page


@pytest.mark.parametrize("url, headers", [("/queries.json", {}), ("/queries?format=json", {}),
                                          ("/queries", {"Accept": "application/json"})])
def test_list_is_json_by_suffix_format_or_accept(client, url, headers):
    listing = client.get(url, headers=headers).get_json()
    assert [q["name"] for q in listing] == ["events-between", "federation-example", "members", "search"]
    search = listing[3]
    assert search["summary"] == "Find by name" and search["runnable"] is True
    assert search["params"][0] == {"name": "text", "type": "xsd:string", "required": True, "default": None,
                                   "example": "serma", "description": "", "description_fr": None,
                                   "expects": "a text of at most 500 characters, such as serma"}
    assert listing[1]["runnable"] is False


def test_page_has_form_from_declarations_table_with_links_and_sparql(client):
    response = client.get("/queries/members?certainty=cpt:stated", headers=HTML)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<select id="param-coalition" name="coalition">' in page
    assert '<option value="act:alpha" selected>Alpha</option>' in page
    assert '<option value="cpt:stated" selected>stated</option>' in page
    assert '<a href="/doc/org/beta" title="https://w3id.org/sahel-ld/id/org/beta">Katibat Sèrma</a>' in page
    assert "Gamma" not in page.split("<tbody>")[1]
    assert "SELECT ?member ?memberLabel ?certainty ?quote" in page
    for suffix in ("json", "csv", "tsv", "xml"):
        assert f'href="/queries/members.{suffix}?certainty=cpt%3Astated"' in page
    assert '</queries/members.csv?certainty=cpt%3Astated>; rel="alternate"; type="text/csv"' in response.headers["Link"]


def test_page_with_a_required_parameter_shows_the_form_first(client):
    page = client.get("/queries/search", headers=HTML).get_data(as_text=True)
    assert 'name="text"' in page and 'placeholder="serma"' in page and "required" in page
    assert 'class="results"' not in page


@pytest.mark.parametrize("url, headers, media_type", [
    ("/queries/members.json", {}, "application/sparql-results+json"),
    ("/queries/members.srj", {}, "application/sparql-results+json"),
    ("/queries/members?format=json", {}, "application/sparql-results+json"),
    ("/queries/members", {"Accept": "application/sparql-results+json"}, "application/sparql-results+json"),
    ("/queries/members", {"Accept": "application/json"}, "application/sparql-results+json"),
    ("/queries/members.csv", {}, "text/csv"),
    ("/queries/members", {"Accept": "text/csv"}, "text/csv"),
    ("/queries/members?format=tsv", {}, "text/tab-separated-values"),
    ("/queries/members.xml", {}, "application/sparql-results+xml"),
    ("/queries/members", {"Accept": "application/sparql-results+xml"}, "application/sparql-results+xml"),
    ("/queries/members", {}, "text/html"),
    ("/queries/members", HTML, "text/html"),
])
def test_results_twins_by_suffix_format_and_accept(client, url, headers, media_type):
    response = client.get(url, headers=headers)
    assert response.status_code == 200 and response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


def test_twins_carry_the_same_rows(client):
    as_json = members(client.get("/queries/members.json"))
    as_csv = [row["memberLabel"] for row in csv.DictReader(io.StringIO(client.get("/queries/members.csv").text))]
    xml = ElementTree.fromstring(client.get("/queries/members.xml").data)
    namespace = "{http://www.w3.org/2005/sparql-results#}"
    as_xml = [b.find(f"{namespace}literal").text for b in xml.iter(f"{namespace}binding")
              if b.get("name") == "memberLabel"]
    tsv_rows = client.get("/queries/members.tsv").text.splitlines()
    assert as_json == as_csv == as_xml == ["Gamma", "Katibat Sèrma"]
    assert tsv_rows[0] == "?member\t?memberLabel\t?certainty\t?quote" and len(tsv_rows) == 3


def test_parameters_are_bound_from_the_query_string(client):
    assert members(client.get("/queries/members.json?certainty=cpt:alleged")) == ["Gamma"]
    full = "https://w3id.org/sahel-ld/id/concept/stated"
    assert members(client.get("/queries/members.json", query_string={"certainty": full})) == ["Katibat Sèrma"]


def test_injection_string_is_just_a_string(client):
    response = client.get("/queries/search.json", query_string={"text": INJECTION})
    assert response.status_code == 200
    assert json.loads(response.data)["results"]["bindings"] == []
    assert members(client.get("/queries/members.json")) == ["Gamma", "Katibat Sèrma"]


@pytest.mark.parametrize("url, message", [
    ("/queries/members.json?coalition=act:beta", "parameter 'coalition' expects the IRI of a sahel:Coalition"),
    ("/queries/members.csv?certainty=maybe", "parameter 'certainty' expects a concept of the scheme cpt:certainty"),
    ("/queries/events-between.json?from=2019-02-30x", "parameter 'from' expects a date YYYY-MM-DD"),
    ("/queries/search.json", "parameter 'text' is required"),
    ("/queries/search.json?text=a&colour=red", "unknown parameter 'colour'"),
    ("/queries/members?format=rdf", "saved queries answer as: html, json, xml, csv, tsv"),
    ("/queries/federation-example.json", "copy its SPARQL into your own SPARQL client"),
])
def test_bad_requests_answer_400_saying_what_to_fix(client, url, message):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert message in response.get_json()["detail"]


def test_bad_value_on_the_page_is_shown_next_to_the_form(client):
    response = client.get("/queries/members?coalition=act:beta", headers=HTML)
    assert response.status_code == 400
    assert "parameter &#39;coalition&#39; expects the IRI of a sahel:Coalition" in response.get_data(as_text=True)


def test_federated_query_page_shows_its_sparql_and_why_it_does_not_run(client):
    page = client.get("/queries/federation-example", headers=HTML).get_data(as_text=True)
    assert "SERVICE &lt;https://query.wikidata.org/sparql&gt;" in page
    assert "copy its SPARQL into your own SPARQL client" in page and 'class="results"' not in page


@pytest.mark.parametrize("url", ["/queries/no-such-query", "/queries/no-such-query.csv", "/queries/members.ttl"])
def test_unknown_query_or_twin_is_404(client, url):
    assert client.get(url).status_code == 404


def cells(page: str) -> tuple[list[str], list[str]]:
    """The headings and the cell texts (tags removed) of the results table of a page."""
    table = page.split('<table class="results">', 1)[1].split("</table>", 1)[0]
    strip = lambda html: " ".join(re.sub(r"<[^>]+>", " ", html).split())  # noqa: E731
    return ([strip(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)],
            [strip(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)])


def test_table_headings_are_words_and_a_label_column_joins_its_resource(client):
    headings, texts = cells(client.get("/queries/members", headers=HTML).get_data(as_text=True))
    assert headings == ["Member", "Certainty", "Quote"]
    assert texts[:2] == ["Gamma", "alleged"]


def test_table_headings_come_from_the_columns_header_and_dates_read_as_words(client):
    headings, texts = cells(client.get("/queries/events-between", headers=HTML).get_data(as_text=True))
    assert headings == ["Event", "Date", "Carried out by"]
    assert texts == ["First attack", "December 2016", "Katibat Sèrma", "Second attack", "2019", "Gamma",
                     "Third attack", "2 April 2019", "Katibat Sèrma"]
    _, french = cells(client.get("/queries/events-between?lang=fr", headers=HTML).get_data(as_text=True))
    assert french[1] == "décembre 2016" and french[7] == "2 avril 2019"


def test_a_query_parameter_named_lang_reaches_the_query(client):
    def names(lang: str) -> list[str]:
        response = client.get(f"/queries/search.json?text=omega&lang={lang}")
        assert response.status_code == 200
        return [b["name"]["value"] for b in json.loads(response.data)["results"]["bindings"]]

    assert names("en") == ["Omega"] and names("fr") == ["Oméga"]
    page = client.get("/queries/search?text=omega&lang=fr", headers=HTML).get_data(as_text=True)
    assert "Oméga" in page and 'href="/queries/search.csv?text=omega&amp;lang=fr"' in page


def test_the_saved_query_pages_speak_french(client):
    listing = client.get("/queries?lang=fr", headers=HTML).get_data(as_text=True)
    assert "sans écrire de SPARQL" in listing and "Questions about the actors" not in listing
    assert "<th>Étiquettes</th>" in listing
    page = client.get("/queries/search?text=omega&lang=fr", headers=HTML).get_data(as_text=True)
    assert "(obligatoire)" in page and ">Exécuter</button>" in page and "Télécharger :" in page
    assert "1 résultat." in page and "comme termes RDF." in page
    for english in ("(required)", ">Run<", "Download:", " result.", "as RDF terms"):
        assert english not in page
    assert "(required)" in client.get("/queries/search", headers=HTML).get_data(as_text=True)


def test_french_pages_give_the_queries_french_texts_else_the_english_ones(client):
    listing = client.get("/queries?lang=fr", headers=HTML).get_data(as_text=True)
    assert "Membres d’une coalition" in listing and "Members of a coalition" not in listing
    assert "Les groupes membres d’une coalition" in listing and "Chercher par nom" in listing
    assert "Events in a period" in listing  # no French text: the English one
    page = client.get("/queries/members?lang=fr", headers=HTML).get_data(as_text=True)
    assert "<title>Membres d’une coalition" in page and "<h1>Membres d’une coalition</h1>" in page
    assert '<label for="param-coalition">La coalition</label>' in page
    assert '<label for="param-certainty">Only claims of this certainty</label>' in page
    events = client.get("/queries/events-between?lang=fr", headers=HTML).get_data(as_text=True)
    assert "<small>une date AAAA-MM-JJ ou un mois AAAA-MM ou une année AAAA, par exemple 2016</small>" in events
    english = client.get("/queries/members", headers=HTML).get_data(as_text=True)
    assert "<h1>Members of a coalition</h1>" in english and '<label for="param-coalition">The coalition</label>' in english
    assert "Membres" not in english
    french_by_header = client.get("/queries/members", headers={**HTML, "Accept-Language": "fr-FR,fr;q=0.9"})
    assert "<h1>Membres d’une coalition</h1>" in french_by_header.get_data(as_text=True)


def test_json_list_gives_the_french_texts_beside_the_english_ones(client):
    listed = {q["name"]: q for q in client.get("/queries.json").get_json()}
    assert listed["members"]["summary"] == "Members of a coalition"
    assert listed["members"]["summary_fr"] == "Membres d’une coalition"
    assert listed["members"]["params"][0]["description_fr"] == "La coalition"
    assert listed["events-between"]["summary_fr"] is None


def test_form_choices_are_named_in_the_reader_language(client):
    french = client.get("/queries/members?lang=fr", headers=HTML).get_data(as_text=True)
    assert '<option value="act:omega">Oméga</option>' in french and ">Omega<" not in french
    assert '<option value="cpt:alleged">alleged</option>' in french  # no French label: the English one
    english = client.get("/queries/members", headers=HTML).get_data(as_text=True)
    assert '<option value="act:omega">Omega</option>' in english
