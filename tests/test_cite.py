"""“Cite this”: plain text, BibTeX, CSL-JSON and RIS for the dataset, a resource and a claim, parsed back by real
parsers; the release (version, date) on the home page and in the VoID/DCAT description."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from sahel_ld.namespaces import DCAT
from sahel_ld.web import create_app

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/sahel-ld/"
CLAIM = BASE + "id/claim/katibat-serma-member-of-jnim"
QUOTE = "Katibat Sèrma is allegedly part of JNIM & <b>active</b>"
CITED = {"": ("sahel-ld page fixture", BASE), BASE + "id/org/jnim": ("Group for the Support of Islam and Muslims",
                                                                     BASE + "id/org/jnim"),
         CLAIM: ("Katibat Sèrma <script>alert(1)</script> · member of · Group for the Support of Islam and Muslims",
                 CLAIM)}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    app = create_app({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    yield app.test_client()
    app.extensions["sahel_ld_sparql"].close()


def cite(web, iri: str, name: str) -> str:
    response = web.get("/cite", query_string={"iri": iri, "format": name})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("iri", CITED)
def test_bibtex_parses_back_with_title_version_url_and_authors(web, iri):
    library = bibtexparser.parse_string(cite(web, iri, "bibtex"))
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    title, url = CITED[iri]
    assert entry.entry_type == "misc" and fields["url"] == url and fields["version"] == "0.9.0"
    assert fields["year"] == "2025" and fields["author"] == "{The sahel-ld project} and Traoré, Awa"
    assert fields["title"] == title
    if iri == CLAIM:
        assert "Quote: “Katibat Sèrma is allegedly part of JNIM \\& <b>active</b>”" in fields["note"]
        assert "Source: MINUSMA" in fields["note"] or "Source: " in fields["note"]


@pytest.mark.parametrize("iri", CITED)
def test_ris_parses_back(web, iri):
    (record,) = rispy.loads(cite(web, iri, "ris"))
    title, url = CITED[iri]
    assert record["type_of_reference"] == "DATA" and record["title"] == title and record["urls"] == [url]
    assert record["edition"] == "0.9.0" and record["year"] == "2025"
    assert record["authors"] == ["The sahel-ld project", "Traoré, Awa"]
    if iri == CLAIM:
        assert f"Quote: “{QUOTE}”" in record["notes"]


@pytest.mark.parametrize("iri", CITED)
def test_csl_json_is_one_item_with_issued_date(web, iri):
    (item,) = json.loads(cite(web, iri, "csl"))
    title, url = CITED[iri]
    assert item["title"] == title and item["URL"] == url and item["version"] == "0.9.0"
    assert item["issued"] == {"date-parts": [[2025, 3, 1]]}
    assert item["type"] == ("dataset" if not iri else "entry")


def test_plain_text_names_release_iri_source_and_quote(web):
    text = cite(web, CLAIM, "text")
    assert text.startswith("The sahel-ld project, Traoré, Awa (2025). “Katibat Sèrma")
    assert "release 0.9.0 of 2025-03-01" in text and CLAIM in text and f"Quote: “{QUOTE}”" in text


@pytest.mark.parametrize(("query", "status"), [({"format": "pdf"}, 400), ({"iri": BASE + "id/org/nothing"}, 404),
                                               ({"iri": "https://example.org/x"}, 404)])
def test_bad_citation_requests_say_why(web, query, status):
    assert web.get("/cite", query_string=query).status_code == status


@pytest.mark.parametrize("path", ["/", "/void", "/doc/org/jnim", "/doc/claim/katibat-serma-member-of-jnim"])
def test_pages_offer_every_format_to_cite_them(web, path):
    text = web.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="cite"' in text and "@misc{" in text and "TY  - DATA" in text and "&#34;date-parts&#34;" in text


def test_home_page_shows_the_version_and_release_date(web):
    assert "Release 0.9.0 of 1 March 2025" in web.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Version 0.9.0 du 1 mars 2025" in web.get("/?lang=fr", headers={"Accept": "text/html"}).get_data(
        as_text=True)


def test_void_carries_version_and_issued_date(web):
    graph = Graph().parse(data=web.get("/void.ttl").data, format="turtle")
    dataset = URIRef(BASE + "void#dataset")
    assert graph.value(dataset, OWL.versionInfo) == Literal("0.9.0")
    assert graph.value(dataset, DCAT.version) == Literal("0.9.0")
    assert graph.value(dataset, DCTERMS.issued) == Literal("2025-03-01", datatype=XSD.date)


def test_citation_file_at_the_root_names_the_release_the_service_shows(client):
    meta = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert meta["cff-version"] == "1.2.0" and meta["type"] == "dataset" and meta["license"] == "CC-BY-4.0"
    released = str(meta["date-released"])
    assert f"Release {meta['version']} of" in client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    graph = Graph().parse(data=client.get("/void.ttl").data, format="turtle")
    assert graph.value(URIRef(BASE + "void#dataset"), DCTERMS.issued) == Literal(released, datatype=XSD.date)
