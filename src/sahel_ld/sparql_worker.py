"""A query worker process: opens the dataset of a build, evaluates queries, writes the answers.

Started by ``sparql.Engine`` as ``python -m sahel_ld.sparql_worker FD BACKEND BASE MEMORY``; it reads the
path of the build folder and then jobs from the connection on file descriptor FD, and opens the build's store.
The parent has already refused updates, ``SERVICE``, foreign ``FROM`` and structures too deep to evaluate
(``sparql_guard``). Once loaded, the worker seals itself (``sparql_seal``): whatever a query asks for, it can
open no socket, start no program and write no file. Its address space may then grow by MEMORY MiB at most: a
query that needs more ends with an error (a Python ``MemoryError``) or ends the worker (Oxigraph aborts), which
the parent replaces. Queries run one after the other on one thread with a large stack, a margin over the
guard's limits on recursion.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

from .formats import RDF, RESULTS, Format, by_name, describe
from .results import Unwritable

log = logging.getLogger(__name__)

OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+): ")
NICENESS = 5  # below the web server's threads: pages and admission stay quick while queries compute
STACK_BYTES = 64 * 1024 * 1024  # the evaluation thread's stack (the main thread's is usually 8 MiB)
MIB = 1024 * 1024


class QueryError(Exception):
    """A query the endpoint will not run: ``status`` is the HTTP status, ``position`` (line, column)."""

    def __init__(self, status: int, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.position = status, message, position


class QueryTimedOut(Exception):
    """An external engine stopped the query at its own time limit: the parent answers as at its own."""


class UpstreamError(Exception):
    """The external engine cannot be reached or gave no usable answer (a 502): passing, never cached."""


def syntax_error(error: SyntaxError) -> QueryError:
    """Oxigraph's syntax error as a 400 with its position."""
    match = OXIGRAPH_POSITION.match(str(error))
    return QueryError(400, str(error), (int(match[1]), int(match[2])) if match else None)


def chosen(form: str, job: dict) -> Format:
    """The format the job asks for this form of answer; 406 when the client accepts none."""
    wanted = job["results"] if form in ("SELECT", "ASK") else job["graph"]
    if wanted is None:
        offered, kind = (RESULTS, f"{form} results") if form in ("SELECT", "ASK") else (RDF, "a graph")
        raise QueryError(406, f"this query answers with {kind}, offered as {describe(offered)}")
    return by_name(wanted)


