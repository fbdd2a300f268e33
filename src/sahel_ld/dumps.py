"""Write the whole dataset as Turtle, N-Triples, JSON-LD, TriG and N-Quads, each also gzipped.

Output is deterministic: the same input gives the same bytes. Lines and subjects are sorted, blank
nodes get labels computed from their surroundings, gzip headers carry no time stamp. Turtle, N-Triples
and JSON-LD hold the union of the named graphs; TriG and N-Quads keep the graphs apart.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .describe import plain
from .namespaces import PREFIXES, bind_prefixes
from .store import LoadedData

STEM = "sahel-ld"
CHECKSUMS = "SHA256SUMS"
Quad = tuple[Node, Node, Node, URIRef]


@dataclass(frozen=True)
class DumpFile:
    """One written file with what a download page and the dataset description say about it."""

    name: str
    size: int
    sha256: str


def canonical_quads(loaded: LoadedData) -> list[Quad]:
    """Every quad of every named graph, blank nodes relabelled, sorted."""
    quads = [(s, p, plain(o), g) for g in loaded.graph_names() for s, p, o in loaded.dataset.graph(g)]
    quads = _relabel_blank_nodes(quads)
    return sorted(set(quads), key=lambda q: tuple(t.n3() for t in q))


def _relabel_blank_nodes(quads: list[Quad]) -> list[Quad]:
    """Name each blank node by a hash of what surrounds it, so labels do not depend on the store.

    Signatures are refined until they split the blank nodes no further: a difference at the head of a long
    RDF list has to travel down the whole list before the list's identical-looking tails tell apart.
    """
    blanks = {t for q in quads for t in (q[0], q[2]) if isinstance(t, BNode)}
    if not blanks:
        return quads
    signature = dict.fromkeys(blanks, "")
    distinct = 1
    while True:
        def key(term: Node) -> str:
            return signature[term] if term in signature else term.n3()

        parts: dict[Node, list[str]] = defaultdict(list)
        for s, p, o, g in quads:
            if s in signature:
                parts[s].append(f"> {p.n3()} {key(o)} {g.n3()}")
            if o in signature:
                parts[o].append(f"< {key(s)} {p.n3()} {g.n3()}")
        signature = {b: hashlib.sha256("\n".join([signature[b], *sorted(parts[b])]).encode()).hexdigest()
                     for b in blanks}
        if len(set(signature.values())) == distinct:
            break
        distinct = len(set(signature.values()))
    names: dict[Node, BNode] = {}
    taken: dict[str, int] = defaultdict(int)
    for blank in sorted(blanks, key=lambda b: signature[b]):
        short = signature[blank][:16]
        names[blank] = BNode(f"b{short}n{taken[short]}")
        taken[short] += 1
    return [tuple(names.get(t, t) for t in q) for q in quads]


def _graph(triples: Iterable[tuple]) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for triple in triples:
        graph.add(triple)
    return graph


def _sorted_lines(text: str) -> bytes:
    return "".join(sorted({line + "\n" for line in text.splitlines() if line.strip()})).encode("utf-8")


def _turtle(quads: list[Quad]) -> bytes:
    return _graph(q[:3] for q in quads).serialize(format="turtle", encoding="utf-8")


def _ntriples(quads: list[Quad]) -> bytes:
    return _sorted_lines(_graph(q[:3] for q in quads).serialize(format="nt"))


def _by_graph(quads: list[Quad]) -> dict[URIRef, list[Quad]]:
    groups: dict[URIRef, list[Quad]] = defaultdict(list)
    for quad in quads:
        groups[quad[3]].append(quad)
    return dict(sorted(groups.items()))


def _nquads(quads: list[Quad]) -> bytes:
    lines = []
    for name, members in _by_graph(quads).items():
        for line in _graph(q[:3] for q in members).serialize(format="nt").splitlines():
            if line.strip():
                lines.append(f"{line[:-1].rstrip()} {name.n3()} .")
    return _sorted_lines("\n".join(lines))


def _trig(quads: list[Quad]) -> bytes:
    out = [f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in sorted(PREFIXES.items())]
    for name, members in _by_graph(quads).items():
        body = _graph(q[:3] for q in members).serialize(format="turtle")
        statements = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix")).strip()
        out.append(f"\n{name.n3()} {{\n{statements}\n}}\n")
    return "".join(out).encode("utf-8")


def _jsonld(quads: list[Quad]) -> bytes:
    context = dict(sorted(PREFIXES.items()))
    text = _graph(q[:3] for q in quads).serialize(format="json-ld", context=context, auto_compact=True)
    return (json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _sorted_json(value, key: str = ""):
    """Sort JSON-LD arrays (order carries no meaning there), except the contents of ``@list``."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


WRITERS: dict[str, Callable[[list[Quad]], bytes]] = {
    "ttl": _turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
    "trig": _trig,
    "nq": _nquads,
}


def dump_names() -> list[str]:
    """The names of the files a dump holds, checksums last."""
    return [n for suffix in WRITERS for n in (f"{STEM}.{suffix}", f"{STEM}.{suffix}.gz")] + [CHECKSUMS]


def write_dumps(loaded: LoadedData, folder: Path) -> list[DumpFile]:
    """Write every format, its gzip and ``SHA256SUMS`` into ``folder``; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    quads = canonical_quads(loaded)
    written = []
    for suffix, writer in WRITERS.items():
        data = writer(quads)
        written.append(_write(folder, f"{STEM}.{suffix}", data))
        written.append(_write(folder, f"{STEM}.{suffix}.gz", gzip.compress(data, compresslevel=9, mtime=0)))
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in sorted(written, key=lambda f: f.name))
    written.append(_write(folder, CHECKSUMS, sums.encode("ascii")))
    return written


def _write(folder: Path, name: str, data: bytes) -> DumpFile:
    """Write through a temporary file so a reader never sees half a dump."""
    partial = folder / f".{name}.partial"
    partial.write_bytes(data)
    os.replace(partial, folder / name)
    return DumpFile(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def cmd_dump(args) -> int:
    """``sahel-ld dump DIR``: load the dataset and write every dump file into DIR."""
    from .config import config_from_args
    from .store import load

    for dump in write_dumps(load(config_from_args(args)), Path(args.directory)):
        print(f"{dump.size:10d}  {dump.sha256}  {dump.name}")
    return 0


def register(subparsers, common) -> None:
    """Add ``dump`` to the command line."""
    parser = subparsers.add_parser(
        "dump", parents=[common], help="write the dataset as Turtle, N-Triples, JSON-LD, TriG and N-Quads",
        description="Write the whole dataset into DIRECTORY as Turtle, N-Triples and JSON-LD (the union of the "
                    "named graphs), TriG and N-Quads (graphs kept apart), each also gzipped, and SHA256SUMS. "
                    "The same input always gives the same bytes.")
    parser.add_argument("directory", help="folder to write into (created if missing)")
    parser.set_defaults(func=cmd_dump)
