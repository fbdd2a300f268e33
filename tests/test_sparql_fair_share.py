"""No client starves the others: a cap on each client's requests in flight (429), a cap on the server threads
SPARQL occupies (503) so pages keep theirs, one client never holding every worker, queueing inside the time
limit, slow connections let go, and memory bounded in bytes (answers and the response cache)."""

from __future__ import annotations

import json
import os
import resource
import socket
import threading
import time

import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call
from test_sparql_limits import EXPLOSIVE

TIMEOUT = 3


def in_background(server, client: str, query: str = EXPLOSIVE) -> threading.Thread:
    """A request of ``client`` running in a thread (its reply in ``thread.reply``), started and in flight."""
    thread = threading.Thread(daemon=True)

    def run() -> None:
        thread.reply = call("GET", server.sparql, {"query": query}, headers={"X-Client": client})

    thread.run = run
    thread.start()
    time.sleep(0.5)
    return thread


@pytest.fixture(scope="module")
def server():
    with served({"root": str(FIXTURE), "query_timeout": TIMEOUT, "sparql_workers": 2, "threads": 4,
                 "sparql_threads": 2, "client_queries": 1, "client_header": "X-Client"}) as live:
        yield live


def test_a_client_past_its_requests_in_flight_gets_429_others_are_answered(server):
    runaway = in_background(server, "a")
    again = call("GET", server.sparql, {"query": "ASK { ?s ?p 1 }"}, headers={"X-Client": "a"})
    assert again.status_code == 429 and int(again.headers["Retry-After"]) == TIMEOUT
    other = call("GET", server.sparql, {"query": "ASK { ?s ?p 2 }"}, headers={"X-Client": "b"})
    assert other.status_code == 200
    runaway.join(30)
    assert runaway.reply.status_code == 503


def test_sparql_past_its_threads_gets_503_at_once_and_pages_keep_theirs(server):
    runaways = [in_background(server, client, EXPLOSIVE + f" # {client}") for client in ("a", "b")]
    started = time.monotonic()
    third = call("GET", server.sparql, {"query": "ASK { ?s ?p 3 }"}, headers={"X-Client": "c"})
    assert third.status_code == 503 and "Retry-After" in third.headers and time.monotonic() - started < 1
    for path in ("/doc/org/jnim", "/", "/static/site.css", "/health"):
        started = time.monotonic()
        assert call("GET", server.url + path).status_code == 200
        assert time.monotonic() - started < 1, path
    for runaway in runaways:
        runaway.join(30)


def test_waiting_for_a_worker_counts_inside_the_time_limit():
    with served({"root": str(FIXTURE), "query_timeout": TIMEOUT, "sparql_workers": 1,
                 "client_header": "X-Client"}) as live:
        runaway = in_background(live, "a")
        started = time.monotonic()
        waiting = call("GET", live.sparql, {"query": EXPLOSIVE + " # b"}, headers={"X-Client": "b"})
        elapsed = time.monotonic() - started
        runaway.join(30)
    assert waiting.status_code == 503 and elapsed < TIMEOUT + 1  # not the wait for a worker and then its own time


def test_one_client_never_holds_every_worker():
    with served({"root": str(FIXTURE), "query_timeout": TIMEOUT, "sparql_workers": 2, "client_queries": 3,
                 "client_header": "X-Client"}) as live:
        runaways = [in_background(live, "a", EXPLOSIVE + f" # {n}") for n in range(2)]
        started = time.monotonic()
        other = call("GET", live.sparql, {"query": "ASK { ?s ?p 5 }"}, headers={"X-Client": "b"})
        assert other.status_code == 200 and time.monotonic() - started < 1
        for runaway in runaways:
            runaway.join(30)
        assert sorted(r.reply.status_code for r in runaways) == [503, 503]


def test_slow_connections_do_not_block_the_server():
    with served({"root": str(FIXTURE), "channel_timeout": 2}) as live:
        trickling = []
        for _ in range(150):  # half-open: a request line and never the end of the headers
            sock = socket.create_connection(("127.0.0.1", live.port))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            trickling.append(sock)
        started = time.monotonic()
        assert call("GET", live.url + "/doc/org/jnim").status_code == 200
        assert call("GET", live.sparql, {"query": "ASK {}"}).status_code == 200
        assert time.monotonic() - started < 2
        time.sleep(4)  # past channel_timeout (and a cleanup round): the server has closed them
        closed = 0
        for sock in trickling:
            sock.settimeout(1)
            closed += sock.recv(1) == b""
            sock.close()
    assert closed == len(trickling)


def big_answer(n: int) -> str:
    """A SELECT whose answer is about 2 MB (200 rows of 10 kB), distinct for each ``n``."""
    doubled = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(10))
    return (f'SELECT ?i ?x10 {{ VALUES ?i {{ {" ".join(str(k) for k in range(200))} }} '
            f'BIND(CONCAT("{n:05d}", STR(?i), "0123456789") AS ?x0) {doubled} }}')


def test_answers_are_cut_to_the_byte_cap_and_the_cache_stays_within_its_bytes():
    cap, cache = 500_000, 3_000_000
    with served({"root": str(FIXTURE), "max_answer_bytes": cap, "response_cache_bytes": cache,
                 "query_timeout": 20}) as live:
        engine = live.app.extensions["sahel_ld_sparql"]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for n in range(40):
            for encoding in ("identity", "gzip"):
                response = call("GET", live.sparql, {"query": big_answer(n)}, headers={"Accept-Encoding": encoding})
                assert response.status_code == 200
            assert response.headers["SPARQL-Results-Truncated"] == f"max-bytes={cap}"
            plain = call("GET", live.sparql, {"query": big_answer(n)})
            assert len(plain.content) <= cap and len(json.loads(plain.content)["results"]["bindings"]) >= 10
            assert engine.cache.used <= cache
        grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        refused = "SELECT * { ?s ?p ?o } #" + "x" * 90_000 + "\n}"
        assert call("POST", live.sparql, data={"query": refused}).status_code == 400
        assert all(len(key) == 32 for key in engine.cache.items)  # digests, never the query text
        assert engine.cache.used <= cache
    assert grown_kib < 60 * 1024  # 40 answers of 2 MB built and served: the server kept at most a few


def test_a_long_query_yields_the_cpu_to_quick_ones(server):
    engine = server.app.extensions["sahel_ld_sparql"]
    runaway = in_background(server, "a", EXPLOSIVE + " # long")
    time.sleep(1.5)  # past a second of evaluation
    priorities = {os.getpriority(os.PRIO_PROCESS, worker.process.pid) for worker in engine._ready}
    assert 19 in priorities and min(priorities) < 19  # the long query's worker only
    runaway.join(30)
    assert call("GET", server.sparql, {"query": "ASK { ?s ?p 6 }"}, headers={"X-Client": "b"}).status_code == 200
