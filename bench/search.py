"""Benchmark /api/search the way the header's search box uses it: one request per keystroke.

Usage: ``.venv/bin/python bench/search.py [--root DIR] [--seconds N] [--clients N]``. Starts ``sahel-ld serve``
on loopback, replays the prefixes of well-known names ("g", "gs", "gsi", "gsim", "t", "to", ...) from N clients
with keep-alive connections, and writes bench/search.md. Target: p99 under 20 ms at 8 clients.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WORDS = ("gsim", "tombouctou", "ansar dine", "katiba macina", "eigs", "barkhane", "kidal", "iyad ag ghali",
         "mnla", "al-qaeda", "plateforme", "menaka", "ndjamena", "ganda koy", "xyzzy")
TARGET_MS = 20.0


def keystrokes() -> list[str]:
    """Every prefix of every word, as typed."""
    return [word[:n] for word in WORDS for n in range(1, len(word) + 1)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(connection: http.client.HTTPConnection, text: str) -> None:
    connection.request("GET", f"/api/search?limit=12&q={quote(text)}", headers={"Accept": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status} for {text!r}")


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            get(connection, "warm up")
            connection.close()
            return
        except (OSError, RuntimeError):
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def measure(port: int, clients: int, seconds: float) -> dict:
    """Requests per second and latency percentiles (ms) for ``clients`` concurrent typists."""
    typed = keystrokes()
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def typist(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, index = [], offset * 7
        while time.monotonic() < stop:
            started = time.perf_counter()
            get(connection, typed[index % len(typed)])
            mine.append((time.perf_counter() - started) * 1000)
            index += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=typist, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"clients": clients, "requests": len(latencies), "rps": len(latencies) / (time.monotonic() - began),
            "p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def report(rows: list[dict], seconds: float) -> str:
    lines = [
        "# Benchmark: /api/search", "",
        "Written by `.venv/bin/python bench/search.py` (do not edit by hand). `sahel-ld serve` (waitress, default",
        f"settings) on this machine ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()});",
        f"clients on the same machine type {len(WORDS)} names one keystroke at a time ({len(keystrokes())} requests",
        f"in the cycle, one name matching nothing), keep-alive connections, {seconds:g} s per level.", "",
        "| clients | requests | req/s | p50 ms | p95 ms | p99 ms |", "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {r['clients']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} |"
              for r in rows]
    eight = next(r for r in rows if r["clients"] == 8)
    verdict = "met" if eight["p99"] < TARGET_MS else "NOT met"
    lines += ["", f"Target at 8 clients: p99 under {TARGET_MS:g} ms ({verdict}: {eight['p99']:.1f} ms). The index is",
              "built once per dataset version; a request scans it in memory, with no SPARQL. The clients share",
              "the cores with the server, so figures move between runs.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(HERE.parent))
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([str(BIN / "sahel-ld"), "serve", "--root", args.root, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, server)
        rows = [measure(port, clients, args.seconds) for clients in (1, 8)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = report(rows, args.seconds)
    (HERE / "search.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
