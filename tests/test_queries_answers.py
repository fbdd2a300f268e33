"""Every saved query over the real data: it parses, its header is complete, it runs, and it gives the answer
that the source text (sources/actors-of-conflict-in-mali.txt) gives. README lists every saved query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from sahel_ld.config import load_config
from sahel_ld.queries import Catalogue, compact
from sahel_ld.store import load

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(load(load_config({"root": str(ROOT)})))


def answer(catalogue: Catalogue, name: str, *columns: str, **given) -> list[tuple]:
    """The chosen columns of a saved query's rows, IRIs written as prefixed names."""
    _, _, text = catalogue.prepare(name, given)
    result = catalogue.loaded.dataset.query(text)
    return [tuple("" if row[c] is None else compact(str(row[c])) for c in columns) for row in result]


def first(rows: list[tuple]) -> list:
    return [row[0] for row in rows]


def test_there_are_at_least_25_runnable_saved_queries(catalogue):
    assert len([q for q in catalogue.queries.values() if q.runnable]) >= 25


def test_every_saved_query_has_a_complete_header_and_parses_with_its_examples(catalogue):
    for query in catalogue.queries.values():
        assert query.summary and query.description and query.tags, query.name
        for param in query.params:
            assert param.example and param.types, (query.name, param.name)
        parseQuery(query.text)
        if query.runnable:
            _, _, text = catalogue.prepare(query.name, {p.name: p.example for p in query.params})
            parseQuery(text)


def test_every_saved_query_says_what_it_does_in_french_too(catalogue):
    for query in catalogue.queries.values():
        assert query.summary_fr and query.description_fr, query.name
        assert query.summary_fr != query.summary and query.description_fr != query.description, query.name
        for param in query.params:
            assert param.description_fr or not param.description, (query.name, param.name)


def test_every_runnable_query_runs_with_its_defaults_and_with_its_examples(catalogue):
    for query in (q for q in catalogue.queries.values() if q.runnable):
        for given in ({p.name: p.example for p in query.params if p.required},
                      {p.name: p.example for p in query.params}):
            _, _, text = catalogue.prepare(query.name, given)
            assert catalogue.loaded.dataset.query(text).vars, query.name


def test_federated_queries_are_listed_but_not_run(catalogue):
    federated = [q for q in catalogue.queries.values() if "federation" in q.tags]
    assert federated and all(not q.runnable and "SERVICE" in q.text for q in federated)


def test_readme_lists_every_saved_query_with_its_summary(catalogue):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Saved queries", 1)[1].split("\n## ", 1)[0]
    listed = dict(re.findall(r"^\| \[`([a-z0-9-]+)`\]\(queries/\1\.rq\) \| (.+) \|$", section, re.M))
    assert listed == {q.name: q.summary for q in catalogue.queries.values()}


def test_jihadist_actors_are_the_twelve_of_the_jihadists_part(catalogue):
    assert sorted(first(answer(catalogue, "actors-by-category", "actor"))) == [
        "act:al-mourabitoun", "act:al-qaeda", "act:ansar-al-din", "act:ansarul-islam", "act:aqim", "act:isgs",
        "act:islamic-state", "act:jnim", "act:katibat-aaa", "act:katibat-macina", "act:katibat-serma", "act:mujao"]


def test_foreign_actors_have_french_names(catalogue):
    names = dict(answer(catalogue, "actors-by-category", "actor", "name", category="cpt:foreign-actor", lang="fr"))
    assert names["act:operation-barkhane"] == "Opération Barkhane" and names["act:eu"] == "Union européenne"


def test_militias_include_hunters_brotherhoods(catalogue):
    assert first(answer(catalogue, "armed-groups-by-type", "group", type="sahel:Militia")) == [
        "act:dan-na-ambassagou", "act:dozo", "act:gatia", "act:peul-self-defence-groups",
        "act:dogon-hunters-brotherhoods"]


