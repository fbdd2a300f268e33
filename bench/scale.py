"""Start-up, memory, build time, uncached /sparql throughput and page speed at several sizes, beside Oxigraph.

Usage: ``.venv/bin/python bench/scale.py [--sizes 10000 100000 1000000 10000000] [--seconds N]`` (the four sizes
take about 45 minutes, most of it at 10 M). For each size it writes synthetic data of our shape
(``synthetic.py``), builds it (``sahel-ld build``), then starts, one after the other on loopback: ``sahel-ld
serve`` on the build (1 and 2 processes), ``oxigraph serve-read-only`` on an on-disk store of the build's
N-Quads and ``oxigraph serve`` in memory (loaded through its store endpoint). It measures time to the first
answer, the process tree's memory (proportional set size, so pages shared between processes count once), and
/sparql throughput on queries never asked before (the mix with a counter appended, so no cache answers) at 1, 8
and 32 clients, the servers taking turns at each level; for sahel-ld also the home page and /doc pages. Writes
bench/SCALE.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

from run import BIN, CLIENT_HEADER, HERE, free_port, queries

CLIENTS = (1, 8, 32)
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
# sahel-ld set up as behind a reverse proxy that names each client, with threads for every bench client: each
# client is its own (the per-client caps apply to each, not to all of them as one address).
DEPLOYMENT = (f"SAHEL_LD_CLIENT_HEADER={CLIENT_HEADER}", "SAHEL_LD_THREADS=48", "SAHEL_LD_SPARQL_THREADS=40")
# Servers run as deployed: a shell that keeps Python from writing bytecode would have them compile every module
# at each start.
SERVER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def first_answer(port: int, process: subprocess.Popen, started: float, seconds: float = 1200) -> float:
    """Seconds from ``started`` until /sparql answers ASK {}."""
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"server on port {port} did not answer")


def tree_memory(pid: int) -> float:
    """MiB of proportional set size of a process and every process below it."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def load(port: int, clients: int, seconds: float, paths) -> dict:
    """Requests per second and latency percentiles (ms) of ``clients`` keep-alive clients asking ``paths()``."""
    latencies: list[float] = []
    errors: list[Exception] = []
    failed: list[int] = []  # statuses other than 200 (a query stopped at the time limit is a 503)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(name: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        try:
            while time.monotonic() < stop:
                path, accept = paths()
                began = time.perf_counter()
                connection.request("GET", path, headers={"Accept": accept, CLIENT_HEADER: name})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed.append(response.status)
                    continue
                mine.append(time.perf_counter() - began)
        except Exception as error:  # noqa: BLE001 - reported after the run
            errors.append(error)
        with lock:
            latencies.extend(mine)

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(f"client-{i}",)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0.0] * 99
    return {"rps": len(latencies) / (time.monotonic() - began), "p50": cuts[49] * 1000, "p99": cuts[98] * 1000,
            "failed": len(failed)}


def uncached_queries():
    """A function giving the next query of the mix with a new counter comment: never asked before."""
    mix, counter, lock = queries(), count(), threading.Lock()

    def next_query() -> tuple[str, str]:
        with lock:
            n = next(counter)
        text, accept = mix[n % len(mix)]
        return "/sparql?" + urlencode({"query": f"{text}\n# {n}"}), accept

    return next_query


def start(command: list[str], port: int, log: Path) -> tuple[subprocess.Popen, float, float]:
    """Start a server, its messages into ``log``; (process, seconds to first answer, MiB once answering)."""
    began = time.monotonic()
    with log.open("wb") as messages:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=messages, env=SERVER_ENVIRONMENT)
    seconds = first_answer(port, process, began)
    return process, seconds, tree_memory(process.pid)


def rendered_ahead(log: Path) -> float | None:
    """The longest a sahel-ld process took to render its costly pages at start (``server._render_ahead``)."""
    found = [float(s) for s in re.findall(r"pages rendered ahead in ([0-9.]+) s", log.read_text(errors="replace"))]
    return max(found) if found else None


