"""Run SPARQL queries read-only, sealed and time-limited, in a pool of worker processes.

Each worker (``sparql_worker.py``) opens the build's on-disk pyoxigraph ``Store`` read-only (one copy shared
by all workers through the page cache), parses the build's N-Quads into an rdflib ``Dataset`` when the ``store``
setting is ``memory``, or sends its queries to the external engine when it is ``sparql``. The time limit counts from the moment a request arrives,
waiting for a turn and a free worker included. No client (``CLIENT``) holds more than half the workers (one, of
two): its further queries wait for its own turn, so others always find a worker. A query that outlives the limit
has its worker killed and replaced by a spare started ahead, while the other workers keep answering (a query
running longer than a second does so at the lowest CPU priority, so quick ones are not slowed); a worker
that ends in any other way (a crash, its memory ceiling, killed from outside, during its start-up) is replaced
too, further starts retried with doubling pauses until one is ready. Answers and refusals to identical requests
are kept in a cache bounded in entries and bytes, keyed by a digest of the request; an answer's entity tag is a
digest of its bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from .formats import RDF, RESULTS, Format, by_name
from .sparql_guard import check_graphs, inspect
from .sparql_worker import NICENESS, QueryError
from .store import LoadedData

log = logging.getLogger(__name__)

STARTUP_SECONDS = 120
RETRY_FIRST, RETRY_MOST = 0.5, 30.0  # seconds between attempts to start a replacement worker, doubling
DEMOTE_AFTER = 1.0  # seconds after which a query's worker runs at the lowest CPU priority until it answers
LONG_QUERY_NICENESS = 19
SPARES = 1  # workers kept started and ready beyond sparql_workers, to replace a lost one at once
WATCH_SECONDS = 0.5  # how often the pool looks for workers that ended while idle
ENTRY_OVERHEAD = 512  # bytes a cache entry costs beyond its bodies (key, objects)
SELF_INFLICTED = (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS, -signal.SIGILL)
__all__ = ["CLIENT", "Answer", "Engine", "EngineBusy", "EngineFailure", "EngineUnavailable", "QueryError", "QueryRequest", "QueryTimeout"]
CLIENT: ContextVar[str] = ContextVar("sparql_client", default="")  # who asks; the web layer sets it per request


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class EngineBusy(Exception):
    """No worker became free within the time limit."""


class EngineFailure(Exception):
    """A worker failed unexpectedly."""


class EngineUnavailable(Exception):
    """The external engine (``store=sparql``) cannot be reached or gave no usable answer; not cached."""


@dataclass(frozen=True)
class QueryRequest:
    """What a query request asks for; equal requests get equal answers from one dataset version."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_format: Format | None = RESULTS[0]  # for SELECT and ASK; None: nothing acceptable
    graph_format: Format | None = RDF[0]  # for CONSTRUCT and DESCRIBE

    def digest(self) -> bytes:
        """A short fixed-size key for the request (a cache keeps this, never the query text)."""
        return hashlib.sha256(repr(self).encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class Answer:
    """A serialised answer; ``cut`` says why it was cut (``max-rows=N``, ``max-bytes=N``) or is empty; ``tag``
    is its strong entity tag, a digest of the body's bytes.

    ``derived`` memoises what a caller builds from the answer once it is cached (the web endpoint keeps its
    final headers and compressed bodies there), so a repeated request does no work beyond the cache lookup.
    """

    form: str
    format: Format
    body: bytes
    cut: str = ""
    tag: str = ""
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def truncated(self) -> bool:
        return bool(self.cut)


class _Worker:
    """One worker process and its connection."""

    def __init__(self, backend: str, base_iri: str, memory_mib: int, build: str) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sahel_ld.sparql_worker", str(theirs.fileno()), backend, base_iri,
             str(memory_mib)],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send_bytes(build.encode())
        self._killed = threading.Lock()  # held for good by the first kill

    def wait_ready(self) -> None:
        try:
            ready = self.conn.poll(STARTUP_SECONDS) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise EngineFailure(f"a SPARQL worker did not start (exit status {self.process.returncode})")

    def kill(self) -> None:
        """Stop the process and close the connection, once: the pool, a timed-out query and the watch thread
        may all decide a worker must go at the same moment (closing a descriptor twice can close another's)."""
        if not self._killed.acquire(blocking=False):
            return
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


