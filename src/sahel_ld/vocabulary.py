"""What the query page knows of the dataset's words: the classes and properties a query can use (for the editor's
completion, with their labels) and the label of every labelled resource (for the results table)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PREFIXES
from .store import LABEL_PROPERTIES, LoadedData

CERTAINTIES = ("stated", "reported", "believed", "alleged", "possible", "ostensible")  # cpt:<key>, shown as badges
CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.SymmetricProperty,
                  OWL.TransitiveProperty, RDF.Property)


def _prefixed(iri: str) -> str | None:
    """The prefixed name of an IRI when a prefix of the project covers it and the rest is a plain local name."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
            return f"{prefix}:{local}"
    return None


def terms(loaded: LoadedData, lang: str) -> list[dict[str, str]]:
    """Every class and property a query can name: declared by the ontology, aligned to, used as a predicate or
    as a type in the data; each as its prefixed name, kind and label in ``lang`` (its local name when it has
    none), sorted by name."""
    dataset, ontology = loaded.dataset, loaded.ontology_graph()
    classes = {s for t in CLASS_TYPES for s in ontology.subjects(RDF.type, t)}
    classes |= set(ontology.objects(None, RDFS.subClassOf)) | set(dataset.objects(None, RDF.type))
    properties = {s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)}
    properties |= set(ontology.objects(None, RDFS.subPropertyOf)) | set(dataset.predicates(None, None))
    found = {}
    for kind, members in (("property", properties), ("class", classes)):
        for iri in members:
            name = isinstance(iri, URIRef) and _prefixed(str(iri))
            if name:
                label = loaded.label(iri, lang)
                found[name] = {"name": name, "kind": kind, "label": "" if label == str(iri) else label}
    return sorted(found.values(), key=lambda t: t["name"].lower())


def labels(loaded: LoadedData, lang: str) -> dict[str, str]:
    """The label in ``lang`` (else English, else any) of every resource that has one, by IRI."""
    subjects = {s for p in LABEL_PROPERTIES for s in loaded.dataset.subjects(p, None) if isinstance(s, URIRef)}
    return {str(s): loaded.label(s, lang) for s in subjects}


def translations(loaded: LoadedData, lang: str) -> dict[str, str]:
    """The English label of every resource labelled in both languages, and its label in ``lang``: how the names of
    kinds, certainties and roles that queries write in English read in the reader's language."""
    found: dict[str, str] = {}
    for iri, label in labels(loaded, lang).items():
        english = loaded.label_in(URIRef(iri), "en")
        if english and loaded.label_in(URIRef(iri), lang):
            found.setdefault(english, label)
    return found