def compile_bytecode() -> None:
    """Import what a server imports once, so that every start is measured as deployed: with bytecode written."""
    subprocess.run([str(BIN / "python"), "-c", "import sahel_ld.cli, sahel_ld.web, sahel_ld.sparql_worker, waitress"],
                   check=True, env=SERVER_ENVIRONMENT)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(60)


def timed(command: list[str]) -> float:
    began = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - began


def pages(port: int, seconds: float, resources: list[str]) -> dict:
    """Home page latency once cached (median of 50) and /doc pages per second at 8 clients."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    began = time.perf_counter()
    connection.request("GET", "/")
    connection.getresponse().read()
    first = time.perf_counter() - began
    times = []
    for _ in range(50):
        began = time.perf_counter()
        connection.request("GET", "/")
        connection.getresponse().read()
        times.append(time.perf_counter() - began)
    cycle, lock = count(), threading.Lock()

    def next_page() -> tuple[str, str]:
        with lock:
            return resources[next(cycle) % len(resources)], "text/html"

    for path in resources:  # rendered once; the figure is for pages already rendered for this version
        connection.request("GET", path, headers={"Accept": "text/html"})
        connection.getresponse().read()
    return {"home_first": first * 1000, "home": statistics.median(times) * 1000,
            "doc": load(port, 8, seconds, next_page)["rps"]}


def measure_size(size: int, work: Path, seconds: float) -> dict:
    """Every figure for one size of synthetic data."""
    from synthetic import generate

    root, builds = work / "root", work / "builds"
    generate(size, root)
    sahel = str(BIN / "sahel-ld")
    result = {"build": timed([sahel, "build", "--root", str(root), "--build-dir", str(builds), "--skip-validation"])}
    folder = next(p for p in builds.iterdir() if not p.name.startswith("."))
    nquads = next((folder / "dumps").glob("*.nq"))
    result["triples"] = sum(1 for _ in nquads.open("rb"))
    resources = [f"/doc/org/{slug}" for slug in ("jnim", "mnla", "cma", "aqim", "isgs")]
    servers = {}
    for processes in (1, 2):
        port = free_port()
        command = ["env", *DEPLOYMENT, sahel, "serve", "--root", str(root), "--build-dir", str(builds),
                   "--port", str(port), "--processes", str(processes)]
        servers[f"sahel-ld, {processes} process{'es' if processes > 1 else ''}"] = (command, port, None)
    store = work / "oxigraph"
    result["oxigraph_load"] = timed([str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(nquads)])
    port = free_port()
    servers["oxigraph serve-read-only (on disk)"] = (
        [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--union-default-graph",
         "--bind", f"127.0.0.1:{port}"], port, None)
    port = free_port()
    servers["oxigraph serve (in memory)"] = (
        [str(BIN / "oxigraph"), "serve", "--union-default-graph", "--bind", f"127.0.0.1:{port}"], port, nquads)
    result["servers"], running = {}, {}
    try:
        for name, (command, port, preload) in servers.items():  # started one at a time, then all kept running
            process, seconds_up, _ = start(command, port, work / f"{port}.log")
            running[name] = (process, port)
            if preload is not None:  # the in-memory server starts empty: its start-up includes the load
                began = time.monotonic()
                subprocess.run(["curl", "-sf", "-X", "POST", "-H", "Content-Type: application/n-quads",  # streamed:
                                "-T", str(preload), f"http://127.0.0.1:{port}/store"], check=True)  # GBs at 10 M
                seconds_up += time.monotonic() - began
            result["servers"][name] = {"start": seconds_up, "memory": tree_memory(process.pid), "levels": {}}
        for clients in CLIENTS:  # the servers take turns at each level, so the machine's other work hits all alike
            for name, (process, port) in running.items():
                result["servers"][name]["levels"][clients] = load(port, clients, seconds, uncached_queries())
        for name, (process, port) in running.items():
            row = result["servers"][name]
            row["memory_after"] = tree_memory(process.pid)
            if name.startswith("sahel-ld"):
                row["pages"] = {**pages(port, seconds, resources), "ahead": rendered_ahead(work / f"{port}.log")}
            print(size, name, {k: v for k, v in row.items() if k != "levels"},
                  {n: round(r["rps"]) for n, r in row["levels"].items()}, flush=True)
    finally:
        for process, _ in running.values():
            stop(process)
    return result


def report(results: dict[int, dict], seconds: float) -> str:
    lines = [
        "# Benchmark: scale", "",
        "Written by `.venv/bin/python bench/scale.py` (do not edit by hand). One run, this machine "
        f"({platform.machine()}, {os.cpu_count()} cores shared with other work, Python {platform.python_version()}).",
        "Synthetic data of our shape (`bench/synthetic.py`: copies of the real data under renamed IRIs); every",
        "server on the build's N-Quads; memory is the proportional set size of the process tree (pages shared",
        "between processes count once), once answering and after the load; throughput on queries never asked",
        f"before (the 9-query mix with a counter appended), {seconds:g} s per level, clients on the same machine;",
        "\"not 200\" counts the other answers (a 503 is a query stopped at the time limit). sahel-ld runs as",
        f"behind a reverse proxy that names each client ({', '.join(f'`{d}`' for d in DEPLOYMENT)}): each bench",
        "client is a client of its own, as readers are, not one address sharing one client's caps. Servers start",
        "with their bytecode compiled, as deployed. Each sahel-ld process renders the home and browse index pages",
        "in both languages on a thread as it starts (\"rendered ahead\", the slowest process); \"home, first",
        "request\" is the first reader's, after the throughput levels.",
        "",
        "## Build and start", "",
        "| triples | sahel-ld build s | oxigraph load s | server | start to first answer s | MiB answering | MiB after load |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for size, r in results.items():
        for name, row in r["servers"].items():
            lines.append(f"| {r['triples']} | {r['build']:.1f} | {r['oxigraph_load']:.1f} | {name} | {row['start']:.2f} "
                         f"| {row['memory']:.0f} | {row['memory_after']:.0f} |")
    lines += ["", "## Uncached /sparql", "",
              "| triples | server | clients | req/s | p50 ms | p99 ms | not 200 | × oxigraph on disk | × oxigraph in memory |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size, r in results.items():
        disk, memory = r["servers"]["oxigraph serve-read-only (on disk)"], r["servers"]["oxigraph serve (in memory)"]
        for name, row in r["servers"].items():
            for n, level in row["levels"].items():
                lines.append(f"| {r['triples']} | {name} | {n} | {level['rps']:.0f} | {level['p50']:.1f} "
                             f"| {level['p99']:.1f} | {level['failed']} | {level['rps'] / disk['levels'][n]['rps']:.2f} "
                             f"| {level['rps'] / memory['levels'][n]['rps']:.2f} |")
    lines += ["", "## Pages (sahel-ld)", "",
              "| triples | server | pages rendered ahead at start s | home, first request ms | home, cached ms "
              "| /doc pages/s at 8 clients |",
              "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for size, r in results.items():
        for name, row in r["servers"].items():
            if "pages" in row:
                p = row["pages"]
                ahead = f"{p['ahead']:.1f}" if p["ahead"] is not None else "not done"
                lines.append(f"| {r['triples']} | {name} | {ahead} | {p['home_first']:.0f} | {p['home']:.1f} "
                             f"| {p['doc']:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    results = {}
    compile_bytecode()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            results[size] = measure_size(size, Path(folder), args.seconds)
        text = report(results, args.seconds)  # written after each size, so a long run keeps what it measured
        (HERE / "SCALE.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
