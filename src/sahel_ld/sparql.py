"""Run SPARQL queries read-only, sealed and time-limited, in a pool of worker processes.

Each worker (``sparql_worker.py``) opens the dataset of the build folder: the on-disk pyoxigraph ``Store``
read-only (one copy shared by all workers through the page cache), or an rdflib ``Dataset`` of its own
when the ``store`` setting is ``memory``. A query that outlives the time limit has its worker
killed and replaced, while the other workers keep answering. Answers to identical requests are kept in a
bounded cache; the dataset version is part of every entity tag.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import socket
import subprocess
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from .formats import RDF, RESULTS, Format, by_name
from .sparql_guard import check_graphs, inspect
from .sparql_worker import QueryError
from .store import LoadedData

log = logging.getLogger(__name__)

STARTUP_SECONDS = 120
__all__ = ["Answer", "Engine", "EngineBusy", "EngineFailure", "QueryError", "QueryRequest", "QueryTimeout"]


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class EngineBusy(Exception):
    """No worker became free within the time limit."""


class EngineFailure(Exception):
    """A worker died or failed unexpectedly."""


@dataclass(frozen=True)
class QueryRequest:
    """What a query request asks for; equal requests get equal answers from one dataset version."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_format: Format | None = RESULTS[0]  # for SELECT and ASK; None: nothing acceptable
    graph_format: Format | None = RDF[0]  # for CONSTRUCT and DESCRIBE


@dataclass(frozen=True)
class Answer:
    """A serialised answer.

    ``derived`` memoises what a caller builds from the answer once it is cached (the web endpoint keeps its
    final headers and compressed bodies there), so a repeated request does no work beyond the cache lookup.
    """

    form: str
    format: Format
    body: bytes
    truncated: bool
    derived: dict = field(default_factory=dict, compare=False, repr=False)


class _Worker:
    """One worker process and its connection."""

    def __init__(self, backend: str, base_iri: str, build: str) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sahel_ld.sparql_worker", str(theirs.fileno()), backend, base_iri],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send_bytes(build.encode())

    def wait_ready(self) -> None:
        if not self.conn.poll(STARTUP_SECONDS) or self.conn.recv() != "ready":
            self.kill()
            raise EngineFailure("a SPARQL worker did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class _LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class Engine:
    """The query service of one dataset version: worker pool, time limit, row cap, response cache."""

    def __init__(self, loaded: LoadedData, settings: dict) -> None:
        self.version = loaded.version
        self.base_iri = loaded.base_iri
        self.graphs = tuple(str(g) for g in loaded.graph_names())
        self.backend = {"oxigraph": "oxigraph", "memory": "rdflib", "sparql": "sparql"}[settings["store"]]
        self.timeout = float(settings["query_timeout"])
        self.max_rows = int(settings["max_rows"])
        self.max_length = int(settings["max_query_length"])
        self.cache = _LRU(int(settings["response_cache_size"]))
        if loaded.build is None:
            raise EngineFailure("the SPARQL workers read a build folder; this dataset was not opened from one")
        self._build = settings["sparql_url"] if self.backend == "sparql" else str(loaded.build)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._closed = False
        self._lock = threading.Lock()  # closing and starting a replacement never interleave
        self._refills: list[threading.Thread] = []
        workers = [self._start() for _ in range(max(1, int(settings["sparql_workers"])))]
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self.backend, self.base_iri, self._build)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)

        def refill() -> None:
            with self._lock:
                if self._closed:
                    return
                fresh = self._start()
            try:
                fresh.wait_ready()
                self._idle.put(fresh)
            except Exception:  # noqa: BLE001 - logged; the pool runs on with one worker fewer
                if not self._closed:
                    log.exception("could not replace a SPARQL worker")

        thread = threading.Thread(target=refill, daemon=True, name="sahel-ld-sparql-refill")
        self._refills = [*(t for t in self._refills if t.is_alive()), thread]
        thread.start()

    def etag(self, request: QueryRequest) -> str:
        """A strong entity tag (unquoted) for the answer to a request against this dataset version."""
        return "%s-%s" % (self.version, hashlib.sha256(repr(request).encode()).hexdigest()[:20])

    def cached(self, request: QueryRequest) -> Answer | None:
        """The cached answer to a request, if there is one; never evaluates anything."""
        cached = self.cache.get(request)
        return cached if isinstance(cached, Answer) else None

    def run(self, request: QueryRequest) -> Answer:
        """Answer a request, from the cache or a worker; raises QueryError, QueryTimeout, EngineBusy."""
        for graph in request.default_graphs + request.named_graphs:
            if graph not in self.graphs:
                raise QueryError(400, f"this endpoint holds no graph <{graph}>; its graphs are: "
                                      + ", ".join(f"<{g}>" for g in self.graphs))
        cached = self.cache.get(request)
        if isinstance(cached, QueryError):
            raise cached
        if cached is not None:
            return cached
        try:
            reply = self._dispatch(request)
        except QueryError as error:  # refused before evaluation: refused again without a second look
            self.cache.put(request, error)
            raise
        if reply[0] == "fail":
            raise EngineFailure(reply[1])
        if reply[0] == "error":
            error = QueryError(reply[1], reply[2], reply[3])
            self.cache.put(request, error)
            raise error
        answer = Answer(reply[1], by_name(reply[2]), reply[3], reply[4])
        self.cache.put(request, answer)
        return answer

    def _dispatch(self, request: QueryRequest) -> tuple:
        """Check the query, then send it to an idle worker and wait for the reply or the time limit."""
        inspection = inspect(request.text, self.base_iri, self.max_length)
        check_graphs(inspection, self.graphs)
        # The protocol's graph parameters replace FROM and FROM NAMED; with neither, the default graph is
        # the union of the named graphs.
        if request.default_graphs or request.named_graphs:
            dataset = (request.default_graphs, request.named_graphs)
        elif inspection.from_graphs or inspection.from_named:
            dataset = (inspection.from_graphs, inspection.from_named)
        else:
            dataset = None
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EngineBusy(f"every SPARQL worker stayed busy for {self.timeout:g} s") from None
        job = {"text": request.text, "dataset": dataset, "max_rows": self.max_rows,
               "results": request.results_format and request.results_format.name,
               "graph": request.graph_format and request.graph_format.name}
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise EngineFailure(f"a SPARQL worker died: {error}") from None
        self._replace(worker)
        raise QueryTimeout(f"the query ran longer than the limit of {self.timeout:g} s and was stopped")

    def close(self) -> None:
        """Stop every worker, replacements being started included."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        for thread in self._refills:
            thread.join(timeout=10)
