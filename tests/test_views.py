"""The data twins of the map, the network and the timeline over the real data: what they hold is what the data
says (expected numbers come from SPARQL over the loaded data, not from the twins' own queries), they are the
``view-*`` saved queries' rows, negated claims never become links, and the view pages carry no inline script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

PREFIXES = """PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""
JNIM = "https://w3id.org/sahel-ld/id/org/jnim"
VIEW_PAGES = ("/map", "/network", "/network?layout=lineage", "/timeline", "/doc/org/jnim", "/doc/place/aguelhok",
              "/doc/event/aguelhok-attack-2019")


def select(app, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the loaded data, as text (None where unbound)."""
    return [tuple(None if v is None else str(v) for v in row)
            for row in app.extensions["sahel_ld"].dataset.query(PREFIXES + query)]


@pytest.fixture(scope="module")
def twins(app) -> dict[str, dict]:
    client = app.test_client()
    return {view: client.get(f"/{view}.json").get_json() for view in ("map", "network", "timeline")}


def test_map_draws_every_place_with_coordinates_and_lists_the_others_apart(app, twins):
    with_coordinates = {r[0] for r in select(app, "SELECT ?p WHERE { ?p a sahel:Place ; wgs84:lat ?lat }")}
    without = {r[0] for r in select(app, "SELECT ?p WHERE { ?p a sahel:Place FILTER NOT EXISTS { ?p wgs84:lat ?l } }")}
    drawn = {f["id"] for f in twins["map"]["features"] if f["layer"] == "place"}
    assert drawn == with_coordinates
    assert {u["id"] for u in twins["map"]["unplaced"]} == without
    assert not without & {f["id"] for f in twins["map"]["features"]}


def test_map_draws_each_event_at_each_of_its_places_that_has_coordinates(app, twins):
    expected = set(select(app, "SELECT ?e ?p WHERE { ?e a sahel:Event ; sahel:location ?p . ?p wgs84:lat ?l }"))
    assert {(f["id"], next(p["id"] for p in twins["map"]["features"]
                           if p["layer"] == "place" and (p["lat"], p["long"]) == (f["lat"], f["long"])))
            for f in twins["map"]["features"] if f["layer"] == "event"} == expected


def test_map_areas_are_the_places_actors_operate_in_with_each_claims_certainty(app, twins):
    rows = select(app, """SELECT ?a ?p ?c WHERE { VALUES ?how { sahel:operatesIn sahel:deployedIn sahel:basedIn }
        ?claim sahel:subject ?a ; sahel:property ?how ; sahel:object ?p ; sahel:certainty ?c . ?p wgs84:lat ?l
        FILTER NOT EXISTS { ?claim sahel:negated true } }""")
    drawn = {(f["id"], link["actor"], link["certainty"]) for f in twins["map"]["features"] if f["layer"] == "area"
             for link in f["links"]}
    assert drawn == {(p, a, c.rsplit("/", 1)[-1]) for a, p, c in rows}
    hedged = [link for f in twins["map"]["features"] for link in f["links"] if link.get("certainty") != "stated"]
    assert all(link["hedged"] for link in hedged)


def test_network_edges_are_the_claims_between_actors_and_never_a_negated_one(app, twins):
    negated = {r[0] for r in select(app, "SELECT ?c WHERE { ?c sahel:negated true }")}
    memberships = {r[0] for r in select(app, """SELECT ?c WHERE { VALUES ?p { sahel:memberOf sahel:componentOf
        sahel:branchOf sahel:partOf sahel:foundingMemberOf } ?c sahel:property ?p ; sahel:subject ?s ; sahel:object ?o .
        ?s a sahel:Actor . ?o a sahel:Actor FILTER NOT EXISTS { ?c sahel:negated true } }""")}
    edges = twins["network"]["edges"]
    assert not negated & {e["id"] for e in edges}
    assert {e["id"] for e in edges if e["kind"] == "membership"} == memberships
    nodes = {n["id"] for n in twins["network"]["nodes"]}
    assert nodes == {e["source"] for e in edges} | {e["target"] for e in edges}


def test_a_claim_is_one_edge_however_many_passages_support_it(app, twins):
    """A claim quoted by two passages of the text is one edge (ids are unique), carrying both passages."""
    edges = twins["network"]["edges"]
    assert len({e["id"] for e in edges}) == len(edges)
    several = select(app, "SELECT ?c WHERE { ?c sahel:quote ?a , ?b FILTER(?a < ?b) }")
    assert several, "the data no longer has a claim with two quotes"
    for (claim,) in several:
        passages = sorted(r[0] for r in select(app, f"SELECT ?q WHERE {{ <{claim}> sahel:quote ?q }}"))
        assert [e["quote"] for e in edges if e["id"] == claim] == [" … ".join(passages)]


def test_network_lineage_reads_from_newer_to_older_with_the_mujao_schism(twins):
    lineage = {(e["source"].rsplit("/", 1)[-1], e["target"].rsplit("/", 1)[-1])
               for e in twins["network"]["edges"] if e["kind"] == "lineage"}
    assert ("isgs", "mujao") in lineage
    assert ("operation-barkhane", "operation-serval") in lineage


def test_network_gives_each_organisation_the_earliest_date_it_resulted_from(app, twins):
    births: dict[str, list[str]] = {}
    for actor, date in select(app, """SELECT ?o ?d WHERE { ?e sahel:resultingOrganization ?o ; sahel:date ?d .
            ?c sahel:subject ?e ; sahel:property sahel:resultingOrganization ; sahel:object ?o
            FILTER NOT EXISTS { ?c sahel:negated true } }"""):
        births.setdefault(actor, []).append(date)
    founded = {n["id"]: n["founded"] for n in twins["network"]["nodes"]}
    assert {a: d for a, d in founded.items() if d} == {a: min(ds) for a, ds in births.items() if a in founded}
    assert founded["https://w3id.org/sahel-ld/id/org/jnim"] is not None


def test_timeline_has_every_dated_event_at_its_precision_and_lists_undated_ones(app, twins):
    dated = dict(select(app, "SELECT ?e ?d WHERE { ?e a sahel:Event ; sahel:date ?d }"))
    undated = {r[0] for r in select(app, "SELECT ?e WHERE { ?e a sahel:Event FILTER NOT EXISTS { ?e sahel:date ?d } }")}
    events = {i["id"]: i["start"] for i in twins["timeline"]["items"] if i["kind"] == "event"}
    assert events == dated
    assert {i["id"] for i in twins["timeline"]["undated"] if i["kind"] == "event"} == undated


def test_timeline_periods_are_the_dated_relation_claims(app, twins):
    periods = {r[0] for r in select(app, """SELECT DISTINCT ?c WHERE { ?c a sahel:Claim ; sahel:subject ?s ;
        sahel:object ?o ; sahel:property ?p . { ?c sahel:startDate ?d } UNION { ?c sahel:endDate ?d }
        FILTER(?p NOT IN (sahel:splitFrom, sahel:succeeded, sahel:emergedFrom))
        FILTER(EXISTS { ?s a sahel:Actor } || EXISTS { ?s a sahel:Community })
        FILTER(EXISTS { ?o a sahel:Actor } || EXISTS { ?o a sahel:Community })
        FILTER NOT EXISTS { ?c sahel:negated true } }""")}
    kinds = ("membership", "leadership", "relation")
    assert {i["id"] for i in twins["timeline"]["items"] if i["kind"] in kinds} == periods


def test_twins_name_their_saved_queries_and_those_answer(client, twins):
    for view, data in twins.items():
        assert data["sources"], view
        for source in data["sources"]:
            assert source["url"] == f"/queries/{source['name']}.json"
            assert client.get(source["url"]).status_code == 200


def test_twins_speak_the_readers_language(client):
    french = client.get("/network.json?lang=fr").get_json()
    jnim = next(n for n in french["nodes"] if n["id"] == JNIM)
    assert jnim["label"] == "Groupe de soutien à l’islam et aux musulmans" and jnim["short"] in ("GSIM", "JNIM")
    assert jnim["href"] == "/doc/org/jnim?lang=fr"
    english = client.get("/network.json", headers={"Accept-Language": "en"}).get_json()
    assert next(n for n in english["nodes"] if n["id"] == JNIM)["href"] == "/doc/org/jnim"


def test_view_data_is_built_once_per_dataset_version_and_language(app, client):
    client.get("/map.json?lang=fr")
    kept = app.extensions["sahel_ld_views"]
    key = (app.extensions["sahel_ld"].version, "map", "fr", True)
    assert key in kept
    first = kept[key]
    client.get("/map.json?lang=fr")
    assert app.extensions["sahel_ld_views"][key] is first


def test_twin_answers_304_to_its_etag(client):
    first = client.get("/timeline.json")
    assert first.headers["ETag"]
    assert client.get("/timeline.json", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_resource_twins_hold_the_part_about_the_resource(app, client):
    network = client.get("/network/org/jnim.json").get_json()
    neighbours = {r[0] for r in select(app, f"""SELECT DISTINCT ?n WHERE {{
        {{ ?c sahel:subject <{JNIM}> ; sahel:object ?n }} UNION {{ ?c sahel:object <{JNIM}> ; sahel:subject ?n }}
        ?c sahel:property ?p FILTER NOT EXISTS {{ ?c sahel:negated true }}
        FILTER(EXISTS {{ ?n a sahel:Actor }} || EXISTS {{ ?n a sahel:Community }}) }}""")}
    assert network["edges"] and all(JNIM in (e["source"], e["target"]) for e in network["edges"])
    # Every neighbour in the network is one the data relates to JNIM (not every relation is a network edge).
    assert {n["id"] for n in network["nodes"]} - {JNIM} <= neighbours
    place = client.get("/map/place/aguelhok.json").get_json()
    assert {f["layer"] for f in place["features"]} >= {"place", "event"}


@pytest.mark.parametrize("path, status", [("/map/org/no-such-group.json", 404), ("/network/place/mali.json", 404),
                                          ("/network?layout=circle", 400), ("/timeline/org/jnim.json", 404)])
def test_bad_view_addresses_answer_4xx_with_a_reason(client, path, status):
    response = client.get(path)
    assert response.status_code == status


class _Scripts(HTMLParser):
    """The <script> tags of a page and any inline event handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [name for name in attributes if name.startswith("on")]
        if tag == "script":
            self._open = attributes

    def handle_data(self, data):
        if self._open is not None and data.strip() and self._open.get("type") != "application/json":
            self.inline.append(data.strip()[:80])

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_view_pages_have_no_inline_script_or_handler(client, path):
    parser = _Scripts()
    body = client.get(path).get_data(as_text=True)
    parser.feed(body)
    assert parser.inline == [] and parser.handlers == []
    assert re.search(r'<script type="application/json" id="[^"]+">', body)


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_view_pages_load_the_layered_layout_only_for_the_lineage_and_every_script_they_name_is_served(client, path):
    body = client.get(path).get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"', body)
    assert sources
    for source in sources:
        response = client.get(source)
        response.close()
        assert response.status_code == 200, source
    assert any("dagre" in source for source in sources) == ("layout=lineage" in path)


def test_a_resource_page_whose_views_run_past_the_time_limit_is_served_without_them(client, tmp_path):
    """Data large enough that the views' saved queries take longer than the time limit (here: a limit no query
    meets) leaves resource pages whole but for their mini-views; the views are not asked for again by each page."""
    from sahel_ld.web import create_app
    from sahel_ld.web.views import VIEW_RETRY_SECONDS

    usual = client.get("/doc/org/jnim", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-mini-view="network"' in usual
    slow = create_app({"dumps_dir": str(tmp_path), "query_timeout": 0.001, "sparql_workers": 1})
    try:
        hurried = slow.test_client()
        assert hurried.get("/map.json").status_code == 503  # the view itself says it could not be built
        again = hurried.get("/map.json")  # and, for a while, says so at once instead of trying again
        assert again.status_code == 503 and "a moment ago" in again.get_data(as_text=True)
        for path, words in (("/doc/org/jnim", "Iyad Ag Ghali"), ("/doc/place/aguelhok", "Aguelhok")):
            page = hurried.get(path, headers={"Accept": "text/html"})
            text = page.get_data(as_text=True)
            assert page.status_code == 200 and words in text and 'data-mini-view="' not in text
        failed = slow.extensions["sahel_ld_views_failed"]
        assert {key[1] for key in failed} == {"map", "network"} and VIEW_RETRY_SECONDS >= 60
    finally:
        slow.extensions["sahel_ld_sparql"].close()
