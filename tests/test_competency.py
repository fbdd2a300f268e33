"""Competency questions: what a researcher asks of the graph, answered over the served default graph.

Every expected answer is read from the source text, *MINUSMA – Actors of Conflict in Mali*
(the sentence it comes from is quoted next to the question), and follows the readings of the text
recorded in data/README.md where the text is ambiguous. The questions use both the sahel: vocabulary
and the W3C / schema.org / GeoSPARQL terms materialised at load.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from sahel_ld.namespaces import PREFIXES

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
# Longest namespace first, so that "https://w3id.org/sahel-ld/id/org/" wins over ".../id/".
NAMESPACES = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)

# "Ménaka" in the text names both a town and a region; the text does not say which.
MENAKA = "Ménaka"


def short(term) -> str | None:
    """A result term as a compact string: ``act:jnim``, ``2017-03^^xsd:gYearMonth``, ``plain text``."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        for prefix, iri in NAMESPACES:
            if str(term).startswith(iri):
                local = str(term)[len(iri):]
                if prefix == "pl" and local in ("menaka", "menaka-region"):
                    return MENAKA
                return f"{prefix}:{local}"
        return str(term)
    if isinstance(term, Literal) and term.datatype not in (None, XSD.string):
        return f"{term}^^{short(term.datatype)}"
    return str(term)


@pytest.fixture(scope="module")
def select(app):
    """Run a SELECT over the served default graph; the rows as tuples of compact strings."""
    dataset = app.extensions["sahel_ld"].dataset

    def run(query: str) -> list[tuple]:
        return [tuple(short(value) for value in row) for row in dataset.query(PROLOGUE + query)]

    return run


@pytest.fixture(scope="module")
def values(select):
    """The set of the first column of a SELECT."""

    def run(query: str) -> set:
        return {row[0] for row in select(query)}

    return run


@pytest.fixture(scope="module")
def ask(app):
    dataset = app.extensions["sahel_ld"].dataset

    def run(query: str) -> bool:
        return bool(dataset.query(PROLOGUE + query).askAnswer)

    return run


# --------------------------------------------------------------------------------------------------
# Who leads what, and since when
# --------------------------------------------------------------------------------------------------

def test_who_leads_which_organisation(select):
    # "Headed by Tuareg militant leader Iyad Ag Ghali"; "Katibat Macina leader Amadou Kouffa";
    # "One was formerly headed by … Almansour Ag Alkassoum"; "under the leadership of Malam Ibrahim Dicko";
    # "he was replaced by his brother, Jafar Dicko, as leader"; "The group’s leader, … Adnan Abu Walid
    # al-Sahraoui"; "its leader Abubakr al-Baghdadi"; "under the leadership of Moussa Ag Acharatoumane";
    # "operate under the military authority of Youssouf Toloba".
    assert set(select("SELECT ?p ?o WHERE { ?p sahel:headOf ?o }")) == {
        ("per:iyad-ag-ghali", "act:jnim"),
        ("per:amadou-kouffa", "act:katibat-macina"),
        ("per:almansour-ag-alkassoum", "act:katibat-aaa"),
        ("per:malam-ibrahim-dicko", "act:ansarul-islam"),
        ("per:jafar-dicko", "act:ansarul-islam"),
        ("per:adnan-abu-walid-al-sahraoui", "act:isgs"),
        ("per:abubakr-al-baghdadi", "act:islamic-state"),
        ("per:moussa-ag-acharatoumane", "act:msa"),
        ("per:youssouf-toloba", "act:dan-na-ambassagou"),
    }


def test_org_head_of_gives_the_same_leaders_as_sahel_head_of(select):
    assert set(select("SELECT ?p ?o WHERE { ?p org:headOf ?o }")) == set(
        select("SELECT ?p ?o WHERE { ?p sahel:headOf ?o }"))


@pytest.mark.parametrize(("organisation", "leaders"), [
    # "Headed by Tuareg militant leader Iyad Ag Ghali, JNIM …" (no date given)
    ("act:jnim", {("per:iyad-ag-ghali", None, None)}),
    # "Katibat Macina leader Amadou Kouffa"
    ("act:katibat-macina", {("per:amadou-kouffa", None, None)}),
    # "under the leadership of Malam Ibrahim Dicko" … "When Malam Dicko died in 2017, he was replaced by his
    # brother, Jafar Dicko, as leader."
    ("act:ansarul-islam", {("per:malam-ibrahim-dicko", None, "2017^^xsd:gYear"),
                           ("per:jafar-dicko", "2017^^xsd:gYear", None)}),
    # "The group’s leader, the former MUJAO commander Adnan Abu Walid al-Sahraoui"
    ("act:isgs", {("per:adnan-abu-walid-al-sahraoui", None, None)}),
    # "The MSA formed in September 2016 under the leadership of Moussa Ag Acharatoumane"
    ("act:msa", {("per:moussa-ag-acharatoumane", "2016-09^^xsd:gYearMonth", None)}),
    # "operate under the military authority of Youssouf Toloba"
    ("act:dan-na-ambassagou", {("per:youssouf-toloba", None, None)}),
    # "formerly headed by … Almansour Ag Alkassoum": the text does not say when he stopped; his death in
    # November 2018 is not an end date the text gives for his leadership.
    ("act:katibat-aaa", {("per:almansour-ag-alkassoum", None, None)}),
])
def test_who_led_an_organisation_and_from_when_until_when(select, organisation, leaders):
    rows = select(f"""
        SELECT ?leader ?start ?end WHERE {{
          ?claim a sahel:Claim ; sahel:property sahel:headOf ; sahel:object {organisation} ;
                 sahel:subject ?leader .
          FILTER NOT EXISTS {{ ?claim sahel:negated true }}
          OPTIONAL {{ ?claim sahel:startDate ?start }}
          OPTIONAL {{ ?claim sahel:endDate ?end }}
        }}""")
    assert set(rows) == leaders


def test_who_led_ansarul_islam_before_2017_and_who_after(select):
    # "When Malam Dicko died in 2017, he was replaced by his brother, Jafar Dicko, as leader."
    before = select("""
        SELECT ?p WHERE { ?c sahel:subject ?p ; sahel:property sahel:headOf ; sahel:object act:ansarul-islam ;
                             sahel:endDate ?end . FILTER(STR(?end) <= "2017") }""")
    after = select("""
        SELECT ?p WHERE { ?c sahel:subject ?p ; sahel:property sahel:headOf ; sahel:object act:ansarul-islam ;
                             sahel:startDate ?start . FILTER(STR(?start) >= "2017") }""")
    assert before == [("per:malam-ibrahim-dicko",)]
    assert after == [("per:jafar-dicko",)]


def test_katibat_aaa_leadership_is_an_org_membership_without_an_end_inferred_from_his_death(select):
    # "formerly headed by … Almansour Ag Alkassoum": a leadership the text does not end at a date.
    assert select("""
        SELECT ?member ?role WHERE {
          ?m a org:Membership ; org:organization act:katibat-aaa ; org:member ?member ; org:role ?role .
        }""") == [("per:almansour-ag-alkassoum", "cpt:leader")]
    assert select("""
        SELECT ?end WHERE { ?m a org:Membership ; org:organization act:katibat-aaa ; org:memberDuring ?period .
                            ?period time:hasEnd ?end }""") == []


def test_jafar_dicko_replaced_his_brother_as_leader_in_2017(select):
    # "When Malam Dicko died in 2017, he was replaced by his brother, Jafar Dicko, as leader."
    assert set(select("SELECT ?a ?b WHERE { ?a sahel:replacedAsLeader ?b }")) == {
        ("per:jafar-dicko", "per:malam-ibrahim-dicko")}
    assert select("""
        SELECT ?d WHERE { ?c sahel:subject per:jafar-dicko ; sahel:property sahel:replacedAsLeader ;
                             sahel:object per:malam-ibrahim-dicko ; sahel:date ?d }""") == [("2017^^xsd:gYear",)]
    # "his brother"
    assert select("""
        SELECT ?q WHERE { { per:jafar-dicko sahel:siblingOf per:malam-ibrahim-dicko }
                          UNION { per:malam-ibrahim-dicko sahel:siblingOf per:jafar-dicko } BIND(1 AS ?q) }""")


def test_military_commanders_named_by_the_text(select):
    # "the former MUJAO commander Adnan Abu Walid al-Sahraoui"; "the group’s former military commander Adam Ag
    # Albachir" (the MSA); "the military authority of Youssouf Toloba".
    rows = select("SELECT ?p ?o WHERE { ?p sahel:militaryCommanderOf ?o }")
    assert {person for person, _ in rows} == {
        "per:adnan-abu-walid-al-sahraoui", "per:adam-ag-albachir", "per:youssouf-toloba"}
    assert ("per:adnan-abu-walid-al-sahraoui", "act:mujao") in rows
    assert ("per:youssouf-toloba", "act:dan-na-ambassagou") in rows


