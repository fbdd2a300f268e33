"""Dereferencing and resource pages: 303, content negotiation, suffix twins, descriptions, escaping, language."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from sahel_ld.namespaces import SAHEL
from sahel_ld.web import create_app
from sahel_ld.web.i18n import format_number

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
BASE = "https://w3id.org/sahel-ld/"
JNIM = URIRef(BASE + "id/org/jnim")
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TWINS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
         "nt": "application/n-triples", "rdf": "application/rdf+xml"}
RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The app over the small page fixture (a hostile label, accents, claims of every shape)."""
    app = create_app({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    yield app
    app.extensions["sahel_ld_sparql"].close()


@pytest.fixture()
def web(pages):
    return pages.test_client()


def parse(response, suffix: str) -> Graph:
    """Parse a response; rdflib's own JSON-LD parser still uses a class it deprecates, which is not ours to fix."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=response.data, format=RDFLIB[suffix], publicID=BASE)


def test_identifier_answers_303_to_its_document(web):
    response = web.get("/id/org/jnim")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/doc/org/jnim")


@pytest.mark.parametrize("query", ["lang=fr", "kind=x&name=y", "_external=1&lang=fr&lang=en"])
def test_identifier_passes_its_query_string_on_as_sent(web, query):
    response = web.get(f"/id/org/jnim?{query}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/doc/org/jnim?{query}")


def test_any_host_maps_onto_the_base_iri(web):
    response = web.get("/doc/org/jnim.nt", base_url="http://127.0.0.1:8080")
    assert f"<{JNIM}>" in response.get_data(as_text=True)


@pytest.mark.parametrize(("accept", "media_type"), [
    (HTML["Accept"], "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/rdf+xml;q=0.5, text/turtle", "text/turtle"),
    ("*/*", "text/html"),
])
def test_document_negotiates_by_accept_and_varies_on_it(web, accept, media_type):
    response = web.get("/doc/org/jnim", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


def test_unacceptable_type_gets_406(web):
    assert web.get("/doc/org/jnim", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(("suffix", "media_type"), TWINS.items())
def test_suffix_twins_answer_their_format(web, suffix, media_type):
    response = web.get(f"/doc/org/jnim.{suffix}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    if suffix in RDFLIB:
        assert (JNIM, RDFS.label, Literal("Group for the Support of Islam and Muslims", lang="en")) in parse(
            response, suffix)


def test_every_twin_is_linked_as_alternate(web):
    link = web.get("/doc/org/jnim").headers["Link"]
    for suffix, media_type in TWINS.items():
        assert f'</doc/org/jnim.{suffix}>; rel="alternate"; type="{media_type}"' in link


def test_etag_makes_a_repeat_request_cheap(web):
    first = web.get("/doc/org/jnim.ttl")
    assert first.headers["ETag"]
    again = web.get("/doc/org/jnim.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_description_holds_triples_claims_quotes_and_labels_of_linked_things(web):
    graph = parse(web.get("/doc/org/jnim.ttl"), "ttl")
    claim = URIRef(BASE + "id/claim/katibat-serma-member-of-jnim")
    assert (claim, SAHEL.quote, Literal("Katibat Sèrma is allegedly part of JNIM & <b>active</b>")) in graph
    assert (claim, SAHEL.certainty, URIRef(BASE + "id/concept/alleged")) in graph
    assert (claim, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None) in graph
    assert (URIRef(BASE + "id/person/iyad-ag-ghali"), RDFS.label, Literal("Iyad Ag Ghali", lang="en")) in graph
    assert (URIRef(BASE + "id/concept/alleged"), None, Literal("allégué", lang="fr")) in graph
    assert (SAHEL.memberOf, RDFS.label, Literal("member of", lang="en")) in graph
    assert (JNIM, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None) in graph


def test_jsonld_is_compacted_with_the_project_prefixes(web):
    document = json.loads(web.get("/doc/org/jnim.jsonld").data)
    assert document["@context"]["sahel"] == BASE + "def/sahel#"


@pytest.mark.parametrize("path", ["/id/org/no-such-group", "/doc/org/no-such-group", "/doc/org/jnim.png"])
def test_unknown_resource_gets_a_real_404_page(web, path):
    response = web.get(path, headers=HTML)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<h1>404" in response.get_data(as_text=True)


def test_unknown_resource_gets_plain_404_for_command_line_clients(web):
    response = web.get("/doc/org/no-such-group", headers={"Accept": "*/*"})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"


def test_hostile_label_is_escaped_everywhere(web):
    for path in ("/doc/org/katibat-serma", "/doc/org/jnim", "/"):
        text = web.get(path, headers=HTML).get_data(as_text=True)
        assert "<script>" not in text
        assert "Katibat Sèrma &lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_organisation_page_shows_type_category_names_statements_and_incoming(web):
    text = web.get("/doc/org/jnim", headers=HTML).get_data(as_text=True)
    assert "<h1>Group for the Support of Islam and Muslims</h1>" in text
    assert 'href="/def/sahel#Coalition">coalition</a>' in text
    assert 'href="/doc/concept/jihadist">Jihadist</a>' in text
    assert "JNIM" in text
    assert "<h3>Members</h3>" in text and 'id="leaders"' in text and "<h3>Events carried out</h3>" in text
    assert 'class="certainty certainty-alleged"' in text and ">alleged<" in text
    assert "March 2017 – 2019" in text and "largely" in text
    assert "“Katibat Sèrma is allegedly part of JNIM &amp; &lt;b&gt;active&lt;/b&gt;”" in text
    assert 'href="/doc/source/actors-of-conflict-in-mali"' in text
    assert 'href="http://www.wikidata.org/entity/Q28877411"' in text


def test_negated_claim_is_shown_as_not_the_case(web):
    text = web.get("/doc/org/cma", headers=HTML).get_data(as_text=True)
    assert 'class="statement certainty-stated negated"' in text and "not the case" in text


def test_statement_without_claim_is_shown_as_data_without_quote(web):
    text = web.get("/doc/org/barkhane", headers=HTML).get_data(as_text=True)
    entry = text[text.index('<span class="other"><a href="/doc/org/cma">'):]
    entry = entry[:entry.index("</li>")]
    assert "cooperates with" in text and 'class="ref"' not in entry and 'class="certainty' not in entry
    assert "Entries without [n] are in the data without a quote." in text


def test_place_page_shows_coordinates_map_link_and_events_here(web):
    text = web.get("/doc/place/aguelhok", headers=HTML).get_data(as_text=True)
    assert "19.465, 0.856" in text
    assert "https://www.openstreetmap.org/?mlat=19.465&amp;mlon=0.856" in text
    assert "<h3>Events here</h3>" in text and "Aguelhok attack (January 2019)" in text


def test_event_page_shows_its_statements_with_quotes(web):
    text = web.get("/doc/event/aguelhok-attack-2019", headers=HTML).get_data(as_text=True)
    assert 'href="/doc/place/aguelhok">Aguelhok</a>' in text
    assert "“killed ten UN peacekeepers”" in text
    assert "January 2019" in text


@pytest.mark.parametrize(("query", "headers", "expected"), [
    ("?lang=fr", {}, "Groupe de soutien à l’islam et aux musulmans"),
    ("", {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, "Groupe de soutien à l’islam et aux musulmans"),
    ("?lang=fr", {"Accept-Language": "en"}, "Groupe de soutien à l’islam et aux musulmans"),
    ("", {"Accept-Language": "de"}, "Group for the Support of Islam and Muslims"),
    ("?lang=xx", {}, "Group for the Support of Islam and Muslims"),
])
def test_name_follows_lang_then_accept_language_then_english(web, query, headers, expected):
    text = web.get(f"/doc/org/jnim{query}", headers={**HTML, **headers}).get_data(as_text=True)
    assert f"<h1>{expected}</h1>" in text


def test_chosen_language_is_kept_in_links(web):
    text = web.get("/doc/org/jnim?lang=fr", headers=HTML).get_data(as_text=True)
    assert '<html lang="fr">' in text
    assert 'href="/doc/person/iyad-ag-ghali?lang=fr"' in text
    assert "Membres" in text and "allégué" in text and "mars 2017 – 2019" in text


def test_home_page_explains_counts_and_groups_actors_by_category(web):
    text = web.get("/", headers=HTML).get_data(as_text=True)
    assert "linked-data knowledge graph" in text
    for link in ('href="/sparql"', 'href="/queries"', 'href="/dumps/"', 'href="/def/sahel"'):
        assert link in text
    jihadist, non_jihadist, foreign = (text.index(f">{c}</a></h3>") for c in
                                       ("Jihadist", "Non-jihadist", "Foreign actor"))
    assert jihadist < non_jihadist < foreign
    assert text.index("Group for the Support of Islam and Muslims") < non_jihadist
    assert "triples" in text and ">alleged</a>" in text


def test_ontology_page_documents_every_term_in_both_languages(web, pages):
    text = web.get("/def/sahel", headers=HTML).get_data(as_text=True)
    assert 'id="memberOf"' in text and 'id="Coalition"' in text
    assert "membre de" in text and "Membership in a coalition or group." in text
    assert "Appartenance à une coalition ou un groupe." in text
    assert 'href="http://www.w3.org/ns/org#memberOf"' in text
    assert "SymmetricProperty" in text
    french = web.get("/def/sahel?lang=fr", headers=HTML).get_data(as_text=True)
    assert "<p>Préfixe <code>" in french and "Prefix" not in french


@pytest.mark.parametrize("suffix", RDFLIB)
def test_ontology_rdf_is_served_by_negotiation_and_suffix(web, suffix):
    negotiated = web.get("/def/sahel", headers={"Accept": TWINS[suffix]})
    assert negotiated.mimetype == TWINS[suffix]
    graph = parse(web.get(f"/def/sahel.{suffix}"), suffix)
    assert (URIRef(BASE + "def/sahel"), None, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph


def test_hedged_statement_is_marked_apart_from_stated_ones(web):
    text = web.get("/doc/org/jnim", headers=HTML).get_data(as_text=True)
    assert 'class="statement certainty-alleged hedged"' in text
    assert 'class="statement certainty-stated"' in text


def test_symmetric_relation_reads_the_same_from_both_ends(web):
    for path, other in (("/doc/org/cma", "Operation Barkhane"), ("/doc/org/barkhane", "Coordination of Azawad")):
        text = web.get(path, headers=HTML).get_data(as_text=True)
        allies = text[text.index('id="allies"'):text.index("</section>", text.index('id="allies"'))]
        assert "cooperates with" in allies and other in allies
        assert "“cooperates with” pointing here" not in text


def test_linked_thing_is_named_once_with_each_of_its_claims(web):
    text = web.get("/doc/event/aguelhok-attack-2019", headers=HTML).get_data(as_text=True)
    assert text.count('<span class="other"><a href="/doc/org/jnim">') == 1


def test_statements_are_grouped_in_sections(web):
    text = web.get("/doc/event/aguelhok-attack-2019", headers=HTML).get_data(as_text=True)
    assert text.index('id="event"') < text.index('id="areas"')


def test_claim_page_reads_as_a_sentence_with_its_quote_and_source(web):
    text = web.get("/doc/claim/katibat-serma-member-of-jnim", headers=HTML).get_data(as_text=True)
    assert '<p class="claim-sentence"><a href="/doc/org/katibat-serma">' in text
    assert 'href="/def/sahel#memberOf">member of</a>' in text and 'href="/doc/org/jnim">' in text
    assert '<blockquote class="quote" lang="en">' in text and 'href="/doc/source/actors-of-conflict-in-mali"' in text
    assert "March 2017 – 2019" in text and "sahel:subject" not in text


def test_place_page_names_the_places_that_contain_it(web):
    text = web.get("/doc/place/aguelhok", headers=HTML).get_data(as_text=True)
    assert '<dd class="located_in"><a href="/doc/place/mali">Mali</a></dd>' in text
    assert "<h4>within</h4>" not in text and "<h3>within</h3>" not in text


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (8958, "en", "8,958"), (8958, "fr", "8\u202f958"), ("600000000", "fr", "600\u202f000\u202f000"),
    ("-1234.50", "fr", "-1\u202f234,5"), ("-1234.50", "en", "-1,234.5"), ("12.0", "en", "12"), (809, "fr", "809"),
    ("1e5", "fr", "1e5"), ("n/a", "en", "n/a"),
])
def test_numbers_are_written_the_way_the_reader_writes_them(value, lang, expected):
    assert format_number(value, lang) == expected
