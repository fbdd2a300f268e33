"""The time limit stops a runaway query in its worker while other requests keep being answered."""

from __future__ import annotations

import threading

import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call


EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


@pytest.fixture(scope="module")
def server():
    with served({"root": str(FIXTURE), "query_timeout": 2, "sparql_workers": 2, "client_header": "X-Client"}) as live:
        yield live


def test_explosive_query_is_stopped_with_503_while_others_are_answered(server):
    outcome: dict[str, object] = {}
    done = threading.Event()

    def explode() -> None:
        outcome["response"] = call("GET", server.sparql, {"query": EXPLOSIVE}, headers={"X-Client": "runaway"})
        done.set()

    runaway = threading.Thread(target=explode)
    runaway.start()
    answered_meanwhile = 0
    for number in range(200):
        if done.is_set():
            break
        response = call("GET", server.sparql, {"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {number + 1}"},
                        headers={"X-Client": "another"})
        assert response.status_code == 200
        answered_meanwhile += 0 if done.is_set() else 1
    runaway.join(60)
    assert answered_meanwhile >= 3
    response = outcome["response"]
    assert response.status_code == 503 and "limit" in response.text
    # The killed worker is replaced: the pool keeps answering.
    for number in range(6):
        assert call("GET", server.sparql, {"query": f"ASK {{ ?s ?p {number} }}"}).status_code == 200


def test_a_timed_out_query_is_not_cached(server):
    first = call("GET", server.sparql, {"query": EXPLOSIVE + " LIMIT 1"})
    assert first.status_code == 503
    assert call("GET", server.sparql, {"query": EXPLOSIVE + " LIMIT 1"}).status_code == 503
