"""The map, the network and the timeline in a real browser (Debian's Chromium through Playwright), over the real
data, every response carrying the site's strict Content-Security-Policy (no inline script may run). Each page
loads without console errors, draws the number of markers, nodes or items that SPARQL over the loaded data
expects for a known filter, redraws when a filter changes, leads to the right resource page on a click, speaks
French on French pages and fits 375 px. Screenshots go to test-artifacts/views/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import LiveServer
from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "views"
VENDOR = Path(__file__).resolve().parents[1] / "src" / "sahel_ld" / "web" / "static" / "vendor"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
PREFIXES = """PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""
JNIM = "https://w3id.org/sahel-ld/id/org/jnim"
MEMBERSHIP = "sahel:memberOf sahel:componentOf sahel:branchOf"


def with_csp(wsgi_app):
    """The app with the strict security headers on every response, as the hardened site sends them."""
    def app(environ, start_response):
        def start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() != "content-security-policy"]
            return start_response(status, headers + [("Content-Security-Policy", CSP),
                                                     ("X-Content-Type-Options", "nosniff")], exc_info)
        return wsgi_app(environ, start)
    return app


@pytest.fixture(scope="module")
def server(app):
    with LiveServer(with_csp(app)) as live:
        yield live


@pytest.fixture()
def page(browser, server):
    """A fresh page that records console errors (CSP violations among them) and page errors; none may happen."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.base = server.url
    yield tab
    context.close()
    assert problems == []


def select(app, query: str) -> list[tuple[str, ...]]:
    return [tuple(None if v is None else str(v) for v in row)
            for row in app.extensions["sahel_ld"].dataset.query(PREFIXES + query)]


def jnim_and_members(app) -> set[str]:
    """JNIM and the groups the data makes its members, components or branches."""
    members = select(app, f"""SELECT ?m WHERE {{ VALUES ?p {{ {MEMBERSHIP} }}
        ?c sahel:subject ?m ; sahel:property ?p ; sahel:object <{JNIM}>
        FILTER NOT EXISTS {{ ?c sahel:negated true }} }}""")
    return {JNIM} | {m for m, in members}


def snapshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def drawn(page: Page, selector: str) -> int:
    return page.locator(selector).count()


def test_map_draws_events_of_2019_and_jnims_areas_and_filters_redraw(page, app):
    events_2019 = select(app, """SELECT ?e ?p WHERE { ?e a sahel:Event ; sahel:date ?d ; sahel:location ?p .
        ?p wgs84:lat ?l FILTER(STRSTARTS(STR(?d), "2019")) }""")
    all_events = select(app, "SELECT ?e ?p WHERE { ?e a sahel:Event ; sahel:location ?p . ?p wgs84:lat ?l }")
    actors = " ".join(f"<{a}>" for a in jnim_and_members(app))
    jnim_areas = select(app, f"""SELECT DISTINCT ?p WHERE {{ VALUES ?a {{ {actors} }}
        VALUES ?how {{ sahel:operatesIn sahel:deployedIn sahel:basedIn }}
        ?c sahel:subject ?a ; sahel:property ?how ; sahel:object ?p . ?p wgs84:lat ?l
        FILTER NOT EXISTS {{ ?c sahel:negated true }} }}""")
    page.goto(page.base + "/map")
    expect(page.locator("#map .sv-country-name").first).to_be_visible()
    expect(page.locator("#map .leaflet-marker-icon.sv-event")).to_have_count(len(all_events))
    page.fill("#map-filters input[name=from]", "2019")
    page.fill("#map-filters input[name=to]", "2019")
    page.locator("#map-filters input[name=to]").dispatch_event("change")
    expect(page.locator("#map .leaflet-marker-icon.sv-event")).to_have_count(len(events_2019))
    assert 0 < len(events_2019) < len(all_events)
    page.fill("#map-filters input[name=from]", "")
    page.fill("#map-filters input[name=to]", "")
    page.select_option("#map-filters select[name=actor]", JNIM)
    assert page.evaluate("document.getElementById('map').sahelView.count('area')") == len(jnim_areas)
    assert drawn(page, "#map path.sv-area") >= 1
    unplaced_events = select(app, f"""SELECT DISTINCT ?e WHERE {{ VALUES ?a {{ {actors} }} ?e a sahel:Event ;
        sahel:location ?p ; ?role ?a . ?c sahel:subject ?e ; sahel:property ?role ; sahel:object ?a
        FILTER NOT EXISTS {{ ?p wgs84:lat ?l }} FILTER NOT EXISTS {{ ?c sahel:negated true }} }}""")
    for event, in unplaced_events:
        expect(page.locator(f"#map-unplaced a[href='/doc/event/{event.rsplit('/', 1)[-1]}']")).to_have_count(1)
    snapshot(page, "map-jnim")


def atlas_countries(scale: str) -> int:
    topology = json.loads((VENDOR / "world-atlas" / f"countries-{scale}.json").read_text(encoding="utf-8"))
    return len(topology["objects"]["countries"]["geometries"])


def test_map_draws_coarse_borders_first_and_fine_ones_once_zoomed_in(page):
    page.goto(page.base + "/map")
    expect(page.locator("#map path.sv-country")).to_have_count(atlas_countries("110m"))
    page.select_option("#map-filters select[name=actor]", JNIM)
    fetched = "performance.getEntriesByType('resource').some(e => e.name.includes('countries-50m'))"
    assert page.evaluate(fetched) is False
    areas = drawn(page, "#map path.sv-area")
    assert areas >= 1
    page.evaluate("document.getElementById('map').sahelView.map.setView([15, -2], 6, {animate: false})")
    expect(page.locator("#map path.sv-country")).to_have_count(atlas_countries("50m"))
    assert page.evaluate(fetched) is True
    assert drawn(page, "#map path.sv-area") == areas  # the actor's areas drawn again over the fine outlines


def test_map_lists_places_without_coordinates_and_hedged_areas_are_dashed(page, app):
    without = select(app, "SELECT ?p WHERE { ?p a sahel:Place FILTER NOT EXISTS { ?p wgs84:lat ?l } }")
    hedged = select(app, """SELECT DISTINCT ?p WHERE { VALUES ?how { sahel:operatesIn sahel:deployedIn sahel:basedIn }
        ?c sahel:property ?how ; sahel:object ?p ; sahel:certainty ?certainty . ?p wgs84:lat ?l
        FILTER(?certainty != <https://w3id.org/sahel-ld/id/concept/stated>)
        FILTER NOT EXISTS { ?c sahel:negated true } }""")
    page.goto(page.base + "/map")
    expect(page.locator("#map-unplaced > li")).to_have_count(len(without))
    page.select_option("#map-filters select[name=certainty]", "hedged")
    assert page.evaluate("document.getElementById('map').sahelView.count('area')") == len(hedged)
    expect(page.locator("#map path.sv-area:not(.sv-hedged)")).to_have_count(0)
    expect(page.locator("#map path.sv-area.sv-hedged").first).to_be_attached()
    snapshot(page, "map-hedged")


def test_map_popup_leads_to_the_event_page(page):
    page.goto(page.base + "/map")
    page.locator("#map .leaflet-marker-icon.sv-event[data-id$='aguelhok-attack-2019']").click()
    popup = page.locator("#map .leaflet-popup")
    expect(popup).to_contain_text("It took credit for the January 2019 attack")
    popup.locator("a.sv-card-title").click()
    expect(page).to_have_url(page.base + "/doc/event/aguelhok-attack-2019")


def test_map_in_french_names_countries_and_malis_regions(page, app):
    regions = select(app, """SELECT ?r WHERE { ?r a sahel:Region ; wgs84:lat ?l }""")
    page.goto(page.base + "/map?lang=fr")
    expect(page.locator("h1")).to_have_text("Carte")
    expect(page.locator("#map .sv-place-name")).to_have_count(len(regions))
    expect(page.locator("#map .sv-place-name", has_text="Région de Mopti")).to_have_count(1)
    expect(page.locator("#map .leaflet-control-layers")).to_contain_text("Événements")
    expect(page.locator("#map .sv-legend")).to_contain_text("nuancé")
    expect(page.locator("#map .sv-country-name", has_text="Tchad")).to_have_count(1)
    expect(page.locator("#map-count")).to_contain_text("lieux")


def test_network_draws_memberships_without_negated_claims_and_as_of_filters(page, app):
    memberships = select(app, f"""SELECT ?c WHERE {{ VALUES ?p {{ {MEMBERSHIP} sahel:partOf sahel:foundingMemberOf }}
        ?c sahel:property ?p ; sahel:subject ?s ; sahel:object ?o . ?s a sahel:Actor . ?o a sahel:Actor
        FILTER NOT EXISTS {{ ?c sahel:negated true }} }}""")
    negated = {c for c, in select(app, "SELECT ?c WHERE { ?c sahel:negated true }")}
    page.goto(page.base + "/network")
    expect(page.locator("#network-count")).to_contain_text("relations")
    edges = page.evaluate("document.getElementById('network').sahelView.cy.edges().map(e => e.id())")
    assert edges and not negated & set(edges)
    for kind in ("leadership", "alliance", "support", "rivalry", "lineage", "origin"):
        page.uncheck(f"#network-filters input[name=kind][value={kind}]")
    assert page.evaluate("document.getElementById('network').sahelView.count('edges')") == len(memberships)
    expect(page.locator("#network-list > li")).to_have_count(len(memberships))
    page.fill("#network-filters input[name=as_of]", "2017")
    page.uncheck("#network-filters input[name=undated]")
    dated = page.evaluate("""document.getElementById('network').sahelView.cy.edges(':visible').map(e => e.id())""")
    periods = {c: (s, e) for c, s, e in select(app, """SELECT ?c ?s ?e WHERE { ?c a sahel:Claim
        OPTIONAL { ?c sahel:startDate ?s } OPTIONAL { ?c sahel:endDate ?e } }""")}
    assert dated and all((periods[c][0] or "0")[:4] <= "2017" <= (periods[c][1] or "9999")[:4] for c in dated)
    assert len(dated) < len(memberships)
    snapshot(page, "network-memberships-2017")


def test_network_node_click_opens_its_page(page):
    page.goto(page.base + "/network")
    expect(page.locator("#network-count")).to_contain_text("actors")
    point = page.evaluate(f"document.getElementById('network').sahelView.position('{JNIM}')")
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(page.base + "/doc/org/jnim")


def test_lineage_shows_splits_and_successions_only(page):
    page.goto(page.base + "/network?layout=lineage&lang=fr")
    expect(page.locator("h1")).to_have_text("Filiation des groupes")
    names = page.evaluate("document.getElementById('network').sahelView.cy.nodes(':visible').map(n => n.data('name'))")
    assert {"MUJAO", "EIGS"} <= set(names)
    kinds = page.evaluate("document.getElementById('network').sahelView.cy.edges().map(e => e.data('colour'))")
    assert len(set(kinds)) == 1
    snapshot(page, "lineage-fr")


def first_day(date: str) -> tuple[int, ...]:
    """A date of any precision ('2017', '2017-03', '2017-03-02') as its first day, for ordering."""
    return (*map(int, date.split("-")), 1, 1)[:3]


@pytest.mark.parametrize(("width", "lang"), [(1200, "en"), (375, "fr")])
def test_lineage_places_groups_in_time_order(page, width, lang):
    twin = page.request.get(page.base + "/network.json").json()
    lineage = [e for e in twin["edges"] if e["kind"] == "lineage"]
    dates = {n["id"]: n["founded"] for n in twin["nodes"] if n["founded"]}
    for e in lineage:  # a group also dates from the dated change it came out of (edges go newer -> older)
        when = e["date"] or e["start"]
        if when and (e["source"] not in dates or first_day(when) < first_day(dates[e["source"]])):
            dates[e["source"]] = when
    drawn = {i for e in lineage for i in (e["source"], e["target"])}
    dated = sorted((i for i in dates if i in drawn), key=lambda i: first_day(dates[i]))
    assert len({first_day(dates[i])[0] for i in dated}) >= 3, "the data dates at least three years of lineage"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base + f"/network?layout=lineage&lang={lang}")
    expect(page.locator(".sv-tick").first).to_be_visible()
    x = page.evaluate("ids => ids.map(id => document.getElementById('network').sahelView.cy.getElementById(id)"
                      ".position('x'))", sorted(drawn))
    x = dict(zip(sorted(drawn), x))
    for older, newer in zip(dated, dated[1:]):
        if first_day(dates[older]) < first_day(dates[newer]):
            assert x[older] < x[newer], (older, dates[older], newer, dates[newer])
    for e in lineage:  # an undated group stands before the dated group that came out of it
        if e["target"] not in dates and e["source"] in dates:
            assert x[e["target"]] < x[e["source"]], e
    ticks = [int(t) for t in page.locator(".sv-tick").all_inner_texts()]
    assert ticks == sorted(ticks) and min(ticks) <= first_day(dates[dated[0]])[0]
    undated = page.evaluate("document.getElementById('network').sahelView.cy.nodes('.sv-undated').map(n => n.id())")
    assert set(undated) == drawn - set(dates)
    legend = {"en": "no date in the data", "fr": "sans date dans les données"}[lang]
    expect(page.locator(".sv-legend-undated")).to_contain_text(legend)
    snapshot(page, f"lineage-time-{lang}-{width}")


def test_timeline_draws_dated_events_at_their_precision_and_filters(page, app):
    dated = select(app, "SELECT ?e ?d WHERE { ?e a sahel:Event ; sahel:date ?d }")
    attacks = select(app, """SELECT ?e WHERE { ?e a sahel:Attack ; sahel:date ?d
        FILTER NOT EXISTS { ?e a ?narrower . ?narrower rdfs:subClassOf sahel:Attack } }""".replace(
        "rdfs:subClassOf", "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"))
    page.goto(page.base + "/timeline")
    expect(page.locator("#timeline .vis-item.sv-event:not(.vis-dot)")).to_have_count(len(dated))
    for event, date in dated:
        item = page.locator("#timeline .vis-item.sv-event:not(.vis-dot)", has_text=event_label(app, event))
        expect(item.first).to_have_class(re.compile(r"\bvis-range\b" if len(date) == 4 else r"\bvis-point\b"))
    page.select_option("#timeline-filters select[name=kind]", "Attack")
    expect(page.locator("#timeline .vis-item.sv-event:not(.vis-dot)")).to_have_count(len(attacks))
    snapshot(page, "timeline-attacks")


def event_label(app, iri: str) -> str:
    from rdflib import URIRef
    return app.extensions["sahel_ld"].label(URIRef(iri), "en")


def test_timeline_lists_undated_events_and_clicks_through(page, app):
    undated = select(app, "SELECT ?e WHERE { ?e a sahel:Event FILTER NOT EXISTS { ?e sahel:date ?d } }")
    page.goto(page.base + "/timeline")
    expect(page.locator("#timeline-undated a[href^='/doc/event/']")).to_have_count(len(undated))
    page.locator("#timeline .vis-item.sv-event:not(.vis-dot)", has_text="Announcement of JNIM").click()
    expect(page).to_have_url(page.base + "/doc/event/jnim-announcement")


def test_timeline_in_french_with_the_actor_filter(page, app):
    involved = " ".join(f"<{a}>" for a in jnim_and_members(app))
    events = select(app, f"""SELECT DISTINCT ?e WHERE {{ VALUES ?a {{ {involved} }} ?e a sahel:Event ; sahel:date ?d ;
        ?role ?a . ?c sahel:subject ?e ; sahel:property ?role ; sahel:object ?a
        FILTER NOT EXISTS {{ ?c sahel:negated true }} }}""")
    page.goto(page.base + "/timeline?lang=fr")
    expect(page.locator("#timeline .vis-label")).to_contain_text(["Événements"])
    page.select_option("#timeline-filters select[name=actor]", JNIM)
    expect(page.locator("#timeline .vis-item.sv-event:not(.vis-dot)")).to_have_count(len(events))


def test_actor_page_embeds_its_areas_and_its_neighbourhood(page, app):
    neighbours = page_network_neighbours(app)
    page.goto(page.base + "/doc/org/jnim")
    expect(page.locator("#mini-map .leaflet-marker-icon, #mini-map path.sv-area").first).to_be_attached()
    count = page.evaluate("document.getElementById('mini-network').sahelView.count('nodes')")
    assert count == len(neighbours) + 1
    snapshot(page, "actor-jnim")


def page_network_neighbours(app) -> set[str]:
    twin = app.test_client().get("/network.json").get_json()
    return {e["source"] for e in twin["edges"] if e["target"] == JNIM} | {
        e["target"] for e in twin["edges"] if e["source"] == JNIM}


def test_place_and_event_pages_embed_their_map(page):
    page.goto(page.base + "/doc/place/aguelhok")
    expect(page.locator("#mini-map .leaflet-marker-icon.sv-event")).to_have_count(1)
    expect(page.locator("#mini-map .sv-place-name")).to_contain_text(["Aguelhok"])
    page.goto(page.base + "/doc/event/aguelhok-attack-2019?lang=fr")
    expect(page.locator(".resource-views figcaption")).to_have_text(["Où il a eu lieu et qui y a pris part"])
    expect(page.locator(".sv-involved")).to_contain_text("Groupe de soutien à l’islam et aux musulmans")


@pytest.mark.parametrize("path", ["/map", "/network", "/network?layout=lineage", "/timeline", "/doc/org/jnim",
                                  "/doc/place/mopti-region", "/doc/event/ogossagou-massacre-2019"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_view_pages_fit_375_pixels(browser, server, path, lang):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.goto(server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(300)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    name = path.strip("/").replace("/", "-").replace("?layout=", "-")
    snapshot(tab, f"{name}-{lang}-375")
    context.close()
    assert problems == []


@pytest.mark.parametrize("path", ["/map", "/network", "/timeline"])
def test_view_pages_desktop_screenshots_in_both_languages(page, path):
    for lang in ("en", "fr"):
        page.goto(f"{page.base}{path}?lang={lang}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        snapshot(page, f"{path.strip('/')}-{lang}-desktop")
