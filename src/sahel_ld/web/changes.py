"""``/changes``: what changed in each release, from the records ``sahel-ld release --record`` keeps."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Flask, render_template
from rdflib import Literal
from rdflib.namespace import XSD

from ..release import release_records
from . import dataset, once
from .i18n import format_date, reader_language

bp = Blueprint("changes", __name__)


@bp.get("/changes")
def page():
    loaded, lang = dataset(), reader_language()
    records = once(f"sahel_ld_changes:{loaded.version}", lambda: release_records(loaded.root))
    released = {r["version"]: format_date(Literal(date.fromisoformat(r["released"]).isoformat(), datatype=XSD.date),
                                          lang) for r in records}
    return render_template("changes.html", records=records, released=released)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
