"""Who may start SPARQL work now: a cap per client and a cap on the server threads SPARQL occupies.

Every SPARQL evaluation (``/sparql`` and saved queries) enters here first. A client with ``client_queries``
requests already in flight gets ``429``; with ``sparql_threads`` requests in flight in all, the next gets
``503``; both at once, with ``Retry-After``, so that no request waits holding a server thread: the threads
beyond ``sparql_threads`` stay free for pages and files. An admitted request names its client to the engine
(``sparql.CLIENT``), which keeps one client from holding every worker.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, request
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from ..sparql import CLIENT
from . import settings

EXTENSION = "sahel_ld_admission"


class Admission:
    """Counts of SPARQL requests in flight, per client and in all."""

    def __init__(self, per_client: int, total: int, retry_after: int) -> None:
        self.per_client, self.total, self.retry_after = per_client, total, retry_after
        self.clients: dict[str, int] = {}
        self.in_flight = 0
        self.lock = threading.Lock()

    @contextmanager
    def enter(self, client: str) -> Iterator[None]:
        """Admit one request of ``client`` for the block, or refuse it (429, 503) at once."""
        with self.lock:
            if self.clients.get(client, 0) >= self.per_client:
                raise TooManyRequests(f"you have {self.per_client} SPARQL requests in flight already; wait for "
                                      "their answers", retry_after=self.retry_after)
            if self.in_flight >= self.total:
                raise ServiceUnavailable(f"the server is answering {self.total} SPARQL requests already; try again "
                                         "shortly", retry_after=self.retry_after)
            self.clients[client] = self.clients.get(client, 0) + 1
            self.in_flight += 1
        token = CLIENT.set(client)
        try:
            yield
        finally:
            CLIENT.reset(token)
            with self.lock:
                self.in_flight -= 1
                self.clients[client] -= 1
                if not self.clients[client]:
                    del self.clients[client]


def client() -> str:
    """Who sends the request: the connection's address, or the last address of ``client_header`` when the
    deployment's reverse proxy sets one."""
    return client_of(request.environ, settings()["client_header"])


def client_of(environ: dict, header: str) -> str:
    """``client`` read from a WSGI environ, for middleware that runs before Flask."""
    forwarded = environ.get("HTTP_" + header.upper().replace("-", "_"), "") if header else ""
    return forwarded.rsplit(",", 1)[-1].strip() or environ.get("REMOTE_ADDR") or ""


def admitted() -> Admission:
    """The admission counts of the app handling the current request."""
    return admitted_in(current_app)


def admitted_in(app: Flask) -> Admission:
    """An app's admission counts."""
    return app.extensions[EXTENSION]


def init_app(app: Flask) -> None:
    config = app.config["SAHEL_LD"]
    app.extensions[EXTENSION] = Admission(config["client_queries"], config["sparql_threads"],
                                          math.ceil(config["query_timeout"]))
