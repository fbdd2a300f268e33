"""Benchmark the view pages: how long /map, /network, /timeline and an actor page take to load with their data.

Usage: ``.venv/bin/python bench/views.py [--runs N]``. Starts ``sahel-ld serve`` on loopback, then measures
for each page: the server's answer (the HTML with the view's data in it; the first request after start-up,
which builds the data, and the median of N later ones), and in Debian's Chromium the time from navigation
until the view is drawn three ways: a new tab of a fresh browser profile (every file fetched), a new tab with
the files cached, and a link followed from the home page in an open tab (files cached). Writes bench/views.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PAGES = ("/map", "/network", "/network?layout=lineage", "/timeline", "/doc/org/jnim")
# The views' scripts mark the moment they have drawn (performance.mark), in milliseconds since navigation.
DRAWN = "sahel-views-drawn"
VIEWPORT = {"width": 1200, "height": 900}



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> float:
    """Milliseconds to fetch a whole answer."""
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
    return (time.perf_counter() - start) * 1000


def drawn_in(page, url: str) -> float:
    """Milliseconds from the start of the navigation to url in page until its views are drawn."""
    page.goto(url, wait_until="load")
    page.wait_for_function(f"performance.getEntriesByName('{DRAWN}').length > 0")
    return page.evaluate(f"performance.getEntriesByName('{DRAWN}')[0].startTime")


def drawn_after(browser, url: str, context=None) -> float:
    """Milliseconds until the page's views are drawn in a new tab (of a fresh profile unless context is given)."""
    own = context is None
    context = context or browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    elapsed = drawn_in(page, url)
    page.close()
    if own:
        context.close()
    return elapsed


def drawn_from_home(page, base: str, path: str) -> float:
    """Milliseconds until the page's views are drawn when a reader follows a link to it from the home page."""
    page.goto(base + "/", wait_until="load")
    return drawn_in(page, base + path)


def measure(base: str, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    first = {path: fetch(base + path) for path in PAGES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for path in PAGES:
            server = [fetch(base + path) for _ in range(runs)]
            fresh = [drawn_after(browser, base + path) for _ in range(runs)]
            context = browser.new_context(viewport=VIEWPORT)
            drawn_after(browser, base + path, context)
            cached = [drawn_after(browser, base + path, context) for _ in range(runs)]
            tab = context.new_page()
            linked = [drawn_from_home(tab, base, path) for _ in range(runs)]
            context.close()
            with urllib.request.urlopen(base + path) as response:
                size = len(response.read())
            rows.append({"page": path, "kb": size / 1000, "first": first[path], "server": statistics.median(server),
                         "fresh": statistics.median(fresh), "cached": statistics.median(cached),
                         "linked": statistics.median(linked)})
        browser.close()
    return rows


def write(rows: list[dict], runs: int) -> None:
    load = os.getloadavg()[0]
    lines = [
        "# Benchmark: view pages", "",
        "Written by `.venv/bin/python bench/views.py` (do not edit by hand). One run on this machine "
        f"({platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
        f"{platform.python_version()}, load average {load:.1f} when it ended), `sahel-ld serve` on loopback, "
        f"Debian's Chromium headless, median of {runs} loads.", "",
        "- *first answer*: the first request after start-up, which builds the view's data from the saved queries;",
        "- *answer*: later requests (the data is kept per dataset version and language);",
        "- *drawn, fresh*: from navigation until the view is drawn (the mark its script sets), every file fetched;",
        "- *new tab, fresh*: from navigation until the view is drawn (the mark its script sets), in a new tab of a",
        "  fresh browser profile, every file fetched;",
        "- *new tab, cached*: the same with the scripts and styles in the browser's cache;",
        "- *link followed*: a reader in an open tab follows a link from the home page (files cached).", "",
        "| page | HTML kB | first answer ms | answer ms | new tab, fresh ms | new tab, cached ms | link followed ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| `{r['page']}` | {r['kb']:.0f} | {r['first']:.0f} | {r['server']:.1f} | {r['fresh']:.0f} | "
              f"{r['cached']:.0f} | {r['linked']:.0f} |" for r in rows]
    lines += ["", "Target: a view page with its data drawn in under 300 ms. Slowest page: "
              + "; ".join(f"{what} {worst:.0f} ms ({'met' if worst < 300 else 'not met'})" for what, worst in
                          (("new tab, fresh", max(r["fresh"] for r in rows)),
                           ("new tab, cached", max(r["cached"] for r in rows)),
                           ("link followed", max(r["linked"] for r in rows)))) + ".",
              "Other work on the machine moves every figure between runs.", ""]
    (HERE / "views.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([str(BIN / "sahel-ld"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        rows = measure(f"http://127.0.0.1:{port}", args.runs)
    finally:
        server.terminate()
        server.wait(timeout=10)
    write(rows, args.runs)
    print((HERE / "views.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
