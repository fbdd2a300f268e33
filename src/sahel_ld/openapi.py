"""The OpenAPI 3 description of the saved queries (one GET operation per query, one parameter per declared one)
and of the name search.

The texts are English; the French ones, where a query has them, are given beside them as ``x-summary-fr`` and
``x-description-fr``."""

from __future__ import annotations

from . import __version__, formats
from .queries import LITERAL_TYPES, MAX_STRING, Catalogue, Param, SavedQuery, compact
from .search import KINDS

PROBLEM = {"description": "What is wrong, naming the parameter and what it expects",
           "content": {"text/plain": {"schema": {"type": "string"}},
                       "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _schema(param: Param, choices: list[str] | None) -> dict:
    """The JSON schema of a parameter's values, as text in a query string; ``choices`` are the allowed ones."""
    if choices is not None:
        return {"type": "string", "enum": choices}
    if param.types == ("xsd:string",):
        return {"type": "string", "maxLength": MAX_STRING}
    shapes = [LITERAL_TYPES[t][0].pattern.strip("^$") for t in param.types]
    return {"type": "string", "pattern": "^(" + "|".join(shapes) + ")$"}


def _parameter(catalogue: Catalogue, query: SavedQuery, param: Param) -> dict:
    """An OpenAPI query parameter from a declared one; IRIs and enumerations list their allowed values."""
    allowed = catalogue.choices(query, param)
    schema = _schema(param, None if allowed is None else [compact(str(term)) for term, _ in allowed])
    if param.default is not None:
        schema["default"] = param.default
    described = f"{param.description}. " if param.description else ""
    parameter = {"name": param.name, "in": "query", "required": param.required, "schema": schema,
                 "example": param.example, "description": f"{described}Expects {param.expects()}."}
    if param.description_fr:
        parameter["x-description-fr"] = param.description_fr
    return parameter


def _operation(catalogue: Catalogue, query: SavedQuery) -> dict:
    """The GET operation of one saved query."""
    results = {f.media_type: {"schema": {}} for f in formats.RESULTS}
    results["text/html"] = {"schema": {"type": "string"}}
    description = query.description
    if not query.runnable:
        description += " Published to be run in your own SPARQL client: this service answers 400."
    names = ", ".join(f.name for f in (*formats.RESULTS, formats.by_name("html")))
    french = {key: text for key, text in (("x-summary-fr", query.summary_fr),
                                          ("x-description-fr", query.description_fr)) if text}
    return {"get": {
        "operationId": query.name.replace("-", "_"),
        "summary": query.summary,
        "description": description,
        **french,
        "tags": list(query.tags),
        "parameters": [_parameter(catalogue, query, p) for p in query.params] + [{
            "name": "format", "in": "query", "required": False,
            "description": f"Format of the answer ({names}); without it, the Accept header decides.",
            "schema": {"type": "string", "enum": [f.name for f in formats.RESULTS] + ["html"]}}],
        "responses": {
            "200": {"description": "The results (SPARQL results JSON, XML, CSV, TSV, or the page)",
                    "content": results},
            "400": PROBLEM,
            "503": {"description": "The query ran past the time limit or the service is busy"},
        },
    }}


SEARCH = {"get": {
    "operationId": "search",
    "summary": "Find resources by name",
    "description": "Organisations, people, places, events and other resources whose English or French name, acronym "
                   "or other name matches the text, best first, each once. Case, accents, apostrophes and hyphens "
                   "are ignored: \"gsim\" finds JNIM, \"tombouctou\" finds Timbuktu.",
    "x-summary-fr": "Trouver des ressources par leur nom",
    "tags": ["search"],
    "parameters": [
        {"name": "q", "in": "query", "required": True, "description": "The text to look for",
         "schema": {"type": "string", "maxLength": 200}, "example": "gsim"},
        {"name": "kind", "in": "query", "required": False, "description": "Only resources of this kind",
         "schema": {"type": "string", "enum": list(KINDS)}},
        {"name": "lang", "in": "query", "required": False, "description": "Language of the names given back",
         "schema": {"type": "string", "enum": ["en", "fr"], "default": "en"}},
        {"name": "limit", "in": "query", "required": False, "description": "Most results given back",
         "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
    ],
    "responses": {
        "200": {"description": "The matching resources, best first", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/SearchResults"}}}},
        "400": PROBLEM,
    },
}}
SEARCH_RESULTS = {"type": "object", "required": ["query", "results"], "properties": {
    "query": {"type": "string"}, "kind": {"type": "string", "nullable": True}, "lang": {"type": "string"},
    "results": {"type": "array", "items": {"type": "object", "required": ["id", "kind", "label", "score", "url", "page"],
                "properties": {
                    "id": {"type": "string", "description": "The resource's IRI"},
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "kindLabel": {"type": "string"},
                    "label": {"type": "string", "description": "Its name in the language asked for"},
                    "type": {"type": "string", "description": "Its most specific class, named"},
                    "matched": {"type": "string", "description": "The name that matched the text"},
                    "score": {"type": "integer", "minimum": 0, "maximum": 100},
                    "url": {"type": "string", "description": "Its page's URL under the configured base URL"},
                    "page": {"type": "string", "description": "Its page's path on this server"}}}}}}


def openapi_document(catalogue: Catalogue, server: str) -> dict:
    """The whole OpenAPI 3.0 document for the saved queries served at ``server``."""
    tags = sorted({t for q in catalogue.queries.values() for t in q.tags} | {"search"})
    return {
        "openapi": "3.0.3",
        "info": {"title": "sahel-ld saved queries", "version": __version__,
                 "description": "Questions about the armed actors in the conflict in Mali and the Sahel, answered "
                                "from the sahel-ld knowledge graph. Parameters are typed and bound as RDF terms."},
        "servers": [{"url": server}],
        "tags": [{"name": t} for t in tags],
        "paths": {**{f"/queries/{q.name}": _operation(catalogue, q) for q in catalogue.queries.values()},
                  "/api/search": SEARCH},
        "components": {"schemas": {"Problem": {"type": "object", "properties": {
            "status": {"type": "integer"}, "error": {"type": "string"}, "detail": {"type": "string"}}},
            "SearchResults": SEARCH_RESULTS}},
    }
