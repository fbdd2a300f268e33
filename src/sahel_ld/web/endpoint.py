"""The SPARQL 1.1 Protocol at ``/sparql``: query, content negotiation, HTTP caching, CORS, gzip.

``GET /sparql`` without a query answers with the service description: an ``sd:Service`` in RDF for RDF
clients, the query page for browsers.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Request, Response, current_app, request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID
from werkzeug.datastructures import ETags
from werkzeug.exceptions import (BadGateway, BadRequest, Forbidden, HTTPException, InternalServerError,
                                 MethodNotAllowed, NotAcceptable, RequestEntityTooLarge, ServiceUnavailable,
                                 UnsupportedMediaType)
from werkzeug.http import http_date, parse_accept_header, parse_date, parse_etags

from .. import formats
from ..namespaces import SD, bind_prefixes
from ..queries import ParamError, bind, bound_text, read_queries
from ..sparql import (Answer, Engine, EngineBusy, EngineFailure, EngineUnavailable, QueryError, QueryRequest,
                      QueryTimeout)
from . import dataset, query_page, settings, site
from .admission import admitted, admitted_in, client, client_of

bp = Blueprint("sparql", __name__)

PATH = "/sparql"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
TRUNCATED_HEADER = "SPARQL-Results-Truncated"
DESCRIPTION_FORMATS = (formats.by_name("turtle"), formats.by_name("html"),
                       *(f for f in formats.RDF if f.name != "turtle"))
W3C_FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "trig": "TriG", "nquads": "N-Quads",
}
# What clients such as SPARQLWrapper send as ``format=`` for graphs (N3 is answered with Turtle, its subset).
GRAPH_WORDS = {"xml": "rdfxml", "rdf+xml": "rdfxml", "json": "jsonld", "json-ld": "jsonld", "n3": "turtle"}
ERRORS = {400: BadRequest, 403: Forbidden, 406: NotAcceptable, 503: ServiceUnavailable}
METHODS = ("GET", "HEAD", "POST", "OPTIONS")


def engine() -> Engine:
    return current_app.extensions["sahel_ld_sparql"]


def _fail(status: int, message: str, **details) -> HTTPException:
    error = ERRORS.get(status, BadRequest)(description=message)
    error.details = details
    return error


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise _fail(400, f"send exactly one '{name}' parameter; this request has {len(values)}")
    return values[0] if values else None


def _protocol_request() -> tuple[str | None, list[str], list[str]]:
    """The query text and the dataset parameters, from any of the three protocol shapes."""
    params = request.args
    if request.method == "POST":
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.content_length and request.content_length > limit:
            raise RequestEntityTooLarge(f"the request body has {request.content_length} bytes; the limit is {limit}")
        charset = request.mimetype_params.get("charset")
        if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):  # before decoding anything
            raise UnsupportedMediaType(f"the request body is declared as charset={charset}; send it as UTF-8")
        if request.mimetype == FORM:
            params = request.form
            if "query" in request.args:
                raise _fail(400, "send 'query' in the form body only, not also in the URL")
        elif request.mimetype == DIRECT:
            if "query" in request.args:
                raise _fail(400, "with Content-Type application/sparql-query the body is the query; "
                                 "remove the 'query' URL parameter")
            try:
                text = request.get_data().decode("utf-8")
            except UnicodeDecodeError:
                raise _fail(400, "the request body is not valid UTF-8 text") from None
            return text, request.args.getlist("default-graph-uri"), request.args.getlist("named-graph-uri")
        elif request.mimetype == "application/sparql-update":
            raise _fail(403, "this endpoint is read-only: SPARQL Update requests are refused")
        else:
            raise UnsupportedMediaType(f"send the query as {FORM} (query=...) or as {DIRECT}; "
                                       f"got {request.mimetype or 'no Content-Type'}")
    if "update" in params:
        raise _fail(403, "this endpoint is read-only: SPARQL Update requests are refused")
    text = _single(params.getlist("query"), "query")
    if text is None and request.method == "POST":
        raise _fail(400, "the form has no 'query' parameter")
    return text, params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


def _by_format_parameter(name: str) -> tuple[formats.Format | None, formats.Format | None]:
    """``format=`` as clients send it: one of our names, a media type, or a client's own word for it."""
    name = name.strip().lower()
    results, graph = formats.by_name(name), formats.by_name(GRAPH_WORDS.get(name, name))
    return (results if results in formats.RESULTS else None), (graph if graph in formats.RDF else None)


