"""A query worker loads only what it evaluates and writes with: every worker's memory counts, once per worker."""

import json
import subprocess
import sys

from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

from sahel_ld.prefixes import PREFIXES


def test_a_worker_loads_neither_rdflib_nor_werkzeug_nor_urllib_request():
    """What the Oxigraph worker imports, writers of every format included (the worker loads them before its seal)."""
    script = (
        "import json, sys\n"
        "from sahel_ld import sparql_seal, sparql_worker\n"
        "from sahel_ld.formats import RDF, RESULTS\n"
        "runner = sparql_worker._OxigraphRunner('', 'http://example.org/')\n"
        "for fmt in RESULTS + RDF:\n"
        "    for text in ('ASK {}', 'SELECT * {} LIMIT 1', 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1'):\n"
        "        reply = sparql_worker._answer(runner, {'text': text, 'dataset': None, 'max_rows': 1,\n"
        "            'max_bytes': 10**6, 'results': fmt.name if fmt in RESULTS else 'json',\n"
        "            'graph': fmt.name if fmt in RDF else 'turtle'})\n"
        "        assert reply[0] == 'ok' or reply[1] == 406, reply\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "                        ('rdflib', 'werkzeug', 'flask', 'urllib', 'http', 'pyparsing'))))\n"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                       check=True).stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("rdflib", "werkzeug", "flask", "pyparsing")]
    assert "urllib.request" not in loaded and "http.client" not in loaded


def test_the_prefix_table_names_the_w3c_namespaces_as_rdflib_does():
    for prefix, namespace in {"org": ORG, "foaf": FOAF, "prov": PROV, "skos": SKOS, "time": TIME, "dcterms": DCTERMS,
                              "void": VOID, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}.items():
        assert PREFIXES[prefix] == str(namespace), prefix
