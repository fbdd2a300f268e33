"""Blank nodes are labelled at load from their surroundings: the same labels in every process and format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF

from sahel_ld.blank_nodes import relabel

ROOT = Path(__file__).resolve().parents[1]
UNION_MEMBERS = ("SELECT ?class ?member WHERE { ?class <http://www.w3.org/2002/07/owl#unionOf> ?list . "
                 "?list <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/"
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?member }")


def _lists(order: list[int]) -> list:
    """Two RDF lists that differ only at their heads, built with fresh blank nodes in a given order."""
    graph, quads = ox.NamedNode("urn:g"), []
    first, rest, nil = (ox.NamedNode(str(term)) for term in (RDF.first, RDF.rest, RDF.nil))
    for which in order:
        cells = [ox.BlankNode() for _ in range(8)]
        quads.append(ox.Quad(ox.NamedNode(f"urn:owner{which}"), ox.NamedNode("urn:p"), cells[0], graph))
        for i, cell in enumerate(cells):
            quads.append(ox.Quad(cell, first, ox.NamedNode(f"urn:item{i}"), graph))
            quads.append(ox.Quad(cell, rest, cells[i + 1] if i < 7 else nil, graph))
    return quads


def test_lists_with_identical_tails_get_the_same_labels_whatever_the_order():
    first, second = (sorted(map(str, relabel(_lists(order)))) for order in ([1, 2], [2, 1]))
    assert first == second


def _answer_in_a_fresh_process(seed: str) -> list:
    """The rows of a query over blank nodes, from the CLI in a process with its own hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-m", "sahel_ld.cli", "query", "--root", str(ROOT), "--sparql", "/dev/stdin",
                          "--format", "json"], input=UNION_MEMBERS, text=True, check=True, env=env,
                         capture_output=True).stdout
    return json.loads(out)["results"]["bindings"]


def test_queries_over_blank_nodes_give_the_same_rows_in_the_same_order_in_every_process():
    first, second = _answer_in_a_fresh_process("1"), _answer_in_a_fresh_process("2")
    assert first and any(row["class"]["type"] == "bnode" for row in first)
    assert first == second
