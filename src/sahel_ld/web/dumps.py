"""Dumps over HTTP: written once at start-up, listed at ``/dumps/``, served as files.

Files are sent with ``ETag``, ``Content-Length`` and range requests (Werkzeug's conditional sending).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, render_template, send_from_directory

from .. import formats
from ..dumps import CHECKSUMS, DumpFile, write_dumps

bp = Blueprint("dumps", __name__)
EXTENSION = "sahel_ld_dumps"


def written() -> list[DumpFile]:
    """The files written at start-up."""
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
    if name not in {f.name for f in written()}:
        abort(404, description=f"no dump file {name}; see /dumps/")
    folder = current_app.extensions[EXTENSION]["folder"]
    return send_from_directory(folder, name, mimetype=media_type(name), conditional=True, etag=True,
                               max_age=current_app.config["SAHEL_LD"]["cache_max_age"])


def init_app(app: Flask) -> None:
    """Write the dumps into ``dumps_dir`` (or a temporary folder removed at exit), then serve them."""
    configured = app.config["SAHEL_LD"]["dumps_dir"]
    if configured:
        folder = Path(configured)
    else:
        folder = Path(tempfile.mkdtemp(prefix="sahel-ld-dumps-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files = write_dumps(app.extensions["sahel_ld"], folder)
    app.extensions[EXTENSION] = {"folder": folder, "files": files}
    app.register_blueprint(bp)
