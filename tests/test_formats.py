"""The format table and content negotiation."""

import pytest

from sahel_ld import formats

RESULTS, RDF = formats.RESULTS, formats.RDF


@pytest.mark.parametrize(("accept", "offered", "expected"), [
    (None, RESULTS, "json"),
    ("*/*", RESULTS, "json"),
    ("*/*", RDF, "turtle"),
    ("text/csv", RESULTS, "csv"),
    ("text/tab-separated-values", RESULTS, "tsv"),
    ("application/sparql-results+xml", RESULTS, "xml"),
    ("application/json", RESULTS, "json"),
    ("text/csv;q=0.5, application/sparql-results+xml", RESULTS, "xml"),
    ("text/csv;q=0.9, text/*;q=0.95", RESULTS, "tsv"),  # the most specific range sets each q
    ("application/n-triples, text/turtle;q=0.5", RDF, "ntriples"),
    ("application/ld+json", RDF, "jsonld"),
    ("application/x-turtle", RDF, "turtle"),
    ("application/rdf+xml", RDF, "rdfxml"),
    ("application/trig", RDF, "trig"),
    ("application/n-quads", RDF, "nquads"),
    ("text/html, */*;q=0.1", RDF, "turtle"),
])
def test_negotiation_picks_the_best_offered_format(accept, offered, expected):
    assert formats.negotiate(accept, offered).name == expected


@pytest.mark.parametrize("accept", ["image/png", "text/csv;q=0", "application/sparql-results+json;q=0"])
def test_negotiation_finds_nothing_acceptable(accept):
    assert formats.negotiate(accept, [formats.by_name("turtle")]) is None


def test_lookups_by_name_suffix_and_media_type():
    assert formats.by_name("TTL") is formats.by_name("text/turtle") is formats.by_suffix(".ttl")
    assert formats.by_suffix("jsonld").media_type == "application/ld+json"
    assert formats.by_name("nope") is None and formats.by_suffix("exe") is None


def test_text_types_declare_utf8():
    assert formats.by_name("csv").content_type == "text/csv; charset=utf-8"
    assert formats.by_name("json").content_type == "application/sparql-results+json"


def test_every_format_has_a_unique_name_suffix_and_media_type():
    for field in ("name", "suffix", "media_type"):
        values = [getattr(f, field) for f in formats.FORMATS]
        assert len(values) == len(set(values)), field
