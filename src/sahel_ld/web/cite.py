"""“Cite this”: the citations of the dataset, a resource or a claim, on their pages and at ``/cite``."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, request
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ..cite import ENGLISH, FORMATS, Citable
from ..describe import is_known
from ..namespaces import SAHEL
from ..release import Release, read_release
from . import dataset, once
from .i18n import format_date, reader_language, translate
from .resource_view import display_label

bp = Blueprint("cite", __name__)


def release() -> Release:
    """The release of the served data, read once per dataset version."""
    loaded = dataset()
    return once(f"sahel_ld_release:{loaded.version}", lambda: read_release(loaded.root, loaded.base_iri))


def citable(iri: str | None) -> Citable:
    """The dataset (no IRI), a claim (titled by its sentence, with its quote) or any other resource."""
    loaded, lang = dataset(), reader_language()
    data = loaded.dataset
    words = {key: translate(f"cite_word_{key}", lang) for key in ENGLISH}
    if not iri:
        sources = sorted(display_label(loaded, s, lang) for s in data.subjects(RDF.type, SAHEL.SourceDocument))
        return Citable(release().title, loaded.base_iri, "dataset", release(), "; ".join(sources), words=words)
    node = URIRef(iri)
    source = data.value(node, PROV.wasDerivedFrom)
    source_label = display_label(loaded, source, lang) if source is not None else ""
    if (node, RDF.type, SAHEL.Claim) in data:
        parts = [data.value(node, p) for p in (SAHEL.subject, SAHEL.property)]
        other = data.value(node, SAHEL.object)
        parts.append(other if other is not None else data.value(node, SAHEL.value))
        title = " · ".join(display_label(loaded, p, lang) for p in parts if p is not None)
        quote = " … ".join(sorted(str(q) for q in data.objects(node, SAHEL.quote)))  # several passages: both
        return Citable(title, iri, "claim", release(), source_label, quote, words)
    return Citable(display_label(loaded, node, lang), iri, "resource", release(), source_label, words=words)


def release_words() -> dict:
    """The release as the home page names it: version and date in the reader's words."""
    current = release()
    released = current.released
    words = format_date(Literal(released.isoformat(), datatype=XSD.date), reader_language()) if released else ""
    return {"version": current.version, "released": words, "is_release": current.is_release}


def citations(iri: str | None = None) -> dict:
    """Every format of one citation, for a page's “Cite this” box."""
    cited = citable(iri)
    return {"iri": iri or "", "formats": {name: (label, writer(cited))
                                          for name, (writer, _, _, label) in FORMATS.items()}}


@bp.get("/cite")
def citation():
    """``?iri=`` (empty: the dataset) in ``?format=`` text, bibtex, csl or ris."""
    iri = request.args.get("iri", "")
    chosen = request.args.get("format", "text")
    if chosen not in FORMATS:
        abort(400, description=f"format: expected one of {', '.join(FORMATS)}, got {chosen!r}")
    if iri and not (iri.startswith(dataset().base_iri) and is_known(dataset(), URIRef(iri))):
        abort(404, description=f"no resource {iri} in this dataset")
    cited = citable(iri)
    writer, media_type, suffix, _ = FORMATS[chosen]
    response = Response(writer(cited), content_type=f"{media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{cited.key}.{suffix}"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(citations)
    app.add_template_global(release_words, "dataset_release")
