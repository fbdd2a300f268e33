"""Write the whole dataset as Turtle, N-Triples, JSON-LD, TriG and N-Quads, each also gzipped.

Output is deterministic: the same input gives the same bytes. The N-Quads lines of the named graphs are
sorted as bytes, which orders the quads by subject, predicate, object and graph as their N-Triples forms
order; Oxigraph's writers (linear in the size) read the sorted lines back a batch at a time. Blank nodes
keep the labels the load gave them from their surroundings, gzip headers carry no time stamp. Turtle,
N-Triples and JSON-LD hold the union of the named graphs; TriG and N-Quads keep the graphs apart, TriG
graph after graph. Turtle and TriG declare every prefix of the project's table. Every file name carries the
dataset's version (``sahel-ld-1.0.0.ttl``); ``SHA256SUMS`` lists them. Each file and its gzip are written
as a stream, so that the sorted lines are the only copy of the dataset held in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, groupby, islice
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .release import dataset_version
from .store import LoadedData

STEM = "sahel-ld"
CHECKSUMS = "SHA256SUMS"
BATCH = 4096  # quads or lines serialized, parsed or written in one piece


@dataclass(frozen=True)
class DumpFile:
    """One written file with what a download page and the dataset description say about it."""

    name: str
    size: int
    sha256: str


class _Output:
    """A file written under a temporary name, so that a reader never sees half a dump; size and SHA-256 are
    counted as it is written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(f".{path.name}.partial")
        self._file = open(self._partial, "wb")
        self._sha256 = hashlib.sha256()
        self._size = 0

    def write(self, data: bytes) -> int:
        self._file.write(data)
        self._sha256.update(data)
        self._size += len(data)
        return len(data)

    def finish(self) -> DumpFile:
        """Close the file and give it its name."""
        self._file.close()
        os.replace(self._partial, self.path)
        return DumpFile(name=self.path.name, size=self._size, sha256=self._sha256.hexdigest())


class _Dump:
    """A dump file and its gzip written together; Oxigraph's writers write into it as into a binary file.

    The gzip is what ``gzip.compress(data, compresslevel=6, mtime=0)`` gives (zlib's own header), however
    the data comes in pieces.
    """

    def __init__(self, path: Path) -> None:
        self._plain = _Output(path)
        self._packed = _Output(path.with_name(path.name + ".gz"))
        self._compressor = zlib.compressobj(6, zlib.DEFLATED, 31)

    def write(self, data: bytes) -> int:
        self._packed.write(self._compressor.compress(data))
        return self._plain.write(data)

    def flush(self) -> None:
        """Nothing: a flushed compressor would write other bytes; the files are complete once finished."""

    def finish(self) -> list[DumpFile]:
        """End the gzip stream; close both files and give them their names."""
        self._packed.write(self._compressor.flush())
        return [self._plain.finish(), self._packed.finish()]


def canonical_lines(loaded: LoadedData) -> list[bytes]:
    """The N-Quads lines (without line ends) of every named graph, sorted as bytes: by subject, predicate,
    object and graph, each term as N-Triples writes it."""
    store = loaded.oxigraph_store()
    lines = [line for g in loaded.graph_names() for line in _graph_lines(store, ox.NamedNode(g))]
    lines.sort()
    return lines


def _graph_lines(store: ox.Store, graph: ox.NamedNode) -> Iterator[bytes]:
    """The N-Quads lines of one graph, written by Oxigraph a batch of quads at a time."""
    quads = store.quads_for_pattern(None, None, None, graph)
    while data := ox.serialize(islice(quads, BATCH), format=ox.RdfFormat.N_QUADS):
        yield from data.splitlines()


def _graph_start(line: bytes) -> int:
    """Where the graph of an N-Quads line starts (graph names are IRIs, which hold no space)."""
    return line.rindex(b" ", 0, -2) + 1


def _union(lines: list[bytes]) -> Iterator[bytes]:
    """The N-Triples lines of every graph, each once, in the quads' order (the graph being the last key, a
    triple's quads are neighbours)."""
    previous = None
    for line in lines:
        triple = line[:_graph_start(line)] + b"."
        if triple != previous:
            yield triple
        previous = triple


def _by_graph(lines: list[bytes]) -> Iterator[bytes]:
    """The lines graph after graph, graphs in the order of their IRIs, each graph's lines in their order."""
    graphs: defaultdict[bytes, list[bytes]] = defaultdict(list)
    for line in lines:
        graphs[line[_graph_start(line):-2]].append(line)
    return chain.from_iterable(graphs[g] for g in sorted(graphs))


def _parsed(lines: Iterable[bytes], syntax: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The quads of N-Triples or N-Quads lines, parsed a batch at a time."""
    return chain.from_iterable(ox.parse(b"\n".join(batch), format=syntax) for batch in _batches(lines))


def _batches(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    """The lines in lists of ``BATCH``."""
    lines = iter(lines)
    while batch := list(islice(lines, BATCH)):
        yield batch


def _write_lines(lines: Iterable[bytes], out: _Dump) -> None:
    """Write each line with its line end, a batch at a time."""
    for batch in _batches(lines):
        out.write(b"\n".join(batch) + b"\n")


def _turtle(lines: list[bytes], out: _Dump) -> None:
    ox.serialize(_parsed(_union(lines), ox.RdfFormat.N_TRIPLES), out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _ntriples(lines: list[bytes], out: _Dump) -> None:
    _write_lines(_union(lines), out)


def _nquads(lines: list[bytes], out: _Dump) -> None:
    _write_lines(lines, out)


def _trig(lines: list[bytes], out: _Dump) -> None:
    ox.serialize(_parsed(_by_graph(lines), ox.RdfFormat.N_QUADS), out, ox.RdfFormat.TRIG, prefixes=PREFIXES)


def _jsonld(lines: list[bytes], out: _Dump) -> None:
    """Expanded JSON-LD, one node object per subject in the sorted triples' order, indented as ``json.dumps``
    indents the whole array; each node is written by Oxigraph and indented alone, so that no Python object
    tree of the whole dataset is ever built."""
    opening = b"[\n "
    for _, triples in groupby(_parsed(_union(lines), ox.RdfFormat.N_TRIPLES), key=lambda triple: triple.subject):
        for node in json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD)):
            out.write(opening + json.dumps(node, indent=1, ensure_ascii=False).replace("\n", "\n ").encode())
            opening = b",\n "
    out.write(b"[]\n" if opening == b"[\n " else b"\n]\n")


WRITERS: dict[str, Callable[[list[bytes], _Dump], None]] = {
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
    lines = canonical_lines(loaded)
    stem = versioned_stem(loaded)
    written = []
    for suffix, writer in WRITERS.items():
        out = _Dump(folder / f"{stem}.{suffix}")
        writer(lines, out)
        written += out.finish()
    sums = _Output(folder / CHECKSUMS)
    sums.write("".join(f"{f.sha256}  {f.name}\n" for f in sorted(written, key=lambda f: f.name)).encode("ascii"))
    return [*written, sums.finish()]


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
