"""Dumps over HTTP: the build's files, listed at ``/dumps/`` and served as they are.

Files are sent with ``Content-Length``, range requests (Werkzeug's conditional sending) and their SHA-256
as ``ETag``, the same in every process and after every restart. The version-free names (``sahel-ld.ttl``)
answer the current version's bytes with a ``Content-Location`` naming the versioned file and a short
``Cache-Control``, since what they hold changes with each release.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, render_template, send_from_directory, url_for

from .. import formats
from ..build import DUMPS, dump_files
from ..dumps import CHECKSUMS, DumpFile, unversioned

bp = Blueprint("dumps", __name__)
EXTENSION = "sahel_ld_dumps"
UNVERSIONED_MAX_AGE = 60  # seconds a version-free name may be cached: it moves to the next release


def written() -> list[DumpFile]:
    """The dump files of the build being served."""
    return current_app.extensions[EXTENSION]["files"]


def media_type(name: str) -> str:
    """What a dump file is: gzip, plain text checksums, or an RDF format by its suffix."""
    if name.endswith(".gz"):
        return "application/gzip"
    if name == CHECKSUMS:
        return "text/plain"
    return formats.by_suffix(name.rsplit(".", 1)[-1]).media_type


@bp.get("/dumps/")
def listing():
    return render_template("dumps.html", files=written(), media_type=media_type)


def _send(dump: DumpFile, max_age: int) -> Response:
    folder = current_app.extensions[EXTENSION]["folder"]
    return send_from_directory(folder, dump.name, mimetype=media_type(dump.name), conditional=True,
                               etag=dump.sha256, max_age=max_age)


@bp.get("/dumps/<name>")
def download(name: str):
    max_age = current_app.config["SAHEL_LD"]["cache_max_age"]
    found = next((f for f in written() if f.name == name), None)
    if found is not None:
        return _send(found, max_age)
    found = next((f for f in written() if unversioned(f.name) == name), None)
    if found is None:
        abort(404, description=f"no dump file {name}; see /dumps/")
    response = _send(found, min(max_age, UNVERSIONED_MAX_AGE))
    response.headers["Content-Location"] = url_for("dumps.download", name=found.name)
    return response


def init_app(app: Flask) -> None:
    """Serve the dumps of the build the dataset was opened from."""
    folder = app.extensions["sahel_ld"].build
    app.extensions[EXTENSION] = {"folder": folder / DUMPS, "files": dump_files(folder)}
    app.register_blueprint(bp)
