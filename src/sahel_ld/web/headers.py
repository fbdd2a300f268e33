"""Headers every response carries, whoever built it (a view, the SPARQL fast path, a static file, an error).

WSGI middleware, outermost, so nothing gets past it. It only fills headers a response does not already have
(a view that must be framable sets its own ``Content-Security-Policy``), and it completes ``Vary``: pages are
written in the reader's language, so an HTML answer varies by ``Accept-Language``.
"""

from __future__ import annotations

from flask import Flask

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'")
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
)


def completed(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The response headers with the security headers and ``Vary`` filled in where missing."""
    present = {name.lower(): value for name, value in headers}
    added = [(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present]
    policy = present.get("content-security-policy", CONTENT_SECURITY_POLICY)
    if "frame-ancestors 'none'" in policy and "x-frame-options" not in present:
        added.append(("X-Frame-Options", "DENY"))
    if present.get("content-type", "").startswith("text/html"):
        vary = [v.strip() for v in present.get("vary", "").split(",") if v.strip()]
        if "*" not in vary and "accept-language" not in (v.lower() for v in vary):
            headers = [(n, v) for n, v in headers if n.lower() != "vary"]
            added.append(("Vary", ", ".join([*vary, "Accept-Language"])))
    return headers + added


class ResponseHeaders:
    """WSGI middleware: every response completed by ``completed``."""

    def __init__(self, wsgi_app) -> None:
        self.next = wsgi_app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, completed(list(headers)), exc_info)

        return self.next(environ, start)


def init_app(app: Flask) -> None:
    """Put the header middleware around everything else (register it last)."""
    app.wsgi_app = ResponseHeaders(app.wsgi_app)
