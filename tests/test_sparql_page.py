"""The query page in a real browser (Debian's Chromium, headless) under the site's Content-Security-Policy:
editing, running, permalinks and history, short links, the results table, the result views, error messages,
French, and phones. Expected numbers come from SPARQL over the loaded data."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import ROOT, LiveServer
from playwright.sync_api import expect

from sahel_ld.queries import read_queries
from sahel_ld.web import create_app
from sahel_ld.web.i18n import MESSAGES_DIR

ARTIFACTS = ROOT / "test-artifacts"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
QUERIES = read_queries(ROOT / "queries")
SAHEL = "PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>\n"
ORGANISATIONS = SAHEL + "SELECT ?o WHERE { ?o a sahel:Organisation }"
PLACES = SAHEL + "SELECT ?p WHERE { ?p a sahel:Place }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real data behind a live server whose every answer carries the site's Content-Security-Policy."""
    application = create_app({"root": str(ROOT), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    application.after_request(lambda response: (response.headers.setdefault("Content-Security-Policy", CSP),
                                                response)[1])
    try:
        with LiveServer(application) as live:
            live.sparql = live.url + "/sparql"
            yield live
    finally:
        application.extensions["sahel_ld_sparql"].close()


def rows_of(server, query: str) -> list[dict]:
    """The answer's rows, asked of the same server as any SPARQL client would."""
    from urllib.request import Request, urlopen

    request = Request(server.sparql + "?" + urlencode({"query": query}),
                      headers={"Accept": "application/sparql-results+json"})
    with urlopen(request, timeout=30) as response:
        return json.load(response)["results"]["bindings"]


@pytest.fixture()
def context(browser, server):
    """A browser context whose pages may not reach another host, log a console error or break the CSP."""
    context = browser.new_context(locale="en-GB")
    problems: list[str] = []

    def watch(page):
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:"))
                else problems.append(f"request elsewhere: {r.url}"))

    context.on("page", watch)
    context.refusals_expected = False  # a test that sends bad queries sees the browser log the 400 answers
    yield context
    context.close()
    refusal = "the server responded with a status of 400"
    assert [p for p in problems if not (context.refusals_expected and refusal in p)] == []


@pytest.fixture()
def page(context, server):
    tab = context.new_page()
    tab.base = server.url
    tab.goto(server.url + "/sparql")
    return tab


def editor_text(page) -> str:
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def set_editor(page, text: str) -> None:
    page.evaluate("text => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", text)


def run(page) -> str:
    page.click("#run")
    return settled(page)


def settled(page) -> str:
    """The status once the query has run (polled from here: the page's CSP forbids evaluating strings in it)."""
    expect(page.locator("#status")).to_have_text(re.compile(r"^(?!running|exécution)\S"))
    return page.inner_text("#status")


def wait_for_editor(page, text: str) -> None:
    for _ in range(200):
        if editor_text(page) == text:
            return
        page.wait_for_timeout(50)
    assert editor_text(page) == text


def snapshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_typing_highlights_completes_with_labels_and_declares_a_prefix_once(page, server):
    set_editor(page, "")
    page.click(".CodeMirror")
    page.keyboard.type("SELECT ?g WHERE { ?g a sahel:Armed")
    hints = page.locator(".CodeMirror-hints")
    expect(hints).to_contain_text("sahel:ArmedGroup")
    label = rows_of(server, SAHEL + "SELECT ?l WHERE { sahel:ArmedGroup <http://www.w3.org/2000/01/rdf-schema#label> ?l"
                    " FILTER(lang(?l) = 'en') }")[0]["l"]["value"]
    expect(hints.locator("li", has_text="sahel:ArmedGroup").first).to_contain_text(label)
    page.keyboard.press("Enter")
    page.keyboard.type(" . ?g a sahel:Militi")
    expect(hints).to_contain_text("sahel:Militia")
    page.keyboard.press("Enter")
    page.select_option("#prefixes", "sahel")
    text = editor_text(page)
    assert text.startswith("PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>\n")
    assert text.count("PREFIX sahel:") == 1 and "?g a sahel:ArmedGroup . ?g a sahel:Militia}" in text
    expect(page.locator(".CodeMirror .cm-keyword", has_text="SELECT")).to_have_count(1)
    expect(page.locator(".CodeMirror .cm-variable-2", has_text="?g").first).to_be_visible()
    page.keyboard.press("Control+Enter")
    assert re.match(r"\d+ rows? in \d+ ms", settled(page))


def test_running_changes_the_address_reload_reproduces_and_back_restores(page, server):
    organisations, places = len(rows_of(server, ORGANISATIONS)), len(rows_of(server, PLACES))
    set_editor(page, ORGANISATIONS)
    page.click(".CodeMirror")
    page.keyboard.press("Control+Enter")
    assert settled(page).startswith(f"{organisations:,} rows")
    assert parse_qs(urlsplit(page.url).query)["query"] == [ORGANISATIONS]
    page.reload()
    assert settled(page).startswith(f"{organisations:,} rows") and editor_text(page) == ORGANISATIONS
    set_editor(page, PLACES)
    assert run(page).startswith(f"{places:,} rows")
    page.go_back()
    wait_for_editor(page, ORGANISATIONS)
    assert settled(page).startswith(f"{organisations:,} rows")
    page.go_forward()
    wait_for_editor(page, PLACES)
    assert settled(page).startswith(f"{places:,} rows")


def test_choosing_an_example_does_not_overwrite_unsaved_work(page):
    mine = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # mine"
    set_editor(page, mine)
    page.select_option("#examples", label=QUERIES["coalition-members"].summary)
    expect(page.locator("#unsaved")).to_be_visible()
    page.click("#keep")
    assert editor_text(page) == mine
    page.select_option("#examples", label=QUERIES["coalition-members"].summary)
    page.click("#replace")
    assert "coalition" in editor_text(page) and editor_text(page) != mine
    run(page)
    page.select_option("#examples", label=QUERIES["attacks"].summary)  # nothing unsaved: replaced at once
    expect(page.locator("#unsaved")).to_be_hidden()
    assert "Attack" in editor_text(page)


@pytest.mark.parametrize(("query", "words", "marked"), [
    ("SELEC * WHERE { ?s ?p ?o }", ["“SELEC”", "line 1, column 1", "Did you mean SELECT?"], "SELEC"),
    ("SELECT * WHER { ?s ?p ?o }", ["“WHER”", "line 1, column 10", "Did you mean WHERE?"], "WHER"),
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }", ["“)”", "line 3, column 15", "expected a value"], ")"),
    ("SELECT * WHERE { ?s ?p ?o ", ["“{”", "line 1, column 16", "never closed", "“}”"], "{"),
    ("SELECT * WHERE {\n  ?s ?p 'x'@en\n  ?x ?y ?z }",
     ["“?x”", "line 3, column 3", "“.” to end the triple"], "?x"),
    ("SELECT * WHERE { ?s ?p ?o } ORDER ?s", ["“?s”", "line 1, column 35", "expected “BY”"], "?s"),
])
def test_a_typo_is_explained_in_words_and_marked_where_it_is(page, context, query, words, marked):
    context.refusals_expected = True
    set_editor(page, query)
    assert run(page) == "refused (400)"
    expect(page.locator("#results")).to_be_empty()
    for word in words:
        expect(page.locator("#error")).to_contain_text(word)
    expect(page.locator(".CodeMirror .cm-refused")).to_have_text(marked)
    expect(page.locator(".CodeMirror .cm-refused-note")).to_have_text(page.inner_text("#error"))


