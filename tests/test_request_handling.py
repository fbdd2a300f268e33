"""Honest request handling against a live server: security headers on every response, Vary naming every
header that changes a body, documents naming the configured base and never the Host header, JSON-LD for JSON."""

from __future__ import annotations

import pyoxigraph
import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call

from sahel_ld.web.headers import CONTENT_SECURITY_POLICY
from sahel_ld.web.site import trusted

PAGES = ["/", "/doc/org/jnim", "/browse/", "/def/sahel", "/queries", "/queries.json", "/openapi.json", "/dumps/",
         "/void", "/static/site.css", "/sparql", "/sparql?query=ASK%7B%7D", "/sparql?query=ASK%7B%7D",
         "/sparql?query=SELEC", "/no/such/page", "/doc/org/no-such-org"]
EVIL = "evil.example"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("accept", ["text/html", "*/*", "application/json"])
def test_every_response_carries_the_security_headers(live_server, path, accept):
    response = call("GET", live_server.url + path, headers={"Accept": accept})
    assert response.status_code < 500
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    if response.headers["Content-Type"].startswith("text/html"):
        assert "Accept-Language" in response.headers["Vary"]


def test_a_page_that_varies_by_language_says_so(live_server):
    english = call("GET", live_server.url + "/doc/org/jnim", headers={"Accept": "text/html"})
    french = call("GET", live_server.url + "/doc/org/jnim", headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert english.content != french.content
    for response in (english, french):
        assert {"Accept", "Accept-Language"} <= {v.strip() for v in response.headers["Vary"].split(",")}


def test_an_error_says_it_varies_by_accept(live_server):
    missing = live_server.url + "/doc/org/no-such-org"
    as_json = call("GET", missing, headers={"Accept": "application/json"})
    as_text = call("GET", missing, headers={"Accept": "text/plain"})
    assert as_json.status_code == as_text.status_code == 404 and as_json.content != as_text.content
    assert "Accept" in as_json.headers["Vary"] and "Accept" in as_text.headers["Vary"]


@pytest.mark.parametrize("path", ["/id/org/jnim", "/doc/org/jnim"])
def test_json_gets_json_ld(live_server, path):
    response = call("GET", live_server.url + path, headers={"Accept": "application/json"})
    if response.status_code == 303:
        response = call("GET", live_server.url + response.headers["Location"], headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    quads = pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.JSON_LD)
    assert pyoxigraph.NamedNode("https://w3id.org/sahel-ld/id/org/jnim") in {q.subject for q in quads}


DOCUMENTS = [("/sparql", "text/turtle"), ("/openapi.json", "application/json"),
             ("/queries.json", "application/json"), ("/void", "text/turtle"), ("/doc/org/jnim", "text/html"),
             ("/doc/org/jnim?lang=fr", "text/html"), ("/api/search?q=jnim", "application/json"),
             ("/reconcile", "application/json")]


@pytest.mark.parametrize(("path", "accept"), DOCUMENTS)
def test_documents_never_carry_the_host_header(live_server, path, accept):
    response = call("GET", live_server.url + path, headers={"Accept": accept, "Host": EVIL})
    assert response.status_code == 200 and EVIL not in response.text
    assert "https://w3id.org/sahel-ld" in response.text


def test_a_trusted_host_names_itself():
    with served({"root": str(FIXTURE), "trusted_hosts": "127.0.0.1, data.example.org:8443"}) as live:
        own = call("GET", live.sparql, headers={"Accept": "text/turtle"})
        assert f"<{live.sparql}>" in own.text
        assert f'"url":"{live.url}"' in call("GET", live.url + "/openapi.json").text
        other = call("GET", live.sparql, headers={"Accept": "text/turtle", "Host": EVIL})
        assert EVIL not in other.text and "<https://w3id.org/sahel-ld/sparql>" in other.text


@pytest.mark.parametrize(("host", "listed", "expected"), [
    ("example.org", "example.org", True), ("example.org:8080", "example.org", True),
    ("example.org:8080", "example.org:8080", True), ("example.org:9", "example.org:8080", False),
    ("evil.example", "example.org", False), ("EXAMPLE.org", "example.org", True), ("example.org", "", False),
    ("[::1]:8080", "[::1]", True), ("example.org.evil.example", "example.org", False),
])
def test_trusted_hosts(host, listed, expected):
    assert trusted(host, listed) is expected
