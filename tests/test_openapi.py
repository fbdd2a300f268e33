"""The OpenAPI document: valid OpenAPI 3, one operation per saved query with every declared parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_spec_validator import validate

from sahel_ld.queries import read_queries
from sahel_ld.web import create_app

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The app over the real queries, with its SPARQL workers stopped afterwards."""
    app = create_app({"root": str(ROOT), "sparql_workers": 1, "dumps_dir": str(tmp_path_factory.mktemp("d"))})
    yield app.test_client()
    app.extensions["sahel_ld_sparql"].close()


def test_openapi_document_is_valid_and_lists_every_saved_query(client):
    response = client.get("/openapi.json")
    document = response.get_json()
    assert response.status_code == 200 and response.mimetype == "application/json"
    validate(document)
    saved = read_queries(QUERIES)
    assert sorted(document["paths"]) == sorted([*(f"/queries/{name}" for name in saved), "/api/search"])
    for name, query in saved.items():
        operation = document["paths"][f"/queries/{name}"]["get"]
        assert operation["summary"] == query.summary and operation["tags"] == list(query.tags)
        assert operation["x-summary-fr"] == query.summary_fr and operation["x-description-fr"] == query.description_fr
        declared = {p["name"]: p for p in operation["parameters"]}
        assert list(declared) == [p.name for p in query.params] + ["format"]
        for param in query.params:
            assert declared[param.name].get("x-description-fr") == (param.description_fr or None)
            assert declared[param.name]["required"] is param.required
            assert declared[param.name]["example"] == param.example


def test_parameter_schemas_follow_the_declared_types(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    on_date = {p["name"]: p for p in paths["/queries/leaders-on-date"]["get"]["parameters"]}
    assert on_date["as_of"]["required"] is True
    assert on_date["as_of"]["schema"]["pattern"].startswith("^(\\d{4}-(0[1-9]|1[0-2])-")
    search = {p["name"]: p for p in paths["/queries/name-search"]["get"]["parameters"]}
    assert search["text"]["schema"] == {"type": "string", "maxLength": 500}
    assert search["lang"]["schema"] == {"type": "string", "enum": ["en", "fr"]}
    members = {p["name"]: p for p in paths["/queries/coalition-members"]["get"]["parameters"]}
    assert members["coalition"]["schema"]["default"] == "act:jnim"
    assert "sahel:Coalition" in members["coalition"]["description"]


def test_iri_parameters_list_their_allowed_values_including_default_and_example(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    members = {p["name"]: p for p in paths["/queries/coalition-members"]["get"]["parameters"]}
    assert members["coalition"]["schema"]["enum"] == ["act:cma", "act:cme", "act:jnim", "act:plateforme"]
    category = {p["name"]: p for p in paths["/queries/actors-by-category"]["get"]["parameters"]}["category"]
    assert sorted(category["schema"]["enum"]) == ["cpt:foreign-actor", "cpt:jihadist", "cpt:non-jihadist"]
    for path in paths.values():
        for parameter in path["get"]["parameters"]:
            schema = parameter["schema"]
            if "enum" in schema:
                assert parameter.get("example", schema["enum"][0]) in schema["enum"], parameter["name"]
                assert schema.get("default", schema["enum"][0]) in schema["enum"], parameter["name"]
