"""Ask a SPARQL endpoint SELECT queries with SPARQLWrapper: timeout, polite User-Agent, retries with back-off."""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from rdflib import BNode, Literal, URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, QueryBadFormed, SPARQLWrapperException

RETRIED_STATUS = {429, 500, 502, 503, 504}
JSON_TYPES = ("application/sparql-results+json", "application/json")


def user_agent() -> str:
    """A User-Agent that names the tool and where to find it, as the Wikimedia policy asks."""
    try:
        release = version("sahel-ld")
    except PackageNotFoundError:
        release = "dev"
    return f"sahel-ld/{release} (https://w3id.org/sahel-ld/; Wikidata link checker) SPARQLWrapper/2"


class EndpointError(Exception):
    """The endpoint cannot be reached, does not answer in time, or answers something that is not SPARQL results."""


class QueryRejected(EndpointError):
    """The endpoint answered 400: it does not accept this query (for example a property path it lacks)."""


@dataclass
class Endpoint:
    """A SPARQL endpoint asked over HTTP POST, with a timeout and retries on 429 and 5xx."""

    url: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    requests: int = 0

    def select(self, query: str) -> list[dict]:
        """The rows of a SELECT query, each a dict from variable name to rdflib term."""
        for attempt in range(self.retries + 1):
            try:
                return _rows(self._ask(query), self.url)
            except _Retry as retry:
                if attempt == self.retries:
                    raise EndpointError(f"{self.url}: {retry.reason}, still after {self.retries} retries") from None
                self.sleep(self._wait(attempt, retry.after))
        raise AssertionError("unreachable")

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before the next try: the server's Retry-After if given, else exponential back-off."""
        wanted = retry_after if retry_after is not None else self.backoff * 2 ** attempt
        return min(max(wanted, 0.0), self.max_wait)

    def _ask(self, query: str) -> bytes:
        """One HTTP exchange; returns the body of a JSON answer or raises _Retry / EndpointError."""
        sparql = SPARQLWrapper(self.url, agent=user_agent())
        sparql.setMethod(POST)
        sparql.setReturnFormat(JSON)
        sparql.setQuery(query)
        sparql.timeout = self.timeout  # SPARQLWrapper.setTimeout would round it down to whole seconds
        self.requests += 1
        try:
            result = sparql.query()
            with result.response as response:
                content_type = response.headers.get("Content-Type", "")
                body = response.read()
        except urllib.error.HTTPError as error:
            with error:
                if error.code in RETRIED_STATUS:
                    raise _Retry(f"HTTP {error.code}", _retry_after(error.headers.get("Retry-After"))) from None
                raise EndpointError(f"{self.url}: HTTP {error.code} {error.reason}") from None
        except EndPointInternalError:
            raise _Retry("HTTP 500", None) from None
        except QueryBadFormed as error:
            raise QueryRejected(f"{self.url}: query refused (HTTP 400); {_first_line(error)}") from None
        except SPARQLWrapperException as error:
            raise EndpointError(f"{self.url}: {error.msg}; {_first_line(error)}") from None
        except (TimeoutError, socket.timeout):
            raise EndpointError(f"{self.url}: no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = "no answer within the timeout" if isinstance(error.reason, TimeoutError) else error.reason
            raise EndpointError(f"{self.url}: cannot connect ({reason})") from None
        except (http.client.HTTPException, ConnectionError, OSError) as error:
            raise EndpointError(f"{self.url}: connection failed ({error.__class__.__name__}: {error})") from None
        if not content_type.split(";")[0].strip().lower() in JSON_TYPES:
            raise EndpointError(f"{self.url}: answered {content_type or 'no content type'}, "
                                f"not SPARQL JSON results: {_preview(body)}")
        return body


class _Retry(Exception):
    def __init__(self, reason: str, after: float | None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


def _retry_after(value: str | None) -> float | None:
    """The Retry-After header in seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def _first_line(error: SPARQLWrapperException) -> str:
    text = str(error).split("Response:", 1)[-1].strip()
    return text.splitlines()[0][:200] if text else ""


def _preview(body: bytes) -> str:
    return repr(body[:80].decode("utf-8", "replace"))


def _rows(body: bytes, url: str) -> list[dict]:
    """Parse SPARQL 1.1 JSON results into rows of rdflib terms; anything else is garbage."""
    try:
        document = json.loads(body)
        bindings = document["results"]["bindings"]
        return [{name: _term(value) for name, value in row.items()} for row in bindings]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise EndpointError(f"{url}: not SPARQL JSON results ({error.__class__.__name__}): {_preview(body)}") from None


def _term(value: dict):
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))
    raise ValueError(f"unknown term type {kind!r}")