def test_an_undeclared_prefix_is_named_and_declared_with_one_click(page, context):
    context.refusals_expected = True
    set_editor(page, "SELECT * WHERE { ?s rdfs:label ?o } LIMIT 1")
    run(page)
    expect(page.locator("#error")).to_contain_text("The prefix “rdfs:” at line 1, column 21 is not declared.")
    page.locator("#error button").click()
    assert editor_text(page).startswith("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
    assert run(page).startswith("1 row in ")


def test_ten_thousand_rows_come_in_pages_that_sort(page, server):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    count = len(rows_of(server, everything))
    set_editor(page, everything)
    started = page.evaluate("performance.now()")
    status = run(page)
    assert page.evaluate("performance.now()") - started < 8000
    assert status.startswith(f"{count:,} rows")
    assert ("cut at the row limit" in status) == (count == 10_000)
    expect(page.locator("#results tbody tr")).to_have_count(100)
    pages = -(-count // 100)
    expect(page.locator("#page-of")).to_have_text(f"Page 1 of {pages}")
    page.click("#next")
    expect(page.locator("#page-of")).to_have_text(f"Page 2 of {pages}")
    page.click("#results th:nth-child(2) button")
    expect(page.locator("#results th:nth-child(2)")).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("#page-of")).to_have_text(f"Page 1 of {pages}")
    first = page.locator("#results tbody tr:first-child td:nth-child(2)").inner_text()
    page.click("#results th:nth-child(2) button")
    expect(page.locator("#results th:nth-child(2)")).to_have_attribute("aria-sort", "descending")
    assert page.locator("#results tbody tr:first-child td:nth-child(2)").inner_text() != first


def test_resources_show_their_labels_certainties_their_badges_literals_their_language(page, server):
    query = (SAHEL + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?claim ?certainty ?name WHERE {"
             " ?claim sahel:certainty ?certainty . ?certainty rdfs:label ?name } ORDER BY ?claim LIMIT 20")
    first = rows_of(server, query)[0]
    set_editor(page, query)
    run(page)
    expect(page.locator("#views button[data-view='table']")).to_have_attribute("aria-selected", "true")
    claim = page.locator("#results tbody tr:first-child td:first-child a")
    expect(claim).to_have_attribute("title", first["claim"]["value"])
    expect(claim).to_have_attribute("href", "/" + first["claim"]["value"].split("/sahel-ld/", 1)[1])
    key = first["certainty"]["value"].rsplit("/", 1)[1]
    badge = page.locator("#results tbody tr:first-child a.badge.certainty")
    expect(badge).to_have_class(re.compile(f"certainty-{key}"))
    expect(page.locator("#results .term-note").first).to_be_hidden()
    page.check("#show-terms")
    expect(page.locator("#results .term-note").first).to_be_visible()


@pytest.mark.parametrize(("name", "view", "drawn"), [
    ("places-with-coordinates", "map", ".leaflet-container .sv-marker"),
    ("actor-relations", "graph", ".sv-network canvas"),
    ("events-timeline", "timeline", ".vis-timeline .vis-item"),
])
def test_each_result_view_appears_for_a_suitable_query(page, name, view, drawn):
    page.select_option("#examples", label=QUERIES[name].summary)
    run(page)
    expect(page.locator(f"#views button[data-view='{view}']")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#results {drawn}").first).to_be_visible()
    page.click("#views button[data-view='table']")
    expect(page.locator("#results table.results")).to_be_visible()
    snapshot(page, f"sparql-{view}")


def test_a_default_view_comment_picks_the_view(page):
    counts = SAHEL + ("#defaultView:BarChart\nSELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class }"
                      " GROUP BY ?class ORDER BY DESC(?n) LIMIT 10")
    set_editor(page, counts)
    run(page)
    expect(page.locator("#views button[data-view='barchart']")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#results .chart-frame canvas")).to_be_visible()
    page.select_option("#examples", label=QUERIES["places-with-coordinates"].summary)
    set_editor(page, "#defaultView:Table\n" + editor_text(page))
    run(page)
    expect(page.locator("#views button[data-view='table']")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#views button[data-view='map']")).to_be_visible()


def test_copy_link_gives_the_address_or_a_short_link_that_reproduces_the_query(page, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    set_editor(page, ORGANISATIONS)
    page.click("#copy-link")
    expect(page.locator("#link")).to_have_value(page.base + "/sparql?" + urlencode({"query": ORGANISATIONS}))
    long = ORGANISATIONS + "\n# " + "a long comment " * 200
    set_editor(page, long)
    page.click("#copy-link")
    expect(page.locator("#link")).to_have_value(re.compile(re.escape(page.base) + r"/q/[a-z2-7]{12}$"))
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#link")
    page.goto(page.input_value("#link"))
    assert settled(page).endswith("ms") and editor_text(page) == long


def test_download_links_carry_the_query_for_every_format(page):
    set_editor(page, PLACES)
    links = page.locator("#downloads a")
    expect(links).to_have_count(10)
    for name in ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"):
        params = parse_qs(urlsplit(page.locator(f"#downloads a[data-format='{name}']").get_attribute("href")).query)
        assert params == {"format": [name], "query": [PLACES]}
    with page.expect_download() as download:
        page.click("#downloads a[data-format='csv']")
    assert download.value.path().read_text(encoding="utf-8").splitlines()[0] == "p"


def test_graphs_show_as_text_and_ask_as_yes_or_no(page):
    set_editor(page, "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 2")
    run(page)
    assert "rdfs:label" in page.inner_text("#results pre")
    set_editor(page, "ASK { ?s ?p ?o }")
    run(page)
    expect(page.locator("#results .boolean")).to_have_text("Answer: yes")


def english_words() -> set[str]:
    """Every English interface text of the site's catalogues that differs from its French."""
    words = set()
    for path in MESSAGES_DIR.glob("*.json"):
        catalogue = json.loads(path.read_text(encoding="utf-8"))
        words |= {text for key, text in catalogue["en"].items() if text != catalogue["fr"][key] and len(text) > 2}
    return words


def test_the_french_page_has_no_english_interface_string(page, context):
    context.refusals_expected = True
    page.goto(page.base + "/sparql?lang=fr")
    page.select_option("#examples", index=1)
    settled_text = run(page)
    assert re.match(r"[\d\u202f ]+ lignes? en \d+ ms", settled_text)
    set_editor(page, "SELEC * {}")
    run(page)
    shown = page.evaluate("""() => {
      const texts = [];
      const skip = '.CodeMirror, #results td, #claim-pattern, code, script';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest(skip) && node.textContent.trim()) texts.push(node.textContent.trim());
      }
      for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
        if (el.closest(skip)) continue;
        for (const name of ['title', 'aria-label', 'placeholder']) if (el.getAttribute(name)) texts.push(el.getAttribute(name));
      }
      return texts;
    }""")
    english = english_words()
    assert not [text for text in shown if text in english]
    body = " ".join(shown)
    assert not [text for text in english if len(text) > 20 and text in body]
    assert "Vouliez-vous dire SELECT ?" in page.inner_text("#error")
    snapshot(page, "sparql-fr")


PHONE_PAGES = ["/sparql?" + urlencode({"query": ORGANISATIONS}), "/sparql?lang=fr", "/queries/attacks",
               "/queries/claims-about?lang=fr", "/queries/places-with-coordinates", "/dumps/", "/dumps/?lang=fr",
               "/doc/org/jnim", "/doc/org/jnim?lang=fr", "/doc/place/menaka", "/doc/event/aguelhok-attack-2019",
               "/def/sahel"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_page_is_wider_than_a_phone(context, server, path):
    tab = context.new_page()
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(server.url + path)
    if path.startswith("/sparql?query="):
        settled(tab)
    widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 375
    snapshot(tab, "phone" + re.sub(r"[^a-z0-9]+", "-", path.split("query=")[0])[:40])


def test_the_navigation_folds_behind_a_menu_button_on_phones(page):
    toggle, nav = page.locator(".menu-toggle"), page.locator("nav.main")
    expect(toggle).to_be_hidden()
    expect(nav).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    expect(nav).to_be_hidden()
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Saved queries").click()
    expect(page).to_have_url(re.compile(r"/queries$"))


def test_the_certainty_note_puts_the_claim_pattern_in_the_editor(page, server):
    expect(page.locator(".certainty-note")).to_contain_text("carries no certainty")
    page.click("#try-claims")
    assert "?claim a sahel:Claim" in editor_text(page)
    count = len(rows_of(server, editor_text(page)))
    assert run(page).startswith(f"{count:,} row")
    expect(page.locator("#results a.badge.certainty")).to_have_count(min(count, 100))