def _set_niceness(worker: _Worker, niceness: int) -> bool:
    """Set a worker's CPU priority; False where the OS refuses (raising it back needs a privilege)."""
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, niceness)
    except OSError:
        return False
    return True


class _Cache:
    """A thread-safe least-recently-used map bounded in bytes and in entries; values report their ``cost``."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self.items: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self.used, self.lock = 0, threading.Lock()

    def get(self, key: bytes):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key][0]
        return None

    def put(self, key: bytes, value, cost: int) -> None:
        cost += ENTRY_OVERHEAD
        if self.entries <= 0 or cost > self.max_bytes:
            return
        with self.lock:
            if key in self.items:
                self.used -= self.items.pop(key)[1]
            self.items[key] = (value, cost)
            self.used += cost
            while len(self.items) > self.entries or self.used > self.max_bytes:
                self.used -= self.items.popitem(last=False)[1][1]

    def grow(self, key: bytes, extra: int) -> None:
        """Count ``extra`` bytes more for an entry (what a caller derived from it), evicting as needed."""
        with self.lock:
            if key in self.items:
                value, cost = self.items[key]
                self.items[key] = (value, cost + extra)
                self.used += extra
                while self.used > self.max_bytes and self.items:
                    self.used -= self.items.popitem(last=False)[1][1]


class Engine:
    """The query service of one dataset version: worker pool, time limit, caps, response cache."""

    def __init__(self, loaded: LoadedData, settings: dict) -> None:
        self.base_iri = loaded.base_iri
        self.graphs = tuple(str(g) for g in loaded.graph_names())
        self.backend = {"oxigraph": "oxigraph", "memory": "rdflib", "sparql": "sparql"}[settings["store"]]
        self.timeout = float(settings["query_timeout"])
        self.max_rows = int(settings["max_rows"])
        self.max_bytes = int(settings["max_answer_bytes"])
        self.max_length = int(settings["max_query_length"])
        self.memory_mib = int(settings["query_memory_mib"])
        self.size = max(1, int(settings["sparql_workers"]))
        self.share = max(1, self.size // 2)  # workers one client may hold at once: half the pool at most
        self._holding: dict[str, int] = {}
        self._turns = threading.Condition()
        self.cache = _Cache(int(settings["response_cache_size"]), int(settings["response_cache_bytes"]))
        if loaded.build is None:
            raise EngineFailure("the SPARQL workers read a build folder; this dataset was not opened from one")
        self._build = settings["sparql_url"] if self.backend == "sparql" else str(loaded.build)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # started, ready or not
        self._ready: set[_Worker] = set()  # started and ready, idle or busy
        self._spares: list[_Worker] = []  # started and ready, not in service until one is lost
        self._closing = threading.Event()
        self._lock = threading.Lock()  # closing and starting a replacement never interleave
        self._refills: list[threading.Thread] = []
        self.replaced, self.last_failure = 0, ""
        self._watch = threading.Thread(target=self._watch_workers, daemon=True, name="sahel-ld-sparql-watch")
        workers = [self._start() for _ in range(self.size + SPARES)]
        for worker in workers:
            try:
                worker.wait_ready()
                self._enlist(worker)
            except EngineFailure as error:
                self._lost(worker, str(error))
        self._watch.start()

    def _watch_workers(self) -> None:
        """Notice a worker that ended while idle (killed from outside, out of memory) and replace it."""
        while not self._closing.wait(WATCH_SECONDS):
            with self._lock:
                ended = [worker for worker in [*self._ready, *self._spares] if worker.process.poll() is not None]
            for worker in ended:
                self._lost(worker, f"a SPARQL worker ended (exit status {worker.process.returncode})")

    def _start(self) -> _Worker:
        with self._lock:
            if self._closing.is_set():
                raise EngineFailure("the engine is closed")
            worker = _Worker(self.backend, self.base_iri, self.memory_mib, self._build)
            self._all.add(worker)
            return worker

    def _lost(self, worker: _Worker, why: str) -> None:
        """A worker is gone (or must go): kill it, and start one replacement in the background (once per worker)."""
        worker.kill()
        with self._lock:
            if worker not in self._all:
                return
            self._all.discard(worker)
            if worker in self._spares:
                self._spares.remove(worker)
            elif worker in self._ready:
                self._ready.discard(worker)
                if self._spares:  # in service at once; the refill below starts the next spare
                    spare = self._spares.pop()
                    self._ready.add(spare)
                    self._idle.put(spare)
        self.last_failure = why
        thread = threading.Thread(target=self._refill, daemon=True, name="sahel-ld-sparql-refill")
        self._refills = [*(t for t in self._refills if t.is_alive()), thread]
        thread.start()

    def _refill(self) -> None:
        """Start one replacement worker, retrying with doubling pauses until one is ready or the pool closes."""
        pause = RETRY_FIRST
        while not self._closing.is_set():
            try:
                worker = self._start()
            except (EngineFailure, OSError) as error:
                worker, why = None, str(error)
            else:
                try:
                    worker.wait_ready()
                    self._enlist(worker)
                    self.replaced += 1
                    return
                except EngineFailure as error:
                    with self._lock:
                        self._all.discard(worker)
                    why = str(error)
            if self._closing.is_set():
                return
            self.last_failure = why
            log.warning("could not start a SPARQL worker (%s); next attempt in %g s", why, pause)
            self._closing.wait(pause)
            pause = min(pause * 2, RETRY_MOST)

    def _enlist(self, worker: _Worker) -> None:
        """Put a worker that is ready in service, or keep it as a spare when the pool is full."""
        with self._lock:
            if worker not in self._all:
                return
            if len(self._ready) < self.size:
                self._ready.add(worker)
                self._idle.put(worker)
            else:
                self._spares.append(worker)

    def health(self) -> dict:
        """The pool as it stands: workers wanted, ready (idle or busy), idle, starting, replacements so far."""
        with self._lock:
            ready, spares = len(self._ready), len(self._spares)
            starting = len(self._all) - ready - spares
        return {"workers": self.size, "ready": ready, "idle": self._idle.qsize(), "spares": spares, "starting": starting,
                "replaced": self.replaced,
                "last_failure": self.last_failure or None, "cached_answers": len(self.cache.items),
                "cache_bytes": self.cache.used}

    def cached(self, request: QueryRequest) -> Answer | None:
        """The cached answer to a request, if there is one; never evaluates anything."""
        cached = self.cache.get(request.digest())
        return cached if isinstance(cached, Answer) else None

    def remember(self, request: QueryRequest, extra: int) -> None:
        """Count bytes a caller keeps with a cached answer (its compressed body) against the cache's bound."""
        self.cache.grow(request.digest(), extra)

    def run(self, request: QueryRequest) -> Answer:
        """Answer a request, from the cache or a worker; raises QueryError, QueryTimeout, EngineBusy.

        The time limit counts from now: waiting for a turn and for a free worker are part of it.
        """
        deadline = time.monotonic() + self.timeout
        for graph in request.default_graphs + request.named_graphs:
            if graph not in self.graphs:
                raise QueryError(400, f"this endpoint holds no graph <{graph}>; its graphs are: "
                                      + ", ".join(f"<{g}>" for g in self.graphs))
        key = request.digest()
        cached = self.cache.get(key)
        if isinstance(cached, QueryError):
            raise cached
        if cached is not None:
            return cached
        try:
            reply = self._dispatch(request, deadline)
        except QueryError as error:  # refused: refused again without a second look
            self.cache.put(key, error, len(error.message))
            raise
        if reply[0] == "fail":
            raise EngineFailure(reply[1])
        if reply[0] == "timeout":  # the external engine's own limit: as ours, and not cached
            raise QueryTimeout(reply[1])
        if reply[0] == "upstream":
            raise EngineUnavailable(reply[1])
        if reply[0] == "error":
            error = QueryError(reply[1], reply[2], reply[3])
            self.cache.put(key, error, len(error.message))
            raise error
        body = reply[3]
        answer = Answer(reply[1], by_name(reply[2]), body, reply[4], hashlib.sha256(body).hexdigest()[:32])
        self.cache.put(key, answer, len(body))
        return answer

    def _dispatch(self, request: QueryRequest, deadline: float) -> tuple:
        """Check the query, then evaluate it in the client's turn."""
        inspection = inspect(request.text, self.base_iri, self.max_length)
        check_graphs(inspection, self.graphs)
        # The protocol's graph parameters replace FROM and FROM NAMED; with neither, the default graph is
        # the union of the named graphs (an external engine is told so: it may hold graphs of its own).
        if request.default_graphs or request.named_graphs:
            dataset = (request.default_graphs, request.named_graphs)
        elif inspection.from_graphs or inspection.from_named:
            dataset = (inspection.from_graphs, inspection.from_named)
        else:
            dataset = (self.graphs, self.graphs) if self.backend == "sparql" else None
        job = {"text": request.text, "dataset": dataset, "max_rows": self.max_rows, "max_bytes": self.max_bytes,
               "results": request.results_format and request.results_format.name,
               "graph": request.graph_format and request.graph_format.name}
        client = CLIENT.get()
        self._take_turn(client, deadline)
        try:
            return self._evaluate(job, deadline)
        finally:
            self._end_turn(client)

    def _take_turn(self, client: str, deadline: float) -> None:
        """Wait until ``client`` holds fewer than its share of the workers, then count one more for it."""
        with self._turns:
            while self._holding.get(client, 0) >= self.share:
                if not self._turns.wait(max(0.0, deadline - time.monotonic())):
                    raise EngineBusy(f"your earlier queries kept their share of the SPARQL workers busy for the "
                                     f"limit of {self.timeout:g} s")
            self._holding[client] = self._holding.get(client, 0) + 1

    def _end_turn(self, client: str) -> None:
        with self._turns:
            self._holding[client] -= 1
            if not self._holding[client]:
                del self._holding[client]
            self._turns.notify_all()

    def _evaluate(self, job: dict, deadline: float) -> tuple:
        """Send a job to an idle worker and wait for the reply or the deadline."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise EngineBusy(f"no SPARQL worker became free within the limit of {self.timeout:g} s") from None
            if worker not in self._ready:  # ended while idle, already being replaced
                continue
            try:
                worker.conn.send(job)
                break
            except OSError as error:  # it ended while idle: replace it, try another
                self._lost(worker, f"a SPARQL worker ended while idle: {error}")
        demoted = False
        try:
            if not worker.conn.poll(min(DEMOTE_AFTER, max(0.0, deadline - time.monotonic()))):
                demoted = _set_niceness(worker, LONG_QUERY_NICENESS)  # long: it yields the CPU to quick ones
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                reply = worker.conn.recv()
                if demoted and not _set_niceness(worker, NICENESS):  # back up needs a privilege: retire it
                    self._lost(worker, "retired after a long query (its priority could not be raised again)")
                else:
                    self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            return self._died(worker)
        self._lost(worker, "stopped at the time limit")
        raise QueryTimeout(f"the query ran longer than the limit of {self.timeout:g} s and was stopped")

    def _died(self, worker: _Worker):
        """A worker ended during a query: replaced; the query refused when it ended the worker itself."""
        try:
            status = worker.process.wait(30)  # its socket is closed: it is ending (an abort may print first)
        except subprocess.TimeoutExpired:
            status = None
        self._lost(worker, f"a SPARQL worker ended during a query (exit status {status})")
        if status in SELF_INFLICTED:
            raise QueryError(503, "the query ended its worker process (it needed more memory than a worker may "
                                  "use, or the engine failed on it); the worker was replaced; simplify the query "
                                  "or add a LIMIT")
        raise EngineFailure(f"a SPARQL worker ended during a query (exit status {status})")

    def close(self) -> None:
        """Stop every worker, replacements being started included."""
        with self._lock:
            self._closing.set()
            workers = list(self._all)
            self._all.clear()
            self._ready.clear()
            self._spares.clear()
        for worker in workers:
            worker.kill()
        for thread in [*self._refills, self._watch]:
            if thread.is_alive():
                thread.join(timeout=10)
