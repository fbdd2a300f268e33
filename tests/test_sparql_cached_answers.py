"""Cached answers in front of the app: byte for byte what the Flask view answers, for every kind of request."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from werkzeug.test import EnvironBuilder

from sahel_ld.web import create_app
from sahel_ld.web.endpoint import CachedAnswers

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"


@pytest.fixture(scope="module")
def app():
    application = create_app({"root": str(FIXTURE), "max_rows": 3})
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
    raise AssertionError("the request went past the cached answers")


def cached_answers(app) -> CachedAnswers:
    """The cached-answers middleware, below the outer header middleware."""
    middleware = app.wsgi_app
    while not isinstance(middleware, CachedAnswers):
        middleware = middleware.next
    return middleware


def both(app, env):
    """The Flask view's answer and the cached answer to the same request, after one request fills the cache."""
    middleware = cached_answers(app)
    call(app, env)
    through_flask = call(middleware.next, env)
    view, middleware.next = middleware.next, refuse
    try:
        cached = call(middleware, env)
    finally:
        middleware.next = view
    return through_flask, cached


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
    middleware = cached_answers(app)
    first = call(app, env)
    view, middleware.next = middleware.next, refuse
    try:
        with pytest.raises(AssertionError, match="past the cached answers"):
            call(middleware, env)
    finally:
        middleware.next = view
    assert call(app, env)[0] == first[0]


def test_nothing_acceptable_goes_on_to_the_view(app):
    env = environ(headers={"Accept": "image/png"}, query=LABELS)
    assert call(app, env)[0].startswith("406")
