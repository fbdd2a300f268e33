"""Saved-query machinery over a small fixture: headers, typed parameters, safe binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from sahel_ld.config import load_config
from sahel_ld.queries import (Catalogue, NotRunHere, ParamError, QueryFileError, UnknownQuery, bound_text,
                              heading, read_query, where_brace)
from sahel_ld.store import load

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "queries"
ACT = "https://w3id.org/sahel-ld/id/org/"
INJECTION = 'x" } DELETE WHERE { ?s ?p ?o } #'


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def catalogue(request) -> Catalogue:
    return Catalogue(load(load_config({"root": str(FIXTURE), "store": request.param})))


def rows(catalogue: Catalogue, name: str, **given) -> list[tuple]:
    _, _, text = catalogue.prepare(name, given)
    return [tuple(None if t is None else str(t) for t in row) for row in catalogue.loaded.dataset.query(text)]


def write(tmp_path: Path, header: str, body: str = "SELECT ?x WHERE { ?x ?p ?o }\n", name: str = "q") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_header_is_read_into_summary_tags_and_typed_params(catalogue):
    members = catalogue.get("members")
    assert members.summary == "Members of a coalition"
    assert members.tags == ("membership",)
    coalition, certainty = members.params
    assert (coalition.name, coalition.types, coalition.required, coalition.default) == \
           ("coalition", ("sahel:Coalition",), False, "act:alpha")
    assert certainty.scheme == "cpt:certainty"
    assert members.text.startswith("PREFIX")


def test_french_texts_of_the_header_with_english_where_there_are_none(catalogue):
    members, search, events = catalogue.get("members"), catalogue.get("search"), catalogue.get("events-between")
    assert members.summary_in("fr") == "Membres d’une coalition" and members.summary_in("en") == members.summary
    assert members.description_in("fr").startswith("Les groupes membres d’une coalition")
    coalition, certainty = members.params
    assert coalition.description_in("fr") == "La coalition" and coalition.description_in("en") == "The coalition"
    assert certainty.description_in("fr") == "Only claims of this certainty"
    assert search.summary_in("fr") == "Chercher par nom" and search.description_in("fr") == search.description
    assert events.summary_in("fr") == "Events in a period" and events.summary_fr == ""


def test_form_hints_say_what_a_value_must_be_in_french(catalogue):
    events, search = catalogue.get("events-between"), catalogue.get("search")
    assert events.params[0].expects("fr") == "une date AAAA-MM-JJ ou un mois AAAA-MM ou une année AAAA, par exemple 2016"
    assert search.params[0].expects("fr") == "un texte d’au plus 500 caractères, par exemple serma"
    assert catalogue.get("members").params[1].expects("fr") == "un concept du schéma cpt:certainty, par exemple cpt:stated"
    assert events.params[0].expects() == "a date YYYY-MM-DD or a month YYYY-MM or a year YYYY, such as 2016"


def test_default_applies_when_parameter_is_not_given(catalogue):
    assert [r[1] for r in rows(catalogue, "members")] == ["Gamma", "Katibat Sèrma"]


def test_enumeration_from_a_skos_scheme_filters_and_checks(catalogue):
    assert [r[1] for r in rows(catalogue, "members", certainty="cpt:alleged")] == ["Gamma"]
    with pytest.raises(ParamError, match="parameter 'certainty' expects a concept of the scheme cpt:certainty"):
        catalogue.prepare("members", {"certainty": "cpt:unheard-of"})


def test_class_typed_parameter_accepts_only_instances_of_the_class(catalogue):
    assert rows(catalogue, "members", coalition=ACT + "omega") == []
    with pytest.raises(ParamError, match=r"parameter 'coalition' expects the IRI of a sahel:Coalition.*act:beta"):
        catalogue.prepare("members", {"coalition": "act:beta"})


def test_choices_come_with_labels(catalogue):
    query = catalogue.get("members")
    assert catalogue.choices(query, query.params[0]) == [(URIRef(ACT + "alpha"), "Alpha"),
                                                          (URIRef(ACT + "omega"), "Omega")]
    assert catalogue.choices(catalogue.get("events-between"), catalogue.get("events-between").params[0]) is None


def test_choices_are_named_in_the_reader_language_else_as_the_query_names_them(catalogue):
    coalition, certainty = catalogue.get("members").params
    assert catalogue.choices(catalogue.get("members"), coalition, "fr") == [(URIRef(ACT + "alpha"), "Alpha"),
                                                                             (URIRef(ACT + "omega"), "Oméga")]
    assert catalogue.choices(catalogue.get("members"), coalition, "en") == [(URIRef(ACT + "alpha"), "Alpha"),
                                                                             (URIRef(ACT + "omega"), "Omega")]
    french = catalogue.choices(catalogue.get("members"), certainty, "fr")
    assert french == catalogue.choices(catalogue.get("members"), certainty)
    assert [label for _, label in french] == ["alleged", "stated"]


@pytest.mark.parametrize("text", ["serma", "SERMA", "Sèrma", "ks"])
def test_name_search_ignores_case_and_accents(catalogue, text):
    assert rows(catalogue, "search", text=text) == [(ACT + "beta", "KS" if text == "ks" else "Katibat Sèrma")]


@pytest.mark.parametrize("value", [INJECTION, '\\" } #', "\\u0022 } #", 'a"""b', "line\nbreak } #", "'} #"])
def test_injection_attempts_are_plain_strings_that_match_nothing(catalogue, value):
    before = len(catalogue.loaded.dataset)
    assert rows(catalogue, "search", text=value) == []
    assert len(catalogue.loaded.dataset) == before


