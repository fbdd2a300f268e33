"""Load the ontology and data files into one dataset, a named graph per file, read through rdflib.

Files are parsed by Oxigraph into a pyoxigraph store; rdflib reads that store through ``oxrdflib`` (or, with
the setting ``store=memory``, a copy in rdflib's own store). The default graph is the union of the named
graphs. Interop triples derived from the ontology are added to a named graph of their own (see
``inference.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.query import Result

from . import blank_nodes, inference
from .namespaces import bind_prefixes
from .paths import default_root, turtle_files

STORES = ("oxigraph", "memory", "sparql")  # sparql: queries go to an external engine, pages read the build
LOADED_FOLDERS = ("ontology", "data")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)
MERGED = URIRef("urn:x-sahel-ld:merged")


class LoadError(Exception):
    """An input file is missing, empty or not valid Turtle; the message names the file and line."""


@dataclass
class LoadedData:
    """The dataset with what the service needs to know about it."""

    dataset: Dataset
    root: Path
    base_iri: str
    files: dict[URIRef, Path] = field(default_factory=dict)
    version: str = ""
    modified: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    build: Path | None = None  # the build folder the dataset was opened from (``build.py``)
    _by_oxigraph: Dataset | None = field(default=None, repr=False)  # ``by_oxigraph``'s copy, made once

    @property
    def inferred_graph(self) -> URIRef:
        return URIRef(self.base_iri + "graph/inferred")

    def graph_names(self) -> list[URIRef]:
        """Named graphs: one per file, then the inferred one."""
        return [*self.files, self.inferred_graph]

    def oxigraph_store(self) -> ox.Store:
        """The dataset as a pyoxigraph store: the one behind rdflib, or a copy when the store is rdflib's own."""
        if isinstance(self.dataset.store, OxigraphStore):
            return self.dataset.store._inner
        copy = ox.Store()
        nquads = self.dataset.serialize(format="nquads", encoding="utf-8")
        copy.bulk_extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))  # keeps the blank-node labels
        return copy

    def by_oxigraph(self) -> Dataset:
        """The dataset read through Oxigraph's engine even with ``store=memory``, whose rdflib engine applies a
        pattern's filters only after the whole pattern (a description would take minutes there)."""
        if isinstance(self.dataset.store, OxigraphStore):
            return self.dataset
        if self._by_oxigraph is None:
            self._by_oxigraph = Dataset(store=SharedOxigraph(self.oxigraph_store()), default_union=True)
        return self._by_oxigraph

    def folder_graphs(self, folder: str) -> list[URIRef]:
        """The named graphs of the files of one input folder (``ontology`` or ``data``)."""
        return [g for g, p in self.files.items() if p.relative_to(self.root).parts[0] == folder]

    def ontology_graph(self) -> Graph:
        """The ontology files merged into one graph."""
        return self._merge(self.folder_graphs("ontology"))

    def data_graph(self) -> Graph:
        """The data files merged into one graph (no inferred triples)."""
        return self._merge(self.folder_graphs("data"))

    def _merge(self, names: list[URIRef]) -> Graph:
        """Named graphs merged into a graph of its own, copied by Oxigraph rather than triple by triple."""
        source, target = self.oxigraph_store(), ox.NamedNode(MERGED)
        merged = ox.Store()
        merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, target) for name in names
                           for q in source.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        graph = Graph(store=WholeAnswers(store=merged), identifier=MERGED)
        bind_prefixes(graph)
        return graph

    def label_in(self, iri: URIRef, lang: str) -> str | None:
        """The label of a resource in exactly this language (``skos:prefLabel`` before ``rdfs:label``), or None."""
        return next((str(o) for p in LABEL_PROPERTIES for o in self.dataset.objects(iri, p)
                     if isinstance(o, Literal) and o.language == lang), None)

    def label(self, iri: URIRef, lang: str = "en") -> str:
        """The best label of a resource in a language, falling back to English, then the IRI."""
        candidates = [o for p in LABEL_PROPERTIES for o in self.dataset.objects(iri, p) if isinstance(o, Literal)]
        return best_label(candidates, lang, str(iri))


def best_label(candidates: list[Literal], lang: str, default: str) -> str:
    """The first label in ``lang``, else in English, else without a language, else the first, else ``default``."""
    for wanted in (lang, "en", None):
        for label in candidates:
            if label.language == wanted:
                return str(label)
    return str(candidates[0]) if candidates else default


def graph_iri(base_iri: str, relative: Path) -> URIRef:
    """The named graph of a file: ``<base>graph/<folder>/<stem>`` (for example graph/data/organisations)."""
    return URIRef(base_iri + "graph/" + relative.with_suffix("").as_posix())


