"""Stable blank-node labels: each blank node is named by a hash of what surrounds it.

Applied once at load, so every dump, every query worker and every restart sees the same labels, and
answers that return blank nodes come back with the same labels in the same order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox


def relabel(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with each blank node renamed ``_:b<hash>n<i>`` after the triples around it.

    Signatures are refined until they split the blank nodes no further: a difference at the head of a long
    RDF list has to travel down the whole list before the list's identical-looking tails tell apart.
    """
    touching = [q for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    touching_set = set(touching)
    blanks = {t for q in touching for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    if not blanks:
        return quads
    signature = dict.fromkeys(blanks, "")
    distinct = 1
    while True:
        def key(term) -> str:
            return signature[term] if term in signature else str(term)

        parts: dict[ox.BlankNode, list[str]] = defaultdict(list)
        for s, p, o, g in touching:
            if s in signature:
                parts[s].append(f"> {p} {key(o)} {g}")
            if o in signature:
                parts[o].append(f"< {key(s)} {p} {g}")
        signature = {b: hashlib.sha256("\n".join([signature[b], *sorted(parts[b])]).encode()).hexdigest()
                     for b in blanks}
        if len(set(signature.values())) == distinct:
            break
        distinct = len(set(signature.values()))
    names: dict[ox.BlankNode, ox.BlankNode] = {}
    taken: dict[str, int] = defaultdict(int)
    for blank in sorted(blanks, key=lambda b: signature[b]):
        short = signature[blank][:16]
        names[blank] = ox.BlankNode(f"b{short}n{taken[short]}")
        taken[short] += 1
    return [ox.Quad(names.get(q.subject, q.subject), q.predicate, names.get(q.object, q.object), q.graph_name)
            if q in touching_set else q for q in quads]


TOUCHING = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"


def relabel_in(store: ox.Store) -> None:
    """Relabel (``relabel``) the blank nodes of every named graph of a store, in place."""
    touching = [ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in store.query(TOUCHING)]
    renamed = relabel(touching)
    for quad in touching:
        store.remove(quad)
    store.bulk_extend(renamed)
