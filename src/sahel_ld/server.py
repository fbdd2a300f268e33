"""Serve the app with waitress, in one process or in several that share one listening socket.

Each process has the whole app (pages, page cache, SPARQL guard and its own query workers) over the same
read-only build, so requests are spread by the kernel across processes and no single Python process, with
its one interpreter lock, caps the throughput.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time

from .build import build_folder

HEADER_BYTES = 64 * 1024  # the most a request's headers may take
# How long a thread may hold the interpreter lock while others wait for it (Python's default: 5 ms). A server
# thread back from waiting on a query worker or a socket needs the lock again at once: with the default, many
# clients at a time turn into a convoy of threads waiting out each other's 5 ms slices while the workers sit
# idle (measured at 32 clients: 0.2 ms answers 1.5 times as many uncached queries, with half the p99).
SWITCH_INTERVAL = 0.0002


def server_options(config: dict) -> dict:
    """waitress's settings: its threads, and limits that keep slow, idle or oversized clients from holding it."""
    return {"threads": config["threads"], "ident": "sahel-ld",
            "connection_limit": config["connection_limit"], "channel_timeout": config["channel_timeout"],
            "cleanup_interval": max(1, min(30, config["channel_timeout"] // 2)),
            "max_request_header_size": HEADER_BYTES, "max_request_body_size": config["max_body_bytes"] + HEADER_BYTES,
            "asyncore_use_poll": True}  # poll, not select: more than 1,024 connections


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket that child processes inherit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(error.errno, f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def _serve_here(config: dict, sock: socket.socket) -> None:
    """Build the app in this process and serve it on the socket until the process is stopped."""
    import waitress

    from .web import create_app

    app = create_app(config)
    threading.Thread(target=_render_ahead, args=(app,), daemon=True, name="sahel-ld-render-ahead").start()
    sys.setswitchinterval(SWITCH_INTERVAL)
    print(f"serving sahel-ld on http://{config['host']}:{config['port']}/ (process {os.getpid()})", file=sys.stderr,
          flush=True)
    waitress.serve(app, sockets=[sock], **server_options(config))


def _render_ahead(app) -> None:
    """Render the pages whose cost grows with the dataset (``page_cache.WARM_PATHS``) while the server starts
    answering; a reader asking for one meanwhile waits for that rendering."""
    from .web.page_cache import warm

    began = time.monotonic()
    warm(app)
    print(f"pages rendered ahead in {time.monotonic() - began:.1f} s (process {os.getpid()})", file=sys.stderr,
          flush=True)


def serve(config: dict) -> None:
    """Serve on ``host:port`` with ``processes`` processes (forked after the build is ready)."""
    folder = build_folder(config)
    config = {**config, "build_dir": str(folder.parent)}  # every process opens this build, none writes
    sock = listening_socket(config["host"], config["port"])
    logging.basicConfig()
    count = max(1, int(config["processes"]))
    if count == 1:
        _serve_here(config, sock)
        return
    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                _serve_here(config, sock)
            finally:
                os._exit(1)
        children.append(pid)

    def stop(signum, frame) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.waitpid(-1, 0)  # one process ended: stop the others rather than serve with fewer
    stop(signal.SIGTERM, None)
