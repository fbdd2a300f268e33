"""Answer a document as an HTML page or RDF, chosen by file suffix or ``Accept``.

Every answer names its twins in ``Link: rel=alternate`` headers and carries an ``ETag``; negotiated
answers say ``Vary: Accept``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Response, abort, request
from rdflib import Graph

from .. import formats
from ..formats import Format
from ..namespaces import PREFIXES
from . import settings
from .page_cache import cached

PAGE_AND_RDF: tuple[Format, ...] = tuple(formats.by_name(n) for n in ("html", "turtle", "jsonld", "ntriples", "rdfxml"))
RDF_ONLY: tuple[Format, ...] = PAGE_AND_RDF[1:]


def choose(suffix: str | None, offered: Sequence[Format]) -> Format:
    """The format a suffix names (404 when not offered) or the one ``Accept`` prefers (406 when none)."""
    if suffix is not None:
        chosen = formats.by_suffix(suffix)
        if chosen not in offered:
            abort(404, description=f"no .{suffix} twin here; try one of: {', '.join(f.suffix for f in offered)}")
        return chosen
    chosen = formats.negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        abort(406, description=f"this document is available as: {formats.describe(offered)}")
    return chosen


def serialise(graph: Graph, chosen: Format) -> bytes:
    """A graph in an RDF format; JSON-LD is compacted with the project's prefixes."""
    if chosen.rdflib == "json-ld":
        return graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=chosen.rdflib, encoding="utf-8")


def document(path: str, suffix: str | None, offered: Sequence[Format], graph: Callable[[], Graph],
             page: Callable[[], str] | None = None) -> Response:
    """The document at ``path`` (no suffix) in the chosen format: ``page()`` for HTML, else ``graph()``.

    Either is called only the first time this address, format and language is asked for (``page_cache``).
    """
    chosen = choose(suffix, offered)
    body = cached(chosen.name, lambda: page() if chosen.kind == "page" else serialise(graph(), chosen))
    response = Response(body, content_type=chosen.content_type)
    vary = ["Accept"] if suffix is None else []
    if chosen.kind == "page":
        vary.append("Accept-Language")
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    if suffix is None:
        response.headers["Content-Location"] = f"{path}.{chosen.suffix}"
    response.headers["Link"] = ", ".join(
        f'<{path}.{f.suffix}>; rel="alternate"; type="{f.media_type}"' for f in offered)
    response.cache_control.public = True
    response.cache_control.max_age = settings()["cache_max_age"]
    response.add_etag()
    return response.make_conditional(request)
