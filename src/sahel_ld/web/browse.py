"""Browse pages: ``/browse/`` lists the kinds of entity, ``/browse/<kind>`` lists one kind in readable groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from flask import Blueprint, Flask, abort, render_template
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import CONCEPT, SAHEL
from ..store import LoadedData
from . import dataset
from .i18n import format_date, reader_language, translate
from .resource_view import containers, display_label

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


def row(loaded: LoadedData, iri: Node, lang: str, **extra) -> dict:
    """An entity as listed: IRI, label in the reader's language, acronyms, most specific type, extra fields."""
    label = display_label(loaded, iri, lang)
    names = {str(a) for a in loaded.dataset.objects(iri, SKOS.altLabel)}
    return {"iri": str(iri), "label": label, "type": _type(loaded, iri, lang),
            "acronyms": sorted(n for n in names if n.isupper() and " " not in n and n != label), **extra}


def rows(loaded: LoadedData, iris: Iterable[Node], lang: str) -> list[dict]:
    """Entities as listed, sorted by label."""
    return sorted((row(loaded, i, lang) for i in iris), key=lambda r: r["label"].casefold())


def _type(loaded: LoadedData, iri: Node, lang: str) -> str:
    """The label of the most specific ``sahel:`` type asserted in the data."""
    data = {g for g, path in loaded.files.items() if path.relative_to(loaded.root).parts[0] == "data"}
    types = {t for _, _, t, g in loaded.dataset.quads((iri, RDF.type, None, None))
             if _name(g) in data and str(t).startswith(str(SAHEL))}
    specific = [t for t in types if not any((o, RDFS.subClassOf, t) in loaded.dataset for o in types - {t})]
    return ", ".join(sorted(display_label(loaded, t, lang) for t in specific))


def _name(graph) -> Node:
    """The name of a graph as rdflib's quads give it (a Graph or its identifier)."""
    return getattr(graph, "identifier", graph)


def _grouped(items: Iterable[tuple[str | None, dict]], none_label: str, order: Callable = str.casefold) -> list:
    """(heading, rows) pairs: headings in ``order``, entities without one last, rows by label."""
    found: dict[str | None, list[dict]] = defaultdict(list)
    for heading, item in items:
        found[heading].append(item)
    keys = sorted((k for k in found if k is not None), key=order) + ([None] if None in found else [])
    return [(k if k is not None else none_label, sorted(found[k], key=lambda r: r["label"].casefold()))
            for k in keys]


def actors_by_category(loaded: LoadedData, lang: str) -> list[dict]:
    """Organisations grouped by their source category, in the source's order of parts."""
    groups: dict[URIRef, set] = defaultdict(set)
    for actor, category in loaded.dataset.subject_objects(SAHEL.category):
        groups[category].add(actor)
    order = [c for c in CATEGORY_ORDER if c in groups] + sorted(set(groups) - set(CATEGORY_ORDER))
    return [{"iri": str(c), "label": loaded.label(c, lang), "actors": rows(loaded, groups[c], lang)} for c in order]


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
    result = []
    for person in members(loaded, "people"):
        orgs = {o for p in AFFILIATIONS for o in loaded.dataset.objects(person, p)}
        result.append(row(loaded, person, lang, related=rows(loaded, orgs, lang)))
    return [{"heading": None, "iri": None, "groups": [("", sorted(result, key=lambda r: r["label"].casefold()))]}]


def places(loaded: LoadedData, lang: str) -> list[dict]:
    """By country, then by the region a place lies in."""
    sections: dict[str, list] = defaultdict(list)
    for place in members(loaded, "places"):
        chain = [place, *containers(loaded, place)]
        country = next((c for c in chain if (c, RDF.type, SAHEL.Country) in loaded.dataset), None)
        region = next((c for c in chain if (c, RDF.type, SAHEL.Region) in loaded.dataset), None)
        item = row(loaded, place, lang)
        heading = display_label(loaded, country, lang) if country is not None else ""
        group = "" if place == country else display_label(loaded, region, lang) if region is not None else None
        sections[heading].append((group, item))
    ordered = sorted(k for k in sections if k) + ([""] if "" in sections else [])
    return [{"heading": k or translate("no_country", lang), "iri": None,
             "groups": _grouped(sections[k], translate("no_region", lang))} for k in ordered]


def events(loaded: LoadedData, lang: str) -> list[dict]:
    """By year, in date order; undated events last."""
    items = []
    for event in members(loaded, "events"):
        date = loaded.dataset.value(event, SAHEL.date)
        where = {o for o in loaded.dataset.objects(event, SAHEL.location)}
        item = row(loaded, event, lang, date=format_date(date, lang) if date is not None else "",
                   sort=str(date or ""), related=rows(loaded, where, lang))
        items.append((str(date)[:4] if date is not None else None, item))
    groups = _grouped(items, translate("undated", lang))
    for _, listed in groups:
        listed.sort(key=lambda r: (r["sort"], r["label"].casefold()))
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


def kind_counts(loaded: LoadedData) -> list[tuple[str, int]]:
    """How many entities each kind holds, in the kinds' order."""
    return [(kind, len(members(loaded, kind))) for kind in KINDS]


@bp.get("/browse/")
def index():
    return render_template("browse.html", counts=kind_counts(dataset()))


@bp.get("/browse/<kind>")
def listing(kind: str):
    if kind not in LISTINGS:
        abort(404, description=f"no list of {kind}; see /browse/ for the kinds of entity")
    sections = LISTINGS[kind](dataset(), reader_language())
    return render_template("browse_kind.html", kind=kind, sections=sections, counts=kind_counts(dataset()),
                           total=len(members(dataset(), kind)))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
