"""Browse pages: the kinds of entity with their counts, and each kind listed in readable groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_ld.web import create_app
from sahel_ld.web.browse import KINDS, members

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    app = create_app({"root": str(PAGES), "dumps_dir": str(tmp_path_factory.mktemp("dumps"))})
    yield app.test_client()
    app.extensions["sahel_ld_sparql"].close()


def page(client, path: str) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_browse_index_links_every_kind_with_its_count(web):
    text = page(web, "/browse/")
    for kind in KINDS:
        assert f'href="/browse/{kind}"' in text
    assert 'href="/browse/organisations">Organisations</a>\n    <span class="count">4</span>' in text


def test_browse_is_linked_from_the_navigation_and_the_home_page(web):
    text = page(web, "/")
    assert text.count('href="/browse/"') == 2
    assert 'href="/browse/organisations"' in text


def test_organisations_are_grouped_by_source_category_then_type(web):
    text = page(web, "/browse/organisations")
    headings = [text.index(f">{c}</a></h2>") for c in ("Jihadist", "Non-jihadist", "Foreign actor")]
    assert headings == sorted(headings)
    jihadist = text[headings[0]:headings[1]]
    assert "<h3>coalition</h3>" in jihadist and "<h3>faction</h3>" in jihadist
    assert 'href="/doc/org/jnim">Group for the Support of Islam and Muslims</a>' in jihadist
    assert "Katibat Sèrma &lt;script&gt;" in jihadist and "<script>" not in text


def test_people_are_listed_with_the_organisations_they_lead(web):
    text = page(web, "/browse/people")
    person = text[text.index('href="/doc/person/iyad-ag-ghali"'):]
    assert person.index('href="/doc/org/jnim"') < person.index("</li>")


def test_places_are_grouped_by_country(web):
    text = page(web, "/browse/places")
    assert 'href="/doc/place/aguelhok">Aguelhok</a>' in text and "town" in text


def test_events_are_listed_by_year_with_date_and_place(web):
    text = page(web, "/browse/events")
    assert "<h2>2019</h2>" in text
    row = text[text.index('<span class="date">January 2019</span>'):]
    assert row.index('href="/doc/event/aguelhok-attack-2019"') < row.index('href="/doc/place/aguelhok"')


def test_browse_pages_follow_the_reader_language(web):
    text = page(web, "/browse/events?lang=fr")
    assert '<html lang="fr">' in text and "Événements" in text and "janvier 2019" in text
    assert 'href="/doc/event/aguelhok-attack-2019?lang=fr"' in text


def test_unknown_kind_is_a_404_page(web):
    response = web.get("/browse/weapons", headers=HTML)
    assert response.status_code == 404 and "<h1>404" in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", KINDS)
def test_every_entity_of_the_real_data_is_listed_under_its_kind(client, app, kind):
    text = page(client, f"/browse/{kind}")
    loaded = app.extensions["sahel_ld"]
    missing = [str(i) for i in members(loaded, kind)
               if f'href="/doc/{str(i)[len(loaded.base_iri) + 3:]}"' not in text]
    assert members(loaded, kind) and missing == []


def test_a_listing_reads_types_without_merging_the_data_graph_per_entity(web, monkeypatch):
    from sahel_ld.store import LoadedData

    def refuse(self):
        raise AssertionError("the data graph is merged for each listed entity")

    monkeypatch.setattr(LoadedData, "data_graph", refuse)
    text = page(web, "/browse/people?merge-check")
    assert 'href="/doc/person/iyad-ag-ghali"' in text
