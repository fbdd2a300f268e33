"""What the map, the network and the timeline draw, built from the rows of the ``view-*`` saved queries.

Each builder takes a ``Source``: the rows of a saved query by name (what ``/queries/<name>.json`` answers,
values as text), the names of resources in the reader's language and the address a resource links to. The
shapes of the results are the data formats of ``web/static/views/*.js``; the web layer caches them per
dataset version and language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import RDF, URIRef

from .namespaces import SAHEL
from .store import LoadedData

Row = dict[str, str]
SOURCES = {
    "map": ("view-places", "view-areas", "view-sites", "view-events", "view-relations"),
    "network": ("view-actors", "view-relations", "view-changes"),
    "timeline": ("view-events", "view-actors", "view-relations", "view-changes"),
}
STATED = "stated"
# An area of operation is drawn around a place's representative point: a country as its borders, smaller
# places as a circle whose radius (metres) says roughly how large such a place is.
AREA_RADIUS = {"Region": 150_000, "Province": 90_000, "NaturalRegion": 120_000, "CulturalRegion": 90_000,
               "Forest": 40_000}
TOWN_RADIUS = 20_000
PERIOD_KINDS = ("membership", "leadership")  # the timeline's own groups; other periods are 'relation'
MEMBERSHIP = ("memberOf", "componentOf", "branchOf")


@dataclass
class Source:
    """Where a view's data comes from: saved-query rows, labels in the reader's language, links."""

    rows: Callable[[str], list[Row]]
    loaded: LoadedData
    lang: str
    link: Callable[[str], str]
    words: dict[str, str]

    def label(self, iri: str) -> str:
        """The name of a resource in the reader's language (English, then the IRI, when it has none)."""
        return self.loaded.label(URIRef(iri), self.lang)

    def quoted_rows(self, name: str) -> list[Row]:
        """A saved query's rows, those that differ only in their quotes (a claim supported by several passages
        of the text) made one, the passages joined by " … " in a stable order."""
        merged: dict[tuple, tuple[Row, dict[str, set[str]]]] = {}
        for row in self.rows(name):
            key = tuple(sorted((k, v) for k, v in row.items() if not k.lower().endswith("quote")))
            passages = merged.setdefault(key, (dict(row), {}))[1]
            for column, value in row.items():
                if column.lower().endswith("quote"):
                    passages.setdefault(column, set()).add(value)
        for row, passages in merged.values():
            row.update({column: " … ".join(sorted(values)) for column, values in passages.items()})
        return [row for row, _ in merged.values()]


def local(iri: str) -> str:
    """The local name of an IRI (``sahel:Town`` -> ``Town``, ``cpt:stated`` -> ``stated``)."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def certainty(iri: str | None) -> dict:
    """A claim's certainty as the views read it: its key and whether it is hedged."""
    key = local(iri) if iri else None
    return {"certainty": key, "hedged": key is not None and key != STATED}


def weaker(*iris: str | None) -> str | None:
    """The less certain of several certainties (a hedged one before stated)."""
    hedged = [i for i in iris if i and local(i) != STATED]
    return hedged[0] if hedged else next((i for i in iris if i), None)


def _entity(source: Source, iri: str) -> dict:
    """A resource as the views name it: IRI, name in the reader's language, page."""
    return {"id": iri, "label": source.label(iri), "href": source.link(iri)}


def _link(source: Source, actor: str, how: str | None, claim_certainty: str | None, quote: str | None = None) -> dict:
    """An actor tied to a feature, with the relation's words, certainty and quote."""
    text = source.label(actor) + (f" · {source.label(how)}" if how else "")
    return {"actor": actor, "text": text, "href": source.link(actor), **certainty(claim_certainty), "quote": quote}


def coalitions(source: Source) -> dict[str, set]:
    """The members (and components and branches) of each actor that has some."""
    members: dict[str, set] = defaultdict(set)
    for row in source.quoted_rows("view-relations"):
        if local(row["property"]) in MEMBERSHIP:
            members[row["target"]].add(row["source"])
    return members