def test_bound_text_holds_one_values_row_of_escaped_terms(catalogue):
    query, bindings, text = catalogue.prepare("search", {"text": INJECTION})
    assert bindings == {"text": Literal(INJECTION), "lang": Literal("en")}
    assert 'VALUES (?lang ?text) { ("en" "x\\" } DELETE WHERE { ?s ?p ?o } #") }' in text


@pytest.mark.parametrize("given, expected", [
    ({"from": "2017"}, ["second", "third"]),
    ({"to": "2016-12-31"}, ["first"]),
    ({"from": "2019-04-03"}, ["second"]),
    ({"from": "2016-06", "to": "2019-01"}, ["first", "second"]),
    ({"from": "2016-12-31", "to": "2019"}, ["first", "second", "third"]),
    ({"perpetrator": "act:beta", "from": "2019"}, ["third"]),
])
def test_period_bounds_of_any_precision(catalogue, given, expected):
    assert [r[0].rsplit("/", 1)[1] for r in rows(catalogue, "events-between", **given)] == expected


@pytest.mark.parametrize("name, given, message", [
    ("search", {}, "parameter 'text' is required"),
    ("search", {"text": " "}, "parameter 'text' is required"),
    ("search", {"text": "x" * 501}, "parameter 'text' expects a text of at most 500 characters"),
    ("search", {"text": "a", "lang": "de"}, "parameter 'lang' expects a language tag"),
    ("events-between", {"from": "2019-13"}, "parameter 'from' expects a date YYYY-MM-DD or a month YYYY-MM"),
    ("events-between", {"to": "yesterday"}, "parameter 'to' expects"),
    ("members", {"coalition": "<http://x> } #"}, "parameter 'coalition' expects the IRI of a sahel:Coalition"),
    ("members", {"colaition": "act:alpha"}, "unknown parameter 'colaition'; members takes: coalition, certainty"),
])
def test_bad_or_missing_values_name_the_parameter_and_what_it_expects(catalogue, name, given, message):
    with pytest.raises(ParamError, match=message.replace("(", r"\(")):
        catalogue.prepare(name, given)


def test_unknown_query_and_federated_query_are_refused(catalogue):
    with pytest.raises(UnknownQuery):
        catalogue.get("no-such-query")
    assert not catalogue.get("federation-example").runnable
    with pytest.raises(NotRunHere, match="your own SPARQL client"):
        catalogue.prepare("federation-example", {})