@pytest.mark.parametrize("coalition, members", [
    ("act:cma", ["act:hcua", "act:maa-cma", "act:mnla"]),
    ("act:plateforme", ["act:cmfpr-1", "act:gatia", "act:maa-plateforme"]),
    ("act:cme", ["act:cpa", "act:cja", "act:fpa", "act:mpsa", "act:msa-c"]),
])
def test_coalition_members(catalogue, coalition, members):
    assert first(answer(catalogue, "coalition-members", "member", coalition=coalition)) == members


def test_jnim_members_since_its_announcement_in_march_2017(catalogue):
    assert answer(catalogue, "coalition-members", "member", "since", "certainty") == [
        ("act:al-mourabitoun", "2017-03", "stated"), ("act:aqim", "2017-03", "stated"),
        ("act:ansar-al-din", "2017-03", "stated"), ("act:katibat-macina", "2017-03", "stated")]


def test_jnim_components_include_its_media_arm(catalogue):
    # "al-Mourabitoun fighters loyal to Mokhtar Belmokhtar": a part of al-Mourabitoun, hence of JNIM's tree.
    assert answer(catalogue, "umbrella-components", "part", "property", group="act:jnim") == [
        ("act:al-mourabitoun-belmokhtar-loyalists", "sahel:componentOf"),
        ("act:al-mourabitoun", "sahel:memberOf"), ("act:aqim", "sahel:memberOf"),
        ("act:ansar-al-din", "sahel:memberOf"),
        ("act:jnim-media-arm", "sahel:componentOf"), ("act:katibat-macina", "sahel:memberOf")]


def test_ansarul_islam_leaders_with_their_periods(catalogue):
    assert answer(catalogue, "group-leaders", "person", "role", "start", "end") == [
        ("per:malam-ibrahim-dicko", "leader", "", "2017"), ("per:jafar-dicko", "leader", "2017", "")]


@pytest.mark.parametrize("as_of, leaders", [
    ("2016-06-01", ["per:malam-ibrahim-dicko"]),
    ("2018-06-01", ["per:jafar-dicko"]),
    ("2017", ["per:jafar-dicko", "per:malam-ibrahim-dicko"]),
])
def test_who_led_ansarul_islam_on_a_date(catalogue, as_of, leaders):
    assert first(answer(catalogue, "leaders-on-date", "person", group="act:ansarul-islam", as_of=as_of)) == leaders


def test_roles_of_moussa_ag_acharatoumane(catalogue):
    assert answer(catalogue, "person-roles", "role", "organisation", "start",
                  person="per:moussa-ag-acharatoumane") == [
        ("founding member", "act:mnla", ""), ("leader", "act:msa", "2016-09"),
        ("political representative", "act:mnla", "")]


def test_allegiances_and_the_recognition_of_the_isgs_pledge(catalogue):
    assert answer(catalogue, "allegiances", "from", "to", "pledgeDate", "recognisedBy", "recognitionDate") == [
        ("per:adnan-abu-walid-al-sahraoui", "per:abubakr-al-baghdadi", "2015-05", "Islamic State", "2016-10"),
        ("per:adnan-abu-walid-al-sahraoui", "act:islamic-state", "2015-05", "Islamic State", "2016-10"),
        ("act:jnim", "act:al-qaeda", "", "", ""),
        # "al-Mourabitoun fighters loyal to Mokhtar Belmokhtar": those fighters, not the whole group
        ("act:al-mourabitoun-belmokhtar-loyalists", "per:mokhtar-belmokhtar", "", "", "")]


def test_msa_lineage(catalogue):
    assert answer(catalogue, "lineage", "newer", "change", "older", group="act:msa") == [
        ("act:msa-c", "split from", "act:msa"), ("act:msa", "split from", "act:cma"),
        ("act:msa", "split from", "act:mnla")]


@pytest.mark.parametrize("group, ancestors", [
    ("act:operation-barkhane", ["act:operation-serval"]),
    ("act:msa-c", ["act:cma", "act:mnla", "act:msa"]),
])
def test_group_origins_are_followed_transitively(catalogue, group, ancestors):
    assert first(answer(catalogue, "group-origins", "ancestor", group=group)) == ancestors


