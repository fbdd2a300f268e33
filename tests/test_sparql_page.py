"""The query page in a real browser (Debian's Chromium, headless): run queries, follow links, download."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import served
from playwright.sync_api import expect
from test_sparql_endpoint import FIXTURE


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served({"root": str(FIXTURE), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))}) as live:
        yield live


@pytest.fixture()
def page(server, browser):
    """The query page; every request it makes stays on this server, and the console stays free of errors."""
    tab = browser.new_page()
    elsewhere: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: None if r.url.startswith((server.url, "data:")) else elsewhere.append(r.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(server.url + "/sparql")
    yield tab
    tab.close()
    assert elsewhere == [] and errors == []


def editor_text(page) -> str:
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def set_editor(page, text: str) -> None:
    page.evaluate("text => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", text)


def run(page) -> str:
    page.click("#run")
    expect(page.locator("#status")).not_to_have_text(re.compile(r"^running"))  # no eval: the CSP forbids it
    return page.inner_text("#status")


def test_the_default_query_shows_a_table_with_resource_links(page):
    assert run(page).split()[1] == "rows"
    link = page.locator("#results td a", has_text="Group for the Support of Islam and Muslims")
    assert link.get_attribute("href") == "/id/org/jnim"
    assert link.get_attribute("title") == "https://w3id.org/sahel-ld/id/org/jnim"
    page.check("#show-terms")
    assert "@en" in page.inner_text("#results")


def test_an_example_runs_and_download_links_carry_the_query(page):
    page.select_option("#examples", label="Members of a coalition")
    assert "SELECT" in editor_text(page)
    run(page)
    assert page.locator("#results tbody tr").count() >= 1
    links = page.locator("#downloads a")
    assert links.count() == 10
    href = links.filter(has_text="CSV").get_attribute("href")
    params = parse_qs(urlsplit(href).query)
    assert params["format"] == ["csv"] and params["query"] == [editor_text(page)]


def test_a_prefix_is_added_and_errors_are_shown(page):
    set_editor(page, "SELECT * WHERE { ?s ?p }")
    page.select_option("#prefixes", "sahel")
    assert editor_text(page).startswith("PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>\n")
    assert "400" in run(page) and "line 2" in page.inner_text("#error")


def test_graphs_show_as_text(page):
    set_editor(page, "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 2")
    run(page)
    assert "rdfs:label" in page.inner_text("#results pre")