def test_moussa_ag_acharatoumane_was_a_founding_member_and_political_representative_of_the_mnla(select):
    # "a young intellectual who was a founding member and political representative of the MNLA"
    assert set(select("SELECT ?p ?o WHERE { per:moussa-ag-acharatoumane ?p ?o . ?p a owl:ObjectProperty "
                      "FILTER(?o = act:mnla) }")) >= {("sahel:foundingMemberOf", "act:mnla"),
                                                       ("sahel:politicalRepresentativeOf", "act:mnla")}
    # both are memberships of the MNLA in W3C ORG terms
    assert select("SELECT ?o WHERE { per:moussa-ag-acharatoumane org:memberOf ?o }") == [("act:mnla",)]


# --------------------------------------------------------------------------------------------------
# Coalitions and their members
# --------------------------------------------------------------------------------------------------

COALITION_MEMBERS = {
    # "its component parts – Ansar al-Dinal-Qaeda in the Islamic Maghreb (AQIM), al-Mourabitoun, and Katibat
    # Macina" (README: Ansar al-Din and AQIM run together)
    "act:jnim": {"act:ansar-al-din", "act:aqim", "act:al-mourabitoun", "act:katibat-macina"},
    # "It is composed of the … (MNLA), the … (HCUA), and part of the Mouvement Arabe de l’Azawad (MAA-CMA)."
    "act:cma": {"act:mnla", "act:hcua", "act:maa-cma"},
    # "The main groups that make up the Plateforme are: … (GATIA), the MAA-Plateforme, and … (CMFPR-1)."
    "act:plateforme": {"act:gatia", "act:maa-plateforme", "act:cmfpr-1"},
    # "They include the MSA-C, the Coalition du Peuple pour l’Azawad …, the Congrès Pour la Justice dans
    # l’Azawad …, the Front Populaire de l’Azawad (FPA), and the Mouvement Populaire pour le Salut de l’Azawad"
    "act:cme": {"act:msa-c", "act:cpa", "act:cja", "act:fpa", "act:mpsa"},
}


@pytest.mark.parametrize("coalition", sorted(COALITION_MEMBERS))
def test_members_of_a_coalition(values, coalition):
    assert values(f"SELECT ?m WHERE {{ ?m sahel:memberOf {coalition} }}") == COALITION_MEMBERS[coalition]


@pytest.mark.parametrize("coalition", sorted(COALITION_MEMBERS))
def test_members_of_a_coalition_in_w3c_org_terms(values, coalition):
    assert values(f"SELECT ?m WHERE {{ ?m org:memberOf {coalition} ; a org:Organization }}") == \
        COALITION_MEMBERS[coalition]


def test_coalitions_are_typed_as_coalitions(values):
    # "an umbrella coalition" (JNIM), "an umbrella organisation" (CMA), "comprises several groups"
    # (Plateforme), "a loose coalition of armed groups" (CME)
    assert values("SELECT ?c WHERE { ?c a sahel:Coalition }") == set(COALITION_MEMBERS)


def test_jnim_memberships_begin_with_its_announcement_in_march_2017(select):
    # "JNIM … announced its existence in March 2017 in a video release featuring the leaders of its
    # component parts"
    rows = select("""
        SELECT ?member ?begin WHERE {
          ?m a org:Membership ; org:organization act:jnim ; org:member ?member ; org:role cpt:member ;
             org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?begin .
        }""")
    assert set(rows) == {(member, "2017-03^^xsd:gYearMonth") for member in COALITION_MEMBERS["act:jnim"]}


def test_katibat_aaa_and_katibat_serma_are_associated_with_jnim_but_not_members(select, values):
    # "these groups are largely autonomous collections of fighters associated with JNIM", "According to
    # local sources as well as international security observers"
    rows = select("""
        SELECT ?g ?certainty WHERE { ?c sahel:subject ?g ; sahel:property sahel:associatedWith ;
                                        sahel:object act:jnim ; sahel:certainty ?certainty .
                                     FILTER(?g IN (act:katibat-aaa, act:katibat-serma)) }""")
    assert set(rows) == {("act:katibat-aaa", "cpt:reported"), ("act:katibat-serma", "cpt:reported")}
    assert values("SELECT ?g WHERE { ?g sahel:memberOf act:jnim }").isdisjoint(
        {"act:katibat-aaa", "act:katibat-serma"})


def test_msa_d_is_allied_with_gatia_but_not_part_of_the_plateforme(select, ask):
    # "The MSA-D is the component part of the alliance with GATIA (though not a part of the Plateforme)"
    assert ask("ASK { { act:msa-d sahel:alliedWith act:gatia } UNION { act:gatia sahel:alliedWith act:msa-d } }")
    assert not ask("ASK { act:msa-d sahel:memberOf act:plateforme }")
    assert select("""
        SELECT ?c WHERE { ?c sahel:subject act:msa-d ; sahel:property sahel:memberOf ; sahel:object act:plateforme ;
                             sahel:negated true }""") != []


def test_branches_of_the_msa(values):
    # "the Chamanamass soon split away and constituted a separate MSA branch, referred to here as the MSA-C"
    assert values("SELECT ?b WHERE { ?b sahel:componentOf act:msa }") == {"act:msa-c"}
    assert values("SELECT ?b WHERE { ?b org:subOrganizationOf act:msa }") == {"act:msa-c"}


def test_is_the_msa_d_a_component_of_the_msa_is_not_asserted(ask):
    # "The MSA-D is the component part of the alliance with GATIA": the whole it is a component of is the
    # alliance; the text never says that the MSA-D is a component of the MSA, so neither a triple nor a claim.
    assert not ask("ASK { act:msa-d sahel:componentOf act:msa }")
    assert not ask("ASK { act:msa-d org:subOrganizationOf act:msa }")
    assert not ask("ASK { ?c sahel:subject act:msa-d ; sahel:property sahel:componentOf ; sahel:object act:msa }")


def test_a_commander_of_the_msa_d_is_not_a_leader_of_the_msa(values):
    # "assassinations of key MSA figures like the group’s former military commander Adam Ag Albachir": the
    # group is the MSA-D; he is a key MSA figure (a member), not the MSA's commander.
    assert values("SELECT ?o WHERE { per:adam-ag-albachir sahel:militaryCommanderOf ?o }") == {"act:msa-d"}
    assert values("SELECT ?p WHERE { ?p sahel:militaryCommanderOf act:msa }") == set()
    assert values("SELECT ?p WHERE { ?p sahel:headOf act:msa }") == {"per:moussa-ag-acharatoumane"}
    assert values("SELECT ?m WHERE { ?m sahel:memberOf act:msa }") >= {"per:adam-ag-albachir", "per:hadama-ag-haynaha"}


def test_maa_is_divided_between_the_cma_and_the_plateforme(select):
    # "part of the Mouvement Arabe de l’Azawad (MAA-CMA)"; "the MAA-Plateforme"
    assert set(select("""
        SELECT ?f ?coalition WHERE { ?f sahel:componentOf act:maa ; sahel:memberOf ?coalition }""")) == {
        ("act:maa-cma", "act:cma"), ("act:maa-plateforme", "act:plateforme")}


def test_source_category_jihadist_in_w3c_org_terms(values):
    # The organisations of the part headed "Jihadists" (spec/VOCAB.md inventory, category J).
    assert values("SELECT ?o WHERE { ?o org:classification cpt:jihadist }") == {
        "act:jnim", "act:ansar-al-din", "act:aqim", "act:al-mourabitoun", "act:katibat-macina",
        "act:katibat-aaa", "act:katibat-serma", "act:ansarul-islam", "act:isgs", "act:islamic-state",
        "act:al-qaeda", "act:mujao"}


def test_source_category_foreign_actor_in_w3c_org_terms(values):
    # The part headed "Foreign Actors": Barkhane (and Serval, Sabre), the EU and its three missions, the AU
    # and MISAHEL.
    assert values("SELECT ?o WHERE { ?o org:classification cpt:foreign-actor }") == {
        "act:operation-barkhane", "act:operation-serval", "act:operation-sabre", "act:eu", "act:eutm-mali",
        "act:eucap-sahel-mali", "act:eucap-sahel-niger", "act:au", "act:misahel"}


# --------------------------------------------------------------------------------------------------
# Splits, successions and allegiances
# --------------------------------------------------------------------------------------------------

def test_who_split_from_whom(select):
    # ISGS: "the outgrowth of a schism within MUJAO"; MSA: "broke away from the CMA and especially from the
    # MNLA"; MSA-C: "the Chamanamass soon split away and constituted a separate MSA branch".
    rows = set(select("SELECT ?a ?b WHERE { ?a sahel:splitFrom ?b FILTER(?a != act:cme) }"))
    assert {("act:isgs", "act:mujao"), ("act:msa", "act:cma"), ("act:msa", "act:mnla"),
            ("act:msa-c", "act:msa")} <= rows


