"""The SHACL shapes: the ontology passes its own lint, and every shape rejects its invalid fixture.

Each shape with constraints of its own has one fixture, tests/fixtures/shapes/<ShapeLocalName>.ttl
(tests/fixtures/shapes/ontology/ for shapes/ontology.ttl), that breaks that shape and no other one.
Data fixtures are validated with the real ontology mixed in, as the data is. Ontology fixtures are
small ontologies validated on their own: pyshacl mixes in an ontology's axioms but not its
annotations, so the real ontology would only add false reports about its own header and terms.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from sahel_ld.shacl import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SHAPES = "https://w3id.org/sahel-ld/def/shapes#"

# Shape parameters that select or describe; every other sh: parameter is a constraint.
NOT_CONSTRAINTS = {SH.property, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                   SH.targetObjectsOf, SH.target, SH.message, SH.name, SH.description, SH.severity,
                   SH.deactivated, SH.order, SH.group, SH.declare}

# shapes file -> (folder of its invalid fixtures, whether the real ontology is mixed in)
SUITES = {"data.ttl": (FIXTURES, True), "ontology.ttl": (FIXTURES / "ontology", False)}


def parse(*paths: Path) -> Graph:
    """One graph from Turtle files."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology() -> Graph:
    """The real ontology: the core file and its alignments."""
    return parse(*sorted((ROOT / "ontology").glob("*.ttl")))


@cache
def shapes(name: str) -> Graph:
    return parse(ROOT / "shapes" / name)


def checking_shapes(name: str) -> set[str]:
    """Local names of the named shapes that carry at least one constraint of their own."""
    graph = shapes(name)
    named = {s for s in graph.subjects(RDF.type, None)
             if isinstance(s, URIRef) and str(s).startswith(SHAPES) and str(s) != SHAPES}
    return {str(s)[len(SHAPES):] for s in named
            if any(str(p).startswith(str(SH)) and p not in NOT_CONSTRAINTS for p in graph.predicates(s))}


def fixtures() -> list[tuple[str, Path]]:
    """(shapes file, fixture) for every invalid fixture."""
    return [(name, path) for name, (folder, _) in SUITES.items() for path in sorted(folder.glob("*.ttl"))]


def test_fixtures_exist_for_both_shapes_files():
    for name, (folder, _) in SUITES.items():
        assert sorted(folder.glob("*.ttl")), f"no invalid fixtures for shapes/{name} in {folder}"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_every_shape_has_exactly_one_fixture(name):
    expected = checking_shapes(name)
    assert expected, f"shapes/{name} has no shapes"
    found = {path.stem for path in SUITES[name][0].glob("*.ttl")}
    assert sorted(expected - found) == [], "shapes without an invalid fixture"
    assert sorted(found - expected) == [], "fixtures named after no shape"


@pytest.mark.parametrize(("name", "fixture"), fixtures(), ids=lambda value: getattr(value, "stem", value))
def test_fixture_breaks_its_shape_and_no_other(name, fixture):
    report = validate(parse(fixture), shapes(name), ontology() if SUITES[name][1] else None)
    assert not report.conforms
    assert {r.source_shape for r in report.results} == {SHAPES + fixture.stem}, report.as_text()


def test_ontology_passes_the_ontology_shapes():
    report = validate(ontology(), shapes("ontology.ttl"), None)
    assert report.conforms, report.as_text()


def test_the_ontology_files_declare_one_ontology_whose_version_iri_ends_with_its_version():
    graph = ontology()
    iri = URIRef("https://w3id.org/sahel-ld/def/sahel")
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [iri]
    assert str(graph.value(iri, OWL.versionIRI)) == f"{iri}/{graph.value(iri, OWL.versionInfo)}"


ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
GEO = "http://www.opengis.net/ont/geosparql#"
SAHEL = "https://w3id.org/sahel-ld/def/sahel#"
ORGANISATIONS = ["Organisation", "ArmedGroup", "Coalition", "Faction", "Militia", "HuntersBrotherhood",
                 "JihadistNetwork", "StateForce", "Government", "MilitaryOperation", "Mission",
                 "TrainingMission", "CapacityBuildingMission", "PeacekeepingMission", "PoliticalMission",
                 "InternationalOrganisation", "ResearchOrganisation", "MediaOutlet", "PeaceProcessBody"]
