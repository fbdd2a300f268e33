"""Static files under versioned addresses, kept by browsers without asking again.

``url_for('static', filename=...)`` adds ``?v=`` and the first bytes of the file's SHA-256. A request that
carries the file's current digest is answered with a year-long ``immutable`` ``Cache-Control``: a new release
changes the address of every file it changes, so a browser never keeps a stale script. Requests without it
(or with an old one) keep Flask's answer, checked again on each use.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

A_YEAR = 365 * 24 * 3600


class Digests:
    """The digest of each static file, read on first use (the files do not change while the app serves)."""

    def __init__(self, folder: str) -> None:
        self.folder, self.known = folder, {}

    def __call__(self, filename: str) -> str | None:
        if filename not in self.known:
            path = safe_join(self.folder, filename)
            self.known[filename] = (hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
                                    if path and Path(path).is_file() else None)
        return self.known[filename]


def init_app(app: Flask) -> None:
    """Version the static addresses and let browsers keep the files those addresses name."""
    digest = Digests(app.static_folder)

    @app.url_defaults
    def versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = digest(values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def kept(response: Response) -> Response:
        if (request.endpoint == "static" and response.status_code == 200
                and request.args.get("v") == digest(request.view_args.get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response
