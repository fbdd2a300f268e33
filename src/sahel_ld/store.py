"""Load the ontology and data files into one rdflib Dataset, a named graph per file.

The default graph is the union of the named graphs. Interop triples derived from the ontology are
added to a named graph of their own (see ``inference.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import inference
from .namespaces import bind_prefixes
from .paths import default_root, turtle_files

STORES = {"oxigraph": "Oxigraph", "memory": "default"}
LOADED_FOLDERS = ("ontology", "data")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)


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

    @property
    def inferred_graph(self) -> URIRef:
        return URIRef(self.base_iri + "graph/inferred")

    def graph_names(self) -> list[URIRef]:
        """Named graphs: one per file, then the inferred one."""
        return [*self.files, self.inferred_graph]

    def ontology_graph(self) -> Graph:
        """The ontology files merged into one plain graph."""
        return _merge(self.dataset, [g for g, p in self.files.items() if _folder(self, p) == "ontology"])

    def data_graph(self) -> Graph:
        """The data files merged into one plain graph (no inferred triples)."""
        return _merge(self.dataset, [g for g, p in self.files.items() if _folder(self, p) == "data"])

    def label_in(self, iri: URIRef, lang: str) -> str | None:
        """The label of a resource in exactly this language (``skos:prefLabel`` before ``rdfs:label``), or None."""
        return next((str(o) for p in LABEL_PROPERTIES for o in self.dataset.objects(iri, p)
                     if isinstance(o, Literal) and o.language == lang), None)

    def label(self, iri: URIRef, lang: str = "en") -> str:
        """The best label of a resource in a language, falling back to English, then the IRI."""
        candidates = [o for p in LABEL_PROPERTIES for o in self.dataset.objects(iri, p) if isinstance(o, Literal)]
        for wanted in (lang, "en", None):
            for label in candidates:
                if label.language == wanted:
                    return str(label)
        return str(candidates[0]) if candidates else str(iri)


def _folder(loaded: LoadedData, path: Path) -> str:
    return path.relative_to(loaded.root).parts[0]


def _merge(dataset: Dataset, names: list[URIRef]) -> Graph:
    merged = Graph()
    bind_prefixes(merged)
    for name in names:
        for triple in dataset.graph(name):
            merged.add(triple)
    return merged


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


def input_files(root: Path) -> list[Path]:
    """The Turtle files that make up the dataset; an empty set is an error."""
    files = [p for folder in LOADED_FOLDERS for p in turtle_files(root / folder)]
    for folder in LOADED_FOLDERS:
        if not any(p.relative_to(root).parts[0] == folder for p in files):
            raise LoadError(f"{root / folder}: no .ttl files found")
    return files


def load(config: dict) -> LoadedData:
    """Read every ``.ttl`` under ontology/ and data/, each into its own named graph, then infer."""
    root = Path(config["root"]) if config["root"] else default_root()
    if config["store"] not in STORES:
        raise LoadError(f"setting store: expected one of {', '.join(STORES)}, got {config['store']!r}")
    dataset = Dataset(store=STORES[config["store"]], default_union=True)
    bind_prefixes(dataset)
    loaded = LoadedData(dataset=dataset, root=root, base_iri=config["base_iri"])
    digest = hashlib.sha256()
    newest = 0.0
    for path in input_files(root):
        relative = path.relative_to(root)
        graph = parse_turtle(path, relative.as_posix())
        name = graph_iri(config["base_iri"], relative)
        dataset.addN((s, p, o, dataset.graph(name)) for s, p, o in graph)
        loaded.files[name] = path
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    ontology = loaded.ontology_graph()
    inferred = dataset.graph(loaded.inferred_graph)
    for triple in inference.materialise(loaded.data_graph(), ontology):
        inferred.add(triple)
    loaded.version = digest.hexdigest()[:16]
    loaded.modified = datetime.fromtimestamp(newest, timezone.utc).replace(microsecond=0)
    return loaded