def test_what_the_cme_groups_split_away_from(values, select):
    # "These groups have largely localised power bases and split away either from the CMA (especially the
    # MNLA) or the Plateforme. They include the MSA-C, …": a disjunction. Each group split from one of them,
    # the text does not say which; the CME did not split from all three. (The MSA-C split from the MSA.)
    assert values("""
        SELECT ?from WHERE {
          ?g sahel:splitFrom ?from .
          FILTER(?g = act:cme || EXISTS { ?g sahel:memberOf act:cme })
        }""") == {"act:msa"}
    rows = select("SELECT ?g ?from WHERE { ?g sahel:splitFromOneOf ?from }")
    assert set(rows) == {(g, f) for g in COALITION_MEMBERS["act:cme"]
                         for f in ("act:cma", "act:mnla", "act:plateforme")}


def test_split_events_in_w3c_org_terms(select):
    # The MUJAO schism gave ISGS; the MSA broke away from the CMA and the MNLA; the MSA-C split from the MSA.
    rows = set(select("""
        SELECT ?event ?from ?to WHERE {
          ?event a sahel:Split, org:ChangeEvent ; org:originalOrganization ?from ; org:resultingOrganization ?to }"""))
    assert rows >= {("ev:mujao-schism", "act:mujao", "act:isgs"),
                    ("ev:msa-breakaway", "act:cma", "act:msa"),
                    ("ev:msa-breakaway", "act:mnla", "act:msa"),
                    ("ev:msa-c-split", "act:msa", "act:msa-c")}
    # org:resultedFrom is the inverse the ORG vocabulary declares
    assert ("ev:mujao-schism",) in select("SELECT ?e WHERE { act:isgs org:resultedFrom ?e }")


def test_the_mujao_schism_is_undated(select):
    # "the outgrowth of a schism within MUJAO": the text gives no date.
    assert select("SELECT ?d WHERE { ev:mujao-schism sahel:date ?d }") == []


def test_barkhane_succeeded_serval_in_august_2014(select):
    # "The French-led Operation Barkhane succeeded Operation Serval in August 2014"
    assert select("SELECT ?o WHERE { act:operation-barkhane sahel:succeeded ?o }") == [("act:operation-serval",)]
    assert set(select("""
        SELECT ?from ?to ?date WHERE {
          ?e a sahel:Succession ; org:originalOrganization ?from ; org:resultingOrganization ?to ;
             schema:startDate ?date }""")) == {
        ("act:operation-serval", "act:operation-barkhane", "2014-08^^xsd:gYearMonth")}


def test_isgs_pledge_of_may_2015_recognised_in_october_2016(select):
    # "declared his adherence to the Islamic State in May 2015, although ISIS only recognised the pledge of
    # allegiance (bay’a) to its leader Abubakr al-Baghdadi in October 2016"
    assert set(select("""
        SELECT ?by ?pledged ?recognisedBy ?recognised WHERE {
          ?pledge a sahel:Pledge ; sahel:pledgedBy ?by ; sahel:pledgedTo act:islamic-state ; sahel:date ?pledged .
          ?recognition a sahel:Recognition ; sahel:recognises ?pledge ; sahel:recognisedBy ?recognisedBy ;
                       sahel:date ?recognised .
        }""")) == {("per:adnan-abu-walid-al-sahraoui", "2015-05^^xsd:gYearMonth", "act:islamic-state",
                    "2016-10^^xsd:gYearMonth")}


def test_whom_al_sahraoui_pledged_allegiance_to_and_since_when(select):
    # "declared his adherence to the Islamic State in May 2015" … "the pledge of allegiance (bay’a) to its
    # leader Abubakr al-Baghdadi"
    rows = select("""
        SELECT ?to ?start WHERE { ?c sahel:subject per:adnan-abu-walid-al-sahraoui ; sahel:property sahel:allegianceTo ;
                                     sahel:object ?to ; sahel:startDate ?start }""")
    assert set(rows) == {("act:islamic-state", "2015-05^^xsd:gYearMonth"),
                         ("per:abubakr-al-baghdadi", "2015-05^^xsd:gYearMonth")}


def test_isgs_is_a_local_branch_of_the_islamic_state(select):
    # "This local branch of the Islamic State group (ISIS) was at first self-proclaimed"
    assert select("SELECT ?p WHERE { act:isgs sahel:branchOf ?p }") == [("act:islamic-state",)]
    assert ("act:islamic-state",) in select("SELECT ?p WHERE { act:isgs org:subOrganizationOf ?p }")
    assert select("""
        SELECT ?note WHERE { ?c sahel:subject act:isgs ; sahel:property sahel:branchOf ; sahel:timeNote ?note }""") \
        == [("at first self-proclaimed",)]


def test_jnim_maintains_its_allegiance_to_al_qaeda(values):
    # "It maintains its allegiance to al-Qaeda"
    assert values("SELECT ?o WHERE { act:jnim sahel:allegianceTo ?o }") == {"act:al-qaeda"}


# --------------------------------------------------------------------------------------------------
# Where the groups operate
# --------------------------------------------------------------------------------------------------

AREAS = {
    # "JNIM continues to operate throughout Mali and into Burkina Faso and Niger"
    "act:jnim": {"pl:mali", "pl:burkina-faso", "pl:niger"},
    # "operate extensively between the Malian towns of Douentza, Boni, and Hombori"; "believed to have
    # conducted some operations in Burkina Faso"
    "act:katibat-aaa": {"pl:douentza-boni-hombori-area", "pl:burkina-faso"},
    # "operating largely in the Sèrma forest near Burkina Faso"
    "act:katibat-serma": {"pl:serma-forest"},
    # "the northern provinces of Burkina Faso"; "across northern and eastern Burkina Faso, as well as operating
    # on the other side of the Malian border"; "along Burkina Faso’s border with Niger"
    "act:ansarul-islam": {"pl:northern-burkina-faso", "pl:eastern-burkina-faso", "pl:mali",
                          "pl:mali-burkina-faso-border", "pl:niger-burkina-faso-border"},
    # "operated first in western Niger and Ménaka, in north-eastern Mali, while also conducting several
    # attacks in Burkina Faso"; "expanded … along the Niger-Burkina Faso border, as well as into the Gourma"
    "act:isgs": {"pl:western-niger", MENAKA, "pl:burkina-faso", "pl:mali-burkina-faso-border",
                 "pl:niger-burkina-faso-border", "pl:gourma"},
    # "in the eastern part of the Gao region as well as in Ménaka"
    "act:msa-d": {"pl:eastern-gao-region", MENAKA},
    # "the central and eastern part of the Mopti region, … the “Pays Dogon”"; "very present around Bankass,
    # Bandiagara, Koro, and Mondoro"
    "act:dan-na-ambassagou": {"pl:central-and-eastern-mopti-region", "pl:pays-dogon", "pl:bankass",
                              "pl:bandiagara", "pl:koro", "pl:mondoro"},
}


@pytest.mark.parametrize("group", sorted(AREAS))
def test_where_a_group_operates(values, group):
    assert values(f"SELECT ?place WHERE {{ {group} sahel:operatesIn ?place }}") == AREAS[group]


@pytest.mark.parametrize("group", sorted(AREAS))
def test_where_a_group_operates_as_schema_area_served(values, group):
    assert values(f"SELECT ?place WHERE {{ {group} schema:areaServed ?place }}") == AREAS[group]


def test_the_dozo_exist_near_three_towns_not_in_them(values):
    # "exist in areas near Douentza, Djenné, and Segou": nearness, a relation of its own.
    assert values("SELECT ?p WHERE { act:dozo sahel:near ?p }") == {"pl:douentza", "pl:djenne", "pl:segou"}
    assert values("SELECT ?p WHERE { act:dozo sahel:operatesIn ?p }") == set()


def test_groups_operating_in_the_mopti_region_found_through_geo_sf_within(values):
    # Places in the Mopti region named as areas of operation: the area between Douentza, Boni and Hombori
    # (AAA), the Sèrma forest (Sèrma), the central and eastern Mopti region, Bankass, Bandiagara, Koro,
    # Mondoro (Dan Na Ambassagou). The Dozo exist near Douentza and Djenné, not in them.
    assert values("""
        SELECT DISTINCT ?group WHERE {
          ?group sahel:operatesIn ?place .
          { ?place geo:sfWithin+ pl:mopti-region } UNION { FILTER(?place = pl:mopti-region) }
        }""") == {"act:katibat-aaa", "act:katibat-serma", "act:dan-na-ambassagou"}


def test_where_the_cme_groups_are_based(select):
    # "the Coalition du Peuple pour l’Azawad based in Timbuktu and the Gourma"; "the Congrès Pour la Justice
    # dans l’Azawad … based in and around Timbuktu"
    rows = set(select("SELECT ?g ?p WHERE { ?g sahel:basedIn ?p ; sahel:memberOf act:cme }"))
    assert rows == {("act:cpa", "pl:timbuktu"), ("act:cpa", "pl:gourma"), ("act:cja", "pl:timbuktu"),
                    ("act:cja", "pl:timbuktu-area")}


