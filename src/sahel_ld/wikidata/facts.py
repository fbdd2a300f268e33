"""What a Wikidata endpoint says about items: existence, redirects, names, types, coordinates (batched)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ..namespaces import WD
from .client import Endpoint, QueryRejected
from .geo import parse_wkt_point
from .kinds import all_accepted_items, kinds_of_classes

WDT = "http://www.wikidata.org/prop/direct/"
P31, P625 = URIRef(WDT + "P31"), URIRef(WDT + "P625")
SCHEMA = Namespace("http://schema.org/")  # Wikidata writes schema.org with http
LANGUAGES = ("en", "fr", "mul")
PROLOGUE = f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX owl: <{OWL}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX schema: <{SCHEMA}>
"""
STATUS_QUERY = PROLOGUE + """SELECT ?item ?target ?exists WHERE {
  VALUES ?item { %s }
  OPTIONAL { ?item owl:sameAs ?target }
  BIND(EXISTS { ?item ?p ?o } AS ?exists)
}"""
FACTS_QUERY = PROLOGUE + """SELECT ?item ?p ?value WHERE {
  VALUES ?item { %s }
  { VALUES ?p { rdfs:label skos:altLabel schema:description }
    ?item ?p ?value FILTER(LANG(?value) IN ("en", "fr", "mul")) }
  UNION { ?item wdt:P31 ?value BIND(wdt:P31 AS ?p) }
  UNION { ?item wdt:P625 ?value BIND(wdt:P625 AS ?p) }
}"""
SUBCLASS_QUERY = PROLOGUE + """SELECT DISTINCT ?item ?class WHERE {
  VALUES ?item { %s }
  VALUES ?class { %s }
  ?item wdt:P31/wdt:P279* ?class
}"""


@dataclass
class Item:
    """One Wikidata item as the endpoint describes it."""

    iri: URIRef
    exists: bool = False
    redirect: URIRef | None = None
    labels: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    classes: set[URIRef] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def qid(self) -> str:
        return str(self.iri).removeprefix(str(WD))

    @property
    def names(self) -> list[str]:
        """Labels then aliases, English, French and multilingual."""
        return [n for table in (self.labels, self.aliases) for lang in LANGUAGES for n in table.get(lang, [])]

    def label(self) -> str:
        return next((names[0] for lang in LANGUAGES if (names := self.labels.get(lang))), "")

    def description(self) -> str:
        return next((self.descriptions[lang] for lang in LANGUAGES if lang in self.descriptions), "")


@dataclass
class Facts:
    """The items asked about (redirect targets included) and whether P279* could be followed."""

    items: dict[URIRef, Item]
    subclasses: bool

    def resolved(self, iri: URIRef) -> Item:
        """The item, or the item it redirects to (one or two hops)."""
        item = self.items[iri]
        for _ in range(2):
            if item.redirect is None or item.redirect not in self.items:
                break
            item = self.items[item.redirect]
        return item


def batches(values: list, size: int) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _values(iris: Iterable[URIRef]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def fetch(endpoint: Endpoint, iris: Iterable[URIRef], batch_size: int = 50) -> Facts:
    """Ask the endpoint about the items and the items they redirect to, ``batch_size`` items a query."""
    items: dict[URIRef, Item] = {}
    todo = sorted(set(iris))
    for _ in range(3):  # the items, their redirect targets, the targets' targets
        todo = [iri for iri in todo if iri not in items]
        if not todo:
            break
        for batch in batches(todo, batch_size):
            _ask_status(endpoint, batch, items)
        todo = [item.redirect for item in items.values() if item.redirect is not None]
    present = sorted(iri for iri, item in items.items() if item.exists and item.redirect is None)
    for batch in batches(present, batch_size):
        _ask_facts(endpoint, batch, items)
    subclasses = True
    try:
        for batch in batches(present, batch_size):
            _ask_subclasses(endpoint, batch, items)
    except QueryRejected:
        subclasses = False
    for item in items.values():
        item.kinds |= kinds_of_classes(item.classes)
    return Facts(items, subclasses)


def _ask_status(endpoint: Endpoint, batch: list[URIRef], items: dict[URIRef, Item]) -> None:
    for iri in batch:
        items[iri] = Item(iri)
    for row in endpoint.select(STATUS_QUERY % _values(batch)):
        item = items.get(row.get("item"))
        if item is None:
            continue
        item.exists = item.exists or _true(row.get("exists"))
        target = row.get("target")
        if isinstance(target, URIRef) and target != item.iri and str(target).startswith(str(WD)):
            item.redirect = target


def _ask_facts(endpoint: Endpoint, batch: list[URIRef], items: dict[URIRef, Item]) -> None:
    for row in endpoint.select(FACTS_QUERY % _values(batch)):
        item, prop, value = items.get(row.get("item")), row.get("p"), row.get("value")
        if item is None or value is None:
            continue
        if prop == P31 and isinstance(value, URIRef):
            item.classes.add(value)
        elif prop == P625 and (point := parse_wkt_point(str(value))):
            item.points.append(point)
        elif isinstance(value, Literal) and value.language:
            lang = value.language.lower()
            if prop == RDFS.label:
                item.labels.setdefault(lang, []).append(str(value))
            elif prop == SKOS.altLabel:
                item.aliases.setdefault(lang, []).append(str(value))
            elif prop == SCHEMA.description:
                item.descriptions.setdefault(lang, str(value))


def _ask_subclasses(endpoint: Endpoint, batch: list[URIRef], items: dict[URIRef, Item]) -> None:
    for row in endpoint.select(SUBCLASS_QUERY % (_values(batch), _values(all_accepted_items()))):
        item, cls = items.get(row.get("item")), row.get("class")
        if item is not None and isinstance(cls, URIRef):
            item.kinds |= kinds_of_classes({cls})


def _true(term) -> bool:
    return isinstance(term, Literal) and str(term).lower() in ("true", "1")