def parse_turtle(path: Path, shown_as: str) -> Graph:
    """Parse one Turtle file; a syntax error becomes ``<file>:<line>: <message>``."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        raise LoadError(f"{shown_as}:{error.lines + 1}: {error._why}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{shown_as}: {error}") from None
    return graph


def read_turtle(store: ox.Store, path: Path, shown_as: str, graph: ox.NamedNode) -> None:
    """Parse one Turtle file with Oxigraph into a named graph of the store, all or nothing; a syntax error
    becomes ``<file>:<line>: <message>``."""
    try:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=graph)
    except SyntaxError as error:  # "Parser error between line L column C and ...: what is wrong"
        raise LoadError(f"{shown_as}:{error.lineno}: {error.msg.split(': ', 1)[-1]}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{shown_as}: {error}") from None


def input_files(root: Path) -> list[Path]:
    """The Turtle files that make up the dataset; an empty set is an error."""
    files = [p for folder in LOADED_FOLDERS for p in turtle_files(root / folder)]
    for folder in LOADED_FOLDERS:
        if not any(p.relative_to(root).parts[0] == folder for p in files):
            raise LoadError(f"{root / folder}: no .ttl files found")
    return files


def root_of(config: dict) -> Path:
    """The folder holding ontology/ and data/ that the settings name (the bundled one when empty)."""
    return Path(config["root"]) if config["root"] else default_root()


def fingerprint(root: Path) -> tuple[str, datetime]:
    """The version of the inputs (a hash of their names and bytes) and their newest modification time."""
    digest = hashlib.sha256()
    newest = 0.0
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], datetime.fromtimestamp(newest, timezone.utc).replace(microsecond=0)


class WholeAnswers(OxigraphStore):
    """oxrdflib's store, whose SELECT answers are read whole before they are handed out.

    oxrdflib hands out a generator over pyoxigraph's solutions that refers back to its result: a reference cycle.
    Left half read, the cycle is freed by the garbage collector on whichever thread runs next, and pyoxigraph
    refuses to drop its solutions off the thread that made them (a RuntimeError in a served page).
    """

    def query(self, *args, **kwargs) -> Result:
        answer = super().query(*args, **kwargs)
        if answer.type == "SELECT":
            answer.bindings  # noqa: B018 - reading the property drains the generator and breaks the cycle
        return answer


class ReadOnlyOxigraph(WholeAnswers):
    """An on-disk Oxigraph store opened read-only; naming a graph (rdflib's ``Dataset.graph``) writes nothing."""

    def __init__(self, path: Path) -> None:
        super().__init__(store=ox.Store.read_only(str(path)))

    def add_graph(self, graph: Graph) -> None:
        """The graphs are already there or stay empty."""


class _SameLabels(dict):
    """rdflib's N-Quads parser asks this for the blank node of a label: the label itself, kept as it is."""

    def get(self, label, default=None):
        return label


def read_nquads(dataset: Dataset, source: Path | bytes) -> None:
    """Add N-Quads (a file or bytes) to an rdflib Dataset, keeping the blank-node labels (rdflib renames them)."""
    where = {"source": source} if isinstance(source, Path) else {"data": source}
    dataset.parse(**where, format="nquads", bnode_context=_SameLabels())


class SharedOxigraph(WholeAnswers):
    """A pyoxigraph store that rdflib reads and never writes (it may be an on-disk store opened read-only).

    ``sizes`` (triples per named graph, known from the build) answers ``len()`` of a graph without counting.
    """

    def __init__(self, store: ox.Store, sizes: dict[str, int] | None = None) -> None:
        super().__init__(store=store)
        self.sizes = sizes or {}

    def add_graph(self, graph: Graph) -> None:
        """Naming a graph (rdflib's ``Dataset.graph``) writes nothing: the graphs are already there."""

    def __len__(self, context: Graph | None = None) -> int:
        known = self.sizes.get(str(context.identifier)) if context is not None else None
        return known if known is not None else super().__len__(context)


def new_dataset(config: dict, store: ox.Store, sizes: dict[str, int] | None = None) -> Dataset:
    """The rdflib Dataset over a pyoxigraph store (or a copy in rdflib's memory store), union default graph."""
    if config["store"] not in STORES:
        raise LoadError(f"setting store: expected one of {', '.join(STORES)}, got {config['store']!r}")
    if config["store"] == "sparql" and not config["sparql_url"]:
        raise LoadError("setting store=sparql needs sparql_url, the external engine's query address")
    if config["store"] != "memory":
        dataset = Dataset(store=SharedOxigraph(store, sizes), default_union=True)
    else:
        dataset = Dataset(store="default", default_union=True)
        read_nquads(dataset, ox.serialize(store, format=ox.RdfFormat.N_QUADS))
    bind_prefixes(dataset)
    return dataset


def load(config: dict) -> LoadedData:
    """Read every ``.ttl`` under ontology/ and data/, each into its own named graph, then infer.

    Blank nodes are labelled from their surroundings (``blank_nodes``), so the same input always gives the
    same labels.
    """
    root = root_of(config)
    files: dict[URIRef, Path] = {}
    store = ox.Store()
    for path in input_files(root):
        relative = path.relative_to(root)
        name = graph_iri(config["base_iri"], relative)
        read_turtle(store, path, relative.as_posix(), ox.NamedNode(name))
        files[name] = path
    blank_nodes.relabel_in(store)
    graphs = {folder: [ox.NamedNode(g) for g, p in files.items() if p.relative_to(root).parts[0] == folder]
              for folder in LOADED_FOLDERS}
    inferred = inference.materialise(store, graphs["data"], graphs["ontology"])
    inferred_graph = ox.NamedNode(config["base_iri"] + "graph/inferred")
    store.bulk_extend(ox.Quad(s, p, o, inferred_graph) for s, p, o in inferred)
    version, modified = fingerprint(root)
    return LoadedData(dataset=new_dataset(config, store), root=root, base_iri=config["base_iri"], files=files,
                      version=version, modified=modified)