def test_katibat_serma_name_was_coined_by_the_analyst_heni_nsaibia(select):
    # "with the appellation “Katibat Sèrma” coined by the analyst Hèni Nsaibia"
    assert select("""
        SELECT ?who ?role WHERE { act:katibat-serma sahel:nameCoinedBy ?who . ?who sahel:role ?role }""") == [
        ("per:heni-nsaibia", "cpt:analyst")]


# --------------------------------------------------------------------------------------------------
# Attacks, killings, deaths
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("event", "expected"), [
    # "It took credit for the January 2019 attack that killed ten UN peacekeepers in Aguelhoc"
    ("ev:aguelhok-attack-2019", {"date": "2019-01^^xsd:gYearMonth", "killed": "10^^xsd:integer",
                                 "location": "pl:aguelhok", "claimedBy": "act:jnim", "perpetrator": None}),
    # "The group’s first attack against Burkinabe forces was in December 2016, when they killed 12 gendarmes
    # in Nassoumbou."
    ("ev:nassoumbou-attack-2016", {"date": "2016-12^^xsd:gYearMonth", "killed": "12^^xsd:integer",
                                   "location": "pl:nassoumbou", "claimedBy": None,
                                   "perpetrator": "act:ansarul-islam"}),
    # "ISGS fighters were responsible for the deadly attack that killed four American soldiers and five
    # Nigerien soldiers at Tongo Tongo" (no date in the text)
    ("ev:tongo-tongo-attack", {"date": None, "killed": "9^^xsd:integer", "location": "pl:tongo-tongo",
                               "claimedBy": None, "perpetrator": "act:isgs"}),
])
def test_which_attack_killed_how_many_where_and_who_claimed_it(select, event, expected):
    rows = select(f"""
        SELECT ?date ?killed ?location ?claimedBy ?perpetrator WHERE {{
          {event} a sahel:Attack .
          OPTIONAL {{ {event} sahel:date ?date }}
          OPTIONAL {{ {event} sahel:killedCount ?killed }}
          OPTIONAL {{ {event} sahel:location ?location }}
          OPTIONAL {{ {event} sahel:claimedBy ?claimedBy }}
          OPTIONAL {{ {event} sahel:perpetrator ?perpetrator }}
        }}""")
    assert rows == [tuple(expected[k] for k in ("date", "killed", "location", "claimedBy", "perpetrator"))]


def test_tongo_tongo_victims_were_american_and_nigerien_soldiers_in_the_tillabery_region(select, values):
    # "killed four American soldiers and five Nigerien soldiers at Tongo Tongo in the province of Tillabéry"
    assert values("SELECT ?t WHERE { ev:tongo-tongo-attack sahel:target ?t }") == {
        "act:us-armed-forces", "act:nigerien-armed-forces"}
    assert select("SELECT ?n WHERE { ev:tongo-tongo-attack sahel:casualtyNote ?n }") == [
        ("four American soldiers and five Nigerien soldiers",)]
    # README: Tillabéry "province" is Niger's Tillabéri Region
    assert values("SELECT ?w WHERE { ev:tongo-tongo-attack schema:location/geo:sfWithin+ ?w }") == {
        "pl:tillaberi-region", "pl:niger"}


def test_attacks_claimed_by_jnim(values):
    # "It took credit for the January 2019 attack … in Aguelhoc, recent devastating attacks on Malian army
    # bases in Dioura and Guiré, and several attacks against security forces as well as other armed groups in
    # Niger and Burkina Faso"
    assert values("SELECT ?e WHERE { ?e sahel:claimedBy act:jnim }") == {
        "ev:aguelhok-attack-2019", "ev:dioura-attack", "ev:guire-attack", "ev:jnim-claimed-attacks-niger-burkina-faso"}


def test_what_jnim_took_credit_for_is_a_claim_of_responsibility_not_a_perpetration(values, ask):
    # "took credit for … several attacks against security forces as well as other armed groups in Niger and
    # Burkina Faso": claimed, not stated as done; "security forces" is not necessarily a national army.
    assert values("SELECT ?e WHERE { ?e sahel:perpetrator act:jnim }") == set()
    assert values("SELECT ?t WHERE { act:jnim sahel:attacked ?t }") == set()
    assert values("SELECT ?k WHERE { ev:jnim-claimed-attacks-niger-burkina-faso sahel:targetKind ?k }") == {
        "cpt:security-forces", "cpt:other-armed-groups"}
    assert values("SELECT ?p WHERE { ev:jnim-claimed-attacks-niger-burkina-faso sahel:location ?p }") == {
        "pl:niger", "pl:burkina-faso"}
    assert not ask("ASK { ev:jnim-claimed-attacks-niger-burkina-faso sahel:target ?t }")


def test_events_perpetrated_by_isgs(select):
    # Tongo Tongo; "an attack on a high-security prison near Niger’s capital Niamey in October 2016"
    assert set(select("""
        SELECT ?e ?d WHERE { ?e sahel:perpetrator act:isgs OPTIONAL { ?e schema:startDate ?d } }""")) == {
        ("ev:tongo-tongo-attack", None), ("ev:koutoukale-prison-attack-2016", "2016-10^^xsd:gYearMonth")}


def test_isgs_and_al_mourabitoun_fought_in_june_2015_and_then_avoided_clashes(select, ask):
    # "ISGS fighters fought a battle in June 2015 with al-Mourabitoun fighters loyal to Mokhtar Belmokhtar,
    # but subsequently the groups have avoided clashes."
    assert set(select("""
        SELECT ?date ?p WHERE { ?b a sahel:Battle ; sahel:date ?date ; sahel:participant ?p }""")) == {
        ("2015-06^^xsd:gYearMonth", "act:isgs"), ("2015-06^^xsd:gYearMonth", "act:al-mourabitoun-belmokhtar-loyalists")}
    assert not ask("ASK { act:isgs sahel:clashedWith act:al-mourabitoun }")
    assert ask("""ASK { ?c sahel:subject act:isgs ; sahel:property sahel:clashedWith ;
                          sahel:object act:al-mourabitoun ; sahel:negated true }""")


def test_whom_isgs_attacked(values):
    # "dozens of attacks against Nigerien, Malian, and Burkinabe troops, militias like the Mouvement pour le
    # Salut de l’Azawad (MSA), and Groupe d’Autodéfense Tuareg Imghad et Alliés (GATIA)"
    assert values("SELECT ?t WHERE { act:isgs sahel:attacked ?t }") == {
        "act:nigerien-armed-forces", "act:malian-armed-forces", "act:burkinabe-armed-forces", "act:msa", "act:gatia"}


def test_assassinations_of_msa_figures_with_their_dates(select):
    # "assassinations of key MSA figures like the group’s former military commander Adam Ag Albachir in
    # October 2017 and Hadama Ag Haynaha in April 2019"
    assert set(select("""
        SELECT ?victim ?date WHERE { ?e a sahel:Assassination ; sahel:victim ?victim ; schema:startDate ?date }""")) == {
        ("per:adam-ag-albachir", "2017-10^^xsd:gYearMonth"), ("per:hadama-ag-haynaha", "2019-04^^xsd:gYearMonth")}


def test_assassinations_target_the_msa_d_as_the_readings_of_the_text_say(values):
    # README: "the statements that follow it in the paragraph (… the assassinations of “key MSA figures”) are
    # read as about the MSA-D".
    assert values("SELECT ?t WHERE { ?e a sahel:Assassination ; sahel:target ?t }") == {"act:msa-d"}


def test_almansour_ag_alkassoum_was_killed_in_a_french_operation_in_november_2018(select, values):
    # "Ag Alkassoum’s death during a French military operation in November 2018"; Barkhane "has undertaken
    # operations to kill … Almansour Ag Alkassoum" (README: one killing, by the French forces and Barkhane)
    assert select("""
        SELECT ?e ?date WHERE { ?e a sahel:Killing ; sahel:victim per:almansour-ag-alkassoum ; sahel:date ?date }""") == [
        ("ev:almansour-killing-2018", "2018-11^^xsd:gYearMonth")]
    assert values("SELECT ?p WHERE { ev:almansour-killing-2018 sahel:perpetrator ?p }") == {
        "act:french-armed-forces", "act:operation-barkhane"}
    assert values("SELECT ?p WHERE { ev:almansour-killing-2018 prov:wasAssociatedWith ?p }") == {
        "act:french-armed-forces", "act:operation-barkhane"}


def test_malam_dicko_died_in_2017_a_year_precision_date(select):
    # "When Malam Dicko died in 2017"
    assert select("""
        SELECT ?date WHERE { ?e a sahel:Death ; sahel:concerns per:malam-ibrahim-dicko ; sahel:date ?date }""") == [
        ("2017^^xsd:gYear",)]