PLACES = ["Place", "Country", "Region", "Province", "Commune", "Town", "Village", "Forest", "NaturalRegion",
          "CulturalRegion", "Facility", "Prison", "DescriptiveRegion"]
EVENTS = ["Event", "Attack", "Massacre", "Assassination", "Battle", "Killing", "Death", "Arrest", "Release",
          "Founding", "Pledge", "Recognition", "Signing", "OrganisationalChange", "Split", "Succession"]

# (sahel term, the external terms it must reach through rdfs:subClassOf / rdfs:subPropertyOf)
CLASS_ALIGNMENTS = (
    [(c, [ORG + "Organization", SCHEMA + "Organization", FOAF + "Organization", PROV + "Agent"])
     for c in ORGANISATIONS]
    + [("InternationalOrganisation", [ORG + "FormalOrganization"]),
       ("Person", [FOAF + "Person", SCHEMA + "Person", PROV + "Agent"])]
    + [(c, [SCHEMA + "Place", GEO + "Feature"]) for c in PLACES]
    + [("Country", [SCHEMA + "Country"])]
    + [(c, [ORG + "Site"]) for c in ("Site", "Base", "Headquarters")]
    + [(c, [SCHEMA + "Event", PROV + "Activity"]) for c in EVENTS]
    + [(c, [ORG + "ChangeEvent"]) for c in ("OrganisationalChange", "Split", "Succession")]
    + [("Agreement", [SCHEMA + "CreativeWork"]), ("Programme", [PROV + "Plan"]), ("Claim", [PROV + "Entity"]),
       ("SourceDocument", [PROV + "Entity", SCHEMA + "CreativeWork", FOAF + "Document"])]
)
PROPERTY_ALIGNMENTS = (
    [(p, [ORG + "memberOf"]) for p in ("memberOf", "militaryCommanderOf", "founderOf", "foundingMemberOf",
                                        "politicalRepresentativeOf")]
    + [(p, [ORG + "subOrganizationOf"]) for p in ("componentOf", "branchOf", "partOf")]
    + [("headOf", [ORG + "headOf"]), ("category", [ORG + "classification"])]
    + [(p, [ORG + "linkedTo"]) for p in ("associatedWith", "alignedWith", "allegianceTo", "alliedWith",
                                          "cooperatesWith", "operatesInProximityTo", "inContactWith", "supports")]
    + [(p, [ORG + "hasSite"]) for p in ("hasSite", "hasBase", "hasHeadquarters")]
    + [("hasHeadquarters", [ORG + "hasPrimarySite"]),
       ("originalOrganization", [ORG + "originalOrganization"]),
       ("resultingOrganization", [ORG + "resultingOrganization"])]
    + [(p, [SCHEMA + "areaServed"]) for p in ("operatesIn", "deployedIn")]
    + [(p, [SCHEMA + "location"]) for p in ("location", "locatedAt")]
    + [("within", [GEO + "sfWithin", SCHEMA + "containedInPlace"]), ("date", [SCHEMA + "startDate"])]
)


@pytest.mark.parametrize(("term", "expected"), CLASS_ALIGNMENTS, ids=lambda v: v if isinstance(v, str) else "")
def test_class_reaches_its_external_classes(term, expected):
    reached = set(ontology().transitive_objects(URIRef(SAHEL + term), RDFS.subClassOf))
    assert {URIRef(e) for e in expected} <= reached


@pytest.mark.parametrize(("term", "expected"), PROPERTY_ALIGNMENTS, ids=lambda v: v if isinstance(v, str) else "")
def test_property_reaches_its_external_properties(term, expected):
    reached = set(ontology().transitive_objects(URIRef(SAHEL + term), RDFS.subPropertyOf))
    assert {URIRef(e) for e in expected} <= reached


@pytest.mark.parametrize("term", ["alliedWith", "cooperatesWith", "operatesInProximityTo", "inContactWith",
                                  "clashedWith"])
def test_mutual_relations_are_symmetric(term):
    assert (URIRef(SAHEL + term), RDF.type, OWL.SymmetricProperty) in ontology()
