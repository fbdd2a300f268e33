"""The dataset description: VoID and DCAT in one graph, at /void and /.well-known/void."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, VOID, XSD

from sahel_ld.cli import main
from sahel_ld.namespaces import DCAT, SAHEL, WD
from sahel_ld.web import create_app

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/sahel-ld/"
DATASET = URIRef(BASE + "void#dataset")
FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    app = create_app({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    yield app
    app.extensions["sahel_ld_sparql"].close()


@pytest.fixture(scope="module")
def void(pages) -> Graph:
    response = pages.test_client().get("/void", headers={"Accept": "text/turtle"})
    return Graph().parse(data=response.data, format="turtle")


def number(graph: Graph, subject, prop) -> int:
    return int(graph.value(subject, prop))


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
@pytest.mark.parametrize(("accept", "rdflib_format"), FORMATS.items())
def test_description_is_served_in_every_rdf_format(pages, path, accept, rdflib_format):
    response = pages.test_client().get(path, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert "Accept" in response.headers["Vary"]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = Graph().parse(data=response.data, format=rdflib_format)
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph


def test_browsers_get_a_page_and_other_clients_turtle(pages):
    client = pages.test_client()
    page = client.get("/void", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "<h1>Armed actors in the conflict in Mali and the Sahel</h1>" in text
    assert 'href="/dumps/sahel-ld-0.9.0.ttl"' in text and 'href="/sparql"' in text
    assert 'rel="alternate" type="text/turtle" href="/void.ttl"' in text
    french = client.get("/.well-known/void?lang=fr", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<h1>Acteurs armés du conflit au Mali et au Sahel</h1>" in french
    for accept in ("*/*", None):
        assert client.get("/void", headers={"Accept": accept} if accept else {}).mimetype == "text/turtle"


def test_title_description_and_rights_in_english_and_french(void):
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.rights):
        assert {o.language for o in void.objects(DATASET, prop)} == {"en", "fr"}
    rights = " ".join(str(o) for o in void.objects(DATASET, DCTERMS.rights))
    assert "CC BY 4.0" in rights and "ECFR" in rights


def test_publisher_licence_source_dates_and_version(void):
    assert void.value(void.value(DATASET, DCTERMS.publisher), RDF.type) is not None
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (DATASET, DCTERMS.source, URIRef(BASE + "id/source/actors-of-conflict-in-mali")) in void
    for prop in (DCTERMS.created, DCTERMS.modified, DCAT.version, OWL.versionInfo):
        assert void.value(DATASET, prop) is not None, prop


def test_endpoint_and_dumps_with_sizes_and_checksums(void, pages):
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    dumps = set(void.objects(DATASET, VOID.dataDump))
    listed = {f.name: f for f in pages.extensions["sahel_ld_dumps"]["files"]}
    assert dumps == {URIRef(BASE + "dumps/" + name) for name in listed if name != "SHA256SUMS"}
    assert URIRef(BASE + "dumps/sahel-ld-0.9.0.nt.gz") in dumps and len(dumps) == 10
    assert str(void.value(DATASET, OWL.versionInfo)) == "0.9.0"
    distribution = next(d for d in void.objects(DATASET, DCAT.distribution)
                        if void.value(d, DCAT.downloadURL) == URIRef(BASE + "dumps/sahel-ld-0.9.0.ttl"))
    assert number(void, distribution, DCAT.byteSize) == listed["sahel-ld-0.9.0.ttl"].size
    iana = "https://www.iana.org/assignments/media-types/"
    assert void.value(distribution, DCAT.mediaType) == URIRef(iana + "text/turtle")
    assert listed["sahel-ld-0.9.0.ttl"].sha256 in {str(o) for o in void.objects(None, None)
                                                  if isinstance(o, Literal)}


def test_served_description_is_the_builds_void_file(void, pages):
    """The description is written once by the build, with the dumps; the server reads it as it is."""
    written = Graph().parse(pages.extensions["sahel_ld"].build / "void.ttl", format="turtle")
    assert isomorphic(void, written)


def test_unreleased_data_names_its_dumps_by_version_and_inputs(tmp_path):
    """Without a release in CITATION.cff the dumps carry the version the description gives, "+" made "-"."""
    root = tmp_path / "root"
    shutil.copytree(PAGES, root)
    (root / "CITATION.cff").unlink()
    app = create_app({"root": str(root), "dumps_dir": str(tmp_path / "dumps")})
    try:
        void = Graph().parse(data=app.test_client().get("/void.ttl").data, format="turtle")
    finally:
        app.extensions["sahel_ld_sparql"].close()
    version = str(void.value(DATASET, OWL.versionInfo))
    assert version.startswith("unreleased+")
    names = {str(url).removeprefix(BASE + "dumps/") for url in void.objects(DATASET, VOID.dataDump)}
    assert f"sahel-ld-{version.replace('+', '-')}.trig" in names and len(names) == 10
    assert {p.name for p in app.extensions["sahel_ld_dumps"]["folder"].iterdir()} == names | {"SHA256SUMS"}


def test_sizes_match_the_served_union(void, pages):
    loaded = pages.extensions["sahel_ld"]
    union = set(loaded.dataset.triples((None, None, None)))
    assert number(void, DATASET, VOID.triples) == len(union)
    assert number(void, DATASET, VOID.distinctSubjects) == len({s for s, _, _ in union})
    assert number(void, DATASET, VOID.distinctObjects) == len({o for _, _, o in union})
    assert number(void, DATASET, VOID.entities) == len(
        {s for s, _, _ in union if str(s).startswith(BASE + "id/")})


def test_vocabularies_and_partitions(void):
    vocabularies = set(void.objects(DATASET, VOID.vocabulary))
    assert {URIRef(BASE + "def/sahel#"), URIRef("http://www.w3.org/ns/org#")} <= vocabularies
    classes = {void.value(p, VOID["class"]): number(void, p, VOID.entities)
               for p in void.objects(DATASET, VOID.classPartition)}
    assert classes[URIRef(BASE + "def/sahel#Coalition")] == 2
    properties = {void.value(p, VOID.property): number(void, p, VOID.triples)
                  for p in void.objects(DATASET, VOID.propertyPartition)}
    assert properties[URIRef(BASE + "def/sahel#quote")] == 7


def test_linkset_to_wikidata_with_its_size(void):
    linkset = next(void.objects(DATASET, VOID.subset))
    assert (linkset, RDF.type, VOID.Linkset) in void
    assert void.value(linkset, VOID.linkPredicate) == OWL.sameAs
    assert void.value(linkset, VOID.triples) == Literal(2, datatype=XSD.integer)
    assert void.value(void.value(linkset, VOID.objectsTarget), VOID.uriSpace) == Literal(str(WD))


def test_example_resources_name_one_of_each_kind(void):
    examples = {str(o) for o in void.objects(DATASET, VOID.exampleResource)}
    assert examples == {BASE + "id/org/jnim", BASE + "id/person/iyad-ag-ghali",
                        BASE + "id/place/aguelhok", BASE + "id/event/aguelhok-attack-2019"}


def test_real_description_agrees_with_the_stats_command(client, capsys):
    """The served /.well-known/void of the real data, parsed, against ``sahel-ld stats --format json``."""
    assert main(["stats", "--root", str(ROOT), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data,
                         format="turtle")
    assert number(void, DATASET, VOID.triples) == stats["triples"]
    classes = {str(void.value(p, VOID["class"])): number(void, p, VOID.entities)
               for p in void.objects(DATASET, VOID.classPartition)}
    for leaf in (SAHEL.Claim, SAHEL.Town, SAHEL.Person, SAHEL.Coalition):
        assert classes[str(leaf)] == stats["entities_by_class"][str(leaf)], leaf
    linksets = {void.value(s, VOID.linkPredicate): number(void, s, VOID.triples)
                for s in void.objects(DATASET, VOID.subset)}
    assert linksets[OWL.sameAs] > 30
    examples = {str(o) for o in void.objects(DATASET, VOID.exampleResource)}
    assert BASE + "id/org/jnim" in examples and len(examples) == 4
    assert {o.language for o in void.objects(DATASET, DCTERMS.title)} == {"en", "fr"}