def test_malam_dicko_was_arrested_by_french_forces_in_mali_in_2015_and_later_released(select):
    # "arrested by French forces in Mali in 2015 and then later released"
    assert select("""
        SELECT ?by ?where ?date WHERE { ?e a sahel:Arrest ; sahel:concerns per:malam-ibrahim-dicko ;
                                           sahel:perpetrator ?by ; sahel:location ?where ; sahel:date ?date }""") == [
        ("act:french-armed-forces", "pl:mali", "2015^^xsd:gYear")]
    assert select("""
        SELECT ?note WHERE { ?e a sahel:Release ; sahel:concerns per:malam-ibrahim-dicko .
                             ?c sahel:subject ?e ; sahel:timeNote ?note }""") == [("later",)]


def test_massacres_believed_committed_by_dan_na_ambassagou(select):
    # "are believed to have committed a series of massacres against Peul populations, including at Kolougon
    # in January 2019 and Ogossagou in April 2019"
    assert set(select("""
        SELECT ?place ?date ?certainty WHERE {
          ?e a sahel:Massacre ; schema:location ?place ; schema:startDate ?date ; sahel:target com:peul .
          ?c sahel:subject ?e ; sahel:property sahel:perpetrator ; sahel:object act:dan-na-ambassagou ;
             sahel:certainty ?certainty .
        }""")) == {("pl:kolougon", "2019-01^^xsd:gYearMonth", "cpt:believed"),
                   ("pl:ogossagou", "2019-04^^xsd:gYearMonth", "cpt:believed")}


def test_barkhane_killed_two_of_the_five_founding_leaders_of_jnim(select):
    # "operations to kill important jihadist leaders, including two of the five founding leaders of … JNIM"
    assert select("""
        SELECT ?n WHERE { ?e sahel:perpetrator act:operation-barkhane ; sahel:target act:jnim ;
                             sahel:killedCount ?n }""") == [("2^^xsd:integer",)]


# --------------------------------------------------------------------------------------------------
# Certainty: believed, alleged, possible, reported, ostensible
# --------------------------------------------------------------------------------------------------

def test_the_only_possible_statement_is_isgs_cooperation_with_jnim(select):
    # "At times, ISGS has operated in proximity – and possibly even cooperation – with fighters from JNIM."
    assert select("""
        SELECT ?s ?p ?o ?note WHERE { ?c sahel:certainty cpt:possible ; sahel:subject ?s ; sahel:property ?p ;
                                         sahel:object ?o OPTIONAL { ?c sahel:timeNote ?note } }""") == [
        ("act:isgs", "sahel:cooperatesWith", "act:jnim", "at times")]


def test_isgs_operating_in_proximity_to_jnim_is_stated(select):
    assert select("""
        SELECT ?certainty WHERE { ?c sahel:subject act:isgs ; sahel:property sahel:operatesInProximityTo ;
                                     sahel:object act:jnim ; sahel:certainty ?certainty }""") == [("cpt:stated",)]


def test_alleged_statements_by_subject(select):
    # Dan Na Ambassagou: "have also alleged that several former Malian military officers … are involved with
    # Dan Na Ambassagou, and that their fighters have at times cooperated with Malian defense and security
    # forces"; Dozo: "allegedly responsible for atrocities"; Katibat AAA: "purportedly operating at times both
    # with JNIM and groups close to JNIM like Ansarul Islam"; "alleging that jihadists affiliated with Katibat
    # Macina take refuge there"; "Peul self-defense groups, which they accuse of cooperating with jihadist
    # fighters"; MSA-D: "it too has faced accusations of theft and abuses against civilians"; EUTM and EUCAP:
    # "in part in response to concerns that they had overly focused their activities in southern Mali".
    rows = select("SELECT ?s ?c WHERE { ?c sahel:certainty cpt:alleged ; sahel:subject ?s }")
    assert Counter(subject for subject, _ in rows) == Counter({
        "act:dan-na-ambassagou": 2, "act:dozo": 1, "act:katibat-aaa": 2, "act:katibat-macina": 1,
        "act:peul-self-defence-groups": 1, "act:msa-d": 1, "act:eutm-mali": 2, "act:eucap-sahel-mali": 2})


def test_dan_na_ambassagou_cooperation_with_malian_forces_is_only_alleged_by_peul_activists(select):
    assert select("""
        SELECT ?certainty ?by ?note WHERE {
          ?c sahel:subject act:dan-na-ambassagou ; sahel:property sahel:cooperatesWith ;
             sahel:object act:malian-defence-and-security-forces ; sahel:certainty ?certainty ;
             sahel:attributedTo ?by ; sahel:timeNote ?note }""") == [
        ("cpt:alleged", "Peul activists and NGO officials", "at times")]


def test_katibat_aaa_operating_with_jnim_and_ansarul_islam_is_purported(select):
    # "while also purportedly operating at times both with JNIM and groups close to JNIM like Ansarul Islam"
    assert set(select("""
        SELECT ?o ?certainty WHERE { ?c sahel:subject act:katibat-aaa ; sahel:property sahel:cooperatesWith ;
                                        sahel:object ?o ; sahel:certainty ?certainty }""")) == {
        ("act:jnim", "cpt:alleged"), ("act:ansarul-islam", "cpt:alleged")}


def test_dozo_atrocities_are_alleged(select):
    # "even as they have still been allegedly responsible for atrocities in these areas"
    assert select("""
        SELECT ?certainty WHERE { ?c sahel:subject act:dozo ; sahel:certainty ?certainty ;
                                     sahel:quote ?q FILTER(CONTAINS(?q, "atrocities")) }""") == [("cpt:alleged",)]


def test_ansarul_islam_is_believed_to_be_in_contact_with_katibat_macina_and_almansour(select):
    # "It is believed to be in close contact with members of Katibat Macina as well as Almansour Ag Alkassoum
    # (before his death) and his fighters."
    assert set(select("""
        SELECT ?o ?certainty WHERE { ?c sahel:subject act:ansarul-islam ; sahel:property sahel:inContactWith ;
                                        sahel:object ?o ; sahel:certainty ?certainty }""")) == {
        ("act:katibat-macina", "cpt:believed"), ("per:almansour-ag-alkassoum", "cpt:believed"),
        ("act:katibat-aaa", "cpt:believed")}


def test_katibat_aaa_operations_in_burkina_faso_are_believed(select):
    # "It is also believed to have conducted some operations in Burkina Faso in support of the Burkinabe
    # jihadist group Ansarul Islam"
    assert set(select("""
        SELECT ?p ?o WHERE { ?c sahel:subject act:katibat-aaa ; sahel:property ?p ; sahel:object ?o ;
                                sahel:certainty cpt:believed }""")) == {
        ("sahel:operatesIn", "pl:burkina-faso"), ("sahel:supports", "act:ansarul-islam")}


def test_certainty_counts_of_the_hedged_claims_about_katibat_aaa(select):
    # reported: "According to local sources …, … largely autonomous collections of fighters associated with JNIM"
    # (the association and the organisational form); believed: operations in Burkina Faso
    # in support of Ansarul Islam; alleged: "purportedly operating … with JNIM and … Ansarul Islam"
    rows = select("""
        SELECT ?certainty (COUNT(?c) AS ?n) WHERE {
          ?c a sahel:Claim ; sahel:subject act:katibat-aaa ; sahel:certainty ?certainty .
          FILTER(?certainty != cpt:stated)
        } GROUP BY ?certainty""")
    assert dict(rows) == {"cpt:reported": "2^^xsd:integer", "cpt:believed": "2^^xsd:integer",
                          "cpt:alleged": "2^^xsd:integer"}


def test_certainty_counts_of_the_hedged_claims_about_dan_na_ambassagou(select):
    # believed: "a series of massacres against Peul populations"; alleged: the former officers' involvement
    # and the cooperation with Malian forces
    rows = select("""
        SELECT ?certainty (COUNT(?c) AS ?n) WHERE {
          ?c a sahel:Claim ; sahel:subject act:dan-na-ambassagou ; sahel:certainty ?certainty .
          FILTER(?certainty != cpt:stated)
        } GROUP BY ?certainty""")
    assert dict(rows) == {"cpt:believed": "1^^xsd:integer", "cpt:alleged": "2^^xsd:integer"}


def test_the_only_ostensible_statement_is_about_the_cma(select):
    # "The CMA is ostensibly united around the formerly pro-independence movements in northern Mali"
    assert [s for s, in select("SELECT ?s WHERE { ?c sahel:certainty cpt:ostensible ; sahel:subject ?s }")] == [
        "act:cma"]


def test_reported_recruitment_of_isgs(select):
    # "According to interviews with local observers as well as regional and international sources, ISGS has
    # drawn many of its fighters … especially Nigerien Peul as well as Dawsahak fighters"
    assert set(select("""
        SELECT ?o ?certainty ?by WHERE { ?c sahel:subject act:isgs ; sahel:property sahel:recruitsFrom ;
                                            sahel:object ?o ; sahel:certainty ?certainty ; sahel:attributedTo ?by }""")) == {
        ("com:nigerien-peul", "cpt:reported", "interviews with local observers as well as regional and international sources"),
        ("com:dawsahak", "cpt:reported", "interviews with local observers as well as regional and international sources")}


