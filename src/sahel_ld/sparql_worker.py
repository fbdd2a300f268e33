"""A query worker process: opens the dataset of a build, evaluates queries, writes the answers.

Started by ``sparql.Engine`` as ``python -m sahel_ld.sparql_worker FD BACKEND BASE``; it reads the path of
the build folder and then jobs from the connection on file descriptor FD, and opens the build's store. The parent has already refused updates,
``SERVICE`` and foreign ``FROM`` (``sparql_guard``). Once loaded, the worker seals itself (``sparql_seal``):
whatever a query asks for, it can open no socket, start no program and write no file.
"""

from __future__ import annotations

import logging
import re
import sys
from functools import lru_cache
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from .formats import RDF, RESULTS, Format, by_name, describe

log = logging.getLogger(__name__)

OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+): ")


class QueryError(Exception):
    """A query the endpoint will not run: ``status`` is the HTTP status, ``position`` (line, column)."""

    def __init__(self, status: int, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.position = status, message, position


def _chosen(form: str, job: dict) -> Format:
    """The format the job asks for this form of answer; 406 when the client accepts none."""
    wanted = job["results"] if form in ("SELECT", "ASK") else job["graph"]
    if wanted is None:
        offered, kind = (RESULTS, f"{form} results") if form in ("SELECT", "ASK") else (RDF, "a graph")
        raise QueryError(406, f"this query answers with {kind}, offered as {describe(offered)}")
    return by_name(wanted)


class _OxigraphRunner:
    """Evaluates with pyoxigraph."""

    def __init__(self, build: str, base_iri: str) -> None:
        import pyoxigraph as ox

        self.ox, self.base_iri = ox, base_iri
        self.store = ox.Store.read_only(f"{build}/store")  # shared with the other workers, never written

    def run(self, job: dict) -> tuple[str, Format, bytes, bool]:
        """Evaluate a job: (form, format, body, truncated)."""
        ox = self.ox
        options: dict = {"base_iri": self.base_iri, "use_default_graph_as_union": job["dataset"] is None}
        if job["dataset"] is not None:
            default, named = job["dataset"]
            options.update(default_graph=[ox.NamedNode(g) for g in default],
                           named_graphs=[ox.NamedNode(g) for g in named])
        try:
            result = self.store.query(job["text"], **options)
        except SyntaxError as error:
            match = OXIGRAPH_POSITION.match(str(error))
            raise QueryError(400, str(error), (int(match[1]), int(match[2])) if match else None) from None
        return _written(result, job)


def _written(result, job: dict) -> tuple[str, Format, bytes, bool]:
    """A pyoxigraph answer (boolean, solutions or triples) written in the job's format, cut at max_rows."""
    import pyoxigraph as ox

    from .results import from_oxigraph, write_boolean, write_graph, write_select

    max_rows = job["max_rows"]
    if isinstance(result, ox.QueryBoolean):
        fmt = _chosen("ASK", job)
        return "ASK", fmt, write_boolean(fmt, bool(result)), False
    if isinstance(result, ox.QuerySolutions):
        fmt = _chosen("SELECT", job)
        width = len(result.variables)
        rows = [tuple(None if s[i] is None else from_oxigraph(s[i]) for i in range(width))
                for s in islice(result, max_rows + 1)]
        body = write_select(fmt, [v.value for v in result.variables], rows[:max_rows])
        return "SELECT", fmt, body, len(rows) > max_rows
    fmt = _chosen("CONSTRUCT", job)
    triples = list(islice(result, max_rows + 1))
    return "CONSTRUCT", fmt, write_graph(fmt, triples[:max_rows]), len(triples) > max_rows


class _RemoteRunner:
    """Sends each query to an external SPARQL 1.1 engine and writes its answer as the embedded engine would.

    The engine answers SELECT and ASK in SPARQL JSON and graphs in N-Triples; the protocol's graph
    parameters carry the dataset, and without them the engine's default graph must be the union of ours.
    """

    def __init__(self, url: str, base_iri: str) -> None:
        self.url, self.base = url, f"BASE <{base_iri}> "  # a query's own BASE, coming later, still wins

    def run(self, job: dict) -> tuple[str, Format, bytes, bool]:
        """Evaluate a job on the engine: (form, format, body, truncated)."""
        import urllib.error
        import urllib.request
        from urllib.parse import urlencode

        import pyoxigraph as ox

        params = [("query", self.base + job["text"])]
        if job["dataset"] is not None:
            default, named = job["dataset"]
            params += [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        request = urllib.request.Request(self.url, data=urlencode(params).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        try:
            with urllib.request.urlopen(request) as response:  # the parent's time limit stops this worker
                media_type, body = response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            if error.code == 400:
                raise self._refused(error.read().decode("utf-8", "replace").strip()) from None
            raise
        if media_type == "application/n-triples":
            return _written((q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)), job)
        return _written(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON), job)

    def _refused(self, message: str) -> QueryError:
        """The engine's 400 as ours; an Oxigraph-style position is moved back over the BASE we put first."""
        match = OXIGRAPH_POSITION.match(message)
        if match is None:
            return QueryError(400, message)
        line, column = int(match[1]), int(match[2])
        column -= len(self.base) if line == 1 else 0
        return QueryError(400, f"error at {line}:{column}: {message[match.end():]}", (line, column))


@lru_cache(maxsize=512)
def _rdflib_query(text: str, base_iri: str):
    """rdflib's translated query, parsed once per text."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(text), base=base_iri)
    except ParseException as error:
        raise QueryError(400, f"line {error.lineno}, column {error.col}: {error.msg}",
                         (error.lineno, error.col)) from None
    except Exception as error:  # rdflib reports semantic errors with assorted exception types
        raise QueryError(400, f"the query is not valid: {error}") from None
    algebra = query.algebra
    if algebra.name == "ConstructQuery" and not algebra.template:
        # CONSTRUCT WHERE { ... } with a solution modifier: rdflib looks for the pattern one level too high.
        pattern = algebra.p
        while pattern.name != "BGP":
            pattern = pattern.p
        algebra["template"] = pattern.triples
    return query


class _RdflibRunner:
    """Evaluates with rdflib's pure-Python SPARQL engine (the ``memory`` store)."""

    def __init__(self, build: str, base_iri: str) -> None:
        import rdflib.plugins.sparql
        from rdflib import Dataset

        from .store import read_nquads

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM names a graph we hold, never a URL
        self.base_iri = base_iri
        self.dataset = Dataset(default_union=True)
        read_nquads(self.dataset, Path(build, "dumps", "sahel-ld.nq"))

    def run(self, job: dict) -> tuple[str, Format, bytes, bool]:
        """Evaluate a job: (form, format, body, truncated)."""
        from rdflib import URIRef
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.plugins.sparql.sparql import Query

        from .results import from_rdflib, rdflib_to_oxigraph, write_boolean, write_graph, write_select

        query, max_rows = _rdflib_query(job["text"], self.base_iri), job["max_rows"]
        if job["dataset"] is not None:
            default, named = job["dataset"]
            algebra = CompValue(query.algebra.name, **dict(query.algebra))
            algebra["datasetClause"] = [CompValue("DatasetClause", default=URIRef(g)) for g in default] + [
                CompValue("DatasetClause", named=URIRef(g)) for g in named]
            query = Query(query.prologue, algebra)
        result = self.dataset.query(query)
        fmt = _chosen(result.type, job)
        if result.type == "ASK":
            return "ASK", fmt, write_boolean(fmt, bool(result.askAnswer)), False
        if result.type == "SELECT":
            rows = [tuple(None if t is None else from_rdflib(t) for t in row) for row in islice(result, max_rows + 1)]
            return "SELECT", fmt, write_select(fmt, [str(v) for v in result.vars], rows[:max_rows]), len(rows) > max_rows
        import pyoxigraph as ox

        triples = list(islice(result.graph, max_rows + 1))
        converted = [ox.Triple(*map(rdflib_to_oxigraph, t)) for t in triples[:max_rows]]
        return "CONSTRUCT", fmt, write_graph(fmt, converted), len(triples) > max_rows  # DESCRIBE too, as Oxigraph


def _answer(runner, job: dict) -> tuple:
    """Run one job: ``("ok", form, format name, body, truncated)``, ``("error", ...)`` or ``("fail", ...)``."""
    try:
        form, fmt, body, truncated = runner.run(job)
        return ("ok", form, fmt.name, body, truncated)
    except QueryError as error:
        return ("error", error.status, error.message, error.position)
    except RecursionError:
        return ("error", 400, "the query is nested too deeply to evaluate", None)
    except Exception as error:  # noqa: BLE001 - reported to the parent, which logs it with the query
        return ("fail", f"{type(error).__name__}: {error}")


def main(argv: list[str]) -> None:
    """Load the dataset, seal this process, then answer jobs until the parent goes away."""
    from .sparql_seal import isolate_network, seal

    backend, base_iri = argv[2], argv[3]
    remote = backend == "sparql"  # talks to the external engine: no network namespace, no seal
    missing = [] if remote else isolate_network()
    conn = Connection(int(argv[1]))
    sys.setrecursionlimit(20_000)  # rdflib's parser recurses per bracket; sparql_guard bounds the depth
    source = conn.recv_bytes().decode()  # the build folder, or the external engine's query URL
    runner = {"oxigraph": _OxigraphRunner, "rdflib": _RdflibRunner, "sparql": _RemoteRunner}[backend](source, base_iri)
    for fmt in RESULTS + RDF:  # import every lazily loaded parser and writer before the seal
        for text in ("ASK {}", "SELECT * {} LIMIT 1", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"):
            _answer(runner, {"text": text, "dataset": None, "max_rows": 1,
                             "results": fmt.name if fmt in RESULTS else "json",
                             "graph": fmt.name if fmt in RDF else "turtle"})
    _rdflib_query.cache_clear()
    for warning in missing + ([] if remote else seal()):
        log.warning("query worker: %s", warning)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(runner, job))


if __name__ == "__main__":
    main(sys.argv)
