"""The federation recipes: saved queries not run here, that join our links with a Wikidata endpoint elsewhere."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from fixtures.wikidata.servers import OxigraphServer

from sahel_ld.queries import read_query

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Path(__file__).resolve().parent / "fixtures" / "wikidata" / "project"
RECIPES = sorted((ROOT / "queries").glob("federation-*.rq"))
WIKIDATA_SERVICE = "SERVICE <https://query.wikidata.org/sparql>"


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="module")
def our_store() -> pyoxigraph.Store:
    """The fixture project in a store of the kind a user would run the recipes in."""
    store = pyoxigraph.Store()
    for path in [*PROJECT.glob("*/*.ttl"), ROOT / "ontology" / "wikidata-links.ttl"]:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def run(store: pyoxigraph.Store, recipe: str, endpoint: str) -> list[dict[str, str]]:
    """Run a recipe with its Wikidata SERVICE pointed at ``endpoint``."""
    text = read_query(ROOT / "queries" / recipe).text.replace(WIKIDATA_SERVICE, f"SERVICE <{endpoint}>")
    return [{name: solution[name].value for name in ("entity", "place", "item", "name", "descriptionEn",
                                                      "wikidataPoint", "lat") if solution[name] is not None}
            for solution in store.query(text)]


def test_there_are_recipes():
    assert len(RECIPES) >= 3


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.stem)
def test_each_recipe_is_a_saved_query_tagged_not_to_be_run_here(path):
    query = read_query(path)
    assert "federation" in query.tags and not query.runnable
    assert WIKIDATA_SERVICE in query.text
    assert "your own SPARQL client" in query.description


def test_descriptions_join_confirmed_links_only(our_store, wikidata):
    rows = run(our_store, "federation-wikidata-descriptions.rq", wikidata.url)
    assert rows == [{"entity": "https://w3id.org/sahel-ld/id/org/jnim",
                     "item": "http://www.wikidata.org/entity/Q900001",
                     "descriptionEn": "jihadist coalition in the Sahel"}]


def test_names_bring_other_languages(our_store, wikidata):
    rows = run(our_store, "federation-wikidata-names.rq", wikidata.url)
    assert [row["name"] for row in rows] == ["جماعة نصرة الإسلام والمسلمين"]


def test_places_set_our_coordinates_beside_wikidatas(our_store, wikidata):
    rows = run(our_store, "federation-wikidata-places.rq", wikidata.url)
    assert {(row["place"].rsplit("/", 1)[-1], row["lat"], row["wikidataPoint"]) for row in rows} == {
        ("gao", "16.2666", "Point(1.0 16.27)"), ("segou", "13.4317", "Point(-6.2600 13.4400)")}
