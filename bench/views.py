"""Benchmark the view pages: how long /map, /network, /timeline and an actor page take to load with their data.

Usage: ``.venv/bin/python bench/views.py [--runs N]``. Starts ``sahel-ld serve`` on loopback, then measures
for each page: the server's answer (the HTML with the view's data in it; the first request after start-up,
which builds the data, and the median of N later ones), and in Debian's Chromium the time from navigation
until the view is drawn three ways: a first visit (new tab of a fresh private context), a new tab of a returning
reader (a profile on disk that keeps files and compiled scripts) and a link followed from the home page. The
home page, timed to its load event, is the baseline. Writes bench/views.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PAGES = ("/map", "/network", "/network?layout=lineage", "/timeline", "/doc/org/jnim")
BASELINE = "/"  # the home page, without views, timed to its load event: what any page of the site costs the browser
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
    """Milliseconds from the start of the navigation to url in page until its views are drawn (the baseline
    page: until its load event has run)."""
    page.goto(url, wait_until="load")
    if url.endswith(BASELINE):
        return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.wait_for_function(f"performance.getEntriesByName('{DRAWN}').length > 0")
    return page.evaluate(f"performance.getEntriesByName('{DRAWN}')[0].startTime")


def drawn_in_new_tab(context, url: str) -> float:
    """Milliseconds until the page's views are drawn in a new tab of a browser context."""
    page = context.new_page()
    elapsed = drawn_in(page, url)
    page.close()
    return elapsed


def first_visit(browser, url: str) -> float:
    """Milliseconds until drawn in a new tab of a fresh private context: nothing cached, nothing compiled."""
    context = browser.new_context(viewport=VIEWPORT)
    elapsed = drawn_in_new_tab(context, url)
    context.close()
    return elapsed


def drawn_from_home(page, base: str, path: str) -> float:
    """Milliseconds until the page's views are drawn when a reader follows a link to it from the home page."""
    page.goto(base + "/", wait_until="load")
    return drawn_in(page, base + path)


def measure(base: str, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    first = {path: fetch(base + path) for path in (BASELINE, *PAGES)}
    chromium = {"executable_path": "/usr/bin/chromium", "args": ["--no-sandbox"]}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch(**chromium)
        # A profile on disk, as a reader's browser has: private contexts keep no compiled scripts.
        reader = playwright.chromium.launch_persistent_context(profile, viewport=VIEWPORT, **chromium)
        for path in (BASELINE, *PAGES):
            server = [fetch(base + path) for _ in range(runs)]
            fresh = [first_visit(browser, base + path) for _ in range(runs)]
            for _ in range(3):  # the browser keeps a script's compiled code from its third load on
                drawn_in_new_tab(reader, base + path)
            cached = [drawn_in_new_tab(reader, base + path) for _ in range(runs)]
            tab = reader.new_page()
            linked = [drawn_from_home(tab, base, path) for _ in range(runs)]
            tab.close()
            with urllib.request.urlopen(base + path) as response:
                size = len(response.read())
            rows.append({"page": path, "kb": size / 1000, "first": first[path], "server": statistics.median(server),
                         "fresh": statistics.median(fresh), "cached": statistics.median(cached),
                         "linked": statistics.median(linked)})
        reader.close()
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
        "- *first visit*: from navigation until the view is drawn (the mark its script sets), in a new tab of a",
        "  fresh private browser context: every file fetched, every script compiled;",
        "- *new tab, returning*: the same in a browser profile on disk that has seen the page before (files and",
        "  compiled scripts kept, as in a reader's own browser);",
        "- *link followed*: a returning reader in an open tab follows a link from the home page;",
        f"- *baseline*: `{BASELINE}`, a page without views, timed the same ways until its load event: what the",
        "  browser spends on any page of the site; *x baseline* is each view page's figure over it.", "",
        "| page | HTML kB | first answer ms | answer ms | first visit ms (x baseline) | new tab, returning ms | link followed ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = rows[0]
    lines += [f"| `{r['page']}`{' (baseline)' if r is base else ''} | {r['kb']:.0f} | {r['first']:.0f} | "
              f"{r['server']:.1f} | " + " | ".join(f"{r[k]:.0f}" + ("" if r is base else f" ({r[k] / base[k]:.1f}x)")
                                                   for k in ("fresh", "cached", "linked")) + " |" for r in rows]
    lines += ["", "Target: a view page with its data drawn in under 300 ms. Slowest page: "
              + "; ".join(f"{what} {worst:.0f} ms ({'met' if worst < 300 else 'not met'})" for what, worst in
                          (("first visit", max(r["fresh"] for r in rows[1:])),
                           ("new tab, returning", max(r["cached"] for r in rows[1:])),
                           ("link followed", max(r["linked"] for r in rows[1:])))) + ".",
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
