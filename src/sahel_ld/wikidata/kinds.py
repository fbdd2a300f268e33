"""What kind of thing an entity is (person, actor, place, community) and which Wikidata classes fit each kind."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS

from ..inference import ancestors
from ..namespaces import SAHEL, WD

# Our classes, most specific kind first; an entity takes the kind of the first class it falls under.
KIND_OF_CLASS = (
    (SAHEL.Person, "person"),
    (SAHEL.Organisation, "actor"),
    (SAHEL.Place, "place"),
    (SAHEL.Community, "community"),
)

# Wikidata classes accepted for each kind, as instance of (P31) the class or, where the endpoint supports
# property paths, of a subclass of it (P31/P279*).
ACCEPTED_CLASSES: dict[str, dict[str, str]] = {
    "person": {"Q5": "human"},
    "actor": {
        "Q43229": "organization",
        "Q17149090": "armed organization",
        "Q47459": "armed forces",
        "Q17127659": "terrorist organization",
        "Q245065": "intergovernmental organization",
        "Q484652": "international organization",
        "Q645883": "military operation",
    },
    "place": {
        "Q2221906": "geographic location",
        "Q618123": "geographical feature",
        "Q56061": "administrative territorial entity",
        "Q82794": "geographic region",
        "Q6256": "country",
        "Q3624078": "sovereign state",
        "Q486972": "human settlement",
        "Q515": "city",
        "Q5119": "capital city",
        "Q532": "village",
    },
    "community": {"Q41710": "ethnic group"},
}

# Places whose coordinates stand for a point on the ground; the others (countries, regions, natural and
# cultural regions, forests) carry a representative point of an area, too far from any other to compare.
POINT_PLACES = (SAHEL.Town, SAHEL.Village, SAHEL.Commune, SAHEL.Facility)


def accepted_items(kind: str) -> list[URIRef]:
    """The Wikidata items of the classes accepted for a kind."""
    return [WD[qid] for qid in ACCEPTED_CLASSES[kind]]


def all_accepted_items() -> list[URIRef]:
    return [item for kind in ACCEPTED_CLASSES for item in accepted_items(kind)]


def kinds_of_classes(classes: set[URIRef]) -> set[str]:
    """The kinds whose accepted classes appear among ``classes``."""
    return {kind for kind in ACCEPTED_CLASSES if classes & set(accepted_items(kind))}


class Classifier:
    """Our side: the kind of an entity from its rdf:type and the ontology's subclass axioms."""

    def __init__(self, ontology) -> None:
        self.superclasses = ancestors(ontology, RDFS.subClassOf)

    def closure(self, types: set[URIRef]) -> set[URIRef]:
        """The types with every superclass the ontology gives them."""
        return set(types).union(*(self.superclasses.get(t, set()) for t in types))

    def kind(self, types: set[URIRef]) -> str | None:
        closed = self.closure(types)
        return next((kind for cls, kind in KIND_OF_CLASS if cls in closed), None)

    def is_point_place(self, types: set[URIRef]) -> bool:
        closed = self.closure(types)
        return any(cls in closed for cls in POINT_PLACES)