def _actor_choices(source: Source, actors: set[str]) -> list[dict]:
    """The actors a view's actor filter offers, each with its coalition's members, by name."""
    members = coalitions(source)
    return sorted(({"id": a, "label": source.label(a), "members": sorted(members.get(a, ()))} for a in actors),
                  key=lambda a: a["label"].casefold())


def map_data(source: Source) -> dict:
    """Places, bases, events and areas of operation, and the places without coordinates listed apart."""
    places = {r["place"]: r for r in source.rows("view-places")}
    links: dict[str, list] = defaultdict(list)
    for row in source.quoted_rows("view-areas"):
        links[row["place"]].append(_link(source, row["actor"], row["property"], row["certainty"], row.get("quote")))
    features: list[dict] = []
    unplaced: dict[str, dict] = {}

    def spot(place: str) -> dict | None:
        row = places.get(place)
        return {"lat": float(row["lat"]), "long": float(row["long"])} if row and "lat" in row else None

    def kind_of(kind_iri: str) -> dict:
        return {"kind": local(kind_iri), "kindLabel": source.label(kind_iri)}

    def listed_apart(place: str) -> dict:
        if place not in unplaced:
            unplaced[place] = {**_entity(source, place), **kind_of(places[place]["kind"]), "links": list(links[place])}
        return unplaced[place]

    for place, row in places.items():
        where = spot(place)
        if where is None:
            listed_apart(place)
            continue
        features.append({**_entity(source, place), "layer": "place", **where, **kind_of(row["kind"]),
                         "links": links[place]})
        if links[place]:
            kind = local(row["kind"])
            shape = ({"shape": "country", "country": source.loaded.label(URIRef(place), "en")} if kind == "Country"
                     else {"shape": "circle", "radius": AREA_RADIUS.get(kind, TOWN_RADIUS)})
            features.append({**_entity(source, place), "layer": "area", **where, **kind_of(row["kind"]), **shape,
                             "links": links[place]})
    features += _sites(source, spot)
    for event in _events(source).values():
        for place, (claim_certainty, quote) in event["places"].items():
            where = spot(place)
            common = {**_entity(source, event["id"]), "kind": event["kind"], "kindLabel": event["kindLabel"],
                      "date": event["date"]}
            if where is None:
                listed_apart(place)["links"].append({**_link(source, event["id"], None, claim_certainty, quote),
                                                     "actor": None, "event": event["id"], "actors": event["actors"],
                                                     "involved": event["links"]})
                continue
            features.append({**common, "layer": "event", **where, **certainty(claim_certainty), "quote": quote,
                             "links": event["links"]})
    tied = [link for item in [*features, *unplaced.values()] for link in item["links"]]
    actors = {a for link in tied for a in [link["actor"], *link.get("actors", [])] if a}
    return {"features": features, "unplaced": sorted(unplaced.values(), key=lambda u: u["label"].casefold()),
            "actors": _actor_choices(source, actors), "sources": SOURCES["map"]}


def _sites(source: Source, spot: Callable[[str], dict | None]) -> list[dict]:
    """One feature per base or headquarters, at its place, with the organisations that have it."""
    sites: dict[str, dict] = {}
    for row in source.quoted_rows("view-sites"):
        where = spot(row["place"])
        if where is None:
            continue
        site = sites.setdefault(row["site"], {
            **_entity(source, row["site"]), "layer": "site", **where, "kind": local(row["kind"]),
            "kindLabel": source.label(row["kind"]), **certainty(row.get("certainty")), "quote": row.get("quote"),
            "links": []})
        if "holder" in row:
            site["links"].append(_link(source, row["holder"], row["property"], row["holderCertainty"],
                                       row.get("holderQuote")))
    return list(sites.values())