# --------------------------------------------------------------------------------------------------
# Communities
# --------------------------------------------------------------------------------------------------

COMMUNITIES = {
    # "Ansarul Islam is composed largely of Peul fighters"
    "act:ansarul-islam": {"com:peul"},
    # "especially Nigerien Peul as well as Dawsahak fighters"
    "act:isgs": {"com:nigerien-peul", "com:dawsahak"},
    # "formed almost entirely of former MNLA members from the Kel Antessar Tuareg confederation"
    "act:cja": {"com:kel-antessar"},
    # "The MSA was at first a joint movement of largely Dawsahak as well as Chamanamass Tuareg communities"
    "act:msa": {"com:dawsahak", "com:chamanamass-tuareg"},
    # "the Chamanamass soon split away and constituted a separate MSA branch"
    "act:msa-c": {"com:chamanamass-tuareg"},
    # "a loose coalition of largely Dogon self-defense militias"
    "act:dan-na-ambassagou": {"com:dogon"},
    # "largely composed of Timbuktu-area Arab and some Tuareg populations"
    "act:mpsa": {"com:timbuktu-area-arabs", "com:tuareg"},
    # "both Dogon communities and also Bambara speakers"
    "act:dozo": {"com:dogon", "com:bambara"},
}


@pytest.mark.parametrize("group", sorted(COMMUNITIES))
def test_which_communities_a_group_is_drawn_from(values, group):
    assert values(f"SELECT ?c WHERE {{ {group} sahel:composedOf ?c }}") == COMMUNITIES[group]


def test_which_groups_draw_on_the_dawsahak(values):
    assert values("SELECT ?g WHERE { ?g sahel:composedOf com:dawsahak }") == {"act:isgs", "act:msa"}


def test_the_msa_composition_holds_at_first(select):
    # "The MSA was at first a joint movement of largely Dawsahak as well as Chamanamass Tuareg communities"
    assert set(select("""
        SELECT ?community ?note WHERE { ?c sahel:subject act:msa ; sahel:property sahel:composedOf ;
                                           sahel:object ?community ; sahel:timeNote ?note }""")) == {
        ("com:dawsahak", "at first"), ("com:chamanamass-tuareg", "at first")}


def test_ethnicity_of_the_leaders(select):
    # "Tuareg militant leader Iyad Ag Ghali"; "Imghad Tuareg Almansour Ag Alkassoum"; "Dicko was a Peul
    # commander"
    assert set(select("SELECT ?p ?c WHERE { ?p sahel:ethnicity ?c }")) == {
        ("per:iyad-ag-ghali", "com:tuareg"), ("per:almansour-ag-alkassoum", "com:imghad-tuareg"),
        ("per:malam-ibrahim-dicko", "com:peul")}


# --------------------------------------------------------------------------------------------------
# The peace process
# --------------------------------------------------------------------------------------------------

def test_signatories_of_the_algiers_accords(values, select):
    # "CMA is one of the signatory groups of the Algiers Peace Accords signed in June 2015"; "The Plateforme is
    # the other signatory armed group of the 2015 Algiers Accords."
    assert values("SELECT ?g WHERE { ?g sahel:signatoryOf agr:algiers-accords }") == {"act:cma", "act:plateforme"}
    assert set(select("""
        SELECT ?g ?date WHERE { ?e a sahel:Signing ; sahel:agreement agr:algiers-accords ; sahel:signedBy ?g ;
                                   schema:startDate ?date }""")) == {
        ("act:cma", "2015-06^^xsd:gYearMonth"), ("act:plateforme", "2015-06^^xsd:gYearMonth")}


def test_the_cme_and_its_groups_are_outside_the_peace_process(values, ask):
    # "a loose coalition of armed groups that are not formally part of the peace process in Mali"
    assert values("""
        SELECT ?g WHERE { ?c sahel:subject ?g ; sahel:property sahel:participatesIn ;
                             sahel:object proc:mali-peace-process ; sahel:negated true }""") == {
        "act:cme", "act:msa-c", "act:cpa", "act:cja", "act:fpa", "act:mpsa"}
    assert not ask("""ASK { ?g sahel:participatesIn proc:mali-peace-process .
                            FILTER(?g = act:cme || EXISTS { ?g sahel:memberOf act:cme }) }""")


def test_which_bodies_belong_to_the_peace_process(values):
    # "some parts of the peace process such as the Comité Technique de la Sécurité and the Mécanisme
    # Opérationnel de Coordination (MOC), as well as the new accelerated DDR programme. But they are not
    # participants in the Comité de Suivi des Accords meetings … and cannot be full participants in the peace
    # process" (README: the Comité de Suivi des Accords read as another part of the process)
    assert values("SELECT ?b WHERE { ?b sahel:partOfProcess proc:mali-peace-process }") == {
        "act:comite-technique-de-securite", "act:moc", "act:csa", "agr:accelerated-ddr"}


def test_where_the_cme_groups_take_part_and_where_they_do_not(values):
    # "These groups participate in some parts of the peace process such as the Comité Technique de la
    # Sécurité and the Mécanisme Opérationnel de Coordination (MOC), as well as the new accelerated DDR
    # programme. But they are not participants in the Comité de Suivi des Accords meetings"
    members = COALITION_MEMBERS["act:cme"]
    for body in ("act:comite-technique-de-securite", "act:moc", "agr:accelerated-ddr"):
        assert values(f"SELECT ?g WHERE {{ ?g sahel:participatesIn {body} }}") == members
    assert values("SELECT ?g WHERE { ?g sahel:participatesIn act:csa }") == set()
    assert values("""
        SELECT ?g WHERE { ?c sahel:subject ?g ; sahel:property sahel:participatesIn ; sahel:object act:csa ;
                             sahel:negated true }""") == members


# --------------------------------------------------------------------------------------------------
# Negative statements
# --------------------------------------------------------------------------------------------------

def test_no_negated_claim_has_a_direct_triple(select):
    assert select("""
        SELECT ?c WHERE {
          ?c a sahel:Claim ; sahel:negated true ; sahel:subject ?s ; sahel:property ?p .
          { ?c sahel:object ?o } UNION { ?c sahel:value ?o }
          ?s ?p ?o .
        }""") == []


def test_who_the_negative_statements_are_about(values):
    # "subsequently the groups have avoided clashes" (ISGS);
    # "does not represent one unified ideology" (CMA); "though not a part of the Plateforme", "It has moved
    # away from pushing for independence" (MSA-D); "not formally part of the peace process", "not participants
    # in the Comité de Suivi des Accords" (CME and its five groups); "These missions do not deploy offensively"
    # (the two EU missions in Mali); "do not have the same kind of military organisation" (Dozo).
    assert values("SELECT DISTINCT ?s WHERE { ?c sahel:negated true ; sahel:subject ?s }") == {
        "act:isgs", "act:cma", "act:msa-d", "act:cme", "act:msa-c", "act:cpa", "act:cja",
        "act:fpa", "act:mpsa", "act:eutm-mali", "act:eucap-sahel-mali", "act:dozo"}


def test_katibat_aaa_very_rarely_claims_attacks_is_not_a_negated_claim(select, ask):
    # "though the group very rarely claims attacks": rarely is not never.
    assert select("""
        SELECT ?value ?qualifier WHERE { ?c sahel:subject act:katibat-aaa ; sahel:qualifier ?qualifier ;
                                     sahel:value ?value ;
                                     sahel:quote ?q FILTER(CONTAINS(?q, "very rarely claims attacks")) }""") == [
        ("very rarely claims attacks", "very rarely")]
    assert not ask("ASK { ?c sahel:subject act:katibat-aaa ; sahel:negated true }")
    assert not ask("ASK { ev:aguelhok-attack-2019 sahel:claimedBy act:katibat-aaa } ")
    assert not ask("ASK { ?e sahel:claimedBy act:katibat-aaa }")


def test_eu_missions_do_not_deploy_offensively(values):
    # "These missions do not deploy offensively or in the field in support of the forces they train"
    assert values("""
        SELECT ?m WHERE { ?c sahel:subject ?m ; sahel:negated true ;
                             sahel:quote "These missions do not deploy offensively or in the field in support of the forces they train" }""") == {
        "act:eutm-mali", "act:eucap-sahel-mali"}


def test_dozo_lack_of_military_organisation_is_a_negated_claim(select):
    # "However, these groups are fluid and do not have the same kind of military organisation as a group like
    # Dan Na Ambassagou"
    assert select("""
        SELECT ?c WHERE { ?c sahel:subject act:dozo ; sahel:negated true ;
                             sahel:quote ?q FILTER(CONTAINS(?q, "do not have the same kind of military organisation")) }""") != []


# --------------------------------------------------------------------------------------------------
# Foreign forces
# --------------------------------------------------------------------------------------------------

