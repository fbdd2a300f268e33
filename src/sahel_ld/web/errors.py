"""Map errors to HTTP in one place: plain text or JSON that says what to fix, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


def error_response(status: int, title: str, detail: str) -> Response:
    """A JSON body for clients that prefer JSON, a page for browsers that miss a page, plain text otherwise."""
    accept = request.accept_mimetypes
    if status == 404 and accept["text/html"] > max(accept["text/plain"], accept["application/json"]):
        response = Response(render_template("404.html", detail=detail), content_type="text/html; charset=utf-8")
    elif accept["application/json"] > accept["text/plain"]:
        response = jsonify({"status": status, "error": title, "detail": detail})
    else:
        response = Response(f"{status} {title}: {detail}\n", content_type="text/plain; charset=utf-8")
    response.status_code = status
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = error_response(error.code or 500, error.name, error.description or "")
        details = getattr(error, "details", None)  # extra JSON fields, e.g. where a query error is
        if details and response.is_json:
            response.set_data(app.json.dumps(response.get_json() | details))
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        app.logger.exception("unhandled error on %s %s", request.method, request.full_path)
        return error_response(500, InternalServerError().name, "the server failed to answer; the error is logged")
