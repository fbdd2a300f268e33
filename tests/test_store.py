"""Loading: a named graph per file, the union as default graph, clear errors for bad input."""

import gc
import shutil
import sys
import threading
from pathlib import Path

import pytest
from rdflib import URIRef

from sahel_ld.config import load_config
from sahel_ld.describe import describe
from sahel_ld.store import LoadError, load

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
GRAPH = "https://w3id.org/sahel-ld/graph/"


def load_root(root: Path, store: str = "oxigraph"):
    return load(load_config({"root": str(root), "store": store}))


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_each_file_is_its_own_named_graph_and_the_default_graph_is_their_union(store):
    loaded = load_root(MINI, store)
    names = {str(n) for n in loaded.graph_names()}
    assert names == {GRAPH + "ontology/mini", GRAPH + "data/orgs", GRAPH + "inferred"}
    rows = loaded.dataset.query(
        "SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/sahel-ld/id/org/beta> a ?type } }")
    assert {str(r[0]) for r in rows} == {GRAPH + "data/orgs", GRAPH + "inferred"}
    union = loaded.dataset.query("ASK { <https://w3id.org/sahel-ld/id/org/beta> "
                                 "<http://www.w3.org/ns/org#memberOf> <https://w3id.org/sahel-ld/id/org/alpha> }")
    assert union.askAnswer is True


def test_a_description_is_the_same_on_rdflibs_own_store():
    """Descriptions are evaluated by Oxigraph with either store (rdflib's engine would walk every path of the
    pattern before its filters, minutes for a well-connected resource of the real data)."""
    root = Path(__file__).resolve().parents[1]
    stores = {store: load_root(root, store) for store in ("oxigraph", "memory")}
    for path in ("org/jnim", "claim/isgs-operates-in-proximity-to-jnim", "place/kidal"):
        iri = URIRef("https://w3id.org/sahel-ld/id/" + path)
        described = {store: set(describe(loaded, iri)) for store, loaded in stores.items()}
        assert described["oxigraph"] == described["memory"] and len(described["memory"]) > 30


def test_interop_triples_are_materialised_in_the_inferred_graph():
    loaded = load_root(MINI)
    inferred = loaded.dataset.graph(loaded.inferred_graph)
    beta, alpha = URIRef("https://w3id.org/sahel-ld/id/org/beta"), URIRef("https://w3id.org/sahel-ld/id/org/alpha")
    org = "http://www.w3.org/ns/org#"
    assert (beta, URIRef(org + "memberOf"), alpha) in inferred
    assert (alpha, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(org + "Organization")) in inferred
    # symmetric property: the reverse direction is derived
    assert (alpha, URIRef("https://w3id.org/sahel-ld/def/sahel#cooperatesWith"), beta) in inferred
    claim = URIRef("https://w3id.org/sahel-ld/id/claim/beta-member-of-alpha")
    assert (claim, URIRef(org + "organization"), alpha) in inferred
    assert (claim, URIRef(org + "role"), URIRef("https://w3id.org/sahel-ld/id/concept/member")) in inferred


def test_a_syntax_error_names_the_file_and_line(mini_copy: Path):
    (mini_copy / "data" / "broken.ttl").write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"^data/broken\.ttl:3: [A-Z]\w+ "):
        load_root(mini_copy)


def test_an_unbound_prefix_names_the_file_and_line(mini_copy: Path):
    (mini_copy / "data" / "prefix.ttl").write_text("\n\nfoo:a foo:b foo:c .\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"^data/prefix\.ttl:3: .*foo"):
        load_root(mini_copy)


def test_an_empty_set_of_data_files_is_an_error(mini_copy: Path):
    for path in (mini_copy / "data").glob("*.ttl"):
        path.unlink()
    with pytest.raises(LoadError, match="no .ttl files"):
        load_root(mini_copy)


def test_the_version_changes_when_a_file_changes(mini_copy: Path):
    before = load_root(mini_copy).version
    with (mini_copy / "data" / "orgs.ttl").open("a", encoding="utf-8") as handle:
        handle.write('\nact:alpha skos:altLabel "A"@en .\n')
    assert load_root(mini_copy).version != before


def test_labels_fall_back_from_the_asked_language_to_english():
    loaded = load_root(MINI)
    beta = URIRef("https://w3id.org/sahel-ld/id/org/beta")
    assert loaded.label(beta, "fr") == "Bêta"
    assert loaded.label(beta, "de") == "Beta"
    assert loaded.label(URIRef("https://w3id.org/sahel-ld/id/org/unknown")) == "https://w3id.org/sahel-ld/id/org/unknown"


def test_an_answer_read_in_part_on_one_thread_is_freed_cleanly_on_another(monkeypatch):
    """A served page may stop reading a SELECT answer early; freeing it later elsewhere must not raise."""
    loaded = load_root(MINI)
    dropped: list = []
    monkeypatch.setattr(sys, "unraisablehook", lambda what: dropped.append(what.exc_value))

    def first_row_only():
        assert next(iter(loaded.dataset.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))) is not None
        assert loaded.data_graph().query("SELECT ?s WHERE { ?s ?p ?o }").vars

    gc.disable()
    try:
        reader = threading.Thread(target=first_row_only)
        reader.start()
        reader.join()
        gc.collect()
    finally:
        gc.enable()
    assert dropped == []
