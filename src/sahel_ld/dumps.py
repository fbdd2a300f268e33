"""Write the whole dataset as Turtle, N-Triples, JSON-LD, TriG and N-Quads, each also gzipped.

Output is deterministic: the same input gives the same bytes. Quads are sorted before Oxigraph's writers
(linear in the size) see them, line formats are sorted by line, blank nodes keep the labels the load gave
them from their surroundings, gzip headers carry no time stamp. Turtle, N-Triples and JSON-LD hold the
union of the named graphs; TriG and N-Quads keep the graphs apart. Turtle and TriG declare every prefix of
the project's table. Every file name carries the dataset's version (``sahel-ld-1.0.0.ttl``); ``SHA256SUMS``
lists them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .release import dataset_version
from .store import LoadedData

STEM = "sahel-ld"
CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class DumpFile:
    """One written file with what a download page and the dataset description say about it."""

    name: str
    size: int
    sha256: str


def _order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return str(quad.subject), str(quad.predicate), str(quad.object), str(quad.graph_name)


def canonical_quads(loaded: LoadedData) -> list[ox.Quad]:
    """Every quad of every named graph as Oxigraph terms, sorted by subject, predicate, object, graph."""
    store = loaded.oxigraph_store()
    quads = {q for g in loaded.graph_names() for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    return sorted(quads, key=_order)


def _union(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The triples of every graph, each once, in the quads' order."""
    return list(dict.fromkeys(q.triple for q in quads))


def _sorted_lines(data: bytes) -> bytes:
    return b"".join(sorted({line + b"\n" for line in data.splitlines() if line.strip()}))


def _turtle(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(_union(quads), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _ntriples(quads: list[ox.Quad]) -> bytes:
    return _sorted_lines(ox.serialize(_union(quads), format=ox.RdfFormat.N_TRIPLES))


def _nquads(quads: list[ox.Quad]) -> bytes:
    return _sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _trig(quads: list[ox.Quad]) -> bytes:
    by_graph = sorted(quads, key=lambda q: (str(q.graph_name), *_order(q)[:3]))
    return ox.serialize(by_graph, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


def _jsonld(quads: list[ox.Quad]) -> bytes:
    """Expanded JSON-LD, one node object per subject in the sorted triples' order, indented as ``json.dumps``
    indents the whole array; each node is written by Oxigraph and indented alone, so that no Python object
    tree of the whole dataset is ever built."""
    nodes = [json.dumps(node, indent=1, ensure_ascii=False).replace("\n", "\n ")
             for _, triples in groupby(_union(quads), key=lambda triple: triple.subject)
             for node in json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))]
    return (("[\n " + ",\n ".join(nodes) + "\n]" if nodes else "[]") + "\n").encode()


WRITERS: dict[str, Callable[[list[ox.Quad]], bytes]] = {
    "ttl": _turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
    "trig": _trig,
    "nq": _nquads,
}


def versioned_stem(loaded: LoadedData) -> str:
    """``sahel-ld-<version>``, the version the dataset description gives, each character other than a letter, a
    digit, ``.``, ``_`` or ``-`` (the ``+`` of unreleased data) made ``-`` so that it stays one plain file name."""
    version = dataset_version(loaded.root, loaded.base_iri, loaded.version)
    return f"{STEM}-{re.sub(r'[^A-Za-z0-9._-]', '-', version)}"


def endings() -> list[str]:
    """What follows the stem in each dump file's name: ``.ttl``, ``.ttl.gz``, ... in writing order."""
    return [e for suffix in WRITERS for e in (f".{suffix}", f".{suffix}.gz")]


def dump_names(stem: str) -> list[str]:
    """The names of the files a dump under ``stem`` holds, checksums last."""
    return [stem + ending for ending in endings()] + [CHECKSUMS]


def unversioned(name: str) -> str | None:
    """The version-free name of a dump file (``sahel-ld.ttl`` for ``sahel-ld-1.0.0.ttl``); None for the checksums."""
    return next((STEM + e for e in endings() if name.endswith(e)), None)


def write_dumps(loaded: LoadedData, folder: Path) -> list[DumpFile]:
    """Write every format, its gzip and ``SHA256SUMS`` into ``folder``, named by version; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    quads = canonical_quads(loaded)
    stem = versioned_stem(loaded)
    written = []
    for suffix, writer in WRITERS.items():
        data = writer(quads)
        written.append(_write(folder, f"{stem}.{suffix}", data))
        written.append(_write(folder, f"{stem}.{suffix}.gz", gzip.compress(data, compresslevel=6, mtime=0)))
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
    from . import progress
    from .config import config_from_args
    from .store import load

    with progress.step("load and infer"):
        loaded = load(config_from_args(args))
    with progress.step("write dumps"):
        written = write_dumps(loaded, Path(args.directory))
    for dump in written:
        print(f"{dump.size:10d}  {dump.sha256}  {dump.name}")
    return 0


def register(subparsers, common) -> None:
    """Add ``dump`` to the command line."""
    parser = subparsers.add_parser(
        "dump", parents=[common], help="write the dataset as Turtle, N-Triples, JSON-LD, TriG and N-Quads",
        description="Write the whole dataset into DIRECTORY as Turtle, N-Triples and JSON-LD (the union of the "
                    "named graphs), TriG and N-Quads (graphs kept apart), each also gzipped, named by version "
                    "(sahel-ld-<version>.ttl, ...), and SHA256SUMS. The same input always gives the same bytes.")
    parser.add_argument("directory", help="folder to write into (created if missing)")
    parser.set_defaults(func=cmd_dump)
