"""Evaluate on an external SPARQL 1.1 engine (``store=sparql``) and answer as the embedded store does.

A query worker with ``store=sparql`` sends each query to the engine at ``sparql_url``. Engines differ in
what they accept, which graphs they hold and how they write answers; so that ``/sparql`` and the saved
queries behave the same whatever the engine (tested with the Oxigraph server and Virtuoso 7):

- Oxigraph parses and plans each query first, over an empty store. A syntax error gets the embedded store's
  message and position, and only the SPARQL 1.1 Oxigraph evaluates reaches the engine, never an engine's
  own extensions (Virtuoso's ``define`` pragmas, its ``bif:`` and ``sql:`` functions, some of which read
  files or fetch URLs). The plan also gives the query's form and, for SELECT, its columns.
- The dataset is always explicit, in the protocol's ``default-graph-uri`` and ``named-graph-uri``: the
  graphs the query or the request names, else all of ours as the default graph (their union) and as the
  named graphs; so an engine's own graphs (Virtuoso's system graphs) never show, whatever its default graph.
  A query that names default graphs only is sent one named graph that holds nothing, ``NO_GRAPH``: an
  engine may otherwise take every graph it holds as the named ones (Virtuoso does).
- SELECT and ASK are asked for in SPARQL JSON, graphs in N-Triples, one type per request (Virtuoso picks
  a type by the Accept header's order, not by the query's form: it would answer a CONSTRUCT in JSON).
- The JSON is read leniently: ``typed-literal``; blank node labels of any shape (Virtuoso:
  ``nodeID://b10000``) made valid; an ASK answered as a one-column table (Virtuoso 7) read as its boolean;
  the columns are the query's, in its order (Virtuoso adds ``_star_fake`` to ``SELECT *`` with no variable).
- The engine's own time limit (Virtuoso: an error ``S1T00 ... Transaction timed out``; the Oxigraph server:
  an answer that ends with ``The SPARQL operation has been cancelled``) is ours: a 503. An answer the
  engine says it cut (Virtuoso's ``X-SPARQL-MaxRows``) is reported as cut, never passed off as whole, and
  one it says is incomplete (``X-SQL-State``) as timed out.
- An engine that cannot be reached, answers an error other than a refusal (400) or a timeout, or gives an
  answer that cannot be read is a 502 naming it, never cached.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox

from .formats import Format
from .results import XSD_STRING, Unwritable
from .sparql_worker import (OXIGRAPH_POSITION, QueryError, QueryTimedOut, UpstreamError, chosen, syntax_error,
                            written_boolean, written_rows, written_triples)

NO_GRAPH = "urn:x-sahel-ld:no-graph"  # a graph no engine holds: the named graphs when only default ones are named
RESULTS_JSON, N_TRIPLES = "application/sparql-results+json", "application/n-triples"
VIRTUOSO_ECHO = "\n\nSPARQL query:"  # Virtuoso's errors repeat the query after this
TIMED_OUT = re.compile(r"\bS1T00\b|timed out|timeout|cancelled", re.IGNORECASE)
BNODE_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")  # valid in every format we write
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _label(label: str) -> str:
    """A blank node label valid in N-Triples, Turtle and the results formats: itself, or a digest of it."""
    return label if BNODE_LABEL.fullmatch(label) else "b" + hashlib.blake2b(label.encode(), digest_size=8).hexdigest()


def _term(value: dict | None):
    """A SPARQL JSON term as the writers' tuple (``results``)."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return ("uri", value["value"])
    if kind == "bnode":
        return ("bnode", _label(value["value"]))
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang") or value.get("lang")
        datatype = None if language else value.get("datatype")
        text = str(value["value"])
        if datatype == XSD_BOOLEAN:  # Virtuoso writes every boolean as 0 or 1: the same values, canonical here
            text = {"0": "false", "1": "true"}.get(text, text)
        return ("literal", text, None if datatype in (XSD_STRING, LANG_STRING) else datatype, language)
    raise Unwritable(f"the answer holds a term of type {kind!r}; this endpoint writes RDF 1.1 terms only")