def test_katibat_aaa_operating_areas(catalogue):
    # "operate extensively between the Malian towns of Douentza, Boni, and Hombori": the area between them
    assert answer(catalogue, "operating-areas", "place", "certainty", actor="act:katibat-aaa") == [
        ("pl:burkina-faso", "believed"), ("pl:douentza-boni-hombori-area", "stated")]


def test_groups_in_the_mopti_region_through_the_places_within_it(catalogue):
    # The Dozo "exist in areas near Douentza, Djenné, and Segou": near, not in, so not found here.
    assert first(answer(catalogue, "groups-in-place", "actor")) == [
        "act:dan-na-ambassagou", "act:katibat-aaa", "act:katibat-serma"]


def test_groups_in_mali_include_those_in_its_descriptive_regions(catalogue):
    # "groups operating in northern Mali": Barkhane ("around 1,500 troops in northern Mali") and the two EU
    # missions in Mali ("trainings conducted in central and northern Mali"); a query for Mali finds them too.
    in_north = first(answer(catalogue, "groups-in-place", "actor", place="pl:northern-mali"))
    assert in_north == ["act:eutm-mali", "act:eucap-sahel-mali", "act:operation-barkhane"]
    assert set(in_north) <= set(first(answer(catalogue, "groups-in-place", "actor", place="pl:mali")))


def test_groups_near_douentza(catalogue):
    # By coordinates: no group is said to operate in Douentza itself (Katibat AAA operates in the area between
    # Douentza, Boni and Hombori, which has no coordinates; the Dozo exist "in areas near" it).
    assert answer(catalogue, "groups-near-place", "actor", "near", "aboutKm", km="10") == []
    assert answer(catalogue, "groups-near-place", "actor", "near", "aboutKm") == [
        ("act:dan-na-ambassagou", "pl:pays-dogon", "94")]


def test_places_within_follow_the_hierarchy_transitively(catalogue):
    assert first(answer(catalogue, "places-within", "inner", place="pl:koulogon-habbe")) == ["pl:kolougon"]
    within_mopti = first(answer(catalogue, "places-within", "inner"))
    assert {"pl:kolougon", "pl:ogossagou", "pl:douentza", "pl:boni", "pl:hombori", "pl:bankass",
            "pl:bandiagara", "pl:koro", "pl:mondoro", "pl:djenne"} <= set(within_mopti)


def test_attacks_claimed_by_jnim(catalogue):
    # "took credit for … several attacks against security forces as well as other armed groups in Niger and
    # Burkina Faso": one undated event in two places (a row per place).
    assert answer(catalogue, "attacks", "event", "responsibility", "killed", perpetrator="act:jnim") == [
        ("ev:dioura-attack", "claimed", ""), ("ev:guire-attack", "claimed", ""),
        ("ev:jnim-claimed-attacks-niger-burkina-faso", "claimed", ""),
        ("ev:jnim-claimed-attacks-niger-burkina-faso", "claimed", ""),
        ("ev:aguelhok-attack-2019", "claimed", "10")]


def test_massacres_in_the_mopti_region_in_early_2019(catalogue):
    assert answer(catalogue, "attacks", "event", "kindLabel", "date", "byLabel", "certaintyLabel",
                  place="pl:mopti-region", **{"from": "2019", "to": "2019-04-30"}) == [
        ("ev:kolougon-massacre-2019", "massacre", "2019-01", "Dan Na Ambassagou", "believed"),
        ("ev:ogossagou-massacre-2019", "massacre", "2019-04", "Dan Na Ambassagou", "believed")]


def test_casualties_of_the_nassoumbou_and_tongo_tongo_attacks(catalogue):
    killed = {row[0]: row[1] for row in answer(catalogue, "attacks", "event", "killed")}
    assert killed["ev:nassoumbou-attack-2016"] == "12" and killed["ev:tongo-tongo-attack"] == "9"


def test_events_of_2015(catalogue):
    assert answer(catalogue, "events-timeline", "date", "event", **{"from": "2015", "to": "2015"}) == [
        ("2015", "ev:dicko-arrest-2015"), ("2015-05", "ev:isgs-pledge-2015"),
        ("2015-06", "ev:isgs-al-mourabitoun-battle-2015"), ("2015-06", "ev:algiers-accords-signing-2015")]


