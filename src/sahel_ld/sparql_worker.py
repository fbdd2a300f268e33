"""A query worker process: holds a copy of the dataset, checks each query, evaluates it, writes the answer.

Started by ``sparql.Engine`` as ``python -m sahel_ld.sparql_worker FD``; it reads the N-Quads dump and
then jobs from the connection on file descriptor FD. Before evaluation every query is parsed with
rdflib's SPARQL parser (cached per worker): updates, ``SERVICE`` and ``FROM`` naming graphs we do not hold
are refused. Once loaded, the worker seals itself: an empty network namespace where the OS allows it, and
an audit hook that refuses sockets, subprocesses and files outside the installed code.
"""

from __future__ import annotations

import ctypes
import logging
import re
import sys
import sysconfig
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from .formats import RDF, RESULTS, Format, by_name, describe

log = logging.getLogger(__name__)

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+): ")


class QueryError(Exception):
    """A query the endpoint will not run: ``status`` is the HTTP status, ``position`` (line, column)."""

    def __init__(self, status: int, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.position = status, message, position


@dataclass(frozen=True)
class Analysis:
    form: str
    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]
    query: object  # rdflib's translated Query, evaluated by the rdflib engine


def _names(node):
    """Every CompValue name in an rdflib parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, CompValue):
            yield item.name
            todo.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            todo.extend(item)


@lru_cache(maxsize=512)
def analyse(text: str, base_iri: str) -> Analysis:
    """Parse a query once: its form and FROM graphs; refuse updates and SERVICE."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as error:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            raise QueryError(400, f"line {error.lineno}, column {error.col}: {error.msg}",
                             (error.lineno, error.col)) from None
        raise QueryError(403, "this endpoint is read-only: SPARQL Update requests are refused") from None
    if "ServiceGraphPattern" in set(_names(parsed)):
        raise QueryError(400, "SERVICE is not allowed: this endpoint does not query other services")
    try:
        query = translateQuery(parsed, base=base_iri)
    except Exception as error:  # rdflib reports semantic errors with assorted exception types
        raise QueryError(400, f"the query is not valid: {error}") from None
    clauses = query.algebra.datasetClause or []
    return Analysis(FORMS[query.algebra.name],
                    tuple(str(c["default"]) for c in clauses if "default" in c),
                    tuple(str(c["named"]) for c in clauses if "named" in c), query)


class _OxigraphRunner:
    """Evaluates with pyoxigraph."""

    def __init__(self, nquads: bytes, base_iri: str) -> None:
        import pyoxigraph as ox

        self.ox, self.base_iri = ox, base_iri
        self.store = ox.Store()
        self.store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def syntax_error(self, text: str, checker: QueryError) -> QueryError:
        """Oxigraph's own message for a text it cannot parse (its positions are exact)."""
        try:
            self.ox.Store().query(text)
        except SyntaxError as error:
            match = OXIGRAPH_POSITION.match(str(error))
            return QueryError(400, str(error), (int(match[1]), int(match[2])) if match else None)
        except Exception:  # noqa: BLE001 - evaluating against an empty store may fail in other ways
            pass
        return QueryError(400, f"the safety check cannot read this query ({checker.message}); "
                               "rephrase that part of it", checker.position)

    def run(self, text: str, analysis: Analysis, default: tuple, named: tuple, fmt: Format, max_rows: int):
        from .results import from_oxigraph, write_boolean, write_graph, write_select

        ox = self.ox
        options: dict = {"base_iri": self.base_iri}
        if default or named:
            options.update(default_graph=[ox.NamedNode(g) for g in default],
                           named_graphs=[ox.NamedNode(g) for g in named])
        elif not (analysis.from_graphs or analysis.from_named):
            options["use_default_graph_as_union"] = True
        try:
            result = self.store.query(text, **options)
            if isinstance(result, ox.QueryBoolean):
                return write_boolean(fmt, bool(result)), False
            if isinstance(result, ox.QuerySolutions):
                width = len(result.variables)
                rows = [tuple(None if s[i] is None else from_oxigraph(s[i]) for i in range(width))
                        for s in islice(result, max_rows + 1)]
                return write_select(fmt, [v.value for v in result.variables], rows[:max_rows]), len(rows) > max_rows
            triples = list(islice(result, max_rows + 1))
            return write_graph(fmt, triples[:max_rows]), len(triples) > max_rows
        except SyntaxError as error:
            match = OXIGRAPH_POSITION.match(str(error))
            raise QueryError(400, str(error), (int(match[1]), int(match[2])) if match else None) from None


