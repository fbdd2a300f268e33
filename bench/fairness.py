"""Fair share under attack: one client's explosive queries against other clients' simple ones.

Usage: ``.venv/bin/python bench/fairness.py [--seconds N]``. Starts ``sahel-ld serve`` over the project's data
on loopback with its default settings (clients are told apart by an ``X-Client`` header, as a reverse proxy's
``client_header`` would). Eight clients each send the query mix of ``bench/queries/`` one after the other, every
text made new with a counter so that no answer comes from the cache, and one reader asks for resource pages:
for N seconds alone, then N seconds while one attacking client keeps four explosive queries going (a cross
product counted to the time limit; a refused one is sent again after 0.1 s). Writes its figures into the
fairness block of bench/README.md.
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


def phase(port: int, seconds: float, attack: bool) -> dict:
    """Eight clients' simple queries and a reader's pages for ``seconds``, with or without the attacker."""
    stop = time.monotonic() + seconds
    attacks, simple, pages = Counter(), Counter(), Counter()
    victims: list[float] = []
    page_times: list[float] = []
    threads = [threading.Thread(target=attacker, args=(port, stop, attacks)) for _ in range(ATTACKS if attack else 0)]
    threads += [threading.Thread(target=victim, args=(port, stop, f"client-{n}-{attack}", victims, simple))
                for n in range(VICTIMS)]
    threads.append(threading.Thread(target=reader, args=(port, stop, page_times, pages)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"simple": percentiles(victims), "simple_statuses": simple, "pages": percentiles(page_times),
            "page_statuses": pages, "attack_statuses": attacks}


def measure(seconds: float) -> dict:
    """The two phases on one server: without the attacker (the machine's own figure), then with it."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"SAHEL_LD_CLIENT_HEADER": "X-Client", "SAHEL_LD_DUMPS_DIR": folder}
        process = subprocess.Popen([str(BIN / "sahel-ld"), "serve", "--root", str(REPO), "--port", str(port)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port, process)
            return {"quiet": phase(port, seconds, attack=False), "attacked": phase(port, seconds, attack=True)}
        finally:
            process.terminate()
            process.wait(30)


def _statuses(counts: Counter) -> str:
    return ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))


def _row(who: str, figures: dict, statuses: Counter) -> str:
    return (f"| {who} | {figures['n']} | {_statuses(statuses)} | {figures['p50']:.1f} | {figures['p95']:.1f} "
            f"| {figures['p99']:.1f} |")


def block(result: dict, seconds: float) -> str:
    quiet, attacked = result["quiet"], result["attacked"]
    simple = attacked["simple"]
    met = "met" if simple["p99"] < TARGET_MS and set(attacked["simple_statuses"]) == {200} else "missed"
    return "\n".join([
        "<!-- fairness -->",
        "## Fair share under attack",
        "",
        "Written by `.venv/bin/python bench/fairness.py` (do not edit by hand): `sahel-ld serve` with its default",
        f"settings over the project's data, on this machine ({platform.machine()}, {os.cpu_count()} cores, load "
        f"average {os.getloadavg()[0]:.1f} at the end), {seconds:g} s",
        f"per phase. Eight clients send the query mix, every text new (no answer from the cache), and one reader asks",
        f"for a resource page, first alone, then while one more client keeps {ATTACKS} explosive queries going (a",
        "four-way cross product counted until the time limit; a refused one is sent again after 0.1 s).",
        "",
        "| who | requests | statuses | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
        _row(f"{VICTIMS} clients, simple queries, no attack", quiet["simple"], quiet["simple_statuses"]),
        _row("reader, resource pages, no attack", quiet["pages"], quiet["page_statuses"]),
        _row(f"{VICTIMS} clients, simple queries, under attack", simple, attacked["simple_statuses"]),
        _row("reader, resource pages, under attack", attacked["pages"], attacked["page_statuses"]),
        f"| attacker, explosive queries | {sum(attacked['attack_statuses'].values())} | "
        f"{_statuses(attacked['attack_statuses'])} | | | |",
        "",
        f"Target: under attack, the other clients' simple queries all answered with p99 under {TARGET_MS} ms "
        f"({met}: {simple['p99']:.1f} ms;",
        f"{quiet['simple']['p99']:.1f} ms with no attack on the same machine at the same time). The attacker's "
        "refused requests are the",
        "429s of `client_queries`; its admitted queries end at `query_timeout` (503), on one worker at most, the "
        "other",
        "serving everyone else. The load average counts the other work on the machine, which moves every figure.",
        "<!-- /fairness -->",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="seconds of load per phase")
    args = parser.parse_args()
    text = block(measure(args.seconds), args.seconds)
    readme = HERE / "README.md"
    current = readme.read_text(encoding="utf-8")
    readme.write_text(BLOCK.sub(lambda _: text, current) if BLOCK.search(current) else current + "\n" + text,
                      encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