def _chosen_formats() -> tuple[formats.Format | None, formats.Format | None]:
    """The format for SELECT/ASK answers and for graphs, from ``format=`` or else ``Accept``."""
    return _formats_for(tuple(request.values.getlist("format")), request.headers.get("Accept", ""))


@lru_cache(maxsize=256)  # clients send few distinct headers; negotiating is a good part of a cached answer
def _formats_for(format_values: tuple[str, ...], accept: str) -> tuple[formats.Format | None, formats.Format | None]:
    # Clients repeat format= or send lists (SPARQLWrapper: "format=tsv&format=text/tab-separated-values"):
    # the first word we know wins; unknown words leave the choice to Accept.
    for value in format_values:
        for name in value.split(","):
            chosen = _by_format_parameter(name)
            if chosen != (None, None):
                return chosen
    results, graph = formats.negotiate(accept, formats.RESULTS), formats.negotiate(accept, formats.RDF)
    if results is None and graph is None:
        raise _fail(406, "nothing this endpoint writes is acceptable; SELECT and ASK answers are offered as "
                         f"{formats.describe(formats.RESULTS)}; graphs as {formats.describe(formats.RDF)}")
    return results, graph


def _wants_gzip() -> bool:
    return _gzip_accepted(request.headers.get("Accept-Encoding"))


@lru_cache(maxsize=64)
def _gzip_accepted(header: str | None) -> bool:
    return parse_accept_header(header)["gzip"] > 0


def _cache_headers(response: Response, tag: str, modified, max_age: int) -> Response:
    response.headers.extend(_validators(tag, modified, max_age))
    return response


def _validators(tag: str, modified, max_age: int) -> list[tuple[str, str]]:
    """The caching headers of an answer: its tag, the dataset's date, how long it may be kept, what it varies on."""
    return [("ETag", f'"{tag}"'), ("Last-Modified", _http_date(modified)),
            ("Cache-Control", f"public, max-age={max_age}"), ("Vary", "Accept, Accept-Encoding")]


@lru_cache(maxsize=4)
def _http_date(moment) -> str:
    return http_date(moment)


def _not_modified(tag: str, if_none_match: ETags, if_modified_since, modified) -> bool:
    return if_none_match.contains_weak(tag) or (
        not if_none_match and if_modified_since is not None and if_modified_since >= modified)


def _final(service: Engine, answer: Answer, query: QueryRequest, tag: str, zipped: bool, modified,
           max_age: int) -> tuple[list, bytes]:
    """The headers and body of the 200 response to a request with this answer, built once per answer (and
    counted against the response cache's bound)."""
    built = answer.derived.get(zipped)
    if built is None:
        body = gzip.compress(answer.body, 5, mtime=0) if zipped else answer.body  # same bytes, same tag
        headers = [("Content-Type", answer.format.content_type), ("Content-Length", str(len(body)))]
        if zipped:
            headers.append(("Content-Encoding", "gzip"))
        if answer.cut:
            headers.append((TRUNCATED_HEADER, answer.cut))
        built = answer.derived[zipped] = (headers + _validators(tag, modified, max_age), body)
        if zipped:
            service.remember(query, len(body))
    return built


def _reraise(error: Exception) -> Answer:
    raise error