def _distinct(items: Iterable) -> Iterator:
    """Each item once, in order, as it comes: a graph cut at the row cap holds distinct triples."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _cut(items: Iterable, job: dict, size: Callable) -> tuple[list, str]:
    """The items up to the row cap and, by their estimated size, the byte cap; why they were cut ('' if not)."""
    kept, used = [], 0
    for item in items:
        if len(kept) == job["max_rows"]:
            return kept, f"max-rows={job['max_rows']}"
        used += size(item)
        if used > job["max_bytes"]:
            return kept, f"max-bytes={job['max_bytes']}"
        kept.append(item)
    return kept, ""


def _fitted(write: Callable[[list], bytes], items: list, cut: str, max_bytes: int) -> tuple[bytes, str]:
    """The written answer, with items dropped from its end until it fits the byte cap."""
    body = write(items)
    while len(body) > max_bytes and items:
        items = items[:len(items) * max_bytes * 9 // (len(body) * 10)]
        body, cut = write(items), f"max-bytes={max_bytes}"
    return body, cut


def _row_size(row: tuple) -> int:
    return sum(16 + sum(len(part) for part in term[1:] if part) for term in row if term is not None)


def _triple_size(triple) -> int:
    return len(str(triple))


class _OxigraphRunner:
    """Evaluates with pyoxigraph."""

    def __init__(self, build: str, base_iri: str) -> None:
        import pyoxigraph as ox

        self.ox, self.base_iri = ox, base_iri
        self.store = ox.Store.read_only(f"{build}/store") if build else ox.Store()  # the build's: shared, never written

    def run(self, job: dict) -> tuple[str, Format, bytes, str]:
        """Evaluate a job: (form, format, body, why it was cut or '')."""
        ox = self.ox
        options: dict = {"base_iri": self.base_iri, "use_default_graph_as_union": job["dataset"] is None}
        if job["dataset"] is not None:
            default, named = job["dataset"]
            options.update(default_graph=[ox.NamedNode(g) for g in default],
                           named_graphs=[ox.NamedNode(g) for g in named])
        try:
            result = self.store.query(job["text"], **options)
        except SyntaxError as error:
            raise syntax_error(error) from None
        if isinstance(result, ox.QuerySolutions) and job["results"] == "json":
            body = _native_json(result, job)
            if body is not None:
                return "SELECT", chosen("SELECT", job), body, ""
            result = self.store.query(job["text"], **options)  # evaluated again, written the careful way
        return _written(result, job)


class _Overflow(Exception):
    """An answer grew past the byte cap while Oxigraph wrote it."""


class _CappedBuffer:
    """Where Oxigraph writes an answer: the bytes, up to a cap past which it stops the writing."""

    def __init__(self, cap: int) -> None:
        self.parts: list[bytes] = []
        self.size, self.cap = 0, cap

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise _Overflow
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


# Where these appear outside a string, the answer holds a term ``results`` refuses (a triple term) or writes
# otherwise (a base direction): such answers take the careful path. Inside a string they cannot stand whole,
# quotes being escaped there, except at its end: then the careful path is taken needlessly, never wrongly.
NOT_NATIVE = (b'"type":"triple"', b'"its:dir"')


def _native_json(solutions, job: dict) -> bytes | None:
    """A SELECT answer in SPARQL JSON as Oxigraph writes it: byte for byte what ``results`` writes, without a
    Python object per term; ``None`` when it would be cut at a cap or holds a term written otherwise."""
    import pyoxigraph as ox

    buffer = _CappedBuffer(job["max_bytes"])
    try:
        solutions.serialize(buffer, format=ox.QueryResultsFormat.JSON)
    except _Overflow:
        return None
    body = b"".join(buffer.parts)
    if any(marker in body for marker in NOT_NATIVE):
        return None
    # Each row takes 3 bytes at least ("{}," or more): a shorter answer cannot pass the row cap.
    if len(body) > 3 * job["max_rows"] and sum(
            1 for _ in ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)) > job["max_rows"]:
        return None
    return body


def _written(result, job: dict) -> tuple[str, Format, bytes, str]:
    """A pyoxigraph answer (boolean, solutions or triples) written in the job's format, cut at max_rows or max_bytes."""
    import pyoxigraph as ox

    from .results import from_oxigraph

    if isinstance(result, ox.QueryBoolean):
        return written_boolean(bool(result), job)
    if isinstance(result, ox.QuerySolutions):
        width = len(result.variables)
        return written_rows([v.value for v in result.variables],
                            (tuple(None if s[i] is None else from_oxigraph(s[i]) for i in range(width))
                             for s in result), job)
    return written_triples(result, job)


def written_boolean(value: bool, job: dict) -> tuple[str, Format, bytes, str]:
    """An ASK answer written in the job's format."""
    from .results import write_boolean

    fmt = chosen("ASK", job)
    return "ASK", fmt, write_boolean(fmt, value), ""


def written_rows(names: list[str], rows: Iterable[tuple], job: dict) -> tuple[str, Format, bytes, str]:
    """SELECT rows (tuples of ``results`` terms) written in the job's format, cut at max_rows or max_bytes."""
    from .results import write_select

    fmt = chosen("SELECT", job)
    kept, cut = _cut(rows, job, _row_size)
    return "SELECT", fmt, *_fitted(lambda some: write_select(fmt, names, some), kept, cut, job["max_bytes"])


def written_triples(triples: Iterable, job: dict) -> tuple[str, Format, bytes, str]:
    """pyoxigraph triples written in the job's graph format, each once, cut at max_rows or max_bytes."""
    from .results import write_graph

    fmt = chosen("CONSTRUCT", job)
    kept, cut = _cut(_distinct(triples), job, _triple_size)
    return "CONSTRUCT", fmt, *_fitted(lambda some: write_graph(fmt, some), kept, cut, job["max_bytes"])


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

        from .build import nquads_dump
        from .store import read_nquads

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM names a graph we hold, never a URL
        self.base_iri = base_iri
        self.dataset = Dataset(default_union=True)
        read_nquads(self.dataset, nquads_dump(Path(build)))

    def run(self, job: dict) -> tuple[str, Format, bytes, str]:
        """Evaluate a job: (form, format, body, why it was cut or '')."""
        import pyoxigraph as ox
        from rdflib import URIRef
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.plugins.sparql.sparql import Query

        from .results import from_rdflib, rdflib_to_oxigraph, write_boolean, write_graph, write_select

        query = _rdflib_query(job["text"], self.base_iri)
        if job["dataset"] is not None:
            default, named = job["dataset"]
            algebra = CompValue(query.algebra.name, **dict(query.algebra))
            algebra["datasetClause"] = [CompValue("DatasetClause", default=URIRef(g)) for g in default] + [
                CompValue("DatasetClause", named=URIRef(g)) for g in named]
            query = Query(query.prologue, algebra)
        result = self.dataset.query(query)
        fmt = chosen(result.type, job)
        if result.type == "ASK":
            return "ASK", fmt, write_boolean(fmt, bool(result.askAnswer)), ""
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            rows, cut = _cut((tuple(None if t is None else from_rdflib(t) for t in row) for row in result), job,
                             _row_size)
            return ("SELECT", fmt, *_fitted(lambda kept: write_select(fmt, names, kept), rows, cut, job["max_bytes"]))
        triples, cut = _cut((ox.Triple(*map(rdflib_to_oxigraph, t)) for t in _distinct(result.graph)), job,
                            _triple_size)  # DESCRIBE too, as Oxigraph
        return "CONSTRUCT", fmt, *_fitted(lambda kept: write_graph(fmt, kept), triples, cut, job["max_bytes"])


