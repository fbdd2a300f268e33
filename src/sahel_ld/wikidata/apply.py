"""Turn the accepted rows of a review file into links in data/wikidata.ttl; nothing is written on any error."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .entities import describe
from .kinds import Classifier
from .links import QID, STATUSES, Link, links_in, make_link
from .turtle import write_links

ACCEPT = {"accept", "accepted", "yes", "y", "x"}
IGNORE = {"", "reject", "rejected", "no", "n", "skip", "?"}
REQUIRED = ("decision", "entity", "qid")
LINKS_FILE = Path("data") / "wikidata.ttl"


@dataclass
class ApplyResult:
    added: list[Link] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ReviewFileError(Exception):
    """The review file cannot be read or lacks a required column."""


def read_review(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a review file with their line numbers."""
    try:
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file, delimiter="\t")
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise ReviewFileError(f"{path}: missing column(s) {', '.join(missing)}")
            return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    except (OSError, UnicodeDecodeError) as error:
        raise ReviewFileError(f"{path}: {error}") from None


def apply_review(loaded, review: Path) -> ApplyResult:
    """Add the accepted rows of ``review`` to the links file of the loaded dataset's root."""
    target = loaded.root / LINKS_FILE
    existing = links_in(Graph().parse(target, format="turtle")) if target.exists() else []
    result = ApplyResult()
    classifier = Classifier(loaded.ontology_graph())
    links = list(existing)
    for line, row in read_review(review):
        decision = row["decision"].lower()
        if decision in IGNORE:
            continue
        where = f"{review.name}:{line}"
        if decision not in ACCEPT:
            result.errors.append(f"{where}: decision {row['decision']!r} is neither accept nor reject")
            continue
        problem, link = _link_of(loaded, classifier, row)
        if problem:
            result.errors.append(f"{where}: {problem}")
        elif any(old.entity == link.entity and old.item == link.item for old in links):
            result.skipped.append(f"{where}: {link.entity} is already linked to {link.qid}")
        elif conflict := _conflict(links, link):
            result.errors.append(f"{where}: {conflict}")
        else:
            links.append(link)
            result.added.append(link)
    if result.added and not result.errors:
        write_links(target, links)
    return result


def _link_of(loaded, classifier: Classifier, row: dict[str, str]) -> tuple[str, Link | None]:
    """The link a row asks for, or what is wrong with the row."""
    qid, status = row["qid"], row.get("status") or "single-source"
    if not QID.match(qid):
        return f"{qid!r} is not a Wikidata item id (Q followed by digits)", None
    if status not in STATUSES:
        return f"status {status!r} is not one of {', '.join(STATUSES)}", None
    entity = URIRef(row["entity"])
    if not row["entity"].startswith(loaded.base_iri + "id/") or describe(loaded, entity, classifier).kind is None:
        return f"{row['entity']!r} is not a person, actor, place or community of the dataset", None
    note = row.get("note") or f"Proposed by a Wikidata name search (score {row.get('score') or '?'}; matched: " \
                              f"{row.get('matched') or '?'}) and accepted by a curator."
    return "", make_link(entity, qid, status, "curator-review", None, note)


def _conflict(links: list[Link], new: Link) -> str:
    """Why ``new`` cannot join ``links``: one item per entity and one entity per item under owl:sameAs."""
    if new.relation != OWL.sameAs:
        return ""
    for old in links:
        if old.relation != OWL.sameAs:
            continue
        if old.entity == new.entity:
            return f"{new.entity} is already the same as {old.qid}; remove that link before linking {new.qid}"
        if old.item == new.item:
            return f"{new.qid} is already the same as {old.entity}; two entities cannot both be {new.qid}"
    return ""