def answered(run: Callable[[], Answer], query: str, admit: bool = True) -> Answer:
    """The engine's answer, once admitted, its failures mapped to HTTP statuses and logged with the query."""
    try:
        if not admit:
            return run()
        with admitted().enter(client()):
            return run()
    except QueryError as error:
        details = {"line": error.position[0], "column": error.position[1]} if error.position else {}
        raise _fail(error.status, error.message, **details) from None
    except (QueryTimeout, EngineBusy) as error:
        current_app.logger.warning("SPARQL 503: %s\nquery: %s", error, query)
        raise ServiceUnavailable(f"{error}; simplify the query or add a LIMIT") from None
    except EngineUnavailable as error:  # the external engine: down, or failed on its side
        current_app.logger.error("SPARQL 502: %s\nquery: %s", error, query)
        raise BadGateway(str(error)) from None
    except EngineFailure as error:
        current_app.logger.error("SPARQL 500: %s\nquery: %s", error, query)
        raise InternalServerError("the query could not be evaluated; the error is logged") from None


def _answer(text: str, default: list[str], named: list[str]) -> Response:
    results, graph = _chosen_formats()
    query = QueryRequest(text, tuple(default), tuple(named), results, graph)
    raised = request.environ.get(RAISED)  # the middleware admitted and ran this request, and it failed
    answer = answered(lambda: _reraise(raised), text, admit=False) if raised else answered(
        lambda: engine().run(query), text)
    zipped = _wants_gzip()
    tag = answer.tag + ("-gzip" if zipped else "")
    modified, max_age = dataset().modified, int(settings()["cache_max_age"])
    if request.method in ("GET", "HEAD") and _not_modified(tag, request.if_none_match, request.if_modified_since,
                                                           modified):
        return _cache_headers(Response(status=304), tag, modified, max_age)
    headers, body = _final(engine(), answer, query, tag, zipped, modified, max_age)
    return Response(body, headers=headers)


@bp.route(PATH, methods=["PUT", "DELETE", "PATCH"])
def wrong_method() -> Response:
    raise MethodNotAllowed(list(METHODS), f"{request.method} is not part of the SPARQL Protocol here; "
                                          "send queries with GET or POST")


@bp.route(PATH, methods=["GET", "POST"])
def sparql() -> Response:
    text, default, named = _protocol_request()
    if text is None:
        return service_description()
    if request.method != "POST" and query_page.wants_page(tuple(request.args.getlist("format")),
                                                          request.headers.get("Accept", "")):
        return query_page.page(text)
    return _answer(text, default, named)


def description_graph(endpoint_url: str) -> Graph:
    """The ``sd:Service`` description of this endpoint and its default dataset."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("sd", SD)
    service, data, default = URIRef(endpoint_url), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name, iri in RESULT_FORMAT_IRIS.items():
        graph.add((service, SD.resultFormat, URIRef(W3C_FORMATS + iri)))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    graph.add((service, SD.defaultDataset, data))
    graph.add((data, RDF.type, SD.Dataset))
    graph.add((data, RDFS.seeAlso, URIRef(site.url("/void"))))
    graph.add((data, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    counts = current_app.extensions["sahel_ld_sparql_counts"]
    graph.add((default, VOID.triples, Literal(sum(counts.values()))))
    for name, count in counts.items():
        named, inner = BNode(), BNode()
        graph.add((data, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(count)))
    return graph


def service_description() -> Response:
    """The description for RDF clients, the query page for browsers."""
    fmt = formats.negotiate(request.accept_mimetypes if request.headers.get("Accept") else None,
                            DESCRIPTION_FORMATS)
    if fmt is None:
        raise _fail(406, f"the service description is offered as {formats.describe(DESCRIPTION_FORMATS)}")
    if fmt.name == "html":
        return query_page.page()
    body = description_graph(site.url(PATH)).serialize(format=fmt.rdflib, encoding="utf-8")
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    response.cache_control.public = True
    response.cache_control.max_age = int(settings()["cache_max_age"])
    return response


def examples(root: Path) -> list[dict[str, str]]:
    """The saved queries this endpoint runs, with their parameters' defaults bound, as examples."""
    found = []
    for query in read_queries(root / "queries").values():
        if query.runnable:
            try:
                text = bound_text(query, bind(query, {}, lambda param: None))
            except ParamError:  # a required parameter without default: the reader fills it in
                text = query.text
            found.append({"name": query.name, "summary": query.summary, "text": text})
    return found


CORS_HEADERS = [("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", f"ETag, Last-Modified, {TRUNCATED_HEADER}")]


