"""Write the Wikidata links as readable Turtle: one block a link, sorted, with the project's prefixes."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..namespaces import PREFIXES
from .links import Link

HEADER = """\
# sahel-ld: links between the dataset's entities and Wikidata items (its own named graph).
# Each link is a direct triple (owl:sameAs for the same thing, skos:closeMatch for a broader or narrower
# item) and a sahel:WikidataLink node with its status (cpt:verified, cpt:single-source, cpt:close-match)
# and how it was established (cpt:reference-table, cpt:curator-review).
# New links come from a review file: `sahel-ld link suggest`, then `sahel-ld link apply FILE`.
# Check them against Wikidata with `sahel-ld link check`.
"""
USED_PREFIXES = ("sahel", "act", "per", "pl", "com", "src", "cpt", "prov", "skos", "owl", "wd")
LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


def term(iri: URIRef) -> str:
    """A prefixed name when one of the project's prefixes fits, else the full IRI."""
    for prefix in USED_PREFIXES:
        namespace = PREFIXES[prefix]
        if iri.startswith(namespace) and LOCAL_NAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def block(link: Link) -> str:
    """The Turtle of one link: the direct triple, then the link node."""
    lines = [
        f"{term(link.entity)} {term(link.relation)} {term(link.item)} .",
        f"<{link.node}>",
        "    a sahel:WikidataLink ;",
        f"    sahel:linkedEntity {term(link.entity)} ;",
        f"    sahel:wikidataItem {term(link.item)} ;",
        f"    sahel:linkRelation {term(link.relation)} ;",
        f"    sahel:linkStatus {term(link.status)} ;",
        f"    sahel:linkMethod {term(link.method)} ;",
    ]
    if link.source is not None:
        lines.append(f"    prov:wasDerivedFrom {term(link.source)} ;")
    if link.note:
        lines.append(f"    skos:note {Literal(link.note, lang='en').n3()} ;")
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines) + "\n"


def turtle_of(links: list[Link]) -> str:
    """The whole file: header, prefixes, then one block a link sorted by entity and item."""
    prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in USED_PREFIXES)
    ordered = sorted(links, key=lambda link: (str(link.entity), str(link.item)))
    return HEADER + "\n" + prefixes + "".join("\n" + block(link) for link in ordered)


def write_links(path: Path, links: list[Link]) -> None:
    """Replace ``path`` with the links, atomically, after checking that the Turtle parses back."""
    text = turtle_of(links)
    Graph().parse(data=text, format="turtle")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".wikidata-", suffix=".ttl.tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
