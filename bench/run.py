"""Benchmark /sparql against a naive rdflib baseline and the Oxigraph server, in one run.

Usage: ``.venv/bin/python bench/run.py [--root DIR] [--seconds N]``. Starts every server on loopback,
replays the query mix in ``bench/queries/`` at 2 and 8 concurrent clients, and writes bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
CLIENTS = (2, 8)
ACCEPT = {"CONSTRUCT": "text/turtle", "DESCRIBE": "text/turtle"}
# Each bench client names itself in this header, and sahel-ld reads clients from it, as behind a reverse
# proxy that names clients: each has its own caps (``client_queries``), as readers do, instead of all of them
# sharing the caps of one loopback address.
CLIENT_HEADER = "X-Bench-Client"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queries() -> list[tuple[str, str]]:
    """(query text, Accept) for each query of the mix."""
    mix = []
    for path in sorted((HERE / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        form = next((f for f in ACCEPT if f in text), "SELECT")
        mix.append((text, ACCEPT.get(form, "application/sparql-results+json")))
    return mix


def request(connection: http.client.HTTPConnection, text: str, accept: str, client: str = "bench") -> None:
    connection.request("GET", "/sparql?" + urlencode({"query": text}), headers={"Accept": accept,
                                                                                 CLIENT_HEADER: client})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status} for {text[-80:]!r}")


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            request(connection, "ASK {}", "application/sparql-results+json")
            connection.close()
            return
        except (OSError, RuntimeError):
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def measure(port: int, mix: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """Requests per second and latency percentiles (ms) for ``clients`` concurrent clients."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    errors: list[Exception] = []

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, index = [], offset
        try:
            while time.monotonic() < stop:
                text, accept = mix[index % len(mix)]
                started = time.perf_counter()
                request(connection, text, accept, f"client-{offset}")
                mine.append(time.perf_counter() - started)
                index += 1
        except Exception as error:  # noqa: BLE001 - reported after the run
            errors.append(error)
        with lock:
            latencies.extend(mine)

    for text, accept in mix:  # warm up: each query once
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        request(connection, text, accept)
        connection.close()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"rps": len(latencies) / elapsed, "p50": cuts[49] * 1000, "p95": cuts[94] * 1000,
            "p99": cuts[98] * 1000, "n": len(latencies)}


def servers(root: Path, work: Path) -> dict[str, list[str]]:
    """The command line of each server, by name; ``{port}`` is filled in at start."""
    sys.path.insert(0, str(REPO / "src"))
    from sahel_ld.config import load_config
    from sahel_ld.store import load

    loaded = load(load_config({"root": str(root)}))
    dump = work / "data.nq"
    dump.write_bytes(loaded.dataset.serialize(format="nquads", encoding="utf-8"))
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
                   check=True, capture_output=True)
    serve = ["env", f"SAHEL_LD_CLIENT_HEADER={CLIENT_HEADER}", str(BIN / "sahel-ld"), "serve", "--root", str(root),
             "--port", "{port}"]
    return {
        "sahel-ld /sparql": serve,
        "sahel-ld /sparql, no response cache": [*serve[:2], "SAHEL_LD_RESPONSE_CACHE_SIZE=0", *serve[2:]],
        "rdflib baseline": [sys.executable, str(HERE / "baseline.py"), str(dump), "{port}"],
        "oxigraph serve-read-only": [str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "oxigraph"),
                                     "--union-default-graph", "--bind", "127.0.0.1:{port}"],
    }, len(loaded.dataset)


def run_all(root: Path, seconds: float) -> tuple[dict, int]:
    mix = queries()
    results: dict[str, dict[int, dict]] = {}
    with tempfile.TemporaryDirectory() as folder:
        commands, triples = servers(root, Path(folder))
        for name, command in commands.items():
            port = free_port()
            process = subprocess.Popen([part.replace("{port}", str(port)) for part in command],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_until_up(port, process)
                results[name] = {n: measure(port, mix, n, seconds) for n in CLIENTS}
                print(name, {n: round(r["rps"]) for n, r in results[name].items()}, flush=True)
            finally:
                process.terminate()
                process.wait(30)
    return results, triples


def report(results: dict, triples: int, seconds: float) -> str:
    base, oxigraph = results["rdflib baseline"], results["oxigraph serve-read-only"]
    lines = [
        "# Benchmark: /sparql", "",
        "Written by `.venv/bin/python bench/run.py` (do not edit by hand). One run measures every server on this",
        f"machine ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}) with the same",
        f"{len(queries())}-query mix (`bench/queries/`) over the project's data ({triples} triples, union default graph),",
        f"for {seconds:g} s per level, clients on the same machine cycling through the mix with keep-alive connections.",
        "", "Servers: `sahel-ld serve` (waitress, Oxigraph worker processes, default settings, each bench client",
        f"named by its `{CLIENT_HEADER}` header as a reverse proxy would name it, so each has its own caps); the same",
        "with the response cache off (every request evaluated); the naive baseline (`bench/baseline.py`: rdflib",
        "`Graph.query` behind a bare Flask route, waitress); `oxigraph serve-read-only --union-default-graph`.", "",
        "| server | clients | req/s | p50 ms | p95 ms | p99 ms | × baseline | × Oxigraph server |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, levels in results.items():
        for clients, r in levels.items():
            lines.append(f"| {name} | {clients} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
                         f"| {r['rps'] / base[clients]['rps']:.1f} | {r['rps'] / oxigraph[clients]['rps']:.2f} |")
    ours, theirs = results["sahel-ld /sparql"][8], oxigraph[8]
    lines += ["", "Targets at 8 clients: at least the Oxigraph server's throughput "
              f"({'met' if ours['rps'] >= theirs['rps'] else 'missed'}: {ours['rps'] / theirs['rps']:.2f} ×), "
              f"p99 under 50 ms ({'met' if ours['p99'] < 50 else 'missed'}: {ours['p99']:.1f} ms).",
              "The clients share the machine's cores with the servers, and other work on the machine moves every",
              "figure between runs: compare the rows of one run, not the runs.", "",
              "The name search (`/api/search`) has its own benchmark: `.venv/bin/python bench/search.py` writes",
              "[`bench/search.md`](search.md) (target: p99 under 20 ms at 8 clients)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=REPO, help="folder with ontology/ and data/")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per server and level")
    args = parser.parse_args()
    results, triples = run_all(args.root, args.seconds)
    text = report(results, triples, args.seconds)
    readme = HERE / "README.md"
    kept = re.search(r"<!-- fairness -->.*<!-- /fairness -->\n", readme.read_text(encoding="utf-8"), re.DOTALL)
    readme.write_text(text + ("\n" + kept[0] if kept else ""), encoding="utf-8")  # bench/fairness.py's figures
    print(text)


if __name__ == "__main__":
    main()
