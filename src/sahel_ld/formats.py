"""The one table of formats: media type, file suffix, rdflib plugin name; content negotiation.

Every part of the service that writes RDF or SPARQL results picks its format here:

- ``negotiate(accept, offered)`` chooses from ``offered`` with Werkzeug's ``Accept`` parsing (q-values,
  specificity); on a tie the earlier offered format wins, so the order of ``offered`` decides what
  ``*/*`` gets. It returns ``None`` when nothing offered is acceptable (answer 406).
- ``by_name`` finds a format by its short name, suffix or media type (the ``format=`` parameter).
- ``by_suffix`` finds a format by file suffix (``/doc/org/jnim.ttl``).
- ``RESULTS`` (SELECT/ASK), ``RDF`` (graphs; datasets last) and ``FORMATS`` (everything) are ordered
  tuples ready to be offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Werkzeug is loaded where formats are negotiated, never in a query worker (15 MiB there)
    from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    """One serialisation format."""

    name: str  # short name, also accepted by ``format=``
    media_type: str
    suffix: str  # file suffix without the dot
    kind: str  # "results" (SELECT/ASK), "graph", "dataset" (a graph is a dataset too) or "page"
    rdflib: str | None = None  # rdflib plugin name, for graphs and datasets
    aliases: tuple[str, ...] = ()  # other media types clients send for the same thing
    label: str = ""

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (``charset=utf-8`` on text types)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", "results",
           aliases=("application/json",), label="SPARQL JSON"),
    Format("xml", "application/sparql-results+xml", "srx", "results",
           aliases=("application/xml", "text/xml"), label="SPARQL XML"),
    Format("csv", "text/csv", "csv", "results", label="CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", label="TSV"),
    Format("turtle", "text/turtle", "ttl", "graph", "turtle",
           aliases=("application/x-turtle", "application/turtle"), label="Turtle"),
    Format("ntriples", "application/n-triples", "nt", "graph", "nt", label="N-Triples"),
    Format("jsonld", "application/ld+json", "jsonld", "graph", "json-ld",
           aliases=("application/x-json+ld", "application/json"), label="JSON-LD"),  # JSON-LD is JSON
    Format("rdfxml", "application/rdf+xml", "rdf", "graph", "xml", label="RDF/XML"),
    Format("trig", "application/trig", "trig", "dataset", "trig", label="TriG"),
    Format("nquads", "application/n-quads", "nq", "dataset", "nquads", label="N-Quads"),
    Format("html", "text/html", "html", "page", label="HTML"),
)

RESULTS: tuple[Format, ...] = tuple(f for f in FORMATS if f.kind == "results")
RDF: tuple[Format, ...] = tuple(f for f in FORMATS if f.kind in ("graph", "dataset"))
_NAMES: dict[str, Format] = {}
for _format in FORMATS:
    for _key in (_format.name, _format.suffix, _format.media_type, *_format.aliases):
        _NAMES.setdefault(_key, _format)


def by_name(name: str) -> Format | None:
    """The format with this short name, suffix or media type (case-insensitive), else ``None``."""
    return _NAMES.get(name.strip().lower())


def by_suffix(suffix: str) -> Format | None:
    """The format with this file suffix (with or without the dot), else ``None``."""
    wanted = suffix.lower().lstrip(".")
    return next((f for f in FORMATS if f.suffix == wanted), None)


def negotiate(accept: str | MIMEAccept | None, offered: Sequence[Format]) -> Format | None:
    """The offered format the ``Accept`` header likes best; a missing header accepts the first."""
    if not offered:
        return None
    if accept is None or accept == "":
        return offered[0]
    if isinstance(accept, str):
        from werkzeug.datastructures import MIMEAccept
        from werkzeug.http import parse_accept_header

        accept = parse_accept_header(accept, MIMEAccept)
    # Primary media types first, so that a wildcard picks a primary type of the first format.
    candidates = [(f.media_type, f) for f in offered] + [(a, f) for f in offered for a in f.aliases]
    best = accept.best_match([media for media, _ in candidates])
    return next((f for media, f in candidates if media == best), None)


def describe(offered: Sequence[Format]) -> str:
    """A comma-separated list of the offered media types, for 406 messages."""
    return ", ".join(f.media_type for f in offered)
