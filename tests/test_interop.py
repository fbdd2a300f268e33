"""The served default graph answers in W3C and schema.org terms, without knowing the sahel: vocabulary."""

import pytest

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX act: <https://w3id.org/sahel-ld/id/org/>
PREFIX per: <https://w3id.org/sahel-ld/id/person/>
PREFIX pl: <https://w3id.org/sahel-ld/id/place/>
PREFIX cpt: <https://w3id.org/sahel-ld/id/concept/>
"""
ID = "https://w3id.org/sahel-ld/id/"


@pytest.fixture(scope="module")
def ask(app):
    dataset = app.extensions["sahel_ld"].dataset

    def run(query: str) -> set[str]:
        return {str(row[0]) for row in dataset.query(PREFIXES + query)}
    return run


def test_members_of_the_cma_through_org_member_of(ask):
    assert ask("SELECT ?m WHERE { ?m org:memberOf act:cma }") == {ID + "org/mnla", ID + "org/hcua", ID + "org/maa-cma"}


def test_components_of_jnim_are_its_members(ask):
    assert ask("SELECT ?m WHERE { ?m org:memberOf act:jnim ; a org:Organization }") == {
        ID + "org/ansar-al-din", ID + "org/aqim", ID + "org/al-mourabitoun", ID + "org/katibat-macina"}


def test_source_category_of_isgs(ask):
    assert ask("SELECT ?c WHERE { act:isgs org:classification ?c }") == {ID + "concept/jihadist"}


def test_the_leader_of_jnim_through_org_head_of(ask):
    assert ask("SELECT ?p WHERE { ?p org:headOf act:jnim ; a foaf:Person }") == {ID + "person/iyad-ag-ghali"}


def test_leadership_periods_are_org_memberships_with_role_and_interval(ask):
    rows = ask("""SELECT ?end WHERE { ?m a org:Membership ; org:member per:malam-ibrahim-dicko ;
                  org:organization act:ansarul-islam ; org:role cpt:leader ;
                  org:memberDuring/<http://www.w3.org/2006/time#hasEnd>/<http://www.w3.org/2006/time#inXSDgYear> ?end }""")
    assert rows == {"2017"}


def test_every_organisation_person_place_and_event_has_its_standard_type(ask):
    assert ask("SELECT ?x WHERE { ?x a <https://w3id.org/sahel-ld/def/sahel#Organisation> "
               "FILTER NOT EXISTS { ?x a org:Organization } }") == set()
    assert ask("SELECT ?x WHERE { ?x a <https://w3id.org/sahel-ld/def/sahel#Person> "
               "FILTER NOT EXISTS { ?x a foaf:Person } }") == set()
    assert ask("SELECT ?x WHERE { ?x a <https://w3id.org/sahel-ld/def/sahel#Place> "
               "FILTER NOT EXISTS { ?x a schema:Place } }") == set()
    assert ask("SELECT ?x WHERE { ?x a <https://w3id.org/sahel-ld/def/sahel#Event> "
               "FILTER NOT EXISTS { ?x a schema:Event } }") == set()


def test_places_are_within_their_country_through_geosparql(ask):
    assert ID + "place/mali" in ask("SELECT ?c WHERE { pl:kidal geo:sfWithin+ ?c }")


def test_event_dates_and_locations_in_schema_org(ask):
    assert ask("SELECT ?d WHERE { ?e schema:location pl:aguelhok ; schema:startDate ?d }") == {"2019-01"}


def test_splits_are_org_change_events(ask):
    assert ID + "org/mujao" in ask("SELECT ?o WHERE { ?e a org:ChangeEvent ; org:originalOrganization ?o ; "
                                   "org:resultingOrganization act:isgs }")
    assert ask("SELECT ?e WHERE { act:isgs org:resultedFrom ?e }") != set()


def test_bases_and_headquarters_are_org_sites(ask):
    hq = ask("SELECT ?place WHERE { act:operation-barkhane org:hasPrimarySite ?s . ?s a org:Site ; schema:location ?place }")
    assert hq == {ID + "place/ndjamena"}


def test_dated_events_are_placed_in_time_with_owl_time(ask):
    assert ask("SELECT ?when WHERE { ?e schema:location pl:aguelhok ; <http://www.w3.org/2006/time#hasTime> ?t . "
               "?t a <http://www.w3.org/2006/time#Instant> ; "
               "<http://www.w3.org/2006/time#inXSDgYearMonth> ?when }") == {"2019-01"}


def test_time_notes_are_skos_notes(ask):
    assert "late 2016" in ask("SELECT ?n WHERE { ?c skos:note ?n }")