def cors(response: Response) -> Response:
    """Any origin may query, never with credentials."""
    if request.path == PATH:
        for name, value in CORS_HEADERS:
            response.headers[name] = value
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match, If-Modified-Since"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


MEMO_LIMIT = 8192  # longest query string whose parse is memoised
RAISED = "sahel_ld.sparql_failure"  # environ key: the failure of a request the middleware ran, for the view


@lru_cache(maxsize=512)
def _query_of(query_string: str, accept: str) -> QueryRequest | None:
    """The request a ``GET /sparql`` query string and Accept header ask for, parsed exactly as the view parses
    them; None when the view has more to say (no query, several, an update, nothing acceptable)."""
    args = Request({"QUERY_STRING": query_string, "REQUEST_METHOD": "GET"}).args
    texts = args.getlist("query")
    if "update" in args or len(texts) != 1 or query_page.wants_page(tuple(args.getlist("format")), accept):
        return None
    try:
        results, graph = _formats_for(tuple(args.getlist("format")), accept)
    except HTTPException:
        return None
    return QueryRequest(texts[0], tuple(args.getlist("default-graph-uri")),
                        tuple(args.getlist("named-graph-uri")), results, graph)


class Answers:
    """WSGI middleware in front of the app, the protocol's fast path: ``GET`` and ``HEAD /sparql`` with one
    query answered here, from the engine's response cache or by the engine, with the headers and bodies the
    view builds, byte for byte what the view answers. A failure (a refusal, a time limit) is handed to the
    view in the environ, which answers it as it answers its own; anything else (POST, several queries, the
    query page, the service description) goes on to the app."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.next, self.engine = wsgi_app, app.extensions["sahel_ld_sparql"]
        self.admission, self.client_header = admitted_in(app), app.config["SAHEL_LD"]["client_header"]
        self.modified = app.extensions["sahel_ld"].modified
        self.max_age = int(app.config["SAHEL_LD"]["cache_max_age"])

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        query_string = environ.get("QUERY_STRING", "")
        if (environ.get("PATH_INFO") != PATH or (method != "GET" and method != "HEAD")
                or len(query_string) > MEMO_LIMIT):  # long texts stay out of the memo; the view answers them
            return self.next(environ, start_response)
        query = _query_of(query_string, environ.get("HTTP_ACCEPT", ""))
        if query is None:
            return self.next(environ, start_response)
        answer = self.engine.cached(query)
        if answer is None:
            try:
                with self.admission.enter(client_of(environ, self.client_header)):
                    answer = self.engine.run(query)
            except Exception as error:  # noqa: BLE001 - every failure is answered by the view, as its own
                environ[RAISED] = error
                return self.next(environ, start_response)
        zipped = _gzip_accepted(environ.get("HTTP_ACCEPT_ENCODING"))
        tag = answer.tag + ("-gzip" if zipped else "")
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            if _not_modified(tag, parse_etags(environ.get("HTTP_IF_NONE_MATCH")),
                             parse_date(environ.get("HTTP_IF_MODIFIED_SINCE")), self.modified):
                response = _cache_headers(Response(status=304), tag, self.modified, self.max_age)
                response.headers.extend(CORS_HEADERS)
                start_response("304 NOT MODIFIED", response.get_wsgi_headers(environ).to_wsgi_list())
                return []
        headers, body = _final(self.engine, answer, query, tag, zipped, self.modified, self.max_age)
        start_response("200 OK", headers + CORS_HEADERS)
        return [] if method == "HEAD" else [body]


def init_app(app: Flask) -> None:
    """Start the query workers, register the route, put the fast path in front."""
    loaded = app.extensions["sahel_ld"]
    app.extensions["sahel_ld_sparql"] = Engine(loaded, app.config["SAHEL_LD"])
    app.wsgi_app = Answers(app, app.wsgi_app)
    app.extensions["sahel_ld_sparql_counts"] = {str(g): len(loaded.dataset.graph(g)) for g in loaded.graph_names()}
    app.extensions["sahel_ld_sparql_examples"] = examples(loaded.root)
    app.after_request(cors)
    app.register_blueprint(bp)