def _events(source: Source) -> dict[str, dict]:
    """Every event once: kind, date, places (with their claims' certainty and quote), actors with roles."""
    events: dict[str, dict] = {}
    for row in source.quoted_rows("view-events"):
        event = events.setdefault(row["event"], {
            **_entity(source, row["event"]), "kind": local(row["kind"]), "kindLabel": source.label(row["kind"]),
            "date": row.get("date"), **certainty(row.get("dateCertainty")), "places": {}, "links": [],
            "actors": []})
        if "place" in row:
            event["places"][row["place"]] = (row.get("certainty"), row.get("quote"))
        if "actor" in row and not any(link["actor"] == row["actor"] and link["role"] == row["role"]
                                      for link in event["links"]):
            event["links"].append({**_link(source, row["actor"], row["role"], row["actorCertainty"]),
                                   "role": row["role"]})
            if row["actor"] not in event["actors"]:
                event["actors"].append(row["actor"])
    return events


def _actors(source: Source) -> dict[str, Row]:
    """The rows of ``view-actors`` by actor."""
    return {r["actor"]: r for r in source.rows("view-actors")}


def _edges(source: Source) -> list[dict]:
    """One edge per relation claim, then the lineage the organisational changes give (newer to older)."""
    edges = []
    for row in source.quoted_rows("view-relations"):
        edges.append({"id": row["claim"], "source": row["source"], "target": row["target"],
                      "href": source.link(row["claim"]), "kind": row["edgeKind"], "property": local(row["property"]),
                      "label": source.label(row["property"]), **certainty(row["certainty"]),
                      "quote": row.get("quote"), "start": row.get("start"), "end": row.get("end"),
                      "date": row.get("date")})
    claimed = {(e["source"], e["target"]) for e in edges if e["kind"] == "lineage"}
    for row in source.rows("view-changes"):
        if (row["newer"], row["older"]) in claimed:
            continue
        claimed.add((row["newer"], row["older"]))
        edges.append({"id": f"{row['event']}#{local(row['older'])}-{local(row['newer'])}", "source": row["newer"],
                      "target": row["older"], "href": source.link(row["event"]), "kind": "lineage",
                      "property": "change", "label": source.words["views_came_from"],
                      **certainty(weaker(row["olderCertainty"], row["newerCertainty"])), "quote": None,
                      "start": None, "end": None, "date": row.get("date")})
    return edges


def network_data(source: Source) -> dict:
    """Actors as nodes (with the date an organisation came into being, when the data gives one), relation
    claims and organisational changes as edges."""
    actors = _actors(source)
    edges = [e for e in _edges(source) if e["source"] in actors and e["target"] in actors]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    acronym = "acronym" + source.lang.capitalize()  # acronymEn, acronymFr
    nodes = [{**_entity(source, a), "short": actors[a].get(acronym, ""), "kind": actors[a]["kind"],
              "category": local(actors[a]["sourceCategory"]) if "sourceCategory" in actors[a] else "",
              "founded": actors[a].get("founded")}
             for a in sorted(used)]
    return {"nodes": nodes, "edges": edges, "sources": SOURCES["network"]}


def timeline_data(source: Source) -> dict:
    """Dated events, relations with a period and operations as items; the rest listed as undated."""
    items, undated = [], []
    for event in _events(source).values():
        item = {key: event[key] for key in ("id", "label", "href", "kind", "certainty", "hedged", "actors")}
        item.update(kind="event", type=event["kind"], typeLabel=event["kindLabel"])
        if event["date"]:
            items.append({**item, "start": event["date"], "end": None})
        else:
            undated.append(item)
    edges = _edges(source)
    for edge in edges:
        if edge["kind"] == "lineage" or not (edge["start"] or edge["end"]):
            continue
        kind = edge["kind"] if edge["kind"] in PERIOD_KINDS else "relation"
        items.append({"id": edge["id"], "href": edge["href"], "kind": kind, "type": kind,
                      "typeLabel": source.words[f"views_group_{kind}"],
                      "label": f"{source.label(edge['source'])} · {edge['label']} · {source.label(edge['target'])}",
                      "start": edge["start"], "end": edge["end"], "certainty": edge["certainty"],
                      "hedged": edge["hedged"], "actors": [edge["source"], edge["target"]]})
    items += _operations(source, edges, undated)
    dates = [d for i in items for d in (i["start"], i["end"]) if d]
    actors = {a for i in items + undated for a in i["actors"]}
    types = {(i["type"], i["typeLabel"]) for i in items + undated}
    return {"items": sorted(items, key=lambda i: (i["start"] or i["end"], i["label"])),
            "undated": sorted(undated, key=lambda i: i["label"].casefold()),
            "horizon": max(dates)[:4] if dates else None, "actors": _actor_choices(source, actors),
            "types": [{"id": t, "label": label} for t, label in sorted(types, key=lambda t: t[1].casefold())],
            "sources": SOURCES["timeline"]}