def _answer(runner, job: dict) -> tuple:
    """Run one job: ``("ok", form, format name, body, truncated)``, ``("error", ...)`` or ``("fail", ...)``."""
    try:
        form, fmt, body, truncated = runner.run(job)
        return ("ok", form, fmt.name, body, truncated)
    except QueryError as error:
        return ("error", error.status, error.message, error.position)
    except QueryTimedOut as error:
        return ("timeout", str(error))
    except UpstreamError as error:
        return ("upstream", str(error))
    except RecursionError:
        return ("error", 400, "the query is nested too deeply to evaluate", None)
    except MemoryError:
        return ("error", 503, "the query needs more memory than a query worker may use; simplify it or add a LIMIT",
                None)
    except (Unwritable, RuntimeError) as error:  # Oxigraph: "The custom function <...> is not supported", ...
        return ("error", 400, f"the query cannot be answered here: {error}", None)
    except Exception as error:  # noqa: BLE001 - reported to the parent, which logs it with the query
        return ("fail", f"{type(error).__name__}: {error}")


def _load(conn: Connection, backend: str, base_iri: str):
    """The runner over what the parent sends: the build folder, or the external engine's query URL."""
    source = conn.recv_bytes().decode()
    if backend == "sparql":
        from .sparql_remote import RemoteRunner

        return RemoteRunner(source, base_iri)
    return {"oxigraph": _OxigraphRunner, "rdflib": _RdflibRunner}[backend](source, base_iri)


def _limit_memory(extra_mib: int) -> str | None:
    """Let the address space grow by ``extra_mib`` MiB from now on (0: no limit); what failed, explained."""
    if extra_mib <= 0:
        return None
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            now = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = now + extra_mib * MIB
        resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    except (OSError, ValueError) as error:
        return f"no memory ceiling on this OS: {error}"
    return None


def _serve(conn: Connection, runner) -> None:
    """Answer jobs until the parent goes away (run on a thread with a large stack)."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(runner, job))


def main(argv: list[str]) -> None:
    """Load the dataset, seal this process, then answer jobs until the parent goes away."""
    from .sparql_seal import isolate_network, seal

    backend, base_iri, memory = argv[2], argv[3], int(argv[4])
    remote = backend == "sparql"  # talks to the external engine: no network namespace, no seal
    missing = [] if remote else isolate_network()
    os.nice(NICENESS)
    conn = Connection(int(argv[1]))
    sys.setrecursionlimit(20_000)  # rdflib's parser recurses per bracket; sparql_guard bounds the depth
    threading.stack_size(STACK_BYTES)
    runner = _load(conn, backend, base_iri)
    for fmt in RESULTS + RDF:  # import every lazily loaded parser and writer before the seal
        for text in ("ASK {}", "SELECT * {} LIMIT 1", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"):
            _answer(runner, {"text": text, "dataset": None, "max_rows": 1, "max_bytes": MIB,
                             "results": fmt.name if fmt in RESULTS else "json",
                             "graph": fmt.name if fmt in RDF else "turtle"})
    _rdflib_query.cache_clear()
    missing.append(_limit_memory(memory))
    for warning in missing + ([] if remote else seal()):
        if warning:
            log.warning("query worker: %s", warning)
    conn.send("ready")
    serving = threading.Thread(target=_serve, args=(conn, runner), name="sahel-ld-query")  # sealed as this one
    serving.start()
    serving.join()


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy: its classes (QueryError) are the ones other modules raise.
    from sahel_ld.sparql_worker import main as imported_main

    imported_main(sys.argv)
