"""Memory against the number of query workers: does the data sit in memory once, however many read it?

Usage: ``.venv/bin/python bench/workers.py ROOT BUILD_DIR [--workers 1 4]``. For each worker count it starts
``sahel-ld serve`` on the build, has every worker scan the whole store (a count of every quad, asked with
distinct texts so each reaches a worker), then prints the process tree's proportional set size (shared pages
counted once) and resident set size (shared pages counted in every process).
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from run import BIN, free_port
from scale import first_answer, stop

SCAN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def memory(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of the process tree, in MiB."""
    pss = rss = 0
    for member in tree(pid):
        for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1])
            elif line.startswith("Rss:"):
                rss += int(line.split()[1])
    return pss / 1024, rss / 1024


def measure(root: Path, builds: Path, workers: int) -> tuple[float, float]:
    port = free_port()
    command = [str(BIN / "sahel-ld"), "serve", "--root", str(root), "--build-dir", str(builds), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={"SAHEL_LD_SPARQL_WORKERS": str(workers), "PATH": "/usr/bin:/bin"})
    import time

    try:
        first_answer(port, process, time.monotonic())
        for n in range(workers * 3):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request("GET", "/sparql?" + urlencode({"query": f"{SCAN} # {n}"}))
            connection.getresponse().read()
        return memory(process.pid)
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("builds", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    for workers in args.workers:
        pss, rss = measure(args.root, args.builds, workers)
        print(f"| {workers} | {pss:.0f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
