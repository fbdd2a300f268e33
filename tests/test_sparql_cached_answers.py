"""The protocol's fast path in front of the app: answers from the cache or the engine, byte for byte what the
Flask view answers, for every kind of request; failures answered by the view."""

from __future__ import annotations

import gzip
import json
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

import pytest
from werkzeug.test import EnvironBuilder

from sahel_ld.web import create_app
from sahel_ld.web.endpoint import Answers

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"


@pytest.fixture(scope="module")
def app():
    application = create_app({"root": str(FIXTURE), "max_rows": 3, "query_timeout": 2})
    yield application
    application.extensions["sahel_ld_sparql"].close()


def environ(method="GET", headers=None, **params):
    return EnvironBuilder(path="/sparql", method=method, query_string=urlencode(params, doseq=True),
                          headers=headers or {}).get_environ()


def call(wsgi_app, env) -> tuple[str, list, bytes]:
    started = []
    body = b"".join(wsgi_app(dict(env), lambda status, headers, exc_info=None: started.append((status, headers))))
    return started[0][0], list(started[0][1]), body


def refuse(environ, start_response):
    raise AssertionError("the request went past the middleware")


def answers(app) -> Answers:
    """The fast-path middleware, below the outer header middleware."""
    middleware = app.wsgi_app
    while not isinstance(middleware, Answers):
        middleware = middleware.next
    return middleware


def alone(middleware: Answers, env) -> tuple[str, list, bytes]:
    """The middleware's answer, the view refusing to take part."""
    view, middleware.next = middleware.next, refuse
    try:
        return call(middleware, env)
    finally:
        middleware.next = view


def both(app, env):
    """The Flask view's answer and the cached answer to the same request, after one request fills the cache."""
    middleware = answers(app)
    call(app, env)
    return call(middleware.next, env), alone(middleware, env)


CASES = [
    ("GET", {}, {"query": LABELS}),
    ("GET", {"Accept": "application/sparql-results+json"}, {"query": LABELS}),
    ("GET", {"Accept": "text/csv"}, {"query": LABELS}),
    ("GET", {"Accept": "application/sparql-results+xml;q=0.9, text/tab-separated-values"}, {"query": LABELS}),
    ("GET", {"Accept-Encoding": "gzip, deflate"}, {"query": LABELS}),
    ("GET", {"Accept": "text/turtle", "Accept-Encoding": "gzip"}, {"query": GRAPH}),
    ("GET", {"Origin": "http://elsewhere.example"}, {"query": LABELS}),
    ("GET", {}, {"query": LABELS, "format": "csv"}),
    ("GET", {}, {"query": "ASK { ?s ?p ?o }", "default-graph-uri": "https://w3id.org/sahel-ld/graph/data/places"}),
    ("HEAD", {}, {"query": LABELS}),
    ("HEAD", {"Accept-Encoding": "gzip"}, {"query": LABELS}),
]


@pytest.mark.parametrize("method, headers, params", CASES)
def test_cached_answer_is_the_views_answer(app, method, headers, params):
    through_flask, cached = both(app, environ(method, headers, **params))
    assert cached == through_flask
    assert through_flask[0] == "200 OK"
    if method == "HEAD":
        assert cached[2] == b""


def test_truncated_answer_keeps_its_header(app):
    through_flask, cached = both(app, environ(query=LABELS, format="json"))
    assert cached == through_flask
    assert ("SPARQL-Results-Truncated", "max-rows=3") in cached[1]


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_not_modified_is_the_views_answer(app, encoding):
    status, headers, body = call(app, environ(headers={"Accept-Encoding": encoding}, query=LABELS))
    tag, modified = dict(headers)["ETag"], dict(headers)["Last-Modified"]
    for conditional in ({"If-None-Match": tag}, {"If-None-Match": f'"other", W/{tag}'},
                        {"If-Modified-Since": modified}, {"If-None-Match": '"other"', "If-Modified-Since": modified}):
        through_flask, cached = both(app, environ(headers={"Accept-Encoding": encoding, **conditional}, query=LABELS))
        assert cached == through_flask
    assert both(app, environ(headers={"If-None-Match": tag}, query=LABELS))[1][0] == (
        "304 NOT MODIFIED" if not encoding else "200 OK")


def test_gzip_body_is_the_answer(app):
    _, cached = both(app, environ(headers={"Accept-Encoding": "gzip"}, query=LABELS))
    assert ("Content-Encoding", "gzip") in cached[1]
    assert json.loads(gzip.decompress(cached[2]))["head"]["vars"] == ["l"]


@pytest.mark.parametrize("params", [
    {}, {"query": [LABELS, LABELS]}, {"update": "CLEAR ALL"}, {"query": "SELECT * WHERE { ?s ?p"},
    {"query": LABELS, "default-graph-uri": "http://elsewhere.example/graph"},
])
def test_requests_the_view_must_answer_go_on_to_it(app, params):
    env = environ(**params)
    first = call(app, env)
    with pytest.raises(AssertionError, match="past the middleware"):
        alone(answers(app), env)
    assert call(app, env)[0] == first[0]


@pytest.mark.parametrize("method, headers, params", CASES)
def test_a_new_query_is_answered_by_the_middleware_as_by_the_view(app, method, headers, params):
    """A query never asked before: the engine runs it in the middleware, and the answer is the view's."""
    marked = {**params, "query": params["query"] + f"\n# {method} {sorted(headers.items())} middleware"}
    by_middleware = alone(answers(app), environ(method, headers, **marked))
    by_view = call(answers(app).next, environ(method, headers, **{**marked, "query": marked["query"] + " view"}))
    assert by_middleware == by_view and by_view[0] == "200 OK"


@pytest.mark.parametrize("query, status", [
    ("SELECT * WHERE { ?s ?p", "400 BAD REQUEST"),
    ("SELECT * FROM <http://elsewhere.example/graph> WHERE { ?s ?p ?o }", "400 BAD REQUEST"),
    ("SELECT * WHERE { SERVICE <http://elsewhere.example/sparql> { ?s ?p ?o } }", "400 BAD REQUEST"),
])
def test_a_refused_query_is_answered_by_the_view(app, query, status):
    """The middleware hands the refusal to the view, whose answer is what it gives when it runs the query."""
    first = call(app, environ(query=query + " # first"))
    again = call(answers(app).next, environ(query=query + " # again"))
    assert first[0] == again[0] == status and first[2] == again[2]


def test_a_query_over_the_time_limit_is_run_once_and_answered_503(app):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
    began = time.monotonic()
    status, _, body = call(app, environ(query=explosive))
    assert status == "503 SERVICE UNAVAILABLE" and b"limit" in body
    assert time.monotonic() - began < 1.75 * 2  # evaluated once (2 s), not again by the view


def test_a_client_over_its_cap_is_answered_429_by_the_view(app):
    admission = app.extensions["sahel_ld_admission"]
    with ExitStack() as held:
        for _ in range(admission.per_client):  # requests of this client in flight elsewhere
            held.enter_context(admission.enter("192.0.2.7"))
        status, headers, body = call(app, {**environ(query=LABELS + " # over the cap"), "REMOTE_ADDR": "192.0.2.7"})
    assert status == "429 TOO MANY REQUESTS" and b"in flight" in body
    assert ("Retry-After", str(admission.retry_after)) in headers
    assert call(app, environ(query=LABELS + " # over the cap"))[0] == "200 OK"  # nothing was kept of the refusal


def test_nothing_acceptable_goes_on_to_the_view(app):
    env = environ(headers={"Accept": "image/png"}, query=LABELS)
    assert call(app, env)[0].startswith("406")
