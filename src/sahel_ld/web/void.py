"""The dataset description at ``/void`` and ``/.well-known/void`` (VoID and DCAT), in RDF by negotiation."""

from __future__ import annotations

from flask import Blueprint, Flask
from rdflib import Graph

from ..void import describe_dataset
from . import dataset, documents, once
from .dumps import written

bp = Blueprint("void", __name__)


def _description() -> Graph:
    """Built on first use, once the dumps (sizes, checksums) exist."""
    return once("sahel_ld_void", lambda: describe_dataset(dataset(), written()))


@bp.get("/void", defaults={"suffix": None})
@bp.get("/void.<suffix>")
def description(suffix: str | None):
    return documents.document("/void", suffix, documents.RDF_ONLY, _description)


@bp.get("/.well-known/void")
def well_known():
    """The well-known address (RFC 8615) answers the same description, without a redirect."""
    return description(None)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
