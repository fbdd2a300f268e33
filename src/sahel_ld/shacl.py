"""Run the SHACL shapes with pyshacl and turn the report into something a person can read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .store import LoadedData, parse_turtle


@dataclass(frozen=True)
class Result:
    """One violation: what, where and why."""

    focus_node: str
    label: str
    path: str
    message: str
    source_shape: str
    severity: str
    file: str


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    graph: Graph

    def as_text(self) -> str:
        """One paragraph per violation, then a summary line."""
        lines = []
        for r in self.results:
            lines.append(f"{r.file or '?'}: {r.label} <{r.focus_node}>")
            lines.append(f"  path: {r.path or '-'}  shape: <{r.source_shape}>  ({r.severity})")
            lines.append(f"  {r.message}")
        verdict = "conforms" if self.conforms else f"does not conform: {len(self.results)} violation(s)"
        lines.append(f"SHACL validation: {verdict}")
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "results": [asdict(r) for r in self.results]}, indent=2,
                          ensure_ascii=False) + "\n"

    def as_turtle(self) -> str:
        return self.graph.serialize(format="turtle")


def _short(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except ValueError:
            return str(term)
    return str(term)


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None,
             where=lambda node: "", label=lambda node: str(node)) -> Report:
    """Validate ``data`` against ``shapes``, with ``ontology`` mixed in for class hierarchies."""
    conforms, report_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True)
    results = []
    report = report_graph.value(predicate=RDF.type, object=SH.ValidationReport)
    for node in report_graph.objects(report, SH.result):  # top-level results, not sh:detail ones
        focus = report_graph.value(node, SH.focusNode)
        results.append(Result(
            focus_node=str(focus),
            label=label(focus),
            path=_short(data, report_graph.value(node, SH.resultPath)),
            message=str(report_graph.value(node, SH.resultMessage) or ""),
            source_shape=str(report_graph.value(node, SH.sourceShape)),
            severity=str(report_graph.value(node, SH.resultSeverity)).split("#")[-1],
            file=where(focus),
        ))
    results.sort(key=lambda r: (r.file, r.focus_node, r.path, r.message))
    return Report(conforms=bool(conforms), results=results, graph=report_graph)


def validate_loaded(loaded: LoadedData) -> Report:
    """Validate the ontology against shapes/ontology.ttl and the data against shapes/data.ttl."""
    shapes_dir = loaded.root / "shapes"
    files = {name: parse_turtle(shapes_dir / name, f"shapes/{name}") for name in ("ontology.ttl", "data.ttl")}
    ontology = loaded.ontology_graph()
    where = _file_finder(loaded)
    label = loaded.label
    first = validate(ontology, files["ontology.ttl"], None, where, label)
    second = validate(loaded.data_graph(), files["data.ttl"], ontology, where, label)
    merged = first.graph + second.graph
    return Report(conforms=first.conforms and second.conforms, results=first.results + second.results, graph=merged)


def _file_finder(loaded: LoadedData):
    """A function from a node to the file (relative path) that describes it."""
    def where(node) -> str:
        for name, path in loaded.files.items():
            if (node, None, None) in loaded.dataset.graph(name):
                return Path(path).relative_to(loaded.root).as_posix()
        return ""
    return where
