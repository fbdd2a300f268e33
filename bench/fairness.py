"""Fair share under attack: one client's explosive queries against other clients' simple ones.

Usage: ``.venv/bin/python bench/fairness.py [--seconds N]``. Starts ``sahel-ld serve`` over the project's data
on loopback with its default settings (clients are told apart by an ``X-Client`` header, as a reverse proxy's
``client_header`` would), then for N seconds: one attacking client keeps four explosive queries going (a
cross product counted to the time limit; a refused one is sent again after 0.1 s), eight other clients each
send the query mix of ``bench/queries/`` one after the other, every text made new with a counter so that no
answer comes from the cache, and one reader asks for resource pages. Writes its figures into the fairness
block of bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from urllib.parse import urlencode

from run import BIN, HERE, REPO, free_port, queries, wait_until_up

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ATTACKS, VICTIMS = 4, 8
TARGET_MS = 200
BLOCK = re.compile(r"<!-- fairness -->.*<!-- /fairness -->\n?", re.DOTALL)


def send(connection: http.client.HTTPConnection, path: str, client: str, accept: str = "*/*") -> int:
    connection.request("GET", path, headers={"Accept": accept, "X-Client": client})
    response = connection.getresponse()
    response.read()
    return response.status


def attacker(port: int, stop: float, statuses: Counter) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    number = 0
    while time.monotonic() < stop:
        number += 1
        status = send(connection, "/sparql?" + urlencode({"query": f"{EXPLOSIVE} # {id(statuses)} {number}"}),
                      "attacker")
        statuses[status] += 1
        if status != 200:
            time.sleep(0.1)


def victim(port: int, stop: float, name: str, latencies: list[float], statuses: Counter) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    mix, number = queries(), 0
    while time.monotonic() < stop:
        text, accept = mix[number % len(mix)]
        number += 1
        started = time.perf_counter()
        statuses[send(connection, "/sparql?" + urlencode({"query": f"{text}\n# {name} {number}"}), name, accept)] += 1
        latencies.append(time.perf_counter() - started)


def reader(port: int, stop: float, latencies: list[float], statuses: Counter) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.monotonic() < stop:
        started = time.perf_counter()
        statuses[send(connection, "/doc/org/jnim", "reader", "text/html")] += 1
        latencies.append(time.perf_counter() - started)


def percentiles(latencies: list[float]) -> dict:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"n": len(latencies), "p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def measure(seconds: float) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"SAHEL_LD_CLIENT_HEADER": "X-Client", "SAHEL_LD_DUMPS_DIR": folder}
        process = subprocess.Popen([str(BIN / "sahel-ld"), "serve", "--root", str(REPO), "--port", str(port)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port, process)
            stop = time.monotonic() + seconds
            attacks, simple, pages = Counter(), Counter(), Counter()
            victims: list[float] = []
            page_times: list[float] = []
            threads = [threading.Thread(target=attacker, args=(port, stop, attacks)) for _ in range(ATTACKS)]
            threads += [threading.Thread(target=victim, args=(port, stop, f"client-{n}", victims, simple))
                        for n in range(VICTIMS)]
            threads.append(threading.Thread(target=reader, args=(port, stop, page_times, pages)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            process.terminate()
            process.wait(30)
    return {"simple": percentiles(victims), "simple_statuses": simple, "pages": percentiles(page_times),
            "page_statuses": pages, "attack_statuses": attacks}


def block(result: dict, seconds: float) -> str:
    simple, pages = result["simple"], result["pages"]
    met = "met" if simple["p99"] < TARGET_MS and set(result["simple_statuses"]) == {200} else "missed"
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(result["attack_statuses"].items()))
    return "\n".join([
        "<!-- fairness -->",
        "## Fair share under attack",
        "",
        "Written by `.venv/bin/python bench/fairness.py` (do not edit by hand): `sahel-ld serve` with its default",
        f"settings over the project's data, on this machine ({platform.machine()}, {os.cpu_count()} cores), for "
        f"{seconds:g} s. One client keeps {ATTACKS}",
        "explosive queries going (a four-way cross product counted until the time limit); eight other clients send",
        "the query mix, every text new (no answer from the cache); one reader asks for a resource page.",
        "",
        "| who | requests | statuses | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
        f"| {VICTIMS} clients, simple queries | {simple['n']} | "
        f"{', '.join(f'{s}: {c}' for s, c in sorted(result['simple_statuses'].items()))} | {simple['p50']:.1f} | "
        f"{simple['p95']:.1f} | {simple['p99']:.1f} |",
        f"| reader, resource pages | {pages['n']} | "
        f"{', '.join(f'{s}: {c}' for s, c in sorted(result['page_statuses'].items()))} | {pages['p50']:.1f} | "
        f"{pages['p95']:.1f} | {pages['p99']:.1f} |",
        f"| attacker, explosive queries | {sum(result['attack_statuses'].values())} | {statuses} | | | |",
        "",
        f"Target: the other clients' simple queries all answered with p99 under {TARGET_MS} ms ({met}: "
        f"{simple['p99']:.1f} ms). The attacker's refused requests are the 429s of `client_queries`; its admitted",
        "queries end at `query_timeout` (503), one worker at a time, the other worker serving everyone else.",
        "<!-- /fairness -->",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30, help="seconds of load")
    args = parser.parse_args()
    text = block(measure(args.seconds), args.seconds)
    readme = HERE / "README.md"
    current = readme.read_text(encoding="utf-8")
    readme.write_text(BLOCK.sub(lambda _: text, current) if BLOCK.search(current) else current + "\n" + text,
                      encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