def test_people_killed_by_french_forces(catalogue):
    assert answer(catalogue, "people-killed", "person", "date", by="act:french-armed-forces") == [
        ("per:almansour-ag-alkassoum", "2018-11")]


def test_claims_about_katibat_serma(catalogue):
    assert answer(catalogue, "claims-about", "propertyLabel", "objectLabel", "value", "certaintyLabel",
                  actor="act:katibat-serma") == [
        ("associated with", "Group for the Support of Islam and Muslims", "", "reported"),
        ("name coined by", "Hèni Nsaibia", "", "stated"),
        ("operates in", "Sèrma forest", "", "stated"),
        ("organisational form", "", "largely autonomous collection of fighters associated with JNIM", "reported"),
        ("organisational form", "", "loose collection of fighters", "stated")]


def test_what_the_source_believes_about_ansarul_islam(catalogue):
    rows = answer(catalogue, "hedged-claims", "subjectLabel", "propertyLabel", "objectLabel",
                  certainty="cpt:believed", actor="act:ansarul-islam")
    assert sorted(rows) == [("Ansarul Islam", "in contact with", "Almansour Ag Alkassoum"),
                            ("Ansarul Islam", "in contact with", "Katibat AAA"),
                            ("Ansarul Islam", "in contact with", "Katibat Macina"),
                            ("Katibat AAA", "supports", "Ansarul Islam")]


def test_alleged_claims_are_hedged_by_default(catalogue):
    certainties = {row[0] for row in answer(catalogue, "hedged-claims", "certaintyLabel")}
    assert certainties == {"alleged", "believed"}


def test_signatories_of_the_algiers_accords(catalogue):
    assert answer(catalogue, "algiers-signatories", "group", "how", "via") == [
        ("act:cmfpr-1", "member of a signatory", "act:plateforme"),
        ("act:gatia", "member of a signatory", "act:plateforme"),
        ("act:hcua", "member of a signatory", "act:cma"),
        ("act:maa-cma", "member of a signatory", "act:cma"),
        ("act:maa-plateforme", "member of a signatory", "act:plateforme"),
        ("act:mnla", "member of a signatory", "act:cma"),
        ("act:cma", "signatory", ""), ("act:plateforme", "signatory", "")]


def test_cme_groups_are_outside_the_peace_process_but_in_some_of_its_parts(catalogue):
    rows = {row[0]: row[1:] for row in answer(catalogue, "outside-peace-process", "group", "participatesIn",
                                              "notPartOf")}
    for group in ("act:msa-c", "act:cpa", "act:cja", "act:fpa", "act:mpsa"):
        taking_part, not_part = (set(v.split(", ")) for v in rows[group])
        assert {"Comité Technique de la Sécurité", "Mécanisme Opérationnel de Coordination"} <= taking_part
        assert "Comité de Suivi des Accords" in not_part
    # Only the CMA and the Plateforme signed: every other non-jihadist armed group is outside, but the MAA,
    # whose factions sit in both ("part of the Mouvement Arabe de l’Azawad (MAA-CMA)", "the MAA-Plateforme").
    # The Peul self-defense groups and the hunters' brotherhoods are not profiled under "Non-Jihadists" and
    # carry no category.
    assert sorted(rows) == ["act:cja", "act:cme", "act:cpa", "act:dan-na-ambassagou", "act:dozo", "act:fpa",
                            "act:mpsa", "act:msa", "act:msa-c", "act:msa-d"]
    assert "Peace process in Mali" in rows["act:cme"][1]


def test_operation_barkhane_strength_budget_headquarters_and_bases(catalogue):
    rows = answer(catalogue, "foreign-operations", "operation", "troops", "budgetEURPerYear", "headquarters", "bases",
                  "partOf")
    assert rows == [
        ("act:eutm-mali", "", "", "", "1", "European Union"),
        ("act:eucap-sahel-mali", "", "", "", "1", "European Union"),
        ("act:eucap-sahel-niger", "", "", "", "0", "European Union"),
        ("act:minusma", "", "", "", "0", ""),
        ("act:misahel", "", "", "", "0", "African Union"),
        ("act:operation-barkhane", "4500", "600000000", "N’Djamena", "9", "French armed forces"),
        ("act:operation-sabre", "", "", "", "0", "French armed forces"),
        ("act:operation-serval", "", "", "", "0", "")]


