"""Shared fixtures: the app over the real data, a test client, and a real server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from waitress.server import create_server

from sahel_ld.config import DEFAULTS
from sahel_ld.server import server_options
from sahel_ld.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def app():
    """The app over the project's real ontology and data; its SPARQL worker processes stop at the end."""
    application = create_app({"root": str(ROOT)})
    yield application
    application.extensions["sahel_ld_sparql"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


class LiveServer:
    """A waitress server on a free loopback port, running in a background thread until the block ends."""

    def __init__(self, app) -> None:
        """``app``: the Flask app, or any WSGI callable (served with the default settings)."""
        settings = app.config["SAHEL_LD"] if hasattr(app, "config") else DEFAULTS
        options = server_options(settings) | {"host": "127.0.0.1", "port": 0}
        self.server = create_server(app, **options)
        self.port = self.server.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        # Short rounds of waitress's loop, so that stopping never closes a socket under a running select().
        while not self.stopping.is_set():
            self.server.asyncore.loop(timeout=0.1, map=self.server._map, count=1)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        for channel in list(self.server._map.values()):  # the listening socket and open connections
            channel.close()
        self.server.task_dispatcher.shutdown()


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    """The real app behind a real HTTP server on 127.0.0.1 (base URL in ``.url``)."""
    with LiveServer(app) as server:
        yield server


@contextmanager
def served(config: dict) -> Iterator[LiveServer]:
    """An app built from ``config`` behind a live server (``.url``, ``.sparql``, ``.app``); its SPARQL workers stop
    after."""
    application = create_app(config)
    try:
        with LiveServer(application) as live:
            live.sparql, live.app = live.url + "/sparql", application
            yield live
    finally:
        application.extensions["sahel_ld_sparql"].close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does: apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


ARTIFACTS = ROOT / "test-artifacts"


@contextmanager
def watched_tab(browser, base: str, *, dialogs: bool = False) -> Iterator:
    """A fresh English tab at ``base`` that records console errors (a policy violation is one) and page errors,
    and dialogs when asked; none may happen by the end of the block."""
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    if dialogs:
        tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.base, tab.problems = base, problems
    yield tab
    context.close()
    assert problems == []


def snapshot(page, name: str) -> None:
    """A full-page screenshot under test-artifacts/ for review."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
