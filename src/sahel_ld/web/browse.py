"""Browse pages: ``/browse/`` lists the kinds of entity, ``/browse/<kind>`` lists one kind in readable groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from flask import Blueprint, Flask, Response, abort, render_template
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import CONCEPT, SAHEL
from ..store import LABEL_PROPERTIES, LoadedData, best_label
from . import dataset, once
from .i18n import format_date, reader_language, translate
from .page_cache import cached
from .resource_view import containers, display_label, shown_label

bp = Blueprint("browse", __name__)
CATEGORY_ORDER = (CONCEPT.jihadist, CONCEPT["non-jihadist"], CONCEPT["foreign-actor"])
# Each kind: the classes whose members it lists.
KINDS: dict[str, tuple[URIRef, ...]] = {
    "organisations": (SAHEL.Organisation,),
    "people": (SAHEL.Person,),
    "places": (SAHEL.Place,),
    "events": (SAHEL.Event,),
    "communities": (SAHEL.Community,),
    "agreements": (SAHEL.Agreement, SAHEL.PeaceProcess, SAHEL.Programme, SAHEL.PeaceProcessBody),
    "policies": (SAHEL.Policy,),
    "sites": (SAHEL.Site,),
}
AFFILIATIONS = (SAHEL.headOf, SAHEL.memberOf)


def members(loaded: LoadedData, kind: str) -> set[URIRef]:
    """The entities of a kind (types are materialised up the class hierarchy, so subclasses count)."""
    return {s for cls in KINDS[kind] for s in loaded.dataset.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def rows_by_iri(loaded: LoadedData, iris: Iterable[Node], lang: str) -> dict[Node, dict]:
    """Entities as listed, keyed by IRI: IRI, label in the reader's language, acronyms, most specific type.

    Their labels and types are read with one query however many entities there are (a listing at a million
    triples holds thousands).
    """
    iris = set(iris)
    labels, names, types = defaultdict(list), defaultdict(set), defaultdict(set)
    for subject, predicate, value in _facts(loaded, sorted(i for i in iris if isinstance(i, URIRef))):
        if predicate == RDF.type:
            types[subject].add(value)
        elif predicate == SKOS.altLabel:
            names[subject].add(str(value))
        else:
            labels[subject].append((LABEL_PROPERTIES.index(predicate), value))
    type_label = _TypeLabels(loaded, lang)
    found = {}
    for iri in iris:
        candidates = [value for _, value in sorted(labels[iri], key=lambda pair: pair[0]) if isinstance(value, Literal)]
        label = shown_label(iri, best_label(candidates, lang, str(iri)))
        found[iri] = {"iri": str(iri), "label": label, "type": type_label(types[iri]),
                      "acronyms": sorted(n for n in names[iri] if n.isupper() and " " not in n and n != label)}
    return found


def rows(loaded: LoadedData, iris: Iterable[Node], lang: str) -> list[dict]:
    """Entities as listed, sorted by label."""
    return by_label(rows_by_iri(loaded, iris, lang).values())


def by_label(listed: Iterable[dict]) -> list[dict]:
    """Listed entities by label, entities of the same label by IRI (the same order on every run)."""
    return sorted(listed, key=lambda r: (r["label"].casefold(), r["iri"]))


def _facts(loaded: LoadedData, iris: list[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
    """(entity, property, value) for the entities' labels, other names and ``sahel:`` types asserted in a data
    file (not inferred), labels in the order the properties and the store give them."""
    if not iris:
        return ()
    graphs = " ".join(g.n3() for g in loaded.folder_graphs("data"))
    label_properties = " ".join(p.n3() for p in (*LABEL_PROPERTIES, SKOS.altLabel))
    query = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(i.n3() for i in iris)} }} "
             f"{{ VALUES ?p {{ {label_properties} }} ?s ?p ?o }} UNION "
             f"{{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s a ?o }} BIND({RDF.type.n3()} AS ?p) "
             f"FILTER(STRSTARTS(STR(?o), {Literal(str(SAHEL)).n3()})) }} }}")
    return loaded.dataset.query(query)


class _TypeLabels:
    """The label of the most specific of some types (none a super-class of another), asked once per set."""

    def __init__(self, loaded: LoadedData, lang: str) -> None:
        self.loaded, self.lang, self.known = loaded, lang, {}

    def __call__(self, types: set[Node]) -> str:
        key = frozenset(types)
        if key not in self.known:
            subclass = self.loaded.dataset
            specific = [t for t in types if not any((o, RDFS.subClassOf, t) in subclass for o in types - {t})]
            self.known[key] = ", ".join(sorted(display_label(self.loaded, t, self.lang) for t in specific))
        return self.known[key]


def _grouped(items: Iterable[tuple[str | None, dict]], none_label: str, order: Callable = str.casefold) -> list:
    """(heading, rows) pairs: headings in ``order``, entities without one last, rows by label."""
    found: dict[str | None, list[dict]] = defaultdict(list)
    for heading, item in items:
        found[heading].append(item)
    keys = sorted((k for k in found if k is not None), key=order) + ([None] if None in found else [])
    return [(k if k is not None else none_label, by_label(found[k])) for k in keys]


def actors_by_category(loaded: LoadedData, lang: str) -> list[dict]:
    """Organisations grouped by their source category, in the source's order of parts."""
    groups: dict[URIRef, set] = defaultdict(set)
    for actor, category in loaded.dataset.subject_objects(SAHEL.category):
        groups[category].add(actor)
    order = [c for c in CATEGORY_ORDER if c in groups] + sorted(set(groups) - set(CATEGORY_ORDER))
    found = rows_by_iri(loaded, set().union(*groups.values()), lang)
    return [{"iri": str(c), "label": loaded.label(c, lang), "actors": by_label(found[a] for a in groups[c])}
            for c in order]


