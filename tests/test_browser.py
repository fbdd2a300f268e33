"""Pages in a real browser: Debian's Chromium, headless, driven by Playwright over a live server.

Each page is rendered, its links followed, the language switched; the console must stay free of
errors. A screenshot of each page is kept under test-artifacts/ (not committed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import served, snapshot, watched_tab
from playwright.sync_api import expect

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))}) as live:
        yield live


@pytest.fixture()
def page(browser, server):
    """A fresh page that records console errors, page errors and dialogs; none may happen."""
    with watched_tab(browser, server.url, dialogs=True) as tab:
        yield tab



def test_home_page_shows_figures_and_actors_by_category(page):
    page.goto(page.base + "/")
    expect(page.locator("h1")).to_have_text("sahel-ld")
    expect(page.locator("section.category h3")).to_have_text(["Jihadist", "Non-jihadist", "Foreign actor"])
    expect(page.locator("table.by-certainty")).to_contain_text("alleged")
    for target in ("/sparql", "/queries", "/dumps/", "/def/sahel"):
        expect(page.locator(f"main a[href='{target}']")).to_have_count(1)
    snapshot(page, "home")


def test_organisation_page_from_home_shows_statements_and_quotes(page):
    page.goto(page.base + "/")
    page.get_by_role("link", name="Group for the Support of Islam and Muslims").click()
    expect(page).to_have_url(page.base + "/doc/org/jnim")
    expect(page.locator("h1")).to_have_text("Group for the Support of Islam and Muslims")
    members = page.locator("#members")
    expect(members.locator("a.certainty-alleged")).to_have_text("alleged")
    expect(members.locator(".statement.hedged")).to_have_count(1)
    members.locator(".statement.hedged a.ref").click()
    quote = "Katibat Sèrma is allegedly part of JNIM & <b>active</b>"
    expect(page.locator("#quotes li:target blockquote")).to_contain_text(quote)
    expect(page.locator("a[href='http://www.wikidata.org/entity/Q28877411']")).to_have_count(1)
    snapshot(page, "organisation")


def test_person_page_reached_by_link_shows_leadership_with_quote(page):
    page.goto(page.base + "/doc/org/jnim")
    expect(page.locator("section.summary dd.summary_leaders")).to_have_text("Iyad Ag Ghali")
    page.locator("#leaders").get_by_role("link", name="Iyad Ag Ghali").click()
    expect(page).to_have_url(page.base + "/doc/person/iyad-ag-ghali")
    group = page.locator("#roles div.group", has=page.locator("h3", has_text="leader of"))
    expect(group).to_contain_text("Group for the Support of Islam and Muslims")
    expect(page.locator("#quotes blockquote")).to_contain_text("Headed by Tuareg militant leader Iyad Ag Ghali")
    snapshot(page, "person")


def test_place_page_shows_coordinates_map_link_and_events(page):
    page.goto(page.base + "/doc/place/aguelhok")
    expect(page.locator(".coordinates")).to_have_text("19.465, 0.856")
    osm = "https://www.openstreetmap.org/?mlat=19.465&mlon=0.856#map=10/19.465/0.856"
    expect(page.locator("a.map-link")).to_have_attribute("href", osm)
    events = page.locator("div.group", has=page.locator("h3", has_text="Events here"))
    expect(events).to_contain_text("Aguelhok attack")
    snapshot(page, "place")


def test_event_page_reached_from_its_place_shows_statements_and_quotes(page):
    page.goto(page.base + "/doc/place/aguelhok")
    page.locator("#events").get_by_role("link", name="Aguelhok attack (January 2019)").click()
    expect(page).to_have_url(page.base + "/doc/event/aguelhok-attack-2019")
    expect(page.locator("#quotes")).to_contain_text("killed ten UN peacekeepers")
    expect(page.locator("#event a.certainty-believed")).to_have_text("believed")
    snapshot(page, "event")


def test_browse_pages_are_reached_from_the_navigation_and_lead_to_resources(page):
    page.goto(page.base + "/")
    page.locator("nav.main").get_by_role("link", name="Browse").click()
    expect(page).to_have_url(page.base + "/browse/")
    page.locator("main ul.kinds").get_by_role("link", name="Organisations").click()
    expect(page.locator("h2")).to_have_text(["Jihadist", "Non-jihadist", "Foreign actor"])
    snapshot(page, "browse-organisations")
    page.locator("main ul.kinds").get_by_role("link", name="Events").click()
    expect(page.locator("main h2")).to_contain_text(["2019"])
    snapshot(page, "browse-events")
    page.get_by_role("link", name="Aguelhok attack (January 2019)").click()
    expect(page).to_have_url(page.base + "/doc/event/aguelhok-attack-2019")
    page.locator("nav.languages a[hreflang='fr']").click()
    page.locator("nav.main").get_by_role("link", name="Parcourir").click()
    expect(page.locator("h1")).to_have_text("Parcourir")
    expect(page.locator("main ul.kinds")).to_contain_text("Personnes")


def test_claim_page_shows_the_claim_as_a_sentence_with_its_quote(page):
    page.goto(page.base + "/doc/org/jnim")
    page.locator("#quotes summary").click()  # the quotes are folded until asked for
    page.locator("#quotes a[href='/doc/claim/katibat-serma-member-of-jnim']").click()
    expect(page).to_have_url(page.base + "/doc/claim/katibat-serma-member-of-jnim")
    expect(page.locator(".claim-sentence")).to_contain_text("member of")
    expect(page.locator("blockquote.quote")).to_contain_text("Katibat Sèrma is allegedly part of JNIM")
    snapshot(page, "claim")


def test_language_switch_translates_and_sticks_while_browsing(page):
    page.goto(page.base + "/doc/org/jnim")
    page.locator("nav.languages a[hreflang='fr']").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Groupe de soutien à l’islam et aux musulmans")
    expect(page.locator("#members").get_by_role("heading", name="Membres", exact=True)).to_have_count(1)
    page.locator("#leaders").get_by_role("link", name="Iyad Ag Ghali").click()
    expect(page.locator("h2", has_text="Rôles")).to_have_count(1)
    expect(page.locator("nav.main")).to_contain_text("Accueil")
    snapshot(page, "person-fr")
    page.locator("nav.languages a[hreflang='en']").click()
    expect(page.locator("nav.main")).to_contain_text("Home")


def test_hostile_label_renders_as_text(page):
    page.goto(page.base + "/doc/org/katibat-serma")
    expect(page.locator("h1")).to_have_text("Katibat Sèrma <script>alert(1)</script>")
    expect(page.locator("main script")).to_have_count(0)
    snapshot(page, "hostile-label")


def test_unknown_address_shows_the_404_page(page):
    response = page.goto(page.base + "/id/org/no-such-group")
    assert response.status == 404
    assert len(page.problems) == 1 and "404" in page.problems[0]  # the browser reports the 404 itself
    page.problems.clear()
    expect(page.locator("h1")).to_contain_text("404")
    page.get_by_role("link", name="Back to the home page").click()
    expect(page.locator("h1")).to_have_text("sahel-ld")