def _operations(source: Source, edges: list[dict], undated: list[dict]) -> list[dict]:
    """Military operations and missions over the period the data gives them: from the first dated
    statement about them to the change that ended them; those without a date go to ``undated``."""
    items = []
    ends = {e["target"]: e["date"] or e["start"] for e in edges
            if e["kind"] == "lineage" and e["property"] in ("change", "succeeded") and (e["date"] or e["start"])}
    starts: dict[str, list] = defaultdict(list)
    for edge in edges:
        if edge["start"] or edge["date"]:
            starts[edge["source"]].append(edge["start"] or edge["date"])
    for actor, row in _actors(source).items():
        if row.get("operation") != "true":
            continue
        item = {**_entity(source, actor), "kind": "operation", "type": "operation",
                "typeLabel": source.words["views_group_operation"], "certainty": None, "hedged": False,
                "actors": [actor]}
        start, end = min(starts[actor], default=None), ends.get(actor)
        if start or end:
            items.append({**item, "start": start, "end": end})
        else:
            undated.append(item)
    return items


BUILDERS: dict[str, Callable[[Source], dict]] = {"map": map_data, "network": network_data, "timeline": timeline_data}


def focus(view: str, data: dict, iri: str) -> dict:
    """The part of a view about one resource: a place, an actor or an event (its page's mini-view)."""
    data = {key: value for key, value in data.items() if key != "actors"}  # the filter's choices: not needed
    if view == "network":
        edges = [e for e in data["edges"] if iri in (e["source"], e["target"])]
        used = {iri} | {e["source"] for e in edges} | {e["target"] for e in edges}
        return {**data, "nodes": [n for n in data["nodes"] if n["id"] in used], "edges": edges}

    def about(feature: dict) -> bool:
        return feature["id"] == iri or any(iri in (link.get("actor"), link.get("event"), *link.get("actors", ()))
                                           for link in feature["links"])

    at = {(f["lat"], f["long"]) for f in data["features"] if f["id"] == iri}
    return {**data, "features": [f for f in data["features"] if about(f) or (f["lat"], f["long"]) in at
                                 and f["layer"] != "area"],
            "unplaced": [u for u in data["unplaced"] if about(u)]}


def involved(data: dict, event: str) -> list[dict]:
    """The actors an event of the map involves, with their roles (from its marker, or from the list of
    places without coordinates when it happened at one)."""
    for feature in data["features"]:
        if feature["id"] == event:
            return feature["links"]
    return next((link["involved"] for u in data["unplaced"] for link in u["links"] if link.get("event") == event), [])


def mini_views(loaded: LoadedData, iri: URIRef) -> dict[str, bool]:
    """Which mini-views a resource's page shows: a map for places, actors and events, a network for actors."""
    types = set(loaded.dataset.objects(iri, RDF.type))
    actor = SAHEL.Organisation in types or SAHEL.Person in types or SAHEL.Community in types
    return {"map": actor or SAHEL.Place in types or SAHEL.Event in types or SAHEL.Site in types, "network": actor}
