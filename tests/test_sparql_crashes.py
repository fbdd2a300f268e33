"""No query crashes the pool: deep or long structures are refused by the guard (400, with the reason) before
any engine sees them, a worker that dies at any moment (start-up included) is replaced with back-off, and
``/health`` reports the pool."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call

from sahel_ld.sparql_guard import MAX_CHAIN, MAX_NESTING

N = 10_000  # each shape below, at this size, made Oxigraph 0.5 segfault (or run for minutes) unguarded
P = "<http://example.org/p>"
CRASH_SHAPES = {
    "negations": "ASK { FILTER(" + "!" * N + "true) }",
    "and-chain": "ASK { FILTER(" + " && ".join(["true"] * N) + ") }",
    "or-chain": "ASK { FILTER(" + "||".join(["true"] * N) + ") }",
    "sum-chain": "ASK { FILTER(" + "+".join(["1"] * N) + " > 0) }",
    "product-chain": "ASK { FILTER(" + "*".join(["1"] * N) + " > 0) }",
    "unary-minus": "ASK { FILTER(" + "-" * N + "1 > 0) }",
    "path-sequence": "ASK { ?s " + "/".join([P] * N) + " ?o }",
    "path-alternatives": "ASK { ?s " + "|".join([P] * N) + " ?o }",
    "path-inverses": "ASK { ?s " + "^" * N + P + " ?o }",
    "list": "SELECT * { ?s ?p (" + " 1" * N + " ) }",
    "in-list": "ASK { FILTER(1 IN (" + ",".join(["1"] * N) + ")) }",
    "unions": "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 3000) + " }",
    "optionals": "SELECT * { ?s ?p ?o " + " ".join(f"OPTIONAL {{ ?s ?p ?o{i} }}" for i in range(3000)) + " }",
    "minuses": "SELECT * { ?s ?p ?o " + " ".join(f"MINUS {{ ?s ?p ?o{i} }}" for i in range(3000)) + " }",
    "binds": "SELECT * { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(3000)) + " }",
    "filters": "SELECT * { " + "FILTER(true) " * N + "}",
    "select-expressions": "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(3000)) + " {}",
    "groups": "SELECT * { " + "{} " * N + "}",
    "triple-patterns": "SELECT * { " + " ".join(f"?s ?p ?o{i} ." for i in range(3000)) + " }",
    "nested-blank-nodes": "SELECT * { ?s ?p " + "[ ?p " * 2000 + "?o" + " ]" * 2000 + " }",
    "nested-groups": "SELECT * " + "{" * 5000 + "}" * 5000,
    "spread-over-brackets": "SELECT * { " + " ".join(f"{{ FILTER({'!' * 400}true) }}" for i in range(60)) + " }",
}


# Just inside every limit at once: chains in nested groups, which the engine recurses along one after the other.
NEAR_THE_LIMITS = "SELECT * " + "{ " + " ".join(f"BIND({i} AS ?v{i})" for i in range(190)) + " " \
    + ("{ " + " ".join(f"BIND(1 AS ?w{i})" for i in range(120)) + " ") * 5 + "}" * 6
CRASH_SHAPES["past-the-total"] = "SELECT * " + ("{ " + " ".join(f"BIND(1 AS ?w{i})" for i in range(400)) + " ") * 4 \
    + "}" * 4


@pytest.fixture(scope="module")
def server():
    with served({"root": str(FIXTURE), "sparql_workers": 1, "query_memory_mib": 256, "query_timeout": 30}) as live:
        live.engine = live.app.extensions["sahel_ld_sparql"]
        yield live


def pids(engine) -> set[int]:
    return {worker.process.pid for worker in engine._ready}


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the pool did not recover"
        time.sleep(0.05)


@pytest.mark.parametrize("shape", CRASH_SHAPES)
def test_structures_the_engine_would_crash_on_are_400_with_the_reason(server, shape):
    before = pids(server.engine)
    response = call("POST", server.sparql, data={"query": CRASH_SHAPES[shape]})
    assert response.status_code == 400, response.text
    assert "the limit is" in response.text or f"more than {MAX_CHAIN}" in response.text
    assert pids(server.engine) == before  # no worker died or was replaced


def test_long_but_legitimate_structures_pass(server):
    for text in ["SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(400)) + " }",
                 "ASK { FILTER(" + " && ".join(["true"] * 200) + ") }",
                 "SELECT * { VALUES ?x { " + " ".join(f"<http://example.org/{i}>" for i in range(3000)) + " } }",
                 "SELECT * { VALUES (?x ?y) { " + " ".join(f"({i} {i})" for i in range(3000)) + " } }",
                 "SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING,
                 NEAR_THE_LIMITS]:
        assert call("POST", server.sparql, data={"query": text}).status_code == 200


def test_a_query_past_the_memory_ceiling_is_stopped_and_the_worker_replaced(server):
    doubled = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(31))
    text = f'SELECT (STRLEN(?x31) AS ?n) {{ BIND("ab" AS ?x0) {doubled} }}'
    response = call("POST", server.sparql, data={"query": text})
    assert response.status_code == 503 and "memory" in response.text, response.text
    assert call("POST", server.sparql, data={"query": text}).status_code == 503  # refused again from the cache
    wait_until(lambda: server.engine.health()["ready"] == 1)
    assert call("GET", server.sparql, {"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_worker_killed_while_idle_is_replaced_and_no_query_fails(server):
    (pid,) = pids(server.engine)
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert call("GET", server.sparql, {"query": "ASK { ?s ?p 1 }"}).status_code == 200
    assert pid not in pids(server.engine)


def test_replacements_that_die_while_starting_are_retried_until_one_starts(server):
    engine = server.engine
    wait_until(lambda: engine.health()["spares"] == 1)
    replaced = engine.replaced
    killed = pids(engine) | {spare.process.pid for spare in engine._spares}
    for pid in killed:  # the worker in service and the spare
        os.kill(pid, signal.SIGKILL)

    def starting() -> list:
        return [w for w in engine._all - engine._ready - set(engine._spares) if w.process.pid not in killed]

    for _ in range(3):  # then each replacement during its start-up, three times over
        wait_until(starting, 30)
        pid = starting()[0].process.pid
        os.kill(pid, signal.SIGKILL)
        killed.add(pid)
    health = call("GET", server.url + "/health")
    assert health.status_code in (200, 503) and health.json()["sparql"]["ready"] == 0
    assert health.json()["status"] == "down" and health.headers["Cache-Control"] == "no-store"
    wait_until(lambda: engine.health()["ready"] == 1)
    assert engine.replaced >= replaced + 1 and not pids(engine) & killed
    assert call("GET", server.sparql, {"query": "ASK { ?s ?p 2 }"}).status_code == 200
    health = call("GET", server.url + "/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert "did not start" in health.json()["sparql"]["last_failure"]
