"""Every dump of the real data reads back, with rdflib and with Oxigraph, as exactly the served dataset."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from sahel_ld.build import DUMPS, build, dump_files
from sahel_ld.config import load_config
from sahel_ld.dumps import versioned_stem
from sahel_ld.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TRIPLE_FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("nt", ox.RdfFormat.N_TRIPLES),
                  "jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
QUAD_FORMATS = {"trig": ("trig", ox.RdfFormat.TRIG), "nq": ("nquads", ox.RdfFormat.N_QUADS)}
DEFAULT = ox.DefaultGraph()


def canonical(quads) -> ox.Dataset:
    """Quads with blank nodes renamed canonically, so that equal means isomorphic."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def read_with_rdflib(data: bytes, rdflib_format: str, keep_graphs: bool) -> list[ox.Quad]:
    """Parse with rdflib (its quad and JSON-LD parsers use a class rdflib deprecates, which is not ours)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        if not keep_graphs:
            graph = Graph().parse(data=data, format=rdflib_format)
            return [ox.Quad(*map(_ox_term, t), DEFAULT) for t in graph]
        dataset = Dataset().parse(data=data, format=rdflib_format)
        return [ox.Quad(*map(_ox_term, (s, p, o)), ox.NamedNode(str(g))) for s, p, o, g in dataset.quads()
                if g is not None and str(g) != "urn:x-rdflib:default"]


def read_with_oxigraph(data: bytes, ox_format) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox_format))


@pytest.fixture(scope="module")
def served(app):
    """The dataset the session's app serves, as quads per graph and as its union of triples."""
    store = app.extensions["sahel_ld"].oxigraph_store()
    quads = list(store)
    return {"graphs": canonical(quads),
            "union": canonical({ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in quads}),
            "folder": app.extensions["sahel_ld"].build / DUMPS,
            "stem": versioned_stem(app.extensions["sahel_ld"])}


@pytest.mark.parametrize("reader", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("suffix", [*TRIPLE_FORMATS, *QUAD_FORMATS])
def test_each_dump_reads_back_as_the_dataset(served, suffix, reader):
    keep_graphs = suffix in QUAD_FORMATS
    rdflib_format, ox_format = (QUAD_FORMATS if keep_graphs else TRIPLE_FORMATS)[suffix]
    data = (served["folder"] / f"{served['stem']}.{suffix}").read_bytes()
    quads = read_with_rdflib(data, rdflib_format, keep_graphs) if reader == "rdflib" else read_with_oxigraph(
        data, ox_format)
    assert canonical(quads) == served["graphs" if keep_graphs else "union"]


def test_trig_declares_every_prefix_it_uses(served):
    text = (served["folder"] / f"{served['stem']}.trig").read_text(encoding="utf-8")
    declared = set(re.findall(r"^@prefix ([\w-]*): ", text, flags=re.M))
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', re.sub(r"<[^>]*>", "<>", text))  # no IRIs or strings left
    used = set(re.findall(r"(?<![\w:_-])([A-Za-z][\w-]*):[\w-]", body))
    assert used and used <= declared


def test_dump_etags_are_the_checksums_and_stay_the_same_after_a_restart(tmp_path):
    """Two servers over the same inputs, built apart, give each dump file the same entity tag."""
    tags = []
    for run in ("first", "second"):
        app = create_app({"root": str(ROOT), "dumps_dir": str(tmp_path / run), "sparql_workers": 1})
        try:
            client, files = app.test_client(), dump_files(app.extensions["sahel_ld"].build)
            tags.append({})
            for dump in files:
                with client.head(f"/dumps/{dump.name}") as response:
                    tags[-1][dump.name] = response.headers["ETag"]
                assert tags[-1][dump.name] == f'"{dump.sha256}"'
        finally:
            app.extensions["sahel_ld_sparql"].close()
    assert tags[0] == tags[1]


def test_a_build_of_unchanged_inputs_is_reused(tmp_path):
    config = load_config({"root": str(ROOT)})
    first = build(config, tmp_path, validate=False)
    stamp = (first / "manifest.json").stat().st_mtime_ns
    assert build(config, tmp_path, validate=False) == first
    assert (first / "manifest.json").stat().st_mtime_ns == stamp
