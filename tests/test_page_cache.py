"""Pages and documents are rendered once per address, format and language, in a cache bounded in bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_ld.web import create_app
from sahel_ld.web.page_cache import PageCache

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
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