def test_barkhane_troops_and_budget(select):
    # "The force, with approximately 4,500 soldiers"; "around 1,500 troops in northern Mali"; "with a budget
    # of nearly €600m per year"
    assert set(select("""
        SELECT ?n ?qualifier WHERE { ?c sahel:subject act:operation-barkhane ; sahel:property sahel:troopStrength ;
                                        sahel:value ?n ; sahel:qualifier ?qualifier }""")) >= {
        ("4500^^xsd:integer", "approximately")}
    assert {n for n, in select("SELECT ?n WHERE { act:operation-barkhane sahel:troopStrength ?n }")} == {
        "4500^^xsd:integer"}
    assert set(select("""
        SELECT ?n ?place WHERE { ?c sahel:subject act:operation-barkhane ; sahel:property sahel:regionalTroopStrength ;
                                    sahel:value ?n ; sahel:appliesIn ?place }""")) == {("1500^^xsd:integer", "pl:northern-mali")}
    budget = select("""
        SELECT ?b ?qualifier WHERE { act:operation-barkhane sahel:annualBudgetEUR ?b .
                                     ?c sahel:subject act:operation-barkhane ; sahel:property sahel:annualBudgetEUR ;
                                        sahel:qualifier ?qualifier }""")
    assert len(budget) == 1
    amount, qualifier = budget[0]
    assert float(amount.split("^^")[0]) == 600_000_000 and amount.endswith("^^xsd:decimal")
    assert qualifier == "nearly"


def test_barkhane_countries_headquarters_and_bases(values, select):
    # "spread out between Mali, Burkina Faso, Niger, and Chad. While its headquarters is in N’Djamena, Chad’s
    # capital, it also has … bases … in Niger’s capital Niamey, Agadez, Arlit, Tillabéry, … the large base at
    # Gao, others at Kidal, Timbuktu, and Tessalit, and more recently a base at Gossi"
    assert values("SELECT ?p WHERE { act:operation-barkhane sahel:deployedIn ?p }") == {
        "pl:mali", "pl:burkina-faso", "pl:niger", "pl:chad", "pl:northern-mali"}
    assert select("""
        SELECT ?place WHERE { act:operation-barkhane org:hasPrimarySite ?hq . ?hq schema:location ?place }""") == [
        ("pl:ndjamena",)]
    assert values("""
        SELECT ?place WHERE { act:operation-barkhane sahel:hasBase ?b . ?b a sahel:Base ; sahel:locatedAt ?place }""") == {
        "pl:niamey", "pl:agadez", "pl:arlit", "pl:tillaberi", "pl:gao", "pl:kidal", "pl:timbuktu", "pl:tessalit",
        "pl:gossi"}


def test_barkhane_bases_in_mali_through_geo_sf_within(values):
    # "around 1,500 troops in northern Mali scattered between the large base at Gao, others at Kidal,
    # Timbuktu, and Tessalit, and more recently a base at Gossi"
    assert values("""
        SELECT ?place WHERE { act:operation-barkhane org:hasSite ?b . ?b schema:location ?place .
                              ?place geo:sfWithin+ pl:mali }""") == {
        "pl:gao", "pl:kidal", "pl:timbuktu", "pl:tessalit", "pl:gossi"}


def test_operation_sabre_is_in_burkina_faso(values):
    # "France’s Special Operations Task Force for the region, Operation Sabre, is in Burkina Faso."
    assert values("SELECT ?p WHERE { act:operation-sabre sahel:deployedIn ?p }") == {"pl:burkina-faso"}


def test_eu_missions_and_where_they_are(select):
    # "two Common Security and Defence Policy (CSDP) missions in Mali and one in Niger"
    assert set(select("""
        SELECT ?m ?country WHERE { ?m sahel:partOf act:eu ; sahel:deployedIn ?country }""")) == {
        ("act:eutm-mali", "pl:mali"), ("act:eucap-sahel-mali", "pl:mali"), ("act:eucap-sahel-niger", "pl:niger")}


def test_eu_missions_base_and_attacks(values):
    # "they have faced attack at their base in Koulikoro as well as in Bamako"
    assert values("""
        SELECT ?m WHERE { ?m sahel:hasBase ?b . ?b sahel:locatedAt pl:koulikoro }""") == {
        "act:eutm-mali", "act:eucap-sahel-mali"}
    assert values("SELECT ?p WHERE { ev:eu-base-attacks schema:location ?p }") == {"pl:koulikoro", "pl:bamako"}
    assert values("SELECT ?d WHERE { ev:eu-base-attacks sahel:date ?d }") == set()


def test_whom_the_eu_missions_train(select):
    # EUTM "provides training for the Malian armed forces"; EUCAP "largely focuses on police and internal
    # security forces"
    assert set(select("SELECT ?m ?f WHERE { ?m sahel:trains ?f }")) == {
        ("act:eutm-mali", "act:malian-armed-forces"),
        ("act:eucap-sahel-mali", "act:malian-police-and-internal-security-forces")}


def test_eucap_niger_focuses_on_migration_since_2016(select):
    # "The EUCAP mission in Niger has since 2016 focused much more on migration"
    assert select("""
        SELECT ?start ?note WHERE { ?c sahel:subject act:eucap-sahel-niger ; sahel:property sahel:aim ;
                                       sahel:value ?v ; sahel:startDate ?start ; sahel:timeNote ?note
                                    FILTER(CONTAINS(STR(?v), "migration")) }""") == [
        ("2016^^xsd:gYear", "since 2016")]


# --------------------------------------------------------------------------------------------------
# Quotes and time precision
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("claim", "quote"), [
    ("clm:isgs-cooperates-with-jnim",
     "At times, ISGS has operated in proximity – and possibly even cooperation – with fighters from JNIM"),
    ("clm:katibat-serma-name-coined-by-heni-nsaibia",
     "the appellation “Katibat Sèrma” coined by the analyst Hèni Nsaibia"),
    # The sentence goes on: "…in August 2014, but with a much wider geographic focus" (the claim's qualifier).
    ("clm:operation-barkhane-succeeded-operation-serval",
     "The French-led Operation Barkhane succeeded Operation Serval in August 2014, but with a much wider geographic focus"),
    ("clm:operation-barkhane-annual-budget", "with a budget of nearly €600m per year"),
    ("clm:jafar-dicko-replaced-as-leader-malam-ibrahim-dicko",
     "When Malam Dicko died in 2017, he was replaced by his brother, Jafar Dicko, as leader"),
], ids=lambda value: value if value.startswith("clm:") else "")
def test_exact_words_of_the_source_behind_a_claim(select, claim, quote):
    assert select(f"SELECT ?q WHERE {{ {claim} sahel:quote ?q }}") == [(quote,)]


@pytest.mark.parametrize(("event", "datatype", "lexical"), [
    ("ev:jnim-announcement", "xsd:gYearMonth", "2017-03"),          # "in March 2017"
    ("ev:malam-dicko-death-2017", "xsd:gYear", "2017"),              # "died in 2017"
    ("ev:dicko-arrest-2015", "xsd:gYear", "2015"),                   # "in Mali in 2015"
    ("ev:dan-na-ambassagou-emergence-2016", "xsd:gYear", "2016"),    # "in late 2016"
    ("ev:msa-formation-2016", "xsd:gYearMonth", "2016-09"),          # "in September 2016"
    ("ev:barkhane-succeeds-serval-2014", "xsd:gYearMonth", "2014-08"),  # "in August 2014"
    ("ev:koutoukale-prison-attack-2016", "xsd:gYearMonth", "2016-10"),  # "in October 2016"
])
def test_dates_keep_the_precision_of_the_text(ask, event, datatype, lexical):
    assert ask(f"""ASK {{ {event} sahel:date ?d . FILTER(DATATYPE(?d) = {datatype} && STR(?d) = "{lexical}") }}""")
    assert ask(f"ASK {{ {event} schema:startDate ?d . FILTER(DATATYPE(?d) = {datatype}) }}")


def test_late_2016_keeps_its_words_as_a_time_note(select):
    # "Dan Na Ambassagou emerged in late 2016 from traditional hunters’ brotherhoods."
    assert select("""
        SELECT DISTINCT ?note WHERE { ?c sahel:subject ev:dan-na-ambassagou-emergence-2016 ; sahel:property sahel:date ;
                                         sahel:timeNote ?note }""") == [("late 2016",)]
    assert select("SELECT ?from WHERE { act:dan-na-ambassagou sahel:emergedFrom ?from }") == [
        ("act:dogon-hunters-brotherhoods",)]


def test_undated_events_have_no_date(values):
    # Tongo Tongo, the MUJAO schism and the EU base attacks are not dated by the text.
    assert values("""
        SELECT ?e WHERE { VALUES ?e { ev:tongo-tongo-attack ev:mujao-schism ev:eu-base-attacks }
                          ?e schema:startDate ?d }""") == set()


def test_isgs_regular_isis_media_attention_began_in_spring_2019(select):
    # "ISGS began receiving regular attention from formal ISIS media outlets in spring 2019."
    assert select("""
        SELECT ?o ?start WHERE { ?c sahel:subject act:isgs ; sahel:property sahel:promotedBy ; sahel:object ?o ;
                                    sahel:startDate ?start }""") == [("act:isis-media", "2019^^xsd:gYear")]


