"""Name search: an index of every named resource, built once per dataset version, queried as you type.

Names are English and French labels, acronyms and other names (``skos:altLabel``). Matching ignores case,
accents, apostrophes, hyphens and other punctuation, so "gsim" finds JNIM and "tombouctou" finds Timbuktu.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .namespaces import SAHEL
from .store import LoadedData

# The kinds of resource searched: the first segment of the IRI after id/ (claims, geometries and link records
# have no name of their own).
KINDS = ("org", "person", "place", "site", "event", "community", "agreement", "source", "concept")
NAME_PROPERTIES = ((SKOS.prefLabel, True), (RDFS.label, True), (SKOS.altLabel, False))
LANGUAGES = ("en", "fr")
_FOLDED = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"}
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The form names are compared in: lower case, no accents, no apostrophes, words split by single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(_FOLDED.get(c, c) for c in text if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text)).strip()


@dataclass(frozen=True)
class Name:
    """One name of a resource, with its comparison keys (spaced and without spaces)."""

    text: str
    lang: str
    preferred: bool
    key: str
    compact: str


@dataclass(frozen=True)
class Entry:
    """A searchable resource: IRI, kind, label and type label per language, every name."""

    iri: str
    kind: str
    labels: dict[str, str]
    type_iri: str | None
    type_labels: dict[str, str]
    names: tuple[Name, ...]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), self.iri)

    def type_label(self, lang: str) -> str:
        return self.type_labels.get(lang) or self.type_labels.get("en", "")


@dataclass(frozen=True)
class Hit:
    """A resource found for a query, by which of its names, and how well (0 to 100)."""

    entry: Entry
    name: Name
    score: int


# How a name matches what was typed, best first: the whole name, its beginning, a word's beginning, anywhere.
EXACT, PREFIX, WORD, INSIDE = 100, 80, 65, 45


def _match(name: Name, key: str, compact: str) -> int:
    if name.key == key or name.compact == compact:
        return EXACT
    if name.key.startswith(key) or name.compact.startswith(compact):
        return PREFIX
    if f" {key}" in f" {name.key}":
        return WORD
    return INSIDE if len(key) > 2 and key in name.key else 0


class SearchIndex:
    """Every named resource of a dataset with its names' keys; ``search`` ranks them for typed text."""

    def __init__(self, entries: list[Entry], version: str) -> None:
        self.entries, self.version = entries, version
        self.by_iri = {e.iri: e for e in entries}
        # Typing repeats the same prefixes from reader to reader: answers are kept per (text, kind, lang, limit).
        self.search = lru_cache(maxsize=4096)(self._search)

    @classmethod
    def build(cls, loaded: LoadedData) -> SearchIndex:
        """Read the names, kinds and types of every resource under ``<base>id/``."""
        space = loaded.base_iri + "id/"
        data = loaded.dataset
        entries = []
        subjects = {s for p, _ in NAME_PROPERTIES for s in data.subjects(p, None)}
        for iri in sorted(s for s in subjects if isinstance(s, URIRef) and str(s).startswith(space)):
            kind = str(iri)[len(space):].split("/", 1)[0]
            if kind not in KINDS or "#" in iri:
                continue
            names = {}
            for prop, preferred in NAME_PROPERTIES:
                for value in data.objects(iri, prop):
                    if isinstance(value, Literal) and normalise(str(value)):
                        key = normalise(str(value))
                        name = Name(str(value), value.language or "", preferred, key, key.replace(" ", ""))
                        names.setdefault((name.text, name.lang), name)
            labels = {lang: loaded.label(iri, lang) for lang in LANGUAGES}
            type_iri = _specific_type(loaded, iri)
            type_labels = {lang: loaded.label(type_iri, lang) for lang in LANGUAGES} if type_iri else {}
            entries.append(Entry(str(iri), kind, labels, str(type_iri) if type_iri else None, type_labels,
                                 tuple(names.values())))
        return cls(entries, loaded.version)

    def _search(self, text: str, kind: str | None = None, lang: str = "en", limit: int = 10) -> tuple[Hit, ...]:
        """The resources whose names match ``text`` best, each once; ties go to names in ``lang``, then short."""
        key = normalise(text)
        if not key:
            return ()
        compact = key.replace(" ", "")
        ranked = []
        for entry in self.entries:
            if kind and entry.kind != kind:
                continue
            best = None
            for name in entry.names:
                score = _match(name, key, compact)
                if score:
                    rank = (score, name.lang == lang, name.preferred, -len(name.key))
                    if best is None or rank > best[0]:
                        best = (rank, name)
            if best:
                ranked.append((best[0], entry.label(lang).casefold(), Hit(entry, best[1], best[0][0])))
        ranked.sort(key=lambda r: (tuple(-x for x in r[0]), r[1]))
        return tuple(hit for *_, hit in ranked[:limit])


def _specific_type(loaded: LoadedData, iri: URIRef) -> URIRef | None:
    """The most specific ``sahel:`` class of a resource (types are materialised up the hierarchy)."""
    data = loaded.dataset
    types = {t for t in data.objects(iri, RDF.type) if str(t).startswith(str(SAHEL))}
    specific = sorted(t for t in types if not any((o, RDFS.subClassOf, t) in data for o in types - {t}))
    return specific[0] if specific else None
