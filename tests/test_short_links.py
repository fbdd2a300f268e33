"""Short links /q/<id>: hash-addressed, the same text always the same link, kept in memory or in a folder across
restarts, with a length and a count limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_ld.short_links import ID, Full, LinkStore, TooLong, link_id
from sahel_ld.web import create_app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def test_the_id_is_a_hash_of_the_text():
    assert link_id("ASK {}") == link_id("ASK {}") != link_id("ASK { }")
    assert ID.match(link_id("ASK {}"))


@pytest.mark.parametrize("in_folder", [False, True])
def test_a_store_keeps_texts_within_its_limits(tmp_path, in_folder):
    store = LinkStore(tmp_path / "links" if in_folder else None, max_length=20, max_count=2)
    first = store.put("ASK {}")
    assert store.put("ASK {}") == first and store.get(first) == "ASK {}"
    store.put("ASK { ?s ?p ?o }")
    with pytest.raises(Full):
        store.put("SELECT * {}")
    with pytest.raises(TooLong, match="at most 20 characters"):
        store.put("SELECT * WHERE { ?s ?p ?o }")
    assert store.get("aaaaaaaaaaaa") is None and store.get("../../etc/passwd") is None


def test_a_folder_keeps_links_across_restarts_and_holds_only_whole_files(tmp_path):
    folder = tmp_path / "links"
    key = LinkStore(folder, 100, 10).put("ASK { ?s ?p ?o }")
    assert sorted(p.name for p in folder.iterdir()) == [key + ".rq"]
    again = LinkStore(folder, 100, 10)
    assert again.get(key) == "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links")
    application = create_app({"root": str(FIXTURE), "short_links_dir": str(folder), "short_link_max_length": 200,
                              "short_links_max_count": 3})
    yield application
    application.extensions["sahel_ld_sparql"].close()


def test_making_and_opening_a_short_link(app):
    client = app.test_client()
    text = "SELECT ?s WHERE { ?s a ?type } LIMIT 3"
    made = client.post("/q", data={"query": text})
    assert made.status_code == 201
    url = made.get_json()["url"]
    assert url == "/q/" + link_id(text) and made.headers["Location"].endswith(url)
    page = client.get(url, headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '"run": true' in page.get_data(as_text=True)
    raw = client.get(url + ".rq")
    assert raw.mimetype == "application/sparql-query" and raw.get_data(as_text=True) == text


def test_short_link_refusals_say_why(app):
    client = app.test_client()
    assert client.post("/q", data={}).status_code == 400
    too_long = client.post("/q", data={"query": "ASK {} #" + "x" * 300}, headers={"Accept": "application/json"})
    assert too_long.status_code == 413 and "at most 200 characters" in too_long.get_json()["detail"]
    assert client.get("/q/aaaaaaaaaaaa").status_code == 404
    assert client.get("/q/" + link_id("ASK {}") + ".txt").status_code == 404
    for n in range(4):
        last = client.post("/q", data={"query": f"ASK {{}} # {n}"})
    assert last.status_code == 507 and "use the long link" in last.get_data(as_text=True)
