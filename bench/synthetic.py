"""Synthetic data of the same shape as ours, at any size: copies of the real data under renamed IRIs.

Usage: ``.venv/bin/python bench/synthetic.py --triples N OUT``. Writes OUT/ontology, OUT/shapes and OUT/queries
(copies of the project's) and OUT/data with the same files, each holding enough copies of the real file for
about N served triples. Copy i renames every entity ``.../id/<kind>/<slug>`` to ``<slug>-x<i>`` (concepts and
source documents are shared, as in the real data) and every Wikidata item ``Q<n>`` to ``Q<n>0<i>``, so
the copies pass the same shapes (``sahel-ld validate``) as the original.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/sahel-ld/id/"
WIKIDATA = "http://www.wikidata.org/entity/Q"
SHARED_KINDS = ("concept/", "source/")
ENTITY = re.compile(r"^(" + re.escape(BASE) + r"[a-z]+/[^#/]+)(#.*)?$")


def _rename(term, copy: int):
    if copy == 0 or not isinstance(term, ox.NamedNode):
        return term
    iri = term.value
    if iri.startswith(WIKIDATA):
        return ox.NamedNode(f"{iri}0{copy}")
    match = ENTITY.match(iri)
    if match is None or iri[len(BASE):].startswith(SHARED_KINDS):
        return term
    return ox.NamedNode(f"{match[1]}-x{copy}{match[2] or ''}")


def served_triples_per_copy() -> int:
    """Asserted and inferred data triples that one copy of the real data adds to the served dataset."""
    sys.path.insert(0, str(REPO / "src"))
    from sahel_ld.config import load_config
    from sahel_ld.store import load

    loaded = load(load_config({"root": str(REPO)}))
    ontology = len(loaded.ontology_graph())
    return len(loaded.dataset) - ontology


def generate(triples: int, out: Path) -> int:
    """Write the synthetic root into ``out``; return the number of copies."""
    copies = max(1, round(triples / served_triples_per_copy()))
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / folder, out / folder, dirs_exist_ok=True)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for path in sorted((REPO / "data").glob("*.ttl")):
        original = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        with open(out / "data" / path.name, "wb") as target:
            for copy in range(copies):
                renamed = (ox.Triple(*(_rename(t, copy) for t in (q.subject, q.predicate, q.object)))
                           for q in original)
                ox.serialize(renamed, target, format=ox.RdfFormat.N_TRIPLES)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, required=True, help="about how many served triples")
    parser.add_argument("out", type=Path, help="folder to write the root into")
    args = parser.parse_args()
    print(f"{generate(args.triples, args.out)} copies written to {args.out}")


if __name__ == "__main__":
    main()