class RemoteRunner:
    """Sends each query to an external SPARQL 1.1 engine and writes its answer as the embedded engine would."""

    def __init__(self, url: str, base_iri: str) -> None:
        self.url, self.base_iri = url, base_iri
        self.base = f"BASE <{base_iri}> "  # a query's own BASE, coming later, still wins
        self.planner = ox.Store()  # empty: it parses and plans, there is nothing to evaluate

    def run(self, job: dict) -> tuple[str, Format, bytes, str]:
        """Evaluate a job on the engine: (form, format, body, why it was cut or '')."""
        form, columns = self._planned(job["text"])
        chosen(form, job)  # 406 without asking the engine
        body, engine_cut = self._ask(job, N_TRIPLES if form == "CONSTRUCT" else RESULTS_JSON)
        try:
            answer = self._read(form, columns, body, job)
        except (ValueError, SyntaxError) as error:  # json's and Oxigraph's parse errors
            tail = body[-300:].decode("utf-8", "replace")
            if TIMED_OUT.search(tail):  # the Oxigraph server ends a streamed answer with its reason
                raise QueryTimedOut(f"the SPARQL engine stopped the query at its own limit ({tail.strip()})") from None
            raise UpstreamError(f"the SPARQL engine's answer cannot be read ({error}): ...{tail}") from None
        return answer if answer[3] or not engine_cut else (*answer[:3], engine_cut)

    @staticmethod
    def _read(form: str, columns: list[str], body: bytes, job: dict) -> tuple[str, Format, bytes, str]:
        """The engine's answer written in the job's format."""
        if form == "CONSTRUCT":
            return written_triples((q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)), job)
        data = json.loads(body)
        rows = data.get("results", {}).get("bindings", [])
        if form == "ASK":
            value = data["boolean"] if "boolean" in data else any(
                str(term.get("value")).lower() not in ("0", "false") for row in rows for term in row.values())
            return written_boolean(bool(value), job)
        return written_rows(columns, (tuple(_term(row.get(name)) for name in columns) for row in rows), job)

    def _planned(self, text: str) -> tuple[str, list[str]]:
        """The query's form and SELECT columns, from Oxigraph's plan; QueryError when it is not valid."""
        try:
            plan = self.planner.query(text, base_iri=self.base_iri)
        except SyntaxError as error:
            raise syntax_error(error) from None
        if isinstance(plan, ox.QueryBoolean):
            return "ASK", []
        if isinstance(plan, ox.QuerySolutions):
            return "SELECT", [v.value for v in plan.variables]
        return "CONSTRUCT", []  # DESCRIBE too

    def _ask(self, job: dict, media_type: str) -> tuple[bytes, str]:
        """The engine's answer in ``media_type``, and why the engine cut it ('' if it did not)."""
        params = [("query", self.base + job["text"])]
        if job["dataset"] is not None:
            default, named = job["dataset"]
            named = named or ((NO_GRAPH,) if default else ())
            params += [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        request = urllib.request.Request(self.url, data=urlencode(params).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": media_type})
        try:
            with urllib.request.urlopen(request) as response:  # the parent's time limit stops this worker
                headers, body = response.headers, response.read()
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", "replace").split(VIRTUOSO_ECHO)[0].strip()
            if TIMED_OUT.search(message):
                raise QueryTimedOut(f"the query ran longer than the SPARQL engine's own limit ({message})") from None
            if error.code == 400:
                raise self._refused(message) from None
            raise UpstreamError(f"the SPARQL engine answered {error.code}: {message[:300]}") from None
        except (urllib.error.URLError, OSError) as error:  # refused, reset, no route: the engine is down
            raise UpstreamError(f"the SPARQL engine at {self.url} cannot be reached "
                                    f"({getattr(error, 'reason', error)})") from None
        if headers.get("X-SQL-State"):
            raise QueryTimedOut(f"the SPARQL engine stopped the query early ({headers.get('X-SQL-Message', '')})")
        cut = headers.get("X-SPARQL-MaxRows")
        return body, f"max-rows={cut}" if cut else ""

    def _refused(self, message: str) -> QueryError:
        """The engine's 400 as ours; an Oxigraph-style position is moved back over the BASE we put first."""
        match = OXIGRAPH_POSITION.match(message)
        if match is None:
            return QueryError(400, message)
        line, column = int(match[1]), int(match[2])
        column -= len(self.base) if line == 1 else 0
        return QueryError(400, f"error at {line}:{column}: {message[match.end():]}", (line, column))