def organisations(loaded: LoadedData, lang: str) -> list[dict]:
    """By source category, then by type."""
    sections = [{"heading": c["label"], "iri": c["iri"], "actors": c["actors"]}
                for c in actors_by_category(loaded, lang)]
    categorised = {URIRef(a["iri"]) for s in sections for a in s["actors"]}
    rest = rows(loaded, members(loaded, "organisations") - categorised, lang)
    if rest:
        sections.append({"heading": translate("no_category", lang), "iri": None, "actors": rest})
    return [{"heading": s["heading"], "iri": s["iri"],
             "groups": _grouped(((a["type"], a) for a in s["actors"]), "")} for s in sections]


def people(loaded: LoadedData, lang: str) -> list[dict]:
    """Every person with the organisations they lead or belong to."""
    persons, orgs = members(loaded, "people"), defaultdict(set)
    for prop in AFFILIATIONS:
        for person, org in loaded.dataset.subject_objects(prop):
            if person in persons:
                orgs[person].add(org)
    found = rows_by_iri(loaded, persons.union(*orgs.values()), lang)
    result = [{**found[p], "related": by_label(found[o] for o in orgs[p])} for p in persons]
    return [{"heading": None, "iri": None, "groups": [("", by_label(result))]}]


def places(loaded: LoadedData, lang: str) -> list[dict]:
    """By country, then by the region a place lies in; a place within several countries is under each."""
    sections: dict[str, list] = defaultdict(list)
    countries, regions = (set(loaded.dataset.subjects(RDF.type, cls)) for cls in (SAHEL.Country, SAHEL.Region))
    chains = {place: [place, *containers(loaded, place)] for place in members(loaded, "places")}
    found = rows_by_iri(loaded, {c for chain in chains.values() for c in chain}, lang)
    for place, chain in chains.items():
        for country in [c for c in chain if c in countries] or [None]:
            region = next((r for r in chain if r in regions and (country is None or country in chains.get(r, ()))),
                          None)
            heading = found[country]["label"] if country is not None else ""
            group = "" if place == country else found[region]["label"] if region is not None else None
            sections[heading].append((group, found[place]))
    ordered = sorted(k for k in sections if k) + ([""] if "" in sections else [])
    return [{"heading": k or translate("no_country", lang), "iri": None,
             "groups": _grouped(sections[k], translate("no_region", lang))} for k in ordered]


def events(loaded: LoadedData, lang: str) -> list[dict]:
    """By year, in date order; undated events last."""
    items, happened = [], members(loaded, "events")
    dates = {event: loaded.dataset.value(event, SAHEL.date) for event in happened}
    where = {event: set(loaded.dataset.objects(event, SAHEL.location)) for event in happened}
    found = rows_by_iri(loaded, happened.union(*where.values()), lang)
    for event, date in dates.items():
        item = {**found[event], "date": format_date(date, lang) if date is not None else "",
                "sort": str(date or ""), "related": by_label(found[o] for o in where[event])}
        items.append((str(date)[:4] if date is not None else None, item))
    groups = _grouped(items, translate("undated", lang))
    for _, listed in groups:
        listed.sort(key=lambda r: (r["sort"], r["label"].casefold(), r["iri"]))
    return [{"heading": None, "iri": None, "groups": groups}]


def by_type(kind: str) -> Callable[[LoadedData, str], list[dict]]:
    """A listing grouped by type only."""
    def listing(loaded: LoadedData, lang: str) -> list[dict]:
        items = rows(loaded, members(loaded, kind), lang)
        return [{"heading": None, "iri": None, "groups": _grouped(((r["type"], r) for r in items), "")}]
    return listing


LISTINGS: dict[str, Callable[[LoadedData, str], list[dict]]] = {
    "organisations": organisations, "people": people, "places": places, "events": events,
    "communities": by_type("communities"), "agreements": by_type("agreements"), "policies": by_type("policies"),
    "sites": by_type("sites"),
}


def kind_counts() -> list[tuple[str, int]]:
    """How many entities each kind holds, in the kinds' order, counted by the store once."""
    return once("sahel_ld_kind_counts", lambda: [(kind, _count(dataset(), classes)) for kind, classes in KINDS.items()])


def _count(loaded: LoadedData, classes: tuple[URIRef, ...]) -> int:
    query = (f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {' '.join(c.n3() for c in classes)} }} "
             "?s a ?c FILTER(isIRI(?s)) }")
    return int(next(iter(loaded.dataset.query(query)))[0])


@bp.get("/browse/")
def index():
    return _html(cached("html", lambda: render_template("browse.html", counts=kind_counts())))


@bp.get("/browse/<kind>")
def listing(kind: str):
    if kind not in LISTINGS:
        abort(404, description=f"no list of {kind}; see /browse/ for the kinds of entity")
    return _html(cached("html", lambda: _render(kind)))


def _render(kind: str) -> str:
    sections = LISTINGS[kind](dataset(), reader_language())
    return render_template("browse_kind.html", kind=kind, sections=sections, counts=kind_counts(),
                           total=dict(kind_counts())[kind])


def _html(body: bytes) -> Response:
    return Response(body, content_type="text/html; charset=utf-8")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
