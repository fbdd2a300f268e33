"""Search box, results page, resource pages and citations in Chromium, under the site's strict security policy.

Every response carries the Content-Security-Policy the service sends (no inline script, no inline handler);
the console must stay free of errors, and no page may scroll sideways at 375 px, in English or in French.
Screenshots are kept under test-artifacts/ (not committed).
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, ROOT, LiveServer, snapshot, watched_tab
from flask import Flask
from playwright.sync_api import expect

from sahel_ld.config import load_config
from sahel_ld.web import create_app

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
PAGES = ["/", "/doc/org/jnim", "/doc/person/iyad-ag-ghali", "/doc/place/timbuktu", "/search?q=al",
         "/doc/concept/alleged", "/void", "/changes"]


def strict(wsgi_app):
    """The app with the site's security policy on every response that does not set its own."""
    def wrapped(environ, start_response):
        def start(status, headers, exc_info=None):
            if not any(name.lower() == "content-security-policy" for name, _ in headers):
                headers = [*headers, ("Content-Security-Policy", CSP)]
            return start_response(status, headers, exc_info)
        return wsgi_app(environ, start)
    return wrapped


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real data served with the security policy on every response."""
    application = create_app({"root": str(ROOT), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    application.wsgi_app = strict(application.wsgi_app)
    try:
        with LiveServer(application) as live:
            yield live
    finally:
        application.extensions["sahel_ld_sparql"].close()


@pytest.fixture()
def page(browser, server):
    """A fresh tab that records console errors (a policy violation is one) and page errors; none may happen."""
    with watched_tab(browser, server.url) as tab:
        yield tab



def test_typing_shows_suggestions_grouped_by_kind_and_enter_opens_one(page):
    page.goto(page.base + "/")
    box = page.locator("#find-text")
    box.press_sequentially("gsim", delay=30)
    suggestions = page.locator("#find-suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("[role=option]").first).to_contain_text("Group for the Support of Islam and Muslims")
    expect(suggestions.locator(".find-kind").first).to_have_text("Organisations")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(suggestions.locator("[role=option][aria-selected=true]")).to_have_count(1)
    box.press("Enter")
    expect(page).to_have_url(page.base + "/doc/org/jnim")


def test_french_reader_finds_timbuktu_by_its_french_name_and_stays_in_french(page):
    page.goto(page.base + "/?lang=fr")
    page.locator("#find-text").press_sequentially("tombouctou", delay=30)
    option = page.locator("#find-suggestions [role=option]").first
    expect(option).to_contain_text("Tombouctou")
    expect(page.locator("#find-suggestions .find-kind").first).to_have_text("Lieux")
    snapshot(page, "find-suggestions-fr")
    option.click()
    expect(page).to_have_url(page.base + "/doc/place/timbuktu?lang=fr")


def test_escape_closes_and_submitting_opens_the_results_page_with_kind_filters(page):
    page.goto(page.base + "/doc/org/jnim")
    box = page.locator("#find-text")
    box.press_sequentially("tombouctou", delay=30)
    expect(page.locator("#find-suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.locator("#find-suggestions")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(page.base + "/search?q=tombouctou")
    page.locator("nav.kind-filters").get_by_role("link", name="Places").click()
    expect(page.locator("ol.search-results li").first).to_contain_text("Timbuktu")
    expect(page.locator("nav.kind-filters a[aria-current]")).to_contain_text("Places")


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto(page.base + "/doc/org/jnim")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.base + "/doc/org/jnim#main")


def test_resource_page_contents_lead_to_sections_and_refs_open_and_scroll_to_their_quote(page):
    page.goto(page.base + "/doc/org/jnim")
    page.locator("nav.toc").get_by_role("link", name="Members").click()
    expect(page).to_have_url(page.base + "/doc/org/jnim#members")
    quotes = page.locator("details.quotes-list")
    assert quotes.evaluate("d => d.open") is False  # folded until asked for
    ref = page.locator("#members a.ref").first
    number = ref.inner_text().strip("[]")
    ref.click()
    expect(page).to_have_url(page.base + f"/doc/org/jnim#quote-{number}")
    target = page.locator("#quotes li:target")
    expect(target).to_have_count(1)
    expect(target).to_have_id(f"quote-{number}")
    expect(target).to_be_in_viewport()
    expect(target.locator("p.supports a").first).to_be_visible()
    snapshot(page, "jnim-quote-target")


def test_a_quote_address_opens_the_folded_quotes_on_arrival_and_when_it_changes(page):
    page.goto(page.base + "/doc/org/jnim#quote-3")
    expect(page.locator("#quote-3")).to_be_in_viewport()
    quotes = page.locator("details.quotes-list")
    quotes.evaluate("d => { d.open = false; }")
    # The address changes without a navigation (which Chromium would follow into <details> on its own).
    page.evaluate("window.scrollTo(0, 0); history.replaceState(null, '', '#quote-5');"
                  "window.dispatchEvent(new HashChangeEvent('hashchange'));")
    expect(page.locator("#quote-5")).to_be_in_viewport()
    expect(page.locator("#quote-5 blockquote")).to_be_visible()
    # A [n] opens the quotes on the click itself, before the browser follows the link (here it does not).
    quotes.evaluate("d => { d.open = false; }")
    page.evaluate("window.addEventListener('click', e => e.preventDefault())")
    page.locator("#members a.ref").first.click()
    assert quotes.evaluate("d => d.open") is True


def test_cite_this_opens_each_format_and_downloads_it(page):
    page.goto(page.base + "/doc/org/jnim")
    cite = page.locator("#cite")
    expect(cite.locator(".cite-text")).to_contain_text("https://w3id.org/sahel-ld/id/org/jnim")
    cite.locator("details.cite-bibtex summary").click()
    expect(cite.locator("details.cite-bibtex pre")).to_contain_text("@misc{sahel-ld-")
    snapshot(page, "jnim-cite")
    with page.expect_response(lambda r: "/cite?" in r.url) as answer:
        cite.locator("details.cite-bibtex a").click()
    assert answer.value.headers["content-type"].startswith("application/x-bibtex")


def test_openrefine_on_another_origin_can_frame_the_preview_card(page, server):
    """The preview sets its own policy (frame-ancestors *); every other page keeps refusing to be framed."""
    other_site = Flask("openrefine")
    other_site.config["SAHEL_LD"] = load_config({})

    @other_site.get("/")
    def frames():
        return (f'<link rel="icon" href="data:,"><iframe id="card" src="{server.url}/reconcile/preview?id=org/jnim" width="420" height="220">'
                f'</iframe><iframe id="page" src="{server.url}/doc/org/jnim"></iframe>')

    with LiveServer(other_site) as openrefine:
        page.goto(openrefine.url + "/")
        card = page.frame_locator("#card")
        expect(card.locator("h1")).to_have_text("Group for the Support of Islam and Muslims")
        snapshot(page, "reconcile-preview-framed")
        expect(page.frame_locator("#page").get_by_text("Group for the Support of Islam")).to_have_count(0)
        page.wait_for_timeout(300)
    refused = [p for p in page.problems if "frame-ancestors" in p]
    assert len(refused) == 1 and len(page.problems) == 1  # the page, not the card, was refused
    page.problems.clear()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_screen_without_scrolling_sideways(browser, server, path, lang):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sep = "&" if "?" in path else "?"
    tab.goto(f"{server.url}{path}{sep}lang={lang}")
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
    tab.screenshot(path=str(ARTIFACTS / f"find-375-{name}-{lang}.png"), full_page=True)
    context.close()
    assert overflow <= 0 and problems == []
