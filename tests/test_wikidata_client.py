"""The SPARQL client: answers parsed, polite requests, retries on 429 and 5xx, clear errors otherwise."""

from __future__ import annotations

import json

import pytest
from fixtures.wikidata.servers import EMPTY_RESULTS, HTML_PAGE, ScriptedServer, SilentServer, free_port
from rdflib import Literal, URIRef

from sahel_ld.wikidata.client import Endpoint, EndpointError, QueryRejected
from sahel_ld.wikidata.facts import fetch

QUERY = "SELECT ?item WHERE { ?item ?p ?o } LIMIT 1"
ONE_ROW = (200, {"Content-Type": "application/sparql-results+json; charset=utf-8"}, json.dumps({
    "head": {"vars": ["item", "name"]},
    "results": {"bindings": [{"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
                              "name": {"type": "literal", "value": "Ségou", "xml:lang": "fr"}}]},
}).encode())


def endpoint(url: str, waits: list[float] | None = None, **options) -> Endpoint:
    """An endpoint whose back-off waits are recorded instead of slept."""
    record = waits.append if waits is not None else (lambda seconds: None)
    return Endpoint(url, sleep=record, **options)


def test_rows_come_back_as_rdflib_terms():
    with ScriptedServer([ONE_ROW]) as server:
        rows = endpoint(server.url).select(QUERY)
    assert rows == [{"item": URIRef("http://www.wikidata.org/entity/Q1"), "name": Literal("Ségou", lang="fr")}]


def test_requests_are_posted_with_a_user_agent_that_names_the_tool():
    with ScriptedServer([EMPTY_RESULTS]) as server:
        endpoint(server.url).select(QUERY)
    headers, body = server.requests[0]
    assert headers["User-Agent"].startswith("sahel-ld/") and "https://w3id.org/sahel-ld/" in headers["User-Agent"]
    assert b"query=SELECT" in body


def test_429_is_retried_after_the_wait_the_server_asks_for():
    waits: list[float] = []
    busy = (429, {"Retry-After": "7", "Content-Type": "text/plain"}, b"slow down")
    with ScriptedServer([busy, EMPTY_RESULTS]) as server:
        assert endpoint(server.url, waits).select(QUERY) == []
    assert waits == [7.0] and len(server.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_with_growing_back_off(status):
    waits: list[float] = []
    failing = (status, {"Content-Type": "text/plain"}, b"oops")
    with ScriptedServer([failing, failing, EMPTY_RESULTS]) as server:
        assert endpoint(server.url, waits, backoff=1.0).select(QUERY) == []
    assert waits == [1.0, 2.0]


def test_retries_give_up_with_the_reason():
    waits: list[float] = []
    with ScriptedServer([(503, {"Retry-After": "1"}, b"down for maintenance")]) as server:
        with pytest.raises(EndpointError, match="HTTP 503, still after 2 retries"):
            endpoint(server.url, waits, retries=2).select(QUERY)
    assert len(server.requests) == 3 and waits == [1.0, 1.0]


def test_a_long_retry_after_is_capped():
    waits: list[float] = []
    with ScriptedServer([(429, {"Retry-After": "86400"}, b""), EMPTY_RESULTS]) as server:
        endpoint(server.url, waits, max_wait=30).select(QUERY)
    assert waits == [30]


def test_a_refused_query_is_not_retried():
    with ScriptedServer([(400, {"Content-Type": "text/plain"}, b"Parse error: unexpected *")]) as server:
        with pytest.raises(QueryRejected, match="Parse error"):
            endpoint(server.url).select(QUERY)
    assert len(server.requests) == 1


def test_an_endpoint_that_is_down_is_reported():
    with pytest.raises(EndpointError, match="cannot connect"):
        endpoint(f"http://127.0.0.1:{free_port()}/sparql").select(QUERY)


def test_an_endpoint_that_never_answers_times_out():
    with SilentServer() as server:
        with pytest.raises(EndpointError, match="no answer within 0.5 s|no answer within the timeout"):
            endpoint(server.url, timeout=0.5).select(QUERY)


def test_an_html_page_is_garbage():
    with ScriptedServer([HTML_PAGE]) as server:
        with pytest.raises(EndpointError, match="answered text/html.*not SPARQL JSON results"):
            endpoint(server.url).select(QUERY)


def test_json_that_is_not_sparql_results_is_garbage():
    with ScriptedServer([(200, {"Content-Type": "application/json"}, b'{"error": "maintenance"}')]) as server:
        with pytest.raises(EndpointError, match="not SPARQL JSON results"):
            endpoint(server.url).select(QUERY)


def sparql_json(rows: list[dict]) -> tuple[int, dict[str, str], bytes]:
    document = {"head": {"vars": sorted({k for row in rows for k in row})}, "results": {"bindings": rows}}
    return 200, {"Content-Type": "application/sparql-results+json"}, json.dumps(document).encode()


def test_types_fall_back_to_direct_p31_where_property_paths_are_refused():
    item = {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"}
    status = sparql_json([{"item": item, "exists": {
        "type": "literal", "value": "true", "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}}])
    facts = sparql_json([{"item": item, "p": {"type": "uri", "value": "http://www.wikidata.org/prop/direct/P31"},
                          "value": {"type": "uri", "value": "http://www.wikidata.org/entity/Q43229"}}])
    refused = (400, {"Content-Type": "text/plain"}, b"property paths are not supported")
    with ScriptedServer([status, facts, refused]) as server:
        found = fetch(endpoint(server.url), [URIRef("http://www.wikidata.org/entity/Q1")])
    assert not found.subclasses
    assert found.items[URIRef("http://www.wikidata.org/entity/Q1")].kinds == {"actor"}
