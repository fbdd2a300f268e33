"""Saved queries: read ``queries/*.rq`` with their ``#+`` header, check parameters, bind them as RDF terms.

A saved query is a valid SPARQL file whose first lines are ``#+ key: value`` comments (the grlc
convention) holding YAML: ``summary``, ``description``, ``tags``, ``params`` and, optionally, ``columns``
(the headings of result columns, by variable) and the French texts ``summary_fr`` and ``description_fr``
(a parameter's ``description`` likewise has its ``description_fr``); French pages show these, and the English
texts where there are none. Each parameter names a variable of the query; a value given by
a user is turned into an RDF term of the declared type, checked (against the enumeration when there is one)
and bound in a ``VALUES`` row at the head of the ``WHERE`` group, written by Oxigraph's own term serialiser.
The user's text never becomes query syntax.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .formats import Format
from .results import rdflib_to_oxigraph
from .namespaces import PREFIXES
from .sparql import Answer, Engine, QueryRequest
from .store import LoadedData

HEADER_KEYS = ("summary", "description", "tags", "params")
TRANSLATED_KEYS = ("summary_fr", "description_fr")  # optional French texts of the header
OPTIONAL_KEYS = ("columns", *TRANSLATED_KEYS)
PARAM_KEYS = {"name", "type", "required", "default", "example", "description", "description_fr", "scheme", "values"}
NOT_RUN_TAG = "federation"
MAX_STRING = 500
MAX_LISTED = 12  # allowed values a refusal lists in full
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Literal types a parameter may declare: how a value must look and how to say so.
LITERAL_TYPES: dict[str, tuple[re.Pattern, str]] = {
    "xsd:string": (re.compile(rf"^.{{0,{MAX_STRING}}}$", re.S), f"a text of at most {MAX_STRING} characters"),
    "xsd:integer": (re.compile(r"^[+-]?\d{1,18}$"), "a whole number"),
    "xsd:decimal": (re.compile(r"^[+-]?(\d{1,18}(\.\d{0,18})?|\.\d{1,18})$"), "a decimal number"),
    "xsd:boolean": (re.compile(r"^(true|false)$"), "true or false"),
    "xsd:date": (re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"), "a date YYYY-MM-DD"),
    "xsd:gYearMonth": (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), "a month YYYY-MM"),
    "xsd:gYear": (re.compile(r"^\d{4}$"), "a year YYYY"),
    "language": (re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$", re.I), "a language tag such as en or fr"),
}
# The same words in French, for the hints of the forms on French pages.
LITERAL_WORDS_FR = {
    "xsd:string": f"un texte d’au plus {MAX_STRING} caractères", "xsd:integer": "un nombre entier",
    "xsd:decimal": "un nombre décimal", "xsd:boolean": "true ou false", "xsd:date": "une date AAAA-MM-JJ",
    "xsd:gYearMonth": "un mois AAAA-MM", "xsd:gYear": "une année AAAA",
    "language": "un code de langue comme en ou fr",
}

# Tokens that matter when finding the WHERE group: comments, strings and IRIs are skipped whole.
_TOKENS = re.compile(r"""
    (?P<skip>\#[^\n]*|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
             |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<where>(?<![\w?$:.-])WHERE(?![\w:-]))
  | (?P<brace>\{)
""", re.X | re.I | re.S)

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, 10x faster, where installed


class QueryFileError(ValueError):
    """A saved query file is not usable; the message names the file and what is wrong."""


class UnknownQuery(KeyError):
    """No saved query has this name."""


class ParamError(ValueError):
    """A parameter value is missing or not of the declared type; the message says what is expected."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class NotRunHere(ValueError):
    """The saved query is published to be run in the user's own SPARQL client, not by this service."""


@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable it binds, its type, default, example and choices."""

    name: str
    types: tuple[str, ...]
    required: bool
    example: str
    default: str | None = None
    description: str = ""
    scheme: str | None = None
    values: str | tuple[str, ...] | None = None
    description_fr: str = ""

    @property
    def is_iri(self) -> bool:
        return self.types[0] not in LITERAL_TYPES

    @property
    def has_choices(self) -> bool:
        return self.is_iri or self.values is not None

    def description_in(self, lang: str) -> str:
        """The description in the reader's language: the French one on French pages when there is one."""
        return (self.description_fr if lang == "fr" else "") or self.description

    def expects(self, lang: str = "en") -> str:
        """What a value must be, in words (English unless ``lang`` is fr)."""
        if lang == "fr":
            return self._expects_fr()
        if self.scheme:
            return f"a concept of the scheme {self.scheme}, such as {self.example}"
        if self.is_iri:
            return f"the IRI of a {self.types[0]}, such as {self.example}"
        return " or ".join(LITERAL_TYPES[t][1] for t in self.types) + f", such as {self.example}"

    def _expects_fr(self) -> str:
        if self.scheme:
            return f"un concept du schéma {self.scheme}, par exemple {self.example}"
        if self.is_iri:
            return f"l’IRI d’une ressource de type {self.types[0]}, par exemple {self.example}"
        return " ou ".join(LITERAL_WORDS_FR[t] for t in self.types) + f", par exemple {self.example}"

    def choices_query(self) -> str | None:
        """A SELECT of the allowed ``?value``s (with a ``?label``), or None when any well-typed value goes."""
        if isinstance(self.values, str):
            return self.values
        if self.scheme:
            pattern = f"?value <{SKOS_IN_SCHEME}> <{expand(self.scheme)}>"
        elif self.is_iri:
            pattern = f"?value a <{expand(self.types[0])}>"
        else:
            return None
        return (f"SELECT DISTINCT ?value ?label WHERE {{ {pattern} "
                f"OPTIONAL {{ ?value <{RDFS_LABEL}> ?label FILTER(LANGMATCHES(LANG(?label), \"en\")) }} }}")


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/<name>.rq`` file: its header and its SPARQL text."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    text: str
    path: Path = field(compare=False)
    columns: Mapping[str, str] = field(default_factory=dict, compare=False)
    summary_fr: str = ""
    description_fr: str = ""

    def summary_in(self, lang: str) -> str:
        """The summary in the reader's language: the French one on French pages when there is one."""
        return (self.summary_fr if lang == "fr" else "") or self.summary

    def description_in(self, lang: str) -> str:
        """The description in the reader's language: the French one on French pages when there is one."""
        return (self.description_fr if lang == "fr" else "") or self.description

    @property
    def runnable(self) -> bool:
        """False for queries published for the user's own client (federated ones)."""
        return NOT_RUN_TAG not in self.tags

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def heading(self, variable: str) -> str:
        """The heading of a result column: the one the header gives, else one read from the variable's name."""
        return self.columns.get(variable) or heading(variable)


def heading(variable: str) -> str:
    """A readable heading from a variable name: ``certaintyLabel`` reads Certainty, ``as_of`` As of."""
    if variable.endswith("Label") and len(variable) > len("Label"):
        variable = variable[:-len("Label")]
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", variable.replace("_", " "))
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words) or variable
    return text[:1].upper() + text[1:]


SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def expand(name: str) -> str:
    """A full IRI from a prefixed name of the project's prefix table (or a full IRI as is)."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


def compact(iri: str) -> str:
    """The shortest prefixed name of an IRI, or the IRI itself."""
    best = max((p for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda p: len(PREFIXES[p]), default=None)
    return iri if best is None else best + ":" + iri[len(PREFIXES[best]):]


def split_header(text: str) -> tuple[str, str]:
    """The YAML held in the leading ``#+`` lines, and the rest of the file."""
    lines = text.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    header = "".join(re.sub(r"^#\+ ?", "", line) for line in lines[:count])
    return header, "".join(lines[count:])


def _param(raw: object, where: str) -> Param:
    """A Param from its header mapping, or QueryFileError saying what is missing."""
    if not isinstance(raw, dict):
        raise QueryFileError(f"{where}: each parameter must be a mapping")
    missing = [k for k in ("name", "type", "required", "example") if k not in raw]
    unknown = set(raw) - PARAM_KEYS
    if missing or unknown:
        raise QueryFileError(f"{where}: parameter {raw.get('name', '?')}: missing {missing}, unknown {sorted(unknown)}")
    types = tuple(raw["type"]) if isinstance(raw["type"], list) else (str(raw["type"]),)
    if len(types) > 1 and not all(t in LITERAL_TYPES for t in types):
        raise QueryFileError(f"{where}: parameter {raw['name']}: only literal types may be combined")
    values = raw.get("values")
    if not isinstance(raw.get("description_fr", ""), str):
        raise QueryFileError(f"{where}: parameter {raw['name']}: description_fr must be a text")
    param = Param(name=str(raw["name"]), types=types, required=raw["required"] is True,
                  example=str(raw["example"]), default=None if raw.get("default") is None else str(raw["default"]),
                  description=str(raw.get("description", "")), scheme=raw.get("scheme"),
                  values=tuple(str(v) for v in values) if isinstance(values, list) else values,
                  description_fr=str(raw.get("description_fr", "")).strip())
    if not VARIABLE.match(param.name) or not isinstance(raw["required"], bool):
        raise QueryFileError(f"{where}: parameter {param.name}: a variable name and required: true|false needed")
    if param.required and param.default is not None:
        raise QueryFileError(f"{where}: parameter {param.name}: a required parameter has no default")
    for value in (param.example, param.default):
        if value is not None and not isinstance(term_of(param, value), Identifier):
            raise QueryFileError(f"{where}: parameter {param.name}: {value!r} is not {param.expects()}")
    return param