# --------------------------------------------------------------------------------------------------
# Other questions
# --------------------------------------------------------------------------------------------------

def test_a_portion_of_the_mpsa_announced_it_had_rejoined_the_mnla(select):
    # "a portion of which recently announced that they had rejoined the MNLA" (README: a portion of the
    # movement; reported, since it is what they announced)
    assert set(select("""
        SELECT ?role ?org ?certainty ?note WHERE {
          ev:mpsa-portion-rejoins-mnla ?role ?org .
          VALUES ?role { sahel:originalOrganization sahel:resultingOrganization }
          ?c sahel:subject ev:mpsa-portion-rejoins-mnla ; sahel:property ?role ; sahel:object ?org ;
             sahel:certainty ?certainty ; sahel:timeNote ?note }""")) == {
        ("sahel:originalOrganization", "act:mpsa", "cpt:reported", "recently"),
        ("sahel:resultingOrganization", "act:mnla", "cpt:reported", "recently")}


def test_what_the_name_dan_na_ambassagou_means(select):
    # "This group, whose name means “those who put their trust in God” in Dogon"
    (meaning,), = select("SELECT ?m WHERE { act:dan-na-ambassagou sahel:meaning ?m }")
    assert "those who put their trust in God" in meaning and "Dogon" in meaning


def test_who_made_the_source_and_for_which_period(select, values):
    # "MINUSMA – Actors of Conflict in Mali"; "Armed Groups in Mali and the Sahel (Copyright ECFR)";
    # "AFRICAN UNION (by DCAF)"
    assert select("""
        SELECT ?publisher ?holder ?period WHERE { src:actors-of-conflict-in-mali dcterms:publisher ?publisher ;
                                                  dcterms:rightsHolder ?holder ; sahel:informationPeriod ?period }""") == [
        ("act:minusma", "act:ecfr", "2019^^xsd:gYear")]
    assert values("SELECT ?c WHERE { src:actors-of-conflict-in-mali dcterms:contributor ?c }") == {
        "act:ecfr", "act:dcaf"}


def test_misahel_is_an_african_union_mission_in_the_sahel(values):
    # "the MISAHEL also works on humanitarian issues"; "the reinforcement of the democratic institutions in the
    # Sahelian region"
    assert values("SELECT ?o WHERE { act:misahel sahel:partOf ?o }") == {"act:au"}
    assert values("SELECT ?o WHERE { act:misahel org:subOrganizationOf ?o }") == {"act:au"}
    # "The second section is dedicated to the security in the Sahelian Region": the quotes name the sections.
    assert values("SELECT ?s WHERE { ?s sahel:operatesIn pl:sahel ; sahel:partOf act:misahel }") == {
        "act:misahel-security-section", "act:misahel-political-section"}


def test_almansour_ag_alkassoum_was_a_malian_national_guard_member(values):
    # "formerly headed by a Malian National Guard member and Imghad Tuareg Almansour Ag Alkassoum"
    assert "act:malian-national-guard" in values("SELECT ?o WHERE { per:almansour-ag-alkassoum org:memberOf ?o }")


# --------------------------------------------------------------------------------------------------
# Descriptive regions, nearness, the peace process, policies and counts
# --------------------------------------------------------------------------------------------------

def test_groups_operating_in_northern_mali(values):
    # "around 1,500 troops in northern Mali"; "EUTM and EUCAP have expanded their operations to include
    # trainings conducted in central and northern Mali"
    assert values("""
        SELECT DISTINCT ?g WHERE { ?g sahel:operatesIn ?p . ?p sahel:within* pl:northern-mali }""") == {
        "act:operation-barkhane", "act:eutm-mali", "act:eucap-sahel-mali"}


def test_a_question_about_mali_finds_what_is_in_its_regions(values):
    # "The group operated first in western Niger and Ménaka, in north-eastern Mali": ISGS in Mali, through the
    # Ménaka region within north-eastern Mali; the border areas lie within both their countries.
    in_mali = values("SELECT DISTINCT ?g WHERE { ?g sahel:operatesIn ?p . ?p sahel:within+ pl:mali }")
    assert {"act:isgs", "act:operation-barkhane", "act:msa-d", "act:katibat-aaa", "act:ansarul-islam"} <= in_mali
    assert values("SELECT ?c WHERE { pl:niger-burkina-faso-border sahel:within ?c }") == {"pl:niger", "pl:burkina-faso"}
    assert values("SELECT ?r WHERE { pl:menaka-region sahel:within ?r }") == {"pl:mali", "pl:north-eastern-mali"}


def test_descriptive_regions_have_names_in_two_languages_and_no_coordinates(select, ask):
    rows = select("""
        SELECT ?r (COUNT(DISTINCT ?l) AS ?n) WHERE { ?r a sahel:DescriptiveRegion ; skos:prefLabel ?l }
        GROUP BY ?r""")
    assert len(rows) == 13 and {n for _, n in rows} == {"2^^xsd:integer"}
    assert not ask("ASK { ?r a sahel:DescriptiveRegion . { ?r wgs84:lat ?x } UNION { ?r geo:hasGeometry ?x } }")
    assert ask("ASK { sahel:DescriptiveRegion rdfs:subClassOf sahel:Place . ?r a sahel:DescriptiveRegion, schema:Place }")


def test_nearness_the_text_states(select):
    # "the Sèrma forest near Burkina Faso"; "a high-security prison near Niger’s capital Niamey"; "a base at
    # Gossi closer to central Mali as well as the border with Burkina Faso"; "exist in areas near Douentza,
    # Djenné, and Segou"
    assert set(select("SELECT ?a ?b WHERE { ?a sahel:near ?b }")) == {
        ("pl:serma-forest", "pl:burkina-faso"), ("pl:koutoukale", "pl:niamey"),
        ("site:barkhane-base-gossi", "pl:central-mali"), ("site:barkhane-base-gossi", "pl:mali-burkina-faso-border"),
        ("act:dozo", "pl:douentza"), ("act:dozo", "pl:djenne"), ("act:dozo", "pl:segou")}


def test_missions_of_the_csdp(values):
    # "The European Union has two Common Security and Defence Policy (CSDP) missions in Mali and one in Niger"
    assert values("SELECT ?m WHERE { ?m sahel:underPolicy pol:csdp }") == {
        "act:eutm-mali", "act:eucap-sahel-mali", "act:eucap-sahel-niger"}
    assert values("SELECT ?o WHERE { pol:csdp sahel:policyOf ?o }") == {"act:eu"}


def test_who_was_killed_at_tongo_tongo_by_country(select):
    # "the deadly attack that killed four American soldiers and five Nigerien soldiers at Tongo Tongo"
    assert set(select("""
        SELECT ?group ?n WHERE { ?e sahel:location pl:tongo-tongo ; sahel:hasCount ?c .
                                 ?c sahel:countKind cpt:killed ; sahel:countedGroup ?group ; sahel:countValue ?n }""")) == {
        ("act:us-armed-forces", "4^^xsd:integer"), ("act:nigerien-armed-forces", "5^^xsd:integer")}


def test_how_many_founding_leaders_jnim_had(select):
    # "two of the five founding leaders of the Group for the Support of Islam and Muslims"
    assert select("""
        SELECT ?n WHERE { act:jnim sahel:hasCount ?c . ?c sahel:countKind cpt:founding-leaders ; sahel:countValue ?n }""") == [
        ("5^^xsd:integer",)]


def test_misahel_sections_are_organisational_units(values):
    # "The political section …", "The second section is dedicated to the security in the Sahelian Region",
    # "The last section focuses on the development and environmental issues in the region"
    assert values("SELECT ?s WHERE { ?s a sahel:OrganisationalUnit ; sahel:partOf act:misahel }") == {
        "act:misahel-political-section", "act:misahel-security-section", "act:misahel-development-section"}


def test_the_cja_is_formed_of_former_mnla_members(select):
    # "the Congrès Pour la Justice dans l’Azawad formed almost entirely of former MNLA members"
    assert select("""
        SELECT ?o ?q WHERE { act:cja sahel:formerMembersOf ?o . ?c sahel:subject act:cja ;
                             sahel:property sahel:formerMembersOf ; sahel:qualifier ?q }""") == [
        ("act:mnla", "almost entirely")]


def test_the_dogon_are_a_portion_of_the_non_muslim_population_and_some_are_muslim(select, values):
    # "the Dogon makes up a sizeable portion of the non-Muslim population, though there are also ethnic Dogon
    # communities that are Muslim"
    assert values("SELECT ?r WHERE { com:dogon sahel:religion ?r }") == set()
    assert select("SELECT ?p WHERE { com:dogon sahel:makesUpPortionOf ?p }") == [("com:non-muslim-population-of-mali",)]
    assert select("SELECT ?r WHERE { ?c sahel:subgroupOf com:dogon ; sahel:religion ?r }") == [("Muslim",)]
