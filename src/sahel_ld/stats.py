"""Figures about the loaded dataset: triples per named graph, entities per class, claims by certainty."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import SAHEL
from .store import LoadedData

# The kinds of things a reader counts, each with all its sub-classes (materialised at load).
KINDS = ("Organisation", "Person", "Community", "Place", "Site", "Event", "Agreement", "Programme", "PeaceProcess",
         "Policy", "Count", "SourceDocument", "Claim", "WikidataLink")


def dataset_stats(loaded: LoadedData) -> dict:
    """Counts for `sahel-ld stats`, the home page and the dataset description, counted by Oxigraph."""
    store = loaded.oxigraph_store()
    in_data = "IN (" + ", ".join(f"<{g}>" for g in loaded.folder_graphs("data")) + ")"
    sizes = dict(_counts(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    graphs = {str(name): sizes.get(str(name), 0) for name in loaded.graph_names()}
    classes = _counts(store, f"""SELECT ?c (COUNT(*) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?s ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(?g {in_data}) }} }} }} GROUP BY ?c""")
    certainty = _counts(store, f"""SELECT ?o (COUNT(*) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?c ?o WHERE {{ GRAPH ?g {{ ?c a <{SAHEL.Claim}> }} GRAPH ?h {{ ?c <{SAHEL.certainty}> ?o }}
                                       FILTER(?g {in_data} && ?h {in_data}) }} }} }} GROUP BY ?o""")
    kinds = dict(_counts(store, "SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?k { "
                               + " ".join(f"<{SAHEL[kind]}>" for kind in KINDS) + " } ?s a ?k } GROUP BY ?k", union=True))
    return {
        "version": loaded.version,
        "triples": sum(graphs.values()),
        "graphs": graphs,
        "entities_by_class": dict(sorted(classes, key=lambda kv: (-kv[1], kv[0]))),
        "claims_by_certainty": dict(sorted(certainty)),
        "entities_by_kind": {kind: kinds.get(str(SAHEL[kind]), 0) for kind in KINDS},
    }


def _counts(store: ox.Store, query: str, union: bool = False) -> list[tuple[str, int]]:
    """(term, count) rows of an aggregate query: the term as text, the count as an int."""
    return [(row[0].value, int(row[1].value))
            for row in store.query(query, use_default_graph_as_union=union)]