def read_query(path: Path) -> SavedQuery:
    """Read and check one saved query file."""
    where = path.name
    header_text, body = split_header(path.read_text(encoding="utf-8"))
    try:
        header = yaml.load(header_text, Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as error:
        raise QueryFileError(f"{where}: the #+ header is not valid YAML: {error}") from None
    missing = [k for k in HEADER_KEYS if k not in header or header[k] in (None, "")]
    if not NAME.match(path.stem) or missing or not isinstance(header.get("tags"), list) or not header["tags"]:
        raise QueryFileError(f"{where}: needs a lowercase-hyphen name and a header with {', '.join(HEADER_KEYS)} "
                             f"(tags a non-empty list); missing: {', '.join(missing) or 'none'}")
    params = tuple(_param(raw, where) for raw in (header["params"] if isinstance(header["params"], list) else []))
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise QueryFileError(f"{where}: parameter {param.name} is not a variable of the query")
    if params and where_brace(body) is None:
        raise QueryFileError(f"{where}: a query with parameters needs an explicit WHERE {{ … }} group")
    columns = header.get("columns") or {}
    unknown = sorted(set(header) - set(HEADER_KEYS) - set(OPTIONAL_KEYS))
    if unknown or not isinstance(columns, dict) or not all(re.search(rf"[?$]{v}\b", body) for v in columns):
        raise QueryFileError(f"{where}: unknown header keys {unknown}, or columns: is not a mapping from "
                             f"variables of the query to headings")
    untranslated = [k for k in TRANSLATED_KEYS if k in header and (not isinstance(header[k], str)
                                                                   or not header[k].strip())]
    if untranslated:
        raise QueryFileError(f"{where}: {', '.join(untranslated)}: a text is needed when the key is given")
    return SavedQuery(name=path.stem, summary=str(header["summary"]).strip(),
                      description=str(header["description"]).strip(), tags=tuple(str(t) for t in header["tags"]),
                      params=params, text=body.lstrip("\n"), path=path,
                      columns={str(k): str(v) for k, v in columns.items()},
                      summary_fr=str(header.get("summary_fr", "")).strip(),
                      description_fr=str(header.get("description_fr", "")).strip())


def read_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of a folder by name, sorted by name."""
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


def term_of(param: Param, value: str) -> Identifier | str:
    """The RDF term a text value stands for under the parameter's type, or what it should have been."""
    value = value.strip()
    if param.is_iri:
        iri = expand(value)
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError:
            return param.expects()
        return URIRef(iri) if re.match(r"^[a-z][a-z0-9+.-]*:", iri, re.I) else param.expects()
    for name in param.types:
        pattern, _ = LITERAL_TYPES[name]
        if pattern.match(value):
            if name == "language":
                return Literal(value.lower())
            return Literal(value) if name == "xsd:string" else Literal(value, datatype=XSD[name[4:]])
    return param.expects()


def bind(query: SavedQuery, given: Mapping[str, str],
         choices: Callable[[Param], list[Identifier] | None]) -> dict[str, Identifier]:
    """The RDF term of every parameter that has a value (given or default); ParamError names a bad one."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        raise ParamError(unknown[0], f"unknown parameter '{unknown[0]}'; {query.name} takes: "
                                     f"{', '.join(p.name for p in query.params) or 'no parameters'}")
    bindings: dict[str, Identifier] = {}
    for param in query.params:
        value = given.get(param.name)
        if value is None or value.strip() == "":
            if param.required:
                raise ParamError(param.name, f"parameter '{param.name}' is required: give {param.expects()}")
            value = param.default
            if value is None:
                continue
        term = term_of(param, value)
        allowed = choices(param) if isinstance(term, Identifier) else None
        if not isinstance(term, Identifier) or (allowed is not None and term not in allowed):
            listed = f" (one of: {', '.join(compact(str(t)) for t in allowed)})" if allowed and len(
                allowed) <= MAX_LISTED else ""
            raise ParamError(param.name, f"parameter '{param.name}' expects {param.expects()}{listed}; got {value!r}")
        bindings[param.name] = term
    return bindings


def where_brace(text: str) -> int | None:
    """The offset of the brace that opens the query's WHERE group (comments, strings and IRIs skipped)."""
    seen_where = False
    for match in _TOKENS.finditer(text):
        if match.lastgroup == "where":
            seen_where = True
        elif match.lastgroup == "brace" and seen_where:
            return match.start()
    return None


def bound_text(query: SavedQuery, bindings: Mapping[str, Identifier]) -> str:
    """The query text with one VALUES row of the bound terms at the head of its WHERE group."""
    if not bindings:
        return query.text
    names = sorted(bindings)
    row = " ".join(str(rdflib_to_oxigraph(bindings[n])) for n in names)  # Oxigraph escapes
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    brace = where_brace(query.text)
    return query.text[:brace + 1] + values + query.text[brace + 1:]


def _by_label(choice: tuple[Identifier, str]) -> tuple[str, str]:
    """How choices are ordered: by label, ignoring case and accents (Événement files among the e's), then IRI."""
    letters = unicodedata.normalize("NFKD", choice[1].casefold())
    return "".join(c for c in letters if not unicodedata.combining(c)), str(choice[0])


class Catalogue:
    """The saved queries of a dataset and the allowed values of their parameters."""

    def __init__(self, loaded: LoadedData) -> None:
        self.loaded = loaded
        self.queries = read_queries(loaded.root / "queries")
        self._choices: dict[tuple[str, str], list[tuple[Identifier, str]] | None] = {}
        self._named: dict[tuple[str, str, str], list[tuple[Identifier, str]]] = {}

    def get(self, name: str) -> SavedQuery:
        """The saved query of this name, or UnknownQuery."""
        if name not in self.queries:
            raise UnknownQuery(name)
        return self.queries[name]

    def choices(self, query: SavedQuery, param: Param, lang: str | None = None) -> list[tuple[Identifier, str]] | None:
        """The allowed values of a parameter with their labels, or None when any well-typed value goes.

        The labels are those the choices query gives (English); with ``lang``, a resource that has a label in
        that language is named by it instead, and choices read from the data are sorted by the labels shown."""
        found = self._found(query, param)
        if lang is None or found is None:
            return found
        key = (query.name, param.name, lang)
        if key not in self._named:
            named = list(dict.fromkeys(
                (term, (self.loaded.label_in(term, lang) if isinstance(term, URIRef) else None) or label)
                for term, label in found))
            if not isinstance(param.values, tuple):  # values listed in the header keep their order
                named.sort(key=_by_label)
            self._named[key] = named
        return self._named[key]

    def _found(self, query: SavedQuery, param: Param) -> list[tuple[Identifier, str]] | None:
        """The allowed values of a parameter with the labels its choices query gives, read once."""
        key = (query.name, param.name)
        if key not in self._choices:
            if isinstance(param.values, tuple):
                found = [(term_of(param, v), v) for v in param.values]
            elif param.has_choices:
                rows = self.loaded.dataset.query(param.choices_query())
                found = sorted({(row.value, str(row.label or compact(str(row.value)))) for row in rows},
                               key=_by_label)
            else:
                found = None
            self._choices[key] = found
        return self._choices[key]

    def prepare(self, name: str, given: Mapping[str, str]) -> tuple[SavedQuery, dict[str, Identifier], str]:
        """The query, its bindings and the text to run; UnknownQuery, ParamError or NotRunHere when not."""
        query = self.get(name)
        if not query.runnable:
            raise NotRunHere(f"{name} is a federated query: this service does not call other endpoints; "
                             f"copy its SPARQL into your own SPARQL client to run it")
        bindings = bind(query, given, lambda p: [t for t, _ in self.choices(query, p) or []] if p.has_choices else None)
        return query, bindings, bound_text(query, bindings)



def answer(engine: Engine, catalogue: Catalogue, name: str, given: Mapping[str, str], fmt: Format) -> Answer:
    """A saved query's answer in a results format, run by the SPARQL engine (time limit, row cap)."""
    _, _, text = catalogue.prepare(name, given)
    return engine.run(QueryRequest(text=text, results_format=fmt))


def table(answer_json: Answer) -> tuple[list[str], list[dict[str, dict]]]:
    """The column names and rows of an answer written as SPARQL JSON results."""
    body = json.loads(answer_json.body)
    return body["head"]["vars"], body["results"]["bindings"]