def test_where_group_is_found_past_comments_strings_and_iris():
    text = 'PREFIX x: <http://e/{where}>\n# WHERE {\nSELECT ("WHERE {" AS ?s) ?where\nWHERE\n{ ?s ?p ?o }'
    assert text[where_brace(text):] == "{ ?s ?p ?o }"


@pytest.mark.parametrize("header, message", [
    ("#+ summary: s\n", "missing: description, tags, params"),
    ("#+ summary: s\n#+ description: d\n#+ tags: []\n#+ params: []\n", "tags a non-empty list"),
    ("#+ summary: [unclosed\n", "not valid YAML"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n#+   - name: x\n#+     type: xsd:integer\n",
     "missing \\['required', 'example'\\]"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n#+   - {name: y, type: xsd:integer, "
     "required: false, example: 1}\n", "parameter y is not a variable of the query"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n#+   - {name: x, type: xsd:integer, "
     "required: false, example: one}\n", "'one' is not a whole number"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n#+   - {name: x, type: xsd:integer, "
     "required: true, default: 1, example: 1}\n", "a required parameter has no default"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params: []\n#+ summary_de: z\n",
     "unknown header keys \\['summary_de'\\]"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params: []\n#+ summary_fr:\n",
     "summary_fr: a text is needed"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params: []\n#+ description_fr: [a, b]\n",
     "description_fr: a text is needed"),
    ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n#+   - {name: x, type: xsd:integer, "
     "required: false, example: 1, description: n, description_en: m}\n", "unknown \\['description_en'\\]"),
])
def test_incomplete_or_wrong_headers_are_reported_with_the_file(tmp_path, header, message):
    with pytest.raises(QueryFileError, match=f"q.rq: .*{message}"):
        read_query(write(tmp_path, header))


def test_french_texts_are_read_from_the_header(tmp_path):
    header = ("#+ summary: Members\n#+ summary_fr: Membres\n#+ description: >\n#+   The members\n#+   of a group.\n"
              "#+ description_fr: >\n#+   Les membres\n#+   d’un groupe.\n#+ tags: [t]\n#+ params:\n"
              "#+   - {name: x, type: xsd:integer, required: false, example: 1, description: Number,\n"
              "#+      description_fr: Nombre}\n")
    query = read_query(write(tmp_path, header))
    assert (query.summary_fr, query.description_fr) == ("Membres", "Les membres d’un groupe.")
    assert query.params[0].description_fr == "Nombre" and query.params[0].description == "Number"


def test_a_query_with_parameters_needs_a_where_group(tmp_path):
    header = ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n"
              "#+   - {name: x, type: xsd:integer, required: false, example: 1}\n")
    with pytest.raises(QueryFileError, match="explicit WHERE"):
        read_query(write(tmp_path, header, "ASK { ?x ?p ?o }"))


def test_typed_literal_values_keep_their_datatype(tmp_path):
    header = ("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params:\n"
              "#+   - {name: x, type: xsd:integer, required: false, example: 1}\n")
    query = read_query(write(tmp_path, header))
    assert '("42"^^<http://www.w3.org/2001/XMLSchema#integer>)' in bound_text(query, {"x": Literal(42)})
    assert Literal("42", datatype=XSD.integer) == Literal(42)


@pytest.mark.parametrize("variable, expected", [
    ("certaintyLabel", "Certainty"), ("budgetEURPerYear", "Budget EUR per year"), ("as_of", "As of"),
    ("countryCode", "Country code"), ("wkt", "Wkt"), ("Label", "Label"),
])
def test_column_headings_are_read_from_variable_names(variable, expected):
    assert heading(variable) == expected


def test_a_columns_header_must_name_variables_of_the_query(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ params: []\n#+ columns:\n#+   nothing: N\n"
                    "SELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="columns"):
        read_query(path)


def test_a_refused_value_lists_the_allowed_ones_when_they_are_few(catalogue):
    with pytest.raises(ParamError, match=r"\(one of: act:alpha, act:omega\); got 'act:beta'"):
        catalogue.prepare("members", {"coalition": "act:beta"})
