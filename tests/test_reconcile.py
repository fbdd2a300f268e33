"""The reconciliation service over HTTP against a live server: every answer valid against the specification's
JSON Schemas (0.2), a spreadsheet of messy names reconciled in OpenRefine's batches with the expected matches."""

from __future__ import annotations

import csv
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from rdflib import URIRef
from rdflib.namespace import OWL
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

HERE = Path(__file__).resolve().parent / "reconciliation"
SCHEMAS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (HERE / "schemas-0.2").glob("*.json")}
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)) for schema in SCHEMAS.values())
ROWS = list(csv.DictReader((HERE / "messy-names.csv").read_text(encoding="utf-8").splitlines()))
BATCH = 10  # OpenRefine sends queries ten at a time


def valid(document, schema: str) -> None:
    """Fail with every error when ``document`` breaks the named schema of the specification."""
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in Draft7Validator(SCHEMAS[schema], registry=REGISTRY).iter_errors(document)]
    assert errors == [], schema


def call(url: str, form: dict | None = None) -> tuple[int, dict, object]:
    """GET (or POST a form) and parse the JSON answer: (status, headers, body)."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with urllib.request.urlopen(url, data=data, timeout=30) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def query_of(row: dict) -> dict:
    query = {"query": row["name"], "limit": 5}
    if row["type"]:
        query["type"] = row["type"]
    return query


@pytest.fixture(scope="module")
def service(live_server) -> str:
    return live_server.url + "/reconcile"


def test_manifest_is_valid_and_names_the_services(service, live_server):
    status, headers, manifest = call(service)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    valid(manifest, "manifest")
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/sahel-ld/id/"
    assert manifest["view"]["url"] == "https://w3id.org/sahel-ld/id/{{id}}"  # the configured base, never the Host
    assert [t["id"] for t in manifest["defaultTypes"]] == ["Organisation", "Person", "Place", "Event"]


def test_spreadsheet_of_messy_names_reconciles_to_the_expected_entities(service):
    """Acronyms, French names, spelling variants and unknown names, posted in batches as OpenRefine does."""
    wrong = []
    for start in range(0, len(ROWS), BATCH):
        rows = ROWS[start:start + BATCH]
        batch = {f"q{start + i}": query_of(row) for i, row in enumerate(rows)}
        valid(batch, "reconciliation-query-batch")
        status, _, answer = call(service, {"queries": json.dumps(batch)})
        assert status == 200
        valid(answer, "reconciliation-result-batch")
        for i, row in enumerate(rows):
            result = answer[f"q{start + i}"]["result"]
            scores = [c["score"] for c in result]
            assert scores == sorted(scores, reverse=True), row["name"]
            matched = [c["id"] for c in result if c["match"]]
            if matched != ([row["expected"]] if row["expected"] else []):
                wrong.append((row["name"], row["expected"], [(c["id"], c["score"]) for c in result[:3]]))
            if row["expected"]:
                assert result[0]["id"] == row["expected"]
    assert wrong == []


def test_every_candidate_has_the_asked_type(service):
    status, _, answer = call(service, {"queries": json.dumps({"q": {"query": "Tombouctou", "type": "Site"}})})
    assert status == 200
    result = answer["q"]["result"]
    assert result and all(c["id"].startswith("site/") for c in result)


def test_property_constraint_raises_the_candidate_that_holds_it(service):
    loose = {"query": "Ansar", "type": "Organisation"}
    strict = {**loose, "properties": [{"pid": "coalition", "v": "JNIM"}]}
    status, _, answer = call(service, {"queries": json.dumps({"loose": loose, "strict": strict})})
    valid(answer, "reconciliation-result-batch")
    scores = {c["id"]: c["score"] for c in answer["loose"]["result"]}
    top = answer["strict"]["result"][0]
    assert top["id"] == "org/ansar-al-din"
    assert {"id": "property_coalition", "value": True} in top["features"]
    others = [c for c in answer["strict"]["result"][1:] if scores.get(c["id"])]
    assert all(c["score"] < top["score"] for c in others)


def test_query_by_properties_alone_finds_the_members_of_a_coalition(service):
    batch = {"q": {"properties": [{"pid": "coalition", "v": {"id": "org/jnim", "name": "JNIM"}}], "limit": 25}}
    valid(batch, "reconciliation-query-batch")
    _, _, answer = call(service, {"queries": json.dumps(batch)})
    valid(answer, "reconciliation-result-batch")
    assert {"org/ansar-al-din", "org/aqim", "org/katibat-macina"} <= {c["id"] for c in answer["q"]["result"]}


@pytest.mark.parametrize(("path", "schema", "expected"), [
    ("/suggest/entity?prefix=gsi", "suggest-entities-response", "org/jnim"),
    ("/suggest/type?prefix=coal", "suggest-types-response", "Coalition"),
    ("/suggest/property?prefix=lead", "suggest-properties-response", "leaders"),
    ("/propose_properties?type=Organisation", "data-extension-property-proposal", "wikidata"),
])
def test_suggest_and_property_proposals_are_valid(service, path, schema, expected):
    status, headers, answer = call(service + path)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    valid(answer, schema)
    listed = answer.get("result", answer.get("properties"))
    assert listed[0]["id"] == expected or expected in [item["id"] for item in listed]


def test_data_extension_gives_category_coalition_leaders_and_wikidata(service, app):
    extension = {"ids": ["org/ansar-al-din", "org/jnim", "org/no-such-group"],
                 "properties": [{"id": p} for p in ("category", "coalition", "leaders", "wikidata")]}
    valid(extension, "data-extension-query")
    status, _, answer = call(service, {"extend": json.dumps(extension)})
    assert status == 200
    valid(answer, "data-extension-response")
    assert [m["id"] for m in answer["meta"]] == ["category", "coalition", "leaders", "wikidata"]
    jnim, ansar = answer["rows"]["org/jnim"], answer["rows"]["org/ansar-al-din"]
    assert jnim["category"] == [{"id": "concept/jihadist", "name": "Jihadist"}]
    assert {"id": "org/jnim", "name": "Group for the Support of Islam and Muslims"} in ansar["coalition"]
    assert {"id": "person/iyad-ag-ghali", "name": "Iyad Ag Ghali"} in jnim["leaders"]
    linked = app.extensions["sahel_ld"].dataset.objects(URIRef("https://w3id.org/sahel-ld/id/org/jnim"), OWL.sameAs)
    items = sorted(str(o).rsplit("/", 1)[-1] for o in linked if str(o).startswith("http://www.wikidata.org/"))
    assert items and jnim["wikidata"] == [{"id": q, "name": q} for q in items]
    assert answer["rows"]["org/no-such-group"] == {p: [] for p in ("category", "coalition", "leaders", "wikidata")}


@pytest.mark.parametrize(("form", "named"), [
    ({"queries": "{not json"}, "queries: not valid JSON"),
    ({"queries": "[]"}, "queries: expected a JSON object"),
    ({"queries": '{"q": {"type": "Organisation"}}'}, "queries: q needs a query string or properties"),
    ({"queries": '{"q": {"query": "x", "type": "Unicorn"}}'}, "unknown type 'Unicorn'"),
    ({"queries": '{"q": {"query": "x", "limit": "ten"}}'}, "limit must be a positive number"),
    ({"extend": '{"ids": ["org/jnim"], "properties": [{"id": "budget"}]}'}, "unknown property 'budget'"),
    ({"extend": '{"ids": "org/jnim", "properties": []}'}, "ids must be a list"),
])
def test_bad_requests_get_400_saying_what_is_wrong(service, form, named):
    status, headers, body = call(service, form)
    assert status == 400 and named in body
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_jsonp_callback_is_answered_only_for_a_plain_name(service):
    with urllib.request.urlopen(service + "?callback=jsonp123", timeout=10) as response:
        assert response.read().decode().startswith("/**/jsonp123({")
    assert call(service + "?callback=alert(document.cookie)")[0] == 400


def test_preview_is_a_small_card_any_site_may_frame(service):
    with urllib.request.urlopen(service + "/preview?id=org/jnim", timeout=10) as response:
        page, policy = response.read().decode(), response.headers["Content-Security-Policy"]
    assert "<h1>Group for the Support of Islam and Muslims</h1>" in page and "Iyad Ag Ghali" in page
    assert "frame-ancestors *" in policy and "script-src" not in policy
    assert call(service + "/preview?id=org/nothing")[0] == 404
