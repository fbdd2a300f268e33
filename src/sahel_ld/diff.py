"""What changed between two versions of the data: claims, entities and links added, removed and changed.

A version is a dump file (N-Quads or TriG keep the inferred graph apart and are best; Turtle, N-Triples and
JSON-LD work too, optionally gzipped), a release folder (its N-Quads dump), a data root (a folder with ontology/
and data/) or a git revision of the repository (``HEAD~1``, a tag). Only stated triples are compared: the
ontology and the inferred graph are left out where the version keeps them apart.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import tarfile
import tempfile
import warnings
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .config import load_config
from .describe import plain
from .namespaces import BASE, PREFIXES, SAHEL, WD
from .store import LoadError, load

PARSERS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
LEFT_OUT_GRAPHS = (BASE + "graph/inferred", BASE + "graph/ontology/")
UNNAMED = ("claim/", "geometry/", "link/")
Triple = tuple[Node, Node, Node]


class VersionError(LoadError):
    """A version that cannot be read: the message says what was expected."""


@dataclass
class Version:
    """The stated triples of one version of the data, with a name to show for it."""

    name: str
    triples: set[Triple]

    def labels(self) -> dict[Node, str]:
        """An English (else any) label for each labelled node."""
        found: dict[Node, str] = {}
        for s, p, o in self.triples:
            if p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal) and (o.language == "en" or s not in found):
                found[s] = str(o)
        return found


def read_version(spec: str, repository: Path) -> Version:
    """A dump, a release folder, a data root or a git revision of ``repository``."""
    return Version(spec, {(s, p, _canonical(o)) for s, p, o in _read(spec, repository)})


def _canonical(term: Node) -> Node:
    """One spelling per value, so that a dump and the Turtle it came from compare equal (17.0000 is 17)."""
    term = plain(term)
    if isinstance(term, Literal) and isinstance(term.value, Decimal):
        return Literal(format(term.value.normalize(), "f"), datatype=term.datatype)
    return term


def _read(spec: str, repository: Path) -> set[Triple]:
    path = Path(spec)
    if path.is_file():
        return _parse_dump(path)
    if path.is_dir():
        if (path / "data").is_dir() and (path / "ontology").is_dir():
            return _root_triples(path)
        dumps = sorted(path.glob("*.nq.gz")) + sorted(path.glob("*.nq"))
        if dumps:
            return _parse_dump(dumps[0])
        raise VersionError(f"{spec}: a folder with neither data/ and ontology/ nor an N-Quads dump")
    return _revision_triples(spec, repository)


def _parse_dump(path: Path) -> set[Triple]:
    """The stated triples of a dump file, blank nodes as the dump labels them."""
    name = path.name.removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix not in PARSERS:
        raise VersionError(f"{path}: expected a dump ending in {', '.join(PARSERS)} (optionally .gz)")
    raw = path.read_bytes()
    data = gzip.decompress(raw) if path.name.endswith(".gz") else raw
    with warnings.catch_warnings():  # rdflib's TriG and JSON-LD parsers use a class it deprecates
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        if PARSERS[suffix] in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(data=data, format=PARSERS[suffix])
            return {(s, p, o) for s, p, o, g in dataset.quads((None, None, None, None))
                    if not str(getattr(g, "identifier", g)).startswith(LEFT_OUT_GRAPHS)}
        return set(Graph().parse(data=data, format=PARSERS[suffix]))


def _root_triples(root: Path) -> set[Triple]:
    loaded = load(load_config({"root": str(root), "store": "memory"}))
    return set(loaded.data_graph())


def _revision_triples(revision: str, repository: Path) -> set[Triple]:
    """The data of a git revision, read from ``git archive`` without touching the working tree."""
    done = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", revision, "ontology", "data"],
                          capture_output=True)
    if done.returncode != 0:
        raise VersionError(f"{revision}: not a file, a folder or a git revision of {repository} "
                           f"({done.stderr.decode(errors='replace').strip()})")
    with tempfile.TemporaryDirectory(prefix="sahel-ld-diff-") as folder:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(folder, filter="data")
        return _root_triples(Path(folder))


def _entities(triples: set[Triple]) -> set[URIRef]:
    space = BASE + "id/"
    return {s for s, p, _ in triples if p == RDF.type and isinstance(s, URIRef) and str(s).startswith(space)
            and not str(s)[len(space):].startswith(UNNAMED) and "#" not in s}


def _claims(triples: set[Triple]) -> set[URIRef]:
    return {s for s, p, o in triples if p == RDF.type and o == SAHEL.Claim and isinstance(s, URIRef)}


def _is_link(triple: Triple, entities: set[URIRef]) -> bool:
    """A relation between two entities, or an identity link to Wikidata."""
    s, p, o = triple
    return s in entities and p != RDF.type and (o in entities or (p in (OWL.sameAs, SKOS.closeMatch)
                                                                 and str(o).startswith(str(WD))))


def _by_subject(triples: set[Triple]) -> dict[Node, set[Triple]]:
    """Each subject's triples; a hash IRI's (``<claim>#period``) count as its document's. Triples through blank
    nodes are left out: their labels differ from one reading to the next."""
    found: dict[Node, set[Triple]] = defaultdict(set)
    for triple in triples:
        subject, _, obj = triple
        if not isinstance(subject, BNode) and not isinstance(obj, BNode):
            found[URIRef(str(subject).split("#", 1)[0])].add(triple)
    return found


def compare(old: Version, new: Version) -> dict:
    """The differences as a JSON-ready report: a summary of counts, then the lists."""
    old_entities, new_entities = _entities(old.triples), _entities(new.triples)
    entities = old_entities | new_entities
    old_links = {t for t in old.triples if _is_link(t, entities)}
    new_links = {t for t in new.triples if _is_link(t, entities)}
    old_by, new_by = _by_subject(old.triples - old_links), _by_subject(new.triples - new_links)
    labels = {**old.labels(), **new.labels()}

    def name(node: Node) -> str:
        """A label, else a prefixed name (``owl:sameAs``), else the IRI or value."""
        if node in labels:
            return labels[node]
        prefix = next((p for p, iri in PREFIXES.items() if str(node).startswith(iri) and str(node) != iri), None)
        return f"{prefix}:{str(node)[len(PREFIXES[prefix]):]}" if isinstance(node, URIRef) and prefix else str(node)

    def changed(subjects: set[URIRef]) -> list[dict]:
        rows = []
        for subject in sorted(subjects):
            before, after = old_by.get(subject, set()), new_by.get(subject, set())
            if before != after:
                properties = sorted({name(p) for _, p, _ in before ^ after})
                rows.append({"id": str(subject), "label": name(subject), "properties": properties})
        return rows

    def listed(subjects: set[URIRef]) -> list[dict]:
        return [{"id": str(s), "label": name(s)} for s in sorted(subjects)]

    def claim_text(claim: URIRef, triples: set[Triple]) -> dict:
        value = {p: o for s, p, o in triples if s == claim}
        parts = [value.get(SAHEL.subject), value.get(SAHEL.property), value.get(SAHEL.object, value.get(SAHEL.value))]
        return {"id": str(claim), "label": " · ".join(name(p) for p in parts if p is not None),
                "certainty": name(value[SAHEL.certainty]) if SAHEL.certainty in value else None}

    old_claims, new_claims = _claims(old.triples), _claims(new.triples)
    report = {
        "old": old.name, "new": new.name,
        "claims": {"added": [claim_text(c, new.triples) for c in sorted(new_claims - old_claims)],
                   "removed": [claim_text(c, old.triples) for c in sorted(old_claims - new_claims)],
                   "changed": [{**row, "label": claim_text(URIRef(row["id"]), new.triples)["label"]}
                               for row in changed(old_claims & new_claims)]},
        "entities": {"added": listed(new_entities - old_entities), "removed": listed(old_entities - new_entities),
                     "changed": changed(old_entities & new_entities)},
        "links": {"added": [_link(t, name) for t in sorted(new_links - old_links)],
                  "removed": [_link(t, name) for t in sorted(old_links - new_links)]},
    }
    report["summary"] = {kind: {change: len(rows) for change, rows in report[kind].items()}
                         for kind in ("claims", "entities", "links")}
    return report


def _link(triple: Triple, name) -> dict:
    s, p, o = triple
    return {"subject": str(s), "property": str(p), "object": str(o),
            "label": f"{name(s)} · {name(p)} · {name(o)}"}


def as_text(report: dict) -> str:
    """The report for reading: counts first, then each list."""
    lines = [f"changes from {report['old']} to {report['new']}", ""]
    for kind in ("claims", "entities", "links"):
        counts = ", ".join(f"{n} {change}" for change, n in report["summary"][kind].items())
        lines.append(f"{kind}: {counts}")
    for kind in ("claims", "entities", "links"):
        for change, rows in report[kind].items():
            if rows:
                lines += ["", f"{kind} {change}:"]
                for row in rows:
                    extra = f" ({', '.join(row['properties'])})" if row.get("properties") else ""
                    lines.append(f"  {row['label']}{extra}  <{row.get('id') or row['subject']}>")
    return "\n".join(lines) + "\n"
