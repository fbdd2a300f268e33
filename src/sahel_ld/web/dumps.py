"""Dumps over HTTP: the build's files, listed at ``/dumps/`` and served as they are.

Files are sent with ``Content-Length``, range requests (Werkzeug's conditional sending) and their SHA-256
as ``ETag``, the same in every process and after every restart.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template, send_from_directory

from .. import formats
from ..build import DUMPS, dump_files
from ..dumps import CHECKSUMS, DumpFile

bp = Blueprint("dumps", __name__)
EXTENSION = "sahel_ld_dumps"


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


@bp.get("/dumps/<name>")
def download(name: str):
    found = next((f for f in written() if f.name == name), None)
    if found is None:
        abort(404, description=f"no dump file {name}; see /dumps/")
    folder = current_app.extensions[EXTENSION]["folder"]
    return send_from_directory(folder, name, mimetype=media_type(name), conditional=True, etag=found.sha256,
                               max_age=current_app.config["SAHEL_LD"]["cache_max_age"])


def init_app(app: Flask) -> None:
    """Serve the dumps of the build the dataset was opened from."""
    folder = app.extensions["sahel_ld"].build
    app.extensions[EXTENSION] = {"folder": folder / DUMPS, "files": dump_files(folder)}
    app.register_blueprint(bp)
