"""The URL documents give for this site: ``base_iri``, never the request's ``Host`` header unless it is trusted.

A cacheable document (the service description, the OpenAPI ``servers``, ``/queries.json``) that named the Host
it was asked for could be poisoned through a shared cache; the ``trusted_hosts`` setting lists the hosts
(``host`` for any port, or ``host:port``) whose own URL may be used instead.
"""

from __future__ import annotations

from flask import request

from . import settings


def trusted(host: str, listed: str) -> bool:
    """Whether a ``Host`` header value is one of the comma-separated ``listed`` hosts."""
    entries = {entry.strip().lower() for entry in listed.split(",") if entry.strip()}
    host = host.lower()
    name, colon, port = host.rpartition(":")
    without_port = name if colon and port.isdigit() else host  # "[::1]:8080" -> "[::1]"
    return host in entries or without_port in entries


def root() -> str:
    """The URL of the site's root (ends with ``/``), as documents write it."""
    if trusted(request.host, settings()["trusted_hosts"]):
        return request.host_url
    return settings()["base_iri"]


def url(path: str) -> str:
    """The absolute URL of a local path (``/sparql``) as documents write it."""
    return root() + path.lstrip("/")