class _RdflibRunner:
    """Evaluates with rdflib's pure-Python SPARQL engine (the ``memory`` store)."""

    def __init__(self, nquads: bytes, base_iri: str) -> None:
        import rdflib.plugins.sparql
        from rdflib import Dataset

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM names a graph we hold, never a URL
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(data=nquads, format="nquads")

    def syntax_error(self, text: str, checker: QueryError) -> QueryError:
        return checker

    def run(self, text: str, analysis: Analysis, default: tuple, named: tuple, fmt: Format, max_rows: int):
        from rdflib import URIRef
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.plugins.sparql.sparql import Query

        from .results import from_rdflib, rdflib_to_oxigraph, write_boolean, write_graph, write_select

        query = analysis.query
        if default or named:
            algebra = CompValue(query.algebra.name, **dict(query.algebra))
            algebra["datasetClause"] = [CompValue("DatasetClause", default=URIRef(g)) for g in default] + [
                CompValue("DatasetClause", named=URIRef(g)) for g in named]
            query = Query(query.prologue, algebra)
        result = self.dataset.query(query)
        if result.type == "ASK":
            return write_boolean(fmt, bool(result.askAnswer)), False
        if result.type == "SELECT":
            rows = [tuple(None if t is None else from_rdflib(t) for t in row) for row in islice(result, max_rows + 1)]
            return write_select(fmt, [str(v) for v in result.vars], rows[:max_rows]), len(rows) > max_rows
        triples = list(islice(result.graph, max_rows + 1))
        converted = [self._triple(t, rdflib_to_oxigraph) for t in triples[:max_rows]]
        return write_graph(fmt, converted), len(triples) > max_rows

    @staticmethod
    def _triple(triple, convert):
        import pyoxigraph as ox

        return ox.Triple(*(convert(term) for term in triple))


def _answer(runner, job: dict):
    """Run one job in a worker: ``("ok", form, format name, body, truncated)`` or ``("error", ...)``."""
    text = job["text"]
    try:
        try:
            analysis = analyse(text, job["base_iri"])
        except QueryError as error:
            raise runner.syntax_error(text, error) if error.status == 400 and error.position else error from None
        unknown = [g for g in analysis.from_graphs + analysis.from_named if g not in job["graphs"]]
        if unknown:
            raise QueryError(400, f"FROM names a graph this endpoint does not hold: <{unknown[0]}>; "
                                  f"its graphs are: {', '.join('<%s>' % g for g in job['graphs'])}")
        wanted = job["results"] if analysis.form in ("SELECT", "ASK") else job["graph"]
        if wanted is None:
            offered = RESULTS if analysis.form in ("SELECT", "ASK") else RDF
            raise QueryError(406, f"a {analysis.form} answer is offered as {describe(offered)}")
        fmt = by_name(wanted)
        body, truncated = runner.run(text, analysis, job["default"], job["named"], fmt, job["max_rows"])
        return ("ok", analysis.form, fmt.name, body, truncated)
    except QueryError as error:
        return ("error", error.status, error.message, error.position)
    except RecursionError:
        return ("error", 400, "the query is nested too deeply to evaluate", None)
    except Exception as error:  # noqa: BLE001 - reported to the parent, which logs it with the query
        return ("fail", f"{type(error).__name__}: {error}")


def _unshare_network() -> bool:
    """Move this process into a new, empty network namespace (Linux); False where not permitted."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        clone_newuser, clone_newnet = 0x10000000, 0x40000000
        return libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def _code_folders() -> tuple[str, ...]:
    """Folders a sealed worker may still read: the installed Python code (for lazy imports)."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    paths.add(str(Path(__file__).resolve().parent))
    return tuple(p.rstrip("/") + "/" for p in paths if p)


def _refuse_io(event: str, args: tuple) -> None:
    """Audit hook: no sockets, no subprocesses, no files outside the installed code."""
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int):
            return
        read_only = (flags & 3) == 0 if mode is None else set(mode) <= set("rbt")
        if read_only and str(path).startswith(_READABLE):
            return
        raise PermissionError(f"file access is disabled in query workers: {path}")
    if event in _REFUSED_EVENTS:
        raise PermissionError(f"{event} is disabled in query workers")


_READABLE: tuple[str, ...] = ()
_REFUSED_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg", "urllib.Request",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
})


def seal() -> None:
    """Refuse sockets, subprocesses and files outside the installed code from now on (irreversible)."""
    global _READABLE
    _READABLE = _code_folders()
    sys.addaudithook(_refuse_io)


def main(argv: list[str]) -> None:
    """Load the dataset, seal this process, then answer jobs until the parent goes away."""
    conn = Connection(int(argv[1]))
    backend, base_iri = argv[2], argv[3]
    sys.setrecursionlimit(20_000)  # rdflib's parser recurses per bracket; sparql.MAX_NESTING bounds depth
    nquads = conn.recv_bytes()
    if not _unshare_network():
        log.warning("query worker keeps network access: this OS refused a private network namespace")
    runner = (_OxigraphRunner if backend == "oxigraph" else _RdflibRunner)(nquads, base_iri)
    for fmt in RESULTS + RDF:  # import every lazily loaded parser and writer before the seal
        for text in ("ASK {}", "SELECT * {} LIMIT 1", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"):
            _answer(runner, {"text": text, "base_iri": base_iri, "graphs": (), "default": (), "named": (),
                             "results": fmt.name if fmt in RESULTS else "json",
                             "graph": fmt.name if fmt in RDF else "turtle", "max_rows": 1})
    analyse.cache_clear()
    seal()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(runner, job))


if __name__ == "__main__":
    main(sys.argv)
