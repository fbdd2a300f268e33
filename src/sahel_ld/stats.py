"""Figures about the loaded dataset: triples per named graph, entities per class, claims by certainty."""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import RDF

from .namespaces import SAHEL
from .store import LoadedData

# The kinds of things a reader counts, each with all its sub-classes (materialised at load).
KINDS = ("Organisation", "Person", "Community", "Place", "Site", "Event", "Agreement", "Programme", "PeaceProcess",
         "Policy", "Count", "SourceDocument", "Claim", "WikidataLink")


def dataset_stats(loaded: LoadedData) -> dict:
    """Counts for `sahel-ld stats`, the home page and the dataset description."""
    graphs = {str(name): len(loaded.dataset.graph(name)) for name in loaded.graph_names()}
    data = loaded.data_graph()
    classes = Counter(str(o) for o in data.objects(None, RDF.type))
    certainty = Counter(str(o) for c in data.subjects(RDF.type, SAHEL.Claim) for o in data.objects(c, SAHEL.certainty))
    return {
        "version": loaded.version,
        "triples": sum(graphs.values()),
        "graphs": graphs,
        "entities_by_class": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "claims_by_certainty": dict(sorted(certainty.items())),
        "entities_by_kind": {kind: len(set(loaded.dataset.subjects(RDF.type, SAHEL[kind]))) for kind in KINDS},
    }
