"""Check every Wikidata link against an endpoint: exists, not redirected, names match, type fits, place near."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .client import Endpoint
from .entities import Entity, describe, normalise
from .facts import Facts, Item, fetch
from .geo import MAX_DISTANCE_KM, distance_km
from .kinds import ACCEPTED_CLASSES, Classifier
from .links import Link, links_in


@dataclass
class Outcome:
    """One check of one link: passed (True), failed (False) or not applicable (None), with a reason."""

    name: str
    passed: bool | None
    detail: str


@dataclass
class LinkReport:
    link: Link
    entity: Entity
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return all(outcome.passed is not False for outcome in self.outcomes)

    def as_dict(self) -> dict:
        return {
            "entity": str(self.link.entity), "label": self.entity.label, "item": str(self.link.item),
            "qid": self.link.qid, "relation": self.link.relation_key, "status": self.link.status_key,
            "holds": self.holds,
            "checks": {o.name: {"passed": o.passed, "detail": o.detail} for o in self.outcomes},
        }


@dataclass
class CheckReport:
    endpoint: str
    reports: list[LinkReport]
    subclasses: bool
    requests: int

    @property
    def holds(self) -> bool:
        return all(report.holds for report in self.reports)

    def as_json(self) -> str:
        failing = sum(not r.holds for r in self.reports)
        document = {
            "endpoint": self.endpoint, "links": len(self.reports), "holding": len(self.reports) - failing,
            "failing": failing, "subclass_search": self.subclasses, "requests": self.requests,
            "results": [r.as_dict() for r in self.reports],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def as_text(self) -> str:
        """Failing links first with every reason, then one line a holding link, then a summary."""
        lines = []
        for report in sorted(self.reports, key=lambda r: (r.holds, str(r.link.entity))):
            link = report.link
            mark = "ok  " if report.holds else "FAIL"
            lines.append(f"{mark} {report.entity.label} <{link.entity}> {link.relation_key} "
                         f"{link.qid} ({link.status_key})")
            for outcome in report.outcomes:
                if outcome.passed is False or not report.holds:
                    flag = {True: "ok", False: "FAIL", None: "n/a"}[outcome.passed]
                    lines.append(f"       {outcome.name:9} {flag:4} {outcome.detail}")
        failing = sum(not r.holds for r in self.reports)
        lines.append("")
        if not self.subclasses:
            lines.append("note: the endpoint refused property paths; types were compared on direct P31 only")
        lines.append(f"{len(self.reports)} links checked against {self.endpoint}: "
                     f"{len(self.reports) - failing} hold, {failing} do not")
        return "\n".join(lines) + "\n"


def check_links(loaded, endpoint: Endpoint, batch_size: int = 50) -> CheckReport:
    """Ask the endpoint about every linked item and compare what it says with our data."""
    links = links_in(loaded.dataset)
    classifier = Classifier(loaded.ontology_graph())
    facts = fetch(endpoint, [link.item for link in links], batch_size)
    reports = [compare(link, describe(loaded, link.entity, classifier), facts) for link in links]
    return CheckReport(endpoint.url, reports, facts.subclasses, endpoint.requests)


def compare(link: Link, entity: Entity, facts: Facts) -> LinkReport:
    """The five checks of one link."""
    report = LinkReport(link, entity)
    asked = facts.items[link.item]
    if not asked.exists:
        report.outcomes.append(Outcome("exists", False, f"{link.qid} is not in the endpoint (deleted or never made)"))
        return report
    report.outcomes.append(Outcome("exists", True, f"{link.qid} exists"))
    item = facts.resolved(link.item)
    if item.iri != link.item:
        report.outcomes.append(Outcome("redirect", False, f"{link.qid} was merged into {item.qid}; "
                                                          f"link {item.qid} instead"))
    else:
        report.outcomes.append(Outcome("redirect", True, "not redirected"))
    report.outcomes += [_names(entity, item), _type(entity, item, facts.subclasses), _distance(entity, item)]
    return report


def _names(entity: Entity, item: Item) -> Outcome:
    shared = sorted({normalise(name) for name in item.names} & entity.keys)
    if shared:
        return Outcome("names", True, "shared name: " + ", ".join(shared))
    theirs = "; ".join(dict.fromkeys(item.names)) or "no English or French name"
    return Outcome("names", False, f"no English or French label or alias matches ours ({'; '.join(entity.names)}); "
                                   f"Wikidata has: {theirs}")


def _type(entity: Entity, item: Item, subclasses: bool) -> Outcome:
    if entity.kind is None:
        return Outcome("type", None, "no type expected for this kind of entity")
    expected = ", ".join(f"{label} ({qid})" for qid, label in ACCEPTED_CLASSES[entity.kind].items())
    how = "instance of a subclass of" if subclasses else "instance of"
    if entity.kind in item.kinds:
        return Outcome("type", True, f"plausible {entity.kind}: {how} an accepted class")
    found = ", ".join(sorted(str(c).rsplit("/", 1)[-1] for c in item.classes)) or "no P31"
    return Outcome("type", False, f"not a plausible {entity.kind}: P31 {found}; expected {how} {expected}")


def _distance(entity: Entity, item: Item) -> Outcome:
    if entity.kind != "place":
        return Outcome("distance", None, "not a place")
    if entity.point is None or not item.points:
        side = "ours" if entity.point is None else "Wikidata's"
        return Outcome("distance", None, f"no coordinates to compare ({side} missing)")
    km = min(distance_km(entity.point, point) for point in item.points)
    if not entity.point_place:
        return Outcome("distance", None, f"{km:.1f} km apart; an area's representative point, not compared")
    if km <= MAX_DISTANCE_KM:
        return Outcome("distance", True, f"{km:.1f} km apart (at most {MAX_DISTANCE_KM:g} km)")
    return Outcome("distance", False, f"{km:.1f} km apart, more than {MAX_DISTANCE_KM:g} km")
