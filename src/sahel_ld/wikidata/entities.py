"""Our side of a link: an entity's kind, its names in English and French, and its coordinates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import WGS84
from .kinds import Classifier

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
LANGUAGES = ("en", "fr", None)
# Apostrophes, quotes and dashes that differ between sources but not in meaning.
FOLDED = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(name: str) -> str:
    """A name folded for comparison: no accents, no case, punctuation and spacing reduced to single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.translate(FOLDED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare.replace("'", "")).split())


@dataclass
class Entity:
    """What the link check and the suggestions need to know about one of our entities."""

    iri: URIRef
    kind: str | None
    label: str
    names: list[str]
    point: tuple[float, float] | None
    point_place: bool

    @property
    def keys(self) -> set[str]:
        """The normalised names."""
        return {normalise(name) for name in self.names} - {""}


def describe(loaded, iri: URIRef, classifier: Classifier) -> Entity:
    """Our entity as the checks see it (kind None when it has no type of a known kind)."""
    dataset = loaded.dataset
    types = {t for t in dataset.objects(iri, RDF.type) if isinstance(t, URIRef)}
    names: list[str] = []
    for prop in NAME_PROPERTIES:
        for name in dataset.objects(iri, prop):
            if isinstance(name, Literal) and name.language in LANGUAGES and str(name) not in names:
                names.append(str(name))
    lat, lon = dataset.value(iri, WGS84.lat), dataset.value(iri, WGS84.long)
    point = (float(lat), float(lon)) if lat is not None and lon is not None else None
    return Entity(iri, classifier.kind(types), loaded.label(iri, "en"), names, point, classifier.is_point_place(types))


def entities(loaded, classifier: Classifier) -> list[Entity]:
    """Every entity of the data that has a kind, sorted by IRI."""
    subjects = {s for s in loaded.data_graph().subjects(RDF.type, None) if isinstance(s, URIRef)}
    described = (describe(loaded, iri, classifier) for iri in sorted(subjects))
    return [entity for entity in described if entity.kind]
