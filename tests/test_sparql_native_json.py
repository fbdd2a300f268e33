"""SELECT answers in SPARQL JSON written by Oxigraph: the same bytes as our writer, the same caps and refusals."""

import json

import pyoxigraph as ox
import pytest

from sahel_ld.results import XML_UNWRITABLE
from sahel_ld.sparql_worker import _answer, _native_json, _OxigraphRunner, _written

EX = "http://example.org/"
LITERALS = [
    'say "hi",\tthen\nleave\r\n<&>', "back\\slash", "Ménaka", "جماعة نصرة الإسلام", "emoji 🐪", "nul\x00byte",
    "ends with a quote\"", "x\u2028y", "\x7f\x1f",
]
# Literals that end like the marks of terms Oxigraph writes otherwise: their answers take the careful path.
LIKE_MARKS = ['ends like a mark "its:dir', 'ends like a mark "type":"triple']


@pytest.fixture(scope="module")
def runner():
    runner = _OxigraphRunner("", EX)
    graph = ox.NamedNode(EX + "g")
    quads = []
    for i, text in enumerate(LITERALS):
        subject = ox.NamedNode(f"{EX}s{i}")
        quads += [ox.Quad(subject, ox.NamedNode(EX + "plain"), ox.Literal(text), graph),
                  ox.Quad(subject, ox.NamedNode(EX + "tagged"), ox.Literal(text, language="fr-Latn-ML"), graph),
                  ox.Quad(subject, ox.NamedNode(EX + "typed"), ox.Literal(text, datatype=ox.NamedNode(EX + "dt")),
                          graph),
                  ox.Quad(subject, ox.NamedNode(EX + "blank"), ox.BlankNode(f"b{i}"), graph)]
    quads += [ox.Quad(ox.NamedNode(f"{EX}m{i}"), ox.NamedNode(EX + "plain"), ox.Literal(text), graph)
              for i, text in enumerate(LIKE_MARKS)]
    runner.store.extend(quads)
    return runner


def job(text: str, max_rows: int = 10_000, max_bytes: int = 10**8, results: str = "json") -> dict:
    return {"text": text, "dataset": None, "max_rows": max_rows, "max_bytes": max_bytes, "results": results,
            "graph": "ntriples"}


def evaluated(runner, query: dict):
    return runner.store.query(query["text"], base_iri=EX, use_default_graph_as_union=True)


def careful(runner, query: dict) -> tuple:
    """The answer as the Python writers give it."""
    return _written(evaluated(runner, query), query)


ALL = "SELECT * { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'http://example.org/s')) } ORDER BY ?s ?p ?o"
QUERIES = [
    ALL,
    ALL.replace("*", "?o ?missing").replace("))", ")) OPTIONAL { ?s <http://example.org/none> ?missing }"),
    "SELECT (42 AS ?n) (4.20 AS ?d) (1e3 AS ?f) (true AS ?b) (STRLEN('x') AS ?len) {}",
    "SELECT ?x { VALUES ?x { UNDEF 'a' } }",
    "SELECT * {}",
    "SELECT ?s { ?s ?p ?o } LIMIT 0",
    "SELECT (BNODE() AS ?b) (IRI('http://example.org/é') AS ?i) {}",
]


@pytest.mark.parametrize("text", QUERIES)
def test_oxigraph_writes_the_same_bytes_as_our_writer(runner, text):
    query = job(text)
    assert _native_json(evaluated(runner, query), query) is not None  # Oxigraph wrote it
    form, fmt, body, cut = runner.run(query)
    expected = careful(runner, query)
    assert (form, fmt.name, cut) == ("SELECT", "json", "")
    if "BNODE()" in text:  # a new blank node each time: compare everything else
        body, expected_body = json.loads(body), json.loads(expected[2])
        assert body["results"]["bindings"][0]["b"]["type"] == expected_body["results"]["bindings"][0]["b"]["type"]
        assert body["results"]["bindings"][0]["i"] == expected_body["results"]["bindings"][0]["i"]
    else:
        assert body == expected[2]


def test_an_answer_over_the_row_cap_is_cut_as_before(runner):
    rows = len(LITERALS) * 4
    for cap, cut in ((rows - 1, f"max-rows={rows - 1}"), (rows, "")):
        query = job(ALL, max_rows=cap)
        answer = runner.run(query)
        assert answer == careful(runner, query) and answer[3] == cut
        assert len(json.loads(answer[2])["results"]["bindings"]) == min(cap, rows)


def test_an_answer_over_the_row_cap_of_tiny_rows_is_cut(runner):
    query = job("SELECT ?x { VALUES ?x { UNDEF UNDEF UNDEF UNDEF UNDEF } }", max_rows=2)
    answer = runner.run(query)
    assert answer[3] == "max-rows=2" and json.loads(answer[2])["results"]["bindings"] == [{}, {}]


def test_an_answer_over_the_byte_cap_is_cut_as_before(runner):
    whole = runner.run(job(ALL))[2]
    query = job(ALL, max_bytes=len(whole) // 2)
    answer = runner.run(query)
    assert answer == careful(runner, query)
    assert answer[3] == f"max-bytes={len(whole) // 2}" and len(answer[2]) <= len(whole) // 2


def test_an_answer_exactly_at_the_byte_cap_is_whole(runner):
    whole = runner.run(job(ALL))[2]
    query = job(ALL, max_bytes=len(whole))
    assert _native_json(evaluated(runner, query), query) == whole
    assert runner.run(query)[2:] == (whole, "")


def test_triple_terms_are_still_refused(runner):
    reply = _answer(runner, job("SELECT ?t { BIND(TRIPLE(<http://a>, <http://b>, 'c') AS ?t) }"))
    assert reply[:2] == ("error", 400) and "triple term" in reply[2]


def test_a_base_direction_is_written_as_before(runner):
    query = job('SELECT ?x { BIND("a"@en--ltr AS ?x) }')
    assert runner.run(query) == careful(runner, query)


def test_literals_that_look_like_marks_are_written_whole(runner):
    query = job("SELECT ?o { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'http://example.org/m')) } ORDER BY ?o")
    assert _native_json(evaluated(runner, query), query) is None  # the careful path, needlessly but rightly
    answer = runner.run(query)
    assert [b["o"]["value"] for b in json.loads(answer[2])["results"]["bindings"]] == sorted(LIKE_MARKS)


@pytest.mark.parametrize("results", ["xml", "csv", "tsv"])
def test_other_formats_are_written_by_our_writers(runner, results):
    unsafe = ", ".join(f"<{EX}s{i}>" for i, text in enumerate(LITERALS) if XML_UNWRITABLE.search(text))
    xml_safe = f"FILTER(?s NOT IN ({unsafe}))"  # no character XML cannot carry
    query = job(ALL.replace("))", f")) {xml_safe}"), results=results)
    answer = runner.run(query)
    assert answer == careful(runner, query) and answer[1].name == results
