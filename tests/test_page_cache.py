"""Pages and documents are rendered once per address, format and language, in a cache bounded in bytes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sahel_ld.web import create_app, home
from sahel_ld.web.i18n import LANGUAGES
from sahel_ld.web.page_cache import WARM_PATHS, PageCache, warm

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parents[1]
HTML = {"Accept": "text/html"}


def test_a_body_is_rendered_once_and_the_least_recently_used_go_first_when_bytes_run_out():
    cache, rendered = PageCache(max_bytes=100), []

    def render(name: str):
        rendered.append(name)
        return name * 40

    assert cache.get(("a",), lambda: render("a")) == b"a" * 40
    assert cache.get(("a",), lambda: render("a")) == b"a" * 40
    cache.get(("b",), lambda: render("b"))
    cache.get(("a",), lambda: render("a"))  # a is now the most recently used
    cache.get(("c",), lambda: render("c"))  # 120 bytes: b goes
    assert rendered == ["a", "b", "c"] and cache.size == 80
    cache.get(("b",), lambda: render("b"))
    assert rendered == ["a", "b", "c", "b"]


def test_a_body_larger_than_the_cache_is_served_but_not_kept():
    cache = PageCache(max_bytes=10)
    assert cache.get(("big",), lambda: "x" * 11) == b"x" * 11
    assert cache.size == 0 and not cache.items


def test_requests_for_a_page_being_rendered_wait_for_that_body_instead_of_rendering_it_again():
    cache, started, release, rendered = PageCache(max_bytes=1000), threading.Event(), threading.Event(), []

    def slow():
        rendered.append(1)
        started.set()
        release.wait(5)
        return "page"

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.get, ("home",), slow)
        started.wait(5)
        others = [pool.submit(cache.get, ("home",), slow) for _ in range(3)]
        time.sleep(0.1)
        assert not any(o.done() for o in others)  # they wait for the first rendering
        release.set()
        assert {first.result(5), *(o.result(5) for o in others)} == {b"page"}
    assert rendered == [1] and not cache.rendering


def test_a_failed_rendering_fails_its_waiters_and_the_next_request_renders_again():
    cache, started, release = PageCache(max_bytes=1000), threading.Event(), threading.Event()

    def broken():
        started.set()
        release.wait(5)
        raise LookupError("no such page")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get, ("p",), broken)
        started.wait(5)
        waiter = pool.submit(cache.get, ("p",), broken)
        time.sleep(0.1)
        release.set()
        for future in (first, waiter):
            with pytest.raises(LookupError):
                future.result(5)
    assert cache.get(("p",), lambda: "now") == b"now" and not cache.rendering


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    app = create_app({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("d")), "sparql_workers": 1})
    yield app.test_client()
    app.extensions["sahel_ld_sparql"].close()


def test_cached_pages_keep_languages_formats_and_query_strings_apart(web):
    english = web.get("/doc/org/jnim", headers=HTML).get_data(as_text=True)
    french = web.get("/doc/org/jnim", headers={**HTML, "Accept-Language": "fr"}).get_data(as_text=True)
    chosen = web.get("/doc/org/jnim?lang=fr", headers=HTML).get_data(as_text=True)
    turtle = web.get("/doc/org/jnim", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert english != french and 'lang="fr"' in french
    assert chosen.count("?lang=fr") > french.count("?lang=fr")  # links keep a language asked for in the address
    assert turtle.startswith("@prefix")
    assert web.get("/doc/org/jnim", headers=HTML).get_data(as_text=True) == english
    assert web.get("/doc/org/jnim", headers={"Accept": "text/turtle"}).get_data(as_text=True) == turtle


def test_the_home_page_is_cached_per_language(web):
    english, french = web.get("/").get_data(as_text=True), web.get("/?lang=fr").get_data(as_text=True)
    assert english != french
    assert web.get("/").get_data(as_text=True) == english
    assert web.get("/?lang=fr").get_data(as_text=True) == french


def test_a_server_renders_its_costly_pages_and_views_in_every_language_before_anyone_asks(tmp_path, monkeypatch):
    assert set(WARM_PATHS) == {"/", "/browse/", "/map.json", "/network.json"}
    app = create_app({"root": str(ROOT), "dumps_dir": str(tmp_path), "sparql_workers": 1})  # the real data's views
    try:
        warm(app)
        kept = {(key[1], key[2]) for key in app.extensions["sahel_ld_pages"].items}
        assert kept == {(path + "?", lang) for path in ("/", "/browse/") for lang in LANGUAGES}
        views = {(key[1], key[2]) for key in app.extensions["sahel_ld_views"]}
        assert views == {(view, lang) for view in ("map", "network") for lang in LANGUAGES}

        def not_again():
            raise AssertionError("rendered a second time")

        monkeypatch.setattr(home, "_render", not_again)
        client = app.test_client()
        for lang in ("en", "fr", "fr-FR,fr;q=0.9"):
            page = client.get("/", headers={**HTML, "Accept-Language": lang})
            assert page.status_code == 200 and ("Parcourir" in page.get_data(as_text=True)) == lang.startswith("fr")
    finally:
        app.extensions["sahel_ld_sparql"].close()