def test_barkhane_sites(catalogue):
    rows = answer(catalogue, "operation-sites", "kind", "place")
    assert rows[0] == ("headquarters", "pl:ndjamena")
    assert sorted(place for kind, place in rows[1:]) == [
        "pl:agadez", "pl:arlit", "pl:gao", "pl:gossi", "pl:kidal", "pl:niamey", "pl:tessalit", "pl:tillaberi",
        "pl:timbuktu"]


def test_community_composition_of_the_msa_at_first(catalogue):
    assert answer(catalogue, "community-composition", "community", "qualifier", "timeNote", group="act:msa") == [
        ("com:chamanamass-tuareg", "", "at first"), ("com:dawsahak", "largely", "at first")]


def test_peul_fighters_of_ansarul_islam(catalogue):
    assert answer(catalogue, "community-composition", "group", "qualifier", community="com:peul") == [
        ("act:ansarul-islam", "largely")]


def test_relations_edge_list(catalogue):
    assert answer(catalogue, "actor-relations", "source", "propertyLabel", "target",
                  relation="sahel:clashedWith") == [
        ("act:dan-na-ambassagou", "clashed with", "act:peul-self-defence-groups")]
    assert answer(catalogue, "actor-relations", "target", "certaintyLabel", relation="sahel:cooperatesWith",
                  actor="act:isgs") == [("act:jnim", "possible")]


def test_countries_with_coordinates(catalogue):
    assert answer(catalogue, "places-with-coordinates", "place", "wkt", kind="sahel:Country") == [
        ("pl:algeria", "POINT(1.6596 28.0339)"), ("pl:burkina-faso", "POINT(-1.5616 12.2383)"),
        ("pl:chad", "POINT(18.7322 15.4542)"), ("pl:france", "POINT(2.2137 46.2276)"),
        ("pl:mali", "POINT(-3.9962 17.5707)"), ("pl:niger", "POINT(8.0817 17.6078)")]


def test_wikidata_items_of_actors(catalogue):
    rows = answer(catalogue, "wikidata-links", "thing", "match", "item")
    assert ("act:au", "same as", "wd:Q7159") in rows and ("act:dozo", "close match", "wd:Q1253567") in rows
    assert all(item.startswith("wd:Q") for _, _, item in rows)
    assert answer(catalogue, "wikidata-links", "thing", "item", "statusLabel", kind="sahel:Community") == [
        ("com:arab", "wd:Q35323", "single source"), ("com:bambara", "wd:Q504685", "single source"),
        ("com:dogon", "wd:Q215583", "single source"), ("com:peul", "wd:Q202575", "verified"),
        ("com:tuareg", "wd:Q58843", "verified")]


@pytest.mark.parametrize("text, found", [
    ("serma", ["act:katibat-serma", "pl:serma-forest"]),
    ("SÈRMA", ["act:katibat-serma", "pl:serma-forest"]),
    ("GSIM", ["act:jnim"]),
    ("ansar al din", ["act:ansar-al-din"]),
    ("ndjamena", ["pl:ndjamena", "site:barkhane-headquarters-ndjamena"]),
    ("groupe de soutien à l'islam", ["act:jnim"]),
    ("x\" } DELETE WHERE { ?s ?p ?o } #", []),
])
def test_name_search_ignores_case_accents_and_hyphens(catalogue, text, found):
    assert first(answer(catalogue, "name-search", "thing", text=text)) == found


def test_meaning_of_the_name_dan_na_ambassagou(catalogue):
    assert answer(catalogue, "group-aims", "aspect", "value", group="act:dan-na-ambassagou") == [
        ("meaning of the name", "those who put their trust in God (in Dogon)")]
