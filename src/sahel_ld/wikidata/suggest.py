"""Propose Wikidata items for entities without a link: exact name search, plausible types, a ranked review file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from ..namespaces import WD
from .client import Endpoint
from .entities import Entity, entities, normalise
from .facts import LANGUAGES, PROLOGUE, Item, batches, fetch
from .geo import MAX_DISTANCE_KM, distance_km
from .kinds import ACCEPTED_CLASSES, Classifier
from .links import links_in

SEARCH_QUERY = PROLOGUE + """SELECT DISTINCT ?key ?item ?via WHERE {
  VALUES (?key ?name) { %s }
  VALUES ?via { rdfs:label skos:altLabel }
  ?item ?via ?name .
}"""
COLUMNS = ("decision", "score", "entity", "label", "kind", "qid", "item_label", "item_description",
           "matched", "item_types", "status", "note")


@dataclass
class Suggestion:
    """One candidate item for one entity, with the score that ranks it and why."""

    entity: Entity
    item: Item
    score: float
    matched: list[str]

    def row(self) -> dict[str, str]:
        types = sorted(str(c).removeprefix(str(WD)) for c in self.item.classes)
        return {
            "decision": "", "score": f"{self.score:.2f}", "entity": str(self.entity.iri), "label": self.entity.label,
            "kind": self.entity.kind or "", "qid": self.item.qid, "item_label": self.item.label(),
            "item_description": self.item.description(), "matched": "; ".join(self.matched),
            "item_types": " ".join(types), "status": "single-source", "note": "",
        }


def search_names(entity: Entity) -> set[str]:
    """The spellings to look up: each name as written and with straight apostrophes (Wikidata's habit)."""
    return {variant for name in entity.names for variant in (name, name.replace("’", "'"))}


def suggest(loaded, endpoint: Endpoint, limit: int = 5, batch_size: int = 20) -> list[Suggestion]:
    """Candidates for every entity without a link, best first within each entity."""
    linked = {link.entity for link in links_in(loaded.dataset)}
    unlinked = [e for e in entities(loaded, Classifier(loaded.ontology_graph())) if e.iri not in linked]
    found: dict[int, dict[URIRef, set[URIRef]]] = {}
    for batch in batches(list(enumerate(unlinked)), batch_size):
        rows = " ".join(f'("{index}" {Literal(name, lang=lang).n3()})'
                        for index, entity in batch for name in sorted(search_names(entity)) for lang in LANGUAGES)
        for row in endpoint.select(SEARCH_QUERY % rows):
            item = row.get("item")
            if isinstance(item, URIRef) and item.startswith(str(WD) + "Q"):
                found.setdefault(int(row["key"]), {}).setdefault(item, set()).add(row["via"])
    facts = fetch(endpoint, {item for candidates in found.values() for item in candidates})
    suggestions = []
    for index, candidates in sorted(found.items()):
        entity = unlinked[index]
        ranked = [s for item in candidates if (s := rank(entity, facts.items[item]))]
        ranked.sort(key=lambda s: (-s.score, int(s.item.qid[1:])))
        suggestions += ranked[:limit]
    return suggestions


def rank(entity: Entity, item: Item) -> Suggestion | None:
    """Score a candidate in [0, 1]; None when its type does not fit the entity's kind or it has gone."""
    if not item.exists or item.redirect is not None or entity.kind not in item.kinds:
        return None
    main = normalise(entity.label)
    labels = {normalise(n) for lang in LANGUAGES for n in item.labels.get(lang, [])}
    aliases = {normalise(n) for lang in LANGUAGES for n in item.aliases.get(lang, [])}
    shared = sorted(entity.keys & (labels | aliases))
    if not shared:
        return None
    if main in labels:
        score = 0.6
    elif main in aliases:
        score = 0.5
    else:
        score = 0.45 if entity.keys & labels else 0.35
    score += min(0.05 * (len(shared) - 1), 0.15)
    direct = {WD[qid] for qid in ACCEPTED_CLASSES[entity.kind]} & item.classes
    score += 0.1 if direct else 0.05
    if entity.kind == "place" and entity.point_place and entity.point and item.points:
        km = min(distance_km(entity.point, point) for point in item.points)
        score += 0.15 if km <= MAX_DISTANCE_KM else -0.4
    return Suggestion(entity, item, round(max(0.0, min(score, 1.0)), 2), shared)


def write_review(path: Path, suggestions: list[Suggestion]) -> None:
    """The review file a curator edits: one row a candidate, ``decision`` left empty."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for suggestion in suggestions:
            writer.writerow({k: v.replace("\t", " ").replace("\n", " ") for k, v in suggestion.row().items()})

